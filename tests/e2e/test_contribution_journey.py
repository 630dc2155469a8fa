"""A member unit shares a resource, in a real browser: its contact, on a phone, contributes from the
member centre; the secretariat publishes it in the admin; the resource page names the contributor."""

import re

from tests.factories import PDF_BYTES

TITLE = "汽车发动机拆装实训指导书（浏览器测试）"
UNIT = "上海市工业技术学校"  # the demo's member account (membership/demo.py)


def test_a_member_contributes_on_a_phone_and_the_secretariat_publishes(open_session, tmp_path):
    member = open_session("member")
    page = member.page
    page.set_viewport_size({"width": 390, "height": 844})
    member.login("member")
    member.goto("/")
    page.get_by_role("link", name="个人中心").first.click()
    page.wait_for_url(re.compile(r".*/me/$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the member centre scrolls sideways"
    member.shot("member-centre")

    page.get_by_role("link", name="投稿教学资源").first.click()
    attachment = tmp_path / "实训指导书.pdf"
    attachment.write_bytes(PDF_BYTES)
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "发动机拆装十个实训项目，含评分表。")
    page.select_option("#id_major", index=1)
    page.select_option("#id_resource_type", value="training_guide")
    page.select_option("#id_visibility", value="public")
    page.select_option("#id_licence", value="cc_by_nc_4")
    page.set_input_files("#id_files", str(attachment))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the form scrolls sideways"
    member.shot("contribution-form")
    page.get_by_role("button", name="保存并提交审核").click()
    page.wait_for_url(re.compile(r".*/me/contributions/[0-9a-f-]+/$"))
    assert "已提交，待秘书处审核" in page.inner_text(".status-pill")
    member.shot("submitted")
    detail_url = page.url

    secretariat = open_session("secretariat")
    secretariat.login("secretariat", admin=True)
    admin = secretariat.page
    assert "待审核的资源投稿" in admin.inner_text("main")
    secretariat.shot("dashboard-queues")
    secretariat.goto("/admin/membercentre/contributions/?q=" + TITLE[:6])
    admin.get_by_role("link", name=TITLE).first.click()
    form = admin.locator("form[action$='/publish/']")
    assert "投稿单位（及评审专家）将在其办理进度页看到此意见" in form.inner_text()
    form.locator("textarea").fill("内容完整，同意发布。")
    secretariat.shot("before-publish")
    with admin.expect_navigation():
        form.locator("button[type=submit]").click()
    assert admin.locator("form[action$='/publish/']").count() == 0, "publish did not happen"
    secretariat.shot("published")

    page.goto(detail_url)
    assert "已发布" in page.inner_text(".status-pill")
    assert "内容完整，同意发布。" in page.inner_text("main")
    page.get_by_role("link", name=TITLE).first.click()
    facts = page.inner_text(".facts")
    assert UNIT in facts and "会员单位投稿" in facts
    assert "CC BY-NC 4.0" in facts
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the resource page scrolls sideways"
    member.shot("resource-page")

    visitor = open_session("visitor")
    visitor.goto(page.url.replace(member.base_url, ""))
    assert UNIT in visitor.page.inner_text(".facts")
    visitor.shot("resource-page-as-visitor")
