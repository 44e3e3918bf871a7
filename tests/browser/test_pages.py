"""What a person sees in a real browser: right-to-left Arabic, and accessibility."""
import pytest
from axe_playwright_python.sync_playwright import Axe

from portal.i18n import LANGUAGES, html_lang
from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_sign_in_then_switch_to_arabic_gives_a_right_to_left_page(live_portal, page):
    page.goto(f"{live_portal}/sign-in")
    page.fill("#email", "reader@example.org")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    assert page.url == f"{live_portal}/"
    assert page.locator(".account-nav").get_by_text("Reader").is_visible()
    page.click("nav.language-switcher a[lang=ar]")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # Mirrored layout: the portal's name sits at the right-hand end of the header.
    brand = page.locator(".brand").bounding_box()
    width = page.viewport_size["width"]
    assert brand["x"] > width / 2
    assert page.locator("h1").inner_text() != "Major Groups and other Stakeholders"
    # The choice is remembered on the next page.
    page.goto(f"{live_portal}/about")
    assert page.locator("html").get_attribute("dir") == "rtl"


PUBLIC_PAGES = ["/", "/consultations", "/sign-in", "/register", "/about", "/directory", "/partners",
                "/groups/women", "/meetings", "/statements/1", "/consultations/1", "/records",
                "/api/v1/docs"]
SECRETARIAT_PAGES = ["/secretariat/registry", "/secretariat/records", "/standards-profiles",
                     "/account", "/account/tokens", "/account/notifications", "/secretariat/mail"]


def _serious_violations(page):
    results = Axe().run(page)
    return [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_serious_accessibility_violation(live_portal, page, language, path):
    page.goto(f"{live_portal}/language/{language}?next={path}")
    assert page.locator("html").get_attribute("lang") == html_lang(language)
    assert _serious_violations(page) == []


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("path", SECRETARIAT_PAGES)
def test_no_serious_accessibility_violation_on_secretariat_pages(live_portal, page, language,
                                                                  path):
    page.goto(f"{live_portal}/sign-in")
    page.fill("#email", "secretariat@example.org")
    page.fill("#password", live_portal.passwords["secretariat@example.org"])
    page.click("main button[type=submit]")
    page.goto(f"{live_portal}/language/{language}?next={path}")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert _serious_violations(page) == []


def test_published_record_page_and_pdf_are_reachable(live_portal, page):
    page.goto(f"{live_portal}/records")
    page.locator("main a[href*='/records/E/']").first.click()
    assert "/records/E/" in page.url
    pdf_link = page.locator("a[href*='/records/pdf/']").first.get_attribute("href")
    response = page.request.get(f"{live_portal}{pdf_link}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
