from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.i18n import source_page
from core.portal import table_of_contents
from core.visibility import visible_pages


class HomePage(Page):
    """The site root: a welcome, then the latest news, events, resources and textbooks."""

    hero_title = models.CharField(_("横幅标题"), max_length=120, blank=True)
    hero_text = models.TextField(_("横幅文字"), blank=True)
    intro = RichTextField(_("简介"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("正文"))

    content_panels = Page.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "news.NewsIndexPage",
        "events.EventIndexPage",
        "resources.ResourceIndexPage",
        "publications.PublicationIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("首页")

    def route(self, request, path_components):
        # On the English site a page without an English translation is still served (in Chinese,
        # inside the English interface): look for it under the Chinese home page (docs/i18n.md).
        try:
            return super().route(request, path_components)
        except Http404:
            source = source_page(self)
            if source.pk == self.pk:
                raise
            return source.specific.route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        # Imported here: the content apps depend on `home` (their index pages live under it), not
        # the other way round.
        from events.models import EventPage
        from news.models import NewsArticlePage
        from publications.models import TextbookPage
        from resources.models import CourseResourcePage

        context = super().get_context(request, *args, **kwargs)

        def visible(model):
            return visible_pages(model.objects.descendant_of(source_page(self)), request.user)

        context["latest_news"] = visible(NewsArticlePage).order_by("-date", "-pk")[:6]
        context["upcoming_events"] = visible(EventPage).filter(end__gte=timezone.now()).order_by("start")[:3]
        context["latest_resources"] = (
            visible(CourseResourcePage).select_related("major").order_by("-first_published_at")[:6]
        )
        context["latest_textbooks"] = visible(TextbookPage).order_by("-publication_date")[:4]
        context["more"] = self.section_indexes(request.user)
        return context

    def section_indexes(self, user) -> dict:
        """{section: its index page} for the 更多 links under each home-page list."""
        from django.contrib.contenttypes.models import ContentType

        from events.models import EventIndexPage
        from news.models import NewsIndexPage
        from publications.models import PublicationIndexPage
        from resources.models import ResourceIndexPage

        models = {
            "news": NewsIndexPage,
            "events": EventIndexPage,
            "resources": ResourceIndexPage,
            "textbooks": PublicationIndexPage,
        }
        types = ContentType.objects.get_for_models(*models.values())
        found = {}
        for page in visible_pages(Page.objects.child_of(source_page(self)), user).filter(
            content_type__in=types.values()
        ):
            found.setdefault(page.content_type_id, page)
        return {key: found.get(types[model].pk) for key, model in models.items()}


class StandardPage(Page):
    """A plain page: About, the Charter, contact details."""

    introduction = models.TextField(_("导语"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("正文"))

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("普通页面")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["menu_children"] = visible_pages(self.get_children(), request.user).in_menu()
        context["toc"] = table_of_contents(self.body)
        return context
