import datetime
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core import roles
from core.blocks import BaseStreamBlock
from core.i18n import source_page
from core.pagination import paginate
from core.params import one
from core.single_line import reject_control_characters
from core.visibility import visible_pages
from workflows.permissions import holds_role, is_account, or_nobody


class EventType(models.TextChoices):
    FORUM = "forum", _("年度论坛")
    SEMINAR = "seminar", _("研讨会")
    COMPETITION = "competition", _("技能大赛")
    TRAINING = "training", _("师资培训")
    EXHIBITION = "exhibition", _("成果展示")
    MEETING = "meeting", _("理事会议")
    OTHER = "other", _("其他")


class EventIndexPage(Page):
    """Events, upcoming first, then past ones (Art. 11.3: annual forums, seminars, competitions)."""

    introduction = models.TextField(_("导语"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("活动栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = visible_pages(EventPage.objects.child_of(source_page(self)), request.user)
        event_type = one(request.GET, "type")
        if event_type in EventType.values:
            events = events.filter(event_type=event_type)
        now = timezone.now()
        context.update(
            upcoming=events.filter(end__gte=now).order_by("start"),
            past=paginate(request, events.filter(end__lt=now).order_by("-start")),
            event_types=EventType.choices,
            current_type=event_type,
        )
        return context


#: The optional questions an organiser may ask registrants, toggled per event (`ask_<code>` fields on
#: EventPage, the same-named fields on Registration). The name is always asked.
OPTIONAL_QUESTIONS = {
    "unit": _("工作单位"),
    "title": _("职务/职称"),
    "phone": _("手机号码"),
    "dietary": _("饮食要求"),
}
#: Questions that must be answered when asked (dietary needs may be left empty).
REQUIRED_WHEN_ASKED = {"unit", "phone", "title"}


class EventPage(Page):
    event_type = models.CharField(_("活动类型"), max_length=20, choices=EventType.choices, default=EventType.SEMINAR)
    start = models.DateTimeField(_("开始时间"))
    end = models.DateTimeField(_("结束时间"))
    location = models.CharField(_("地点"), max_length=255, help_text=_("城市与场馆，线上活动写“线上”"))
    organiser = models.CharField(_("主办/承办单位"), max_length=255, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    registration_url = models.URLField(
        _("报名链接"), blank=True, help_text=_("在其他网站报名的活动填写；在本站报名的活动留空")
    )
    registration_deadline = models.DateTimeField(_("报名截止"), null=True, blank=True)

    # --- registration on this site (events.services) --------------------------------------------
    takes_registrations = models.BooleanField(
        _("在本站报名"), default=False, help_text=_("勾选后登录用户在本站报名，收到确认邮件、日历文件和签到二维码")
    )
    capacity = models.PositiveIntegerField(
        _("名额"), null=True, blank=True, validators=[MinValueValidator(1)], help_text=_("留空为不限人数")
    )
    registration_opens = models.DateTimeField(
        _("报名开始"), null=True, blank=True, help_text=_("非会员从此时起可报名；留空为发布即开放")
    )
    member_priority_days = models.PositiveSmallIntegerField(
        _("会员优先报名天数"),
        default=0,
        validators=[MaxValueValidator(90)],
        help_text=_("会员单位可比其他人提前若干天报名（章程第九条第三款）；需同时填写“报名开始”"),
    )
    per_unit_cap = models.PositiveSmallIntegerField(
        _("每单位限报人数"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("留空为不限；需勾选收集“工作单位”"),
    )
    waiting_list = models.BooleanField(
        _("额满后接受候补"), default=True, help_text=_("有人取消时，候补者按报名先后自动递补并收到邮件通知")
    )
    cancel_deadline = models.DateTimeField(
        _("取消报名截止"), null=True, blank=True, help_text=_("留空为活动开始前均可取消")
    )
    ask_unit = models.BooleanField(_("收集工作单位"), default=True)
    ask_title = models.BooleanField(_("收集职务/职称"), default=False)
    ask_phone = models.BooleanField(_("收集手机号码"), default=True)
    ask_dietary = models.BooleanField(_("收集饮食要求"), default=False)

    # --- skills competitions (event_type competition) --------------------------------------------
    entry_deadline = models.DateTimeField(
        _("参赛报名截止"),
        null=True,
        blank=True,
        help_text=_("技能大赛填写后，会员学校可在本站提交参赛队伍（队名、学生、指导教师）"),
    )
    results_published = models.BooleanField(
        _("公布比赛结果"), default=False, help_text=_("勾选后活动页面列出各参赛队伍的获奖等次")
    )
    results_note = RichTextField(_("比赛结果说明"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("封面图"),
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("详细介绍"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("event_type"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("location"),
                FieldPanel("organiser"),
            ],
            heading=_("时间地点"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("takes_registrations"),
                FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_deadline")]),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("per_unit_cap")]),
                FieldRowPanel([FieldPanel("member_priority_days"), FieldPanel("cancel_deadline")]),
                FieldPanel("waiting_list"),
                FieldRowPanel(
                    [
                        FieldPanel("ask_unit"),
                        FieldPanel("ask_title"),
                        FieldPanel("ask_phone"),
                        FieldPanel("ask_dietary"),
                    ],
                    heading=_("报名表收集的信息（姓名总是收集）"),
                ),
                FieldPanel("registration_url"),
            ],
            heading=_("报名"),
        ),
        MultiFieldPanel(
            [
                HelpPanel(_("参赛队伍与获奖等次在“活动报名 › 参赛队伍”中管理。")),
                FieldPanel("entry_deadline"),
                FieldPanel("results_published"),
                FieldPanel("results_note"),
            ],
            heading=_("技能大赛"),
            classname="collapsed",
        ),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("location"),
        index.SearchField("organiser"),
        index.SearchField("body"),
        # The type's label (研讨会, 年度论坛) finds an event whose title does not say what it is.
        index.SearchField("get_event_type_display"),
        index.FilterField("event_type"),
        index.FilterField("start"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = gettext("结束时间不能早于开始时间。")
        if self.registration_deadline and self.end and self.registration_deadline > self.end:
            errors["registration_deadline"] = gettext("报名截止时间不能晚于活动结束时间。")
        if (
            self.registration_opens
            and self.registration_deadline
            and self.registration_opens >= self.registration_deadline
        ):
            errors["registration_opens"] = _("报名开始时间应早于报名截止时间。")
        if self.member_priority_days and not self.registration_opens:
            errors["member_priority_days"] = _("设置会员优先报名天数时，请同时填写“报名开始”时间。")
        if self.per_unit_cap and not self.ask_unit:
            errors["per_unit_cap"] = _("限制每单位人数需要收集“工作单位”，请勾选“收集工作单位”。")
        if self.takes_registrations and self.registration_url:
            errors["registration_url"] = _("在本站报名的活动不需要外部报名链接，请清空其一。")
        if self.entry_deadline and self.event_type != EventType.COMPETITION:
            errors["entry_deadline"] = _("只有技能大赛接受参赛队伍报名。")
        if errors:
            raise ValidationError(errors)

    # --- registration windows (read by events.services and the page) ---------------------------
    @property
    def registration_closes(self) -> datetime.datetime:
        return self.registration_deadline or self.start

    def opens_for(self, *, member: bool) -> datetime.datetime | None:
        """When this person may first register: members `member_priority_days` early (Art. 9.3)."""
        if self.registration_opens is None:
            return None
        if member:
            return self.registration_opens - datetime.timedelta(days=self.member_priority_days)
        return self.registration_opens

    @property
    def members_open_at(self) -> datetime.datetime | None:
        return self.opens_for(member=True) if self.member_priority_days else None

    @property
    def cancellable_until(self) -> datetime.datetime:
        return self.cancel_deadline or self.start

    @property
    def registration_open(self) -> bool:
        """Whether the outside link (`registration_url`) is still worth showing."""
        if not self.registration_url:
            return False
        return timezone.now() <= self.registration_closes

    @property
    def takes_entries(self) -> bool:
        return self.event_type == EventType.COMPETITION and self.entry_deadline is not None

    @property
    def entries_open(self) -> bool:
        return self.takes_entries and timezone.now() <= self.entry_deadline

    def asked_questions(self) -> list[str]:
        return [code for code in OPTIONAL_QUESTIONS if getattr(self, f"ask_{code}")]

    def get_context(self, request, *args, **kwargs):
        from .selectors import competition_results, registration_box

        context = super().get_context(request, *args, **kwargs)
        if self.takes_registrations:
            context["registration"] = registration_box(self, request.user)
        if self.results_published:
            context["results"] = competition_results(self)
        return context


# --- registrations -----------------------------------------------------------------------------------
class RegistrationState(models.TextChoices):
    REGISTERED = "registered", _("已报名")
    WAITLISTED = "waitlisted", _("候补中")
    CANCELLED = "cancelled", _("已取消")
    ATTENDED = "attended", _("已签到")


#: A registration that holds a seat.
SEATED_STATES = [RegistrationState.REGISTERED, RegistrationState.ATTENDED]
#: A registration that counts: one per person and event, and towards the unit's cap.
ACTIVE_STATES = [*SEATED_STATES, RegistrationState.WAITLISTED]


def new_token() -> str:
    """The check-in QR code's secret: 32 random bytes, so that no one can guess another's code."""
    return secrets.token_urlsafe(32)


is_registrant = is_account("user_id")
is_secretariat = holds_role(roles.SECRETARIAT)


def before_cancel_deadline(registration) -> bool:
    return timezone.now() <= registration.event.cancellable_until


def seat_free(registration) -> bool:
    capacity = registration.event.capacity
    if capacity is None:
        return True
    return Registration.objects.filter(event_id=registration.event_id, state__in=SEATED_STATES).count() < capacity


class Registration(ConcurrentTransitionMixin, models.Model):
    """One person's registration for an event: a seat (registered, then attended when checked in) or
    a place on the waiting list. Created by `events.services.register` under the event's row lock;
    every later change is a transition declared to the workflow engine (events.actions)."""

    public_id = models.UUIDField(_("编号"), default=uuid.uuid4, unique=True, editable=False)
    token = models.CharField(_("签到码"), max_length=64, unique=True, default=new_token, editable=False)
    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("活动"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="event_registrations",
        verbose_name=_("报名账号"),
    )
    state = FSMField(_("状态"), default=RegistrationState.REGISTERED, choices=RegistrationState.choices, protected=True)
    name = models.CharField(_("姓名"), max_length=50, validators=[reject_control_characters])
    unit_name = models.CharField(_("工作单位"), max_length=120, blank=True, validators=[reject_control_characters])
    unit_key = models.CharField(_("规范化单位名称"), max_length=120, blank=True, db_index=True, editable=False)
    title = models.CharField(_("职务/职称"), max_length=50, blank=True, validators=[reject_control_characters])
    phone = models.CharField(_("手机号码"), max_length=30, blank=True, validators=[reject_control_characters])
    dietary = models.CharField(_("饮食要求"), max_length=200, blank=True, validators=[reject_control_characters])
    is_member = models.BooleanField(_("会员单位"), default=False)
    created_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    seated_at = models.DateTimeField(_("确认名额时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签到人员"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], condition=Q(state__in=ACTIVE_STATES), name="one_active_registration_per_event"
            )
        ]
        indexes = [models.Index(fields=["event", "state"], name="events_reg_event_state")]
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")

    def __str__(self) -> str:
        return f"{self.name}（{self.event.title}）"

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def is_cancellable(self) -> bool:
        return self.state in (RegistrationState.REGISTERED, RegistrationState.WAITLISTED) and before_cancel_deadline(
            self
        )

    def waiting_position(self) -> int | None:
        """1 for the next person to be promoted; None when not waiting."""
        if self.state != RegistrationState.WAITLISTED:
            return None
        ahead = Registration.objects.filter(event_id=self.event_id, state=RegistrationState.WAITLISTED).filter(
            Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
        )
        return ahead.count() + 1

    @transition(
        field=state,
        source=[RegistrationState.REGISTERED, RegistrationState.WAITLISTED],
        target=RegistrationState.CANCELLED,
        permission=is_registrant,
        conditions=[before_cancel_deadline],
        custom={
            "label": _("取消报名"),
            "actor": _("报名人"),
            "style": "danger",
            "refusal": _("已过取消报名截止时间，如需取消请联系秘书处。"),
        },
    )
    def cancel(self, by):
        self.cancelled_at = timezone.now()

    @transition(
        field=state,
        source=[RegistrationState.REGISTERED, RegistrationState.WAITLISTED],
        target=RegistrationState.CANCELLED,
        permission=is_secretariat,
        custom={"label": _("撤销报名"), "actor": _("秘书处"), "needs_comment": True, "style": "danger"},
    )
    def withdraw_by_staff(self, by):
        self.cancelled_at = timezone.now()

    @transition(
        field=state,
        source=RegistrationState.WAITLISTED,
        target=RegistrationState.REGISTERED,
        permission=or_nobody(is_secretariat),
        conditions=[seat_free],
        custom={"label": _("候补转正"), "actor": _("系统/秘书处"), "refusal": _("名额已满，不能转为正式报名。")},
    )
    def promote(self, by):
        self.seated_at = timezone.now()

    @transition(
        field=state,
        source=RegistrationState.REGISTERED,
        target=RegistrationState.ATTENDED,
        permission=is_secretariat,
        custom={"label": _("签到"), "actor": _("秘书处")},
    )
    def check_in(self, by):
        self.checked_in_at = timezone.now()
        self.checked_in_by = by

    @transition(
        field=state,
        source=RegistrationState.ATTENDED,
        target=RegistrationState.REGISTERED,
        permission=is_secretariat,
        custom={"label": _("撤销签到"), "actor": _("秘书处"), "style": "secondary"},
    )
    def undo_check_in(self, by):
        self.checked_in_at = None
        self.checked_in_by = None


# --- skills competitions ------------------------------------------------------------------------------
class Award(models.TextChoices):
    FIRST = "first", _("一等奖")
    SECOND = "second", _("二等奖")
    THIRD = "third", _("三等奖")
    MERIT = "merit", _("优秀奖")
    NONE = "", _("未获奖")


AWARD_ORDER = [Award.FIRST, Award.SECOND, Award.THIRD, Award.MERIT]


class CompetitionEntry(models.Model):
    """A member school's team in a skills competition (Art. 11.3): team, students, instructor; the
    secretariat records its award, which the event page shows once results are published."""

    public_id = models.UUIDField(_("编号"), default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="entries", verbose_name=_("赛事"))
    unit = models.ForeignKey(
        "membership.MemberUnit",
        on_delete=models.PROTECT,
        related_name="competition_entries",
        verbose_name=_("参赛学校"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("提交账号")
    )
    team_name = models.CharField(_("队伍名称"), max_length=60, validators=[reject_control_characters])
    students = models.TextField(_("参赛学生"), max_length=600, help_text=_("每行一名学生：姓名（年级、专业）"))
    instructor = models.CharField(_("指导教师"), max_length=60, validators=[reject_control_characters])
    award = models.CharField(_("获奖等次"), max_length=10, choices=Award.choices, blank=True, default="")
    score = models.DecimalField(
        _("成绩"), max_digits=6, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "team_name"], name="one_team_name_per_competition"),
        ]
        verbose_name = _("参赛队伍")
        verbose_name_plural = _("参赛队伍")

    def __str__(self) -> str:
        return f"{self.team_name}（{self.unit.name}）"

    def student_list(self) -> list[str]:
        return [line.strip() for line in self.students.splitlines() if line.strip()]

    student_list.short_description = _("参赛学生")
