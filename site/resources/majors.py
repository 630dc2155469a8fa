"""Merging a major an import created (MajorToConfirm) into the listed major it duplicates."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from core.models import Major


@transaction.atomic
def merge_major(*, duplicate: Major, into: Major) -> None:
    """Re-point every resource, expert, textbook… filed under `duplicate` to `into`, then delete
    `duplicate` (its confirmation mark goes with it)."""
    if duplicate.pk == into.pk:
        raise ValidationError(gettext("不能把专业合并到它自己。"))
    for relation in Major._meta.related_objects:
        model, name = relation.related_model, relation.field.name
        if relation.many_to_many:
            for item in model._base_manager.filter(**{name: duplicate}):
                getattr(item, name).remove(duplicate)
                getattr(item, name).add(into)
        elif relation.one_to_many:  # a foreign key to Major, seen from Major
            model._base_manager.filter(**{name: duplicate}).update(**{name: into})
    duplicate.delete()
