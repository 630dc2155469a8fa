"""Who may read a private record: one rule per record kind, used by the public site (downloads and
detail pages), the workflow attachments and the Wagtail admin (list, inspect, export) alike.

A rule names the staff roles that may read every record of the kind, and how to find the records a
signed-in person owns (their own application, their unit's membership, their own candidacy).
Each app registers the rules of its models in its AppConfig.ready, so this app imports none of them.
Anyone else gets a 404 on the site (never a hint that the record exists) and a 403 in the admin.

A certificate's owner is its holder: the holder rule (`holder=`) of the model it was issued for,
e.g. the unit's contact account for a membership certificate, the expert for an appointment letter.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext, gettext_lazy

from core import roles

OwnerFilter = Callable[[object], Q]


@dataclass(frozen=True)
class ReaderRule:
    staff_roles: tuple[str, ...]
    #: The records this signed-in user owns, as a filter on the model; None: no owner reads it.
    owner: OwnerFilter | None = None
    #: For models certificates are issued for: the records whose certificate this user holds.
    holder: OwnerFilter | None = None


_rules: dict[type[Model], ReaderRule] = {}


def register_reader(
    model: type[Model],
    *,
    staff_roles: tuple[str, ...],
    owner: OwnerFilter | None = None,
    holder: OwnerFilter | None = None,
) -> None:
    _rules[model] = ReaderRule(tuple(staff_roles), owner, holder)


def rule_for(model: type[Model]) -> ReaderRule | None:
    return _rules.get(model._meta.concrete_model) or _rules.get(model)


def rules() -> dict[type[Model], ReaderRule]:
    return dict(_rules)


def staff_may_read(user, model: type[Model]) -> bool:
    """Whether this user's role lets them read every record of the kind (the admin's `view`)."""
    rule = rule_for(model)
    return rule is not None and user.is_authenticated and roles.has_role(user, *rule.staff_roles)


def readable(user, queryset: QuerySet) -> QuerySet:
    """The records of `queryset` this user may read."""
    rule = rule_for(queryset.model)
    if rule is None or not user.is_authenticated:
        return queryset.none()
    if roles.has_role(user, *rule.staff_roles):
        return queryset
    if rule.owner is None:
        return queryset.none()
    return queryset.filter(rule.owner(user))


def may_read(user, obj: Model) -> bool:
    return readable(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def get_readable_or_404(user, queryset: QuerySet, message: str = gettext_lazy("记录不存在"), **lookup) -> Model:
    try:
        return readable(user, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError) as error:
        raise Http404(message) from error


def check_can_read(user, subject) -> None:
    """Raises Http404 unless the user may read the subject (and so its files)."""
    if subject is None or not may_read(user, subject):
        raise Http404(gettext("文件不存在"))


def certificate_holder_filter(user) -> Q:
    """The certificates this user holds, whatever they were issued for."""
    condition = Q(pk__in=[])
    for model, rule in _rules.items():
        if rule.holder is None:
            continue
        held = model._default_manager.filter(rule.holder(user)).values("pk")
        condition |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=held)
    return condition
