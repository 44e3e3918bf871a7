"""Journeys in real Chromium, in English and Arabic, from the home page, no URL typed.

- A partner reads the balance advisor and reaches a passing report by adding the regional
  consultation report it asks for.
- The secretariat publishes a submitted statement, translates it on the desk and watches
  the PDFs being prepared without reloading the page.
Each language gets its own statement, created when the test starts.
"""
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.meetings.models import Meeting
from portal.registry.models import MajorGroup
from portal.statements import demo as statements_demo
from portal.statements import services as statements
from portal.timeutil import utcnow
from tests.browser.test_pages import _serious_violations

pytestmark = pytest.mark.browser


def _sign_in_from_home(live_portal, page, email, language, password=None):
    page.goto(live_portal)
    if language != "en":
        page.click(f"nav.language-switcher a[lang={language}]")
    page.click(".account-nav a[href='/sign-in']")
    page.fill("#email", email)
    page.fill("#password", password or live_portal.passwords[email])
    page.click("main button[type=submit]")
    assert page.locator(".account-menu").is_visible()


def _one_sided_statement(app, title):
    """Closed 15 days, 36 participants, 30 women and 4 men: only gender balance fails."""
    with app.app_context():
        from portal.auth.models import User

        partner = db.session.scalar(db.select(User).filter_by(email="partner@example.org"))
        women = db.session.scalar(db.select(MajorGroup).filter_by(slug="women"))
        meeting = db.session.scalar(db.select(Meeting).filter_by(slug="hlpf-2027"))
        consultation = statements_demo._consultation(
            women, meeting.agenda_items[1], partner, title, utcnow() - timedelta(days=30), 15)
        statements_demo._import(
            consultation, genders=["woman"] * 30 + ["man"] * 4 + ["prefer_not"] * 2,
            countries=["KE", "IN", "BR", "FR", "UA", "PE", "PH", "SN"] * 4
            + ["EG", "JP", "CL", "NO"])
        statements.save_version(consultation.statement, title, statements_demo.FAILING_TEXT,
                                consultation.statement.current_version_id, partner)
        db.session.commit()
        return meeting.id, consultation.statement_id


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_partner_follows_the_advisor_to_a_passing_report(live_portal, page, language):
    title = f"Advisor journey ({language})"
    meeting_id, statement_id = _one_sided_statement(live_portal.app, title)
    _sign_in_from_home(live_portal, page, "partner@example.org", language)
    page.click("nav.main-nav a[href='/meetings']")
    page.click(f"main a[href='/meetings/{meeting_id}']")
    page.click(f"main a[href='/statements/{statement_id}']")
    assert _serious_violations(page) == []
    advice = page.locator(".advice-gender_balance")
    # 30 women and 4 men: 30 / (34 + 16) is 60%, so the advisor asks for 16 more men.
    assert "16" in advice.inner_text()
    if language == "en":
        assert "At least 16 more men." in advice.inner_text()
    assert page.locator("section.standards p.failed").is_visible()
    page.click(f"a[href='/statements/{statement_id}/reports/new']")
    page.select_option("#scope", "regional")
    for field, value in (("#place", "Warsaw"), ("#starts_on", "2027-03-03"),
                         ("#ends_on", "2027-03-04"), ("#organizer", "Eastern Women's Forum"),
                         ("#summary", "Sixteen men's organizations on care work."),
                         ("#participants", "16"), ("#men", "16"), ("#eeg", "16")):
        page.fill(field, value)
    page.click("main form button[type=submit]")
    assert page.url.endswith(f"/statements/{statement_id}")
    assert page.locator("section.standards p.passed").is_visible()
    assert page.locator(".advice").count() == 0
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")


def _submitted_statement(app, title):
    with app.app_context():
        from tests.records.factories import make_statement

        meeting = db.session.scalar(db.select(Meeting).filter_by(slug="hlpf-2027"))
        statement = make_statement(meeting, title=title)
        db.session.commit()
        return statement.id


def _set_render_status(app, url, status):
    from portal.records.models import Record

    symbol = url.split("/records/", 1)[1]
    with app.app_context():
        record = db.session.scalar(db.select(Record).filter_by(symbol=symbol))
        record.original.render_status = status
        db.session.commit()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_secretariat_publishes_and_translates_on_the_desk(live_portal, page, language):
    statement_id = _submitted_statement(live_portal.app, f"Desk journey ({language})")
    _sign_in_from_home(live_portal, page, "secretariat@example.org", language)
    page.click("nav.main-nav a[href='/secretariat/records']")
    page.click(f"main a[href='/secretariat/records/publish/{statement_id}']")
    page.click("main form button[type=submit]")  # not confirmed yet: refused, focus on why
    assert page.locator(".error-summary a[href='#confirm']").is_visible()
    assert page.evaluate("document.activeElement.className") == "error-summary"
    page.check("#confirm")
    page.click("main form button[type=submit]")
    assert "/records/E/HLPF/2027/NGO/" in page.url
    pdf_link = "td.edition-pdf[data-language='en'] a[href*='/records/pdf/en/']"
    page.wait_for_selector(pdf_link, timeout=30_000)
    # While a PDF is being prepared the page follows it by itself: no reload.
    _set_render_status(live_portal.app, page.url, "rendering")
    page.reload()
    assert page.locator(pdf_link).count() == 0
    _set_render_status(live_portal.app, page.url, "rendered")
    page.wait_for_selector(pdf_link, timeout=15_000)
    page.click("main a[href$='/editions/fr']")
    assert _serious_violations(page) == []
    desk = page.locator("table.translation-desk")
    assert desk.locator("tr.desk-paragraph th").first.inner_text() == "1."
    assert desk.locator("tr.desk-missing").count() >= 2
    page.fill("#title", "Ne laisser personne de côté")
    page.fill("#body", "## Introduction\n\nLe grand groupe des femmes se félicite.\n\n"
                       "Nous appelons les États Membres à agir.")
    page.click("main form[enctype] button[type=submit]")
    page.click("main a[href$='/editions/fr']")
    assert page.locator("table.translation-desk tr.desk-missing").count() == 0
    row = page.locator("table.translation-desk tr.desk-paragraph").nth(1)
    assert "Nous appelons" in row.inner_text() and "We call on" in row.inner_text()
    preview = page.locator("a[href$='/editions/fr/preview.pdf']").get_attribute("href")
    response = page.request.get(f"{live_portal}{preview}")
    assert response.status == 200 and response.body().startswith(b"%PDF")
