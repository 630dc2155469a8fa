"""What the membership and expert-pool state machines share.

Dependency direction: membership/ and expertpool/ import from here; nothing here imports them.
Rows here are history: no workflow step deletes a transition log, attachment, vote or certificate
(their foreign keys to users are PROTECT, and no service deletes them).
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .storage import private_storage


class TransitionLog(models.Model):
    """One row per state change: who, when, from, to, comment, attachments."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    transition = models.CharField(_("操作"), max_length=50)
    transition_label = models.CharField(_("操作名称"), max_length=50)
    from_state = models.CharField(_("原状态"), max_length=30)
    to_state = models.CharField(_("新状态"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("操作人")
    )
    actor_role = models.CharField(_("操作人身份"), max_length=30, blank=True)
    comment = models.TextField(_("意见/说明"), blank=True)
    data = models.JSONField(_("附加数据"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]
        verbose_name = _("流程记录")
        verbose_name_plural = _("流程记录")

    def __str__(self) -> str:
        return f"{self.label_display}：{self.from_state_label} → {self.to_state_label}"

    # The label and the actor are stored in the source language (Chinese), which is their msgid in
    # the catalogue: shown, they are looked up in the reader's language.
    @property
    def label_display(self) -> str:
        return gettext(self.transition_label) if self.transition_label else ""

    @property
    def actor_role_display(self) -> str:
        return gettext(self.actor_role) if self.actor_role else ""

    def _state_label(self, code: str) -> str:
        """A state's label as the record's model names it (`submitted` reads 已提交，待秘书处审核)."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        field = next((f for f in model._meta.concrete_fields if f.name == "state"), None) if model else None
        return str(dict(field.choices or ()).get(code, code)) if field is not None else code

    @property
    def from_state_label(self) -> str:
        return self._state_label(self.from_state)

    @property
    def to_state_label(self) -> str:
        return self._state_label(self.to_state)


def attachment_path(instance, filename: str) -> str:
    # The stored name is random; the original name is kept (sanitised) for display only.
    return f"workflow-attachments/{timezone.now():%Y/%m}/{instance.token}.bin"


class TransitionAttachment(models.Model):
    log = models.ForeignKey(TransitionLog, on_delete=models.PROTECT, related_name="attachments")
    token = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=120)
    size = models.PositiveIntegerField(_("大小（字节）"))
    kind = models.CharField(_("类型"), max_length=10)

    class Meta:
        verbose_name = _("流程附件")
        verbose_name_plural = _("流程附件")

    def __str__(self) -> str:
        return self.original_name


class VoteChoice(models.TextChoices):
    SUPPORT = "support", _("赞成")
    OPPOSE = "oppose", _("反对")
    ABSTAIN = "abstain", _("弃权")


class Vote(models.Model):
    """A voter's opinion on an item in a voting stage (workflows.voting); changeable until the stage
    closes, one per voter per item and stage. The voter is a generic key (a user, or a member unit
    whose representative casts its vote); `voter` names the user who cast it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    stage = models.CharField(_("表决环节"), max_length=30)
    voter_key = models.CharField(_("投票方"), max_length=60)
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("投票人")
    )
    choice = models.CharField(_("意见"), max_length=10, choices=VoteChoice.choices)
    comment = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("投票时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "stage", "voter_key"], name="one_vote_per_voter_per_stage"
            )
        ]
        verbose_name = _("表决")
        verbose_name_plural = _("表决")

    def __str__(self) -> str:
        return f"{self.voter}：{self.get_choice_display()}"


@register_setting(icon="group")
class DecisionSettings(BaseGenericSetting):
    """Art. 23: a motion passes with more than half of the votes of those entitled to vote."""

    quorum_percent = models.PositiveSmallIntegerField(
        _("法定人数（%）"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(99)],
        help_text=_("实际投票人数须超过应投票人数的这一比例"),
    )
    pass_percent = models.PositiveSmallIntegerField(
        _("通过比例（%）"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(99)],
        help_text=_("赞成票须超过应投票人数的这一比例（条例第二十三条：半数以上）"),
    )

    panels = [FieldPanel("quorum_percent"), FieldPanel("pass_percent")]

    class Meta:
        verbose_name = _("表决规则")


class CertificateKind(models.TextChoices):
    MEMBERSHIP = "membership", _("会员证书")
    EXPERT = "expert", _("专家聘书")


CERTIFICATE_PREFIX = {CertificateKind.MEMBERSHIP: "LXH", CertificateKind.EXPERT: "ZJ"}


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已撤销")
    EXPIRED = "expired", _("已过期")
    SUPERSEDED = "superseded", _("已换发新证，本证失效")


def certificate_path(instance, filename: str) -> str:
    return f"certificates/{instance.number}.pdf"


class Certificate(models.Model):
    """A membership certificate or an expert appointment letter. Revoked, never deleted;
    re-issuing replaces the PDF and keeps the record and its number."""

    number = models.CharField(_("证书编号"), max_length=20, unique=True)
    kind = models.CharField(_("类型"), max_length=12, choices=CertificateKind.choices)
    holder_name = models.CharField(_("持证单位/人"), max_length=200)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    issued_at = models.DateTimeField(_("颁发时间"), default=timezone.now)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoke_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)
    reissued_at = models.DateTimeField(_("最近补发时间"), null=True, blank=True)
    pdf = models.FileField(storage=private_storage, upload_to=certificate_path, max_length=200, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("证书")
        verbose_name_plural = _("证书")

    def __str__(self) -> str:
        return f"{self.number} {self.holder_name}"

    def standing_on(self, day: datetime.date | None = None):
        """Status and live end of validity, from the record it was issued for (workflows/documents.py)."""
        from .documents import document_status

        return document_status(self, day)

    def status_on(self, day: datetime.date) -> str:
        return self.standing_on(day).code

    @property
    def status(self) -> str:
        return self.standing_on().code

    def get_status_display(self) -> str:
        return self.standing_on().label

    def current_status(self) -> str:
        standing = self.standing_on()
        if standing.valid_until and standing.code in (CertificateStatus.VALID, CertificateStatus.EXPIRED):
            return _("%(status)s（有效期至 %(day)s）") % {
                "status": standing.label,
                "day": f"{standing.valid_until:%Y-%m-%d}",
            }
        return str(standing.label)

    current_status.short_description = _("当前状态")

    def current_valid_until(self) -> datetime.date | None:
        """Valid until, from the live record (an expert's term as it stands now), not the date
        printed at issue: the two differ once a term ends early or is renewed."""
        return self.standing_on().valid_until

    current_valid_until.short_description = _("有效期至")


class OutboxMail(models.Model):
    """One notification mail, written in the same transaction as the step it tells of (a transactional
    outbox, workflows/notifications.py): a rolled-back step leaves no row, a committed one a row that
    the task queue sends and marks sent. A row marked sent is never sent again; one left pending (a
    worker killed, Redis down, the mail server refusing) is sent by `manage.py send_pending_mail`."""

    subject = models.TextField(_("主题"))
    body = models.TextField(_("正文"))
    recipients = models.JSONField(_("收件人"), default=list)
    #: [{"name", "content" (base64), "mimetype"}]: small files made with the mail (a ticket's .ics and QR code).
    attachments = models.JSONField(_("附件"), default=list, blank=True)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("待发邮件")
        verbose_name_plural = _("待发邮件")

    def __str__(self) -> str:
        return self.subject
