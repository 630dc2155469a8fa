"""Textbooks the alliance's members publish jointly (charter Art. 11.4)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.i18n import source_page
from core.models import Major
from core.pagination import paginate
from core.visibility import visible_pages

from .isbn import normalize_isbn, validate_isbn


class PublicationIndexPage(Page):
    introduction = models.TextField(_("导语"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["publications.TextbookPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("教材出版栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        books = (
            visible_pages(TextbookPage.objects.child_of(source_page(self)), request.user)
            .select_related("cover_image", "major")
            .order_by("-publication_date", "title")
        )
        context["textbooks"] = paginate(request, books)
        return context


class AcquisitionLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("名称"), help_text=_("如：出版社商城、电子版下载"))
    url = blocks.URLBlock(label=_("链接"))

    class Meta:
        icon = "link"
        label = _("购买/下载渠道")


class TextbookPage(Page):
    title_en = models.CharField(
        _("英文标题"),
        max_length=255,
        blank=True,
        help_text=_("选填：英文网站上显示，并可用英文搜索；中文标题仍是正式标题"),
    )
    isbn = models.CharField(
        "ISBN",
        max_length=13,
        unique=True,
        validators=[validate_isbn],
        help_text=_("10 位或 13 位书号，可含连字符；保存为 13 位"),
    )
    authors = models.CharField(_("作者"), max_length=255, help_text=_("多位作者用顿号分隔"))
    editors = models.CharField(_("主编/编者"), max_length=255, blank=True)
    publisher = models.CharField(_("出版社"), max_length=120)
    edition = models.CharField(_("版次"), max_length=60, blank=True, help_text=_("如：第 2 版"))
    publication_date = models.DateField(_("出版日期"), default=timezone.localdate)
    major = models.ForeignKey(
        Major,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="textbooks",
        verbose_name=_("适用专业"),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("封面"),
    )
    description = RichTextField(_("内容简介"), features=["bold", "italic", "ol", "ul", "link"])
    acquisition_links = StreamField([("link", AcquisitionLinkBlock())], blank=True, verbose_name=_("购买/下载渠道"))

    content_panels = Page.content_panels + [
        FieldPanel("title_en"),
        MultiFieldPanel(
            [
                FieldPanel("isbn"),
                FieldRowPanel([FieldPanel("authors"), FieldPanel("editors")]),
                FieldRowPanel([FieldPanel("publisher"), FieldPanel("edition")]),
                FieldRowPanel([FieldPanel("publication_date"), FieldPanel("major")]),
            ],
            heading=_("出版信息"),
        ),
        InlinePanel("co_publishers", label=_("联合出版单位"), heading=_("联合出版单位")),
        FieldPanel("cover_image"),
        FieldPanel("description"),
        FieldPanel("acquisition_links"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("title_en"),
        index.SearchField("isbn"),
        index.SearchField("authors"),
        index.SearchField("editors"),
        index.SearchField("publisher"),
        index.SearchField("description"),
        index.RelatedFields("major", [index.SearchField("name")]),
        index.RelatedFields("co_publishers", [index.SearchField("name")]),
        index.FilterField("publication_date"),
        index.FilterField("major"),
    ]

    parent_page_types = ["publications.PublicationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("教材")
        verbose_name_plural = _("教材")

    def clean(self):
        super().clean()
        if self.isbn:
            # Field validators have already rejected a malformed ISBN; store the canonical form so
            # that "7-04-..." and "978-7-04-..." cannot both be saved for one book.
            self.isbn = normalize_isbn(self.isbn)


class CoPublisher(Orderable):
    """A member unit that co-publishes the textbook."""

    page = ParentalKey(TextbookPage, on_delete=models.CASCADE, related_name="co_publishers")
    name = models.CharField(_("单位名称"), max_length=200)

    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("联合出版单位")
        verbose_name_plural = _("联合出版单位")

    def __str__(self) -> str:
        return self.name
