"""What a member unit does on the site besides applying: contributions to the resource library and
changes to its own profile; and the staff's opt-in to a daily digest of their work queues.

A contribution is a state machine (django-fsm-2) declared to the workflow engine in
`membercentre.actions`, like membership's applications: the unit's account drafts and submits, the
secretariat reviews it or has an expert drawn from the pool by the resource's major (expertpool.draws)
review it, then publishes it as a `resources.CourseResourcePage` linked to the unit, or returns it with
comments; the unit revises a returned contribution and submits it again.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from core import roles
from core.models import Major
from core.single_line import reject_control_characters
from membership.models import Standing
from resources.models import FIRST_RESOURCE_YEAR, Licence, ResourceType, Visibility, current_year
from workflows.confirmation import require_confirmation
from workflows.permissions import holds_role, is_account
from workflows.storage import private_storage


class ContributionState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交，待秘书处审核")
    EXPERT_REVIEW = "expert_review", _("专家评审中")
    REVIEWED = "reviewed", _("专家已评审，待发布")
    RETURNED = "returned", _("退回修改")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


#: States the contributor may still edit (fields and files).
CONTRIBUTION_EDITABLE = [ContributionState.DRAFT, ContributionState.RETURNED]
#: States that wait for the secretariat (its work queue).
WAITING_FOR_SECRETARIAT = [ContributionState.SUBMITTED, ContributionState.REVIEWED]

is_contributor = is_account("unit.account_id")
is_secretariat = holds_role(roles.SECRETARIAT)


def is_assigned_expert(contribution, user) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and contribution.reviewer_id is not None
        and contribution.reviewer.user_id == user.pk
    )


is_assigned_expert.__doc__ = "is the expert drawn to review it"


def secretariat_or_assigned_expert(contribution, user) -> bool:
    if is_secretariat(contribution, user):
        return True
    return contribution.state == ContributionState.EXPERT_REVIEW and is_assigned_expert(contribution, user)


secretariat_or_assigned_expert.__doc__ = "holds role secretariat, or is the expert drawn to review it"


def has_files(contribution) -> bool:
    return contribution.files.exists()


def unit_is_member(contribution) -> bool:
    return contribution.unit.memberships.filter(state=Standing.ACTIVE).exists()


def is_complete(contribution) -> bool:
    return all([contribution.title, contribution.summary, contribution.major_id, contribution.resource_type])


SUBMIT_REFUSAL = _("请填写标题、摘要、专业和资源类型并至少上传一个附件；只有在册会员单位可以投稿。")


class Contribution(ConcurrentTransitionMixin, models.Model):
    """A resource a member unit offers to the library, from its draft to its publication."""

    public_id = models.UUIDField(_("编号"), default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        "membership.MemberUnit", on_delete=models.PROTECT, related_name="contributions", verbose_name=_("投稿单位")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("投稿账号")
    )
    state = FSMField(_("状态"), default=ContributionState.DRAFT, choices=ContributionState.choices, protected=True)

    title = models.CharField(_("资源名称"), max_length=200, validators=[reject_control_characters])
    summary = models.TextField(_("摘要"), max_length=1000, blank=True, help_text=_("列表和搜索结果中显示"))
    description = models.TextField(_("详细介绍"), max_length=10000, blank=True)
    major = models.ForeignKey(
        Major, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("专业")
    )
    resource_type = models.CharField(_("资源类型"), max_length=20, choices=ResourceType.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("年份"), default=current_year)
    visibility = models.CharField(_("可见范围"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    licence = models.CharField(_("使用许可"), max_length=24, choices=Licence.choices, default=Licence.CC_BY)

    reviewer = models.ForeignKey(
        "expertpool.ExpertCandidate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions_to_review",
        verbose_name=_("评审专家"),
        editable=False,
    )
    panel_draw = models.ForeignKey(
        "expertpool.PanelDraw",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("专家抽取记录"),
        editable=False,
    )
    resource_page = models.OneToOneField(
        "resources.CourseResourcePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contribution",
        verbose_name=_("发布的资源页面"),
        editable=False,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("资源投稿")
        verbose_name_plural = _("资源投稿")

    def __str__(self) -> str:
        return f"{self.title}（{self.unit.name}）"

    @property
    def is_editable(self) -> bool:
        return self.state in CONTRIBUTION_EDITABLE

    @property
    def account_id(self) -> int:
        """The owning account: the contributing unit's (workflows.views.site_action_view's `owner`)."""
        return self.unit.account_id

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.year and not (FIRST_RESOURCE_YEAR <= self.year <= current_year() + 1):
            raise ValidationError({"year": _("年份应在 1990 年至明年之间。")})

    @transition(
        field=state,
        source=ContributionState.DRAFT,
        target=ContributionState.SUBMITTED,
        permission=is_contributor,
        conditions=[is_complete, has_files, unit_is_member],
        custom={"label": _("提交投稿"), "actor": _("投稿单位"), "refusal": SUBMIT_REFUSAL},
    )
    def submit(self, by):
        self.submitted_at = timezone.now()

    @transition(
        field=state,
        source=ContributionState.RETURNED,
        target=ContributionState.SUBMITTED,
        permission=is_contributor,
        conditions=[is_complete, has_files, unit_is_member],
        custom={"label": _("修改后重新提交"), "actor": _("投稿单位"), "refusal": SUBMIT_REFUSAL},
    )
    def resubmit(self, by):
        self.submitted_at = timezone.now()

    @transition(
        field=state,
        source=ContributionState.SUBMITTED,
        target=ContributionState.EXPERT_REVIEW,
        permission=is_secretariat,
        custom={"label": _("按专业抽取专家评审"), "actor": _("秘书处"), "style": "secondary"},
    )
    def send_to_expert(self, by):
        pass  # the action draws the expert (membercentre.actions.SendToExpert)

    @transition(
        field=state,
        source=ContributionState.EXPERT_REVIEW,
        target=ContributionState.REVIEWED,
        permission=is_assigned_expert,
        custom={"label": _("评审通过，建议发布"), "actor": _("评审专家"), "needs_comment": True},
    )
    def recommend(self, by):
        pass

    @transition(
        field=state,
        source=[ContributionState.SUBMITTED, ContributionState.EXPERT_REVIEW, ContributionState.REVIEWED],
        target=ContributionState.RETURNED,
        permission=secretariat_or_assigned_expert,
        custom={
            "label": _("退回修改"),
            "actor": _("秘书处或评审专家"),
            "needs_comment": True,
            "style": "secondary",
        },
    )
    def return_for_revision(self, by):
        pass

    @transition(
        field=state,
        source=[ContributionState.SUBMITTED, ContributionState.REVIEWED],
        target=ContributionState.PUBLISHED,
        permission=is_secretariat,
        custom={"label": _("审核通过并发布"), "actor": _("秘书处")},
    )
    def publish(self, by):
        self.published_at = timezone.now()  # the page is created by the action (membercentre.actions.Publish)

    @transition(
        field=state,
        source=[ContributionState.DRAFT, ContributionState.SUBMITTED, ContributionState.RETURNED],
        target=ContributionState.WITHDRAWN,
        permission=is_contributor,
        custom={
            "label": _("撤回投稿"),
            "actor": _("投稿单位"),
            "style": "danger",
            "confirm": _("撤回后本投稿即告终止，不能恢复；如仍希望分享该资源，须重新投稿。"),
        },
    )
    def withdraw(self, by, confirmed: bool = False):
        require_confirmation(confirmed, _("撤回投稿"))


def contribution_file_path(instance, filename: str) -> str:
    return f"contributions/{instance.contribution.public_id}/{uuid.uuid4().hex}.{instance.extension}"


class ContributionFile(models.Model):
    """An attachment of a contribution, private until the contribution is published (then copied
    into a Wagtail document attached to the resource page)."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(storage=private_storage, upload_to=contribution_file_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=120)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("投稿附件")
        verbose_name_plural = _("投稿附件")

    def __str__(self) -> str:
        return self.original_name


