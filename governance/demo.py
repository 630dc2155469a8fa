"""Demo governance: the charter's founding version, a held annual council meeting with agenda and
minutes, an upcoming plenary, a charter amendment in consultation (with a comment and its answer), a
work plan open for the plenary's vote, and a past election with results. Idempotent by title."""

import datetime

from django.db import transaction
from django.utils import timezone

from core import roles
from membership.models import Membership, MemberUnit, Standing
from workflows.actions import run

from . import charter, eligibility, services
from .models import (
    AgendaItem,
    Body,
    CharterVersion,
    Election,
    ElectionPosition,
    GovernanceSettings,
    Meeting,
    MeetingKind,
    Motion,
    MotionType,
)
from .voting import STAGE

MEETING_PAST = "2025 年度理事会会议"
MEETING_NEXT = "2026 年全体会员大会（联席会议）"
AMENDMENT = "关于修改《联席会条例》第十七条的议案"
WORK_PLAN = "联席会 2027 年度工作计划"
ELECTION = "第一届专家委员会及增补理事选举"


def _staff(code):
    return roles.holders(code).order_by("pk").first()


def _at(days: int, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _founding_charter() -> None:
    from core.demo.charter import CHARTER_FILE

    if not CharterVersion.objects.exists():
        CharterVersion.objects.create(
            number=1, text=CHARTER_FILE.read_text(encoding="utf-8"), in_force_from=datetime.date(2024, 1, 1)
        )
    settings = GovernanceSettings.load()
    if settings.charter_page_id is None:
        settings.charter_page = charter.charter_page()
        settings.save()


def _meetings(secretariat, council_motion=None) -> None:
    if not Meeting.objects.filter(title=MEETING_PAST).exists():
        start = timezone.make_aware(datetime.datetime(2025, 11, 20, 9))
        meeting = Meeting.objects.create(
            title=MEETING_PAST,
            kind=MeetingKind.ANNUAL_COUNCIL,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=6),
            place="上海市工业技术学校 报告厅",
            rsvp_deadline=start - datetime.timedelta(days=5),
            description="秘书处年度工作报告；2026 年度工作计划；财务决算。",
        )
        for order, title in enumerate(["秘书处 2025 年度工作报告", "2026 年度工作计划", "2025 年度财务决算"], start=1):
            AgendaItem.objects.create(meeting=meeting, sort_order=order, title=title)
        run(meeting, "send_invitations", by=secretariat)
        for invitation in meeting.invitations.all():
            invitation.answer, invitation.attended = "attend", True
            invitation.save()
        run(meeting, "mark_held", by=secretariat)
        Meeting.objects.filter(pk=meeting.pk).update(
            minutes="一、会议审议通过秘书处 2025 年度工作报告。\n二、会议审议通过 2026 年度工作计划。\n三、会议审议通过 2025 年度财务决算。"
        )
        run(Meeting.objects.get(pk=meeting.pk), "publish_minutes", by=secretariat)
    if not Meeting.objects.filter(title=MEETING_NEXT).exists():
        start = _at(21)
        meeting = Meeting.objects.create(
            title=MEETING_NEXT,
            kind=MeetingKind.PLENARY,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=4),
            place="北京市昌平职业学校",
            online_url="https://meeting.example.org/alliance-2026",
            rsvp_deadline=_at(14, 18),
            description="全体会员单位代表参加。",
        )
        for order, title in enumerate(["审议条例修改草案", "审议 2027 年度工作计划"], start=1):
            AgendaItem.objects.create(
                meeting=meeting, sort_order=order, title=title, motion=council_motion if order == 1 else None
            )
        run(meeting, "send_invitations", by=secretariat)


