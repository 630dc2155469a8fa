"""The sample site's records of the later modules: event registrations and competition entries
(site/events), member contributions and profile changes (membercentre), meetings, motions, ballots,
elections, nominations and the charter's versions (governance).

Every state is reached through the module's own services and registered actions, as the people in
`tests/factories/sample.py` would reach it; only the founding charter version is written directly
(as the governance demo writes it: no workflow makes the first one)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from events import services as event_services
from events.models import EventIndexPage, EventType
from governance import services as governance_services
from governance.models import (
    AgendaItem,
    Body,
    CharterVersion,
    Election,
    ElectionPosition,
    Meeting,
    MeetingKind,
    MotionType,
)
from membercentre import services as contribution_services
from membership.models import MemberUnit, Standing
from resources.models import ResourceIndexPage
from workflows.actions import run

from .files import pdf_upload
from .pages import EventIndexPageFactory, EventPageFactory, ResourceIndexPageFactory, major, site_home


@dataclass
class PortalRecords:
    registrations: list
    entries: list
    contributions: dict  # state → Contribution
    profile_changes: dict  # state → ProfileChangeRequest
    meetings: dict  # state → Meeting
    motions: dict  # state → Motion
    ballots: list
    elections: dict  # state → Election
    charter: list  # CharterVersion


def _index(model, factory):
    """The section the sample pages made, or (records without pages) one at its usual address."""
    return model.objects.first() or factory(parent=site_home(), revision=False)


def _at(days: int, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def events(people, secretariat, school_account):
    """A small registration event, full with one person waiting, one cancelled and one checked in;
    a competition with a member school's team."""
    index = _index(EventIndexPage, EventIndexPageFactory)
    event = EventPageFactory(
        parent=index,
        slug="registration-sample",
        title="中职课程标准开发工作坊（在线报名）",
        takes_registrations=True,
        capacity=2,
        waiting_list=True,
        registration_opens=timezone.now() - datetime.timedelta(days=1),
        ask_unit=True,
        ask_phone=True,
    )
    registrations = [
        event_services.register(
            event=event,
            user=person,
            answers={"name": f"报名者{n}", "unit": "江苏省惠山中等专业学校", "phone": f"1380000{n:04d}"},
        )
        for n, person in enumerate(people, start=1)
    ]
    registrations[0] = event_services.check_in(registration=registrations[0], by=secretariat)
    if len(registrations) > 3:
        registrations[3] = event_services.cancel(registration=registrations[3], by=registrations[3].user)
    competition = EventPageFactory(
        parent=index,
        slug="competition-sample",
        title="联席会中职学校技能大赛（工业机器人赛项）",
        event_type=EventType.COMPETITION,
        days_from_now=60,
        entry_deadline=timezone.now() + datetime.timedelta(days=30),
    )
    entries = [
        event_services.enter_competition(
            event=competition,
            user=school_account,
            team_name="上工技“智造先锋”队",
            students="李明（二年级，机电技术应用）\n王磊（二年级，工业机器人技术应用）",
            instructor="陈国华",
        )
    ]
    return registrations, entries


def _contribution(member, unit, title, **data):
    contribution = contribution_services.contribution_create(
        user=member,
        unit=unit,
        data={
            "title": title,
            "summary": f"{title}的摘要。",
            "description": "本资源由会员单位投稿。",
            "major": major("数控技术应用"),
            "resource_type": "course_standard",
            "year": 2025,
            "visibility": "public",
            "licence": "cc_by_4",
            **data,
        },
        files=[pdf_upload(f"{title}.pdf")],
    )
    return contribution


def contributions(member, unit, secretariat):
    """One contribution in each state, moved by the unit, the secretariat and the drawn expert."""
    _index(ResourceIndexPage, ResourceIndexPageFactory)
    found = {}
    found["draft"] = _contribution(member, unit, "投稿草稿：数控车削实训指导书", description="")
    submitted = _contribution(member, unit, "投稿：数控车削编程课程标准")
    found["submitted"] = contribution_services.submit(contribution=submitted, by=member)
    withdrawn = contribution_services.submit(contribution=_contribution(member, unit, "投稿：已撤回的课件"), by=member)
    found["withdrawn"] = run(withdrawn, "withdraw", by=member, confirmed=True)
    returned = contribution_services.submit(
        contribution=_contribution(member, unit, "投稿：待修改的教学设计"), by=member
    )
    found["returned"] = run(returned, "return_for_revision", by=secretariat, comment="请补充教学目标。")
    published = contribution_services.submit(
        contribution=_contribution(member, unit, "投稿：数控加工工艺课程标准"), by=member
    )
    found["published"] = run(published, "publish", by=secretariat, comment="同意发布。")
    for state, title in (("expert_review", "投稿：专家评审中的微课"), ("reviewed", "投稿：专家已评审的试题库")):
        sent = contribution_services.submit(contribution=_contribution(member, unit, title), by=member)
        sent = run(sent, "send_to_expert", by=secretariat)
        if state == "reviewed":
            sent.refresh_from_db()
            sent = run(sent, "recommend", by=sent.reviewer.user, comment="内容规范，建议发布。")
        found[state] = sent
    return found


