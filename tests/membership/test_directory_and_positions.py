import datetime

import pytest
from django.core.exceptions import ValidationError

from membership.models import ApplicationState, CouncilPosition, Membership, Position

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_unit(draft, walk):
    return walk(draft, ApplicationState.CERTIFIED).unit


def position(unit, kind=Position.DIRECTOR, start=datetime.date(2041, 1, 1)):
    """Terms far from any other council position's, so that only the test's own positions can clash."""
    item = CouncilPosition(unit=unit, position=kind, holder_name="陈校长", term_start=start)
    item.full_clean()
    item.save()
    return item


def test_term_is_three_years_by_default(member_unit):
    assert position(member_unit).term_end == datetime.date(2043, 12, 31)


def test_only_one_chair_per_term(member_unit, other_applicant, walk):
    from membership import services
    from tests.factories import pdf_upload, unit_data

    position(member_unit, Position.CHAIR)
    other = services.application_create(
        user=other_applicant, unit_data=unit_data(name="第二所学校"), letter=pdf_upload()
    )
    # A second unit for the same term is refused; the next term is fine.
    other_unit = other.unit
    Membership.objects.create(unit=other_unit, application=other)
    with pytest.raises(ValidationError) as error:
        position(other_unit, Position.CHAIR)
    assert "同一任期内只能有一位理事长" in str(error.value)
    assert position(other_unit, Position.CHAIR, start=datetime.date(2044, 1, 1)).term_end == datetime.date(2046, 12, 31)


def test_only_active_members_hold_positions(applicant):
    from membership import services
    from tests.factories import unit_data

    unit = services.application_create(user=applicant, unit_data=unit_data(name="未入会单位")).unit
    with pytest.raises(ValidationError) as error:
        position(unit)
    assert "只有在册会员单位" in str(error.value)


def member_list(client, query="") -> str:
    return client.get(f"/members/{query}").content.decode().split('id="member-list"')[1]


def test_directory_lists_active_members_with_positions_and_filters(client, member_unit):
    position(member_unit, Position.VICE_CHAIR, start=datetime.date.today())
    html = client.get("/members/").content.decode()
    assert f"副理事长</span>{member_unit.name}（陈校长）" in html
    assert member_unit.contact_phone not in html and member_unit.contact_email not in html
    assert member_unit.name not in member_list(client, "?type=enterprise")
    assert member_unit.name in member_list(client, "?region=江苏省")
    assert client.get("/members/?region=<script>&type=x").status_code == 200


def test_directory_hides_units_that_are_not_yet_members(client, draft):
    from tests.factories.membership import ApplicationFactory

    in_review = ApplicationFactory(unit_data__name="广州市轻工职业学校", state=ApplicationState.IN_REVIEW)
    member = ApplicationFactory(unit_data__name="杭州市中策职业学校", state=ApplicationState.CERTIFIED)
    listed = member_list(client)
    assert member.unit.name in listed  # the directory does list members
    assert draft.unit.name not in listed and in_review.unit.name not in listed
