"""Governance (charter Art. 7, 9, 13–17, 23): bodies, meetings, motions, ballots, elections, the charter
in force.

The state machines are django-fsm-2 transitions declared to the workflow engine in `actions.py`; who
may vote is read from live data (`eligibility.py`), never from a list kept by hand; how a ballot paper
is kept secret is in `voting.py`. Nothing here sends mail or writes history.
"""

import uuid

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from core import roles
from core.single_line import reject_control_characters
from membership.models import MemberUnit, Position
from workflows.permissions import holds_role, or_nobody
from workflows.storage import private_storage
from workflows.terms import term_end

is_secretariat = holds_role(roles.SECRETARIAT)
#: The daily job (closing a ballot whose time is up) or the secretariat.
secretariat_or_scheduler = or_nobody(is_secretariat)


class Body(models.TextChoices):
    PLENARY = "plenary", _("全体会员大会")
    COUNCIL = "council", _("理事会")


@register_setting(icon="group")
class GovernanceSettings(BaseGenericSetting):
    """Quorum and threshold of each body (Art. 23 by default: more than half of those entitled)."""

    plenary_quorum_percent = models.PositiveSmallIntegerField(
        _("全体会员大会：法定人数（%）"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(99)],
        help_text=_("实际投票的会员单位须超过有表决权单位数的这一比例"),
    )
    plenary_pass_percent = models.PositiveSmallIntegerField(
        _("全体会员大会：通过比例（%）"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(99)],
        help_text=_("赞成票须超过有表决权单位数的这一比例（条例第二十三条：半数以上）"),
    )
    council_quorum_percent = models.PositiveSmallIntegerField(
        _("理事会：法定人数（%）"), default=50, validators=[MinValueValidator(0), MaxValueValidator(99)]
    )
    council_pass_percent = models.PositiveSmallIntegerField(
        _("理事会：通过比例（%）"), default=50, validators=[MinValueValidator(0), MaxValueValidator(99)]
    )
    charter_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("条例页面"),
        help_text=_("条例修改通过并生效后，新版本发布到这个页面"),
    )

    panels = [
        MultiFieldPanel([FieldPanel("plenary_quorum_percent"), FieldPanel("plenary_pass_percent")], _("全体会员大会")),
        MultiFieldPanel([FieldPanel("council_quorum_percent"), FieldPanel("council_pass_percent")], _("理事会")),
        FieldPanel("charter_page"),
    ]

    class Meta:
        verbose_name = _("议事规则")

    def rule_for(self, body: str) -> tuple[int, int]:
        """(quorum %, pass %) of a body."""
        if body == Body.COUNCIL:
            return self.council_quorum_percent, self.council_pass_percent
        return self.plenary_quorum_percent, self.plenary_pass_percent


# --- meetings -------------------------------------------------------------------------------------
class MeetingKind(models.TextChoices):
    PLENARY = "plenary", _("全体会员大会")
    COUNCIL = "council", _("理事会会议")
    ANNUAL_COUNCIL = "annual_council", _("年度理事会会议")
    SPECIAL = "special", _("专题会议")


#: Which body a kind of meeting convenes.
KIND_BODY = {
    MeetingKind.PLENARY: Body.PLENARY,
    MeetingKind.COUNCIL: Body.COUNCIL,
    MeetingKind.ANNUAL_COUNCIL: Body.COUNCIL,
}


