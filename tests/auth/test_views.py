"""Accounts: registration, confirmation, sign-in, password reset and change, profile."""
import re
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date

from portal.auth.models import AuthToken, User
from portal.extensions import db
from portal.timeutil import utcnow

PASSWORD = "correct horse battery"


def _register(client, **overrides):
    data = {"display_name": "Fatima Zahra", "email": "fatima@example.org",
            "password": PASSWORD, "confirm": PASSWORD, "language": "ar", **overrides}
    return client.post("/register", data=data)


def _link_in(message) -> str:
    body = message.get_payload(decode=True).decode()
    return re.search(r"http://localhost(/\S+)", body).group(1)


def _users():
    return db.session.scalars(db.select(User)).all()


def test_registration_sends_a_confirmation_in_the_chosen_language(client, outbox):
    response = _register(client)
    assert response.status_code == 302
    [message] = outbox()
    assert message["To"] == "fatima@example.org"
    user = db.session.scalar(db.select(User))
    assert user.preferred_language == "ar" and not user.is_confirmed
    assert user.password_hash.startswith("$argon2")
    assert PASSWORD not in user.password_hash


def test_unconfirmed_account_cannot_sign_in_until_the_link_is_followed(client, outbox):
    _register(client)
    refused = client.post("/sign-in", data={"email": "fatima@example.org", "password": PASSWORD})
    assert refused.status_code == 422
    assert "Confirm your email address first" in refused.get_data(as_text=True)
    link = _link_in(outbox()[0])
    assert client.get(link).status_code == 302
    assert client.get(link).status_code == 404  # single use
    signed_in = client.post("/sign-in", data={"email": "Fatima@Example.org ",
                                               "password": PASSWORD})
    assert signed_in.status_code == 302


@pytest.mark.parametrize(("overrides", "message"), [
    ({"email": "not-an-email"}, "Enter a valid email address."),
    ({"email": ("a" * 250) + "@example.org"}, "At most 254 characters."),
    ({"display_name": "x" * 201}, "At most 200 characters."),
    ({"password": "short", "confirm": "short"}, "Use between 10 and 200 characters."),
    ({"confirm": "something else"}, "The two passwords differ."),
    ({"language": "de"}, "Not a valid choice"),
])
def test_bad_registration_is_refused_and_nothing_is_stored(client, outbox, overrides, message):
    response = _register(client, **overrides)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _users() == [] and outbox() == []


def test_missing_csrf_token_is_refused_and_nothing_is_stored(client):
    response = client.post("/register", data={"display_name": "A", "email": "a@example.org",
                                               "password": PASSWORD, "confirm": PASSWORD,
                                               "language": "en"}, csrf=False)
    assert response.status_code == 400
    assert "did not come from this site" in response.get_data(as_text=True)
    assert _users() == []


def test_wrong_csrf_token_is_refused(client):
    response = _register(client, csrf_token="forged")
    assert response.status_code == 400
    assert _users() == []


def test_wrong_password_is_refused_with_one_message(client, make_user):
    user = make_user()
    response = client.post("/sign-in", data={"email": user.email, "password": "wrong password"})
    assert response.status_code == 422
    assert "The email address or password is wrong." in response.get_data(as_text=True)
    unknown = client.post("/sign-in", data={"email": "nobody@example.org", "password": "x" * 12})
    assert "The email address or password is wrong." in unknown.get_data(as_text=True)


