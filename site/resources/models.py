"""The shared teaching-resource library (charter Art. 11.5): course standards, lesson plans,
courseware, micro-lecture videos, training guides, question banks and teaching cases.

A resource is public or members-only. Members-only resources and the documents attached to them are
served only to member units and staff (`core.roles.can_view_members_content`); every listing goes
through `core.visibility.visible_pages` (also `CourseResourcePage.objects.visible_to(user)`), which
applies this flag together with Wagtail's own page privacy, so that no caller forgets either rule.
"""

import datetime
import uuid

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.i18n import source_page
from core.models import Major
from core.pagination import paginate
from core.params import optional_int
from core.roles import can_view_members_content
from core.single_line import reject_control_characters
from core.visibility import visible_documents, visible_pages
from workflows.storage import private_storage

FIRST_RESOURCE_YEAR = 1990


class ResourceType(models.TextChoices):
    COURSE_STANDARD = "course_standard", gettext_lazy("课程标准")
    LESSON_PLAN = "lesson_plan", gettext_lazy("教学设计")
    COURSEWARE = "courseware", gettext_lazy("课件")
    VIDEO = "video", gettext_lazy("微课视频")
    TRAINING_GUIDE = "training_guide", gettext_lazy("实训指导书")
    QUESTION_BANK = "question_bank", gettext_lazy("试题库")
    CASE = "case", gettext_lazy("教学案例")


class Visibility(models.TextChoices):
    PUBLIC = "public", gettext_lazy("公开")
    MEMBERS = "members", gettext_lazy("仅会员单位")


class Licence(models.TextChoices):
    """Under what terms others may reuse a resource (a member's contribution names one)."""

    CC_BY = "cc_by_4", gettext_lazy("CC BY 4.0（署名）")
    CC_BY_NC = "cc_by_nc_4", gettext_lazy("CC BY-NC 4.0（署名—非商业性使用）")
    MEMBERS_INTERNAL = "members_internal", gettext_lazy("联席会成员内部使用")
    ALL_RIGHTS_RESERVED = "all_rights_reserved", gettext_lazy("保留所有权利")


#: Where each open licence's terms are published.
LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.zh-hans",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/deed.zh-hans",
}


