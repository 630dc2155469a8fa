"""Firing a transition: the one path every state change takes, from the admin, the public site,
management commands and tests alike.

As in Wagtail's TaskState.approve: lock the row, guard (state, then conditions, then the user's
role), change state, save, write the audit row and attachments, log to Wagtail's history; all in
one transaction. Two people firing at the same moment are serialised by the row lock (and, where
the database has no row locks, by ConcurrentTransitionMixin's conditional UPDATE): the second one
finds the new state and is refused.
"""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Sum
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm
from wagtail.log_actions import log

from .models import TransitionAttachment, TransitionLog
from .uploads import CheckedUpload, check_record_quota, check_upload


class TransitionRefused(Exception):
    """The object's state (or a business condition) does not allow this transition now."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TransitionInfo:
    name: str
    label: str
    actor: str
    needs_comment: bool
    style: str


def transition_info(instance, name: str) -> TransitionInfo:
    method = getattr(type(instance), name)
    meta = method._django_fsm
    custom = next(iter(meta.transitions.values())).custom
    return TransitionInfo(
        name=name,
        label=custom.get("label", name),
        actor=custom.get("actor", ""),
        needs_comment=custom.get("needs_comment", False),
        style=custom.get("style", "primary"),
    )


def available_transitions(instance, user, state_field: str = "state") -> list[TransitionInfo]:
    """The transitions this user may fire on the object now: what the admin shows as buttons."""
    method_name = f"get_available_user_{state_field}_transitions"
    return [transition_info(instance, t.name) for t in getattr(instance, method_name)(user)]


def log_action_name(instance, transition: str) -> str:
    return f"{instance._meta.app_label}.{instance._meta.model_name}.{transition}"


@transaction.atomic
def perform_transition(
    instance,
    name: str,
    *,
    by,
    comment: str = "",
    files: Iterable = (),
    data: dict | None = None,
    state_field: str = "state",
    **transition_kwargs,
):
    """Fire transition `name` on `instance` as user `by`; return the locked, updated instance.

    Raises TransitionRefused (state or condition), PermissionDenied (role), ValidationError (a file).
    """
    model = type(instance)
    locked = model._default_manager.select_for_update().get(pk=instance.pk)
    method = getattr(locked, name)
    info = transition_info(locked, name)
    from_state = getattr(locked, state_field)
    state_label = getattr(locked, f"get_{state_field}_display")()
    if not can_proceed(method, check_conditions=False):
        raise TransitionRefused(f"当前状态为“{state_label}”，不能执行“{info.label}”。")
    if not can_proceed(method):
        refusal = next(iter(method._django_fsm.transitions.values())).custom.get("refusal")
        raise TransitionRefused(refusal or f"尚不满足“{info.label}”的条件。")
    if not has_transition_perm(method, by):
        raise PermissionDenied(f"您没有执行“{info.label}”的权限。")
    comment = (comment or "").strip()
    if info.needs_comment and not comment:
        raise TransitionRefused(f"“{info.label}”需要填写意见或说明。")
    checked_files: list[tuple[object, CheckedUpload]] = [(f, check_upload(f)) for f in files]
    if checked_files:
        kept = TransitionAttachment.objects.filter(
            log__content_type=ContentType.objects.get_for_model(locked), log__object_id=locked.pk
        ).aggregate(count=Count("pk"), total=Sum("size"))
        check_record_quota(
            existing_count=kept["count"],
            existing_bytes=kept["total"] or 0,
            new_sizes=[checked.size for _, checked in checked_files],
        )

    method(by=by, **transition_kwargs)
    try:
        locked.save()
    except ConcurrentTransition as error:
        raise TransitionRefused("该事项刚刚已被他人处理，请刷新后查看最新状态。") from error

    entry = TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(locked),
        object_id=locked.pk,
        transition=name,
        transition_label=info.label,
        from_state=from_state,
        to_state=getattr(locked, state_field),
        actor=by,
        actor_role=info.actor,
        comment=comment,
        data=data or {},
    )
    for uploaded, checked in checked_files:
        save_attachment(entry, uploaded, checked)
    log(
        locked,
        log_action_name(locked, name),
        user=by,
        data={"from": from_state, "to": getattr(locked, state_field), "comment": comment},
    )
    return locked


def save_attachment(entry: TransitionLog, uploaded, checked: CheckedUpload) -> TransitionAttachment:
    attachment = TransitionAttachment(
        log=entry,
        token=secrets.token_hex(16),
        original_name=checked.original_name,
        size=checked.size,
        kind=checked.kind,
    )
    attachment.file.save(checked.original_name, uploaded, save=False)
    attachment.save()
    return attachment


def history(instance):
    """The object's transition log, oldest first, with actors and attachments."""
    return (
        TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk)
        .select_related("actor")
        .prefetch_related("attachments")
    )
