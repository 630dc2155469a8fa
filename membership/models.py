"""Member units, their applications, their standing, and council positions (charter Art. 6–13, 15).

The two state machines of DESIGN.md live here as django-fsm-2 transitions: each names who may fire
it (`permission=`), any business condition (`conditions=`), and its label for the audit trail.
Nothing here sends mail or writes history: `membership.actions` declares each transition to the
workflow engine (workflows.actions), which does, so that the admin, the public site and scripts
behave alike.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from core import roles
from core.single_line import reject_control_characters
from workflows.confirmation import require_confirmation
from workflows.decisions import Tally
from workflows.models import Certificate, CertificateStatus
from workflows.permissions import holds_role, is_account
from workflows.storage import private_storage
from workflows.terms import term_end

from .names import name_key


class UnitType(models.TextChoices):
    SCHOOL = "school", _("中等职业学校")
    ENTERPRISE = "enterprise", _("企业")
    INDUSTRY_BODY = "industry_body", _("行业组织")
    RESEARCH_INSTITUTE = "research_institute", _("研究机构")
    OTHER = "other", _("其他单位")


REGIONS = [
    _("北京市"), _("天津市"), _("河北省"), _("山西省"), _("内蒙古自治区"), _("辽宁省"), _("吉林省"), _("黑龙江省"), _("上海市"), _("江苏省"),
    _("浙江省"), _("安徽省"), _("福建省"), _("江西省"), _("山东省"), _("河南省"), _("湖北省"), _("湖南省"), _("广东省"), _("广西壮族自治区"),
    _("海南省"), _("重庆市"), _("四川省"), _("贵州省"), _("云南省"), _("西藏自治区"), _("陕西省"), _("甘肃省"), _("青海省"), _("宁夏回族自治区"),
    _("新疆维吾尔自治区"), _("香港特别行政区"), _("澳门特别行政区"), _("台湾省"),
]  # fmt: skip
REGION_CHOICES = [(region, region) for region in REGIONS]


#: A unit's own details: what it fills in, what reviewers see in full and what staff export.
UNIT_DETAIL_FIELDS = [
    "name",
    "name_en",
    "unit_type",
    "region",
    "address",
    "representative",
    "representative_title",
    "contact_name",
    "contact_phone",
    "contact_email",
    "website",
    "introduction",
]


class MemberUnit(models.Model):
    """A school, enterprise, industry body or institute that has applied; a member while it has an
    active or leaving `Membership`. Its head is its representative (Art. 7)."""

    # Not unique: a draft by one account must not claim a school's name (nor reveal that someone else
    # applied). Duplicates are found by `name_key` (membership.names) and resolved by the secretariat;
    # only certification refuses a name that an active member already holds (membership.actions.IssueCertificate).
    name = models.CharField(_("单位名称"), max_length=120, validators=[reject_control_characters])
    name_en = models.CharField(
        _("英文名称"),
        max_length=200,
        blank=True,
        validators=[reject_control_characters],
        help_text=_("选填：会员证书和英文网站上与中文名称并列显示"),
    )
    name_key = models.CharField(_("规范化名称"), max_length=120, db_index=True, editable=False, default="")
    unit_type = models.CharField(_("单位类型"), max_length=20, choices=UnitType.choices)
    region = models.CharField(_("所在省份"), max_length=20, choices=REGION_CHOICES)
    address = models.CharField(_("通讯地址"), max_length=200, validators=[reject_control_characters])
    representative = models.CharField(
        _("单位负责人（会员代表）"), max_length=50, validators=[reject_control_characters]
    )
    representative_title = models.CharField(
        _("负责人职务"), max_length=50, blank=True, validators=[reject_control_characters]
    )
    contact_name = models.CharField(_("联系人"), max_length=50, validators=[reject_control_characters])
    contact_phone = models.CharField(_("联系电话"), max_length=30, validators=[reject_control_characters])
    contact_email = models.EmailField(_("联系邮箱"))
    website = models.URLField(_("网站"), blank=True)
    introduction = models.TextField(_("单位简介"), blank=True, max_length=2000)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="member_units", verbose_name=_("联系人账号")
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("会员单位")
        verbose_name_plural = _("会员单位")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    @property
    def current_membership(self) -> "Membership | None":
        return self.memberships.filter(state__in=CURRENT_STANDINGS).first()


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交，待秘书处审核")
    NEEDS_REVISION = "needs_revision", _("待补充材料")
    IN_DISCUSSION = "in_discussion", _("理事会讨论中")
    IN_REVIEW = "in_review", _("待理事长审批")
    APPROVED = "approved", _("已批准，待发证")
    CERTIFIED = "certified", _("已发证")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_STATES = [
    ApplicationState.DRAFT,
    ApplicationState.SUBMITTED,
    ApplicationState.NEEDS_REVISION,
    ApplicationState.IN_DISCUSSION,
    ApplicationState.IN_REVIEW,
]
EDITABLE_STATES = [ApplicationState.DRAFT, ApplicationState.NEEDS_REVISION]
DISCUSSION_STAGE = "council_discussion"


is_applicant = is_account("applicant_id")
is_secretariat = holds_role(roles.SECRETARIAT)
is_chair = holds_role(roles.CHAIR)


def has_letter(application) -> bool:
    return application.files.filter(kind=ApplicationFile.Kind.LETTER).exists()


#: What a unit must have filled in before its application is submitted (a draft needs only the name).
REQUIRED_UNIT_FIELDS = (
    "name",
    "unit_type",
    "region",
    "address",
    "representative",
    "contact_name",
    "contact_phone",
    "contact_email",
)


def unit_complete(application) -> bool:
    return all(getattr(application.unit, name) for name in REQUIRED_UNIT_FIELDS)


def discussion_passed(application) -> bool:
    return bool(application.discussion_tally) and Tally.from_dict(application.discussion_tally).passed


class MembershipApplication(ConcurrentTransitionMixin, models.Model):
    """One application per unit and attempt (Art. 8): letter → discussion → approval → certificate."""

    public_id = models.UUIDField(_("编号"), default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, related_name="applications", verbose_name=_("申请单位")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="membership_applications",
        verbose_name=_("申请人账号"),
    )
    state = FSMField(_("状态"), default=ApplicationState.DRAFT, choices=ApplicationState.choices, protected=True)
    statement = models.TextField(_("申请说明"), blank=True, max_length=2000, help_text=_("简述入会意愿和可参与的合作"))
    discussion_tally = models.JSONField(_("理事会表决结果"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(state__in=OPEN_STATES), name="one_open_application_per_unit"
            )
        ]
        verbose_name = _("入会申请")
        verbose_name_plural = _("入会申请")

    def __str__(self) -> str:
        return f"{self.unit.name}（{self.get_state_display()}）"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def letter(self) -> "ApplicationFile | None":
        return self.files.filter(kind=ApplicationFile.Kind.LETTER).order_by("-uploaded_at", "-pk").first()

    @property
    def tally(self) -> Tally | None:
        return Tally.from_dict(self.discussion_tally) if self.discussion_tally else None

    @transition(
        field=state,
        source=ApplicationState.DRAFT,
        target=ApplicationState.SUBMITTED,
        permission=is_applicant,
        conditions=[has_letter, unit_complete],
        custom={
            "label": _("提交申请"),
            "actor": _("申请单位"),
            "refusal": _("请先上传入会申请书并填写完整单位信息再提交。"),
        },
    )
    def submit(self, by):
        self.submitted_at = timezone.now()

    @transition(
        field=state,
        source=ApplicationState.NEEDS_REVISION,
        target=ApplicationState.SUBMITTED,
        permission=is_applicant,
        conditions=[has_letter, unit_complete],
        custom={
            "label": _("重新提交"),
            "actor": _("申请单位"),
            "refusal": _("请先上传入会申请书并填写完整单位信息再提交。"),
        },
    )
    def resubmit(self, by):
        self.submitted_at = timezone.now()

    @transition(
        field=state,
        source=ApplicationState.SUBMITTED,
        target=ApplicationState.NEEDS_REVISION,
        permission=is_secretariat,
        custom={
            "label": _("退回补充材料"),
            "actor": _("秘书处"),
            "needs_comment": True,
            "style": "secondary",
        },
    )
    def return_for_revision(self, by):
        pass

    @transition(
        field=state,
        source=ApplicationState.SUBMITTED,
        target=ApplicationState.IN_DISCUSSION,
        permission=is_secretariat,
        custom={"label": _("提交理事会讨论"), "actor": _("秘书处")},
    )
    def accept_for_discussion(self, by):
        pass

    @transition(
        field=state,
        source=ApplicationState.IN_DISCUSSION,
        target=ApplicationState.IN_REVIEW,
        permission=is_secretariat,
        custom={"label": _("结束讨论并记录表决"), "actor": _("秘书处")},
    )
    def close_discussion(self, by):
        pass  # the discussion's voting stage has recorded its tally in discussion_tally

    @transition(
        field=state,
        source=ApplicationState.IN_REVIEW,
        target=ApplicationState.APPROVED,
        permission=is_chair,
        conditions=[discussion_passed],
        custom={
            "label": _("批准入会"),
            "actor": _("理事长/秘书长"),
            "refusal": _("理事会表决未通过，不能批准。"),
        },
    )
    def approve(self, by):
        self.decided_at = timezone.now()

    @transition(
        field=state,
        source=ApplicationState.IN_REVIEW,
        target=ApplicationState.REJECTED,
        permission=is_chair,
        custom={
            "label": _("不予批准"),
            "actor": _("理事长/秘书长"),
            "needs_comment": True,
            "style": "danger",
        },
    )
    def reject(self, by):
        self.decided_at = timezone.now()

    @transition(
        field=state,
        source=ApplicationState.APPROVED,
        target=ApplicationState.CERTIFIED,
        permission=is_secretariat,
        custom={"label": _("颁发会员证书"), "actor": _("秘书处")},
    )
    def issue_certificate(self, by):
        pass

    @transition(
        field=state,
        source=OPEN_STATES,
        target=ApplicationState.WITHDRAWN,
        permission=is_applicant,
        custom={
            "label": _("撤回申请"),
            "actor": _("申请单位"),
            "style": "danger",
            "confirm": _("撤回后本申请即告终止，不能恢复；如仍希望入会，须重新提交申请。"),
        },
    )
    def withdraw(self, by, confirmed: bool = False):
        require_confirmation(confirmed, gettext("撤回申请"))


def application_file_path(instance, filename: str) -> str:
    return f"applications/{instance.application.public_id}/{uuid.uuid4().hex}.{instance.extension}"


class ApplicationFile(models.Model):
    """The application letter (every version kept; the newest counts) and supporting files."""

    class Kind(models.TextChoices):
        LETTER = "letter", _("入会申请书")
        SUPPORTING = "supporting", _("证明材料")

    application = models.ForeignKey(MembershipApplication, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    file = models.FileField(storage=private_storage, upload_to=application_file_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=120)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "uploaded_at", "pk"]
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")

    def __str__(self) -> str:
        return self.original_name


class Standing(models.TextChoices):
    ACTIVE = "active", _("在册会员")
    LEAVING = "leaving", _("退会办理中")
    LEFT = "left", _("已退会")


CURRENT_STANDINGS = [Standing.ACTIVE, Standing.LEAVING]


is_unit_account = is_account("unit.account_id")


def has_certificate(membership) -> bool:
    return membership.certificate_id is not None


class Membership(ConcurrentTransitionMixin, models.Model):
    """A unit's standing from certificate to withdrawal (Art. 9.5, 12): joining is voluntary and
    leaving free; leaving takes written notice and the certificate's return, which revokes it."""

    unit = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("会员单位")
    )
    application = models.OneToOneField(
        MembershipApplication, on_delete=models.PROTECT, related_name="membership", verbose_name=_("入会申请")
    )
    certificate = models.OneToOneField(
        Certificate, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("会员证书")
    )
    state = FSMField(_("会籍状态"), default=Standing.ACTIVE, choices=Standing.choices, protected=True)
    joined_on = models.DateField(_("入会日期"), default=timezone.localdate)
    notice_given_at = models.DateTimeField(_("退会通知时间"), null=True, blank=True)
    left_on = models.DateField(_("退会日期"), null=True, blank=True)

    class Meta:
        ordering = ["-joined_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(state__in=CURRENT_STANDINGS), name="one_current_membership_per_unit"
            )
        ]
        verbose_name = _("会籍")
        verbose_name_plural = _("会籍")

    def __str__(self) -> str:
        return f"{self.unit.name}（{self.get_state_display()}）"

    def document_standing(self, certificate: Certificate):
        """What this membership says of a certificate issued for it (workflows/documents.py): one
        replaced by a newer certificate is superseded; once the unit has left, it is revoked."""
        if certificate.pk != self.certificate_id:
            return CertificateStatus.SUPERSEDED, None
        if self.state == Standing.LEFT:
            return CertificateStatus.REVOKED, None
        return None, None

    @transition(
        field=state,
        source=Standing.ACTIVE,
        target=Standing.LEAVING,
        permission=is_unit_account,
        custom={
            "label": _("书面通知退会"),
            "actor": _("会员单位"),
            "style": "danger",
            "confirm": _(
                "提交书面退会通知后，秘书处收到交回的会员证书即办结退会，证书撤销；如需再次入会，须重新申请。"
            ),
        },
    )
    def notify_withdrawal(self, by, confirmed: bool = False):
        require_confirmation(confirmed, gettext("申请退会"))
        self.notice_given_at = timezone.now()

    @transition(
        field=state,
        source=Standing.LEAVING,
        target=Standing.LEFT,
        permission=is_secretariat,
        custom={"label": _("确认证书已交回并办结退会"), "actor": _("秘书处")},
    )
    def confirm_certificate_returned(self, by):
        self.left_on = timezone.localdate()

    @transition(
        field=state,
        source=Standing.ACTIVE,
        target=Standing.ACTIVE,
        permission=is_secretariat,
        conditions=[has_certificate],
        custom={
            "label": _("补发会员证书"),
            "actor": _("秘书处"),
            "refusal": _("只有在册会员的有效证书可以补发。"),
        },
    )
    def reissue_certificate(self, by):
        pass  # the certificate's PDF is redrawn by the action (membership.actions)


