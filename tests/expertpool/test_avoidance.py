"""Panel draws avoid (回避) the evaluated unit's experts however their employer was typed: by the
linked unit, by the normalised name (全角/半角, spaces, 括号 suffixes such as （本部）) and by
containment; similar names are not excluded but flagged for the secretariat. The employer is linked
to a member unit at qualification review, with suggestions by normalised name."""

import pytest

from expertpool import draws, services
from expertpool.actions import SELECTION
from expertpool.models import CandidateState, ExpertCandidate
from membership.models import ApplicationState, MemberUnit
from membership.names import Match, match, name_key
from tests.expertpool.conftest import ALL_PASS, profile
from tests.factories import user_with_role
from tests.factories.membership import ApplicationFactory

pytestmark = pytest.mark.django_db

EVALUATED = "北京市昌平职业学校"


def test_one_normalisation_for_names():
    assert name_key("北京市昌平职业学校（本部）") == name_key(" 北京市昌平职业学校 (本部)") == name_key(EVALUATED)
    assert name_key("ＡＢＣ职业学校") == name_key("abc 职业学校")
    assert match(EVALUATED, "北京市昌平职业学校汽修分校") == Match.CONTAINS
    assert match(EVALUATED, "北京市昌平职业技术学校") == Match.NEAR
    assert match("学校", "北京市昌平职业学校") is None  # too short to count as containment
    assert match(EVALUATED, "上海市工业技术学校") is None


@pytest.fixture
def evaluated(db):
    return ApplicationFactory(unit_data__name=EVALUATED, state=ApplicationState.CERTIFIED).unit


@pytest.fixture
def experts(cnc, secretariat, committee, evaluated, appoint):
    """Appointed CNC experts whose employers relate to the evaluated unit in every way."""
    employers = {
        "by_id": ("某集团有限公司", evaluated),  # linked at review; the typed name differs
        "by_name": ("北京市昌平职业学校（本部）", None),
        "by_width_and_space": ("北京市昌平职业学校 (本部)", None),
        "by_containment": ("北京市昌平职业学校汽修分校", None),
        "near": ("北京市昌平职业技术学校", None),
        "unrelated_1": ("某企业丁", None),
        "unrelated_2": ("某大学戊", None),
    }
    made = {}
    for index, (key, (employer, unit)) in enumerate(employers.items()):
        user = user_with_role(f"avoid_{index}", email=f"avoid{index}@example.org")
        candidate = services.apply(
            user=user,
            data=profile(name=f"回避{index}", email=f"avoid{index}@example.org", employer=employer),
            majors=[cnc],
        )
        candidate = services.review_qualification(
            candidate=candidate, by=secretariat, results=ALL_PASS, employer_unit=unit
        )
        for member in committee:
            SELECTION.cast(candidate, voter=member, choice="support")
        made[key] = SELECTION.close(candidate, by=secretariat)
        assert made[key].state == CandidateState.APPOINTED
    return made


def test_an_expert_of_the_evaluated_unit_is_never_drawn(experts, evaluated, cnc, secretariat):
    forbidden = {experts[k].pk for k in ("by_id", "by_name", "by_width_and_space", "by_containment")}
    assert ExpertCandidate.objects.get(pk=experts["by_id"].pk).employer_unit == evaluated
    drawn = set()
    for _ in range(45):
        draw = draws.draw_panel(major=cnc, size=2, purpose="示范校评审", evaluated_unit=evaluated, by=secretariat)
        assert not forbidden & set(draw.result_ids)
        assert not forbidden & set(draw.eligible_ids)
        drawn |= set(draw.result_ids)
    assert experts["near"].pk in draw.eligible_ids
    assert drawn  # the draws did draw someone


def test_avoided_names_typed_by_hand_match_the_same_way(experts, cnc, secretariat):
    draw = draws.draw_panel(
        major=cnc, size=1, purpose="评审", avoided_names=["北京市昌平职业学校(本部)"], by=secretariat
    )
    for key in ("by_name", "by_width_and_space", "by_containment"):
        assert experts[key].pk not in draw.eligible_ids, key


def test_near_matches_are_flagged_for_the_secretariat(client, experts, evaluated, cnc, secretariat):
    draw = draws.draw_panel(major=cnc, size=1, purpose="评审", evaluated_unit=evaluated, by=secretariat)
    flagged = {entry["expert"] for entry in draw.near_matches}
    assert experts["near"].pk in flagged
    assert not {experts["unrelated_1"].pk, experts["unrelated_2"].pk} & flagged
    # the replacement pool keeps the flag visible on the record's page when the expert is drawn
    draw.result_ids = [experts["near"].pk]
    draw.save(update_fields=["result_ids"])
    client.force_login(secretariat)
    html = client.get(f"/admin/experts/draws/inspect/{draw.pk}/").content.decode()
    assert "工作单位与回避单位名称相近" in html


def test_qualification_review_suggests_and_links_the_employer(client, cnc, secretariat, evaluated):
    user = user_with_role("link_me", email="link@example.org")
    candidate = services.apply(
        user=user, data=profile(email="link@example.org", employer="北京市昌平职业学校（本部）"), majors=[cnc]
    )
    client.force_login(secretariat)
    html = client.get(f"/admin/experts/candidates/inspect/{candidate.pk}/").content.decode()
    assert "按名称匹配的会员单位" in html and f"{EVALUATED}（名称相同）" in html
    assert f'<option value="{evaluated.pk}" selected>' in html  # the single same-name unit is preselected
    data = {f"pass_{i}": "on" for i in range(len(services.QUALIFICATION_ITEMS))}
    client.post(f"/admin/experts/candidates/{candidate.pk}/qualification/", {**data, "employer_unit": evaluated.pk})
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.IN_SELECTION and candidate.employer_unit == evaluated


def test_unit_lists_offer_units_on_record_not_abandoned_drafts(client, secretariat, draft, walk, applicant):
    """The draw form and the qualification checklist list units the alliance has dealt with; a unit
    that exists only through a withdrawn or unsubmitted draft is not offered."""
    from expertpool.forms import PanelDrawForm, QualificationForm
    from membership.models import ApplicationState, MembershipApplication

    certified = walk(draft, ApplicationState.CERTIFIED).unit
    abandoned = MemberUnit.objects.create(
        name="青岛市测试职业学校", unit_type="school", region="山东省", account=applicant
    )
    MembershipApplication.objects.create(unit=abandoned, applicant=applicant)  # a draft, never submitted
    for form in (PanelDrawForm(), QualificationForm()):
        for field in ("evaluated_unit", "avoided_units", "employer_unit"):
            if field in form.fields:
                offered = set(form.fields[field].queryset)
                assert certified in offered and abandoned not in offered, field
