"""The synonym table, cached per process and dropped whenever an editor changes it."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import chinese
from .models import Synonym

CACHE_KEY = "search:synonyms:v1"


def synonym_map() -> dict[str, list[str]]:
    """{normalised term: [expansions]} for active synonyms."""
    mapping = cache.get(CACHE_KEY)
    if mapping is None:
        mapping = {}
        for synonym in Synonym.objects.filter(is_active=True):
            key = chinese.normalise(synonym.term)
            if key:
                mapping[key] = synonym.expansion_list
        cache.set(CACHE_KEY, mapping, 3600)
    return mapping


@receiver([post_save, post_delete], sender=Synonym)
def synonyms_changed(sender, instance, **kwargs):
    cache.delete(CACHE_KEY)
