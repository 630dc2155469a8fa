"""The admin: registrations per event (list, inspect with the transition buttons, XLSX export of the
registration and attendance lists), competition entries and their awards."""

import io

import openpyxl
import pytest
from django.urls import reverse

from core import roles
from events import services
from events.models import CompetitionEntry, RegistrationState
from tests.events.factories import EventPageFactory, UserFactory, answers

pytestmark = pytest.mark.django_db

HEADINGS = [
    "活动",
    "姓名",
    "工作单位",
    "职务/职称",
    "手机号码",
    "饮食要求",
    "状态",
    "会员单位",
    "报名时间",
    "确认名额时间",
    "签到时间",
    "取消时间",
]


def xlsx(response) -> list[list]:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(raw)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def filled_event(door_staff):
    event = EventPageFactory(capacity=2, ask_dietary=True)
    people = [UserFactory() for _ in range(3)]
    made = [
        services.register(event=event, user=user, answers=answers(name=f"导出{n}", dietary="清真" if n == 0 else ""))
        for n, user in enumerate(people)
    ]
    services.check_in(registration=made[0], by=door_staff)
    return event, made


def test_the_registration_list_of_one_event_exports_to_xlsx(client, door_staff, filled_event):
    event, made = filled_event
    other = EventPageFactory(title="另一个活动")
    services.register(event=other, user=UserFactory(), answers=answers(name="别的活动的人"))
    client.force_login(door_staff)
    response = client.get(reverse("events_registrations:index"), {"event": event.pk, "export": "xlsx"})
    assert response.status_code == 200
    rows = xlsx(response)
    assert rows[0] == HEADINGS
    names = {row[1]: row for row in rows[1:]}
    assert set(names) == {"导出0", "导出1", "导出2"}
    assert names["导出0"][6] == "已签到" and names["导出0"][5] == "清真"
    assert names["导出2"][6] == "候补中"
    assert names["导出0"][0] == event.title


def test_the_attendance_list_is_the_export_filtered_by_checked_in(client, door_staff, filled_event):
    event, _ = filled_event
    client.force_login(door_staff)
    response = client.get(
        reverse("events_registrations:index"),
        {"event": event.pk, "state": RegistrationState.ATTENDED, "export": "xlsx"},
    )
    rows = xlsx(response)
    assert [row[1] for row in rows[1:]] == ["导出0"]


def test_the_secretariat_inspects_a_registration_and_may_check_in_or_cancel(client, door_staff, filled_event):
    _, made = filled_event
    client.force_login(door_staff)
    page = client.get(reverse("events_registrations:inspect", args=[made[1].pk])).content.decode()
    assert "导出1" in page and "签到" in page and "撤销报名" in page
    response = client.post(
        reverse("events_registrations:transition", args=[made[1].pk, "withdraw_by_staff"]), {"comment": "重复报名"}
    )
    assert response.status_code == 302
    made[1].refresh_from_db(), made[2].refresh_from_db()
    assert made[1].state == RegistrationState.CANCELLED
    assert made[2].state == RegistrationState.REGISTERED  # the waiting person took the seat


def test_staff_cancelling_needs_a_reason(client, door_staff, filled_event):
    _, made = filled_event
    client.force_login(door_staff)
    client.post(reverse("events_registrations:transition", args=[made[1].pk, "withdraw_by_staff"]), {"comment": ""})
    made[1].refresh_from_db()
    assert made[1].state == RegistrationState.REGISTERED


def test_the_registrant_cancel_is_not_an_admin_button(client, door_staff, filled_event):
    _, made = filled_event
    client.force_login(door_staff)
    client.post(reverse("events_registrations:transition", args=[made[1].pk, "cancel"]))
    made[1].refresh_from_db()
    assert made[1].state == RegistrationState.REGISTERED


