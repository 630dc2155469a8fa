"""Production settings, loaded as a deployment loads them (a fresh process, settings from the
environment): `check --deploy` is clean, a missing secret stops the start, object storage is
switched on by its bucket name, and every response carries a Content-Security-Policy."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "alliance.settings.production",
    "SECRET_KEY": "x8#Lq2!vR9@tZ4$wN7^pK1&mB5*cF3(hJ6)dS0_gY8+eU2-aQ9=iO4",
    "ALLOWED_HOSTS": "lxh.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run_production(*args, extra_env=None):
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update(PRODUCTION_ENV)
    env.update(extra_env or {})
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_no_issue():
    result = run_production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_a_missing_secret_key_stops_the_start_with_a_clear_message():
    result = run_production("manage.py", "check", extra_env={"SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def storages_with(extra_env) -> dict:
    code = "import django, json; django.setup(); from django.conf import settings; print(json.dumps(settings.STORAGES))"
    result = run_production("-c", f"import sys; sys.path.insert(0, 'site'); {code}", extra_env=extra_env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_media_stays_on_disk_without_a_bucket():
    storages = storages_with({})
    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert "private" not in storages
    assert storages["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_object_storage_keeps_private_files_in_a_private_location():
    storages = storages_with({"AWS_STORAGE_BUCKET_NAME": "lxh-media", "AWS_PRIVATE_BUCKET_NAME": "lxh-private"})
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storages["default"]["OPTIONS"]["bucket_name"] == "lxh-media"
    private = storages["private"]["OPTIONS"]
    assert private["bucket_name"] == "lxh-private"
    assert private["default_acl"] == "private"
    assert private["custom_domain"] is None  # never a public CDN address


def test_private_files_follow_the_private_storage(settings, tmp_path):
    from workflows.storage import private_storage

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    assert private_storage().location == str(tmp_path)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/news/", "/search/?q=护理", "/membership/register/"])
def test_public_pages_allow_no_inline_script_and_no_framing(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(item.strip().split(" ", 1) for item in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["form-action"] == "'self'"


@pytest.mark.django_db
def test_admin_policy_allows_only_this_origin(admin_client):
    policy = admin_client.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "http" not in policy.split("frame-src")[0]  # no other origin may serve script or style
