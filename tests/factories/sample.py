"""A small sample site with one of everything, built by the factories: what a crawl, the admin's
lists and exports, search and the privacy checks need to be meaningful (every page type, public and
members-only resources with attachments, applications and experts in every state, a panel draw).

It is not the demo: the titles are few and chosen so that tests can name what they look for, and the
addresses keep the familiar shape (/news/news-01/, /resources/resource-001/, /publications/textbook-01/).
`sample_pages()` builds the pages; `sample_records()` the workflow records (and the people in them).
The fixtures `sample_pages` / `sample_site` (tests/conftest.py) build them once per test module and roll
them back after it.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.utils import timezone

from core import roles
from expertpool import draws
from expertpool.models import CandidateState, PanelDraw
from membership.models import ApplicationState, CouncilPosition, Membership, MemberUnit, Position

from . import portal
from .expertpool import CandidateFactory, profile
from .membership import UNIT_DATA, ApplicationFactory, MembershipFactory, WorkflowStaff
from .pages import (
    CourseResourcePageFactory,
    EventPageFactory,
    NewsArticlePageFactory,
    SiteSkeleton,
    TextbookPageFactory,
    major,
    site_skeleton,
)
from .portal import PortalRecords
from .users import SuperuserFactory, UserFactory

#: (category, title, tags)
NEWS = [
    ("alliance", "全国中等职业教育合作发展联席会成立大会在京召开", ["成立大会", "理事会"]),
    ("notice", "关于征集 2026 年度共享课程资源的通知", ["资源共享", "通知"]),
    ("notice", "关于推荐第一批联席会专家库入库专家的通知", ["专家库", "通知"]),
    ("policy", "解读：深化现代职业教育体系建设改革的重点任务", ["政策解读", "产教融合"]),
    ("members", "上海市工业技术学校与智能制造企业共建实训基地", ["实训基地", "校企合作"]),
    ("media", "媒体聚焦：中职学校如何对接先进制造业人才需求", ["媒体报道", "职业教育"]),
]
#: (type, title, days from now)
EVENTS = [
    ("forum", "2026 年全国中等职业教育合作发展年度论坛", 30),
    ("seminar", "中职课程标准开发研讨会", 45),
    ("competition", "联席会中职学校技能大赛（数控车削赛项）", 75),
    ("training", "“双师型”教师暑期培训班", -40),
]
#: (major, type, title, members only, school)
RESOURCES = [
    ("数控技术应用", "course_standard", "《数控车削编程与加工》课程标准", False, "上海市工业技术学校"),
    ("数控技术应用", "question_bank", "《数控车削编程与加工》试题库", True, "上海市工业技术学校"),
    ("数控技术应用", "video", "《数控车削编程与加工》微课视频", True, "江苏省惠山中等专业学校"),
    ("护理", "lesson_plan", "《基础护理》教学设计", False, "成都市礼仪职业中学"),
    ("电子商务", "courseware", "《网店运营》课件", False, "杭州市中策职业学校"),
    ("汽车运用与维修", "training_guide", "《汽车发动机构造与维修》实训指导书", False, "天津市第一商业学校"),
    ("幼儿保育", "case", "《幼儿游戏活动设计》教学案例", True, "成都市礼仪职业中学"),
]
#: (title, major, co-publishers)
TEXTBOOKS = [
    ("数控车削加工技术", "数控技术应用", ["上海市工业技术学校"]),
    ("基础护理技术", "护理", []),
]


@dataclass
class SamplePages(SiteSkeleton):
    articles: list = field(default_factory=list)
    events_list: list = field(default_factory=list)
    resource_pages: list = field(default_factory=list)
    textbooks: list = field(default_factory=list)


def sample_pages() -> SamplePages:
    skeleton = site_skeleton()
    pages = SamplePages(**vars(skeleton))
    today = timezone.localdate()
    for number, (category, title, tags) in enumerate(NEWS, start=1):
        pages.articles.append(
            NewsArticlePageFactory(
                parent=skeleton.news,
                slug=f"news-{number:02d}",
                title=title,
                category=category,
                date=today - datetime.timedelta(days=7 * number),
                tags=tags,
            )
        )
    for number, (event_type, title, days) in enumerate(EVENTS, start=1):
        pages.events_list.append(
            EventPageFactory(
                parent=skeleton.events,
                slug=f"event-{number:02d}",
                title=title,
                event_type=event_type,
                days_from_now=days,
            )
        )
    for number, (major_name, resource_type, title, members_only, school) in enumerate(RESOURCES, start=1):
        pages.resource_pages.append(
            CourseResourcePageFactory(
                parent=skeleton.resources,
                slug=f"resource-{number:03d}",
                title=title,
                major=major(major_name),
                resource_type=resource_type,
                school=school,
                year=2023 + number % 4,
                members_only=members_only,
                tags=[major_name],
            )
        )
    for number, (title, major_name, co_publishers) in enumerate(TEXTBOOKS, start=1):
        pages.textbooks.append(
            TextbookPageFactory(
                parent=skeleton.publications,
                slug=f"textbook-{number:02d}",
                title=title,
                major=major(major_name),
                co_publishers=co_publishers,
            )
        )
    return pages


@dataclass
class SampleRecords:
    """People by role and the records they moved. `member` is the contact of a certified unit (it
    holds the member role); `expert` an appointed expert's account; `applicant` someone whose
    application was submitted."""

    admin: User
    editor: User
    moderator: User
    staff: WorkflowStaff
    committee: list
    member: User
    expert: User
    applicant: User
    applications: dict  # state → MembershipApplication
    memberships: dict  # "active" / "leaving" / "left" → Membership
    candidates: dict  # name → ExpertCandidate (one per state; see EXPERTS)
    draw: PanelDraw
    portal: PortalRecords  # events, contributions, profile changes, governance (tests/factories/portal.py)


#: (unit name, type, region, state)
UNITS = [
    ("上海市工业技术学校", "school", "上海市", ApplicationState.CERTIFIED),
    ("华东智能制造装备有限公司", "enterprise", "江苏省", ApplicationState.CERTIFIED),
    ("广州市轻工职业学校", "school", "广东省", ApplicationState.IN_DISCUSSION),
    ("青岛西海岸新区职业中等专业学校", "school", "山东省", ApplicationState.IN_REVIEW),
    ("江苏省惠山中等专业学校", "school", "江苏省", ApplicationState.APPROVED),
    ("深圳新能源汽车技术服务有限公司", "enterprise", "广东省", ApplicationState.SUBMITTED),
    ("中国职业教育研究院（示例）", "research_institute", "北京市", ApplicationState.NEEDS_REVISION),
    ("重庆市工商学校", "school", "重庆市", ApplicationState.DRAFT),
    ("西安市旅游职业中专", "school", "陕西省", ApplicationState.REJECTED),
    ("南宁市第一职业技术学校", "school", "广西壮族自治区", ApplicationState.WITHDRAWN),
    ("成都市礼仪职业中学", "school", "四川省", "leaving"),
    ("天津市第一商业学校", "school", "天津市", "left"),
]
#: (name, employer, majors, state)
EXPERTS = [
    ("王建国", "上海市工业技术学校", ["数控技术应用", "机电技术应用"], CandidateState.APPOINTED),
    ("李明", "北京市昌平职业学校", ["数控技术应用"], CandidateState.APPOINTED),
    ("张华", "华东智能制造装备有限公司", ["数控技术应用", "工业机器人技术应用"], CandidateState.APPOINTED),
    ("周丽", "成都市礼仪职业中学", ["幼儿保育"], CandidateState.APPOINTED),
    ("孙悦", "广州市轻工职业学校", ["电子商务"], CandidateState.IN_SELECTION),
    ("林晓", "某三甲医院护理部", ["护理"], CandidateState.SUBMITTED),
    ("何静", "青岛西海岸新区职业中等专业学校", ["护理"], CandidateState.APPLIED),
    ("郑伟", "某职业技术师范大学", ["数控技术应用"], CandidateState.EXPIRED),
    ("吴芳", "重庆市工商学校", ["会计事务"], CandidateState.REJECTED),
    ("马涛", "某软件公司", ["计算机应用"], CandidateState.WITHDRAWN),
    ("钱学森（示例）", "上海某研究院", ["工业机器人技术应用"], CandidateState.NOMINATED),
    ("高峰", "上海某装备公司", ["数控技术应用"], CandidateState.DECLINED),
]


def sample_records() -> SampleRecords:
    staff = WorkflowStaff(
        secretariat=UserFactory(username="sample_secretariat", roles=[roles.SECRETARIAT]),
        chair=UserFactory(username="sample_chair", roles=[roles.CHAIR]),
        council=[UserFactory(username=f"sample_council{n}", roles=[roles.COUNCIL]) for n in range(3)],
    )
    committee = [UserFactory(username=f"sample_committee{n}", roles=[roles.EXPERT_COMMITTEE]) for n in range(3)]
    applications, memberships = {}, {}
    for index, (name, unit_type, region, state) in enumerate(UNITS, start=1):
        applicant = UserFactory(username=f"unit{index:02d}")
        data = {**UNIT_DATA, "name": name, "unit_type": unit_type, "region": region}
        if state in ("leaving", "left"):
            application = ApplicationFactory(
                applicant=applicant, unit_data=data, staff=staff, state=ApplicationState.CERTIFIED
            )
            memberships[state] = MembershipFactory(application=application, state=state)
        else:
            applications[state] = ApplicationFactory(applicant=applicant, unit_data=data, staff=staff, state=state)
    certified = applications[ApplicationState.CERTIFIED]
    memberships["active"] = Membership.objects.get(application=certified)
    for unit_name, position in [
        ("上海市工业技术学校", Position.CHAIR),
        ("华东智能制造装备有限公司", Position.VICE_CHAIR),
    ]:
        unit = MemberUnit.objects.get(name=unit_name)
        CouncilPosition.objects.create(unit=unit, position=position, holder_name=unit.representative)
    member = certified.applicant
    candidates = {}
    for index, (name, employer, major_names, state) in enumerate(EXPERTS, start=1):
        employer_unit = MemberUnit.objects.filter(name=employer).first()
        candidates[name] = CandidateFactory(
            user=UserFactory(username=f"expert{index:02d}"),
            data=profile(
                name=name, employer=employer, employer_unit=employer_unit, email=f"expert{index:02d}@example.org"
            ),
            majors=[major(m) for m in major_names],
            state=state,
            recommended_by=member,
        )
    draw = draws.draw_panel(
        major=major("数控技术应用"),
        size=2,
        purpose="2026 年数控技术应用专业示范专业评审",
        evaluated_unit=applications[ApplicationState.APPROVED].unit,
        by=staff.secretariat,
    )
    draw = draws.replace_declined(
        draw=draw, declined_id=draw.result_ids[0], by=staff.secretariat, reason="评审当日有教学任务"
    )
    school_account = MemberUnit.objects.get(name="上海市工业技术学校").account
    registrations, entries = portal.events(
        [UserFactory(username=f"attendee{n:02d}") for n in range(1, 5)], staff.secretariat, school_account
    )
    member_unit = MemberUnit.objects.get(account=member)
    meetings, motions, ballots, elections, charter = portal.governance(staff.secretariat)
    portal_records = PortalRecords(
        registrations=registrations,
        entries=entries,
        contributions=portal.contributions(member, member_unit, staff.secretariat),
        profile_changes=portal.profile_changes(member, member_unit, staff.secretariat),
        meetings=meetings,
        motions=motions,
        ballots=ballots,
        elections=elections,
        charter=charter,
    )
    return SampleRecords(
        admin=SuperuserFactory(username="sample_admin"),
        editor=UserFactory(username="sample_editor", roles=[roles.EDITORS]),
        moderator=UserFactory(username="sample_moderator", roles=[roles.MODERATORS]),
        staff=staff,
        committee=committee,
        member=member,
        expert=candidates["王建国"].user,
        applicant=applications[ApplicationState.SUBMITTED].applicant,
        applications=applications,
        memberships=memberships,
        candidates=candidates,
        draw=draw,
        portal=portal_records,
    )
