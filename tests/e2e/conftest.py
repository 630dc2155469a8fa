"""Browser tests: the real server, the real browser.

Once per test run: a fresh database (SQLite in a temporary folder, or a fresh PostgreSQL database
`<name>_e2e` when DATABASE_URL points at PostgreSQL), `migrate`, `load_demo`, `collectstatic`,
then gunicorn with the production settings over plain HTTP (alliance.settings.e2e). Playwright
drives Debian's chromium (/usr/bin/chromium, installed by `make test`), headless. Each step's
screenshot is saved under test-artifacts/e2e/<database>/<test>/.

These tests touch the database only through the browser, never through the ORM; they need no
pytest-django database and leave the one of the other tests alone.
"""

import itertools
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from scripts import live_server
from scripts.live_server import DEMO_PASSWORD, ROOT

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts" / "e2e"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" not in str(item.fspath):
            continue
        item.add_marker(pytest.mark.browser)
        if not CHROMIUM.exists():
            item.add_marker(
                pytest.mark.skip(reason=f"no chromium at {CHROMIUM}: `make test` installs Debian's package")
            )


@pytest.fixture(scope="session")
def live_site():
    """The base URL of a gunicorn serving the demo site with the production settings."""
    workdir = Path(tempfile.mkdtemp(prefix="alliance-e2e-"))
    env = live_server.server_env(workdir, live_server.fresh_database_url(workdir, os.environ.get("DATABASE_URL", "")))
    live_server.prepare_site(env)
    with live_server.gunicorn(env, workdir) as base_url:
        yield base_url
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


class Session:
    """One person's browser: a context of its own, its page, numbered screenshots, and every
    Content-Security-Policy violation or uncaught script error seen along the way."""

    def __init__(self, browser, base_url, who: str, folder: Path, step_numbers):
        self.base_url = base_url
        self.who = who
        self.folder = folder
        self.step_numbers = step_numbers
        self.context = browser.new_context(
            locale="zh-CN", accept_downloads=True, viewport={"width": 1280, "height": 900}
        )
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(f"CSP: {message.text}")

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status < 400, f"{path}: {response and response.status}"
        return response

    def shot(self, step: str):
        self.folder.mkdir(parents=True, exist_ok=True)
        number = next(self.step_numbers)
        self.page.screenshot(path=str(self.folder / f"{number:02d}-{self.who}-{step}.png"), full_page=True)

    def login(self, username: str, password: str = DEMO_PASSWORD, *, admin: bool = False):
        self.goto("/admin/login/" if admin else "/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        form = self.page.locator("form").filter(has=self.page.locator("input[name=password]"))
        with self.page.expect_navigation():
            form.locator("button[type=submit], input[type=submit]").first.click()
        assert "/login/" not in self.page.url, f"{username} could not log in"

    def register(self, username: str, name: str, email: str, password: str):
        """Fills the open registration form and submits it (the site then shows the application form)."""
        page = self.page
        page.fill("#id_username", username)
        page.fill("#id_first_name", name)
        page.fill("#id_email", email)
        page.fill("#id_password1", password)
        page.fill("#id_password2", password)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()

    def close(self):
        self.context.close()


@pytest.fixture
def open_session(browser, live_site, request):
    """open_session("applicant") → a fresh browser session; all are checked for CSP violations."""
    sessions = []
    database = "postgresql" if "postgres" in os.environ.get("DATABASE_URL", "") else "sqlite"
    test_folder = ARTIFACTS / database / request.node.name

    shutil.rmtree(test_folder, ignore_errors=True)
    step_numbers = itertools.count(1)

    def _open(who: str) -> Session:
        session = Session(browser, live_site, who, test_folder, step_numbers)
        sessions.append(session)
        return session

    yield _open
    problems = [problem for session in sessions for problem in session.problems]
    for session in sessions:
        session.shot("last")  # where each person ended up, also when the test failed
        session.close()
    assert not problems, "\n".join(problems)