# --- profile changes ------------------------------------------------------------------------------
#: What a unit may ask to change in its profile (its name is on its certificate: the secretariat
#: changes it on request, in the admin).
PROFILE_FIELDS = [
    "address",
    "representative",
    "representative_title",
    "contact_name",
    "contact_phone",
    "contact_email",
    "website",
    "introduction",
]


class ProfileChangeState(models.TextChoices):
    PENDING = "pending", _("待秘书处审核")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


is_requester = is_account("requested_by_id")


class ProfileChangeRequest(ConcurrentTransitionMixin, models.Model):
    """A member unit's request to change its profile: applied only when the secretariat approves."""

    public_id = models.UUIDField(_("编号"), default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        "membership.MemberUnit",
        on_delete=models.PROTECT,
        related_name="profile_change_requests",
        verbose_name=_("会员单位"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请账号")
    )
    changes = models.JSONField(_("申请修改的内容"), default=dict, help_text=_("{字段: 新值}"))
    previous = models.JSONField(_("修改前的内容"), default=dict)
    state = FSMField(_("状态"), default=ProfileChangeState.PENDING, choices=ProfileChangeState.choices, protected=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(state="pending"), name="one_pending_profile_change_per_unit"
            )
        ]
        verbose_name = _("单位信息变更申请")
        verbose_name_plural = _("单位信息变更申请")

    def __str__(self) -> str:
        return f"{self.unit.name}（{self.get_state_display()}）"

    def change_rows(self) -> list[tuple[str, str, str]]:
        """(label, before, after) of each requested change."""
        from membership.models import MemberUnit

        return [
            (str(MemberUnit._meta.get_field(name).verbose_name), self.previous.get(name, ""), value)
            for name, value in self.changes.items()
        ]

    @transition(
        field=state,
        source=ProfileChangeState.PENDING,
        target=ProfileChangeState.APPROVED,
        permission=is_secretariat,
        custom={"label": _("批准变更"), "actor": _("秘书处")},
    )
    def approve(self, by):
        self.decided_at = timezone.now()  # the change is applied by the action (membercentre.actions)

    @transition(
        field=state,
        source=ProfileChangeState.PENDING,
        target=ProfileChangeState.REJECTED,
        permission=is_secretariat,
        custom={"label": _("不予变更"), "actor": _("秘书处"), "needs_comment": True, "style": "danger"},
    )
    def reject(self, by):
        self.decided_at = timezone.now()


class QueueDigestSubscription(models.Model):
    """A staff member's choice to receive the daily mail of what waits for them (manage.py
    send_queue_digest)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="queue_digest", verbose_name=_("用户")
    )
    enabled = models.BooleanField(_("每天发送待办邮件"), default=False)
    last_sent_at = models.DateTimeField(_("上次发送"), null=True, blank=True)

    class Meta:
        verbose_name = _("待办邮件订阅")
        verbose_name_plural = _("待办邮件订阅")

    def __str__(self) -> str:
        return str(self.user)
