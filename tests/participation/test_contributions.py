"""A member unit's contribution to the resource library: every state and role, ownership, the
expert drawn from the pool, publication as a resource page linked to the unit."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core import roles
from membercentre.models import Contribution, ContributionState
from resources.models import CourseResourcePage
from tests.factories import pdf_upload
from tests.participation.factories import (
    ContributionFactory,
    MajorFactory,
    UserFactory,
    contribution_with_file,
    expert,
    member_unit,
)
from workflows.actions import TransitionRefused, registry, run

pytestmark = pytest.mark.django_db

S = ContributionState


def walk(contribution, target, *, secretary, reviewer=None):
    """Bring a contribution to `target` as the real roles would."""
    owner = contribution.unit.account
    steps = {
        S.DRAFT: [],
        S.SUBMITTED: [("submit", owner)],
        S.EXPERT_REVIEW: [("submit", owner), ("send_to_expert", secretary)],
        S.REVIEWED: [("submit", owner), ("send_to_expert", secretary), ("recommend", reviewer)],
        S.RETURNED: [("submit", owner), ("return_for_revision", secretary)],
        S.PUBLISHED: [("submit", owner), ("publish", secretary)],
        S.WITHDRAWN: [("withdraw", owner)],
    }
    for name, by in steps[target]:
        kwargs = {"comment": "意见"} if name in ("recommend", "return_for_revision") else {}
        if name == "withdraw":
            kwargs["confirmed"] = True
        contribution = run(contribution, name, by=by, **kwargs)
    return contribution


@pytest.fixture
def contribution(site_pages):
    return contribution_with_file()


@pytest.fixture
def reviewer(contribution):
    return expert(contribution.major)


def test_member_contributes_from_the_member_centre(client, site_pages, unit):
    major = MajorFactory()
    client.force_login(unit.account)
    page = client.get(reverse("membercentre:centre"))
    assert reverse("membercentre:contribution_new") in page.content.decode()
    response = client.post(
        reverse("membercentre:contribution_new"),
        {
            "unit": unit.pk,
            "title": "汽车维修实训指导书",
            "summary": "实训项目十二个。",
            "description": "",
            "major": major.pk,
            "resource_type": "training_guide",
            "year": 2025,
            "visibility": "members",
            "licence": "members_internal",
            "files": [pdf_upload("实训指导书.pdf")],
            "submit": "1",
        },
    )
    contribution = Contribution.objects.get(title="汽车维修实训指导书")
    assert response.status_code == 302
    assert contribution.state == S.SUBMITTED
    assert contribution.unit == unit
    assert contribution.files.count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert "已提交，待秘书处审核" in detail


def test_bad_input_keeps_what_was_typed(client, site_pages, unit):
    client.force_login(unit.account)
    response = client.post(
        reverse("membercentre:contribution_new"),
        {"unit": unit.pk, "title": "只有标题的投稿", "year": "abc", "visibility": "public", "licence": "cc_by_4"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "只有标题的投稿" in html
    assert not Contribution.objects.filter(title="只有标题的投稿").exists()


def test_a_non_member_cannot_contribute(client, site_pages, visitor_outsider):
    client.force_login(visitor_outsider)
    response = client.get(reverse("membercentre:contribution_new"))
    assert response.status_code == 403
    assert "只有在册会员单位" in response.content.decode()


def test_submit_needs_a_file(site_pages):
    contribution = ContributionFactory()
    with pytest.raises(TransitionRefused):
        run(contribution, "submit", by=contribution.unit.account)


def test_another_units_contribution_is_404(client, contribution, other_unit):
    client.force_login(other_unit.account)
    for name in ("contribution_detail", "contribution_edit"):
        assert client.get(reverse(f"membercentre:{name}", args=[contribution.public_id])).status_code == 404
    file_url = reverse("membercentre:contribution_file", args=[contribution.public_id, contribution.files.first().pk])
    assert client.get(file_url).status_code == 404
    action = reverse("membercentre:contribution_action", args=[contribution.public_id, "submit"])
    assert client.post(action).status_code == 404
    contribution.refresh_from_db()
    assert contribution.state == S.DRAFT


TRANSITIONS = ["submit", "resubmit", "send_to_expert", "recommend", "return_for_revision", "publish", "withdraw"]
#: (state, transition) → who may fire it; every other pair is refused to everyone.
ALLOWED = {
    (S.DRAFT, "submit"): {"owner"},
    (S.DRAFT, "withdraw"): {"owner"},
    (S.SUBMITTED, "send_to_expert"): {"secretary"},
    (S.SUBMITTED, "return_for_revision"): {"secretary"},
    (S.SUBMITTED, "publish"): {"secretary"},
    (S.SUBMITTED, "withdraw"): {"owner"},
    (S.EXPERT_REVIEW, "recommend"): {"reviewer"},
    (S.EXPERT_REVIEW, "return_for_revision"): {"secretary", "reviewer"},
    (S.REVIEWED, "return_for_revision"): {"secretary"},
    (S.REVIEWED, "publish"): {"secretary"},
    (S.RETURNED, "resubmit"): {"owner"},
    (S.RETURNED, "withdraw"): {"owner"},
}


@pytest.mark.parametrize("state", list(S.values))
def test_every_role_in_every_state(state, contribution, reviewer, secretary, other_unit):
    contribution = walk(contribution, state, secretary=secretary, reviewer=reviewer.user)
    people = {
        "owner": contribution.unit.account,
        "secretary": secretary,
        "reviewer": reviewer.user,
        "other_member": other_unit.account,
        "editor": UserFactory(roles=[roles.EDITORS]),
        "council": UserFactory(roles=[roles.COUNCIL]),
    }
    for name in TRANSITIONS:
        allowed = ALLOWED.get((state, name), set())
        for who, user in people.items():
            action = registry.get(Contribution, name)(contribution, user)
            assert action.allowed() == (who in allowed), (state, name, who)


def test_secretariat_has_an_expert_drawn_by_field(contribution, secretary):
    same_field = expert(contribution.major, name="同专业专家")
    expert(MajorFactory(), name="别的专业专家")
    own_staff = expert(contribution.major, name="本单位专家", employer_unit=contribution.unit)
    contribution = walk(contribution, S.SUBMITTED, secretary=secretary)
    contribution = run(contribution, "send_to_expert", by=secretary)
    assert contribution.reviewer == same_field
    assert contribution.panel_draw.evaluated_unit == contribution.unit
    assert own_staff.pk not in contribution.panel_draw.eligible_ids


def test_no_expert_in_the_field_is_a_clear_refusal(contribution, secretary):
    contribution = walk(contribution, S.SUBMITTED, secretary=secretary)
    with pytest.raises(Exception) as refused:
        run(contribution, "send_to_expert", by=secretary)
    assert "专家只有 0 位" in str(refused.value)
    contribution.refresh_from_db()
    assert contribution.state == S.SUBMITTED


def test_expert_reviews_on_the_site(client, contribution, reviewer, secretary):
    contribution = walk(contribution, S.EXPERT_REVIEW, secretary=secretary)
    client.force_login(reviewer.user)
    centre = client.get(reverse("membercentre:centre")).content.decode()
    assert contribution.title in centre
    response = client.post(
        reverse("membercentre:contribution_review", args=[contribution.public_id]),
        {"decision": "recommend", "comment": "内容完整，建议发布。"},
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.state == S.REVIEWED


def test_returned_contribution_is_revised_and_resubmitted(client, contribution, secretary):
    contribution = walk(contribution, S.SUBMITTED, secretary=secretary)
    run(contribution, "return_for_revision", by=secretary, comment="请补充教学进度表")
    owner = contribution.unit.account
    client.force_login(owner)
    detail = client.get(reverse("membercentre:contribution_detail", args=[contribution.public_id])).content.decode()
    assert "请补充教学进度表" in detail
    response = client.post(
        reverse("membercentre:contribution_edit", args=[contribution.public_id]),
        {
            "title": contribution.title,
            "summary": "补充了教学进度表。",
            "description": "",
            "major": contribution.major_id,
            "resource_type": "course_standard",
            "year": 2025,
            "visibility": "public",
            "licence": "cc_by_nc_4",
            "files": [pdf_upload("教学进度表.pdf")],
            "submit": "1",
        },
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.state == S.SUBMITTED
    assert contribution.summary == "补充了教学进度表。"
    assert contribution.licence == "cc_by_nc_4"
    assert contribution.files.count() == 2


def test_a_published_contribution_cannot_be_edited(client, contribution, secretary):
    contribution = walk(contribution, S.PUBLISHED, secretary=secretary)
    client.force_login(contribution.unit.account)
    response = client.post(
        reverse("membercentre:contribution_edit", args=[contribution.public_id]), {"title": "改过的标题"}
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.title != "改过的标题"


def test_publication_makes_a_resource_page_linked_to_the_unit(client, contribution, secretary):
    contribution = walk(contribution, S.PUBLISHED, secretary=secretary)
    page = contribution.resource_page
    assert isinstance(page, CourseResourcePage) and page.live
    assert page.contributor_unit == contribution.unit
    assert page.licence == "cc_by_4"
    assert page.documents.count() == 1
    html = client.get(page.url).content.decode()
    assert contribution.unit.name in html
    assert "CC BY 4.0" in html
    directory = client.get(reverse("membership:directory")).content.decode()
    assert contribution.title in directory


def test_only_the_secretariat_publishes(contribution, secretary):
    contribution = walk(contribution, S.SUBMITTED, secretary=secretary)
    with pytest.raises(PermissionDenied):
        run(contribution, "publish", by=contribution.unit.account)
    assert not CourseResourcePage.objects.filter(title=contribution.title).exists()


def test_members_only_contribution_is_hidden_in_the_directory_from_visitors(client, site_pages, secretary):
    contribution = contribution_with_file(visibility="members")
    walk(contribution, S.PUBLISHED, secretary=secretary)
    assert contribution.title not in client.get(reverse("membership:directory")).content.decode()
    client.force_login(member_unit().account)
    assert contribution.title in client.get(reverse("membership:directory")).content.decode()


def test_two_contributions_with_the_same_title_are_both_published(site_pages, secretary):
    first = walk(contribution_with_file(title="同名资源"), S.PUBLISHED, secretary=secretary)
    second = walk(contribution_with_file(title="同名资源"), S.PUBLISHED, secretary=secretary)
    assert first.resource_page.slug != second.resource_page.slug
    assert first.resource_page.live and second.resource_page.live
