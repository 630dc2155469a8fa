"""What the one-pass site search (search/one_pass.py) needs the database to hold beside Wagtail's
index: created by migrations 0004 and 0005 (PostgreSQL's entry vectors) and checked again after
every `migrate` (a later migration of another app that rebuilds one of these tables would drop an
index or trigger made here silently); the entry vectors only while 0005 is applied.

- SQLite: `search_entrykey`, three integers per index entry — its id (the FTS rowid), content type
  and object id as a number. Mapping the matches of a broad query to pages through Wagtail's
  `wagtailsearch_indexentry` reads its wide rows (title, body and autocomplete texts) for every
  match: 35 ms for 30,000 matches at 100,000 resources, 10 ms through this table. Triggers on
  `wagtailsearch_indexentry` keep it, so every write path (Wagtail's index, the batch importer,
  `update_index`, `rebuild_resource_index`) maintains it without knowing it exists.
- PostgreSQL: `search_entryvector`, the part of each index entry the match reads — its id, content
  type, object id as an integer, `title_norm` and the `title` and `body` vectors — with its own GIN
  index on `title || body` (migration 0005). Wagtail's entry rows also carry the title, body and
  autocomplete texts (1.75 KB a row at 100,000 resources, a 362 MB heap): a broad query (30,000
  matches) visited 18,000 heap blocks to score its matches; this table is a quarter of that size,
  and the whole statement ran 25–30% faster (measured on a hand-made copy) with the same results. Row triggers on
  `wagtailsearch_indexentry` (after INSERT, UPDATE — Wagtail's `INSERT … ON CONFLICT DO UPDATE`
  fires one or the other per row — and DELETE, and a TRUNCATE trigger) keep it in step, so every
  write path (Wagtail's index, the batch importer, `update_index`, `rebuild_resource_index`,
  deletes) maintains it without knowing it exists. Wagtail's own index and its GIN indexes stay:
  Wagtail's `.search()` still reads them elsewhere. Each row also carries the facets of the
  resource it stands for (migration 0006: NULL on any other entry), filled by the same trigger
  from the resource row and kept by triggers on the resources (an `update()` no signal reports
  included; cleared when the row goes or the table is truncated), so the statement counts and
  facets resources without reading their rows. With them, two indexes for the sets the statement
  checks matches against (core.visibility's `shut_out`): the pages not live, and the members-only
  resources.
- SQLite and PostgreSQL: covering indexes for the visibility and facet join — a resource's
  visibility flag and facet fields, a page's id, live flag and tree path — so that checking 24,000
  matches reads two small indexes instead of the wide page and resource rows (46 → 23 ms on SQLite).

Both entry maps hold only the entries whose object id is all digits (on PostgreSQL, and fits its
32-bit integer): every model the site search lists; `ensure_supports` refills a map whose row count disagrees with the
index (say, after the triggers were missing during a restore).

Nothing here decides who sees what: the rule stays in core.visibility, whose SQL the statement
runs; these only make the rows it reads smaller. Nothing is copied that visibility depends on (the
facets are what is counted and filtered, never who may see a row).
"""

from django.db import transaction

ENTRY_KEY_TABLE = "search_entrykey"
#: Which index entries an entry map holds (those whose object id is an integer), on each database.
SQLITE_MAPPED = "{row}object_id GLOB '[0-9]*' AND NOT {row}object_id GLOB '*[^0-9]*'"
POSTGRES_MAPPED = "search_entry_object_pk(object_id) IS NOT NULL"

