"""One demo user per role. Passwords are random and printed once, when the user is created."""

import secrets

from django.contrib.auth.models import User

from core import roles

# The demo's mail domain: plainly the demo's, and not a delegated top-level domain, so mail to it can
# never reach anyone even when a mail server is configured.
DEMO_MAIL_DOMAIN = "lxh.demo"

DEMO_USERS = [
    # (username, full name, group or None for the superuser)
    ("admin", "系统管理员", None),
    ("editor", "张编辑", roles.EDITORS),
    ("moderator", "李审核", roles.MODERATORS),
    ("secretariat", "王秘书", roles.SECRETARIAT),
    ("council", "赵理事", roles.COUNCIL),
    ("expert", "钱专家", roles.EXPERT_COMMITTEE),
    ("chair", "孙理事长", roles.CHAIR),
    ("member", "周老师（会员单位联系人）", roles.MEMBERS),
]


def load(out, password: str | None = None, **options) -> dict[str, str]:
    """Create missing demo users; returns {username: password} for the ones created now.

    With `password`, every demo user (new or existing) gets that password: for scripted browser
    tests, never for a shared deployment.
    """
    created: dict[str, str] = {}
    for username, full_name, group_name in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            new_password = password or secrets.token_urlsafe(12)
            user = User(
                username=username,
                first_name=full_name,
                email=f"{username}@{DEMO_MAIL_DOMAIN}",
                is_staff=group_name is None,
                is_superuser=group_name is None,
            )
            user.set_password(new_password)
            user.save()
            created[username] = new_password
        elif password:
            user.set_password(password)
            user.save(update_fields=["password"])
        if group_name:
            user.groups.add(roles.group(group_name))
    if created:
        out.write("演示账号（密码只显示这一次，请妥善保存）：")
        for username, full_name, group_name in DEMO_USERS:
            if username in created:
                out.write(
                    f"  {username:<12} {created[username]:<20} {roles.DEFAULT_NAMES.get(group_name, '超级管理员')}（{full_name}）"
                )
    else:
        out.write("演示账号已存在，密码未改变" + ("（已按 --password 重设）" if password else "") + "。")
    return created
