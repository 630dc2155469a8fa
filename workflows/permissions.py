"""Who may fire a transition: the predicates models pass to django-fsm-2's `permission=`.

One definition each, with one rule for `user=None` (a scheduled job, or a caller that has verified a
single-use link): it holds no role and owns nothing, unless a predicate says so with `or_nobody`.
"""

from collections.abc import Callable
from operator import attrgetter

from core import roles


def holds_role(*codes: str) -> Callable:
    """The user holds one of these roles (core.roles codes)."""

    def permission(instance, user) -> bool:
        return roles.has_role(user, *codes)

    permission.__doc__ = f"holds role {' / '.join(codes)}"
    return permission


def is_account(path: str) -> Callable:
    """The user is the account at `instance.<path>` (a dotted path to a user id, e.g. "unit.account_id")."""
    get = attrgetter(path)

    def permission(instance, user) -> bool:
        return user is not None and user.is_authenticated and user.pk == get(instance)

    permission.__doc__ = f"is the account {path}"
    return permission


def or_nobody(predicate: Callable) -> Callable:
    """Also allowed with no user: the daily job, or a caller that verified a single-use link."""

    def permission(instance, user) -> bool:
        return user is None or predicate(instance, user)

    permission.__doc__ = f"nobody, or {predicate.__doc__}"
    return permission
