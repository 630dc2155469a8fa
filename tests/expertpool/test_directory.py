import pytest

from core.models import Major
from expertpool.models import CandidateState, ExpertCandidate
from tests.factories.expertpool import CandidateFactory

pytestmark = pytest.mark.django_db

S = CandidateState


@pytest.fixture(autouse=True)
def experts(db):
    """Appointed experts of several majors and titles, and candidates who are not (yet) appointed."""
    for name, title, major, state in [
        ("王建国", "senior", "数控技术应用", S.APPOINTED),
        ("张华", "industry", "数控技术应用", S.APPOINTED),
        ("周丽", "senior", "幼儿保育", S.APPOINTED),
        ("赵敏", "senior", "电子商务", S.APPOINTED),
        ("孙悦", "intermediate", "电子商务", S.IN_SELECTION),
        ("林晓", "senior", "护理", S.SUBMITTED),
        ("郑伟", "senior", "数控技术应用", S.EXPIRED),
        ("吴芳", "intermediate", "会计事务", S.REJECTED),
    ]:
        CandidateFactory(
            data__name=name,
            data__title=title,
            data__keywords=major,
            majors=[Major.objects.get(name=major)],
            state=state,
        )


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
    assert appointed.count() == 4 and all(f"<h3>{e.name}</h3>" in html for e in appointed)
    for expert in ExpertCandidate.objects.all():
        assert expert.email not in html and expert.phone not in html


def test_directory_filters(client, member):
    client.force_login(member)
    nursing = Major.objects.get(name="幼儿保育")
    html = expert_list(client, f"?major={nursing.pk}")
    assert "<h3>周丽</h3>" in html and "<h3>王建国</h3>" not in html
    assert "<h3>赵敏</h3>" in expert_list(client, "?q=电子商务")
    assert "<h3>王建国</h3>" not in expert_list(client, "?title=industry")
    assert client.get("/experts/?major=abc&title=<x>&region=nowhere").status_code == 200