def test_sign_in_follows_only_local_next(client, make_user):
    user = make_user()
    response = client.post("/sign-in?next=https://evil.example/", data={
        "email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"
    client.post("/sign-out", data={})
    response = client.post("/sign-in?next=/account", data={
        "email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/account"


def test_sign_out_ends_the_session(client, make_user, sign_in):
    sign_in(make_user())
    assert client.get("/account").status_code == 200
    assert client.post("/sign-out", data={}).status_code == 302
    assert client.get("/account").status_code == 302


def test_password_reset_by_single_use_token(client, make_user, outbox):
    user = make_user()
    client.post("/forgot-password", data={"email": user.email})
    link = _link_in(outbox()[0])
    assert client.get(link).status_code == 200
    new = "a brand new passphrase"
    assert client.post(link, data={"password": new, "confirm": new}).status_code == 302
    assert client.post(link, data={"password": new, "confirm": new}).status_code == 404
    assert client.post("/sign-in", data={"email": user.email, "password": PASSWORD}
                       ).status_code == 422
    assert client.post("/sign-in", data={"email": user.email, "password": new}
                       ).status_code == 302


def test_expired_reset_token_is_refused(client, make_user, outbox):
    user = make_user()
    client.post("/forgot-password", data={"email": user.email})
    link = _link_in(outbox()[0])
    db.session.execute(db.update(AuthToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    response = client.get(link)
    assert response.status_code == 404
    assert "not valid or has expired" in response.get_data(as_text=True)


def test_reset_for_unknown_address_says_the_same_and_sends_nothing(client, outbox):
    response = client.post("/forgot-password", data={"email": "nobody@example.org"},
                           follow_redirects=True)
    assert "If an account uses this address" in response.get_data(as_text=True)
    assert outbox() == []


def test_tokens_are_stored_hashed_and_never_logged(client, make_user, outbox, caplog):
    user = make_user()
    with caplog.at_level("DEBUG"):
        client.post("/forgot-password", data={"email": user.email})
    token = _link_in(outbox()[0]).rsplit("/", 1)[1]
    stored = db.session.scalar(db.select(AuthToken))
    assert stored.digest != token and token not in stored.digest
    assert token not in caplog.text and PASSWORD not in caplog.text


def test_change_password_needs_the_current_one_and_ends_other_sessions(app, make_user, sign_in):
    user = make_user()
    client = sign_in(user)
    other_device = app.test_client()
    other_device.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert other_device.get("/account").status_code == 200
    new = "another long passphrase"
    wrong = client.post("/account/password", data={"current": "not it at all",
                                                   "password": new, "confirm": new})
    assert wrong.status_code == 422
    assert "The current password is wrong." in wrong.get_data(as_text=True)
    ok = client.post("/account/password", data={"current": PASSWORD, "password": new,
                                                "confirm": new})
    assert ok.status_code == 302
    assert client.get("/account").status_code == 200
    assert other_device.get("/account").status_code == 302


def test_profile_saves_the_preferred_language_which_then_applies(client, make_user, sign_in):
    sign_in(make_user(name="Old name"))
    response = client.post("/account", data={"display_name": "Nouveau nom",
                                             "preferred_language": "fr"})
    assert response.status_code == 302
    page = client.get("/account").get_data(as_text=True)
    assert 'lang="fr"' in page and "Nouveau nom" in page


def test_overlong_profile_name_is_refused_and_nothing_changes(client, make_user, sign_in):
    user = make_user(name="Kept name")
    sign_in(user)
    response = client.post("/account", data={"display_name": "x" * 201,
                                             "preferred_language": "en"})
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(User, user.id).display_name == "Kept name"


def test_profile_shows_dates_in_the_readers_language_and_saves_the_time_zone(
        client, make_user, sign_in):
    user = make_user(language="fr")
    sign_in(user)
    response = client.post("/account", data={"display_name": "Awa", "preferred_language": "fr",
                                             "timezone": "Africa/Nairobi"})
    assert response.status_code == 302
    page = client.get("/account").get_data(as_text=True)
    # The creation date as a reader in Nairobi (UTC+3) sees it: the next day after 21:00 UTC.
    created = user.created_at.replace(tzinfo=UTC).astimezone(ZoneInfo("Africa/Nairobi"))
    assert format_date(created, "d MMMM y", locale="fr") in page
    assert '<option selected value="Africa/Nairobi">' in page


def test_unknown_time_zone_is_refused(client, make_user, sign_in):
    sign_in(make_user())
    response = client.post("/account", data={"display_name": "Awa", "preferred_language": "en",
                                             "timezone": "Mars/Olympus_Mons"})
    assert response.status_code == 422


def test_request_logs_do_not_keep_emailed_tokens():
    import logging

    from portal.security import RedactTokens

    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '%s - "%s" %s',
                               ("127.0.0.1", "GET /reset-password/s3cretT0ken HTTP/1.1", "200"),
                               None)
    RedactTokens().filter(record)
    assert "s3cretT0ken" not in record.getMessage()
    assert "/reset-password/[redacted]" in record.getMessage()
