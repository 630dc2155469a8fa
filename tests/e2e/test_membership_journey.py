"""A unit joins, in a real browser: its contact registers and applies with a letter and sees
"submitted"; the secretariat, the council and the chair move the application to certified in the
admin; the contact downloads the certificate and anyone can verify it."""

import re

from tests.factories import PDF_BYTES

UNIT_NAME = "浙江省湖州交通职业技术学校"


def register_and_apply(applicant, tmp_path):
    applicant.goto("/accounts/register/")
    page = applicant.page
    page.fill("#id_username", "huzhou_contact")
    page.fill("#id_first_name", "沈联络")
    page.fill("#id_email", "contact@huzhou-jt.example.cn")
    page.fill("#id_password1", "Huzhou-Jiaotong-2026")
    page.fill("#id_password2", "Huzhou-Jiaotong-2026")
    applicant.shot("register")
    with page.expect_navigation():
        page.get_by_role("button", name="注册").click()
    assert page.url.endswith("/membership/apply/"), page.url

    letter = tmp_path / "入会申请书.pdf"
    letter.write_bytes(PDF_BYTES)
    page.fill("#id_name", UNIT_NAME)
    page.select_option("#id_unit_type", index=1)
    page.select_option("#id_region", label="浙江省")
    page.fill("#id_address", "浙江省湖州市吴兴区职教路 1 号")
    page.fill("#id_representative", "钱校长")
    page.fill("#id_contact_name", "沈联络")
    page.fill("#id_contact_phone", "0572-1234567")
    page.fill("#id_contact_email", "contact@huzhou-jt.example.cn")
    page.set_input_files("#id_letter", str(letter))
    applicant.shot("application-form")
    page.get_by_role("button", name="保存并提交").click()
    page.wait_for_url(re.compile(r".*/membership/applications/[0-9a-f-]+/$"))
    assert "当前状态：已提交" in page.inner_text(".status-pill")
    applicant.shot("submitted")
    return page.url


def act_in_admin(session, transition: str, comment: str = ""):
    """Open the application in the admin and press the button of one transition."""
    page = session.page
    session.goto("/admin/membership/applications/?q=" + UNIT_NAME)
    page.get_by_role("link", name=UNIT_NAME).first.click()
    form = page.locator(f"form[action$='/{transition}/']")
    if comment:
        form.locator("textarea").fill(comment)
    session.shot(f"before-{transition}")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator(f"form[action$='/{transition}/']").count() == 0, f"{transition} did not happen"
    session.shot(f"after-{transition}")


def test_a_unit_applies_is_certified_and_the_certificate_verifies(open_session, tmp_path):
    applicant = open_session("applicant")
    status_url = register_and_apply(applicant, tmp_path)

    secretariat = open_session("secretariat")
    secretariat.login("secretariat", admin=True)
    act_in_admin(secretariat, "accept_for_discussion", "材料齐全，提交理事会讨论。")

    council = open_session("council")
    council.login("council", admin=True)
    council.goto("/admin/membership/applications/?q=" + UNIT_NAME)
    council.page.get_by_role("link", name=UNIT_NAME).first.click()
    council.page.get_by_label("赞成").check()
    with council.page.expect_navigation():
        council.page.get_by_role("button", name="提交/修改表决").click()
    assert "赞成" in council.page.inner_text("main")
    council.shot("voted")

    act_in_admin(secretariat, "close_discussion")
    chair = open_session("chair")
    chair.login("chair", admin=True)
    act_in_admin(chair, "approve", "同意入会。")
    act_in_admin(secretariat, "issue_certificate")

    page = applicant.page
    page.goto(status_url)
    assert page.inner_text(".status-pill") == "当前状态：已发证"
    notice = page.inner_text(".notice")
    number = re.search(r"LXH-\d{4}-\d{6}", notice).group(0)
    applicant.shot("certified")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载会员证书").click()
    certificate = tmp_path / "certificate.pdf"
    download_info.value.save_as(certificate)
    assert certificate.read_bytes().startswith(b"%PDF")

    visitor = open_session("visitor")
    visitor.goto(f"/certificates/verify/{number}/")
    text = visitor.page.inner_text("main")
    assert number in text
    assert UNIT_NAME in text
    assert "有效" in text
    visitor.shot("verified")
