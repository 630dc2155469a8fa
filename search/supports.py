"""What the one-pass site search (search/one_pass.py) needs the database to hold beside Wagtail's
index: created by migration 0004 and checked again after every `migrate` (a later migration of
another app that rebuilds one of these tables would drop an index or trigger made here silently).

- SQLite: `search_entrykey`, three integers per index entry — its id (the FTS rowid), content type
  and object id as a number. Mapping the matches of a broad query to pages through Wagtail's
  `wagtailsearch_indexentry` reads its wide rows (title, body and autocomplete texts) for every
  match: 35 ms for 30,000 matches at 100,000 resources, 10 ms through this table. Triggers on
  `wagtailsearch_indexentry` keep it, so every write path (Wagtail's index, the batch importer,
  `update_index`, `rebuild_resource_index`) maintains it without knowing it exists.
- SQLite and PostgreSQL: covering indexes for the visibility and facet join — a resource's
  visibility flag and facet fields, a page's id, live flag and tree path — so that checking 24,000
  matches reads two small indexes instead of the wide page and resource rows (46 → 23 ms on SQLite).

Nothing here decides who sees what: the rule stays in core.visibility, whose SQL the statement
runs; these only make the rows it reads smaller. Nothing is denormalised that visibility depends on.
"""

ENTRY_KEY_TABLE = "search_entrykey"

SQLITE_STATEMENTS = [
    "CREATE TABLE IF NOT EXISTS search_entrykey "
    "(entry_id INTEGER PRIMARY KEY, content_type_id INTEGER NOT NULL, object_pk INTEGER NOT NULL)",
    # Object ids that are not integers (no model the site search lists) are left out.
    "CREATE TRIGGER IF NOT EXISTS search_entrykey_insert AFTER INSERT ON wagtailsearch_indexentry "
    "WHEN NEW.object_id GLOB '[0-9]*' AND NOT NEW.object_id GLOB '*[^0-9]*' BEGIN "
    "INSERT OR REPLACE INTO search_entrykey VALUES (NEW.id, NEW.content_type_id, CAST(NEW.object_id AS INTEGER)); END",
    "CREATE TRIGGER IF NOT EXISTS search_entrykey_delete AFTER DELETE ON wagtailsearch_indexentry BEGIN "
    "DELETE FROM search_entrykey WHERE entry_id = OLD.id; END",
]
SQLITE_BACKFILL = [
    "DELETE FROM search_entrykey",
    "INSERT INTO search_entrykey SELECT id, content_type_id, CAST(object_id AS INTEGER) "
    "FROM wagtailsearch_indexentry WHERE object_id GLOB '[0-9]*' AND NOT object_id GLOB '*[^0-9]*'",
]
COVERING_INDEXES = [
    "CREATE INDEX IF NOT EXISTS search_resource_visibility_facets ON resources_courseresourcepage "
    "(page_ptr_id, visibility, resource_type, major_id, year, school)",
    "CREATE INDEX IF NOT EXISTS search_page_visibility ON wagtailcore_page (id, live, path)",
]


def _entry_keys_complete(cursor) -> bool:
    cursor.execute(
        "SELECT (SELECT COUNT(*) FROM search_entrykey) = (SELECT COUNT(*) FROM wagtailsearch_indexentry "
        "WHERE object_id GLOB '[0-9]*' AND NOT object_id GLOB '*[^0-9]*')"
    )
    return bool(cursor.fetchone()[0])


def ensure_supports(connection) -> None:
    """Create what is missing (idempotent); refill the entry keys if they disagree with the index."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    tables = set(connection.introspection.table_names())
    if not {"wagtailsearch_indexentry", "resources_courseresourcepage", "wagtailcore_page"} <= tables:
        return  # an app's migrations not applied yet: the post-migrate check comes back
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in SQLITE_STATEMENTS:
                cursor.execute(statement)
            if not _entry_keys_complete(cursor):
                for statement in SQLITE_BACKFILL:
                    cursor.execute(statement)
        for statement in COVERING_INDEXES:
            cursor.execute(statement)


def drop_supports(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS search_entrykey_insert")
            cursor.execute("DROP TRIGGER IF EXISTS search_entrykey_delete")
            cursor.execute("DROP TABLE IF EXISTS search_entrykey")
        if connection.vendor in ("sqlite", "postgresql"):
            cursor.execute("DROP INDEX IF EXISTS search_resource_visibility_facets")
            cursor.execute("DROP INDEX IF EXISTS search_page_visibility")