class Position(models.TextChoices):
    CHAIR = "chair", _("理事长")
    EXECUTIVE_VICE_CHAIR = "executive_vice_chair", _("常务副理事长")
    VICE_CHAIR = "vice_chair", _("副理事长")
    STANDING_DIRECTOR = "standing_director", _("常务理事")
    DIRECTOR = "director", _("理事")
    SECRETARY_GENERAL = "secretary_general", _("秘书长")
    EXECUTIVE_DEPUTY_SECRETARY_GENERAL = "exec_deputy_secretary_general", _("常务副秘书长")
    DEPUTY_SECRETARY_GENERAL = "deputy_secretary_general", _("副秘书长")


#: Art. 13: one chair and one secretary-general; the other numbers are "about", so not enforced.
SINGLE_HOLDER_POSITIONS = {Position.CHAIR, Position.SECRETARY_GENERAL}


class CouncilPosition(models.Model):
    """A position held by a member unit and its representative for a 3-year renewable term (Art. 15)."""

    unit = models.ForeignKey(MemberUnit, on_delete=models.PROTECT, related_name="positions", verbose_name=_("会员单位"))
    position = models.CharField(_("职务"), max_length=30, choices=Position.choices)
    holder_name = models.CharField(
        _("任职代表"), max_length=50, help_text=_("通常为单位负责人"), validators=[reject_control_characters]
    )
    term_start = models.DateField(_("任期开始"), default=timezone.localdate)
    term_end = models.DateField(_("任期结束"), blank=True, help_text=_("留空则按 3 年任期自动计算"))

    class Meta:
        ordering = ["position", "term_start"]
        verbose_name = _("理事会职务")
        verbose_name_plural = _("理事会职务")

    def __str__(self) -> str:
        return f"{self.get_position_display()}：{self.unit}（{self.holder_name}）"

    def save(self, *args, **kwargs):
        if not self.term_end and self.term_start:
            self.term_end = term_end(self.term_start)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.term_start and not self.term_end:
            self.term_end = term_end(self.term_start)
        errors = {}
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            errors["term_end"] = gettext("任期结束日期必须晚于开始日期。")
        if self.unit_id and not self.unit.memberships.filter(state=Standing.ACTIVE).exists():
            errors["unit"] = gettext("只有在册会员单位可以担任理事会职务。")
        if self.position in SINGLE_HOLDER_POSITIONS and self.term_start and self.term_end:
            overlapping = CouncilPosition.objects.filter(
                position=self.position, term_start__lte=self.term_end, term_end__gte=self.term_start
            ).exclude(pk=self.pk)
            if overlapping.exists():
                errors["position"] = gettext("同一任期内只能有一位{value1}。").format(
                    value1=self.get_position_display()
                )
        if errors:
            raise ValidationError(errors)


