"""The alliance's roles, as Django groups identified by stable codes.

Each role is a group carrying a `GroupRole` with a fixed code (core/migrations/0003 creates the groups,
0004 gives them their codes). Code asks for roles by these codes only, never by the group's name: the
name is what the admin shows and may be renamed there freely. See DESIGN.md, "Who uses it".
"""

from django.contrib.auth.models import AnonymousUser, Group, User

EDITORS = "editors"
MODERATORS = "moderators"
SECRETARIAT = "secretariat"
COUNCIL = "council"
EXPERT_COMMITTEE = "expert_committee"
CHAIR = "chair"
MEMBERS = "members"

#: The names the groups are created with (and shown in the admin until someone renames them).
DEFAULT_NAMES = {
    EDITORS: "编辑",
    MODERATORS: "审核员",
    SECRETARIAT: "秘书处",
    COUNCIL: "理事",
    EXPERT_COMMITTEE: "专家委员会",
    CHAIR: "理事长/秘书长",
    MEMBERS: "会员单位",
}

STAFF_GROUPS = (EDITORS, MODERATORS, SECRETARIAT, COUNCIL, EXPERT_COMMITTEE, CHAIR)
ALL_GROUPS = (*STAFF_GROUPS, MEMBERS)

#: Who may read members-only pages and documents: member units and the alliance's own staff.
MEMBERS_CONTENT_GROUPS = (MEMBERS, *STAFF_GROUPS)


def role_codes(user: User | AnonymousUser) -> frozenset[str]:
    """The codes of the user's roles, read once per request-scoped user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_alliance_role_codes", None)
    if cached is None:
        cached = frozenset(user.groups.filter(role__isnull=False).values_list("role__code", flat=True))
        user._alliance_role_codes = cached
    return cached


def has_role(user: User | AnonymousUser | None, *codes: str) -> bool:
    """Whether the user holds any of these roles; None (a scheduled job, a verified link) holds none."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(role_codes(user).intersection(codes))


def group(code: str) -> Group:
    """The group that carries role `code`, whatever it is called now."""
    return Group.objects.get(role__code=code)


def can_view_members_content(user: User | AnonymousUser) -> bool:
    """Members-only resources and their documents: member units and staff, never anonymous visitors."""
    return has_role(user, *MEMBERS_CONTENT_GROUPS)


def holders(*codes: str):
    """The active users holding any of these roles."""
    return User.objects.filter(groups__role__code__in=codes, is_active=True).distinct()


def emails_of_role(*codes: str) -> list[str]:
    """Addresses of the active users holding any of these roles (for notifications)."""
    return list(holders(*codes).exclude(email="").values_list("email", flat=True))


def active_user_ids(code: str) -> list[int]:
    """The active users holding a role: those entitled to vote where that role votes."""
    return list(holders(code).values_list("pk", flat=True))