class MeetingState(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    INVITED = "invited", _("已发出通知")
    HELD = "held", _("已召开")
    MINUTES_PUBLISHED = "minutes_published", _("纪要已发布")
    CANCELLED = "cancelled", _("已取消")


def has_minutes(meeting) -> bool:
    return bool((meeting.minutes or "").strip())


class Meeting(ConcurrentTransitionMixin, ClusterableModel):
    public_id = models.UUIDField(_("编号"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("会议名称"), max_length=120, validators=[reject_control_characters])
    kind = models.CharField(_("会议类型"), max_length=20, choices=MeetingKind.choices)
    body = models.CharField(
        _("参会机构"), max_length=10, choices=Body.choices, default=Body.PLENARY, help_text=_("专题会议请选择参会机构")
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True, validators=[reject_control_characters])
    online_url = models.URLField(_("线上会议链接"), blank=True)
    rsvp_deadline = models.DateTimeField(_("回复截止时间"))
    description = models.TextField(_("会议说明"), blank=True, max_length=4000)
    minutes = models.TextField(_("会议纪要"), blank=True, help_text=_("仅会员可见；发布后不再修改"))
    state = FSMField(_("状态"), default=MeetingState.DRAFT, choices=MeetingState.choices, protected=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("body"),
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
        FieldPanel("place"),
        FieldPanel("online_url"),
        FieldPanel("rsvp_deadline"),
        FieldPanel("description"),
        InlinePanel("agenda_items", label=_("议程")),
        InlinePanel("papers", label=_("会议材料（仅会员可见）")),
        FieldPanel("minutes"),
    ]

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("会议")
        verbose_name_plural = _("会议")

    def __str__(self) -> str:
        return f"{self.title}（{self.starts_at:%Y-%m-%d}）"

    def save(self, *args, **kwargs):
        self.body = KIND_BODY.get(self.kind, self.body)
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("结束时间须晚于开始时间。")
        if self.starts_at and self.rsvp_deadline and self.rsvp_deadline > self.starts_at:
            errors["rsvp_deadline"] = _("回复截止时间不能晚于会议开始时间。")
        if not self.place and not self.online_url:
            errors["place"] = _("请填写地点或线上会议链接。")
        if errors:
            raise ValidationError(errors)

    @property
    def rsvp_open(self) -> bool:
        return self.state == MeetingState.INVITED and timezone.now() <= self.rsvp_deadline

    @transition(
        field=state,
        source=MeetingState.DRAFT,
        target=MeetingState.INVITED,
        permission=is_secretariat,
        custom={"label": _("发出会议通知"), "actor": _("秘书处")},
    )
    def send_invitations(self, by):
        pass  # the action invites every entitled unit (governance.actions.SendInvitations)

    @transition(
        field=state,
        source=MeetingState.INVITED,
        target=MeetingState.HELD,
        permission=is_secretariat,
        custom={"label": _("确认会议已召开"), "actor": _("秘书处")},
    )
    def mark_held(self, by):
        pass

    @transition(
        field=state,
        source=MeetingState.HELD,
        target=MeetingState.MINUTES_PUBLISHED,
        permission=is_secretariat,
        conditions=[has_minutes],
        custom={"label": _("发布会议纪要"), "actor": _("秘书处"), "refusal": _("请先填写会议纪要。")},
    )
    def publish_minutes(self, by):
        pass

    @transition(
        field=state,
        source=[MeetingState.DRAFT, MeetingState.INVITED],
        target=MeetingState.CANCELLED,
        permission=is_secretariat,
        custom={"label": _("取消会议"), "actor": _("秘书处"), "needs_comment": True, "style": "danger"},
    )
    def cancel(self, by):
        pass


class AgendaItem(models.Model):
    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    sort_order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    title = models.CharField(_("议题"), max_length=200, validators=[reject_control_characters])
    description = models.TextField(_("说明"), blank=True, max_length=2000)
    motion = models.ForeignKey(
        "Motion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("相关议案")
    )

    panels = [FieldPanel("sort_order"), FieldPanel("title"), FieldPanel("description"), FieldPanel("motion")]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("议程")
        verbose_name_plural = _("议程")

    def __str__(self) -> str:
        return self.title


def paper_path(instance, filename: str) -> str:
    return f"meeting-papers/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()[:5]}"


class MeetingPaper(models.Model):
    """A members-only document of a meeting: stored privately, served only to members and staff."""

    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(_("材料名称"), max_length=120, validators=[reject_control_characters])
    file = models.FileField(
        _("文件"),
        storage=private_storage,
        upload_to=paper_path,
        max_length=200,
        validators=[FileExtensionValidator(["pdf", "docx", "xlsx", "pptx"])],
        help_text=_("PDF、Word、Excel 或 PowerPoint 文件"),
    )

    panels = [FieldPanel("title"), FieldPanel("file")]

    class Meta:
        verbose_name = _("会议材料")
        verbose_name_plural = _("会议材料")

    def __str__(self) -> str:
        return self.title


class Answer(models.TextChoices):
    PENDING = "pending", _("未回复")
    ATTEND = "attend", _("出席")
    DELEGATE = "delegate", _("委派代表出席")
    DECLINE = "decline", _("不出席")


class Invitation(models.Model):
    """A meeting's invitation to one entitled unit, its answer, and its attendance on the day."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    unit = models.ForeignKey(MemberUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("会员单位"))
    answer = models.CharField(_("回复"), max_length=10, choices=Answer.choices, default=Answer.PENDING)
    delegate_name = models.CharField(_("委派代表"), max_length=50, blank=True, validators=[reject_control_characters])
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    attended = models.BooleanField(_("实到"), null=True, blank=True)

    class Meta:
        ordering = ["unit__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "unit"], name="one_invitation_per_unit")]
        verbose_name = _("会议邀请")
        verbose_name_plural = _("会议邀请")

    def __str__(self) -> str:
        return f"{self.meeting}：{self.unit}"


# --- motions --------------------------------------------------------------------------------------
class MotionType(models.TextChoices):
    CHARTER_AMENDMENT = "charter_amendment", _("条例修改")
    DEVELOPMENT_PLAN = "development_plan", _("发展规划")
    WORK_PLAN = "work_plan", _("年度工作计划")
    BUDGET = "budget", _("财务预算与决算")
    SECRETARIAT_REPORT = "secretariat_report", _("秘书处工作报告")
    OTHER = "other", _("其他议案")


class MotionState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    CONSULTATION = "consultation", _("征求意见中")
    FINAL_DRAFT = "final_draft", _("定稿待表决")
    VOTING = "voting", _("表决中")
    PASSED = "passed", _("已通过")
    FAILED = "failed", _("未通过")
    IN_FORCE = "in_force", _("已生效")
    WITHDRAWN = "withdrawn", _("已撤回")


MOTION_OPEN_STATES = [MotionState.DRAFT, MotionState.CONSULTATION, MotionState.FINAL_DRAFT, MotionState.VOTING]
MOTION_EDITABLE_STATES = [MotionState.DRAFT, MotionState.CONSULTATION, MotionState.FINAL_DRAFT]
#: What members see (a draft is the secretariat's own).
MOTION_MEMBER_STATES = [s for s in MotionState.values if s != MotionState.DRAFT]
#: What anyone sees: adopted motions.
MOTION_PUBLIC_STATES = [MotionState.PASSED, MotionState.IN_FORCE]


def consultation_period_set(motion) -> bool:
    return motion.consultation_ends_on is not None and motion.consultation_ends_on >= timezone.localdate()


def consulted_if_required(motion) -> bool:
    """Art. 23: a charter amendment is drafted after consulting all members."""
    return motion.motion_type != MotionType.CHARTER_AMENDMENT or motion.state == MotionState.CONSULTATION


def is_charter_amendment(motion) -> bool:
    return motion.motion_type == MotionType.CHARTER_AMENDMENT


def motion_ballot_passed(motion) -> bool:
    return bool(motion.ballot_tally) and bool(motion.ballot_tally.get("passed"))


def motion_ballot_failed(motion) -> bool:
    return bool(motion.ballot_tally) and not motion.ballot_tally.get("passed")


class Motion(ConcurrentTransitionMixin, models.Model):
    """A motion the secretariat drafts and a body decides (Art. 14, 23). Each saved text is a version."""

    public_id = models.UUIDField(_("编号"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("议案名称"), max_length=120, validators=[reject_control_characters])
    motion_type = models.CharField(_("议案类型"), max_length=20, choices=MotionType.choices)
    body = models.CharField(_("表决机构"), max_length=10, choices=Body.choices, default=Body.PLENARY)
    summary = models.TextField(_("提要"), blank=True, max_length=2000)
    text = models.TextField(_("议案正文"), help_text=_("条例修改请填写修改后的条例全文"))
    consultation_ends_on = models.DateField(_("征求意见截止日期"), null=True, blank=True)
    state = FSMField(_("状态"), default=MotionState.DRAFT, choices=MotionState.choices, protected=True)
    ballot_tally = models.JSONField(_("表决结果"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("表决结束时间"), null=True, blank=True)
    in_force_on = models.DateField(_("生效日期"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("议案")
        verbose_name_plural = _("议案")

    def __str__(self) -> str:
        return self.title

    @property
    def result_summary(self) -> str:
        from workflows.decisions import Tally

        return Tally.from_dict(self.ballot_tally).summary if self.ballot_tally else ""

    @transition(
        field=state,
        source=MotionState.DRAFT,
        target=MotionState.CONSULTATION,
        permission=is_secretariat,
        conditions=[consultation_period_set],
        custom={
            "label": _("发布征求意见稿"),
            "actor": _("秘书处"),
            "refusal": _("请先设置征求意见截止日期（不早于今天）。"),
        },
    )
    def start_consultation(self, by):
        pass

    @transition(
        field=state,
        source=[MotionState.DRAFT, MotionState.CONSULTATION],
        target=MotionState.FINAL_DRAFT,
        permission=is_secretariat,
        conditions=[consulted_if_required],
        custom={
            "label": _("形成定稿"),
            "actor": _("秘书处"),
            "refusal": _("条例修改须先向全体会员征求意见（条例第二十三条）。"),
        },
    )
    def finalise(self, by):
        pass

    @transition(
        field=state,
        source=MotionState.FINAL_DRAFT,
        target=MotionState.VOTING,
        permission=is_secretariat,
        custom={"label": _("提交表决"), "actor": _("秘书处")},
    )
    def open_voting(self, by, secret: bool = False, closes_at=None):
        self.ballot_options = {"secret": secret, "closes_at": closes_at}  # the action opens the ballot

    @transition(
        field=state,
        source=MotionState.VOTING,
        target=MotionState.PASSED,
        permission=secretariat_or_scheduler,
        conditions=[motion_ballot_passed],
        custom={"label": _("表决通过"), "actor": _("表决结果")},
    )
    def pass_motion(self, by):
        self.decided_at = timezone.now()

    @transition(
        field=state,
        source=MotionState.VOTING,
        target=MotionState.FAILED,
        permission=secretariat_or_scheduler,
        conditions=[motion_ballot_failed],
        custom={"label": _("表决未通过"), "actor": _("表决结果")},
    )
    def fail_motion(self, by):
        self.decided_at = timezone.now()

    @transition(
        field=state,
        source=MotionState.PASSED,
        target=MotionState.IN_FORCE,
        permission=is_secretariat,
        conditions=[is_charter_amendment],
        custom={
            "label": _("发布施行新版条例"),
            "actor": _("秘书处"),
            "refusal": _("只有条例修改需要发布施行。"),
        },
    )
    def put_in_force(self, by):
        self.in_force_on = timezone.localdate()

    @transition(
        field=state,
        source=MOTION_OPEN_STATES,
        target=MotionState.WITHDRAWN,
        permission=is_secretariat,
        custom={"label": _("撤回议案"), "actor": _("秘书处"), "needs_comment": True, "style": "danger"},
    )
    def withdraw(self, by):
        pass  # an open ballot is cancelled with it (governance.actions.WithdrawMotion)


class MotionVersion(models.Model):
    """One saved text of a motion; versions are compared with a readable diff (governance.diffs)."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本"))
    text = models.TextField(_("正文"))
    note = models.CharField(_("修改说明"), max_length=200, blank=True)
    stage = models.CharField(_("所处阶段"), max_length=20, choices=MotionState.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["motion", "number"]
        constraints = [models.UniqueConstraint(fields=["motion", "number"], name="one_number_per_motion_version")]
        verbose_name = _("议案版本")
        verbose_name_plural = _("议案版本")

    def __str__(self) -> str:
        return gettext("{motion}（第 {number} 版）").format(motion=self.motion, number=self.number)


class MotionComment(models.Model):
    """A member's comment in consultation, visible to members, answered by the secretariat."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="comments", verbose_name=_("议案"))
    version = models.ForeignKey(MotionVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("针对版本"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("会员单位")
    )
    text = models.TextField(_("意见"), max_length=4000)
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    reply = models.TextField(_("秘书处答复"), blank=True, max_length=4000)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")

    def __str__(self) -> str:
        return f"{self.motion}：{self.text[:30]}"


class CharterVersion(models.Model):
    """A version of the charter; the newest is in force. Adopted by a motion (none for the founding text)."""

    number = models.PositiveSmallIntegerField(_("版本"), unique=True)
    text = models.TextField(_("条例全文"))
    in_force_from = models.DateField(_("施行日期"))
    motion = models.OneToOneField(
        Motion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charter_version",
        verbose_name=_("通过议案"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("条例版本")
        verbose_name_plural = _("条例版本")

    def __str__(self) -> str:
        return _("条例第 %(number)s 版（%(day)s 起施行）") % {"number": self.number, "day": self.in_force_from}


# --- elections ------------------------------------------------------------------------------------
class ExpertPost(models.TextChoices):
    DIRECTOR = "expert_director", _("专家委员会主任")
    DEPUTY_DIRECTOR = "expert_deputy_director", _("专家委员会副主任")
    SECRETARY_GENERAL = "expert_secretary_general", _("专家委员会秘书长")
    DEPUTY_SECRETARY_GENERAL = "expert_deputy_secretary_general", _("专家委员会副秘书长")
    MEMBER = "expert_member", _("专家委员会委员")


POST_CHOICES = [*Position.choices, *ExpertPost.choices]


class ElectionState(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    NOMINATING = "nominating", _("提名中")
    VOTING = "voting", _("投票中")
    COUNTED = "counted", _("已计票")
    INSTALLED = "installed", _("结果已生效")
    CANCELLED = "cancelled", _("已取消")


def has_positions(election) -> bool:
    return election.positions.exists()


def every_position_has_candidates(election) -> bool:
    return all(p.candidates().exists() for p in election.positions.all())


def ties_resolved(election) -> bool:
    return all(not p.undecided_ties() for p in election.positions.all())


class Election(ConcurrentTransitionMixin, ClusterableModel):
    """The election of the council and officers for a term (Art. 13, 15), by the plenary."""

    public_id = models.UUIDField(_("编号"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("选举名称"), max_length=120, validators=[reject_control_characters])
    term_start = models.DateField(_("任期开始"))
    term_end = models.DateField(_("任期结束"), blank=True, help_text=_("留空则按 3 年任期自动计算"))
    nominations_close_on = models.DateField(_("提名截止日期"))
    description = models.TextField(_("说明"), blank=True, max_length=4000)
    state = FSMField(_("状态"), default=ElectionState.DRAFT, choices=ElectionState.choices, protected=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("term_start"),
        FieldPanel("term_end"),
        FieldPanel("nominations_close_on"),
        FieldPanel("description"),
        InlinePanel("positions", label=_("选举职务与名额"), min_num=1),
    ]

    class Meta:
        ordering = ["-term_start"]
        verbose_name = _("选举")
        verbose_name_plural = _("选举")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.term_end and self.term_start:
            self.term_end = term_end(self.term_start)
        super().save(*args, **kwargs)

    @property
    def nominations_open(self) -> bool:
        return self.state == ElectionState.NOMINATING and timezone.localdate() <= self.nominations_close_on

    @transition(
        field=state,
        source=ElectionState.DRAFT,
        target=ElectionState.NOMINATING,
        permission=is_secretariat,
        conditions=[has_positions],
        custom={"label": _("开始提名"), "actor": _("秘书处"), "refusal": _("请先设置选举职务与名额。")},
    )
    def open_nominations(self, by):
        pass

    @transition(
        field=state,
        source=ElectionState.NOMINATING,
        target=ElectionState.VOTING,
        permission=is_secretariat,
        conditions=[every_position_has_candidates],
        custom={"label": _("开始投票"), "actor": _("秘书处"), "refusal": _("每个职务都须至少有一名已同意的候选人。")},
    )
    def open_voting(self, by, secret: bool = True, closes_at=None):
        self.ballot_options = {"secret": secret, "closes_at": closes_at}  # the action opens the ballot

    @transition(
        field=state,
        source=ElectionState.VOTING,
        target=ElectionState.COUNTED,
        permission=secretariat_or_scheduler,
        custom={"label": _("计票"), "actor": _("表决结果")},
    )
    def count(self, by):
        pass

    @transition(
        field=state,
        source=ElectionState.COUNTED,
        target=ElectionState.INSTALLED,
        permission=is_secretariat,
        conditions=[ties_resolved],
        custom={
            "label": _("确认当选并任职"),
            "actor": _("秘书处"),
            "refusal": _("仍有票数相同、尚未决定的名额。"),
        },
    )
    def install(self, by):
        pass  # the action creates the council positions (governance.actions.InstallElection)

    @transition(
        field=state,
        source=[ElectionState.DRAFT, ElectionState.NOMINATING, ElectionState.VOTING],
        target=ElectionState.CANCELLED,
        permission=is_secretariat,
        custom={"label": _("取消选举"), "actor": _("秘书处"), "needs_comment": True, "style": "danger"},
    )
    def cancel(self, by):
        pass


class ElectionPosition(models.Model):
    election = ParentalKey(Election, on_delete=models.CASCADE, related_name="positions")
    post = models.CharField(_("职务"), max_length=40, choices=POST_CHOICES)
    seats = models.PositiveSmallIntegerField(_("名额"), default=1, validators=[MinValueValidator(1)])
    sort_order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    #: After counting: {"counts": {nomination id: votes}, "elected": [ids], "tied": [ids], "open_seats": n}
    result = models.JSONField(_("计票结果"), null=True, blank=True, editable=False)
    decided = models.JSONField(_("决定当选（票数相同时）"), default=list, blank=True, editable=False)

    panels = [FieldPanel("post"), FieldPanel("seats"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["election", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["election", "post"], name="one_post_per_election")]
        verbose_name = _("选举职务")
        verbose_name_plural = _("选举职务")

    def __str__(self) -> str:
        return gettext("{post}（{seats} 名）").format(post=self.get_post_display(), seats=self.seats)

    def candidates(self):
        return self.nominations.filter(consent=Consent.ACCEPTED).select_related("nominee")

    def elected_ids(self) -> list[int]:
        if not self.result:
            return []
        return [*self.result.get("elected", []), *self.decided]

    def undecided_ties(self) -> list[int]:
        """Tied candidates for seats nobody has decided yet."""
        if not self.result or not self.result.get("tied"):
            return []
        if len(self.decided) >= self.result.get("open_seats", 0):
            return []
        return [pk for pk in self.result["tied"] if pk not in self.decided]


class Consent(models.TextChoices):
    PENDING = "pending", _("待被提名单位同意")
    ACCEPTED = "accepted", _("已同意，列为候选人")
    DECLINED = "declined", _("被提名单位不同意")


class Nomination(models.Model):
    """A unit nominated for a post, by itself or another member unit; a candidate once it consents."""

    position = models.ForeignKey(
        ElectionPosition, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("职务")
    )
    nominee = models.ForeignKey(MemberUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("被提名单位"))
    nominated_by = models.ForeignKey(MemberUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("提名单位"))
    nominated_by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    statement = models.TextField(_("提名理由"), blank=True, max_length=2000)
    consent = models.CharField(_("同意情况"), max_length=10, choices=Consent.choices, default=Consent.PENDING)
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("提名时间"), auto_now_add=True)

    class Meta:
        ordering = ["position", "nominee__name"]
        constraints = [models.UniqueConstraint(fields=["position", "nominee"], name="one_nomination_per_post")]
        verbose_name = _("提名")
        verbose_name_plural = _("提名")

    def __str__(self) -> str:
        return f"{self.position.get_post_display()}：{self.nominee}"


# --- ballots --------------------------------------------------------------------------------------
class BallotState(models.TextChoices):
    OPEN = "voting", _("投票中")
    CLOSED = "counted", _("已结束并计票")
    CANCELLED = "cancelled", _("已取消")


class Ballot(ConcurrentTransitionMixin, models.Model):
    """A vote of a body on a motion (yes / no / abstain) or an election (up to N choices per post).

    Named or secret, chosen when opening. One vote per entitled unit, changeable until close; how a
    secret paper is kept apart from its voter is explained in governance.voting."""

    public_id = models.UUIDField(_("编号"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("表决事项"), max_length=160)
    body = models.CharField(_("表决机构"), max_length=10, choices=Body.choices)
    motion = models.ForeignKey(
        Motion, on_delete=models.PROTECT, null=True, blank=True, related_name="ballots", verbose_name=_("议案")
    )
    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, null=True, blank=True, related_name="ballots", verbose_name=_("选举")
    )
    secret = models.BooleanField(_("无记名投票"), default=False)
    opened_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    closes_at = models.DateTimeField(_("截止时间"))
    state = FSMField(_("状态"), default=BallotState.OPEN, choices=BallotState.choices, protected=True)
    result = models.JSONField(_("计票结果"), null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(_("提醒发送时间"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(motion__isnull=False, election__isnull=True)
                | Q(motion__isnull=True, election__isnull=False),
                name="ballot_on_a_motion_or_an_election",
            ),
            models.UniqueConstraint(fields=["motion"], condition=Q(state="voting"), name="one_open_ballot_per_motion"),
            models.UniqueConstraint(
                fields=["election"], condition=Q(state="voting"), name="one_open_ballot_per_election"
            ),
        ]
        verbose_name = _("投票")
        verbose_name_plural = _("投票")

    def __str__(self) -> str:
        return self.title

    @property
    def is_election(self) -> bool:
        return self.election_id is not None

    @property
    def summary(self) -> str:
        return (self.result or {}).get("summary", "")

    def secrecy_display(self) -> str:
        return str(_("无记名")) if self.secret else str(_("记名"))

    secrecy_display.short_description = _("投票方式")

    @transition(
        field=state,
        source=BallotState.OPEN,
        target=BallotState.CLOSED,
        permission=secretariat_or_scheduler,
        custom={"label": _("结束投票并计票"), "actor": _("秘书处")},
    )
    def close(self, by):
        pass  # the stage has recorded the result; the action closes the motion or the election

    @transition(
        field=state,
        source=BallotState.OPEN,
        target=BallotState.CANCELLED,
        permission=is_secretariat,
        custom={"label": _("取消投票"), "actor": _("秘书处"), "needs_comment": True, "style": "danger"},
    )
    def cancel(self, by):
        pass


class BallotPaper(models.Model):
    """One unit's ballot paper. For a secret ballot it names no voter: it is found again only by its
    `receipt`, a keyed hash of (ballot, voter) the server recomputes when that voter returns
    (governance.voting.receipt). It has no time stamp and a random id, so that neither its time nor
    its order ties it to the who-has-voted record. For a named ballot `voter_key`/`cast_by` are filled."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="papers")
    receipt = models.CharField(max_length=64, editable=False)
    choice = models.CharField(max_length=10, blank=True)
    #: For elections: {"<position id>": [nomination ids]}
    selections = models.JSONField(default=dict, blank=True)
    voter_key = models.CharField(max_length=60, blank=True)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "receipt"], name="one_paper_per_voter")]
        verbose_name = _("选票")
        verbose_name_plural = _("选票")

    def __str__(self) -> str:
        return str(_("选票"))


class BallotParticipation(models.Model):
    """Who has voted (never what): one row per unit and ballot, whatever account cast it."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="participations")
    unit = models.ForeignKey(MemberUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("会员单位"))
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("投票账号")
    )
    first_cast_at = models.DateTimeField(_("首次投票时间"), auto_now_add=True)

    class Meta:
        ordering = ["ballot", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["ballot", "unit"], name="one_participation_per_unit")]
        verbose_name = _("投票记录（是否已投）")
        verbose_name_plural = _("投票记录（是否已投）")

    def __str__(self) -> str:
        return f"{self.ballot}：{self.unit}"


class PositionTermReminder(models.Model):
    """A term-end reminder sent for a council position (Art. 15: 3-year terms), one per position and
    lead time, so the daily job never mails the same reminder twice."""

    position = models.ForeignKey(
        "membership.CouncilPosition", on_delete=models.CASCADE, related_name="+", verbose_name=_("职务")
    )
    days = models.PositiveSmallIntegerField(_("提前天数"))
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["position", "days"], name="one_term_reminder_per_lead_time")]
        verbose_name = _("任期届满提醒")
        verbose_name_plural = _("任期届满提醒")

    def __str__(self) -> str:
        return f"{self.position}：{self.days}"
