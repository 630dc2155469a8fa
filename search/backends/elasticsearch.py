"""WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.elasticsearch", "URLS": [...],
"CHINESE_ANALYZER": "smartcn" | "ik" | ""}}

With a Chinese analysis plugin on the cluster (analysis-smartcn, or IK), text is analysed by it and
documents are sent as they are. Without one, documents are sent pre-segmented by jieba and analysed
by a whitespace tokenizer, which gives the same word matching as the database backend.
"""

from modelsearch.backends.elasticsearch9 import Elasticsearch9Mapping, Elasticsearch9SearchBackend
from modelsearch.index import AutocompleteField, SearchField

from .. import chinese
from . import ChineseQueryMixin

ANALYZERS = {
    # smartcn plugin: one analyzer for both indexing and search.
    "smartcn": {"default": {"type": "smartcn"}},
    # IK plugin: finest cut when indexing, smartest cut for queries.
    "ik": {
        "default": {"type": "custom", "tokenizer": "ik_max_word"},
        "default_search": {"type": "custom", "tokenizer": "ik_smart"},
    },
    # No plugin: the text arrives already segmented; split on whitespace, lower-case.
    "": {"default": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}},
}


def index_settings(chinese_analyzer: str = "") -> dict:
    """The analysis part of the index settings for the chosen analyzer ("smartcn", "ik" or "")."""
    if chinese_analyzer not in ANALYZERS:
        raise ValueError(f"CHINESE_ANALYZER must be one of {sorted(ANALYZERS)}, not {chinese_analyzer!r}")
    return {"settings": {"analysis": {"analyzer": ANALYZERS[chinese_analyzer]}}}


class PreSegmentingMapping(Elasticsearch9Mapping):
    """Sends text fields segmented into words (used when the cluster has no Chinese analyzer)."""

    def _get_document_field_data(self, field, obj):
        name, value, edgengrams = super()._get_document_field_data(field, obj)
        if isinstance(field, (SearchField, AutocompleteField)) and isinstance(value, str):
            value = chinese.segment_for_index(value)
        return name, value, edgengrams


class ChineseElasticsearchBackend(ChineseQueryMixin, Elasticsearch9SearchBackend):
    def __init__(self, params):
        params = dict(params)
        self.chinese_analyzer = params.pop("CHINESE_ANALYZER", "") or ""
        super().__init__(params)
        from modelsearch.utils import deep_update

        self.settings = deep_update(self.settings, index_settings(self.chinese_analyzer))
        if not self.chinese_analyzer:
            self.mapping_class = PreSegmentingMapping


SearchBackend = ChineseElasticsearchBackend
