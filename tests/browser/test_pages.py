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


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["/", "/sign-in", "/register"])
def test_no_serious_accessibility_violation(live_portal, page, language, path):
    page.goto(f"{live_portal}/language/{language}?next={path}")
    assert page.locator("html").get_attribute("lang") == html_lang(language)
    results = Axe().run(page)
    serious = [(v["id"], v["impact"], v["help"]) for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
