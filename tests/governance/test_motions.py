"""Motions: only the secretariat drafts and moves them; consultation with comments and answers;
versions and their comparison; results published to members and adopted motions publicly; an adopted
charter amendment becomes the charter in force on the CMS page."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from governance import charter, services
from governance.models import CharterVersion, GovernanceSettings, Motion, MotionState, MotionType
from tests.factories import user_with_role
from tests.governance.factories import in_a_week, member_unit, motion
from workflows.actions import TransitionRefused, run

pytestmark = pytest.mark.django_db


def test_only_the_secretariat_drafts_and_moves_motions(gov_secretariat):
    unit = member_unit()
    with pytest.raises(PermissionDenied):
        services.motion_create(by=unit.account, title="x", motion_type="other", body="plenary", text="x")
    m = motion(gov_secretariat)
    with pytest.raises(PermissionDenied):
        run(m, "start_consultation", by=unit.account)
    run(m, "start_consultation", by=gov_secretariat)


def test_a_charter_amendment_cannot_skip_consultation(gov_secretariat):
    m = motion(gov_secretariat, motion_type=MotionType.CHARTER_AMENDMENT)
    with pytest.raises(TransitionRefused, match="征求意见"):
        run(m, "finalise", by=gov_secretariat)
    m = run(m, "start_consultation", by=gov_secretariat)
    run(m, "finalise", by=gov_secretariat)


def test_consultation_comments_and_answers(gov_secretariat, client, django_capture_on_commit_callbacks):
    unit, outsider = member_unit("提意见的学校"), user_with_role("gov_outsider")
    m = run(motion(gov_secretariat), "start_consultation", by=gov_secretariat)
    url = reverse("governance:motion", args=[m.public_id])
    client.force_login(unit.account)
    response = client.post(url, {"text": ""})
    assert 'class="field has-error"' in response.content.decode() and not m.comments.exists()
    client.post(url, {"text": "建议增加一条。"})
    comment = m.comments.get()
    assert comment.unit == unit
    with pytest.raises(PermissionDenied):
        services.comment_create(motion=m, user=outsider, text="路人意见")
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_reply(comment=comment, by=gov_secretariat, text="已采纳。")
    assert any(unit.account.email in message.to for message in mail.outbox)
    page = client.get(url).content.decode()
    assert "建议增加一条。" in page and "已采纳。" in page
    Motion.objects.filter(pk=m.pk).update(consultation_ends_on=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(TransitionRefused):
        services.comment_create(motion=Motion.objects.get(pk=m.pk), user=unit.account, text="晚了")


def test_versions_are_kept_and_compared(gov_secretariat, client):
    unit = member_unit()
    m = motion(gov_secretariat, text="第一条 原文。\n第二条 不变。")
    services.motion_revise(motion=m, by=gov_secretariat, note="修改第一条", text="第一条 新文。\n第二条 不变。")
    assert list(m.versions.values_list("number", flat=True)) == [1, 2]
    run(Motion.objects.get(pk=m.pk), "start_consultation", by=gov_secretariat)
    client.force_login(unit.account)
    page = client.get(reverse("governance:motion_diff", args=[m.public_id])).content.decode()
    assert "<del>原</del>" in page and "<ins>新</ins>" in page and "第二条 不变" not in page
    bad = client.get(reverse("governance:motion_diff", args=[m.public_id]) + "?from=abc")
    assert bad.status_code == 200 and "from" in bad.content.decode()
    assert client.get(reverse("governance:motion_diff", args=[m.public_id]) + "?from=7").status_code == 200


def test_a_motion_put_to_the_vote_is_frozen(gov_secretariat):
    member_unit()
    m = motion(gov_secretariat)
    m = run(m, "finalise", by=gov_secretariat)
    services.open_motion_ballot(motion=m, by=gov_secretariat, secret=False, closes_at=in_a_week())
    with pytest.raises(TransitionRefused):
        services.motion_revise(motion=m, by=gov_secretariat, text="偷偷改")
    with pytest.raises(Exception):  # noqa: B017 — a closing time in the past is refused
        services.open_motion_ballot(
            motion=m, by=gov_secretariat, secret=False, closes_at=timezone.now() - datetime.timedelta(hours=1)
        )


def test_who_sees_which_motion(gov_secretariat, client):
    unit = member_unit()
    draft = motion(gov_secretariat)
    consultation = run(motion(gov_secretariat), "start_consultation", by=gov_secretariat)
    adopted = run(motion(gov_secretariat), "finalise", by=gov_secretariat)
    ballot = services.open_motion_ballot(motion=adopted, by=gov_secretariat, secret=True, closes_at=in_a_week())
    services.cast(ballot=ballot, user=unit.account, choice="support")
    services.close_ballot(ballot=ballot, by=gov_secretariat)
    adopted = Motion.objects.get(pk=adopted.pk)
    assert adopted.state == MotionState.PASSED

    def status(m):
        return client.get(reverse("governance:motion", args=[m.public_id])).status_code

    assert [status(m) for m in (draft, consultation, adopted)] == [404, 404, 200]  # the public
    assert "赞成 1" in client.get(reverse("governance:motion", args=[adopted.public_id])).content.decode()
    client.force_login(unit.account)
    assert [status(m) for m in (draft, consultation, adopted)] == [404, 200, 200]
    page = client.get(reverse("governance:ballot", args=[ballot.public_id])).content.decode()
    assert "通过" in page


@pytest.fixture
def charter_page(db):
    from wagtail.models import Site

    from home.models import StandardPage

    home = Site.objects.get(is_default_site=True).root_page  # whatever migrations (or a demo) left there
    page = home.add_child(instance=StandardPage(title="联席会条例", slug="gov-charter", body=[]))
    settings = GovernanceSettings.load()
    settings.charter_page = page
    settings.save()
    CharterVersion.objects.create(
        number=1, text="# 第一章 总则\n第一条 旧条文。", in_force_from=datetime.date(2024, 1, 1)
    )
    return page


def test_an_adopted_charter_amendment_is_published_as_the_charter_in_force(gov_secretariat, charter_page, client):
    unit = member_unit()
    m = motion(gov_secretariat, motion_type=MotionType.CHARTER_AMENDMENT, text="# 第一章 总则\n第一条 新条文。")
    m = run(m, "start_consultation", by=gov_secretariat)
    m = run(m, "finalise", by=gov_secretariat)
    ballot = services.open_motion_ballot(motion=m, by=gov_secretariat, secret=False, closes_at=in_a_week())
    services.cast(ballot=ballot, user=unit.account, choice="support")
    services.close_ballot(ballot=ballot, by=gov_secretariat)
    with pytest.raises(PermissionDenied):
        run(Motion.objects.get(pk=m.pk), "put_in_force", by=unit.account)
    run(Motion.objects.get(pk=m.pk), "put_in_force", by=gov_secretariat)
    version = charter.in_force()
    assert (version.number, version.motion_id) == (2, m.pk)
    page = client.get(charter_page.specific.url).content.decode()
    assert "第一条 新条文。" in page and "旧条文" not in page
    assert "第 2 版" in page and m.title in page
    versions = client.get(reverse("governance:charter")).content.decode()
    assert "第 1 版" in versions and "第 2 版" in versions
    diff = client.get(reverse("governance:charter_diff")).content.decode()
    assert "<del>旧</del>" in diff and "<ins>新</ins>" in diff
    assert charter_page.revisions.count() >= 1


def test_only_charter_amendments_are_put_in_force(gov_secretariat):
    unit = member_unit()
    m = run(motion(gov_secretariat), "finalise", by=gov_secretariat)
    ballot = services.open_motion_ballot(motion=m, by=gov_secretariat, secret=False, closes_at=in_a_week())
    services.cast(ballot=ballot, user=unit.account, choice="support")
    services.close_ballot(ballot=ballot, by=gov_secretariat)
    with pytest.raises(TransitionRefused):
        run(Motion.objects.get(pk=m.pk), "put_in_force", by=gov_secretariat)


def test_a_charter_amendment_reads_as_the_charter_does_not_as_markup(gov_secretariat, client):
    """The amendment's text is the charter's Markdown-ish source; members read chapters as headings
    and articles in bold, never '#' or '**', and nothing in it is taken as HTML."""
    unit = member_unit()
    text = (
        "# 第一章 总 则\n\n#### **第一条** 名称\n**第二条** 本会名称为联席会。<script>alert(1)</script>\n第三条 ..... 3"
    )
    m = motion(gov_secretariat, motion_type=MotionType.CHARTER_AMENDMENT, text=text)
    m = run(m, "start_consultation", by=gov_secretariat)
    client.force_login(unit.account)
    page = client.get(reverse("governance:motion", args=[m.public_id])).content.decode()
    assert "<h3>第一章 总 则</h3>" in page and "<h4>第一条 名称</h4>" in page
    assert "<p><b>第二条</b> 本会名称为联席会。&lt;script&gt;alert(1)&lt;/script&gt;</p>" in page
    assert "# 第一章" not in page and "**" not in page and "<script>alert" not in page
