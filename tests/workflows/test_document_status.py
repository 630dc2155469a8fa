"""A document's status is computed from the live record it was issued for, and every place that
shows it agrees: the public verification page, the holder's own page, the PDF download, the admin.

Every state (valid, revoked, expired, superseded) × every document kind (membership certificate,
expert appointment letter), each reached the way it happens in real life, including the way the demo
reaches it (an expert whose term ended while the letter still carries the old end date)."""

import datetime

import pytest
from django.utils import timezone

from core import roles
from expertpool import services as expert_services
from expertpool.actions import SELECTION
from expertpool.models import ExpertCandidate
from membership.models import ApplicationState, Membership, Standing
from tests.expertpool.conftest import appoint, cnc, committee, expert_user, submitted_candidate  # noqa: F401
from tests.factories import pdf_upload, user_with_role
from workflows import certificates
from workflows.actions import run
from workflows.models import CertificateKind

pytestmark = pytest.mark.django_db

LABELS = {"valid": "✔ 有效", "revoked": "✖ 已撤销", "expired": "✖ 已过期", "superseded": "✖ 已换发新证，本证失效"}
OTHER_LABELS = {"有效", "已撤销", "已过期", "已换发新证"}


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- the records, in each state -------------------------------------------------------------------
def membership_in(state, draft, walk, applicant, secretariat):
    membership = Membership.objects.get(application=walk(draft, ApplicationState.CERTIFIED))
    certificate = membership.certificate
    if state == "revoked":
        run(membership, "notify_withdrawal", by=applicant, files=[pdf_upload("退会通知.pdf")], confirmed=True)
        run(membership, "confirm_certificate_returned", by=secretariat)
    elif state == "expired":
        certificate.valid_until = timezone.localdate() - datetime.timedelta(days=1)
        certificate.save()
    elif state == "superseded":
        membership.certificate = certificates.issue(
            kind=CertificateKind.MEMBERSHIP, holder_name=membership.unit.name, subject=membership, lines=["换发"]
        )
        membership.save()
    certificate.refresh_from_db()
    return certificate, f"/membership/memberships/{membership.pk}/certificate.pdf", "/membership/"


def letter_in(state, candidate, appoint, committee, secretariat, expert_user):  # noqa: F811
    appointed = appoint(candidate)
    letter = appointed.letter
    if state in ("expired", "superseded"):
        # As the demo does it: the term's dates move back, the daily job expires it; the letter
        # row still carries the end date it was issued with.
        start = timezone.localdate() - datetime.timedelta(days=3 * 365 + 10)
        ExpertCandidate.objects.filter(pk=appointed.pk).update(
            term_start=start, term_end=start + datetime.timedelta(days=3 * 365)
        )
        expert_services.expire_terms()
    if state == "superseded":
        renewal = run(ExpertCandidate.objects.get(pk=appointed.pk), "start_reselection", by=secretariat)
        for member in committee:
            SELECTION.cast(renewal, voter=member, choice="support")
        SELECTION.close(renewal, by=secretariat)
    if state == "revoked":
        run(appointed, "withdraw", by=expert_user, confirmed=True)
    letter.refresh_from_db()
    return (
        letter,
        f"/experts/candidates/{appointed.public_id}/letter.pdf",
        f"/experts/candidates/{appointed.public_id}/",
    )


@pytest.fixture
def document(request, draft, walk, applicant, secretariat, submitted_candidate, appoint, committee, expert_user):  # noqa: F811
    kind, state = request.param
    if kind == "membership":
        return (state, *membership_in(state, draft, walk, applicant, secretariat), applicant)
    return (state, *letter_in(state, submitted_candidate, appoint, committee, secretariat, expert_user), expert_user)


CASES = [(kind, state) for kind in ("membership", "expert") for state in LABELS]


@pytest.mark.parametrize("document", CASES, indirect=True, ids=[f"{k}-{s}" for k, s in CASES])
def test_every_place_agrees_on_the_live_status(client, document):
    state, certificate, pdf_url, owner_page, owner = document
    assert certificate.status == state

    # The public verification page.
    html = client.get(f"/certificates/verify/{certificate.number}/").content.decode()
    assert LABELS[state] in html
    for other, label in LABELS.items():
        if other != state:
            assert label not in html, (state, other)
    subject = certificate.subject
    if certificate.kind == CertificateKind.EXPERT and state == "expired":
        # The live end of the term, not the end printed when the letter was issued.
        assert chinese_date(subject.term_end) in html
        assert chinese_date(certificate.valid_until) not in html

    # The holder's own page and the PDF download.
    client.force_login(owner)
    page = client.get(owner_page).content.decode()
    pdf = client.get(pdf_url)
    if state == "superseded":
        # The holder's pages show the document that replaced it, which is valid.
        assert certificate.number not in page
    else:
        assert f"{certificate.number}" in page
        shown = certificate.standing_on().label
        assert f"（{shown}）" in page
        assert (pdf_url in page) == (state == "valid"), state
        assert pdf.status_code == (200 if state == "valid" else 404), state

    # The admin's certificate page.
    client.force_login(user_with_role("doc_sec", roles.SECRETARIAT))
    page = client.get(f"/admin/certificates/inspect/{certificate.pk}/").content.decode()
    assert str(certificate.standing_on().label) in page
    exported = client.get("/admin/certificates/", {"export": "csv", "q": certificate.number})
    export = b"".join(exported.streaming_content).decode("utf-8-sig")
    if certificate.kind == CertificateKind.EXPERT and state == "expired":
        # Every date the admin shows is the live one (the page and its export alike).
        for shown in (page, export):
            assert f"{subject.term_end:%Y-%m-%d}" in shown
            assert f"{certificate.valid_until:%Y-%m-%d}" not in shown


def test_a_member_that_left_has_a_revoked_certificate_even_if_the_row_was_not_revoked(client, draft, walk):
    """The live record wins over a certificate row that was not updated (e.g. old or imported data)."""
    membership = Membership.objects.get(application=walk(draft, ApplicationState.CERTIFIED))
    Membership.objects.filter(pk=membership.pk).update(state=Standing.LEFT)
    assert membership.certificate.revoked_at is None
    html = client.get(f"/certificates/verify/{membership.certificate.number}/").content.decode()
    assert LABELS["revoked"] in html and LABELS["valid"] not in html


def test_an_expert_whose_term_ended_is_not_valid(client):
    """An expert in 聘期届满 (expired by the daily job, as the admin lists them) is not shown as valid."""
    from tests.factories.expertpool import CandidateFactory

    expired = CandidateFactory(state="expired")
    assert expired.letter is not None
    html = client.get(f"/certificates/verify/{expired.letter.number}/").content.decode()
    assert LABELS["expired"] in html and LABELS["valid"] not in html
    assert chinese_date(expired.term_end) in html
