"""The 500 page is the site's own (its stylesheet, header and a way home), readable on a phone, and
renders as Django renders it after a crash: without a request, a user or context processors."""

import re

import pytest
from django.test import Client
from django.urls import path


def _crash(request):
    raise RuntimeError("a bug")


urlpatterns = [path("crash/", _crash)]


@pytest.mark.urls(__name__)
def test_a_crash_shows_the_sites_own_error_page(settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/crash/")
    html = response.content.decode()
    assert response.status_code == 500
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert 'class="site-header"' in html and 'href="/"' in html
    assert "服务器出错了" in html
    assert not re.search(r"<script|<style|\sstyle=|\son[a-z]+=", html)  # CSP: nothing inline
    assert "{%" not in html and "{{" not in html
