import pytest

from expertpool.models import CandidateState, ExpertCandidate

pytestmark = pytest.mark.django_db


def expert_list(client, query="") -> str:
    return client.get(f"/experts/{query}").content.decode().split('id="expert-list"')[1]


def test_directory_is_for_members(client, outsider, member):
    anonymous = client.get("/experts/")
    assert anonymous.status_code == 403 and "/accounts/login/?next=/experts/" in anonymous.content.decode()
    client.force_login(outsider)
    assert client.get("/experts/").status_code == 403
    client.force_login(member)
    assert client.get("/experts/").status_code == 200


def test_directory_shows_appointed_experts_and_no_private_fields(client, member):
    client.force_login(member)
    html = expert_list(client)
    for expert in ExpertCandidate.objects.exclude(state=CandidateState.APPOINTED):
        assert f"<h3>{expert.name}</h3>" not in html
    appointed = ExpertCandidate.objects.filter(state=CandidateState.APPOINTED)
    assert all(f"<h3>{e.name}</h3>" in html for e in appointed)
    assert "@example.org" not in html and "010-00000000" not in html


def test_directory_filters(client, member):
    from core.models import Major

    client.force_login(member)
    nursing = Major.objects.get(name="幼儿保育")
    html = expert_list(client, f"?major={nursing.pk}")
    assert "<h3>周丽</h3>" in html and "<h3>王建国</h3>" not in html
    assert "<h3>赵敏</h3>" in expert_list(client, "?q=电子商务")
    assert "<h3>王建国</h3>" not in expert_list(client, "?title=industry")
    assert client.get("/experts/?major=abc&title=<x>&region=nowhere").status_code == 200
