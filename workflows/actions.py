"""The workflow engine: one action per transition, declared once, found in one registry.

After Wagtail's `wagtail/actions/` (an object per mutation, with `check()` and `execute()`, so that the
admin, the public site, scripts and tests behave identically) and its workflow tasks. A workflow app
declares, next to its models, one `TransitionAction` per django-fsm-2 transition:

    declare(MembershipApplication, "submit", offered_on=SITE, notices=[APPLICANT, staff(SECRETARIAT)])

The transition itself (source, target, who may fire it, conditions, label) stays on the model, in
django-fsm-2's `@transition`. The action adds what happens around it: who hears of it, where it is
offered, the side effects of the step. Everything else is the engine's:

- `check()`: state, then business conditions, then the user's role, then the required comment;
- `execute()`: lock the row, check, fire, save (a concurrent change is refused), one audit row with
  its attachments, Wagtail's history, the side effects, and the notifications, sent after commit;
- the registry, keyed `app_label.model_name.transition`, drives the admin buttons and the view they
  post to, the public action views, Wagtail's log actions, the state diagrams and the tests' matrix.

Only django-fsm-2's public API is used: `can_proceed`, `has_transition_perm` and the field's
`get_all_transitions` (whose `Transition` objects carry `custom`).
"""

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import translation
from django.utils.translation import gettext
from django_fsm import ConcurrentTransition, FSMFieldMixin, can_proceed, has_transition_perm
from wagtail.log_actions import log

from core import roles

from .models import TransitionAttachment, TransitionLog
from .notifications import notify
from .uploads import check_record_quota, check_upload, store_upload

ADMIN = "admin"
SITE = "site"


class TransitionRefused(Exception):
    """The object's state (or a business condition) does not allow this transition now."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- notifications --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Notice:
    """Who hears of a step, and how: `to(obj)` gives addresses, `subject(obj)` the subject line,
    `template` the body (rendered with the object as `context_name`, the comment and the new state).
    `comment(obj, comment)` may replace the step's comment in the mail."""

    to: Callable
    template: str
    subject: Callable
    context_name: str = "object"
    comment: Callable | None = None

    def send(self, obj, comment: str) -> None:
        text = self.comment(obj, comment) if self.comment else comment
        state_display = getattr(obj, "get_state_display", lambda: "")()
        notify(
            recipients=self.to(obj),
            subject=self.subject(obj),
            template=self.template,
            context={self.context_name: obj, "comment": text, "state": state_display},
        )


def holders_of(*codes: str) -> Callable:
    """Recipients: the active holders of these roles."""
    return lambda obj: roles.emails_of_role(*codes)


# --- the action -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class TransitionInfo:
    """What a button needs to know about an action."""

    name: str
    label: str
    actor: str
    needs_comment: bool
    style: str
    #: What an irreversible step does (workflows.confirmation), shown before it is confirmed; "" if none.
    confirm: str = ""


def fsm_field(model, field_name: str = "state") -> FSMFieldMixin:
    field_ = model._meta.get_field(field_name)
    if not isinstance(field_, FSMFieldMixin):
        raise ImproperlyConfigured(f"{model.__name__}.{field_name} is not a django-fsm-2 field")
    return field_


def fsm_transitions(model, name: str, field_name: str = "state") -> list:
    """django-fsm-2's Transition objects of method `name` (one per source state)."""
    return [t for t in fsm_field(model, field_name).get_all_transitions(model) if t.name == name]


