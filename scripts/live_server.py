"""A real server for the browser tests (tests/e2e) and the throughput benchmark (bench/): a fresh
database, `migrate`, `load_demo`, `collectstatic`, then gunicorn with the production settings over
plain HTTP (alliance.settings.e2e), as deployed but without TLS."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "E2e-Demo-Pass-2026"  # noqa: S105 - throw-away databases only


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fresh_database_url(workdir: Path, like: str = "", suffix: str = "e2e") -> str:
    """A new empty database of the same kind as `like` (SQLite in `workdir` unless it is PostgreSQL)."""
    if not like.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{workdir / f'{suffix}.sqlite3'}"
    import psycopg

    parts = urlsplit(like)
    name = f"{parts.path.lstrip('/') or 'alliance'}_{suffix}"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def server_env(workdir: Path, database_url: str, **extra: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "alliance.settings.e2e",
            "SECRET_KEY": "e2e-not-secret-4f1c8b7a2d9e6f3a0b5c8d1e4f7a2b9c6d3e0f",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
            "EMAIL_FILE_PATH": str(workdir / "mail"),
            "PAGE_CACHE_STAMP_FILE": str(workdir / "page-cache.stamp"),
        }
    )
    env.update(extra)
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603


def prepare_site(env: dict) -> None:
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo", "--password", DEMO_PASSWORD)
    manage(env, "collectstatic", "--noinput")


@contextmanager
def gunicorn(env: dict, workdir: Path, *, workers: int = 2, log_name: str = "gunicorn.log"):
    """Yield the base URL of a gunicorn serving the prepared site; stop it afterwards."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**env, "SITE_BASE_URL": base_url, "WAGTAILADMIN_BASE_URL": base_url, "GUNICORN_ACCESS_LOG": ""}
    log_path = workdir / log_name
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and config
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(base_url, process, log_path)
            yield base_url
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_until_up(base_url: str, process, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited:\n" + log_path.read_text())
        try:
            with urllib.request.urlopen(base_url + "/healthz/", timeout=2):  # noqa: S310 - our own server
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time:\n" + log_path.read_text())
