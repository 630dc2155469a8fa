"""News goes through moderation, in a real browser: an editor writes an article and submits it; it
is not public yet; a moderator approves it; a visitor (who had the news list cached) sees it."""

from playwright.sync_api import expect

TITLE = "联席会召开2026年度职业教育产教融合研讨会"
BODY = "来自各成员学校和企业的代表参加了研讨会。"


def test_editor_submits_moderator_publishes_visitor_sees(open_session):
    visitor = open_session("visitor")
    visitor.goto("/news/")
    visitor.goto("/news/")  # now served from the anonymous page cache
    assert TITLE not in visitor.page.inner_text("main")

    editor = open_session("editor")
    editor.login("editor", admin=True)
    page = editor.page
    editor.goto("/admin/pages/")
    # into the Chinese home page (the English one, a translation, stands beside it)
    page.get_by_role("link", name="查看'全国中等职业教育合作发展联席会'的子页面").click()
    page.get_by_role("link", name="查看'新闻动态'的子页面").click()
    page.get_by_role("link", name="添加子页面").first.click()
    page.wait_for_load_state()
    page.fill("#id_title", TITLE)
    page.locator("#id_title").blur()  # the slug follows the title when the title field is left
    page.get_by_role("tab", name="推荐").click()
    expect(page.locator("#id_slug")).not_to_have_value("")
    page.get_by_role("tab", name="内容").click()
    page.select_option("#id_category", index=1)
    page.fill("#id_summary", "研讨会围绕产教融合、校企合作和专业建设展开交流。")
    page.locator(".c-sf-add-button").first.click()
    page.get_by_role("option", name="正文").first.click()
    body = page.locator(".public-DraftEditor-content").first
    body.click()
    page.keyboard.type(BODY)
    expect(body).to_contain_text(BODY)
    page.locator("#id_summary").click()  # leave the editor: it writes its content into the form
    expect(page.locator(f"input[type=hidden][value*='{BODY[:8]}']")).to_have_count(1)
    editor.shot("writing")
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    with page.expect_navigation():
        page.locator("button[name='action-submit']").click()
    editor.shot("submitted")
    messages = page.locator(".messages").inner_text()
    errors = page.locator(".error-message, .w-field__errors").all_inner_texts()
    assert "已创建并提交审核" in messages, f"{messages} {errors}"

    visitor.goto("/news/")
    assert TITLE not in visitor.page.inner_text("main")

    moderator = open_session("moderator")
    moderator.login("moderator", admin=True)
    moderator.goto("/admin/")
    moderator.shot("dashboard")
    row = moderator.page.locator("tr", has_text=TITLE).first
    row.locator("[data-w-dropdown-target='toggle']").click()
    moderator.shot("review-actions")
    with moderator.page.expect_navigation():
        row.get_by_role("button", name="批准").first.click()
    moderator.shot("approved")

    visitor.goto("/news/")
    assert TITLE in visitor.page.inner_text("main")
    visitor.page.get_by_role("link", name=TITLE).first.click()
    assert visitor.page.locator("h1").inner_text() == TITLE
    visitor.shot("published")