def deny_members_only(request):
    """A document: anonymous visitors are sent to log in; logged-in non-members are refused outright."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(gettext("此资源仅向联席会会员单位开放。"))


def explain_members_only(request):
    """A page: an anonymous visitor is told why (members-only) and where to log in, register or
    apply, instead of being sent to the login form without a word; non-members are refused."""
    if not request.user.is_authenticated:
        return TemplateResponse(request, "resources/members_only.html", {"next": request.get_full_path()}, status=403)
    raise PermissionDenied(_("此资源仅向联席会会员单位开放。"))


class ResourceIndexPage(Page):
    """The library: filter by major, resource type and year; members-only items only for members."""

    introduction = models.TextField(gettext_lazy("导语"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.CourseResourcePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = gettext_lazy("教学资源库栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        visible = CourseResourcePage.objects.child_of(source_page(self)).visible_to(request.user)
        resources = visible
        filters, ignored = self.read_filters(request.GET)
        if filters["major"]:
            resources = resources.filter(major_id=int(filters["major"]))
        if filters["type"]:
            resources = resources.filter(resource_type=filters["type"])
        if filters["year"]:
            resources = resources.filter(year=int(filters["year"]))
        context.update(
            resources=paginate(request, resources.select_related("major").order_by("-year", "title")),
            majors=Major.objects.filter(pk__in=visible.values("major_id")).order_by("category", "name"),
            resource_types=ResourceType.choices,
            years=visible.order_by().values_list("year", flat=True).distinct().order_by("-year"),
            filters=filters,
            hidden_members_only=not can_view_members_content(request.user),
            ignored_filters=ignored,
        )
        return context

    @staticmethod
    def read_filters(params) -> tuple[dict[str, str], list[str]]:
        """The filters as applied ("" for not applied) and a message for each invalid one: a bad
        value is ignored and the page says so, never a 500."""
        ignored: list[str] = []
        major = optional_int(params.get("major"), name=gettext("专业"), minimum=1, ignored=ignored)
        year = optional_int(
            params.get("year"),
            name=gettext("年份"),
            minimum=FIRST_RESOURCE_YEAR,
            maximum=current_year() + 1,
            ignored=ignored,
        )
        resource_type = params.get("type", "")
        if resource_type and resource_type not in ResourceType.values:
            ignored.append(
                _("资源类型只能是：%(types)s。") % {"types": "、".join(str(label) for label in ResourceType.labels)}
            )
            resource_type = ""
        filters = {"major": str(major or ""), "type": resource_type, "year": str(year or "")}
        return filters, ignored


class CourseResourceQuerySet(PageQuerySet):
    def visible_to(self, user):
        """Live, not behind a view restriction this user fails, and members-only only for members."""
        return visible_pages(self, user)


CourseResourceManager = PageManager.from_queryset(CourseResourceQuerySet)


class CourseResourceTag(TaggedItemBase):
    content_object = ParentalKey("resources.CourseResourcePage", related_name="tagged_items", on_delete=models.CASCADE)


def current_year() -> int:
    return datetime.date.today().year


def max_resource_year(value: int) -> None:
    MaxValueValidator(current_year() + 1, message=gettext("年份不能晚于明年。"))(value)


class CourseResourcePage(Page):
    title_en = models.CharField(
        gettext_lazy("英文标题"),
        max_length=255,
        blank=True,
        help_text=gettext_lazy("选填：英文网站上显示，并可用英文搜索；中文标题仍是正式标题"),
    )
    summary = models.TextField(gettext_lazy("摘要"), help_text=gettext_lazy("列表和搜索结果中显示"))
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=gettext_lazy("详细内容"))
    major = models.ForeignKey(
        Major,
        on_delete=models.PROTECT,
        related_name="resources",
        verbose_name=gettext_lazy("专业"),
        limit_choices_to={"is_active": True},
    )
    resource_type = models.CharField(gettext_lazy("资源类型"), max_length=20, choices=ResourceType.choices)
    school = models.CharField(
        gettext_lazy("贡献单位"), max_length=200, help_text=gettext_lazy("开发或提供该资源的学校/单位")
    )
    contributor_unit = models.ForeignKey(
        "membership.MemberUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributed_resources",
        verbose_name=gettext_lazy("贡献会员单位"),
        help_text=gettext_lazy("由会员单位在个人中心投稿并经审核发布的资源，记录其会员单位"),
    )
    licence = models.CharField(gettext_lazy("使用许可"), max_length=24, choices=Licence.choices, blank=True)
    year = models.PositiveSmallIntegerField(
        gettext_lazy("年份"),
        default=current_year,
        validators=[
            MinValueValidator(FIRST_RESOURCE_YEAR, message=gettext_lazy("年份不能早于 1990 年。")),
            max_resource_year,
        ],
    )
    visibility = models.CharField(
        gettext_lazy("可见范围"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=gettext_lazy("“仅会员单位”的资源及其附件只对登录的会员单位和工作人员开放"),
    )
    external_id = models.CharField(
        gettext_lazy("外部编号"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=gettext_lazy("批量导入时用于识别同一资源，重复导入会更新而不会重复创建"),
    )
    tags = ClusterTaggableManager(gettext_lazy("标签"), through=CourseResourceTag, blank=True)

    objects = CourseResourceManager()

    #: Read by core.visibility: which resources only member units and staff may see.
    members_only_condition = Q(visibility=Visibility.MEMBERS)

    content_panels = Page.content_panels + [
        FieldPanel("title_en"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("major"), FieldPanel("resource_type")]),
                FieldRowPanel([FieldPanel("school"), FieldPanel("year")]),
                FieldRowPanel([FieldPanel("contributor_unit"), FieldPanel("licence")]),
                FieldPanel("tags"),
            ],
            heading=gettext_lazy("分类信息"),
        ),
        FieldPanel("visibility"),
        FieldPanel("body"),
        InlinePanel("documents", label=gettext_lazy("附件"), heading=gettext_lazy("附件")),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("external_id")]

    search_fields = Page.search_fields + [
        index.SearchField("title_en"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("school"),
        index.AutocompleteField("school"),
        index.RelatedFields("major", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("major"),
        index.FilterField("resource_type"),
        index.FilterField("year"),
        index.FilterField("visibility"),
        index.FilterField("school"),
    ]

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = gettext_lazy("课程资源")
        verbose_name_plural = gettext_lazy("课程资源")

    @property
    def is_members_only(self) -> bool:
        return self.visibility == Visibility.MEMBERS

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    @property
    def download_count(self) -> int:
        return self.downloads.count()

    def is_visible_to(self, user) -> bool:
        return not self.is_members_only or can_view_members_content(user)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = self.attachments_for(request.user)
        return context

    def attachments_for(self, user):
        """Attachments whose document's collection privacy lets this user in."""
        from wagtail.documents import get_document_model

        documents = visible_documents(get_document_model().objects.all(), user)
        return self.documents.filter(document__in=documents).select_related("document")

    def serve(self, request, *args, **kwargs):
        if not self.is_visible_to(request.user):
            return explain_members_only(request)
        return super().serve(request, *args, **kwargs)


