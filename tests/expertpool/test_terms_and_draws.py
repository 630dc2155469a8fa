import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from expertpool import draws, services
from expertpool.actions import SELECTION
from expertpool.models import CandidateState, ExpertCandidate, PanelDraw
from membership.models import ApplicationState
from tests.expertpool.conftest import profile
from tests.factories import user_with_role
from tests.factories.membership import ApplicationFactory
from workflows.actions import run

pytestmark = pytest.mark.django_db
S = CandidateState


def test_term_expiry_reminders_and_renewal(
    submitted_candidate, appoint, secretariat, committee, django_capture_on_commit_callbacks
):
    appointed = appoint(submitted_candidate)
    first_letter = appointed.letter
    end = appointed.term_end

    def reminders_to_expert_after(days_before: int) -> list[str]:
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.expire_terms(today=end - datetime.timedelta(days=days_before))
        return [m.subject for m in mail.outbox if appointed.email in m.to]

    assert reminders_to_expert_after(61) == []
    assert len(reminders_to_expert_after(59)) == 1
    assert reminders_to_expert_after(58) == []  # once only
    assert "（30 天后）" in reminders_to_expert_after(30)[0]
    assert reminders_to_expert_after(0) == []  # the last day still belongs to the term
    assert ExpertCandidate.objects.get(pk=appointed.pk).state == S.APPOINTED
    services.expire_terms(today=end + datetime.timedelta(days=1))
    expired = ExpertCandidate.objects.get(pk=appointed.pk)
    assert expired.state == S.EXPIRED
    assert first_letter.status_on(end + datetime.timedelta(days=1)) == "expired"

    # Renewal is a new selection: a new 3-year term and a new letter; the old one stays on record.
    renewal = run(expired, "start_reselection", by=secretariat)
    for member in committee:
        SELECTION.cast(renewal, voter=member, choice="support")
    renewed = SELECTION.close(renewal, by=secretariat)
    assert renewed.state == S.APPOINTED
    assert renewed.letter.number != first_letter.number


def test_expire_command_runs_daily(submitted_candidate, appoint):
    appointed = appoint(submitted_candidate)
    ExpertCandidate.objects.filter(pk=appointed.pk).update(term_end=timezone.localdate() - datetime.timedelta(days=1))
    call_command("expire_terms")
    assert ExpertCandidate.objects.get(pk=appointed.pk).state == S.EXPIRED


def test_a_term_found_late_gets_one_reminder(submitted_candidate, appoint):
    appointed = appoint(submitted_candidate)
    services.expire_terms(today=appointed.term_end - datetime.timedelta(days=10))
    assert ExpertCandidate.objects.get(pk=appointed.pk).reminders_sent == [30, 60]


# --- panel draws -----------------------------------------------------------------------------------
@pytest.fixture
def pool(cnc, secretariat, committee):
    """Six appointed CNC experts: two from an avoided unit, one from the unit under evaluation."""
    units = {
        name: ApplicationFactory(unit_data__name=name, state=ApplicationState.CERTIFIED).unit
        for name in ("上海市工业技术学校", "北京市昌平职业学校", "杭州市中策职业学校")
    }
    employers = ["上海市工业技术学校", "上海市工业技术学校", "北京市昌平职业学校", "某大学甲", "某大学乙", "某企业丙"]
    created = []
    for index, employer in enumerate(employers):
        user = user_with_role(f"pool_{index}")
        candidate = services.apply(
            user=user,
            data=profile(
                name=f"专家{index}",
                email=f"pool{index}@example.org",
                employer=employer,
                employer_unit=units.get(employer),
            ),
            majors=[cnc],
        )
        candidate = services.review_qualification(
            candidate=candidate, by=secretariat, results=dict.fromkeys(services.QUALIFICATION_ITEMS, (True, ""))
        )
        for member in committee:
            SELECTION.cast(candidate, voter=member, choice="support")
        created.append(SELECTION.close(candidate, by=secretariat))
    return {"experts": created, "units": units}