class TransitionAction:
    """One transition of one model, as a user fires it. Subclasses (or `declare`) set `model` and
    `transition`; hooks `prepare`, `transition_arguments` and `after` hold a step's own business."""

    model: type = None
    transition: str = ""
    field_name: str = "state"
    #: Where a button for it is offered: ADMIN (staff screens), SITE (the applicant's pages).
    offered_on: frozenset = frozenset({ADMIN})
    notices: tuple[Notice, ...] = ()
    #: A vote this step closes: its tally is counted and recorded before the step's conditions.
    stage = None
    #: When set, the step needs at least one file; (form field, message) of the refusal.
    files_required: tuple[str, str] | None = None

    def __init__(self, instance, user=None):
        self.instance = instance
        self.user = user

    # --- what the model's @transition says -------------------------------------------------------
    @classmethod
    def key(cls) -> str:
        return f"{cls.model._meta.app_label}.{cls.model._meta.model_name}.{cls.transition}"

    @classmethod
    def custom(cls) -> dict:
        found = fsm_transitions(cls.model, cls.transition, cls.field_name)
        return found[0].custom if found else {}

    @classmethod
    def label(cls) -> str:
        return cls.custom().get("label", cls.transition)

    @classmethod
    def info(cls) -> TransitionInfo:
        custom = cls.custom()
        return TransitionInfo(
            name=cls.transition,
            label=custom.get("label", cls.transition),
            actor=custom.get("actor", ""),
            needs_comment=custom.get("needs_comment", False),
            style=custom.get("style", "primary"),
            confirm=custom.get("confirm", ""),
        )

    # --- hooks -----------------------------------------------------------------------------------
    def prepare(self, instance, params: dict) -> None:
        """On the locked row, after the state check and before the conditions (a vote's tally)."""
        if self.stage is not None:
            tally = self.stage.record_tally(instance)
            params.setdefault("data", {})["tally"] = tally.as_dict()
            params["default_comment"] = tally.summary

    def transition_arguments(self, instance, params: dict) -> dict:
        """Keyword arguments for the model's transition method, besides `by`. An irreversible step
        (`custom={"confirm": …}`, workflows.confirmation) gets whether the person confirmed it."""
        arguments = dict(params.get("arguments", {}))
        confirmed = arguments.pop("confirmed", False)
        if self.custom().get("confirm"):
            arguments["confirmed"] = confirmed
        return arguments

    def after(self, instance, comment: str) -> None:
        """Side effects in the same transaction (a certificate, a group), after the audit row."""

    # --- check and execute -----------------------------------------------------------------------
    def _method(self, instance):
        return getattr(instance, self.transition)

    def check_state(self, instance) -> None:
        if not can_proceed(self._method(instance), check_conditions=False):
            state_label = getattr(instance, f"get_{self.field_name}_display")()
            raise TransitionRefused(
                gettext("当前状态为“{state_label}”，不能执行“{value2}”。").format(
                    state_label=state_label, value2=self.label()
                )
            )

    def check_rest(self, instance, comment: str = "", *, require_comment: bool = True) -> None:
        method = self._method(instance)
        if not can_proceed(method):
            refusal = self.custom().get("refusal")
            raise TransitionRefused(refusal or gettext("尚不满足“{value1}”的条件。").format(value1=self.label()))
        if not has_transition_perm(method, self.user):
            raise PermissionDenied(gettext("您没有执行“{value1}”的权限。").format(value1=self.label()))
        if require_comment and self.info().needs_comment and not comment:
            raise TransitionRefused(gettext("“{value1}”需要填写意见或说明。").format(value1=self.label()))

    def check(self, instance=None, comment: str = "", *, require_comment: bool = False) -> None:
        """Raise TransitionRefused or PermissionDenied unless `user` may fire this now."""
        instance = instance if instance is not None else self.instance
        self.check_state(instance)
        self.check_rest(instance, comment, require_comment=require_comment)

    def allowed(self) -> bool:
        try:
            self.check()
        except (TransitionRefused, PermissionDenied):
            return False
        return True

    def execute(self, *, comment: str = "", files: Iterable = (), data: dict | None = None, **arguments):
        """Fire the transition; return the locked, updated instance.

        Raises TransitionRefused (state or condition), PermissionDenied (role), ValidationError (a file).
        """
        with transaction.atomic():
            locked = type(self.instance)._default_manager.select_for_update().get(pk=self.instance.pk)
            return self.execute_locked(locked, comment=comment, files=files, data=data, **arguments)

    def execute_locked(self, locked, *, comment: str = "", files: Iterable = (), data=None, **arguments):
        """`execute` on a row the caller has locked in its own transaction (a vote's close)."""
        files, data = list(files), dict(data or {})
        self.check_state(locked)
        params = {"data": data, "arguments": arguments}
        self.prepare(locked, params)
        comment = (comment or "").strip() or params.get("default_comment", "")
        self.check_rest(locked, comment)
        if self.files_required and not files:
            field_name, message = self.files_required
            raise ValidationError({field_name: message})
        checked = [check_upload(uploaded) for uploaded in files]  # a bad file refuses the whole step
        if checked:
            kept = TransitionAttachment.objects.filter(
                log__content_type=ContentType.objects.get_for_model(locked), log__object_id=locked.pk
            ).aggregate(count=Count("pk"), total=Sum("size"))
            check_record_quota(
                existing_count=kept["count"], existing_bytes=kept["total"] or 0, new_sizes=[c.size for c in checked]
            )

        from_state = getattr(locked, self.field_name)
        self._method(locked)(by=self.user, **self.transition_arguments(locked, params))
        try:
            locked.save()
        except ConcurrentTransition as error:
            raise TransitionRefused(gettext("该事项刚刚已被他人处理，请刷新后查看最新状态。")) from error
        to_state = getattr(locked, self.field_name)

        with translation.override(settings.LANGUAGE_CODE):
            # History is written in the source language, whoever fires the step; it is translated
            # when shown (TransitionLog.label_display), so an English admin user's click does not
            # leave an English row in a Chinese history.
            label, actor_role = str(self.label()), str(self.info().actor)
        entry = TransitionLog.objects.create(
            content_type=ContentType.objects.get_for_model(locked),
            object_id=locked.pk,
            transition=self.transition,
            transition_label=label,
            from_state=from_state,
            to_state=to_state,
            actor=self.user,
            actor_role=actor_role,
            comment=comment,
            data=params["data"],
        )
        for uploaded in files:
            save_attachment(entry, uploaded)
        log(locked, self.key(), user=self.user, data={"from": from_state, "to": to_state, "comment": comment})
        self.after(locked, comment)
        for notice in self.notices:
            notice.send(locked, comment)
        return locked


