"""Demo applications in every state, members with certificates, one leaving and one former member,
and a council; so that the admin shows the whole workflow at once. Idempotent by unit name."""

import io

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from core import roles
from core.demo.users import DEMO_MAIL_DOMAIN
from workflows.actions import run

from . import services
from .actions import DISCUSSION
from .models import ApplicationState, CouncilPosition, Membership, MemberUnit, Position

S = ApplicationState

#: (unit name, type, region, representative, target state, contact username or None for a new one)
UNITS = [
    ("上海市工业技术学校", "school", "上海市", "王志明", S.CERTIFIED, "member"),
    ("北京市昌平职业学校", "school", "北京市", "李建华", S.CERTIFIED, None),
    ("杭州市中策职业学校", "school", "浙江省", "张海峰", S.CERTIFIED, None),
    ("华东智能制造装备有限公司", "enterprise", "江苏省", "赵立群", S.CERTIFIED, None),
    ("全国职业教育对外合作联盟", "industry_body", "北京市", "周国栋", S.CERTIFIED, None),
    ("成都市礼仪职业中学", "school", "四川省", "陈晓燕", "leaving", None),
    ("天津市第一商业学校", "school", "天津市", "孙明亮", "left", None),
    ("广州市轻工职业学校", "school", "广东省", "黄文", S.IN_DISCUSSION, None),
    ("青岛西海岸新区职业中等专业学校", "school", "山东省", "刘洪涛", S.IN_REVIEW, None),
    ("江苏省惠山中等专业学校", "school", "江苏省", "吴建国", S.APPROVED, None),
    ("深圳新能源汽车技术服务有限公司", "enterprise", "广东省", "郑凯", S.SUBMITTED, None),
    ("中国职业教育研究院（示例）", "research_institute", "北京市", "钱学文", S.NEEDS_REVISION, None),
    ("重庆市工商学校", "school", "重庆市", "何平", S.DRAFT, None),
    ("西安市旅游职业中专", "school", "陕西省", "马丽", S.REJECTED, None),
    ("南宁市第一职业技术学校", "school", "广西壮族自治区", "韦刚", S.WITHDRAWN, None),
]

POSITIONS = [
    ("上海市工业技术学校", Position.CHAIR),
    ("北京市昌平职业学校", Position.EXECUTIVE_VICE_CHAIR),
    ("杭州市中策职业学校", Position.VICE_CHAIR),
    ("华东智能制造装备有限公司", Position.STANDING_DIRECTOR),
    ("全国职业教育对外合作联盟", Position.SECRETARY_GENERAL),
]


def _pdf(filename: str, title: str, text: str) -> SimpleUploadedFile:
    """A small real PDF with Chinese text, standing in for a scanned, stamped letter."""
    from reportlab.pdfgen import canvas

    from workflows.certificates import font_name

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont(font_name(), 16)
    pdf.drawString(72, 760, title)
    pdf.setFont(font_name(), 11)
    pdf.drawString(72, 730, text)
    pdf.save()
    return SimpleUploadedFile(filename, buffer.getvalue(), content_type="application/pdf")


def _letter(unit_name: str) -> SimpleUploadedFile:
    return _pdf("入会申请书.pdf", "入会申请书", f"{unit_name}认可并承诺遵守联席会条例，申请成为会员单位。")


def _contact(index: int, username: str | None) -> User:
    if username:
        return User.objects.get(username=username)
    user, created = User.objects.get_or_create(
        username=f"unit{index:02d}", defaults={"email": f"unit{index:02d}@{DEMO_MAIL_DOMAIN}", "first_name": "联系人"}
    )
    if created:
        user.set_unusable_password()  # demo contacts only receive mail; log in as `member` instead
        user.save()
    return user


def _staff(role: str) -> User:
    return roles.holders(role).order_by("pk").first()


@transaction.atomic
def load(out, **options) -> None:
    secretariat, chair = _staff(roles.SECRETARIAT), _staff(roles.CHAIR)
    council = list(roles.holders(roles.COUNCIL))
    created = 0
    for index, (name, unit_type, region, head, target, username) in enumerate(UNITS, start=1):
        if MemberUnit.objects.filter(name=name).exists():
            continue
        contact = _contact(index, username)
        application = services.application_create(
            user=contact,
            unit_data={
                "name": name,
                "unit_type": unit_type,
                "region": region,
                "address": f"{region}（演示地址）",
                "representative": head,
                "representative_title": "校长" if unit_type == "school" else "负责人",
                "contact_name": "联系人",
                "contact_phone": "010-00000000",
                "contact_email": contact.email,
            },
            statement="愿与联席会成员在专业建设、课程资源共享和校企合作方面开展合作。",
            letter=_letter(name),
        )
        _walk(application, target, contact=contact, secretariat=secretariat, chair=chair, council=council)
        created += 1
    for unit_name, position in POSITIONS:
        unit = MemberUnit.objects.get(name=unit_name)
        if not CouncilPosition.objects.filter(unit=unit, position=position).exists():
            CouncilPosition.objects.create(unit=unit, position=position, holder_name=unit.representative)
    out.write(f"会员：新建演示入会申请 {created} 份（覆盖所有状态），理事会职务 {len(POSITIONS)} 个。")


def _walk(application, target, *, contact, secretariat, chair, council):
    def fire(name, by, comment=""):
        nonlocal application
        application = run(application, name, by=by, comment=comment, confirmed=True)

    if target == S.DRAFT:
        return
    if target == S.WITHDRAWN:
        fire("withdraw", contact, "本年度暂不申请")
        return
    fire("submit", contact)
    if target == S.SUBMITTED:
        return
    if target == S.NEEDS_REVISION:
        fire("return_for_revision", secretariat, "请补充单位法人登记证书扫描件。")
        return
    fire("accept_for_discussion", secretariat, "材料齐全，提交理事会讨论。")
    for member in council:
        DISCUSSION.cast(application, voter=member, choice="support", comment="同意")
    if target == S.IN_DISCUSSION:
        return
    application = DISCUSSION.close(application, by=secretariat)
    if target == S.IN_REVIEW:
        return
    if target == S.REJECTED:
        fire("reject", chair, "办学方向与联席会当前合作领域差异较大，建议明年再申请。")
        return
    fire("approve", chair, "同意入会。")
    if target == S.APPROVED:
        return
    run(application, "issue_certificate", by=secretariat)
    membership = Membership.objects.get(application=application)
    if target in ("leaving", "left"):
        notice = _pdf(
            "退会通知.pdf", "退会通知", f"{application.unit.name}因工作调整申请退出联席会，会员证书随函交回。"
        )
        membership = run(
            membership, "notify_withdrawal", by=contact, files=[notice], comment="因工作调整退会", confirmed=True
        )
    if target == "left":
        run(membership, "confirm_certificate_returned", by=secretariat, comment="证书原件已收回。")