def _amendment(secretariat):
    motion = Motion.objects.filter(title=AMENDMENT).first()
    if motion is not None:
        return motion
    current = charter.in_force()
    text = current.text if current else "第十七条 秘书处负责联席会的日常工作。"
    amended = text.replace("每年至少召开一次理事会", "每年至少召开一次理事会，并于会后三十日内向全体会员公布会议纪要")
    if amended == text:
        amended = text + "\n\n第二十四条 本条例的修改自全体会员大会表决通过之日起施行。"
    motion = services.motion_create(
        by=secretariat,
        title=AMENDMENT,
        motion_type=MotionType.CHARTER_AMENDMENT,
        body=Body.PLENARY,
        summary="增加理事会会议纪要公开的要求。",
        text=amended,
        consultation_ends_on=timezone.localdate() + datetime.timedelta(days=14),
    )
    motion = run(motion, "start_consultation", by=secretariat)
    member_unit = MemberUnit.objects.filter(account__username="member").first()
    if member_unit is not None:
        comment = services.comment_create(
            motion=motion, user=member_unit.account, text="建议明确纪要公布的渠道（网站会员专区）。"
        )
        services.comment_reply(comment=comment, by=secretariat, text="采纳，定稿时补充“在联席会网站会员专区公布”。")
    return motion


def _work_plan(secretariat) -> None:
    if Motion.objects.filter(title=WORK_PLAN).exists():
        return
    motion = services.motion_create(
        by=secretariat,
        title=WORK_PLAN,
        motion_type=MotionType.WORK_PLAN,
        body=Body.PLENARY,
        text="一、举办全国中职专业建设研讨会两次。\n二、建设共享课程资源 50 门。\n三、联合编写教材 10 种。",
    )
    services.motion_revise(
        motion=motion,
        by=secretariat,
        note="根据秘书处会议意见修改",
        text="一、举办全国中职专业建设研讨会两次。\n二、建设共享课程资源 60 门。\n三、联合编写教材 10 种。\n四、开展校企合作典型案例征集。",
    )
    run(motion, "finalise", by=secretariat)
    ballot = services.open_motion_ballot(motion=motion, by=secretariat, secret=False, closes_at=_at(7, 18))
    for unit in eligibility.active_units().exclude(account__username="member")[:2]:
        STAGE.cast(ballot, voter=unit.account, choice="support")


def _election(secretariat) -> None:
    if Election.objects.filter(title=ELECTION).exists():
        return
    election = Election.objects.create(
        title=ELECTION, term_start=timezone.localdate(), nominations_close_on=timezone.localdate()
    )
    director = ElectionPosition.objects.create(election=election, post="director", seats=1, sort_order=1)
    expert = ElectionPosition.objects.create(election=election, post="expert_member", seats=2, sort_order=2)
    run(election, "open_nominations", by=secretariat)
    units = list(eligibility.active_units().order_by("pk"))
    for unit in units[:2]:
        services.nominate(position=director, user=unit.account, nominee=unit)
    for unit in units[:3]:
        services.nominate(position=expert, user=unit.account, nominee=unit)
    ballot = services.open_election_ballot(election=election, by=secretariat, secret=True, closes_at=_at(1))
    for index, unit in enumerate(units):
        picks = {
            str(director.pk): [director.candidates()[index % 2].pk],
            str(expert.pk): [n.pk for n in expert.candidates()[:2]],
        }
        STAGE.cast(ballot, voter=unit.account, selections=picks)
    STAGE.close(ballot, by=secretariat)
    run(Election.objects.get(pk=election.pk), "install", by=secretariat)


@transaction.atomic
def load(out, **options) -> None:
    secretariat = _staff(roles.SECRETARIAT)
    if secretariat is None or not Membership.objects.filter(state=Standing.ACTIVE).exists():
        out.write("议事与选举：缺少秘书处账号或在册会员，跳过。")
        return
    _founding_charter()
    amendment = _amendment(secretariat)
    _meetings(secretariat, amendment)
    _work_plan(secretariat)
    _election(secretariat)
    out.write("议事与选举：条例版本、会议（含议程和纪要）、征求意见中的议案、进行中的投票、已完成的选举。")
