"""Every single-line field of every form refuses line breaks, control and invisible formatting
characters (a newline in a unit name used to stop every mail about that unit): a clear message on
the field, nothing saved, and everything else that was typed is shown again.

The walk finds the forms itself: every Form class defined in the project's own apps, and the forms
the Wagtail admin generates for the models it lets staff edit. A new form is covered the day it is
written; one that forgets the mixin fails here."""

import importlib
import importlib.util
from pathlib import Path

import pytest
from django.apps import apps
from django.forms import BaseForm, CharField, Textarea
from django.forms.models import BaseModelForm

from core.single_line import SingleLineValidator, is_single_line
from events.models import EventPage
from membership.models import MemberUnit

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
BAD = {
    "newline": "甲\n乙",
    "carriage return": "甲\r乙",
    "tab": "甲\t乙",
    "null": "甲\x00乙",
    "right-to-left override": "甲\u202e乙",
    "zero-width space": "甲\u200b乙",
    "line separator": "甲\u2028乙",
}
MESSAGE = str(SingleLineValidator.message)
#: Constructor arguments some forms need.
KWARGS = {
    "RecommendationForm": lambda: {"units": MemberUnit.objects.all()},
    "ConsentForm": lambda: {"needs_password": True},
    "EventRegistrationForm": lambda: {
        "event": EventPage(ask_unit=True, ask_title=True, ask_phone=True, ask_dietary=True)
    },
}


def project_apps():
    """The project's own apps: under the checkout, but not installed packages (the virtualenv lives
    in the checkout too, as `make` creates it)."""
    return [app for app in apps.get_app_configs() if is_project_path(app.path)]


def is_project_path(path) -> bool:
    resolved = Path(path).resolve()
    return resolved.is_relative_to(ROOT) and "site-packages" not in resolved.parts


def project_form_classes():
    prefixes = []
    for app in project_apps():
        prefixes.append(app.name)
        for module in ("forms", "views", "admin_views", "accounts", "confirmation"):
            if importlib.util.find_spec(f"{app.name}.{module}") is not None:
                importlib.import_module(f"{app.name}.{module}")
    seen, stack = set(), [BaseForm]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    found = [
        cls
        for cls in seen
        if cls.__module__.split(".")[0] in {p.split(".")[0] for p in prefixes}
        and not cls.__name__.endswith("Mixin")
        and not (issubclass(cls, BaseModelForm) and cls._meta.model is None)
    ]
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def admin_form_classes():
    """The create/edit forms of the admin's model viewsets for the project's models (those whose
    permission policy allows no add or edit view never show a form)."""
    from django.contrib.auth.models import User
    from wagtail.admin.viewsets import viewsets
    from wagtail.admin.viewsets.model import ModelViewSet

    superuser = User.objects.create_superuser("t_single_line_admin", "sla@example.org", "pw-not-used")
    for viewset in viewsets.viewsets:
        if not isinstance(viewset, ModelViewSet):
            continue
        app_path = apps.get_app_config(viewset.model._meta.app_label).path
        editable = viewset.permission_policy.user_has_any_permission(superuser, ["add", "change"])
        if is_project_path(app_path) and editable:
            yield viewset.get_form_class()


def single_line_fields(form):
    return [name for name, field in form.fields.items() if is_single_line(field)]


def test_every_single_line_field_of_every_form_refuses_control_characters():
    classes = project_form_classes() + list(admin_form_classes())
    names = {cls.__name__ for cls in classes}
    assert {"ApplicationForm", "RegistrationForm", "ProfileForm", "WithdrawalForm", "ConsentForm"} <= names
    checked = 0
    for cls in classes:
        kwargs = KWARGS.get(cls.__name__, dict)()
        for name in single_line_fields(cls(**kwargs)):
            for what, value in BAD.items():
                form = cls(data={name: value}, **kwargs)
                assert not form.is_valid()
                errors = form.errors.get(name, [])
                assert errors, f"{cls.__name__}.{name}: {what}"
                # On a model form, Django's own checks (null characters, e-mail and URL syntax) may
                # speak first; every other case gets this message.
                if what != "null" and type(form.fields[name]) is CharField:
                    assert MESSAGE in errors, f"{cls.__name__}.{name}: {what}"
                checked += 1
    assert checked > 100


def test_multi_line_fields_keep_their_line_breaks():
    from membership.forms import CommentForm

    form = CommentForm(data={"comment": "第一行\n第二行"})
    assert isinstance(form.fields["comment"].widget, Textarea)
    assert form.is_valid() and form.cleaned_data["comment"] == "第一行\n第二行"


def test_a_newline_in_a_unit_name_is_refused_and_the_rest_kept(client, applicant):
    from tests.factories import unit_data

    client.force_login(applicant)
    data = {**unit_data(name="江苏省测试\n中等专业学校", address="南京市某路 99 号"), "homepage": "", "save": "1"}
    response = client.post("/membership/apply/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert MESSAGE in html
    assert "南京市某路 99 号" in html and "刘老师" in html
    assert not MemberUnit.objects.filter(account=applicant).exists()


def test_model_fields_refuse_control_characters_in_the_admin(client, secretariat, draft):
    unit = draft.unit
    unit.name = "某\u202e学校"
    with pytest.raises(Exception) as error:
        unit.full_clean()
    assert MESSAGE in str(error.value)
