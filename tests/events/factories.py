"""Builders for the event registration tests: users, member units with an active membership, event
pages under an index page of their own. Nothing here relies on the demo content."""

import datetime

import factory
import wagtail_factories
from django.contrib.auth.models import User
from django.utils import timezone
from wagtail.models import Page

from events.models import EventIndexPage, EventPage, EventType
from home.models import HomePage
from membership.models import ApplicationState, Membership, MembershipApplication, MemberUnit
from tests.factories import role_group, unit_data


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"ev_user_{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = factory.Sequence(lambda n: f"报名者{n}")
    password = factory.django.Password("pw-not-used")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for code in extracted or ():
            self.groups.add(role_group(code))


class MemberUnitFactory(factory.django.DjangoModelFactory):
    """A unit with an active membership (certified application), whose account is `account`."""

    class Meta:
        model = MemberUnit
        skip_postgeneration_save = True

    account = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"测试中等职业学校{n}号")
    unit_type = "school"
    region = "江苏省"
    address = unit_data()["address"]
    representative = "陈校长"
    contact_name = "刘老师"
    contact_phone = "025-12345678"
    contact_email = factory.LazyAttribute(lambda unit: unit.account.email)

    @factory.post_generation
    def active(self, create, extracted, **kwargs):
        if extracted is False:
            return
        application = MembershipApplication.objects.create(
            unit=self, applicant=self.account, state=ApplicationState.CERTIFIED
        )
        Membership.objects.create(unit=self, application=application)


def home_page() -> Page:
    """The site's home page: the one migrations or an earlier fixture left, or a new one under the root."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    if root is None:  # a flushed database (transaction=True tests): rebuild what migrations make
        from django.conf import settings
        from wagtail.models import Locale, Site

        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.add_root(instance=Page(title="Root", slug="root"))
        home = HomePage(title="联席会", slug="ev-home")
        root.add_child(instance=home)
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
        return home
    home = HomePage(title="联席会", slug="ev-home")
    root.add_child(instance=home)
    return home


class EventIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventIndexPage

    title = "活动"
    slug = factory.Sequence(lambda n: f"ev-index-{n}")
    parent = factory.LazyFunction(home_page)


class EventPageFactory(wagtail_factories.PageFactory):
    """An event taking registrations on the site, ten days ahead, registration open now."""

    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"测试研讨会{n}")
    slug = factory.Sequence(lambda n: f"ev-event-{n}")
    parent = factory.SubFactory(EventIndexPageFactory)
    event_type = EventType.SEMINAR
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=8))
    location = "南京·测试会场"
    organiser = "联席会秘书处"
    summary = "测试活动"
    takes_registrations = True
    capacity = 10
    registration_opens = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    ask_unit = True
    ask_phone = True


def answers(**overrides) -> dict:
    return {"name": "张老师", "unit": "江苏省测试中等专业学校", "phone": "13800001111", **overrides}
