"""Wagtail search backends that understand Chinese (see search/chinese.py).

`search.backends.database` wraps Wagtail's database backend (SQLite FTS5, PostgreSQL, or the plain
fallback, chosen by the database in use): indexed values are segmented into words before the database
tokenises them, and plain-text queries become word queries (search/query.py). Because Wagtail's own
admin search goes through the same backend, it becomes Chinese-aware too.

`search.backends.elasticsearch` does the same for Elasticsearch 8/9. Where the cluster has a Chinese
analysis plugin (`ELASTICSEARCH_CHINESE_ANALYZER` = `smartcn` or `ik`), text fields are analysed by
it; otherwise the pre-segmented text is split on whitespace (`index_settings()`).
"""

from .. import chinese
from ..query import build_query


def _flatten(value) -> str:
    from django.utils.encoding import force_str

    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(_flatten(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(_flatten(item) for item in value.values())
    return force_str(value)


def segmenting_indexer(module) -> None:
    """Have the backend module's ObjectIndexer segment every value it indexes (once per process).

    The database backends build their index rows through a module-level ObjectIndexer class; a
    subclass whose prepare_value segments is put in its place. This is the one seam Wagtail's
    database backends offer; `test_search_backend` pins the behaviour so an upgrade that moves it fails.
    """
    base = module.ObjectIndexer
    if getattr(base, "segments_chinese", False):
        return

    class SegmentingObjectIndexer(base):
        segments_chinese = True

        def prepare_value(self, value):
            return chinese.segment_for_index(_flatten(value))

        def prepare_field(self, obj, field):
            """The stock indexer walks every search field three times per object (for its title,
            body and autocomplete columns), reading each value again (a StreamField's text, the
            tags' names) and segmenting it again. Each top-level field is prepared once here."""
            if obj is not self.obj:  # a related object's field (RelatedFields recursion)
                yield from super().prepare_field(obj, field)
                return
            prepared = self.__dict__.setdefault("_prepared_fields", {})
            if id(field) not in prepared:
                prepared[id(field)] = list(super().prepare_field(obj, field))
            yield from prepared[id(field)]

    module.ObjectIndexer = SegmentingObjectIndexer


class ChineseQueryMixin:
    restricts_fields = True  # False: the backend cannot search only some fields (see database.py)

    def search(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
        fields = fields if self.restricts_fields else None
        if isinstance(query, str):
            built = build_query(query, match_all=(operator or "and").lower() == "and")
            if built is None:
                query = ""
            else:
                query, operator = built, None
        return super().search(
            query, model_or_queryset, fields=fields, operator=operator, order_by_relevance=order_by_relevance
        )

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
        fields = fields if self.restricts_fields else None
        if isinstance(query, str):
            query = " ".join(chinese.query_words(query))
        return super().autocomplete(
            query, model_or_queryset, fields=fields, operator=operator, order_by_relevance=order_by_relevance
        )


def matching_queryset(results):
    """The plain Django queryset of every object a database backend's search `results` match
    (unordered, unsliced): what the stock backends' own `facet()` groups. Lets one GROUP BY give a
    count and several facets at once instead of one query each."""
    import inspect

    compiler = results.query_compiler
    config = compiler.get_config(results.backend)
    if "backend" in inspect.signature(compiler.search).parameters:  # the PostgreSQL compiler wants it
        return compiler.search(config, None, None, backend=results.backend)
    return compiler.search(config, None, None)
