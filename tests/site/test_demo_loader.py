import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from wagtail.models import Page, Site

from core import roles
from core.models import Major
from events.models import EventPage
from home.models import HomePage
from news.models import NewsArticlePage
from publications.models import TextbookPage
from resources.models import CourseResourcePage, Visibility

pytestmark = pytest.mark.django_db


def counts():
    return {
        "pages": Page.objects.count(),
        "users": User.objects.count(),
        "majors": Major.objects.count(),
        "documents": CourseResourcePage.documents.rel.related_model.objects.count(),
    }


def test_demo_has_the_promised_content():
    assert NewsArticlePage.objects.live().count() >= 10
    assert EventPage.objects.live().count() >= 3
    resources = CourseResourcePage.objects.live()
    assert resources.count() >= 30
    assert resources.values("major").distinct().count() >= 5
    assert resources.values("resource_type").distinct().count() == 7
    assert resources.filter(visibility=Visibility.MEMBERS).exists()
    assert TextbookPage.objects.live().count() >= 5
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage


def test_one_demo_user_per_role():
    for group in roles.ALL_GROUPS:
        assert roles.holders(group).exists(), group
    assert User.objects.filter(username="admin", is_superuser=True).exists()


def test_loading_twice_creates_nothing_and_keeps_passwords():
    before = counts()
    password_hash = User.objects.get(username="editor").password
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert User.objects.get(username="editor").password == password_hash
    assert "密码未改变" in out.getvalue()


def test_passwords_are_printed_once_for_new_users():
    User.objects.filter(username="moderator").delete()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.strip().startswith("moderator")]
    assert len(lines) == 1
    password = lines[0].split()[1]
    assert User.objects.get(username="moderator").check_password(password)
    assert "editor " not in out.getvalue()  # existing users are not listed again


def test_demo_has_applications_in_every_state_and_a_council():
    from membership.models import ApplicationState, CouncilPosition, Membership, MembershipApplication, Standing

    states = set(MembershipApplication.objects.values_list("state", flat=True))
    assert states == set(ApplicationState.values)
    assert set(Membership.objects.values_list("state", flat=True)) == set(Standing.values)
    assert CouncilPosition.objects.filter(position="chair").count() == 1
    member = User.objects.get(username="member")
    assert Membership.objects.filter(unit__account=member, state=Standing.ACTIVE, certificate__isnull=False).exists()