def profile_changes(member, unit, secretariat):
    """One change approved, one refused, one waiting for the secretariat."""
    found = {}
    approved = contribution_services.profile_change_request(
        user=member, unit=unit, data={"contact_phone": "021-66660001"}
    )
    found["approved"] = run(approved, "approve", by=secretariat, comment="已核对。")
    rejected = contribution_services.profile_change_request(user=member, unit=unit, data={"contact_name": "赵老师"})
    found["rejected"] = run(rejected, "reject", by=secretariat, comment="请由单位负责人申请。")
    found["pending"] = contribution_services.profile_change_request(
        user=member, unit=unit, data={"contact_phone": "021-66660002"}
    )
    return found


def governance(secretariat):
    """The founding charter; meetings from invited to minutes published and a cancelled one; motions
    in draft, consultation (with a comment and its answer), open for a vote and passed; an election
    counted and installed. Votes are cast by the active member units' accounts."""
    charter = [
        CharterVersion.objects.create(
            number=1, text="# 第一章 总则\n第一条 本会名称。", in_force_from=datetime.date(2024, 1, 1)
        )
    ]
    units = list(MemberUnit.objects.filter(memberships__state=Standing.ACTIVE).distinct().order_by("pk"))

    meetings = {}
    for title, days, end_state in [
        ("2025 年度理事会会议", -30, "minutes_published"),
        ("2026 年第一次理事会会议", -3, "held"),
        ("2026 年全体会员大会", 21, "invited"),
        ("2026 年专题研讨会（已取消）", 10, "cancelled"),
        ("2027 年度理事会会议（筹备中）", 300, "draft"),
    ]:
        start = _at(days)
        meeting = Meeting.objects.create(
            title=title,
            kind=MeetingKind.ANNUAL_COUNCIL if "理事会" in title else MeetingKind.PLENARY,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=4),
            place="上海市工业技术学校 报告厅",
            rsvp_deadline=start - datetime.timedelta(days=2),
            description="审议年度工作报告和工作计划。",
        )
        AgendaItem.objects.create(meeting=meeting, sort_order=1, title="秘书处年度工作报告")
        if end_state != "draft":
            meeting = run(meeting, "send_invitations", by=secretariat)
        if end_state == "cancelled":
            meeting = run(meeting, "cancel", by=secretariat, comment="与技能大赛时间冲突。")
        if end_state in ("held", "minutes_published"):
            meeting = run(meeting, "mark_held", by=secretariat)
        if end_state == "minutes_published":
            Meeting.objects.filter(pk=meeting.pk).update(minutes="一、会议审议通过秘书处年度工作报告。")
            meeting = run(Meeting.objects.get(pk=meeting.pk), "publish_minutes", by=secretariat)
        meetings[end_state] = meeting

    def motion(title, motion_type=MotionType.WORK_PLAN):
        return governance_services.motion_create(
            by=secretariat,
            title=title,
            motion_type=motion_type,
            body=Body.PLENARY,
            text="一、举办全国中职专业建设研讨会两次。",
            consultation_ends_on=timezone.localdate() + datetime.timedelta(days=14),
        )

    motions, ballots = {}, []
    motions["draft"] = motion("联席会 2028 年度工作计划（草稿）")
    consultation = run(
        motion("关于修改《联席会条例》第一条的议案", MotionType.CHARTER_AMENDMENT), "start_consultation", by=secretariat
    )
    if units:
        comment = governance_services.comment_create(
            motion=consultation, user=units[0].account, text="建议明确会议纪要公布的渠道。"
        )
        governance_services.comment_reply(comment=comment, by=secretariat, text="采纳。")
    motions["consultation"] = consultation
    for title, state in [("联席会 2027 年度工作计划", "voting"), ("联席会 2026 年度财务预算", "passed")]:
        m = run(motion(title), "finalise", by=secretariat)
        ballot = governance_services.open_motion_ballot(
            motion=m, by=secretariat, secret=state == "voting", closes_at=_at(7, 18)
        )
        for unit in units:
            governance_services.cast(ballot=ballot, user=unit.account, choice="support")
        if state == "passed":
            ballot = governance_services.close_ballot(ballot=ballot, by=secretariat, comment="投票期满。")
        ballots.append(ballot)
        m.refresh_from_db()
        motions[state] = m

    elections = {}
    for title, state in [("第一届专家委员会选举", "installed"), ("增补理事选举", "nominating")]:
        election = Election.objects.create(
            title=title, term_start=timezone.localdate(), nominations_close_on=timezone.localdate()
        )
        position = ElectionPosition.objects.create(election=election, post="director", seats=1, sort_order=1)
        election = run(election, "open_nominations", by=secretariat)
        for unit in units:
            governance_services.nominate(position=position, user=unit.account, nominee=unit, statement="")
        if state == "installed":
            ballot = governance_services.open_election_ballot(
                election=election, by=secretariat, secret=True, closes_at=_at(1)
            )
            candidates = position.candidates()
            for unit in units:
                governance_services.cast(
                    ballot=ballot, user=unit.account, selections={str(position.pk): [candidates[0].pk]}
                )
            ballots.append(governance_services.close_ballot(ballot=ballot, by=secretariat))
            election = run(Election.objects.get(pk=election.pk), "install", by=secretariat)
        elections[state] = election
    return meetings, motions, ballots, elections, charter
