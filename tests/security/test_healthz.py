"""/healthz/ answers the reverse proxy without touching the database, is never cached, and is the
one address production does not redirect to HTTPS (the proxy checks it over plain HTTP)."""

import pytest


@pytest.mark.django_db
def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    client.get("/healthz/")  # per-process caches warm up once
    with django_assert_num_queries(0):
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_refuses_writes(client):
    assert client.post("/healthz/").status_code == 405
