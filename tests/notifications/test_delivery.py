"""Notifications read back from a real SMTP server on 127.0.0.1: language, unsubscribe link,
no duplicates, retries after the server was down, bounces flagged on the account."""
from datetime import timedelta

import pytest

from portal.auth.models import User
from portal.extensions import db
from portal.notifications import delivery, events
from portal.notifications.models import Notification
from portal.timeutil import utcnow
from tests.consultations.factories import open_consultation
from tests.notifications.smtp import SMTPServer
from tests.servers import free_port
from tests.world import build_world

INPUT = {"language": "fr", "body": "Le travail de soin doit être compté & reconnu.",
         "gender": "woman", "country": "SN", "organization_name": "", "frontline": "y"}


@pytest.fixture
def world(app):
    world = build_world()
    world.consultation = open_consultation(world.groups["women"],
                                           world.users["organizing_partner"])
    db.session.commit()
    return world


@pytest.fixture
def contributor(make_user):
    return make_user(language="fr", email="aminata@example.org", name="Aminata")


def send_input(client, sign_in, user, consultation, **changes):
    sign_in(user)
    response = client.post(f"/consultations/{consultation.id}/inputs/new",
                           data={**INPUT, **changes})
    assert response.status_code == 302
    return response


def test_the_receipt_is_in_the_contributors_language_with_the_text(
        world, client, sign_in, contributor, mailbox):
    send_input(client, sign_in, contributor, world.consultation)
    (message,) = mailbox.to("aminata@example.org")
    assert message["Subject"].startswith("Votre contribution est reçue")
    assert message["Content-Language"] == "fr"
    body = message.get_content()
    assert "Bonjour Aminata" in body
    assert INPUT["body"] in body  # the text itself, not escaped
    assert "/unsubscribe/" in message["List-Unsubscribe"]


def test_the_unsubscribe_link_works_in_one_click_without_signing_in(
        app, world, client, sign_in, contributor, mailbox):
    send_input(client, sign_in, contributor, world.consultation)
    (message,) = mailbox.to("aminata@example.org")
    link = message["List-Unsubscribe"].strip().strip("<>")
    assert link in message.get_content()
    anonymous = app.test_client()
    page = anonymous.get(link.removeprefix("http://localhost"))
    assert page.status_code == 200
    assert "You will no longer get these emails: A receipt for each input I send" in \
        page.get_data(as_text=True)
    # The next input gets no receipt; other kinds stay on.
    send_input(client, sign_in, contributor, world.consultation, body="Encore une idée.")
    assert len(mailbox.to("aminata@example.org")) == 1
    tampered = link[:-3] + "abc"
    assert anonymous.get(tampered.removeprefix("http://localhost")).status_code == 404


def test_an_event_is_mailed_once_however_often_it_is_announced(
        world, client, sign_in, contributor, mailbox):
    send_input(client, sign_in, contributor, world.consultation)
    item = db.session.scalar(db.select(Notification)).id
    from portal.consultations.models import Input

    events.receipt(db.session.scalar(db.select(Input)))  # announced again
    db.session.commit()
    assert delivery.deliver(item) is None  # already sent: not taken again
    delivery.deliver_due(utcnow() + timedelta(days=1))
    assert len(mailbox.to("aminata@example.org")) == 1
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 1


def test_mail_is_retried_after_the_server_was_down_and_the_request_did_not_wait(
        app, world, client, sign_in, contributor, make_user):
    port = free_port()  # nothing listens there yet
    app.config.update(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=port, MAIL_SMTP_TLS="0",
                      MAIL_SMTP_TIMEOUT=2)
    send_input(client, sign_in, contributor, world.consultation)  # answered all the same
    row = db.session.scalar(db.select(Notification))
    assert (row.status, row.attempts) == ("pending", 1)
    assert "Connection refused" in row.last_error
    assert row.next_try_at > utcnow()
    # The secretariat sees it waiting.
    client.post("/sign-out", data={})
    sign_in(world.users["secretariat"])
    desk = client.get("/secretariat/mail").get_data(as_text=True)
    assert "aminata@example.org" in desk and "Connection refused" in desk
    # Not due yet: nothing is tried.
    assert delivery.deliver_due() == {"sent": 0, "pending": 0, "failed": 0}
    server = SMTPServer()
    server.port = port
    server.start()
    try:
        outcome = delivery.deliver_due(utcnow() + timedelta(minutes=2))
        assert outcome["sent"] == 1
        assert len(server.mailbox.to("aminata@example.org")) == 1
    finally:
        server.stop()
    db.session.expire_all()
    assert db.session.get(Notification, row.id).status == "sent"
    assert "Every email is sent." in client.get("/secretariat/mail").get_data(as_text=True)


