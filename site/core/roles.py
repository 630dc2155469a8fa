"""The alliance's roles, as Django groups.

The group names are the identifiers: a data migration (core/migrations/0003) creates the groups with
their permissions, and code looks them up by these constants only. See DESIGN.md, "Who uses it".
"""

from django.contrib.auth.models import AnonymousUser, User

EDITORS = "编辑"
MODERATORS = "审核员"
SECRETARIAT = "秘书处"
COUNCIL = "理事"
EXPERT_COMMITTEE = "专家委员会"
CHAIR = "理事长/秘书长"
MEMBERS = "会员单位"

STAFF_GROUPS = (EDITORS, MODERATORS, SECRETARIAT, COUNCIL, EXPERT_COMMITTEE, CHAIR)
ALL_GROUPS = (*STAFF_GROUPS, MEMBERS)

#: Who may read members-only pages and documents: member units and the alliance's own staff.
MEMBERS_CONTENT_GROUPS = (MEMBERS, *STAFF_GROUPS)


def group_names(user: User | AnonymousUser) -> frozenset[str]:
    """The user's group names, read once per request-scoped user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_alliance_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._alliance_group_names = cached
    return cached


def has_role(user: User | AnonymousUser, *roles: str) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    return bool(group_names(user).intersection(roles))


def can_view_members_content(user: User | AnonymousUser) -> bool:
    """Members-only resources and their documents: member units and staff, never anonymous visitors."""
    return has_role(user, *MEMBERS_CONTENT_GROUPS)


def emails_of_role(*role_names: str) -> list[str]:
    """Addresses of the active users holding any of these roles (for notifications)."""
    return list(
        User.objects.filter(groups__name__in=role_names, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def active_user_ids(role_name: str) -> list[int]:
    """The active users holding a role: those entitled to vote where that role votes."""
    return list(User.objects.filter(groups__name=role_name, is_active=True).values_list("pk", flat=True))