@pytest.mark.parametrize("code", [roles.EDITORS, roles.COUNCIL, roles.MODERATORS])
def test_other_staff_do_not_see_registrations(client, code, filled_event):
    _, made = filled_event
    client.force_login(UserFactory(roles=[code]))
    assert client.get(reverse("events_registrations:index")).status_code in (302, 403)
    assert client.get(reverse("events_registrations:inspect", args=[made[0].pk])).status_code in (302, 403)


# --- competitions -------------------------------------------------------------------------------------
@pytest.fixture
def competition(db):
    import datetime

    from django.utils import timezone

    return EventPageFactory(
        event_type="competition",
        takes_registrations=False,
        entry_deadline=timezone.now() + datetime.timedelta(days=5),
    )


def test_a_member_school_enters_a_team(client, competition):
    from tests.events.factories import MemberUnitFactory

    unit = MemberUnitFactory()
    client.force_login(unit.account)
    url = reverse("events:enter_competition", args=[competition.pk])
    assert unit.name in client.get(url).content.decode()
    response = client.post(url, {"team_name": "智造先锋", "students": "李明\n\n王磊\n", "instructor": "陈老师"})
    assert response.status_code == 302
    entry = CompetitionEntry.objects.get(event=competition)
    assert entry.unit == unit and entry.student_list() == ["李明", "王磊"]
    assert "智造先锋" in client.get(reverse("events:my_registrations")).content.decode()


def test_only_member_schools_enter(client, competition):
    from tests.events.factories import MemberUnitFactory

    enterprise = MemberUnitFactory(unit_type="enterprise")
    former = MemberUnitFactory(active=False)
    for user in (UserFactory(), enterprise.account, former.account):
        client.force_login(user)
        response = client.post(
            reverse("events:enter_competition", args=[competition.pk]),
            {"team_name": "无权队", "students": "某某", "instructor": "某老师"},
        )
        assert response.status_code == 400
        assert "只有在册会员学校的联系人账号可以报名参赛" in response.content.decode()
    assert not CompetitionEntry.objects.filter(event=competition).exists()


def test_no_entries_after_the_deadline_and_no_twin_team_names(client, competition):
    import datetime

    from django.utils import timezone

    from tests.events.factories import MemberUnitFactory

    unit = MemberUnitFactory()
    client.force_login(unit.account)
    url = reverse("events:enter_competition", args=[competition.pk])
    client.post(url, {"team_name": "同名队", "students": "甲", "instructor": "乙"})
    response = client.post(url, {"team_name": "同名队", "students": "丙", "instructor": "丁"})
    assert "已有同名队伍" in response.content.decode()
    type(competition).objects.filter(pk=competition.pk).update(entry_deadline=timezone.now() - datetime.timedelta(1))
    response = client.post(url, {"team_name": "迟到队", "students": "甲", "instructor": "乙"})
    assert response.status_code == 400 and "参赛报名已于" in response.content.decode()
    assert CompetitionEntry.objects.filter(event=competition).count() == 1


def test_results_appear_on_the_event_page_once_published(client, competition, door_staff):
    from tests.events.factories import MemberUnitFactory

    first = CompetitionEntry.objects.create(
        event=competition,
        unit=MemberUnitFactory(),
        submitted_by=UserFactory(),
        team_name="金牌队",
        students="甲",
        instructor="乙",
    )
    CompetitionEntry.objects.create(
        event=competition,
        unit=MemberUnitFactory(),
        submitted_by=UserFactory(),
        team_name="银牌队",
        students="丙",
        instructor="丁",
    )
    client.force_login(door_staff)
    response = client.post(reverse("events_entries:edit", args=[first.pk]), {"award": "first", "score": "96.5"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.award == "first"
    client.logout()
    assert "金牌队" not in client.get(competition.url).content.decode()
    competition.results_published = True
    competition.save_revision().publish()
    page = client.get(competition.url).content.decode()
    assert "比赛结果" in page and "金牌队" in page and "一等奖" in page
    assert "银牌队" not in page  # no award, not listed


def test_entries_are_not_added_or_deleted_in_the_admin(client, door_staff, competition):
    client.force_login(door_staff)
    assert client.get(reverse("events_entries:add")).status_code in (302, 403)
