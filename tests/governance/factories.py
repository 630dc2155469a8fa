"""Builders for the governance suites: member units with memberships, council positions, motions,
ballots, elections. Nothing here relies on the demo content."""

import datetime
import itertools

from django.utils import timezone

from core import roles
from governance import services
from governance.models import Body, Election, ElectionPosition, Motion, MotionType
from membership.models import CouncilPosition, MemberUnit, Standing, UnitAccount, UnitAccountRole
from tests.factories import role_group, unit_data, user_with_role
from tests.factories.membership import MemberUnitFactory

_serial = itertools.count(1)


def setup_roles() -> None:
    for code in roles.ALL_GROUPS:
        role_group(code)


def member_unit(name: str | None = None, *, state: str = Standing.ACTIVE, account=None) -> MemberUnit:
    """A certified member unit with its contact account (in the members role)."""
    n = next(_serial)
    account = account or user_with_role(f"unit_contact_{n}", roles.MEMBERS)
    return MemberUnitFactory(account=account, standing=state, **unit_data(name=name or f"测试会员单位{n}"))


def colleague(unit: MemberUnit, role: str = UnitAccountRole.COLLEAGUE, username: str | None = None):
    user = user_with_role(username or f"colleague_{next(_serial)}", roles.MEMBERS)
    UnitAccount.objects.create(unit=unit, user=user, role=role)
    return user


def council_seat(unit: MemberUnit, position: str = "director", *, start=None) -> CouncilPosition:
    start = start or timezone.localdate() - datetime.timedelta(days=30)
    return CouncilPosition.objects.create(
        unit=unit, position=position, holder_name=unit.representative, term_start=start
    )


def motion(by, *, motion_type: str = MotionType.OTHER, body: str = Body.PLENARY, text: str = "第一条 原文。") -> Motion:
    return services.motion_create(
        by=by,
        title=f"测试议案{next(_serial)}",
        motion_type=motion_type,
        body=body,
        text=text,
        consultation_ends_on=timezone.localdate() + datetime.timedelta(days=7),
    )


def in_a_week():
    return timezone.now() + datetime.timedelta(days=7)


def open_ballot(by, *, body: str = Body.PLENARY, secret: bool = False, motion_type: str = MotionType.OTHER):
    """A motion put straight to the vote (a non-charter motion may skip consultation)."""
    from workflows.actions import run

    m = motion(by, body=body, motion_type=motion_type)
    run(m, "finalise", by=by)
    return services.open_motion_ballot(motion=m, by=by, secret=secret, closes_at=in_a_week())


def election(by, posts=(("chair", 1), ("director", 2))) -> Election:
    e = Election.objects.create(
        title=f"第{next(_serial)}届理事会选举",
        term_start=timezone.localdate() + datetime.timedelta(days=1),
        nominations_close_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    for order, (post, seats) in enumerate(posts):
        ElectionPosition.objects.create(election=e, post=post, seats=seats, sort_order=order)
    return e
