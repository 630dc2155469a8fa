"""Bringing a rebuilt search index up to date with what changed while it was being built.

`manage.py update_index` on Elasticsearch builds a new index beside the live one and then switches
the alias to it (modelsearch's atomic rebuild, `ATOMIC_REBUILD`): searches never see a half-built
index. But while it is building, publishing, unpublishing, deleting or moving a page writes to the
index the alias still points at — the old one, which is dropped at the switch. Wagtail's audit log
is the change feed that closes that gap: every such change writes a log entry (pages:
`PageLogEntry`; snippets, experts, workflow records: `ModelLogEntry`; imports write their
"published" entries in bulk too), so re-indexing every object logged since the rebuild started —
or removing it from the index when it is gone — leaves the new index exactly as current as the
old one would have been.
"""

from collections import defaultdict
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from wagtail.log_actions import registry
from wagtail.search import index


def changed_since(since: datetime) -> dict[type, set[str]]:
    """{indexed model: {pk as text}} of every object with an audit log entry at or after `since`."""
    changed: dict[type, set[str]] = defaultdict(set)
    for log_model in registry.get_log_entry_models():
        entries = log_model.objects.filter(timestamp__gte=since)
        if log_model.__name__ == "PageLogEntry":
            rows = entries.values_list("content_type_id", "page_id")
        else:
            rows = entries.values_list("content_type_id", "object_id")
        for content_type_id, object_id in rows.distinct():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is not None and index.class_is_indexed(model) and object_id is not None:
                changed[model].add(str(object_id))
    return changed


def catch_up(since: datetime) -> tuple[int, int]:
    """Re-index every object changed since `since` (in every backend) and remove those deleted
    since; returns (updated, removed)."""
    updated = removed = 0
    for model, ids in changed_since(since).items():
        found = set()
        for obj in model._default_manager.filter(pk__in=ids).iterator(chunk_size=500):
            found.add(str(obj.pk))
            if index.get_indexed_instance(obj) is not None:  # None: kept out of the index (the root page)
                index.insert_or_update_object(obj)
                updated += 1
        for missing in ids - found:
            index.remove_object(model(pk=model._meta.pk.to_python(missing)))
            removed += 1
    return updated, removed
