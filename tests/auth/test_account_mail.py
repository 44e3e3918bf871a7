"""Registration tells nobody which addresses have an account, and account emails are
limited per recipient and per requesting address (issue 14, account security)."""
import logging

from portal import create_app
from portal.auth.models import User
from portal.extensions import db
from tests.conftest import FormClient

PASSWORD = "correct horse battery"
NEUTRAL_RESET = "If an account uses this address, we sent it a link to reset the password."
CHECK_EMAIL = "We sent you an email. Follow its link to confirm your address."


def _register(client, email):
    return client.post("/register", data={
        "display_name": "Someone", "email": email, "password": PASSWORD,
        "confirm": PASSWORD, "language": "en"}, follow_redirects=True)


def _body(message) -> str:
    return message.get_payload(decode=True).decode()


def test_registering_a_taken_address_answers_as_a_new_one_and_tells_the_owner(
        client, make_user, outbox):
    owner = make_user(email="awa@example.org", language="fr", name="Awa")
    fresh = _register(client, "new@example.org")
    taken = _register(client, "AWA@example.org")
    assert taken.status_code == fresh.status_code == 200
    assert CHECK_EMAIL in taken.get_data(as_text=True)
    assert "already exists" not in taken.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 2
    confirmation, notice = outbox()
    assert confirmation["To"] == "new@example.org"
    assert notice["To"] == owner.email
    assert "Quelqu’un a tenté de s’inscrire sur le Portail MGoS" in _body(notice)  # her language
    assert "http://localhost/forgot-password" in _body(notice)
    assert "http://localhost/sign-in" in _body(notice)


def test_reset_mails_are_limited_per_recipient_with_the_same_answer(
        app, client, make_user, outbox, caplog):
    user = make_user()
    limit = app.config["MAIL_LIMIT_PER_RECIPIENT"]
    with caplog.at_level(logging.WARNING):
        for _ in range(limit + 2):
            answer = client.post("/forgot-password", data={"email": user.email},
                                 follow_redirects=True)
            assert NEUTRAL_RESET in answer.get_data(as_text=True)
    assert len(outbox()) == limit
    assert "account mail not sent, limit reached" in caplog.text


def test_account_mails_are_limited_per_address_across_web_servers(app, make_user, outbox):
    app.config["MAIL_LIMIT_PER_ADDRESS"] = 2
    users = [make_user() for _ in range(4)]
    second_server = create_app(dict(app.config))
    second_server.test_client_class = FormClient
    for number, user in enumerate(users[:3]):
        server = app if number % 2 else second_server
        server.test_client().post("/forgot-password", data={"email": user.email})
    assert len(outbox()) == 2
    _register(app.test_client(), "someone.new@example.org")
    assert len(outbox()) == 2  # over the limit: not even an account is created
    assert db.session.scalar(db.select(User).filter_by(email="someone.new@example.org")) is None
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    elsewhere.post("/forgot-password", data={"email": users[3].email})
    assert len(outbox()) == 3


def test_repeated_registrations_of_one_address_stop_mailing_its_owner(app, client, make_user,
                                                                      outbox):
    owner = make_user()
    for _ in range(app.config["MAIL_LIMIT_PER_RECIPIENT"] + 2):
        assert CHECK_EMAIL in _register(client, owner.email).get_data(as_text=True)
    assert len(outbox()) == app.config["MAIL_LIMIT_PER_RECIPIENT"]
