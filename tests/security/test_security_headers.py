"""The headers that limit what a page may do: the Content-Security-Policy (django-csp, configured in
settings) and the Permissions-Policy. What the policies forbid is in test_production_settings.py;
here: video players may be framed and nothing more, the admin differs from the site only where
Wagtail needs inline code, the players are set by the environment, and no page may use the camera,
microphone or location."""

import pytest

from .test_production_settings import run_production

DEFAULT_PLAYERS = ("https://player.bilibili.com", "https://v.qq.com", "https://www.youtube-nocookie.com")


def directives(policy: str) -> dict[str, str]:
    return dict(item.strip().split(" ", 1) for item in policy.split(";"))


@pytest.mark.django_db
def test_video_players_may_be_framed_but_serve_no_script_or_style(client):
    policy = directives(client.get("/")["Content-Security-Policy"])
    frame_sources = policy["frame-src"].split()
    assert all(player in frame_sources for player in DEFAULT_PLAYERS)
    assert policy["script-src"] == policy["style-src"] == policy["default-src"] == "'self'"


@pytest.mark.django_db
def test_the_admin_differs_from_the_site_only_by_allowing_inline_code(client, admin_client):
    site = directives(client.get("/")["Content-Security-Policy"])
    admin = directives(admin_client.get("/admin/")["Content-Security-Policy"])
    assert admin.pop("script-src") == admin.pop("style-src") == "'self' 'unsafe-inline'"
    assert admin.pop("frame-ancestors") == "'self'"  # the admin frames its own page previews
    for name in ("script-src", "style-src", "frame-ancestors"):
        site.pop(name)
    assert admin == site


def test_the_video_players_are_set_by_the_environment():
    code = (
        "import django; django.setup(); from django.test import Client; "
        "print(Client().get('/healthz/', HTTP_HOST='lxh.example.org')['Content-Security-Policy'])"
    )
    result = run_production(
        "-c",
        f"import sys; sys.path.insert(0, 'site'); {code}",
        extra_env={"CSP_FRAME_SOURCES": "https://video.example.cn"},
    )
    assert result.returncode == 0, result.stderr
    assert directives(result.stdout.strip())["frame-src"] == "'self' https://video.example.cn"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/admin/login/"])
def test_no_page_may_use_the_camera_microphone_or_location(client, url):
    features = dict(item.strip().split("=") for item in client.get(url)["Permissions-Policy"].split(","))
    assert features["camera"] == features["microphone"] == features["geolocation"] == "()"
