"""A live portal on 127.0.0.1 and Debian's Chromium driven by Playwright."""
import threading

import pytest
from werkzeug.serving import make_server

from portal import create_app, demo
from portal.auth import services as accounts
from portal.extensions import db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def live_portal(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'live.sqlite3'}",
        "SECRET_KEY": "browser-test-secret",
        "MAIL_OUTBOX_DIR": str(folder / "outbox"),
        "STORAGE_DIR": str(folder / "files"),
        "FAST_PASSWORD_HASHING": True,
    })
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()  # the schema as a real deployment builds it
        sign_ins = demo.load()  # the Quick start's demo data: every kind of page has content
        accounts.create_user("reader@example.org", "Reader", PASSWORD, confirmed=True)
        db.session.commit()
    app.demo_passwords = {email: password for email, password, _label in sign_ins}
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    portal = LivePortal(f"http://127.0.0.1:{server.server_port}", app.demo_passwords)
    portal.app = app  # journeys add their own data, so that each run starts alike
    yield portal
    server.shutdown()


class LivePortal(str):
    """The live portal's base URL, with the demo accounts' passwords."""

    def __new__(cls, url, passwords):
        portal = super().__new__(cls, url)
        portal.passwords = passwords
        return portal


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    yield page
    context.close()
