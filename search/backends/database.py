"""WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}"""

import importlib

from modelsearch.backends.database import SearchBackend as stock_database_backend

from . import ChineseQueryMixin, segmenting_indexer

_classes: dict[type, type] = {}


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up
    stock = stock_database_backend(params)
    stock_class = type(stock)
    module = importlib.import_module(stock_class.__module__)
    if hasattr(module, "ObjectIndexer"):
        segmenting_indexer(module)
    if stock_class not in _classes:
        # Wagtail's SQLite backend turns `fields=` into FTS5 column names that do not exist ("no such
        # column: name"): every admin list with search_fields was a 500 there. It searches all
        # indexed fields instead (a superset of the ones asked for).
        restricts = not stock_class.__name__.startswith("SQLite")
        attributes = {"restricts_fields": restricts}
        if stock_class.__name__ == "PostgresSearchBackend":
            from .postgres_index import BatchPostgresIndex

            attributes["index_class"] = BatchPostgresIndex  # same rows, written in far fewer statements
        _classes[stock_class] = type(f"Chinese{stock_class.__name__}", (ChineseQueryMixin, stock_class), attributes)
    return _classes[stock_class](params)
