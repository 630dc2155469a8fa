"""An overseas partner walks the English site in a real browser: home → About → Charter → News →
search in English and in Chinese → verify a certificate → register and apply. No interface text on
those pages is Chinese (only content that has no translation may be); the membership certificate and
the appointment letter come as one PDF each with both languages."""

import io
import re
import shutil
import subprocess

from pypdf import PdfReader

from tests.e2e.conftest import DEMO_PASSWORD

HAN = re.compile(r"[\u4e00-\u9fff]")

# The interface: what the templates and the code write (not the content editors write). Text inside an
# element marked lang="zh-Hans" (the language switch's 简体中文, a page shown without translation) is
# Chinese on purpose; so is the name a user registered under (.account .who).
CHROME = (
    "header, footer, nav.main-nav, h1, label, button, dt, th, legend, .pagination, .messages, "
    ".status-pill, .search-layout h3:not(:has(a)), .facets h3, .field small"
)
CHINESE_UI = """(selector) => {
  const han = /[\\u4e00-\\u9fff]/;
  const found = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (han.test(node.textContent) && !node.parentElement.closest('[lang="zh-Hans"], .account .who')) {
        found.push(node.textContent.trim());
      }
    }
  }
  for (const input of document.querySelectorAll("input[placeholder], [aria-label]")) {
    for (const value of [input.getAttribute("placeholder"), input.getAttribute("aria-label")]) {
      if (value && han.test(value)) found.push(value);
    }
  }
  return found;
}"""


def english_interface(session, *, whole_main: bool = False, content: tuple[str, ...] = ()):
    """The page is English: its lang, its interface and, where the page has a translation, all of it.
    `content`: Chinese that is data, not interface (a name as registered), allowed in headings."""
    page = session.page
    assert page.get_attribute("html", "lang") == "en", page.url
    found = page.evaluate(CHINESE_UI, CHROME + (", main" if whole_main else ""))
    for allowed in content:
        found = [text.replace(allowed, "") for text in found]
    found = [text for text in found if HAN.search(text)]
    assert found == [], f"{page.url}: Chinese interface text {found}"
    if whole_main:
        assert not HAN.search(page.title()), page.title()


def check_pdf(path, *, chinese: list[str], english: list[str], artifacts) -> None:
    # White space removed: a line drawn in two faces (English, a Chinese name) is extracted in pieces.
    text = re.sub(r"\s+", "", PdfReader(io.BytesIO(path.read_bytes())).pages[0].extract_text())
    for expected in chinese + english:
        assert re.sub(r"\s+", "", expected) in text, f"{expected!r} not in {path.name}"
    if shutil.which("pdftoppm"):  # Debian's poppler-utils: the page as an image, to look at
        artifacts.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603 (our own arguments)
            [shutil.which("pdftoppm"), "-png", "-r", "70", "-singlefile", str(path), str(artifacts / path.stem)],
            check=True,
            timeout=60,
        )
        assert (artifacts / f"{path.stem}.png").stat().st_size > 10_000


def log_in(session, username: str, next_path: str):
    session.goto(f"/en/accounts/login/?next={next_path}")
    english_interface(session)
    session.page.fill("#id_username", username)
    session.page.fill("#id_password", DEMO_PASSWORD)
    with session.page.expect_navigation():
        session.page.get_by_role("button", name="Log in").click()
    assert session.page.url.endswith(next_path), session.page.url


def download(session, link_name: str, target):
    """The file behind a link, fetched with the session's cookies (a PDF may open inline)."""
    href = session.page.get_by_role("link", name=link_name).first.get_attribute("href")
    response = session.context.request.get(session.base_url + href)
    assert response.ok and response.headers["content-type"] == "application/pdf", href
    target.write_bytes(response.body())
    return target


