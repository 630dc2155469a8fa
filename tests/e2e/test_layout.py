"""The header as a visitor sees it, on a laptop and on a phone: the whole navigation on one row at
1280 px, and the search box there (and working) on a 390 px phone, with nothing wider than the
screen; a keyboard user's first Tab offers to skip it."""

from playwright.sync_api import expect


def test_the_navigation_fits_on_one_row_on_a_laptop(open_session):
    visitor = open_session("visitor")
    visitor.goto("/")
    tops = visitor.page.locator(".main-nav li").evaluate_all(
        "items => items.map(item => Math.round(item.getBoundingClientRect().top))"
    )
    assert len(tops) >= 10
    assert len(set(tops)) == 1, f"the navigation wraps onto {len(set(tops))} rows"
    visitor.shot("laptop")


def test_a_phone_can_search_from_the_header(open_session):
    visitor = open_session("phone")
    page = visitor.page
    page.set_viewport_size({"width": 390, "height": 844})
    visitor.goto("/resources/")
    search_box = page.get_by_role("searchbox", name="站内搜索")
    expect(search_box).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
    visitor.shot("phone-header")
    search_box.fill("课程标准")
    with page.expect_navigation():
        search_box.press("Enter")
    assert "/search/" in page.url
    expect(page.locator(".search-results mark").first).to_contain_text("课程")
    visitor.shot("phone-results")


def test_a_keyboard_user_can_skip_the_header(open_session):
    visitor = open_session("keyboard")
    page = visitor.page
    visitor.goto("/news/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到正文")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_a_signed_in_phone_user_sees_the_whole_header_and_full_width_fields(open_session):
    """On a 390 px phone the signed-in header (name, member centre, password, log out) is longest in
    English; it wraps instead of pushing the page sideways. Every text-like field of a form (the
    application's 网站 is a URL field) spans the form, not only the text and e-mail ones."""
    applicant = open_session("phone-applicant")
    page = applicant.page
    page.set_viewport_size({"width": 390, "height": 844})
    applicant.goto("/en/accounts/register/")
    applicant.register("layout_contact", "沈联络（联络人）", "layout@layout.example.cn", "Phone-Header-Check-77")
    applicant.goto("/en/membership/apply/")
    expect(page.get_by_role("button", name="Log out")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the signed-in header scrolls sideways"
    name_width = page.locator("#id_name").bounding_box()["width"]
    assert page.locator("#id_website").bounding_box()["width"] == name_width
    applicant.shot("phone-signed-in")
