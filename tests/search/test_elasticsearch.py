"""Elasticsearch settings and mappings, checked as data; the integration test runs only where
ELASTICSEARCH_URL points at a cluster (none can be installed on the build machines)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from search.backends.elasticsearch import ChineseElasticsearchBackend, PreSegmentingMapping, index_settings

pytestmark = pytest.mark.django_db


def backend(analyzer=""):
    return ChineseElasticsearchBackend(
        {"URLS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "test_", "CHINESE_ANALYZER": analyzer}
    )


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


INDEXES_OF = """
import json
from modelsearch.index import get_indexed_models
from wagtail.search.backends import get_search_backend
backend = get_search_backend()
print(json.dumps({"rebuilder": backend.rebuilder_class.__name__,
                  "indexes": sorted({backend.get_index_for_model(m).name for m in get_indexed_models()})}))
"""


def elasticsearch_settings(**env) -> dict:
    """What the settings make of the Elasticsearch variables, read in a fresh process (settings are
    evaluated once, at start-up)."""
    root = Path(__file__).resolve().parents[2]
    environment = {key: value for key, value in os.environ.items() if not key.startswith("ELASTICSEARCH_")}
    environment.update(DJANGO_SETTINGS_MODULE="alliance.settings.test", **env)
    command = [sys.executable, str(root / "manage.py"), "shell", "-c", INDEXES_OF]
    output = subprocess.run(command, env=environment, check=True, capture_output=True, text=True).stdout  # noqa: S603
    return json.loads(output.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("env", "prefix"),
    [({}, "alliance_"), ({"ELASTICSEARCH_INDEX_PREFIX": "vet_"}, "vet_"), ({"ELASTICSEARCH_INDEX": "old"}, "old_")],
)
def test_every_index_is_named_with_the_sites_prefix_and_rebuilt_behind_an_alias(env, prefix):
    found = elasticsearch_settings(ELASTICSEARCH_URL="http://127.0.0.1:9", **env)
    assert found["rebuilder"] == "ElasticsearchAtomicIndexRebuilder"  # update_index switches an alias
    assert found["indexes"] == [
        f"{prefix}{name}"
        for name in ("core_major", "expertpool_expertcandidate", "wagtailcore_page", "wagtaildocs_document",
                     "wagtailimages_image")
    ]  # fmt: skip


def test_the_documented_indexes_are_the_ones_the_site_writes():
    """docs/search.md lists the indexes an operator will see in the cluster; a new indexed model
    (or a renamed one) must be documented."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "search.md").read_text(encoding="utf-8")
    for name in elasticsearch_settings(ELASTICSEARCH_URL="http://127.0.0.1:9")["indexes"]:
        assert f"`{name}`" in docs


@pytest.mark.elasticsearch
@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="ELASTICSEARCH_URL is not set: no Elasticsearch cluster to test against",
)
def test_against_a_real_cluster(settings, page):
    """Words are found, and a rebuild goes to a new index behind the alias, which it then switches."""
    from django.core.management import call_command
    from wagtail.search.backends import get_search_backend

    from resources.models import CourseResourcePage

    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch",
            "URLS": [os.environ["ELASTICSEARCH_URL"]],
            "INDEX_PREFIX": "alliance_test_",
            "ATOMIC_REBUILD": True,
            "CHINESE_ANALYZER": os.environ.get("ELASTICSEARCH_CHINESE_ANALYZER", ""),
        }
    }
    backend = get_search_backend()
    alias = backend.get_index_for_model(CourseResourcePage)
    call_command("update_index", backend_name="default", verbosity=0)
    first = {index.name for index in alias.aliased_indices()}
    alias.refresh()
    assert "《数控车削编程与加工》课程标准" in {p.title for p in CourseResourcePage.objects.live().search("课程标准")}

    call_command("update_index", backend_name="default", verbosity=0)
    second = {index.name for index in alias.aliased_indices()}
    assert alias.is_alias() and second and not (first & second)  # a new index, the old one dropped
    alias.refresh()
    assert "《数控车削编程与加工》课程标准" in {p.title for p in CourseResourcePage.objects.live().search("数控")}
