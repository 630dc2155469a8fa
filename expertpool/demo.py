"""Demo experts in every state and one recorded panel draw. Idempotent by the expert's e-mail."""

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from core import roles
from core.demo.users import DEMO_MAIL_DOMAIN
from core.models import Major
from membership.models import MemberUnit
from workflows.actions import run

from . import draws, services
from .actions import SELECTION
from .models import CandidateState, ExpertCandidate, PanelDraw

S = CandidateState

#: (name, employer, title, majors, target state)
EXPERTS = [
    ("王建国", "上海市工业技术学校", "senior", ["数控技术应用", "机电技术应用"], S.APPOINTED),
    ("李明", "北京市昌平职业学校", "associate_senior", ["数控技术应用"], S.APPOINTED),
    ("张华", "华东智能制造装备有限公司", "industry", ["数控技术应用", "工业机器人技术应用"], S.APPOINTED),
    ("赵敏", "杭州市中策职业学校", "senior", ["电子商务", "直播电商服务"], S.APPOINTED),
    ("刘强", "某汽车集团技术中心", "industry", ["汽车运用与维修", "新能源汽车运用与维修"], S.APPOINTED),
    ("陈立新", "江苏省惠山中等专业学校", "associate_senior", ["数控技术应用"], S.APPOINTED),
    ("周丽", "成都市礼仪职业中学", "senior", ["幼儿保育"], S.APPOINTED),
    ("黄志强", "天津市第一商业学校", "associate_senior", ["机电技术应用", "数控技术应用"], S.APPOINTED),
    ("孙悦", "广州市轻工职业学校", "intermediate", ["电子商务"], S.IN_SELECTION),
    ("林晓", "某三甲医院护理部", "senior", ["护理"], S.SUBMITTED),
    ("何静", "青岛西海岸新区职业中等专业学校", "associate_senior", ["护理"], S.APPLIED),
    ("郑伟", "某职业技术师范大学", "senior", ["数控技术应用"], S.EXPIRED),
    ("吴芳", "重庆市工商学校", "intermediate", ["会计事务"], S.REJECTED),
    ("马涛", "某软件公司", "industry", ["计算机应用"], S.WITHDRAWN),
]
#: Recommended by the demo member's unit: one waiting for consent, one declined.
NOMINEES = [
    ("钱学森（示例）", "上海某研究院", "senior", ["工业机器人技术应用"], S.NOMINATED),
    ("高峰", "上海某装备公司", "industry", ["数控技术应用"], S.DECLINED),
]


def _profile(name, employer, title, index) -> dict:
    return {
        "name": name,
        "employer": employer,
        "employer_unit": MemberUnit.objects.filter(name=employer).first(),
        "title": title,
        "position": "专业带头人",
        "keywords": "课程标准开发、实训基地建设、技能大赛指导",
        "years_experience": 10 + index,
        "region": "上海市" if "上海" in employer else "北京市",
        "email": f"expert{index:02d}@{DEMO_MAIL_DOMAIN}",
        "phone": "010-00000000",
        "bio": f"{name}长期从事职业教育教学与研究工作，主持或参与多项课程标准和教学资源建设项目。",
    }


def _user(index: int) -> User:
    user, created = User.objects.get_or_create(
        username=f"expert{index:02d}", defaults={"email": f"expert{index:02d}@{DEMO_MAIL_DOMAIN}"}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


@transaction.atomic
def load(out, **options) -> None:
    secretariat = roles.holders(roles.SECRETARIAT).order_by("pk").first()
    committee = list(roles.holders(roles.EXPERT_COMMITTEE))
    majors = {m.name: m for m in Major.objects.all()}
    created = 0
    for index, (name, employer, title, major_names, target) in enumerate(EXPERTS, start=1):
        if ExpertCandidate.objects.filter(email=f"expert{index:02d}@{DEMO_MAIL_DOMAIN}").exists():
            continue
        user = _user(index)
        candidate = services.apply(
            user=user,
            data=_profile(name, employer, title, index),
            majors=[majors[m] for m in major_names],
            submit=target != S.APPLIED,
        )
        _advance(candidate, target, user=user, secretariat=secretariat, committee=committee)
        created += 1
    member = User.objects.get(username="member")
    unit = MemberUnit.objects.filter(account=member).first()
    for offset, (name, employer, title, major_names, target) in enumerate(NOMINEES, start=len(EXPERTS) + 1):
        if unit is None or ExpertCandidate.objects.filter(email=f"expert{offset:02d}@{DEMO_MAIL_DOMAIN}").exists():
            continue
        candidate, token = services.recommend(
            by=member,
            unit=unit,
            data=_profile(name, employer, title, offset),
            majors=[majors[m] for m in major_names],
            recommendation="在智能制造领域有突出成就，熟悉职业教育。",
        )
        if target == S.DECLINED:
            services.decline(token=token, comment="近期工作繁忙，暂不参加。")
        created += 1
    if not PanelDraw.objects.exists():
        evaluated = MemberUnit.objects.filter(name="江苏省惠山中等专业学校").first()
        draw = draws.draw_panel(
            major=majors["数控技术应用"],
            size=3,
            purpose="2026 年数控技术应用专业示范专业评审",
            evaluated_unit=evaluated,
            by=secretariat,
        )
        draws.replace_declined(draw=draw, declined_id=draw.result_ids[0], by=secretariat, reason="评审当日有教学任务")
    out.write(f"专家库：新建演示专家 {created} 位（覆盖所有状态），评审专家抽取记录 {PanelDraw.objects.count()} 条。")


def _advance(candidate, target, *, user, secretariat, committee):
    if target in (S.APPLIED, S.SUBMITTED):
        return
    if target == S.WITHDRAWN:
        run(candidate, "withdraw", by=user, comment="个人原因", confirmed=True)
        return
    all_pass = dict.fromkeys(services.QUALIFICATION_ITEMS, (True, ""))
    if target == S.REJECTED:
        failed = {**all_pass, services.QUALIFICATION_ITEMS[1]: (False, "职称不满足副高级以上要求")}
        services.review_qualification(candidate=candidate, by=secretariat, results=failed)
        return
    candidate = services.review_qualification(
        candidate=candidate, by=secretariat, results=all_pass, comment="材料齐全，资格符合。"
    )
    for member in committee:
        SELECTION.cast(candidate, voter=member, choice="support", comment="同意入库")
    if target == S.IN_SELECTION:
        return
    candidate = SELECTION.close(candidate, by=secretariat)
    if target == S.EXPIRED:
        # A term that began three years ago: move its dates back, then let the daily job expire it.
        start = timezone.localdate() - datetime.timedelta(days=3 * 365 + 10)
        ExpertCandidate.objects.filter(pk=candidate.pk).update(
            term_start=start, term_end=start + datetime.timedelta(days=3 * 365)
        )
        services.expire_terms()
