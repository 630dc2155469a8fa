"""Login throttling with a cool-off, and no user enumeration, on the site and in the admin."""

import pytest

from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

PASSWORD = "pw-not-used"  # tests.factories sets this password


@pytest.fixture
def person(db):
    return user_with_role("throttled_person")


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_five_failures_lock_the_username_for_a_while(client, person, url):
    for _ in range(4):
        response = client.post(url, {"username": person.username, "password": "wrong"})
        assert response.status_code == 200
    assert client.post(url, {"username": person.username, "password": "wrong"}).status_code == 429  # the 5th
    response = client.post(url, {"username": person.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_other_accounts_are_not_locked_out_by_someone_elses_failures(client, person):
    other = user_with_role("unrelated_person")
    for _ in range(5):
        client.post("/accounts/login/", {"username": person.username, "password": "wrong"})
    response = client.post("/accounts/login/", {"username": other.username, "password": PASSWORD})
    assert response.status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, person):
    for _ in range(4):
        client.post("/accounts/login/", {"username": person.username, "password": "wrong"})
    assert client.post("/accounts/login/", {"username": person.username, "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(4):
        client.post("/accounts/login/", {"username": person.username, "password": "wrong"})
    assert client.post("/accounts/login/", {"username": person.username, "password": PASSWORD}).status_code == 302


def test_wrong_password_and_unknown_user_look_the_same(client, person):
    known = client.post("/accounts/login/", {"username": person.username, "password": "wrong"}).content.decode()
    unknown = client.post("/accounts/login/", {"username": "nobody-here", "password": "wrong"}).content.decode()
    assert "用户名或密码不正确" in known and "用户名或密码不正确" in unknown
    assert known.replace(person.username, "").count("error") == unknown.replace("nobody-here", "").count("error")