def test_an_overseas_partner_walks_the_english_site(open_session, tmp_path):
    partner = open_session("partner")
    page = partner.page
    artifacts = partner.folder

    # Home → About → Charter → News
    partner.goto("/en/")
    english_interface(partner)
    assert "Bringing China's secondary vocational schools together" in page.inner_text(".hero")
    partner.shot("home")
    page.locator("nav.main-nav").get_by_role("link", name="About the Joint Conference").click()
    page.wait_for_url("**/en/about/")
    english_interface(partner, whole_main=True)
    partner.shot("about")
    page.locator("nav.main-nav").get_by_role("link", name="Charter of the Joint Conference").click()
    page.wait_for_url("**/en/charter/")
    english_interface(partner, whole_main=True)
    assert "Article 19" in page.inner_text("main")
    partner.shot("charter")
    page.locator("nav.main-nav").get_by_role("link", name="News", exact=True).click()
    page.wait_for_url("**/en/news/")
    english_interface(partner)
    partner.shot("news")
    page.get_by_role("link", name="Founding conference of the Joint Conference held in Beijing").click()
    page.wait_for_url("**/en/news/news-01/")
    english_interface(partner)
    assert "adopted the Charter" in page.inner_text("main")
    # the switch leads to the Chinese original, and back
    page.locator(".language-switch").get_by_role("link", name="简体中文").click()
    page.wait_for_url(re.compile(r".*/news/news-01/$"))
    assert page.get_attribute("html", "lang") == "zh-Hans" and "/en/" not in page.url
    page.locator(".language-switch").get_by_role("link", name="English").click()
    page.wait_for_url("**/en/news/news-01/")

    # Search in English, then in Chinese, from the header
    page.fill("header input[name=q]", "curriculum standard")
    with page.expect_navigation():
        page.locator("header form[role=search] button").click()
    assert "/en/search/" in page.url
    english_interface(partner)
    assert "Curriculum Standard" in page.inner_text(".search-layout")
    partner.shot("search-english")
    page.fill("header input[name=q]", "数控")
    with page.expect_navigation():
        page.locator("header form[role=search] button").click()
    english_interface(partner)
    assert "results" in page.inner_text(".search-layout")
    partner.shot("search-chinese")

    # A member unit's certificate, downloaded by its contact: Chinese and English on one page
    member = open_session("member")
    log_in(member, "member", "/en/membership/")
    english_interface(member)
    number = re.search(r"LXH-\d{4}-\d{6}", member.page.inner_text("main")).group(0)
    certificate = download(member, "Download the membership certificate", tmp_path / "membership-certificate.pdf")
    check_pdf(
        certificate,
        chinese=["会员证书", "上海市工业技术学校", "特发此证"],
        english=["Membership certificate", "Shanghai Industrial Technology School", "is a member unit"],
        artifacts=artifacts,
    )
    # and an appointed expert's letter
    expert = open_session("expert")
    log_in(expert, "expert01", "/en/experts/mine/")
    english_interface(expert)
    expert.page.locator("main").get_by_role("link").filter(has_text="王建国").first.click()
    english_interface(expert, content=("王建国",))
    letter = download(expert, "Download the appointment letter", tmp_path / "appointment-letter.pdf")
    check_pdf(
        letter,
        chinese=["专家聘书", "王建国", "专家库专家"],
        english=["Expert appointment letter", "Wang Jianguo", "We hereby appoint Wang Jianguo"],
        artifacts=artifacts,
    )

    # The partner verifies the certificate
    page.locator("nav.main-nav").get_by_role("link", name="Certificate verification").click()
    page.wait_for_url("**/en/certificates/verify/")
    page.fill("#id_number", number)
    with page.expect_navigation():
        page.get_by_role("button", name="Verify").click()
    english_interface(partner)
    result = page.inner_text(".verify-result")
    assert "✔ Valid" in result and "Shanghai Industrial Technology School" in result
    partner.shot("verified")

    # Register and apply
    page.get_by_role("link", name="Log in").click()
    page.get_by_role("link", name="Register a contact account").click()
    page.wait_for_url("**/en/accounts/register/")
    english_interface(partner)
    assert page.get_by_role("button", name="Register").is_visible()
    partner.register("ayrshire_college", "Fiona Reid", "international@ayrshire.example.ac.uk", "Harbour-Lights-4821")
    page.wait_for_url("**/en/membership/apply/")
    english_interface(partner)
    letter_file = tmp_path / "application-letter.pdf"
    letter_file.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.fill("#id_name", "苏格兰艾尔郡学院")
    page.fill("#id_name_en", "Ayrshire College")
    page.select_option("#id_unit_type", label="Other organisation")
    page.select_option("#id_region", label="Shanghai")
    page.fill("#id_address", "Dam Park, Ayr KA8 0EU, Scotland")
    page.fill("#id_representative", "Carol Turnbull")
    page.fill("#id_contact_name", "Fiona Reid")
    page.fill("#id_contact_phone", "+44 1292 265184")
    page.fill("#id_contact_email", "international@ayrshire.example.ac.uk")
    page.set_input_files("#id_letter", str(letter_file))
    partner.shot("application-form")
    page.get_by_role("button", name="Save and submit").click()
    page.wait_for_url(re.compile(r".*/en/membership/applications/[0-9a-f-]+/$"))
    english_interface(partner, content=("苏格兰艾尔郡学院",))  # the name as registered, in the heading
    assert "Submitted, awaiting the secretariat's review" in page.inner_text(".status-pill")
    partner.shot("submitted")
