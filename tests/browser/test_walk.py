"""The three journeys, walked in the six languages at desktop and phone width in Chromium.

Each page must read natively: no English interface text left on a non-English page, no raw
key, nothing wider than the screen, every run of text in its own direction, and no serious
accessibility violation (axe-core).
"""
import pytest
from axe_playwright_python.sync_playwright import Axe

from portal.i18n import LANGUAGE_COOKIE, LANGUAGES
from tests.browser.test_pages import PUBLIC_PAGES, SECRETARIAT_PAGES
from tests.browser.walk import DESKTOP, PHONE, page_problems

pytestmark = pytest.mark.browser

RECORD = "/records/E/HLPF/2027/NGO/1"
JOURNEYS = {
    # A member of a registered organization reads, then contributes to the open consultation.
    "contributor": ("contributor@example.org", [
        "/", "/consultations/3", "/consultations/3/inputs/new", "/statements/1", "/records",
        RECORD, "/directory", "/organizations/4", "/account"]),
    # An organizing partner of the Women's Major Group drafts and validates a statement.
    "organizing partner": ("partner@example.org", [
        "/groups/women", "/groups/1/consultations", "/consultations/3/inputs",
        "/statements/3/draft", "/statements/2", "/statements/1/versions",
        "/statements/3/reports/new", "/partners", "/partners/1", "/organizations/1/members"]),
    # The secretariat verifies, sets standards and publishes official records.
    "secretariat": ("secretariat@example.org", [
        "/secretariat/registry", "/meetings", "/meetings/1", "/standards-profiles",
        "/standards-profiles/new", "/secretariat/records", "/secretariat/records/compile",
        "/secretariat/records/1/editions/fr", "/about"]),
}


@pytest.fixture(scope="module")
def axe():
    return Axe()


def _sign_in(page, live_portal, email):
    page.goto(f"{live_portal}/sign-in")
    page.fill("#email", email)
    page.fill("#password", live_portal.passwords[email])
    page.click("main button[type=submit]")
    assert page.url == f"{live_portal}/", f"{email} could not sign in"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("journey", JOURNEYS)
def test_journey_reads_natively_in_every_language(live_portal, browser, axe, journey, language):
    email, paths = JOURNEYS[journey]
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        _sign_in(page, live_portal, email)
        context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": live_portal}])
        problems = []
        for path in paths:
            page.set_viewport_size(DESKTOP)
            response = page.goto(f"{live_portal}{path}")
            if response.status != 200:
                problems.append(f"{path}: HTTP {response.status}")
                continue
            problems += [f"{path}: {problem}" for problem in page_problems(page, language)]
            if not _scanned_by_test_pages(path, language):
                problems += [f"{path}: axe {violation}" for violation in _serious(axe, page)]
            # The same page on a phone: the layout reflows without a new request.
            page.set_viewport_size(PHONE)
            problems += [f"{path} at {PHONE['width']} px: {problem}"
                         for problem in page_problems(page, language)]
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def _scanned_by_test_pages(path, language):
    """test_pages.py already runs axe there: axe is most of the walk's time."""
    return path in PUBLIC_PAGES or (path in SECRETARIAT_PAGES and language in ("en", "ar"))


def _serious(axe, page):
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in axe.run(page).response["violations"]
            if v["impact"] in ("serious", "critical")]
