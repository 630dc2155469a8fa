"""The site's icon: pages declare it, and the /favicon.ico browsers ask for on a first visit leads to
it instead of rendering the whole 404 page (header, navigation, footer) for every new visitor."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_pages_declare_an_icon_that_exists(client, home):
    html = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="/static/([^"]+)"', html)
    assert icon and finders.find(icon.group(1))


def test_the_browsers_favicon_request_is_sent_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response.url == "/static/favicon.svg"
    assert client.post("/favicon.ico").status_code == 405
