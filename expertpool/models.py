"""The expert pool (charter Art. 18–19): personal applications and unit recommendations (the nominee
must consent before anything else happens), qualification review, selection by vote, 3-year terms
with an appointment letter, expiry, renewal by a new selection, withdrawal; and recorded panel draws.

As in membership, transitions name who may fire them; `expertpool.actions` declares them to the
workflow engine, which fires them.
"""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from core import roles
from core.models import Major
from core.single_line import reject_control_characters
from membership.models import REGION_CHOICES, MemberUnit
from workflows import terms
from workflows.confirmation import require_confirmation
from workflows.decisions import Tally
from workflows.models import Certificate, CertificateStatus
from workflows.permissions import holds_role, is_account, or_nobody
from workflows.storage import private_storage


class ExpertTitle(models.TextChoices):
    SENIOR = "senior", _("正高级")
    ASSOCIATE_SENIOR = "associate_senior", _("副高级")
    INTERMEDIATE = "intermediate", _("中级")
    INDUSTRY = "industry", _("企业/行业高级技术人员")
    OTHER = "other", _("其他")


class CandidateState(models.TextChoices):
    NOMINATED = "nominated", _("已推荐，待本人同意")
    APPLIED = "applied", _("个人申请草稿")
    SUBMITTED = "submitted", _("待资格审核")
    IN_SELECTION = "in_selection", _("遴选中")
    APPOINTED = "appointed", _("已入库（聘任中）")
    EXPIRED = "expired", _("聘期届满")
    REJECTED = "rejected", _("未入选")
    DECLINED = "declined", _("本人不同意推荐")
    WITHDRAWN = "withdrawn", _("已退出")


OPEN_STATES = [
    CandidateState.NOMINATED,
    CandidateState.APPLIED,
    CandidateState.SUBMITTED,
    CandidateState.IN_SELECTION,
    CandidateState.APPOINTED,
]
SELECTION_STAGE = "expert_selection"
CONSENT_DAYS = 14


class Route(models.TextChoices):
    PERSONAL = "personal", _("个人申请")
    RECOMMENDED = "recommended", _("单位推荐")


is_candidate = is_account("user_id")
#: The nominee answering a recommendation: their own account, or (no user) a caller that has verified
#: the single-use consent link, which is how a nominee without an account declines.
is_nominee = or_nobody(is_candidate)
is_secretariat = holds_role(roles.SECRETARIAT)
#: Term expiry is fired by the daily job (no user) or by the secretariat.
is_scheduler = or_nobody(is_secretariat)


def selection_passed(candidate) -> bool:
    return bool(candidate.selection_tally) and Tally.from_dict(candidate.selection_tally).passed


def selection_failed(candidate) -> bool:
    return bool(candidate.selection_tally) and not Tally.from_dict(candidate.selection_tally).passed


def cv_path(instance, filename: str) -> str:
    return f"experts/{instance.public_id}/{uuid.uuid4().hex}.{instance.cv_extension or 'bin'}"


def photo_path(instance, filename: str) -> str:
    return f"experts/{instance.public_id}/{uuid.uuid4().hex}.{instance.photo_extension or 'bin'}"


class ExpertQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class ExpertCandidate(ConcurrentTransitionMixin, index.Indexed, models.Model):
    """One person's way into the pool: an application or a recommendation, then review, selection
    and terms. The directory shows appointed experts' public fields only: those in `search_fields`
    below and in expertpool/directory.html; e-mail, phone, CV and review records stay private."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    route = models.CharField(_("入库方式"), max_length=12, choices=Route.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expert_candidacies",
        verbose_name=_("本人账号"),
    )
    recommending_unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expert_nominations",
        verbose_name=_("推荐单位"),
    )
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("推荐人"),
    )
    recommendation = models.TextField(_("推荐理由"), blank=True, max_length=2000)

    name = models.CharField(_("姓名"), max_length=50, validators=[reject_control_characters])
    name_en = models.CharField(
        _("英文姓名"),
        max_length=100,
        blank=True,
        validators=[reject_control_characters],
        help_text=_("选填：聘书和英文网站上与中文姓名并列显示，如 Zhang Wei"),
    )
    employer = models.CharField(_("工作单位"), max_length=120, validators=[reject_control_characters])
    employer_unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_experts",
        verbose_name=_("所在会员单位"),
    )
    title = models.CharField(_("职称"), max_length=20, choices=ExpertTitle.choices)
    position = models.CharField(_("职务"), max_length=60, blank=True, validators=[reject_control_characters])
    majors = models.ManyToManyField(Major, related_name="experts", verbose_name=_("专业领域"))
    keywords = models.CharField(
        _("专长关键词"),
        max_length=200,
        blank=True,
        validators=[reject_control_characters],
        help_text=_("用顿号或逗号分隔，如：数控编程、课程标准开发"),
    )
    years_experience = models.PositiveSmallIntegerField(_("从业年限"))
    region = models.CharField(_("所在省份"), max_length=20, choices=REGION_CHOICES)
    email = models.EmailField(_("邮箱"))
    phone = models.CharField(_("电话"), max_length=30, validators=[reject_control_characters])
    bio = models.TextField(_("个人简介"), max_length=3000)
    cv = models.FileField(_("简历"), storage=private_storage, upload_to=cv_path, blank=True, max_length=200)
    cv_extension = models.CharField(max_length=5, blank=True)
    photo = models.FileField(_("照片"), storage=private_storage, upload_to=photo_path, blank=True, max_length=200)
    photo_extension = models.CharField(max_length=5, blank=True)

    state = FSMField(_("状态"), default=CandidateState.APPLIED, choices=CandidateState.choices, protected=True)
    consent_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    consent_expires_at = models.DateTimeField(_("同意链接有效期至"), null=True, blank=True)
    consented_at = models.DateTimeField(_("本人同意时间"), null=True, blank=True)
    qualification = models.JSONField(_("资格审核结果"), null=True, blank=True, editable=False)
    selection_tally = models.JSONField(_("遴选表决结果"), null=True, blank=True, editable=False)
    term_start = models.DateField(_("本届聘期开始"), null=True, blank=True)
    term_end = models.DateField(_("本届聘期结束"), null=True, blank=True)
    letter = models.OneToOneField(
        Certificate, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("现行聘书")
    )
    reminders_sent = models.JSONField(_("已发送到期提醒"), default=list, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ExpertQuerySet.as_manager()

    # Only public fields are indexed: the directory's keyword search must not match on e-mail or phone.
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("keywords", boost=2),
        index.SearchField("employer"),
        index.SearchField("position"),
        index.SearchField("bio"),
        index.RelatedFields("majors", [index.SearchField("name")]),
        index.FilterField("state"),
        index.FilterField("title"),
        index.FilterField("region"),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("专家")
        verbose_name_plural = _("专家库")

    def __str__(self) -> str:
        return f"{self.name}（{self.employer}，{self.get_state_display()}）"

    # --- consent token: only its hash is stored; the link in the mail carries the token itself ---
    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def consent_link_valid(self, token: str) -> bool:
        return (
            self.state == CandidateState.NOMINATED
            and bool(self.consent_token_hash)
            and self.consent_token_hash == self.hash_token(token)
            and self.consent_expires_at is not None
            and timezone.now() <= self.consent_expires_at
        )

    @property
    def qualification_checklist(self) -> list[dict]:
        return (self.qualification or {}).get("items", [])

    @property
    def tally(self) -> Tally | None:
        return Tally.from_dict(self.selection_tally) if self.selection_tally else None

    def document_standing(self, certificate: Certificate):
        """What this candidacy says of a letter issued for it (workflows/documents.py): valid while
        appointed, to the live end of the term; a letter replaced by a renewal's letter is superseded;
        ended or re-opened terms expire it; withdrawal revokes it."""
        if certificate.pk != self.letter_id:
            return CertificateStatus.SUPERSEDED, certificate.valid_until
        if self.state == CandidateState.WITHDRAWN:
            return CertificateStatus.REVOKED, self.term_end
        if self.state != CandidateState.APPOINTED:
            return CertificateStatus.EXPIRED, self.term_end
        return None, self.term_end

    # --- transitions -------------------------------------------------------------------------
    @transition(
        field=state,
        source=CandidateState.NOMINATED,
        target=CandidateState.SUBMITTED,
        permission=is_candidate,
        custom={"label": _("本人同意推荐"), "actor": _("被推荐人")},
    )
    def consent(self, by):
        self.consented_at = timezone.now()
        self.consent_token_hash = ""  # single use

    @transition(
        field=state,
        source=CandidateState.NOMINATED,
        target=CandidateState.DECLINED,
        permission=is_nominee,
        custom={"label": _("本人不同意推荐"), "actor": _("被推荐人"), "style": "danger"},
    )
    def decline(self, by):
        self.consent_token_hash = ""

    @transition(
        field=state,
        source=CandidateState.APPLIED,
        target=CandidateState.SUBMITTED,
        permission=is_candidate,
        custom={"label": _("提交申请"), "actor": _("申请人")},
    )
    def submit(self, by):
        pass

    @transition(
        field=state,
        source=CandidateState.SUBMITTED,
        target=CandidateState.IN_SELECTION,
        permission=is_secretariat,
        custom={"label": _("资格审核通过"), "actor": _("秘书处")},
    )
    def pass_qualification(self, by, checklist: list[dict]):
        self.qualification = {"passed": True, "items": checklist}

    @transition(
        field=state,
        source=CandidateState.SUBMITTED,
        target=CandidateState.REJECTED,
        permission=is_secretariat,
        custom={
            "label": _("资格审核不通过"),
            "actor": _("秘书处"),
            "needs_comment": True,
            "style": "danger",
        },
    )
    def fail_qualification(self, by, checklist: list[dict]):
        self.qualification = {"passed": False, "items": checklist}

    @transition(
        field=state,
        source=CandidateState.IN_SELECTION,
        target=CandidateState.APPOINTED,
        permission=is_secretariat,
        conditions=[selection_passed],
        custom={
            "label": _("遴选通过，聘任入库"),
            "actor": _("秘书处"),
            "refusal": _("专家委员会表决未通过，不能聘任。"),
        },
    )
    def select(self, by):
        self.term_start = timezone.localdate()
        self.term_end = terms.term_end(self.term_start)
        self.reminders_sent = []

    @transition(
        field=state,
        source=CandidateState.IN_SELECTION,
        target=CandidateState.REJECTED,
        permission=is_secretariat,
        conditions=[selection_failed],
        custom={
            "label": _("遴选未通过"),
            "actor": _("秘书处"),
            "refusal": _("专家委员会表决已通过，应予聘任。"),
        },
    )
    def not_select(self, by):
        pass

    @transition(
        field=state,
        source=CandidateState.APPOINTED,
        target=CandidateState.EXPIRED,
        permission=is_scheduler,
        custom={"label": _("聘期届满"), "actor": _("系统")},
    )
    def expire(self, by):
        pass

    @transition(
        field=state,
        source=CandidateState.EXPIRED,
        target=CandidateState.IN_SELECTION,
        permission=is_secretariat,
        custom={"label": _("启动续聘遴选"), "actor": _("秘书处")},
    )
    def start_reselection(self, by):
        self.selection_tally = None

    @transition(
        field=state,
        source=[
            CandidateState.APPLIED,
            CandidateState.SUBMITTED,
            CandidateState.IN_SELECTION,
            CandidateState.APPOINTED,
        ],
        target=CandidateState.WITHDRAWN,
        permission=is_candidate,
        custom={
            "label": _("放弃候选"),
            "actor": _("本人"),
            "style": "danger",
            "confirm": _(
                "放弃后本次入库申请即告终止，不能恢复；已入库的，聘书随即撤销并退出专家库。如需再次入库，须重新申请或推荐。"
            ),
        },
    )
    def withdraw(self, by, confirmed: bool = False):
        require_confirmation(confirmed, gettext("放弃候选"))


class PanelDraw(models.Model):
    """A random draw of an evaluation panel, recorded so that anyone can re-run it and get the same
    panel: the field, the size, the units to avoid (回避), the eligible list at the time, the seed,
    the result, and every replacement of an expert who declined."""

    major = models.ForeignKey(Major, on_delete=models.PROTECT, related_name="+", verbose_name=_("专业领域"))
    panel_size = models.PositiveSmallIntegerField(_("抽取人数"))
    purpose = models.CharField(_("评审事项"), max_length=200, validators=[reject_control_characters])
    evaluated_unit = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("被评审单位")
    )
    avoided_units = models.ManyToManyField(MemberUnit, blank=True, related_name="+", verbose_name=_("回避单位"))
    avoided_names = models.JSONField(_("回避单位名称"), default=list)
    seed = models.CharField(_("随机种子"), max_length=64, editable=False)
    eligible_ids = models.JSONField(_("符合条件的专家"), default=list, editable=False)
    result_ids = models.JSONField(_("抽取结果"), default=list, editable=False)
    replacements = models.JSONField(_("替补记录"), default=list, editable=False)
    near_matches = models.JSONField(
        _("名称相近待核实"), default=list, editable=False, help_text=_("工作单位与回避单位名称相近（未自动回避）的专家")
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("抽取人")
    )
    drawn_at = models.DateTimeField(_("抽取时间"), auto_now_add=True)

    class Meta:
        ordering = ["-drawn_at"]
        verbose_name = _("评审专家抽取")
        verbose_name_plural = _("评审专家抽取")

    def __str__(self) -> str:
        return gettext("{purpose}（{major}，{panel_size} 人）").format(
            purpose=self.purpose, major=self.major, panel_size=self.panel_size
        )

    @property
    def current_panel_ids(self) -> list[int]:
        panel = list(self.result_ids)
        for step in self.replacements:
            panel[panel.index(step["declined"])] = step["replacement"]
        return panel
