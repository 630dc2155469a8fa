"""Builders for the event registration tests: event pages taking registrations, under the site's
events section (tests/factories/pages.py), and the answers a registrant gives. Users and member units
come from the shared factories (tests/factories/)."""

import datetime

import factory
from django.utils import timezone

from events.models import EventIndexPage, EventType
from tests.factories.membership import MemberUnitFactory
from tests.factories.pages import EventIndexPageFactory, section
from tests.factories.pages import EventPageFactory as BaseEventPageFactory
from tests.factories.users import UserFactory

__all__ = ["EventPageFactory", "MemberUnitFactory", "UserFactory", "answers"]


class EventPageFactory(BaseEventPageFactory):
    """An event taking registrations on the site, ten days ahead, registration open now, under the
    site's events section."""

    parent = factory.LazyFunction(lambda: section(EventIndexPage, EventIndexPageFactory))
    title = factory.Sequence(lambda n: f"测试研讨会{n}")
    slug = factory.Sequence(lambda n: f"ev-event-{n}")
    event_type = EventType.SEMINAR
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    location = "南京·测试会场"
    summary = "测试活动"
    takes_registrations = True
    capacity = 10
    registration_opens = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    ask_unit = True
    ask_phone = True


def answers(**overrides) -> dict:
    return {"name": "张老师", "unit": "江苏省测试中等专业学校", "phone": "13800001111", **overrides}
