"""Every workflow's buttons, actors, refusals and confirmations follow the reader's language.

They were built with `gettext` at import time and so stayed in the language of the process (Chinese)
for a user who chose English in the admin. The registry is walked, so a workflow added later is
checked too; `test_no_string_is_translated_at_import` catches the same mistake anywhere else.
"""

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation
from wagtail.users.models import UserProfile

from core import roles
from membership.models import ApplicationState
from tests.factories import UserFactory
from tests.factories.membership import ApplicationFactory
from workflows.actions import fsm_field, registry, run
from workflows.models import TransitionLog

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
TEXTS = ("label", "actor", "refusal", "confirm")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def every_transition_text():
    """(key, which, lazy text) of every text on every transition of every registered workflow model."""
    for model in registry.models():
        for transition in fsm_field(model).get_all_transitions(model):
            for which in TEXTS:
                if transition.custom.get(which):
                    yield f"{model._meta.label}.{transition.name}", which, transition.custom[which]


def test_the_registry_holds_every_workflow():
    labels = {model._meta.label for model in registry.models()}
    assert {"membership.MembershipApplication", "expertpool.ExpertCandidate", "events.Registration"} <= labels
    assert len(list(every_transition_text())) > 100


def test_every_transition_text_is_english_in_english():
    with translation.override("en"):
        chinese = {f"{key} {which}": str(text) for key, which, text in every_transition_text() if CJK.search(str(text))}
    assert chinese == {}, "transition texts still Chinese in English (gettext at import, or no English entry)"


def test_every_transition_text_is_chinese_in_chinese():
    with translation.override("zh-hans"):
        english = {
            f"{key} {which}": str(text) for key, which, text in every_transition_text() if not CJK.search(str(text))
        }
    assert english == {}


def test_the_english_admin_shows_english_buttons_and_history(client):
    application = ApplicationFactory(state=ApplicationState.SUBMITTED)
    staff = UserFactory(roles=[roles.SECRETARIAT])
    UserProfile.objects.update_or_create(user=staff, defaults={"preferred_language": "en"})
    client.force_login(staff)
    page = client.get(f"/admin/membership/applications/inspect/{application.pk}/").content.decode()
    model = type(application)
    with translation.override("en"):
        button = str(registry.get(model, "accept_for_discussion").label())
        submitted = str(registry.get(model, "submit").label())
    assert button in page and "提交理事会讨论" not in page
    assert submitted in page and "提交申请" not in page  # the history row, written in Chinese, read in English


def test_history_is_written_in_the_source_language_whoever_fires():
    application = ApplicationFactory(state=ApplicationState.DRAFT)
    with translation.override("en"):
        run(application, "submit", by=application.applicant)
    entry = TransitionLog.objects.filter(object_id=application.pk, transition="submit").get()
    assert entry.transition_label == "提交申请" and entry.actor_role == "申请单位"
    with translation.override("en"):
        assert not CJK.search(entry.label_display) and not CJK.search(entry.actor_role_display)


def project_modules():
    for folder in ("workflows", "membership", "expertpool", "governance", "membercentre", "search", "site"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" not in path.parts and ".venv" not in path.parts:
                yield path


def translated_at_import(source: str) -> list[str]:
    """Calls of the eager `gettext` (under any name it is imported as) that run when the module is
    imported: at module or class level, in a decorator or in a default argument."""
    tree = ast.parse(source)
    eager = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in ("gettext", "ngettext", "pgettext", "npgettext")
    }
    found = []

    def visit(node, running: bool):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in eager and not running:
            found.append(f"line {node.lineno}: {ast.get_source_segment(source, node)[:60]}")
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for outer in [*node.decorator_list, *node.args.defaults, *(d for d in node.args.kw_defaults if d)]:
                visit(outer, running)
            for statement in node.body:
                visit(statement, True)
            return
        if isinstance(node, ast.Lambda):
            visit(node.body, True)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, running)

    visit(tree, False)
    return found


@pytest.mark.parametrize(
    "source, found",
    [
        ('from django.utils.translation import gettext\nX = gettext("甲")', 1),
        ('from django.utils.translation import gettext as _\n@deco(label=_("甲"))\ndef f(): pass', 1),
        ('from django.utils.translation import gettext\ndef f(m=gettext("甲")): pass', 1),
        ('from django.utils.translation import gettext\ndef f():\n    return gettext("甲")', 0),
        ('from django.utils.translation import gettext\nf = lambda: gettext("甲")', 0),
        ('from django.utils.translation import gettext_lazy as _\nX = _("甲")', 0),
    ],
)
def test_the_scan_tells_import_time_from_call_time(source, found):
    assert len(translated_at_import(source)) == found


def test_no_string_is_translated_at_import():
    problems = {
        str(path.relative_to(ROOT)): hits
        for path in project_modules()
        if (hits := translated_at_import(path.read_text()))
    }
    assert problems == {}, "gettext at import time freezes the language: use gettext_lazy"
