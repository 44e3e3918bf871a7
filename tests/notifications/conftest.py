import pytest

from tests.notifications.smtp import SMTPServer


@pytest.fixture(scope="module")
def smtp_server():
    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(app, smtp_server):
    """The portal sends to the test's SMTP server; the test reads what it received."""
    app.config.update(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=smtp_server.port,
                      MAIL_SMTP_TLS="0", MAIL_SMTP_TIMEOUT=5)
    smtp_server.mailbox.messages.clear()
    smtp_server.mailbox.refused.clear()
    return smtp_server.mailbox
