"""A member registers for an event on a phone (390 px) and is checked in by QR: the secretariat's
phone "scans" the code on the member's ticket (the QR image is decoded from the screen, as a phone
camera would) and opens its address, logs in, and presses the big 签到 button."""

import io
import re
from urllib.parse import urlsplit

from scripts.live_server import DEMO_PASSWORD

PHONE = {"width": 390, "height": 844}
EVENT_PATH = "/events/registration-demo-training/"


def scan(session) -> str:
    """What a phone camera reads from the QR code on the screen."""
    import zxingcpp
    from PIL import Image

    image = Image.open(io.BytesIO(session.page.locator("svg.qr-code").screenshot())).convert("L")
    found = zxingcpp.read_barcodes(image)
    assert found, "no QR code could be read from the ticket"
    return found[0].text


def no_sideways_scroll(session):
    assert session.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], session.page.url


def test_a_member_registers_on_a_phone_and_is_checked_in_by_qr(open_session):
    member = open_session("member")
    member.page.set_viewport_size(PHONE)
    member.goto(EVENT_PATH)
    page = member.page
    assert "会员单位" in page.inner_text(".registration-box")  # the members' priority window
    member.shot("event-page")
    page.get_by_role("link", name="会员登录报名").click()
    page.wait_for_url(re.compile(r".*/accounts/login/.*"))
    assert "报名活动需要先登录" in page.inner_text(".messages")
    member.shot("asked-to-log-in")
    page.fill("input[name=username]", "member")
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    assert page.url.endswith("/register/"), page.url
    assert page.input_value("#id_unit") == "上海市工业技术学校"  # prefilled from the member unit
    page.fill("#id_phone", "abc")  # a mistake first: a message, nothing lost
    page.fill("#id_title", "教务处主任")
    page.get_by_role("button", name="提交报名").click()
    assert "请填写有效的电话号码" in page.inner_text("main form")
    assert page.input_value("#id_title") == "教务处主任"
    member.shot("phone-mistake")
    no_sideways_scroll(member)
    page.fill("#id_phone", "138 0013 8000")
    page.fill("#id_dietary", "素食")
    page.get_by_role("button", name="提交报名").click()
    page.wait_for_url(re.compile(r".*/events/registrations/[0-9a-f-]+/$"))
    assert "报名成功" in page.inner_text(".messages")
    assert page.inner_text(".ticket-state") == "已报名"
    member.shot("ticket")
    no_sideways_scroll(member)
    ticket_url = page.url
    check_in_address = scan(member)
    assert "/events/check-in/" in check_in_address

    door = open_session("secretariat")
    door.page.set_viewport_size(PHONE)
    door.goto(urlsplit(check_in_address).path)  # the phone's camera opens the address
    staff_page = door.page
    assert "签到需要工作人员账号" in staff_page.inner_text(".messages")
    door.shot("staff-asked-to-log-in")
    staff_page.fill("input[name=username]", "secretariat")
    staff_page.fill("input[name=password]", DEMO_PASSWORD)
    with staff_page.expect_navigation():
        staff_page.get_by_role("button", name="登录").click()
    assert "/events/check-in/" in staff_page.url
    card = staff_page.locator(".check-in-card")
    assert "上海市工业技术学校" in card.inner_text() and "素食" in card.inner_text()
    button = staff_page.get_by_role("button", name="签到")
    box = button.bounding_box()
    assert box["width"] >= 300 and box["height"] >= 60, box  # a thumb finds it
    door.shot("check-in-page")
    no_sideways_scroll(door)
    button.click()
    staff_page.wait_for_load_state()
    assert "签到成功" in staff_page.inner_text(".messages")
    assert staff_page.inner_text(".ticket-state") == "已签到"
    door.shot("checked-in")

    member.page.goto(ticket_url)
    assert member.page.inner_text(".ticket-state") == "已签到"
    member.shot("ticket-after-check-in")
