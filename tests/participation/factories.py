"""Builders for the participation suites (contributions, member centre, queues, portal): each test
makes its own data; nothing here relies on the demo content."""

import factory
from django.contrib.auth.models import User
from factory.django import DjangoModelFactory

from core import roles
from core.models import Major
from expertpool.models import CandidateState, ExpertCandidate, Route
from membercentre.models import Contribution, ContributionFile
from membership.models import ApplicationState, Membership, MembershipApplication, MemberUnit, Standing
from tests.factories import PDF_BYTES, pdf_upload, role_group


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"p_user_{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.LazyAttribute(lambda u: u.username)
    password = factory.django.Password("pw-not-used")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for code in extracted or ():
            self.groups.add(role_group(code))
        if extracted:
            self.save()


class MajorFactory(DjangoModelFactory):
    class Meta:
        model = Major

    name = factory.Sequence(lambda n: f"测试专业{n}")
    category = factory.LazyFunction(lambda: Major._meta.get_field("category").choices[0][0])


class MemberUnitFactory(DjangoModelFactory):
    class Meta:
        model = MemberUnit

    name = factory.Sequence(lambda n: f"测试职业学校{n}号")
    unit_type = "school"
    region = "江苏省"
    address = "南京市测试路 1 号"
    representative = "陈校长"
    contact_name = "刘老师"
    contact_phone = "025-12345678"
    contact_email = factory.Sequence(lambda n: f"unit{n}@school.example.org")
    account = factory.SubFactory(UserFactory)


def member_unit(**kwargs) -> MemberUnit:
    """A unit with an active membership whose account holds the members role."""
    unit = MemberUnitFactory(**kwargs)
    application = MembershipApplication.objects.create(
        unit=unit, applicant=unit.account, state=ApplicationState.CERTIFIED
    )
    Membership.objects.create(unit=unit, application=application, state=Standing.ACTIVE)
    unit.account.groups.add(role_group(roles.MEMBERS))
    return unit


def expert(major: Major, **kwargs) -> ExpertCandidate:
    """An appointed expert of `major`, with an account."""
    user = kwargs.pop("user", None) or UserFactory()
    state = kwargs.pop("state", CandidateState.APPOINTED)
    candidate = ExpertCandidate.objects.create(
        route=Route.PERSONAL,
        user=user,
        name=kwargs.pop("name", "王专家"),
        employer=kwargs.pop("employer", "某某职业技术学院"),
        title=ExpertCandidate._meta.get_field("title").choices[0][0],
        years_experience=10,
        region="江苏省",
        email=user.email,
        phone="13800000000",
        bio="从事职业教育二十年。",
        state=state,
        **kwargs,
    )
    candidate.majors.add(major)
    return candidate


class ContributionFactory(DjangoModelFactory):
    class Meta:
        model = Contribution

    unit = factory.LazyFunction(member_unit)
    submitted_by = factory.LazyAttribute(lambda c: c.unit.account)
    title = factory.Sequence(lambda n: f"数控车床编程课程标准{n}")
    summary = "一门课程的课程标准。"
    description = "适用于三年制中职数控技术应用专业。"
    major = factory.SubFactory(MajorFactory)
    resource_type = "course_standard"
    year = 2025
    visibility = "public"
    licence = "cc_by_4"


def contribution_with_file(**kwargs) -> Contribution:
    contribution = ContributionFactory(**kwargs)
    record = ContributionFile(
        contribution=contribution, original_name="课程标准.pdf", extension="pdf", size=len(PDF_BYTES)
    )
    record.file.save("课程标准.pdf", pdf_upload("课程标准.pdf"), save=False)
    record.save()
    return contribution


def library(home=None):
    """A home page under the root and the resource library under it (what migrations leave has the
    root and maybe a home page; the demo may have made both)."""
    from wagtail.models import Page, Site

    from home.models import HomePage
    from resources.models import ResourceIndexPage

    home = home or HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="首页", slug="home-test"))
        Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    index = ResourceIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=ResourceIndexPage(title="教学资源库", slug="resources"))
    return home, index
