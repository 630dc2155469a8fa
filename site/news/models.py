from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.i18n import source_page
from core.pagination import paginate
from core.params import one
from core.visibility import visible_pages


class NewsCategory(models.TextChoices):
    ALLIANCE = "alliance", _("联席会动态")
    MEMBERS = "members", _("成员风采")
    NOTICE = "notice", _("通知公告")
    POLICY = "policy", _("政策解读")
    MEDIA = "media", _("媒体报道")


class NewsIndexPage(Page):
    """The news section; lists its articles newest first, filterable by category and tag."""

    introduction = models.TextField(_("导语"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsArticlePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("新闻栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = visible_pages(NewsArticlePage.objects.child_of(source_page(self)), request.user).order_by(
            "-date", "-pk"
        )
        category = one(request.GET, "category")
        if category in NewsCategory.values:
            articles = articles.filter(category=category)
        tag = one(request.GET, "tag")
        if tag:
            articles = articles.filter(tags__name=tag)
        context.update(
            articles=paginate(request, articles.select_related("cover_image")),
            categories=NewsCategory.choices,
            current_category=category,
            current_tag=tag,
        )
        return context


class NewsArticleTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsArticlePage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsArticlePage(Page):
    date = models.DateField(_("发布日期"), default=timezone.localdate)
    category = models.CharField(_("分类"), max_length=20, choices=NewsCategory.choices, default=NewsCategory.ALLIANCE)
    summary = models.TextField(_("摘要"), blank=True, help_text=_("列表和搜索结果中显示，建议 120 字以内"))
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("封面图"),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("正文"))
    tags = ClusterTaggableManager(_("标签"), through=NewsArticleTag, blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("category"), FieldPanel("tags")], heading=_("发布信息")),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("category"),
        index.FilterField("date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("新闻")
        verbose_name_plural = _("新闻")
