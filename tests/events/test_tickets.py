"""What a registrant receives: the confirmation mail, the .ics file, the QR code."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from events import services, tickets
from tests.events.factories import EventPageFactory, UserFactory, answers

pytestmark = pytest.mark.django_db


def test_the_confirmation_mail_brings_the_calendar_file_and_the_qr_code(
    event, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(event=event, user=person, answers=answers())
    sent = [m for m in mail.outbox if m.to == [person.email]]
    assert len(sent) == 1
    message = sent[0]
    assert message.subject == f"【联席会】报名成功：{event.title}"
    assert reverse("events:registration_detail", args=[registration.public_id]) in message.body
    (ics_name, ics, ics_type), (png_name, png, png_type) = message.attachments
    assert ics_name.endswith(".ics") and ics_type.startswith("text/calendar")
    assert png_type == "image/png" and png.startswith(b"\x89PNG\r\n\x1a\n")
    Calendar.from_ical(ics)  # parses


def test_a_waiting_person_is_mailed_without_a_ticket(django_capture_on_commit_callbacks):
    event = EventPageFactory(capacity=1)
    services.register(event=event, user=UserFactory(), answers=answers())
    waiting = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event=event, user=waiting, answers=answers())
    message = next(m for m in mail.outbox if m.to == [waiting.email])
    assert "候补" in message.subject and message.attachments == []


def test_a_refused_registration_mails_nobody(django_capture_on_commit_callbacks, person):
    event = EventPageFactory(capacity=1, waiting_list=False)
    services.register(event=event, user=UserFactory(), answers=answers())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception, match="名额已满"):
        services.register(event=event, user=person, answers=answers())
    assert mail.outbox == []


def test_the_calendar_file_describes_the_event(client, event, person):
    registration = services.register(event=event, user=person, answers=answers(name="王老师"))
    client.force_login(person)
    response = client.get(reverse("events:registration_calendar", args=[registration.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    assert str(vevent["LOCATION"]) == event.location
    assert vevent.decoded("DTSTART") == event.start.replace(microsecond=0) or vevent.decoded("DTSTART") == event.start
    assert vevent.decoded("DTEND") - vevent.decoded("DTSTART") == datetime.timedelta(hours=8)
    assert str(vevent["UID"]).startswith(f"registration-{registration.public_id}@")
    assert str(vevent["ATTENDEE"]) == f"mailto:{person.email}"
    assert vevent["ATTENDEE"].params["CN"] == "王老师"
    assert str(vevent["URL"]).endswith(event.url)


def test_the_qr_code_encodes_the_check_in_address_with_the_token(event, person):
    registration = services.register(event=event, user=person, answers=answers())
    url = tickets.check_in_url(registration)
    assert url == f"https://lxh.example.org/events/check-in/{registration.token}/"
    assert len(registration.token) >= 40  # 32 random bytes, URL-safe
    assert tickets.qr_code(registration).designator  # encodes (segno raises on data it cannot)
    other = services.register(event=event, user=UserFactory(), answers=answers())
    assert other.token != registration.token
