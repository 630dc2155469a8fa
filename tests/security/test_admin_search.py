"""Every admin list with a search box answers a Chinese and an ASCII query with 200 and the row
searched for, on SQLite and PostgreSQL alike. (The expert list was a 500 on SQLite for any query:
Wagtail's SQLite search backend cannot restrict a search to the fields a list names.)

The lists are found by walking the admin URL conf as a superuser and looking for the search box,
so a new list with a search box fails `test_every_admin_search_box_is_checked` until it is added.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Task, Workflow

from core.models import Major, MajorCategory
from expertpool import services as expert_services
from home.models import StandardPage
from membership import services as membership_services
from membership.models import ApplicationState
from resources.models import MajorToConfirm
from search.models import Synonym
from tests.expertpool.conftest import profile
from tests.factories import pdf_upload, unit_data, user_with_role

pytestmark = pytest.mark.django_db

CHINESE, ASCII = "探针", "zqprobe"
PROBE = f"数控{CHINESE} {ASCII}"  # what every probe row carries in a searched field

# Admin pages with a search box and the text of the probe row in their list.
SEARCHABLE = {
    "admin/pages/": PROBE,
    "admin/pages/search/": PROBE,
    "admin/workflows/list/": PROBE,
    "admin/workflows/tasks/index/": PROBE,
    "admin/redirects/": f"/{ASCII}-{CHINESE}",
    "admin/documents/": PROBE,
    "admin/images/": PROBE,
    "admin/snippets/core/major/": f"{CHINESE}专业",
    "admin/snippets/search/synonym/": CHINESE,
    "admin/certificates/": f"{CHINESE}学校",
    "admin/membership/applications/": f"{CHINESE}学校",
    "admin/membership/memberships/": f"{CHINESE}学校",
    "admin/membership/units/": f"{CHINESE}学校",
    "admin/experts/candidates/": f"{CHINESE}专家",
    "admin/users/": f"{CHINESE}用户",
    "admin/groups/": f"{CHINESE}组",
    "admin/resources/majors-to-confirm/": f"{CHINESE}待定",
    "admin/events/registrations/": f"{CHINESE}报名者",
    "admin/events/entries/": f"{CHINESE}队",
    "admin/membercentre/contributions/": f"{CHINESE}资源",
    "admin/membercentre/profile-changes/": f"{CHINESE}学校",
}
NOT_LISTS = {
    "admin/": "the dashboard's box submits to admin/pages/search/",
    "admin/forms/": "form submissions: this project has no form page type, so it never lists a row",
}


def _routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield (prefix + str(pattern.pattern)).replace("^", "").replace("$", "").replace("\\Z", "")


def _plain_admin_routes():
    for route in _routes():
        if route.startswith("admin/") and not any(c in route for c in "<(") and "api/" not in route:
            if not any(part in route for part in ("logout", "failwhale", "test404", "add", "new", "import", "draw/")):
                yield route


@pytest.fixture
def superuser_client(db):
    user = User.objects.create_superuser("t_admin_search", "t_admin_search@example.org", "x")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def probes(db, home, applicant, secretariat, chair, council, walk):
    home.add_child(instance=StandardPage(title=PROBE, slug=ASCII))
    Workflow.objects.create(name=PROBE)
    Task.objects.create(name=PROBE)
    Redirect.objects.create(old_path=f"/{ASCII}-{CHINESE}", redirect_link="https://example.org/")
    get_document_model().objects.create(title=PROBE, file=pdf_upload())
    get_image_model().objects.create(title=PROBE, file=get_test_image_file())
    Major.objects.create(name=f"{CHINESE}专业", code=ASCII.upper()[:12], category=MajorCategory.ELECTRONICS_IT)
    Synonym.objects.create(term=CHINESE, expansions=ASCII)
    undecided = Major.objects.create(name=f"{CHINESE}待定 {ASCII}", category=MajorCategory.ELECTRONICS_IT)
    MajorToConfirm.objects.create(major=undecided, source="import.csv")
    draft = membership_services.application_create(
        user=applicant, unit_data=unit_data(name=f"{CHINESE}学校 {ASCII}"), letter=pdf_upload()
    )
    walk(draft, ApplicationState.CERTIFIED)
    from membercentre import services as centre_services

    centre_services.contribution_create(user=applicant, unit=draft.unit, data={"title": f"{CHINESE}资源 {ASCII}"})
    centre_services.profile_change_request(user=applicant, unit=draft.unit, data={"address": f"{ASCII} 路"})
    person = user_with_role("t_probe_expert", email="probe@example.org")
    expert_services.apply(
        user=person, data=profile(name=f"{CHINESE}专家", employer=ASCII), majors=[Major.objects.first()]
    )
    User.objects.create_user(ASCII, first_name=f"{CHINESE}用户")
    Group.objects.create(name=f"{CHINESE}组 {ASCII}")
    from events import services as event_services
    from events.models import CompetitionEntry
    from tests.events.factories import EventPageFactory, MemberUnitFactory, UserFactory, answers

    event = EventPageFactory()
    event_services.register(event=event, user=UserFactory(), answers=answers(name=f"{CHINESE}报名者 {ASCII}"))
    unit = MemberUnitFactory()
    CompetitionEntry.objects.create(
        event=event,
        unit=unit,
        submitted_by=unit.account,
        team_name=f"{CHINESE}队 {ASCII}",
        students="甲",
        instructor="乙",
    )


def test_every_admin_search_box_is_checked(superuser_client):
    with_box = {route for route in _plain_admin_routes() if 'name="q"' in superuser_client.get("/" + route).text}
    assert with_box - set(NOT_LISTS) == set(SEARCHABLE)


@pytest.mark.parametrize("route", sorted(SEARCHABLE))
def test_every_admin_list_finds_a_row_by_chinese_and_ascii(route, superuser_client, probes):
    expected = SEARCHABLE[route]
    for query in (CHINESE, ASCII):
        response = superuser_client.get("/" + route, {"q": query})
        assert response.status_code == 200, f"/{route}?q={query}"
        assert expected in response.text, f"/{route}?q={query} does not list the row"
    response = superuser_client.get("/" + route, {"q": "不存在的词 nosuchword"})
    assert response.status_code == 200
    assert expected not in response.text, f"/{route}: the search does not filter at all"