SQLITE_STATEMENTS = [
    "CREATE TABLE IF NOT EXISTS search_entrykey "
    "(entry_id INTEGER PRIMARY KEY, content_type_id INTEGER NOT NULL, object_pk INTEGER NOT NULL)",
    # Object ids that are not integers (no model the site search lists) are left out.
    "CREATE TRIGGER IF NOT EXISTS search_entrykey_insert AFTER INSERT ON wagtailsearch_indexentry "  # noqa: S608 - constant SQL
    f"WHEN {SQLITE_MAPPED.format(row='NEW.')} BEGIN "
    "INSERT OR REPLACE INTO search_entrykey VALUES (NEW.id, NEW.content_type_id, CAST(NEW.object_id AS INTEGER)); END",
    "CREATE TRIGGER IF NOT EXISTS search_entrykey_delete AFTER DELETE ON wagtailsearch_indexentry BEGIN "
    "DELETE FROM search_entrykey WHERE entry_id = OLD.id; END",
]
SQLITE_BACKFILL = [
    "DELETE FROM search_entrykey",
    "INSERT INTO search_entrykey SELECT id, content_type_id, CAST(object_id AS INTEGER) "  # noqa: S608 - constant SQL
    f"FROM wagtailsearch_indexentry WHERE {SQLITE_MAPPED.format(row='')}",
]
ENTRY_VECTOR_TABLE = "search_entryvector"
#: The migration that creates the PostgreSQL entry vectors (the post-migrate check leaves them
#: alone until it is applied, and after it is reversed).
ENTRY_VECTOR_MIGRATION = ("search", "0005_postgres_entry_vectors")

#: The resource facets each entry vector carries (search/one_pass.py's FACET_FIELDS), with the
#: resource table's column types: NULL on every entry that is not an existing resource.
FACT_COLUMNS = {"resource_type": "varchar(20)", "major_id": "bigint", "year": "smallint", "school": "varchar(200)"}
_FACTS = ", ".join(f"f_{name}" for name in FACT_COLUMNS)
_NO_FACTS = ", ".join(f"f_{name} = NULL" for name in FACT_COLUMNS)


def _fact_values(row: str) -> str:
    """`<row>.resource_type, <row>.major_id, …`: the facets as a resource row (or a record of
    one) holds them."""
    return ", ".join(f"{row}.{name}" for name in FACT_COLUMNS)


def _facts_set(row: str, column_prefix: str = "") -> str:
    """`f_resource_type = <row>.<column_prefix>resource_type, …`"""
    return ", ".join(f"f_{name} = {row}.{column_prefix}{name}" for name in FACT_COLUMNS)


#: The resource row behind an index entry: the resource and its page, and the condition tying
#: them to the entry (`{pk}`, `{content_type}`) — the page must be of the entry's own type, so
#: that another model's object with the same id never takes its facets.
_RESOURCE_AND_PAGE = "resources_courseresourcepage r JOIN wagtailcore_page p ON p.id = r.page_ptr_id"
_OF_ENTRY = "r.page_ptr_id = {pk} AND p.content_type_id = {content_type}"


def _resource_of_entry(pk: str, content_type: str) -> str:
    return f"{_RESOURCE_AND_PAGE} WHERE {_OF_ENTRY.format(pk=pk, content_type=content_type)}"


