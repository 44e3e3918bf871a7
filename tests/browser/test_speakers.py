"""Speaking opportunities in a real browser, in English and in Arabic: declare, apply,
select with the advisor, save with a reason, confirm, publish; and accessibility."""
import pytest

from portal.i18n import LANGUAGES
from tests.browser.test_pages import _serious_violations

pytestmark = pytest.mark.browser


def _sign_in(page, portal, email, language):
    page.context.clear_cookies()
    page.goto(f"{portal}/language/{language}?next=/sign-in")
    page.fill("#email", email)
    page.fill("#password", portal.passwords[email])
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "/sign-in" not in page.url


@pytest.mark.parametrize("language", ["en", "ar"])
def test_declare_apply_select_with_the_advisor_confirm_and_publish(live_portal, page,
                                                                   language):
    session = f"Browser round table {language}"
    _sign_in(page, live_portal, "secretariat@example.org", language)
    page.goto(f"{live_portal}/speaking/1")
    page.click("main dl a[href^='/meetings/']")
    page.click("main a[href$='/opportunities/new']")
    page.fill("#session_en", session)
    page.fill(f"#session_{language}", session)  # the meeting's session line is prefilled
    page.fill("#slots", "1")
    page.check("input[name=languages][value=en]")
    page.check("input[name=languages][value=ar]")
    page.fill("#deadline", "2099-12-31T12:00")
    page.fill("#max_gender_share", "100")
    page.fill("#min_regions", "0")
    page.fill("#max_region_share", "100")
    page.click("main form button[type=submit]")
    assert page.locator("h1").inner_text() == session
    opportunity = page.url.rstrip("/").rsplit("/", 1)[-1]

    _sign_in(page, live_portal, "focal@example.org", language)
    page.goto(f"{live_portal}/speaking/{opportunity}/apply")
    page.fill("#topic", "Rural women and water")
    page.select_option("#language", "ar")
    page.fill("#summary", "Three requests of rural women's networks.")
    page.select_option("#gender", "woman")
    page.select_option("#country", "PE")
    page.click("main form button[type=submit]")
    assert page.url.endswith(f"/speaking/{opportunity}")
    assert page.locator("form[action$='/withdraw']").count() == 1

    # An organizing partner selects; the secretariat confirms and publishes.
    _sign_in(page, live_portal, "partner@example.org", language)
    page.goto(f"{live_portal}/speaking/{opportunity}/selection")
    page.click("button[value=advise]")
    assert page.locator(".advice li").count() == 1  # add the one candidate
    assert page.locator("input[name=chosen]").first.is_checked()
    page.click("button[value=save]")
    assert page.locator(".flash-success").count() == 1

    _sign_in(page, live_portal, "secretariat@example.org", language)
    page.goto(f"{live_portal}/speaking/{opportunity}")
    page.click("form[action$='/confirm'] button")
    page.click("form[action$='/publish'] button")
    assert page.locator("table.speakers").inner_text().count("Lucía Quispe") == 1
    symbol = page.locator("main a[href*='/records/E/HLPF/2027/NGO/INF/'] bdi").inner_text()
    assert symbol.startswith("E/HLPF/2027/NGO/INF/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_serious_accessibility_violation_on_speakers_pages(live_portal, page, language):
    for path in ("/speaking", "/speaking/1", "/speaking/series/hlpf"):
        page.goto(f"{live_portal}/language/{language}?next={path}")
        assert _serious_violations(page) == [], path
