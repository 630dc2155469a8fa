"""Users by role. A role is found by its stable code (core.roles / GroupRole), never by a group's
display name; migrations create the alliance's role groups, and a flushed database gets them back
here with their default names."""

import factory
from django.contrib.auth.models import Group, User

PASSWORD = "pw-not-used"  # every factory-made user has this password (MD5-hashed in the test settings)


def role_group(code: str) -> Group:
    """The group carrying role `code` (created with its default name if a flushed database lacks it);
    any other name is a plain group of that name, for a test's own groups."""
    from core import roles
    from core.models import GroupRole

    if code not in roles.DEFAULT_NAMES:  # a test's own group, not one of the alliance's roles
        return Group.objects.get_or_create(name=code)[0]
    role = GroupRole.objects.select_related("group").filter(code=code).first()
    if role is None:
        group = Group.objects.get_or_create(name=roles.DEFAULT_NAMES[code])[0]
        role = GroupRole.objects.create(group=group, code=code)
    return role.group


class UserFactory(factory.django.DjangoModelFactory):
    """`UserFactory(roles=[roles.SECRETARIAT])`: a user holding those roles (by role code)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n:03d}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = factory.LazyAttribute(lambda user: user.username)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, password=kwargs.pop("password", PASSWORD), **kwargs)

    @factory.post_generation
    def roles(user, create, codes, **kwargs):
        for code in codes or ():
            user.groups.add(role_group(code))


class SuperuserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n:03d}")
    is_staff = True
    is_superuser = True


def user_with_role(username: str, *role_codes: str, email: str | None = None) -> User:
    return UserFactory(username=username, email=email or f"{username}@example.org", roles=role_codes)


def staff(code: str) -> User:
    """One holder of role `code`: the first existing one, or a new one."""
    from core import roles

    return roles.holders(code).order_by("pk").first() or UserFactory(username=f"{code}_staff", roles=[code])
