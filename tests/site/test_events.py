import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import EventPage
from tests.factories.pages import EventPageFactory

pytestmark = pytest.mark.django_db


def event(**overrides):
    start = timezone.now() + datetime.timedelta(days=10)
    fields = {
        "title": "研讨会",
        "slug": "seminar",
        "start": start,
        "end": start + datetime.timedelta(hours=4),
        "location": "线上",
    }
    fields.update(overrides)
    return EventPage(**fields)


def test_end_before_start_is_refused_with_a_message():
    start = timezone.now()
    with pytest.raises(ValidationError) as error:
        event(start=start, end=start - datetime.timedelta(hours=1)).full_clean()
    assert error.value.message_dict["end"] == ["结束时间不能早于开始时间。"]


def test_registration_deadline_after_the_end_is_refused():
    page = event()
    page.registration_deadline = page.end + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "registration_deadline" in error.value.message_dict


def test_registration_closes_at_the_deadline():
    page = event(registration_url="https://example.org/r")
    assert page.registration_open
    page.registration_deadline = timezone.now() - datetime.timedelta(minutes=1)
    assert not page.registration_open


def test_upcoming_and_past_events_are_listed_apart(client, site):
    EventPageFactory(parent=site.events, title="2026 年全国中等职业教育合作发展年度论坛", days_from_now=30)
    EventPageFactory(parent=site.events, title="“双师型”教师暑期培训班", days_from_now=-40)
    html = client.get("/events/").content.decode()
    upcoming, past = html.split("往期活动")
    assert "年度论坛" in upcoming
    assert "“双师型”教师暑期培训班" in past
