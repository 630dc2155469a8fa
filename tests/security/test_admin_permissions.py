"""Every admin screen of the workflow models — lists, results, inspect, history, usage, export,
add/edit/copy/delete, transitions, votes, draws — refuses everyone whose role must not see it,
both when they look (GET) and when they forge a form (POST), and nothing changes.

The URLs are read from the URL configuration, so a screen added later is covered without editing
this file; the roles that may see each are the rules of DESIGN.md, written out here."""

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core import roles
from tests.factories import user_with_role

# The records of the sample site (tests/factories/sample.py): every workflow model, every state.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_records")]

SCREENS = {
    # namespace: (model, roles that may see it)
    "membership_applications": ("membership.MembershipApplication", {roles.SECRETARIAT, roles.COUNCIL, roles.CHAIR}),
    "membership_memberships": ("membership.Membership", {roles.SECRETARIAT, roles.CHAIR}),
    "membership_units": ("membership.MemberUnit", {roles.SECRETARIAT, roles.COUNCIL, roles.CHAIR}),
    "membership_positions": ("membership.CouncilPosition", {roles.SECRETARIAT, roles.CHAIR}),
    "certificates": ("workflows.Certificate", {roles.SECRETARIAT, roles.CHAIR}),
    "expert_candidates": ("expertpool.ExpertCandidate", {roles.SECRETARIAT, roles.EXPERT_COMMITTEE, roles.CHAIR}),
    "panel_draws": ("expertpool.PanelDraw", {roles.SECRETARIAT, roles.EXPERT_COMMITTEE, roles.CHAIR}),
}
NOBODY = "（未登录）"
NO_ROLE = "（无角色的注册用户）"
EVERYONE = [NOBODY, NO_ROLE, *roles.ALL_GROUPS]


def screen_urls(namespace: str) -> list[tuple[str, set[str]]]:
    """(url name, argument names) of every screen in one admin namespace."""
    found = []

    def walk(patterns, current):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or current)
            elif isinstance(pattern, URLPattern) and current == namespace and pattern.name:
                found.append((pattern.name, set(pattern.pattern.converters)))

    walk(get_resolver().url_patterns, None)
    return found


def all_screens():
    return [
        pytest.param(namespace, name, arguments, model, allowed, id=f"{namespace}:{name}")
        for namespace, (model, allowed) in SCREENS.items()
        for name, arguments in screen_urls(namespace)
    ]


def test_every_namespace_has_screens():
    for namespace in SCREENS:
        assert len(screen_urls(namespace)) >= 5, namespace


def person(role: str):
    if role == NOBODY:
        return AnonymousUser()
    if role == NO_ROLE:
        return user_with_role("sec_no_role")
    return user_with_role(f"sec_{roles.ALL_GROUPS.index(role)}", role)


def snapshot(model_class):
    """Everything a forged request could change, to compare before and after."""
    return sorted(map(repr, model_class.objects.order_by("pk").values()))


@pytest.mark.parametrize(("namespace", "name", "arguments", "model", "allowed"), all_screens())
def test_screen_refuses_roles_that_must_not_see_it(client, namespace, name, arguments, model, allowed):
    model_class = apps.get_model(model)
    record = model_class.objects.order_by("pk").first()
    assert record is not None, f"the sample records have no {model}"
    kwargs = {"pk": record.pk} if "pk" in arguments else {}
    if "transition" in arguments:
        kwargs["transition"] = "approve"
    url = reverse(f"{namespace}:{name}", kwargs=kwargs)
    before = snapshot(model_class)
    for role in EVERYONE:
        if role in allowed:
            continue
        client.logout()
        who = person(role)
        if who.is_authenticated:
            client.force_login(who)
        for method, target in (("get", url), ("get", url + "?export=csv"), ("post", url)):
            response = getattr(client, method)(
                target, {"comment": "伪造", "choice": "support"} if method == "post" else {}
            )
            assert response.status_code in (302, 403, 404, 405), (role, method, target, response.status_code)
            if response.status_code == 302:
                assert "/login/" in response["Location"] or response["Location"] == "/admin/", (role, target)
    assert snapshot(model_class) == before


EXPORTABLE = set(SCREENS) - {"panel_draws"}  # a draw is read on its own page, not as a spreadsheet


@pytest.mark.parametrize("namespace", list(SCREENS))
def test_the_roles_that_may_see_a_list_do_see_it_and_can_export_it(client, namespace):
    model, allowed = SCREENS[namespace]
    url = reverse(f"{namespace}:index")
    for role in allowed:
        client.force_login(person(role))
        assert client.get(url).status_code == 200, (role, url)
        if namespace in EXPORTABLE:
            export = client.get(url, {"export": "csv"})
            assert export.status_code == 200, (role, url)
            assert export["Content-Type"].startswith("text/csv"), (role, url)
