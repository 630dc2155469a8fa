"""Demo content of event registration: an event in its members' priority window, a full event with
a waiting list, a competition taking entries from member schools and a past one with its results.
Idempotent: pages by slug, registrations and entries only when their event has none."""

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from core.demo.users import DEMO_MAIL_DOMAIN
from membership.models import MemberUnit, Standing

from . import services
from .models import Award, CompetitionEntry, EventIndexPage, EventPage, EventType, Registration

ATTENDEES = [
    ("attendee01", "林晓梅", "福建省厦门工商旅游学校", "教务处主任"),
    ("attendee02", "郭建军", "河南省驻马店财经学校", "教师"),
    ("attendee03", "欧阳丽", "湖南省湘潭生物机电学校", "专业部部长"),
    ("attendee04", "杜鹏", "黑龙江省林业卫生学校", "教师"),
    ("attendee05", "谢雨桐", "云南省曲靖农业学校", "教研室主任"),
]

COMPETITION_TEAMS = [
    (
        "上海市工业技术学校",
        "上工技“智造先锋”队",
        "李明（二年级，机电技术应用）\n王磊（二年级，工业机器人技术应用）",
        "陈国华",
    ),
    (
        "北京市昌平职业学校",
        "昌职“匠心”队",
        "赵一凡（三年级，智能设备运行与维护）\n孙悦（二年级，机电技术应用）",
        "刘春生",
    ),
    ("杭州市中策职业学校", "中策“钱塘”队", "周航（二年级，数控技术应用）\n吴佳琪（二年级，机电技术应用）", "沈建平"),
]


def _attendee(username: str, full_name: str, password: str | None) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name=full_name, email=f"{username}@{DEMO_MAIL_DOMAIN}")
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    return user


def _event(index: EventIndexPage, slug: str, **fields) -> tuple[EventPage, bool]:
    existing = EventPage.objects.child_of(index).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    page = EventPage(slug=slug, organiser="全国中等职业教育合作发展联席会秘书处", **fields)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def load(out, password: str | None = None, **options) -> None:
    index = EventIndexPage.objects.first()
    if index is None:
        out.write("活动报名演示：没有活动栏目，跳过。")
        return
    now = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    day = datetime.timedelta(days=1)

    # Members may register now; everyone else from tomorrow (Art. 9.3). The e2e journey registers here.
    priority, _ = _event(
        index,
        "registration-demo-training",
        title="中职教师信息化教学能力提升研修班（在线报名）",
        event_type=EventType.TRAINING,
        start=now + 21 * day,
        end=now + 22 * day,
        location="杭州·杭州市中策职业学校",
        summary="面向会员单位骨干教师的两天研修：信息化教学设计、课堂实录分析与资源建设。会员单位可提前三天报名。",
        takes_registrations=True,
        capacity=60,
        registration_opens=now + day,
        member_priority_days=3,
        registration_deadline=now + 14 * day,
        cancel_deadline=now + 18 * day,
        per_unit_cap=3,
        ask_title=True,
        ask_dietary=True,
    )

    full, _ = _event(
        index,
        "registration-demo-full",
        title="中职课程思政教学研讨会（名额已满，可候补）",
        event_type=EventType.SEMINAR,
        start=now + 10 * day,
        end=now + 10 * day + datetime.timedelta(hours=8),
        location="南京·江苏省惠山中等专业学校",
        summary="小型研讨会，名额 3 人，已报满；新报名进入候补名单，有人取消时自动递补。",
        takes_registrations=True,
        capacity=3,
        registration_opens=now - 5 * day,
        registration_deadline=now + 7 * day,
        ask_title=True,
    )
    if not Registration.objects.filter(event=full).exists():
        for username, name, unit, title in ATTENDEES:
            user = _attendee(username, name, password)
            services.register(
                event=full, user=user, answers={"name": name, "unit": unit, "title": title, "phone": "13800000000"}
            )

    competition, _ = _event(
        index,
        "registration-demo-competition",
        title="第五届全国中职学校技能大赛（智能制造赛项）",
        event_type=EventType.COMPETITION,
        start=now + 45 * day,
        end=now + 46 * day,
        location="上海·上海市工业技术学校",
        summary="会员学校组队参赛（每队 2 名学生、1 名指导教师），在本站提交参赛队伍。",
        entry_deadline=now + 30 * day,
    )
    past, _ = _event(
        index,
        "registration-demo-competition-2025",
        title="第四届全国中职学校技能大赛（智能制造赛项）",
        event_type=EventType.COMPETITION,
        start=now - 60 * day,
        end=now - 59 * day,
        location="北京·北京市昌平职业学校",
        summary="上届大赛结果已公布。",
        entry_deadline=now - 90 * day,
        results_published=True,
        results_note="<p>经评审委员会评定，现将获奖名单公布如下。</p>",
    )
    units = {
        unit.name: unit
        for unit in MemberUnit.objects.filter(
            memberships__state=Standing.ACTIVE, name__in=[t[0] for t in COMPETITION_TEAMS]
        )
    }
    awards = [Award.FIRST, Award.SECOND, Award.THIRD]
    for event, with_awards in ((competition, False), (past, True)):
        if CompetitionEntry.objects.filter(event=event).exists():
            continue
        for position, (unit_name, team, students, instructor) in enumerate(COMPETITION_TEAMS):
            unit = units.get(unit_name)
            if unit is None:
                continue
            CompetitionEntry.objects.create(
                event=event,
                unit=unit,
                submitted_by=unit.account,
                team_name=team,
                students=students,
                instructor=instructor,
                award=awards[position] if with_awards else "",
                score=(95 - 4 * position) if with_awards else None,
            )
    out.write(
        "活动报名：{priority}（会员优先期）、{full}（已满，候补 {waiting} 人）、{competition}（参赛 {entries} 队）".format(
            priority=priority.title,
            full=full.title,
            waiting=Registration.objects.filter(event=full, state="waitlisted").count(),
            competition=competition.title,
            entries=CompetitionEntry.objects.filter(event=competition).count(),
        )
    )
