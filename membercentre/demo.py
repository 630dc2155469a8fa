"""Demo content of the member centre and the portal: the secretariat's contact details, friendly
links, a contribution in review and a published one with its contributor; the two calling notices
link to where a unit answers them. Idempotent (by title, by name, only when blank)."""

from django.contrib.auth.models import User
from django.db import transaction
from wagtail.models import Site
from wagtail.rich_text import RichText

from core import roles
from core.models import ContactSettings, FriendlyLink, Major
from membership.demo import _pdf
from membership.models import MemberUnit
from news.models import NewsArticlePage
from workflows.actions import run

from . import services
from .models import Contribution

CONTACT = {
    "address": "北京市西城区示例路 100 号 联席会秘书处",
    "postcode": "100032",
    "phone": "010-12345678",
    "email": "secretariat@lxh.demo",
    "office_hours": "工作日 9:00—17:00",
}

LINKS = [
    ("中华人民共和国教育部", "https://www.moe.gov.cn/"),
    ("中国职业技术教育学会", "https://www.chinazy.org/"),
    ("全国职业院校技能大赛", "https://www.chinaskills-jsw.org/"),
    ("国家智慧教育公共服务平台", "https://www.smartedu.cn/"),
]

CONTRIBUTIONS = [
    # (title, major, resource type, visibility, licence, publish?)
    ("工业机器人编程与操作课程标准（会员投稿）", "工业机器人技术应用", "course_standard", "public", "cc_by_4", True),
    ("数控车削加工微课教学设计（会员投稿）", "数控技术应用", "lesson_plan", "members", "members_internal", False),
]

NOTICE_LINKS = {
    "关于推荐第一批联席会专家库入库专家的通知": (
        '<p>个人申请入库请<a href="/experts/apply/">在线填写专家申请</a>；会员单位推荐专家请'
        '<a href="/experts/recommend/">在线推荐</a>（被推荐人确认同意后进入审核）。'
        '申请和推荐的进度可在<a href="/me/">个人中心</a>查看。</p>'
    ),
    "关于征集 2026 年度共享课程资源的通知": (
        '<p>会员单位请登录后在<a href="/me/">个人中心</a><a href="/me/contributions/new/">投稿教学资源</a>，'
        "选择可见范围和使用许可；经审核后发布到教学资源库并注明贡献单位。</p>"
    ),
}


def load(out, **options) -> None:
    with transaction.atomic():
        _contact()
        links = _links()
        contributions = _contributions()
        _profile_change()
        _notices()
    out.write(
        f"个人中心：友情链接 {links} 条，会员投稿 {contributions} 份（审核中与已发布各一），单位信息变更申请一份。"
    )


def _contact() -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    contact = ContactSettings.for_site(site)
    changed = False
    for name, value in CONTACT.items():
        if not getattr(contact, name):
            setattr(contact, name, value)
            changed = True
    if changed:
        contact.save()


def _links() -> int:
    for order, (name, url) in enumerate(LINKS, start=1):
        FriendlyLink.objects.get_or_create(name=name, defaults={"url": url, "sort_order": order})
    return FriendlyLink.objects.count()


def _contributions() -> int:
    member = User.objects.filter(username="member").first()
    unit = MemberUnit.objects.filter(account=member).first() if member else None
    secretariat = roles.holders(roles.SECRETARIAT).order_by("pk").first()
    if unit is None or secretariat is None:
        return 0
    for title, major_name, resource_type, visibility, licence, publish in CONTRIBUTIONS:
        if Contribution.objects.filter(title=title).exists():
            continue
        major = Major.objects.filter(name=major_name).first() or Major.objects.first()
        contribution = services.contribution_create(
            user=member,
            unit=unit,
            data={
                "title": title,
                "summary": f"{unit.name}在教学实践中形成的{title.split('（')[0]}，供会员单位参考使用。",
                "description": "本资源由会员单位投稿，经联席会秘书处审核后发布。",
                "major": major,
                "resource_type": resource_type,
                "year": 2025,
                "visibility": visibility,
                "licence": licence,
            },
            files=[_pdf("resource.pdf", title, "会员单位投稿的教学资源（演示）。")],
        )
        contribution = services.submit(contribution=contribution, by=member)
        if publish:
            run(contribution, "publish", by=secretariat, comment="内容完整，格式规范，同意发布。")
    return Contribution.objects.count()


def _profile_change() -> None:
    """The member unit has asked to change its contact phone: the secretariat's queue shows it."""
    member = User.objects.filter(username="member").first()
    unit = MemberUnit.objects.filter(account=member).first() if member else None
    if unit is None or unit.profile_change_requests.exists():
        return
    services.profile_change_request(user=member, unit=unit, data={"contact_phone": "021-66660000"})


def _notices() -> None:
    for title, html in NOTICE_LINKS.items():
        page = NewsArticlePage.objects.filter(title=title).first()
        if page is None or any(html[:30] in getattr(block.value, "source", "") for block in page.body):
            continue
        page.body.append(("paragraph", RichText(html)))
        page.save_revision().publish()
