"""Builders for the participation suites (contributions, member centre, queues, portal): each test
makes its own data; nothing here relies on the demo content."""

import factory
from factory.django import DjangoModelFactory

from core.models import Major
from expertpool.models import CandidateState, ExpertCandidate, Route
from membercentre.models import Contribution, ContributionFile
from membership.models import MemberUnit
from tests.factories import PDF_BYTES, UserFactory, pdf_upload
from tests.factories.membership import MemberUnitFactory
from tests.factories.pages import MajorFactory

__all__ = [
    "ContributionFactory",
    "MajorFactory",
    "MemberUnitFactory",
    "UserFactory",
    "contribution_with_file",
    "expert",
    "library",
    "member_unit",
]


def member_unit(**kwargs) -> MemberUnit:
    """A unit with an active membership whose account holds the members role."""
    return MemberUnitFactory(member_role=True, **kwargs)


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
    """The home page the default site serves and the resource library under it (the shared skeleton's
    sections, tests/factories/pages.py)."""
    from resources.models import ResourceIndexPage
    from tests.factories.pages import ResourceIndexPageFactory, section, site_home

    return home or site_home(), section(ResourceIndexPage, ResourceIndexPageFactory)
