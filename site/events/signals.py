"""A saved event row may have a new capacity: whoever saved it (publishing the page in the admin, a
scheduled publish, a script), the waiting list moves up at once (events.services.capacity_changed)."""

from .services import capacity_changed


def promote_after_capacity_change(sender, instance, created: bool, raw: bool = False, update_fields=None, **kwargs):
    if created or raw or (update_fields is not None and "capacity" not in update_fields):
        return  # a new page has nobody waiting; a draft save leaves the live capacity as it was
    capacity_changed(event_id=instance.pk)
