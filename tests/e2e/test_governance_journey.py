"""The members amend their charter, in a real browser: the secretariat drafts a charter amendment in
the admin and opens it for consultation; a member comments; the secretariat finalises it and puts it
to the plenary (a secret ballot); the member votes; the secretariat closes the ballot and puts the
amendment in force; anyone then reads the new version, its date and its motion on the charter page.

The demo has one member unit whose contact can log in, so the administrator first sets the plenary's
quorum and threshold (the administrator's settings, *议事规则*) so that one unit's vote decides this small assembly."""

import datetime
import re

TITLE = "关于修改条例第一条的议案（浏览器测试）"
NEW_TEXT = "# 第一章 总则\n第一条 本会名称为全国中等职业教育合作发展联席会（浏览器测试修订）。\n第二条 本会是非营利性的合作组织。"


def press(session, action: str):
    page = session.page
    form = page.locator(f"form[action$='/{action}/']")
    session.shot(f"before-{action}")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator(f"form[action$='/{action}/']").count() == 0, f"{action} did not happen"
    session.shot(f"after-{action}")


def open_motion_in_admin(session):
    session.goto("/admin/governance/motions/?q=" + "浏览器测试")
    session.page.get_by_role("link", name=TITLE).first.click()  # the details form, while editable
    session.page.wait_for_url(re.compile(r".*/admin/governance/motions/(edit|inspect)/\d+/$"))
    if "/edit/" in session.page.url:
        session.page.goto(session.page.url.replace("/edit/", "/inspect/"))


def test_a_charter_amendment_from_draft_to_the_charter_page(open_session):
    administrator = open_session("admin")
    administrator.login("admin", admin=True)
    administrator.goto("/admin/settings/governance/governancesettings/")
    administrator.page.fill("#id_plenary_quorum_percent", "0")
    administrator.page.fill("#id_plenary_pass_percent", "0")
    administrator.shot("rules")
    with administrator.page.expect_navigation():
        administrator.page.locator("button[type=submit]").filter(has_text="保存").first.click()

    secretariat = open_session("secretariat")
    secretariat.login("secretariat", admin=True)
    page = secretariat.page

    secretariat.goto("/admin/governance/motions/new/")
    page.fill("#id_title", TITLE)
    page.select_option("#id_motion_type", "charter_amendment")
    page.select_option("#id_body", "plenary")
    page.fill("#id_text", NEW_TEXT)
    ends = datetime.date.today() + datetime.timedelta(days=14)
    page.fill("#id_consultation_ends_on", ends.isoformat())
    page.keyboard.press("Escape")
    secretariat.shot("draft")
    with page.expect_navigation():
        page.get_by_role("button", name="创建").click()
    open_motion_in_admin(secretariat)
    press(secretariat, "start_consultation")

    member = open_session("member")
    member.login("member")
    member.page.set_viewport_size({"width": 390, "height": 844})  # a phone
    member.goto("/governance/")
    member.shot("landing")
    member.page.get_by_role("link", name=TITLE).first.click()
    member.page.fill("#id_text", "建议保留原名称的英文译名。")
    with member.page.expect_navigation():
        member.page.get_by_role("button", name="提交意见").click()
    assert "建议保留原名称的英文译名。" in member.page.inner_text("main")
    member.shot("commented")

    open_motion_in_admin(secretariat)
    assert "建议保留原名称的英文译名。" in page.inner_text("main")
    press(secretariat, "finalise")
    page.check("input[name=secret]")
    closes = datetime.datetime.now() + datetime.timedelta(days=3)
    page.fill("#closes-at", closes.strftime("%Y-%m-%dT%H:%M"))
    with page.expect_navigation():
        page.get_by_role("button", name="开始投票并通知有表决权的单位").click()
    assert "投票已开始" in page.inner_text("body")
    secretariat.shot("ballot-open")

    member.goto("/governance/")
    member.page.locator("#my-ballots").get_by_role("link", name=TITLE).click()
    member.page.get_by_label("赞成").check()
    with member.page.expect_navigation():
        member.page.get_by_role("button", name="投票").click()
    assert "贵单位已投票" in member.page.inner_text("main")
    member.shot("voted")

    open_motion_in_admin(secretariat)
    page.get_by_role("link", name=TITLE).last.click()  # the ballot, linked from the motion
    page.wait_for_url(re.compile(r".*/admin/governance/ballots/inspect/\d+/$"))
    assert "无记名投票" in page.inner_text("main")
    press(secretariat, "close")
    open_motion_in_admin(secretariat)
    assert "已通过" in page.inner_text("main")
    press(secretariat, "put_in_force")

    visitor = open_session("visitor")
    visitor.goto("/charter/")
    text = visitor.page.inner_text("main")
    assert "浏览器测试修订" in text
    assert "第 2 版" in text and TITLE in text
    visitor.shot("charter-in-force")
    visitor.page.get_by_role("link", name="条例版本").click()
    assert "第 1 版" in visitor.page.inner_text("main")
    visitor.shot("charter-versions")