# --- a unit's accounts (governance: who casts the unit's vote) -------------------------------------
class UnitAccountRole(models.TextChoices):
    REPRESENTATIVE = "representative", _("会员代表（投票人）")
    DELEGATE = "delegate", _("受托代表（可代为投票）")
    COLLEAGUE = "colleague", _("同事")


#: The roles that may cast the unit's one vote.
VOTING_ACCOUNT_ROLES = (UnitAccountRole.REPRESENTATIVE, UnitAccountRole.DELEGATE)


class UnitAccount(models.Model):
    """An account that acts for a member unit besides (or instead of) the contact who applied.

    The contact (`MemberUnit.account`) invites colleagues by e-mail (`UnitInvitation`) and names which
    account is the unit's representative, who casts its vote; delegates may cast it too. However many
    accounts may vote for a unit, the unit has one vote (governance.voting)."""

    unit = models.ForeignKey(MemberUnit, on_delete=models.CASCADE, related_name="accounts", verbose_name=_("会员单位"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unit_accounts", verbose_name=_("账号")
    )
    role = models.CharField(
        _("身份"), max_length=20, choices=UnitAccountRole.choices, default=UnitAccountRole.COLLEAGUE
    )
    added_at = models.DateTimeField(_("加入时间"), auto_now_add=True)

    class Meta:
        ordering = ["unit", "added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "user"], name="one_unit_account_per_user"),
            models.UniqueConstraint(
                fields=["unit"], condition=Q(role="representative"), name="one_representative_account_per_unit"
            ),
        ]
        verbose_name = _("单位账号")
        verbose_name_plural = _("单位账号")

    def __str__(self) -> str:
        return f"{self.unit}：{self.user.get_full_name() or self.user.username}（{self.get_role_display()}）"


class UnitInvitation(models.Model):
    """An e-mailed invitation to act for a unit: single use, stored as a hash, valid for 14 days."""

    unit = models.ForeignKey(
        MemberUnit, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("会员单位")
    )
    email = models.EmailField(_("受邀邮箱"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("邀请人")
    )
    created_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"))
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("接受账号"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("单位账号邀请")
        verbose_name_plural = _("单位账号邀请")

    def __str__(self) -> str:
        return f"{self.unit}：{self.email}"