POSTGRES_STATEMENTS = [
    # The object id as an integer, or NULL when it is not all digits or does not fit an integer.
    # Nested CASE: its branches are tried in order, so the cast only sees ten digits at most.
    "CREATE OR REPLACE FUNCTION search_entry_object_pk(object_id text) RETURNS integer "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN object_id !~ '^[0-9]{1,10}$' THEN NULL "
    "WHEN CAST(object_id AS bigint) <= 2147483647 THEN CAST(object_id AS integer) END $$",
    "CREATE TABLE IF NOT EXISTS search_entryvector (entry_id integer PRIMARY KEY, "
    "content_type_id integer NOT NULL, object_pk integer NOT NULL, title_norm double precision NOT NULL, "
    "title tsvector NOT NULL, body tsvector NOT NULL)",
    # The facets came later (migration 0006): added to a table 0005 made.
    "ALTER TABLE search_entryvector "
    + ", ".join(f"ADD COLUMN IF NOT EXISTS f_{name} {kind}" for name, kind in FACT_COLUMNS.items()),
    "CREATE INDEX IF NOT EXISTS search_entryvector_title_body ON search_entryvector USING GIN ((title || body))",
    # For the resource trigger: the entries of one object.
    "CREATE INDEX IF NOT EXISTS search_entryvector_object ON search_entryvector (object_pk)",
    # One function for the three row events (Wagtail's upsert fires INSERT or UPDATE per row).
    f"""CREATE OR REPLACE FUNCTION search_entryvector_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    pk integer;
    facts record;
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_entryvector WHERE entry_id = OLD.id;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.id <> NEW.id THEN
        DELETE FROM search_entryvector WHERE entry_id = OLD.id;
    END IF;
    pk := search_entry_object_pk(NEW.object_id);
    IF pk IS NOT NULL AND TG_OP = 'UPDATE' AND OLD.id = NEW.id AND OLD.object_id = NEW.object_id
            AND OLD.content_type_id = NEW.content_type_id THEN
        -- The same object's entry rewritten (its texts, or Wagtail's refresh of every title_norm
        -- after a batch): its facets stand, kept by the resource triggers.
        UPDATE search_entryvector SET title_norm = NEW.title_norm, title = NEW.title, body = NEW.body
        WHERE entry_id = NEW.id;
        IF FOUND THEN
            RETURN NULL;
        END IF;
    END IF;
    IF pk IS NOT NULL THEN
        SELECT {_fact_values("r")} INTO facts FROM {_resource_of_entry("pk", "NEW.content_type_id")};
        INSERT INTO search_entryvector (entry_id, content_type_id, object_pk, title_norm, title, body, {_FACTS})
        VALUES (NEW.id, NEW.content_type_id, pk, NEW.title_norm, NEW.title, NEW.body,
                {_fact_values("facts")})
        ON CONFLICT (entry_id) DO UPDATE SET content_type_id = EXCLUDED.content_type_id,
            object_pk = EXCLUDED.object_pk, title_norm = EXCLUDED.title_norm,
            title = EXCLUDED.title, body = EXCLUDED.body,
            {_facts_set("EXCLUDED", "f_")};
    ELSIF TG_OP = 'UPDATE' THEN
        DELETE FROM search_entryvector WHERE entry_id = NEW.id;
    END IF;
    RETURN NULL;
END $$""",  # noqa: S608 - constant SQL
    """CREATE OR REPLACE FUNCTION search_entryvector_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE search_entryvector;
    RETURN NULL;
END $$""",
    # The resources emptied at once (TRUNCATE fires no row trigger): no entry keeps their facets.
    f"""CREATE OR REPLACE FUNCTION search_entryvector_facts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_entryvector SET {_NO_FACTS} WHERE f_resource_type IS NOT NULL;
    RETURN NULL;
END $$""",  # noqa: S608 - constant SQL
    # A resource row written or deleted: its entries' facets follow (NULL once it is gone).
    f"""CREATE OR REPLACE FUNCTION search_entryvector_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE search_entryvector SET {_NO_FACTS}
        WHERE object_pk = OLD.page_ptr_id AND f_resource_type IS NOT NULL;
        RETURN NULL;
    END IF;
    UPDATE search_entryvector e SET {_facts_set("NEW")}
    FROM wagtailcore_page p
    WHERE p.id = NEW.page_ptr_id AND e.object_pk = NEW.page_ptr_id AND e.content_type_id = p.content_type_id;
    RETURN NULL;
END $$""",  # noqa: S608 - constant SQL
]
_FACTS_CHANGED = " OR ".join(f"OLD.{name} IS DISTINCT FROM NEW.{name}" for name in FACT_COLUMNS)
#: (table, trigger name, statement): created when missing (CREATE TRIGGER locks the table).
POSTGRES_TRIGGERS = [
    (
        "wagtailsearch_indexentry",
        "search_entryvector_sync",
        "CREATE OR REPLACE TRIGGER search_entryvector_sync AFTER INSERT OR UPDATE OR DELETE "
        "ON wagtailsearch_indexentry FOR EACH ROW EXECUTE FUNCTION search_entryvector_sync()",
    ),
    (
        "wagtailsearch_indexentry",
        "search_entryvector_truncate",
        "CREATE OR REPLACE TRIGGER search_entryvector_truncate AFTER TRUNCATE "
        "ON wagtailsearch_indexentry FOR EACH STATEMENT EXECUTE FUNCTION search_entryvector_truncate()",
    ),
    (
        "resources_courseresourcepage",
        "search_entryvector_facts_added",
        "CREATE OR REPLACE TRIGGER search_entryvector_facts_added AFTER INSERT OR DELETE "
        "ON resources_courseresourcepage FOR EACH ROW EXECUTE FUNCTION search_entryvector_facts()",
    ),
    (
        "resources_courseresourcepage",
        "search_entryvector_facts_truncated",
        "CREATE OR REPLACE TRIGGER search_entryvector_facts_truncated AFTER TRUNCATE "
        "ON resources_courseresourcepage FOR EACH STATEMENT EXECUTE FUNCTION search_entryvector_facts_truncated()",
    ),
    (
        "resources_courseresourcepage",
        "search_entryvector_facts_changed",
        # Django saves every column: only a change of a facet touches the entries.
        "CREATE OR REPLACE TRIGGER search_entryvector_facts_changed AFTER UPDATE "
        f"ON resources_courseresourcepage FOR EACH ROW WHEN ({_FACTS_CHANGED}) "
        "EXECUTE FUNCTION search_entryvector_facts()",
    ),
]
POSTGRES_BACKFILL = [
    "TRUNCATE search_entryvector",
    f"INSERT INTO search_entryvector (entry_id, content_type_id, object_pk, title_norm, title, body, {_FACTS}) "  # noqa: S608 - constant SQL
    f"SELECT e.id, e.content_type_id, search_entry_object_pk(e.object_id), e.title_norm, e.title, e.body, "
    f"{_fact_values('r')} FROM wagtailsearch_indexentry e LEFT JOIN {_RESOURCE_AND_PAGE} ON "
    + _OF_ENTRY.format(pk="search_entry_object_pk(e.object_id)", content_type="e.content_type_id")
    + f" WHERE {POSTGRES_MAPPED}",
    "ANALYZE search_entryvector",
]
#: The facets made right where they disagree with the resources (a table from before the facets,
#: a restore without the triggers): run after every `migrate`, cheap when nothing differs.
POSTGRES_FACTS_REFRESH = [
    f"UPDATE search_entryvector e SET {', '.join(f'f_{name} = r.{name}' for name in FACT_COLUMNS)} "  # noqa: S608 - constant SQL
    "FROM resources_courseresourcepage r JOIN wagtailcore_page p ON p.id = r.page_ptr_id "
    "WHERE r.page_ptr_id = e.object_pk AND p.content_type_id = e.content_type_id AND ("
    + " OR ".join(f"e.f_{name} IS DISTINCT FROM r.{name}" for name in FACT_COLUMNS)
    + ")",
    f"UPDATE search_entryvector e SET {', '.join(f'f_{name} = NULL' for name in FACT_COLUMNS)} "  # noqa: S608 - constant SQL
    "WHERE e.f_resource_type IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
    + _resource_of_entry("e.object_pk", "e.content_type_id")
    + ")",
]
POSTGRES_DROP = [
    "DROP TABLE IF EXISTS search_entryvector",
    # CASCADE: the triggers on wagtailsearch_indexentry and the resources that call them.
    "DROP FUNCTION IF EXISTS search_entryvector_sync() CASCADE",
    "DROP FUNCTION IF EXISTS search_entryvector_truncate() CASCADE",
    "DROP FUNCTION IF EXISTS search_entryvector_facts() CASCADE",
    "DROP FUNCTION IF EXISTS search_entryvector_facts_truncated() CASCADE",
    "DROP FUNCTION IF EXISTS search_entry_object_pk(text)",
]
COVERING_INDEXES = [
    "CREATE INDEX IF NOT EXISTS search_resource_visibility_facets ON resources_courseresourcepage "
    "(page_ptr_id, visibility, resource_type, major_id, year, school)",
    "CREATE INDEX IF NOT EXISTS search_page_visibility ON wagtailcore_page (id, live, path)",
]
#: PostgreSQL's statement gathers the pages not listed as one set (core.visibility's
#: `unlisted_as_set`): the pages not live are then a few entries to read, not a scan of the pages.
POSTGRES_INDEXES = [
    "CREATE INDEX IF NOT EXISTS search_page_not_live ON wagtailcore_page (id) WHERE NOT live",
    # And, for visitors, the members-only resources (resources.models.Visibility.MEMBERS): the
    # index of those alone, read whole for each visitor's search (20,000 keys at 100,000 resources).
    "CREATE INDEX IF NOT EXISTS search_resource_members_only ON resources_courseresourcepage (page_ptr_id) "
    "WHERE visibility = 'members'",
]


