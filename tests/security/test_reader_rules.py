"""One reader rule per private record kind, and the public site and the admin both follow it.

Every kind (application, application letter, membership, withdrawal notice, membership certificate,
candidacy, CV, appointment letter, panel draw) × every person (the seven roles, the record's owner,
another member unit, a signed-in user with no role, an anonymous visitor), on the site's URL and the
admin's URL of the record. Expected readers are written out from docs/workflows.md, not read from
the code under test."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile

from core import roles
from expertpool import draws
from expertpool.models import PanelDraw
from membership.models import ApplicationState, Membership
from tests.expertpool.conftest import appoint, cnc, committee, expert_user, submitted_candidate  # noqa: F401
from tests.factories import PDF_BYTES, pdf_upload, user_with_role
from workflows import access
from workflows.actions import run
from workflows.models import TransitionAttachment

pytestmark = pytest.mark.django_db

OWNER = "（本人/本单位）"
OTHER_MEMBER = "（其他会员单位）"
NO_ROLE = "（无角色的注册用户）"
ANONYMOUS = "（未登录）"
PEOPLE = [*roles.ALL_GROUPS, OWNER, OTHER_MEMBER, NO_ROLE, ANONYMOUS]

S, C, X, CH = roles.SECRETARIAT, roles.COUNCIL, roles.EXPERT_COMMITTEE, roles.CHAIR
#: kind: (who may read it, besides superusers)
READERS = {
    "application": {S, C, CH, OWNER},
    "application letter": {S, C, CH, OWNER},
    "membership": {S, CH, OWNER},
    "withdrawal notice": {S, CH, OWNER},
    "membership certificate": {S, CH, OWNER},
    "candidacy": {S, X, CH, OWNER},
    "CV": {S, X, CH, OWNER},
    "appointment letter": {S, CH, OWNER},
    "panel draw": {S, X, CH},
}


@pytest.fixture
def records(draft, walk, applicant, secretariat, cnc, submitted_candidate, appoint, expert_user):  # noqa: F811
    """kind: (owner, site URL or None, admin URL)."""
    application = walk(draft, ApplicationState.CERTIFIED)
    membership = Membership.objects.get(application=application)
    run(membership, "notify_withdrawal", by=applicant, files=[pdf_upload("退会通知.pdf")], confirmed=True)
    notice = TransitionAttachment.objects.get(log__object_id=membership.pk, log__transition="notify_withdrawal")
    candidate = appoint(submitted_candidate)
    candidate.cv_extension = "pdf"
    candidate.cv.save("cv.pdf", ContentFile(PDF_BYTES))
    draw = draws.draw_panel(major=cnc, size=1, purpose="评审专家抽取", by=secretariat)
    return {
        "application": (
            applicant,
            f"/membership/applications/{application.public_id}/",
            f"/admin/membership/applications/inspect/{application.pk}/",
        ),
        "application letter": (
            applicant,
            f"/membership/applications/{application.public_id}/files/{application.letter.pk}/",
            f"/admin/membership/applications/inspect/{application.pk}/",
        ),
        "membership": (applicant, None, f"/admin/membership/memberships/inspect/{membership.pk}/"),
        "withdrawal notice": (
            applicant,
            f"/workflow-files/{notice.token}/",
            f"/admin/membership/memberships/inspect/{membership.pk}/",
        ),
        "membership certificate": (
            applicant,
            f"/membership/memberships/{membership.pk}/certificate.pdf",
            f"/admin/certificates/inspect/{membership.certificate.pk}/",
        ),
        "candidacy": (
            expert_user,
            f"/experts/candidates/{candidate.public_id}/",
            f"/admin/experts/candidates/inspect/{candidate.pk}/",
        ),
        "CV": (
            expert_user,
            f"/experts/candidates/{candidate.public_id}/cv/",
            f"/admin/experts/candidates/inspect/{candidate.pk}/",
        ),
        "appointment letter": (
            expert_user,
            f"/experts/candidates/{candidate.public_id}/letter.pdf",
            f"/admin/certificates/inspect/{candidate.letter.pk}/",
        ),
        "panel draw": (None, None, f"/admin/experts/draws/inspect/{draw.pk}/"),
    }


def person(who, owner):
    if who == OWNER:
        return owner
    if who == ANONYMOUS:
        return AnonymousUser()
    if who == NO_ROLE:
        return user_with_role("rr_no_role")
    if who == OTHER_MEMBER:
        return user_with_role("rr_other_member", roles.MEMBERS)
    return user_with_role(f"rr_{roles.ALL_GROUPS.index(who)}", who)


def fetch(client, user, url):
    client.logout()
    if user.is_authenticated:
        client.force_login(user)
    return client.get(url)


def test_every_kind_has_a_rule_and_the_table_is_complete(records):
    assert set(records) == set(READERS)
    from expertpool.models import ExpertCandidate
    from membership.models import ApplicationFile, MembershipApplication
    from workflows.models import Certificate

    for model in (MembershipApplication, ApplicationFile, Membership, ExpertCandidate, Certificate, PanelDraw):
        assert access.rule_for(model) is not None, model


@pytest.mark.parametrize("kind", list(READERS))
def test_site_and_admin_follow_one_reader_rule(client, records, kind):
    owner, site_url, admin_url = records[kind]
    allowed = READERS[kind]
    for who in PEOPLE:
        if who == OWNER and owner is None:
            continue
        user = person(who, owner)
        if site_url:
            status = fetch(client, user, site_url).status_code
            if who in allowed:
                assert status == 200, (kind, who, site_url, status)
            else:
                assert status in (302, 404), (kind, who, site_url, status)
        admin_may = who in allowed and who not in (OWNER,)
        status = fetch(client, user, admin_url).status_code
        if admin_may:
            assert status == 200, (kind, who, admin_url, status)
        else:
            assert status in (302, 403), (kind, who, admin_url, status)
        if site_url and who in roles.STAFF_GROUPS:
            # The same person gets the same answer on both: a staff role reads a kind everywhere or nowhere.
            assert (fetch(client, user, site_url).status_code == 200) == admin_may, (kind, who)
