from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.i18n import source_page
from core.pagination import paginate
from core.params import one
from core.visibility import visible_pages


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


class EventPage(Page):
    event_type = models.CharField(_("活动类型"), max_length=20, choices=EventType.choices, default=EventType.SEMINAR)
    start = models.DateTimeField(_("开始时间"))
    end = models.DateTimeField(_("结束时间"))
    location = models.CharField(_("地点"), max_length=255, help_text=_("城市与场馆，线上活动写“线上”"))
    organiser = models.CharField(_("主办/承办单位"), max_length=255, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    registration_url = models.URLField(_("报名链接"), blank=True)
    registration_deadline = models.DateTimeField(_("报名截止"), null=True, blank=True)
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
            [FieldPanel("registration_url"), FieldPanel("registration_deadline")],
            heading=_("报名"),
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
        if errors:
            raise ValidationError(errors)

    @property
    def registration_open(self) -> bool:
        if not self.registration_url:
            return False
        deadline = self.registration_deadline or self.start
        return timezone.now() <= deadline