def _map_complete(cursor, table: str, mapped: str) -> bool:
    """Does the entry map `table` hold as many rows as the index has entries it should map?"""
    cursor.execute(
        f"SELECT (SELECT COUNT(*) FROM {table}) = "  # noqa: S608 - constant table name and condition
        f"(SELECT COUNT(*) FROM wagtailsearch_indexentry WHERE {mapped})"
    )
    return bool(cursor.fetchone()[0])


def _entry_vectors_migrated(connection) -> bool:
    from django.db.migrations.recorder import MigrationRecorder

    return ENTRY_VECTOR_MIGRATION in MigrationRecorder(connection).applied_migrations()


def ensure_supports(connection, *, entry_vectors: bool | None = None) -> None:
    """Create what is missing (idempotent); refill an entry map that disagrees with the index.
    `entry_vectors`: whether to keep PostgreSQL's search_entryvector — by default (the post-migrate
    check), whether its migration 0005 is applied, which itself passes True."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    tables = set(connection.introspection.table_names())
    if not {"wagtailsearch_indexentry", "resources_courseresourcepage", "wagtailcore_page"} <= tables:
        return  # an app's migrations not applied yet: the post-migrate check comes back
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in SQLITE_STATEMENTS:
                cursor.execute(statement)
            if not _map_complete(cursor, ENTRY_KEY_TABLE, SQLITE_MAPPED.format(row="")):
                for statement in SQLITE_BACKFILL:
                    cursor.execute(statement)
        if connection.vendor == "postgresql":
            if entry_vectors is None:
                entry_vectors = _entry_vectors_migrated(connection)
            if entry_vectors:
                _ensure_entry_vectors(connection, cursor)
            for statement in POSTGRES_INDEXES:
                cursor.execute(statement)
        for statement in COVERING_INDEXES:
            cursor.execute(statement)


def _ensure_entry_vectors(connection, cursor) -> None:
    with transaction.atomic(using=connection.alias):
        for statement in POSTGRES_STATEMENTS:
            cursor.execute(statement)
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal "
            "AND tgrelid IN ('wagtailsearch_indexentry'::regclass, 'resources_courseresourcepage'::regclass)"
        )
        present = set(cursor.fetchall())
        for table, name, statement in POSTGRES_TRIGGERS:
            if (table, name) not in present:
                cursor.execute(statement)
        # No index or resource write may slip between the checks and the refill (reads go on).
        cursor.execute("LOCK TABLE wagtailsearch_indexentry, resources_courseresourcepage IN SHARE MODE")
        if not _map_complete(cursor, ENTRY_VECTOR_TABLE, POSTGRES_MAPPED):
            for statement in POSTGRES_BACKFILL:
                cursor.execute(statement)
        for statement in POSTGRES_FACTS_REFRESH:
            cursor.execute(statement)


def refresh_entry_facts(connection) -> None:
    """Put right any facet on PostgreSQL's entry vectors that disagrees with the resources (the
    triggers keep them; this is for rows written behind their back). Nothing elsewhere."""
    if connection.vendor == "postgresql" and ENTRY_VECTOR_TABLE in connection.introspection.table_names():
        with connection.cursor() as cursor:
            for statement in POSTGRES_FACTS_REFRESH:
                cursor.execute(statement)


def drop_entry_vectors(connection) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in POSTGRES_DROP:
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
            cursor.execute("DROP INDEX IF EXISTS search_page_not_live")
            cursor.execute("DROP INDEX IF EXISTS search_resource_members_only")
    drop_entry_vectors(connection)