def test_no_avoided_units_expert_is_ever_drawn(pool, cnc, secretariat):
    avoided = pool["units"]["上海市工业技术学校"]
    evaluated = pool["units"]["北京市昌平职业学校"]
    forbidden = {e.pk for e in ExpertCandidate.objects.filter(employer_unit__in=[avoided, evaluated])}
    assert forbidden
    for _ in range(40):
        draw = draws.draw_panel(
            major=cnc, size=2, purpose="评审", evaluated_unit=evaluated, avoided_units=[avoided], by=secretariat
        )
        assert not forbidden & set(draw.result_ids)
        assert not forbidden & set(draw.eligible_ids)


def test_avoidance_by_name_for_units_that_are_not_members(pool, cnc, secretariat):
    draw = draws.draw_panel(major=cnc, size=1, purpose="评审", avoided_names=["某大学甲"], by=secretariat)
    names = set(ExpertCandidate.objects.filter(pk__in=draw.eligible_ids).values_list("employer", flat=True))
    assert "某大学甲" not in names


def test_a_draw_reverifies_and_a_tampered_record_does_not(pool, cnc, secretariat):
    draw = draws.draw_panel(major=cnc, size=3, purpose="评审", by=secretariat)
    assert draws.verify(PanelDraw.objects.get(pk=draw.pk))
    draw.result_ids = [*draw.result_ids[1:], draw.result_ids[0]]  # the same people, another order
    assert not draws.verify(draw)


def test_a_declined_expert_is_replaced_by_a_recorded_redraw(pool, cnc, secretariat):
    draw = draws.draw_panel(major=cnc, size=2, purpose="评审", by=secretariat)
    declined = draw.result_ids[0]
    draw = draws.replace_declined(draw=draw, declined_id=declined, by=secretariat, reason="出差")
    replacement = draw.replacements[0]["replacement"]
    assert replacement not in draw.result_ids and declined not in draw.current_panel_ids
    assert replacement in draw.current_panel_ids and len(draw.current_panel_ids) == 2
    assert draws.verify(PanelDraw.objects.get(pk=draw.pk))
    with pytest.raises(ValidationError):
        draws.replace_declined(draw=draw, declined_id=declined, by=secretariat, reason="again")


def test_a_pool_too_small_says_so(pool, cnc, secretariat):
    with pytest.raises(ValidationError) as error:
        draws.draw_panel(major=cnc, size=99, purpose="评审", by=secretariat)
    assert "少于抽取人数 99 位" in error.value.messages[0]


def test_draws_in_the_admin(client, pool, cnc, secretariat, editor):
    client.force_login(secretariat)
    response = client.post("/admin/experts/draws/draw/", {"purpose": "示范专业评审", "major": cnc.pk, "panel_size": 2})
    draw = PanelDraw.objects.get(purpose="示范专业评审")
    assert response.status_code == 302
    html = client.get(f"/admin/experts/draws/inspect/{draw.pk}/").content.decode()
    assert "结果一致" in html and draw.seed in html
    response = client.post("/admin/experts/draws/draw/", {"purpose": "太多", "major": cnc.pk, "panel_size": 50})
    assert "少于抽取人数 50 位" in response.content.decode()
    client.force_login(editor)
    assert client.post(
        "/admin/experts/draws/draw/", {"purpose": "x", "major": cnc.pk, "panel_size": 1}
    ).status_code in (302, 403)


def test_a_reselection_counts_only_its_own_round(submitted_candidate, appoint, committee, secretariat):
    """The committee's votes from the first selection are not votes in the renewal: with nobody
    voting again, the renewal has no votes and fails; a new round of support passes it."""
    appointed = appoint(submitted_candidate)
    assert SELECTION.votes(appointed).count() == len(committee)  # the first round, all in favour
    ExpertCandidate.objects.filter(pk=appointed.pk).update(term_end=timezone.localdate() - datetime.timedelta(days=1))
    services.expire_terms()
    renewal = run(ExpertCandidate.objects.get(pk=appointed.pk), "start_reselection", by=secretariat)
    assert SELECTION.votes(renewal).count() == 0
    assert SELECTION.tally(renewal).support == 0
    assert SELECTION.close(renewal, by=secretariat).state == S.REJECTED
