"""Elasticsearch settings and mappings, checked as data; the integration test runs only where
ELASTICSEARCH_URL points at a cluster (none can be installed on the build machines)."""

import os

import pytest

from search.backends.elasticsearch import ChineseElasticsearchBackend, PreSegmentingMapping, index_settings

pytestmark = pytest.mark.django_db


def backend(analyzer=""):
    return ChineseElasticsearchBackend({"URLS": ["http://127.0.0.1:9"], "INDEX": "test", "CHINESE_ANALYZER": analyzer})


def test_plugin_analyzers_are_used_when_named():
    assert index_settings("smartcn")["settings"]["analysis"]["analyzer"]["default"] == {"type": "smartcn"}
    ik = index_settings("ik")["settings"]["analysis"]["analyzer"]
    assert ik["default"]["tokenizer"] == "ik_max_word" and ik["default_search"]["tokenizer"] == "ik_smart"
    with pytest.raises(ValueError):
        index_settings("jieba-plugin")


@pytest.fixture
def page(site):
    from tests.factories.pages import CourseResourcePageFactory

    return CourseResourcePageFactory(parent=site.resources, title="《数控车削编程与加工》课程标准")


def test_without_a_plugin_text_is_pre_segmented_and_split_on_whitespace(page):
    es = backend()
    analyzers = es.settings["settings"]["analysis"]["analyzer"]
    assert analyzers["default"] == {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}
    assert "edgengram_analyzer" in analyzers  # Wagtail's own analyzers are kept
    assert es.mapping_class is PreSegmentingMapping

    from resources.models import CourseResourcePage

    document = es.mapping_class(CourseResourcePage).get_document(page)
    assert set("数控 车削 课程标准 课程 标准".split()) <= set(document["title"].split())


def test_with_a_plugin_documents_are_sent_as_written(page):
    from resources.models import CourseResourcePage

    es = backend("smartcn")
    assert es.mapping_class(CourseResourcePage).get_document(page)["title"] == page.title


def test_queries_are_word_queries_for_elasticsearch_too():
    from search.query import build_query

    query = build_query("汽车维修 课程标准")
    assert type(query).__name__ == "And" and len(query.subqueries) == 2


@pytest.mark.elasticsearch
@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="ELASTICSEARCH_URL is not set: no Elasticsearch cluster to test against",
)
def test_against_a_real_cluster(settings):
    from django.core.management import call_command
    from wagtail.search.backends import get_search_backend

    from resources.models import CourseResourcePage

    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch",
            "URLS": [os.environ["ELASTICSEARCH_URL"]],
            "INDEX": "alliance_test",
            "CHINESE_ANALYZER": os.environ.get("ELASTICSEARCH_CHINESE_ANALYZER", ""),
        }
    }
    call_command("update_index", backend_name="default", verbosity=0)
    get_search_backend().get_index_for_model(CourseResourcePage).refresh()
    titles = {page.title for page in CourseResourcePage.objects.live().search("课程标准")}
    assert "《数控车削编程与加工》课程标准" in titles
