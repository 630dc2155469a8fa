"""A meeting as an iCalendar file (RFC 5545), with the `icalendar` library."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def meeting_calendar(meeting, request=None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//全国中等职业教育合作发展联席会//governance//ZH")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"meeting-{meeting.public_id}@{settings.SITE_BASE_URL.split('//')[-1].strip('/')}")
    event.add("summary", meeting.title)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("dtstamp", timezone.now())
    if meeting.place:
        event.add("location", meeting.place)
    url = f"{settings.SITE_BASE_URL.rstrip('/')}/governance/meetings/{meeting.public_id}/"
    event.add("url", meeting.online_url or url)
    agenda = "\n".join(f"{n}. {item.title}" for n, item in enumerate(meeting.agenda_items.all(), start=1))
    event.add("description", "\n".join(part for part in (meeting.description, agenda, url) if part))
    if meeting.state == "cancelled":
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()
