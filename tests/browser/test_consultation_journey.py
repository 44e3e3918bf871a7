"""From the home page, with no address typed: a contributor finds a consultation closing soon,
sends an input, and receives the receipt in their language (read back from SMTP)."""
from datetime import timedelta

import pytest

from portal.auth import services as accounts
from portal.consultations import services as consultations
from portal.extensions import db
from portal.meetings.models import AgendaItem
from portal.registry.models import MajorGroup
from portal.timeutil import utcnow
from tests.browser.conftest import PASSWORD
from tests.notifications.smtp import SMTPServer

pytestmark = pytest.mark.browser
TITLE = "Water for every village"


@pytest.fixture(scope="module")
def closing_soon(live_portal):
    """A consultation of the farmers closing in two days, and a mail server to read."""
    app = live_portal.app
    with app.app_context():
        farmers = db.session.scalar(db.select(MajorGroup).filter_by(slug="farmers"))
        item = db.session.scalars(db.select(AgendaItem).order_by(AgendaItem.id)).first()
        partner = accounts.find_user("reader@example.org")
        consultations.open_consultation(
            farmers.id, item, partner, title=TITLE, guiding_questions="What do you need?",
            languages=["ar", "en"], statement_language="en",
            opens_at=utcnow() - timedelta(days=12), closes_at=utcnow() + timedelta(days=2),
            scope="global")
        db.session.commit()
    server = SMTPServer().start()
    saved = {key: app.config[key] for key in ("MAIL_SMTP_HOST", "MAIL_SMTP_PORT",
                                              "MAIL_SMTP_TLS")}
    app.config.update(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=server.port,
                      MAIL_SMTP_TLS="0")
    try:
        yield server.mailbox
    finally:
        app.config.update(saved)
        server.stop()


@pytest.mark.parametrize(("language", "subject", "sent"), [
    ("en", "Your input is received", "Thank you: your input is received"),
    ("ar", "وصلت مساهمتك", None),
])
def test_a_contributor_finds_a_consultation_closing_soon_and_gets_a_receipt(
        live_portal, page, closing_soon, language, subject, sent):
    email = f"farmer-{language}@example.org"
    with live_portal.app.app_context():
        accounts.create_user(email, f"Farmer {language}", PASSWORD, language=language,
                             confirmed=True)
        db.session.commit()
    page.goto(live_portal)
    page.click(".account-nav a[href='/sign-in']")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    assert page.locator("html").get_attribute("lang") == language  # the account's language
    page.click("main a[href='/consultations?closing_soon=y']")
    row = page.locator("table.open-consultations tbody tr", has_text=TITLE)
    assert row.locator(".closing-soon").is_visible()
    row.locator(f"a:text('{TITLE}')").click()
    page.click("main a.button[href$='/inputs/new']")
    text = f"Rainwater tanks in every village ({language})."
    page.fill("#body", text)
    page.check("input[name=gender][value=man]")
    page.select_option("#country", "NE")
    page.click("main form button[type=submit]")
    flash = page.locator(".flash-success").inner_text()
    if sent:
        assert sent in flash
    (receipt,) = closing_soon.to(email)
    assert receipt["Subject"].startswith(subject)
    assert receipt["Content-Language"] == language
    assert text in receipt.get_content()
