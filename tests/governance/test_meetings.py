"""Meetings: invitations to the entitled units, answers, attendance, papers and minutes for members,
an .ics file, and the flag for a year without an annual council meeting."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from governance import selectors, services
from governance.models import AgendaItem, Answer, Meeting, MeetingKind, MeetingPaper, MeetingState
from tests.factories import PDF_BYTES, user_with_role
from tests.governance.factories import colleague, council_seat, member_unit
from workflows.actions import TransitionRefused, run

pytestmark = pytest.mark.django_db


def make_meeting(kind=MeetingKind.PLENARY, *, days=10, title="测试会议") -> Meeting:
    start = timezone.now() + datetime.timedelta(days=days)
    meeting = Meeting.objects.create(
        title=title,
        kind=kind,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        place="会议室",
        rsvp_deadline=start - datetime.timedelta(days=2),
    )
    AgendaItem.objects.create(meeting=meeting, sort_order=1, title="审议年度工作报告")
    return meeting


def test_invitations_go_to_the_entitled_units_only(gov_secretariat, django_capture_on_commit_callbacks):
    a, b = member_unit(), member_unit()
    council_seat(a)
    plenary, council = make_meeting(), make_meeting(MeetingKind.ANNUAL_COUNCIL)
    with django_capture_on_commit_callbacks(execute=True):
        run(plenary, "send_invitations", by=gov_secretariat)
        run(council, "send_invitations", by=gov_secretariat)
    assert set(plenary.invitations.values_list("unit", flat=True)) == {a.pk, b.pk}
    assert list(council.invitations.values_list("unit", flat=True)) == [a.pk]
    invited = [m for m in mail.outbox if "会议通知" in m.subject]
    assert {address for m in invited for address in m.to} == {a.account.email, b.account.email}
    assert str(plenary.public_id) in invited[0].body


def test_a_unit_answers_and_the_secretariat_records_attendance(gov_secretariat, client):
    unit = member_unit()
    delegate = colleague(unit)
    meeting = run(make_meeting(), "send_invitations", by=gov_secretariat)
    with pytest.raises(ValidationError):
        services.rsvp(meeting=meeting, user=delegate, answer=Answer.DELEGATE)
    invitation = services.rsvp(meeting=meeting, user=delegate, answer=Answer.DELEGATE, delegate_name="王副校长")
    assert invitation.delegate_name == "王副校长"
    client.force_login(unit.account)
    url = reverse("governance:meeting", args=[meeting.public_id])
    response = client.post(url, {"answer": "delegate", "delegate_name": ""})
    assert "请填写委派代表的姓名" in response.content.decode()  # the answer is kept, the form re-shown
    assert 'value="delegate"' in response.content.decode()
    with pytest.raises(PermissionDenied):
        services.record_attendance(meeting=meeting, by=unit.account, invitation_id=invitation.pk, attended=True)
    services.record_attendance(meeting=meeting, by=gov_secretariat, invitation_id=invitation.pk, attended=True)
    invitation.refresh_from_db()
    assert invitation.attended is True


def test_answers_close_at_the_deadline(gov_secretariat):
    unit = member_unit()
    meeting = run(make_meeting(), "send_invitations", by=gov_secretariat)
    Meeting.objects.filter(pk=meeting.pk).update(rsvp_deadline=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(TransitionRefused):
        services.rsvp(meeting=Meeting.objects.get(pk=meeting.pk), user=unit.account, answer=Answer.ATTEND)


def test_meeting_pages_papers_and_minutes_are_for_invited_members(gov_secretariat, client):
    unit, stranger = member_unit(), user_with_role("gov_stranger")
    meeting = run(make_meeting(), "send_invitations", by=gov_secretariat)
    paper = MeetingPaper(meeting=meeting, title="工作报告")
    paper.file.save("report.pdf", ContentFile(PDF_BYTES), save=False)
    paper.save()
    Meeting.objects.filter(pk=meeting.pk).update(minutes="会议纪要正文")
    url = reverse("governance:meeting", args=[meeting.public_id])
    paper_url = reverse("governance:meeting_paper", args=[meeting.public_id, paper.pk])
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.get(paper_url).status_code == 404
    client.force_login(unit.account)
    page = client.get(url).content.decode()
    assert "审议年度工作报告" in page and "工作报告" in page and "会议纪要正文" not in page
    assert client.get(paper_url).status_code == 200
    meeting = run(Meeting.objects.get(pk=meeting.pk), "mark_held", by=gov_secretariat)
    run(meeting, "publish_minutes", by=gov_secretariat)
    assert "会议纪要正文" in client.get(url).content.decode()
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_minutes_cannot_be_published_empty(gov_secretariat):
    member_unit()
    meeting = run(make_meeting(), "send_invitations", by=gov_secretariat)
    meeting = run(meeting, "mark_held", by=gov_secretariat)
    with pytest.raises(TransitionRefused):
        run(meeting, "publish_minutes", by=gov_secretariat)


def test_ics_file(gov_secretariat, client):
    unit = member_unit()
    meeting = run(make_meeting(title="年度大会"), "send_invitations", by=gov_secretariat)
    client.force_login(unit.account)
    response = client.get(reverse("governance:meeting_ics", args=[meeting.public_id]))
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "年度大会"
    assert event.decoded("DTSTART") == meeting.starts_at.replace(microsecond=0)
    assert "审议年度工作报告" in str(event["DESCRIPTION"])


def test_years_without_an_annual_council_meeting_are_flagged(gov_secretariat):
    today = datetime.date(2026, 6, 1)
    assert selectors.years_without_annual_council_meeting(2023, today=today) == [2023, 2024, 2025]
    start = timezone.make_aware(datetime.datetime(2024, 11, 1, 9))
    held = Meeting.objects.create(
        title="2024 年度理事会",
        kind=MeetingKind.ANNUAL_COUNCIL,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="会议室",
        rsvp_deadline=start,
    )
    Meeting.objects.filter(pk=held.pk).update(state=MeetingState.HELD)
    cancelled = Meeting.objects.create(
        title="2025 年度理事会",
        kind=MeetingKind.ANNUAL_COUNCIL,
        starts_at=start.replace(year=2025),
        ends_at=start.replace(year=2025) + datetime.timedelta(hours=2),
        place="会议室",
        rsvp_deadline=start.replace(year=2025),
    )
    Meeting.objects.filter(pk=cancelled.pk).update(state=MeetingState.CANCELLED)
    assert selectors.years_without_annual_council_meeting(2023, today=today) == [2023, 2025]


def test_the_admin_dashboard_shows_the_flag(gov_secretariat, client):
    from membership.models import Membership

    unit = member_unit()
    Membership.objects.filter(unit=unit).update(joined_on=datetime.date(2024, 3, 1))
    client.force_login(gov_secretariat)
    assert "年度理事会会议" in client.get("/admin/").content.decode()