def test_a_refused_address_is_flagged_and_gets_no_more_mail(
        world, client, sign_in, contributor, mailbox):
    mailbox.refused.add("aminata@example.org")
    send_input(client, sign_in, contributor, world.consultation)
    row = db.session.scalar(db.select(Notification))
    assert row.status == "failed" and "550" in row.last_error
    assert db.session.get(User, contributor.id).email_bounced_at is not None
    account = client.get("/account").get_data(as_text=True)
    assert "aminata@example.org" in account
    settings = client.get("/account/notifications").get_data(as_text=True)
    assert 'role="alert"' in settings
    send_input(client, sign_in, contributor, world.consultation, body="Encore.")
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 1
    # Saving the settings says the address works again.
    assert client.post("/account/notifications", data={"kinds": ["receipt"]}).status_code == 302
    assert db.session.get(User, contributor.id).email_bounced_at is None


def test_gives_up_after_the_attempts_allowed(app, world, client, sign_in, contributor):
    app.config.update(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=free_port(),
                      MAIL_SMTP_TLS="0", NOTIFY_ATTEMPTS=2)
    send_input(client, sign_in, contributor, world.consultation)
    delivery.deliver_due(utcnow() + timedelta(hours=1))
    row = db.session.scalar(db.select(Notification))
    assert (row.status, row.attempts) == ("failed", 2)


def test_a_mail_server_that_does_not_answer_does_not_hold_the_request(
        app, world, client, sign_in, contributor):
    """Sent from the web process's thread pool: the page answers while the server is silent."""
    import socket

    from portal import jobs

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # connections are accepted by the kernel, and never greeted
    app.config.update(NOTIFY_MODE="thread", MAIL_SMTP_HOST="127.0.0.1",
                      MAIL_SMTP_PORT=silent.getsockname()[1], MAIL_SMTP_TLS="0",
                      MAIL_SMTP_TIMEOUT=3)
    try:
        send_input(client, sign_in, contributor, world.consultation)
        row = db.session.scalar(db.select(Notification))
        assert (row.status, row.last_error) == ("pending", None)  # still waiting for a greeting
        jobs.wait_for_threads()
    finally:
        silent.close()
    db.session.expire_all()
    row = db.session.get(Notification, row.id)
    assert row.status == "pending" and row.attempts == 1
    assert "timed out" in row.last_error


def test_two_senders_never_send_the_same_email(app, world, client, sign_in, contributor,
                                               mailbox):
    listening = app.config["MAIL_SMTP_PORT"]
    app.config.update(MAIL_SMTP_PORT=free_port())  # down for the first try
    send_input(client, sign_in, contributor, world.consultation)
    row = db.session.scalar(db.select(Notification))
    due = row.next_try_at
    app.config.update(MAIL_SMTP_PORT=listening)
    assert delivery._take(row.id, due)  # a sender (another machine's timer) takes it ...
    assert delivery.deliver(row.id, due) is None  # ... so this one leaves it alone
    assert mailbox.to("aminata@example.org") == []
    # The first sender died: once its lease ran out the email is sent, once.
    later = due + timedelta(seconds=delivery.LEASE_SECONDS + 1)
    assert delivery.deliver_due(later)["sent"] == 1
    assert delivery.deliver_due(later + timedelta(hours=1))["sent"] == 0
    assert len(mailbox.to("aminata@example.org")) == 1