def save_attachment(entry: TransitionLog, uploaded) -> TransitionAttachment:
    attachment = TransitionAttachment(log=entry, token=secrets.token_hex(16))
    store_upload(
        attachment, "file", uploaded, record={"original_name": "original_name", "kind": "kind", "size": "size"}
    )
    attachment.save()
    return attachment


# --- the registry ---------------------------------------------------------------------------------
@dataclass
class Registry:
    """Every declared action, keyed `app_label.model_name.transition`, and every voting stage."""

    actions: dict[str, type[TransitionAction]] = field(default_factory=dict)
    stages: dict[str, object] = field(default_factory=dict)
    #: {model: who outside the staff reads a step's comment on the site (its owner's progress page)}.
    comment_audiences: dict[type, str] = field(default_factory=dict)

    def register(self, action_class: type[TransitionAction]) -> type[TransitionAction]:
        if not fsm_transitions(action_class.model, action_class.transition, action_class.field_name):
            raise ImproperlyConfigured(f"{action_class.model.__name__} has no transition {action_class.transition}")
        self.actions[action_class.key()] = action_class
        return action_class

    def register_stage(self, stage):
        self.stages[stage.key] = stage
        return stage

    def models(self) -> list[type]:
        return list(dict.fromkeys(action.model for action in self.actions.values()))

    def for_model(self, model) -> dict[str, type[TransitionAction]]:
        """{transition name: action class} of a model, in declaration order."""
        return {a.transition: a for a in self.actions.values() if a.model is model}

    def get(self, model, transition: str) -> type[TransitionAction] | None:
        return self.for_model(model).get(transition)

    def declare_comment_audience(self, model, audience: str) -> None:
        """The model's public page shows every step's comment to `audience` (e.g. "申请单位"): the
        admin's comment boxes say so, so that staff write knowing who will read it."""
        self.comment_audiences[model] = audience

    def comment_audience(self, model) -> str:
        """Who besides the staff will read a comment on this model's steps; "" for nobody."""
        return self.comment_audiences.get(model, "")

    def stages_for(self, model) -> list:
        return [stage for stage in self.stages.values() if stage.model is model]

    def offered(self, instance, user, surface: str) -> list[TransitionInfo]:
        """The buttons for this user on this object on one surface: the actions they may fire now."""
        return [
            action.info()
            for action in self.for_model(type(instance)).values()
            if surface in action.offered_on and action(instance, user).allowed()
        ]


registry = Registry()


def declare(model, transition: str, base: type[TransitionAction] = TransitionAction, **attributes):
    """Declare and register the action for `model.transition`; attributes as on TransitionAction."""
    if "offered_on" in attributes and isinstance(attributes["offered_on"], str):
        attributes["offered_on"] = frozenset({attributes["offered_on"]})
    elif "offered_on" in attributes:
        attributes["offered_on"] = frozenset(attributes["offered_on"])
    name = "".join(part.title() for part in transition.split("_")) + "Action"
    return registry.register(type(name, (base,), {"model": model, "transition": transition, **attributes}))


def action_for(instance, transition: str, user=None) -> TransitionAction:
    action_class = registry.get(type(instance), transition)
    if action_class is None:
        raise TransitionRefused(gettext("未知的操作。"))
    return action_class(instance, user)


def run(instance, transition: str, *, by, comment: str = "", files: Iterable = (), data=None, **arguments):
    """Fire a declared transition as user `by` (None: the scheduler, or a caller that verified a link)."""
    return action_for(instance, transition, by).execute(comment=comment, files=files, data=data, **arguments)


def run_first_possible(instance, transitions: Iterable[str], *, by, **kwargs):
    """Fire whichever of `transitions` the object's current state allows (submit or resubmit, say)."""
    names = list(transitions)
    for name in names:
        if can_proceed(getattr(instance, name), check_conditions=False):
            return run(instance, name, by=by, **kwargs)
    return run(instance, names[0], by=by, **kwargs)


def history(instance):
    """The object's transition log, oldest first, with actors and attachments."""
    return (
        TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk)
        .select_related("actor")
        .prefetch_related("attachments")
    )
