"""The factories reach what they promise: each page type is served at its address, applications and
candidates end in every state through the real workflow, with the side effects of that path."""

import pytest

from core import roles
from expertpool.models import CandidateState
from membership.models import ApplicationState, Membership
from tests.factories.expertpool import CandidateFactory
from tests.factories.membership import ApplicationFactory, MembershipFactory
from tests.factories.pages import (
    CourseResourcePageFactory,
    EventPageFactory,
    NewsArticlePageFactory,
    TextbookPageFactory,
)
from workflows.actions import history

pytestmark = pytest.mark.django_db


def test_the_skeleton_and_one_page_of_each_type_answer_at_their_addresses(client, site):
    pages = [
        NewsArticlePageFactory(parent=site.news, tags=["标签甲"]),
        EventPageFactory(parent=site.events),
        CourseResourcePageFactory(parent=site.resources),
        TextbookPageFactory(parent=site.publications, co_publishers=["某出版单位"]),
    ]
    for url in ("/", "/about/", "/charter/", "/news/", "/events/", "/resources/", "/publications/"):
        assert client.get(url).status_code == 200, url
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode()
        assert page.latest_revision is not None and page.first_published_at is not None


def test_a_draft_page_is_not_served(client, site):
    draft = NewsArticlePageFactory(parent=site.news, publish=False)
    assert not draft.live
    assert client.get(f"/news/{draft.slug}/").status_code == 404


def test_a_members_only_resource_is_closed_to_visitors(client, site):
    resource = CourseResourcePageFactory(parent=site.resources, members_only=True)
    assert resource.documents.count() == 1
    assert resource.title not in client.get("/resources/").content.decode()


@pytest.mark.parametrize("state", ApplicationState.values)
def test_an_application_reaches_every_state_through_the_workflow(state):
    application = ApplicationFactory(state=state)
    assert application.state == state
    # The real path leaves its history: the last logged step ends in the state.
    log = list(history(application))
    assert (log[-1].to_state if log else ApplicationState.DRAFT) == state


def test_a_certified_application_made_its_unit_a_member():
    application = ApplicationFactory(state=ApplicationState.CERTIFIED)
    membership = Membership.objects.get(application=application)
    assert membership.certificate is not None
    assert roles.has_role(application.applicant, roles.MEMBERS)


@pytest.mark.parametrize("state", ["leaving", "left"])
def test_a_membership_ends_through_the_workflow(state):
    membership = MembershipFactory(state=state)
    assert membership.state == state
    applicant = membership.unit.account
    assert roles.has_role(applicant, roles.MEMBERS) == (state == "leaving")


@pytest.mark.parametrize("state", CandidateState.values)
def test_a_candidate_reaches_every_state_through_the_workflow(state):
    candidate = CandidateFactory(state=state)
    assert candidate.state == state
    log = list(history(candidate))
    assert (log[-1].to_state if log else candidate.state) == state


def test_the_sample_site_has_one_of_everything(client, sample_site):
    pages, records = sample_site
    assert {a.state for a in records.applications.values()} == set(ApplicationState.values)
    assert {c.state for c in records.candidates.values()} == set(CandidateState.values)
    assert {m.state for m in records.memberships.values()} == {"active", "leaving", "left"}
    for page in [*pages.articles, *pages.events_list, *pages.resource_pages, *pages.textbooks]:
        # A members-only resource explains itself to a visitor (403 with the members_only page).
        members_only = getattr(page, "is_members_only", False)
        assert client.get(page.url).status_code == (403 if members_only else 200), page.url