class ResourceDocument(Orderable):
    """A file attached to a resource: the standard itself, slides, a question bank export..."""

    page = ParentalKey(CourseResourcePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=gettext_lazy("文档")
    )
    title = models.CharField(
        gettext_lazy("显示名称"), max_length=255, blank=True, help_text=gettext_lazy("留空则用文档标题")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = gettext_lazy("附件")
        verbose_name_plural = gettext_lazy("附件")

    @property
    def display_title(self) -> str:
        return self.title or self.document.title


class ResourceDownload(models.Model):
    """One download of a resource's attachment through Wagtail's serve view (counted by the
    `before_serve_document` hook after the members-only check let it through)."""

    page = models.ForeignKey(
        CourseResourcePage, on_delete=models.CASCADE, related_name="downloads", verbose_name=gettext_lazy("资源")
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=gettext_lazy("文档")
    )
    downloaded_at = models.DateTimeField(gettext_lazy("下载时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = gettext_lazy("资源下载记录")
        verbose_name_plural = gettext_lazy("资源下载记录")

    def __str__(self) -> str:
        return f"{self.page_id}:{self.document_id}"


class MajorToConfirm(models.Model):
    """A major an import created because a row named one the list did not have: the row is kept
    (a school's resources for a real major are never dropped), and the secretariat confirms the
    major (deleting this mark) or merges it into the listed one it duplicates."""

    major = models.OneToOneField(
        Major, on_delete=models.CASCADE, related_name="to_confirm", verbose_name=gettext_lazy("专业")
    )
    source = models.CharField(
        gettext_lazy("来源"),
        max_length=120,
        validators=[reject_control_characters],
        help_text=gettext_lazy("创建它的导入文件"),
    )
    created_at = models.DateTimeField(gettext_lazy("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("待确认专业")
        verbose_name_plural = gettext_lazy("待确认专业")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.major.label

    @admin.display(description=gettext_lazy("合并"))
    def merge_link(self):
        url = reverse("resources_merge_major", args=[self.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("合并到目录中的专业"))


def import_file_path(instance, filename: str) -> str:
    # A random stored name; the uploader's file name is kept (sanitised) for display only.
    return f"resource-imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.file_format}"


class ResourceImport(models.Model):
    """One upload of a resource file in the admin, imported in the background: a large file takes
    longer than a web request may last. The uploader follows its progress and reads its report."""

    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("排队中")
        RUNNING = "running", gettext_lazy("导入中")
        DONE = "done", gettext_lazy("已完成")
        FAILED = "failed", gettext_lazy("失败")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=gettext_lazy("上传人"),
    )
    file = models.FileField(storage=private_storage, upload_to=import_file_path, max_length=200)
    original_name = models.CharField(gettext_lazy("文件名"), max_length=120)
    file_format = models.CharField(gettext_lazy("格式"), max_length=8)
    publish = models.BooleanField(gettext_lazy("直接发布"))
    status = models.CharField(gettext_lazy("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_read = models.PositiveIntegerField(gettext_lazy("已读行数"), default=0)
    created = models.PositiveIntegerField(gettext_lazy("新建"), default=0)
    updated = models.PositiveIntegerField(gettext_lazy("更新"), default=0)
    drafts = models.PositiveIntegerField(gettext_lazy("草稿"), default=0)
    rejected = models.JSONField(gettext_lazy("被拒绝的行"), default=list, help_text=gettext_lazy("[[行号, 原因], …]"))
    new_majors = models.JSONField(gettext_lazy("新建的待确认专业"), default=list)
    error = models.TextField(gettext_lazy("错误"), blank=True)
    created_at = models.DateTimeField(gettext_lazy("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(gettext_lazy("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("资源导入")
        verbose_name_plural = gettext_lazy("资源导入")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.original_name}（{self.get_status_display()}）"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_stalled(self) -> bool:
        """Unfinished long after the queue would have stopped it: the worker died, or none runs."""
        deadline = self.created_at + datetime.timedelta(seconds=settings.RESOURCE_IMPORT_TIMEOUT)
        return not self.is_finished and timezone.now() > deadline
