"""What a registrant carries: the calendar file (.ics, RFC 5545, by the `icalendar` library), the
check-in QR code (by `segno`) and the confirmation mail that brings both.

The QR code encodes the check-in URL with the registration's unguessable token
(`Registration.token`, 32 random bytes). Scanned with a phone's own camera it opens
`events:check_in` in the phone's browser: the secretariat sees the registrant and a big 签到 button,
the registrant their own ticket, anyone else a 404.
"""

import io

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task
from icalendar import Calendar, Event, vCalAddress, vText

from workflows import notifications

from .models import Registration, RegistrationState


def absolute(path: str) -> str:
    return settings.SITE_BASE_URL.rstrip("/") + path


def check_in_url(registration: Registration) -> str:
    return absolute(reverse("events:check_in", args=[registration.token]))


def qr_code(registration: Registration) -> segno.QRCode:
    return segno.make(check_in_url(registration), error="m")


def qr_svg(registration: Registration) -> str:
    """The QR code as inline SVG markup (no script, no image request: fine under the site's CSP)."""
    return qr_code(registration).svg_inline(scale=6, border=2, omitsize=True, svgclass="qr-code", title=_("签到二维码"))


def qr_png(registration: Registration) -> bytes:
    buffer = io.BytesIO()
    qr_code(registration).save(buffer, kind="png", scale=8, border=3)
    return buffer.getvalue()


def calendar_file(registration: Registration) -> bytes:
    """One VEVENT for the event, with the page's URL and the registrant as attendee."""
    event = registration.event
    calendar = Calendar()
    calendar.add("prodid", "-//全国中等职业教育合作发展联席会//活动报名//ZH")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = Event()
    entry.add("uid", f"registration-{registration.public_id}@{settings.SITE_BASE_URL.split('//')[-1].split('/')[0]}")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.start)
    entry.add("dtend", event.end)
    entry.add("summary", event.title)
    entry.add("location", event.location)
    url = absolute(event.url or "/")
    entry.add("url", url)
    description = [event.summary, _("活动页面：%(url)s") % {"url": url}, _("签到：请出示报名确认邮件中的二维码。")]
    entry.add("description", "\n".join(line for line in description if line))
    if event.organiser:
        organiser = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
        organiser.params["cn"] = vText(event.organiser)
        entry.add("organizer", organiser)
    if registration.user.email:
        attendee = vCalAddress(f"mailto:{registration.user.email}")
        attendee.params["cn"] = vText(registration.name)
        attendee.params["partstat"] = vText("ACCEPTED")
        entry.add("attendee", attendee, encode=0)
    calendar.add_component(entry)
    return calendar.to_ical()


def calendar_filename(registration: Registration) -> str:
    return f"event-{registration.event_id}.ics"


# --- mail ------------------------------------------------------------------------------------------
MAIL_TEMPLATES = {
    "registered": ("events/mail/registered.txt", gettext_lazy("报名成功：%(title)s")),
    "waitlisted": ("events/mail/waitlisted.txt", gettext_lazy("已进入候补名单：%(title)s")),
    "promoted": ("events/mail/promoted.txt", gettext_lazy("候补转正，报名成功：%(title)s")),
}


def mail_registrant(registration: Registration, kind: str) -> None:
    """Written to the outbox in the registration's own transaction (a rolled-back registration mails
    nobody) and sent once after the commit; not while demo data is loaded (notifications.suppressed)."""
    if notifications.is_suppressed():
        return
    mail = registration_mail(registration, kind)
    if mail is not None:
        notifications.send_through_outbox(**mail)


@task()
def send_registration_mail(*, registration_id: int, kind: str) -> int:
    """The queue's job before the outbox; kept so that jobs queued by the previous release still run."""
    registration = Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    mail = registration_mail(registration, kind) if registration is not None else None
    if mail is None:
        return 0
    notifications.send_through_outbox(**mail)
    return 1


def registration_mail(registration: Registration, kind: str) -> dict | None:
    """The mail of `kind` for the registration as it is now; a seat comes with the .ics file and the
    check-in QR code. None when the registrant has no address."""
    if not registration.user.email:
        return None
    template, subject = MAIL_TEMPLATES[kind]
    body = render_to_string(
        template,
        {
            "registration": registration,
            "event": registration.event,
            "site_url": settings.SITE_BASE_URL.rstrip("/"),
            "ticket_url": absolute(reverse("events:registration_detail", args=[registration.public_id])),
            "event_url": absolute(registration.event.url or "/"),
        },
    )
    attachments = []
    if registration.state in (RegistrationState.REGISTERED, RegistrationState.ATTENDED):
        attachments = [
            (calendar_filename(registration), calendar_file(registration), "text/calendar; method=PUBLISH"),
            (_("签到二维码.png"), qr_png(registration), "image/png"),
        ]
    return {
        "subject": _("【联席会】{subject}").format(subject=subject % {"title": registration.event.title}),
        "body": body,
        "recipients": [registration.user.email],
        "attachments": attachments,
    }
