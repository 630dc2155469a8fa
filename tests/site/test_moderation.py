"""News, events, resources and textbooks go through moderation: an editor cannot publish directly;
a moderator approves and the page goes live."""

import pytest
from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from news.models import NewsArticlePage, NewsIndexPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]


def news_form(title: str, **extra) -> dict:
    data = nested_form_data(
        {
            "title": title,
            "slug": "moderated-news",
            "date": "2026-11-20",
            "category": "notice",
            "summary": "摘要",
            "tags": "测试",
            "body": streamfield([("paragraph", rich_text("<p>正文内容</p>"))]),
            "comments": inline_formset([]),
        }
    )
    data.update(extra)
    return data


def add_news_url():
    return reverse("wagtailadmin_pages:add", args=["news", "newsarticlepage", NewsIndexPage.objects.get().pk])


def test_editor_publish_attempt_only_saves_a_draft(client, editor):
    client.force_login(editor)
    response = client.post(add_news_url(), news_form("编辑试图直接发布", **{"action-publish": "action-publish"}))
    assert response.status_code == 302
    page = NewsArticlePage.objects.get(slug="moderated-news")
    assert not page.live
    assert client.get("/news/moderated-news/").status_code == 404


def test_editor_submits_and_moderator_approves(client, editor, moderator):
    client.force_login(editor)
    client.post(add_news_url(), news_form("待审核的新闻", **{"action-submit": "action-submit"}))
    page = NewsArticlePage.objects.get(slug="moderated-news")
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "内容审核"
    assert not page.live

    # The editor cannot approve their own submission.
    task_state = state.current_task_state
    approve_url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    client.post(approve_url, {"comment": ""})
    page.refresh_from_db()
    assert not page.live

    client.force_login(moderator)
    response = client.post(approve_url, {"comment": "同意发布"})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    client.logout()
    response = client.get("/news/moderated-news/")
    assert response.status_code == 200
    assert "待审核的新闻" in response.content.decode()


def test_moderator_can_publish_directly(client, moderator):
    client.force_login(moderator)
    client.post(add_news_url(), news_form("审核员发布的新闻", **{"action-publish": "action-publish"}))
    assert NewsArticlePage.objects.get(slug="moderated-news").live


@pytest.mark.parametrize("index_slug", ["news", "events", "resources", "publications"])
def test_workflow_covers_every_content_section(index_slug):
    index = Page.objects.get(slug=index_slug)
    workflow = index.get_workflow()
    assert workflow is not None and workflow.name == "内容审核" and workflow.active
