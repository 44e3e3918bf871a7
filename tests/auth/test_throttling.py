"""Password guesses are slowed per (account, address) pair and per address, never locking
the owner out from elsewhere (issue 14, account security)."""
from datetime import timedelta

import pytest

from portal import create_app
from portal.auth.models import SigninFailure
from portal.extensions import db
from portal.security import record_failure
from tests.conftest import FormClient

PASSWORD = "correct horse battery"
ATTACKER, OWNER = "198.51.100.7", "203.0.113.20"


def _from(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _sign_in(client, email, password=PASSWORD, **kwargs):
    return client.post("/sign-in", data={"email": email, "password": password}, **kwargs)


def _fail(client, email, times):
    for _ in range(times):
        assert _sign_in(client, email, "wrong password").status_code == 422


def _fail_more(email, address, times=3):
    """Further failures, so the wait (16 seconds) outlasts any slowness of the test machine."""
    for _ in range(times):
        record_failure(email, address)


def _age_failures(seconds):
    """As if the failures happened that much earlier (SQLite has no date arithmetic)."""
    for failure in db.session.scalars(db.select(SigninFailure)):
        failure.at -= timedelta(seconds=seconds)
    db.session.commit()


def test_guesses_slow_down_the_guesser_not_the_owner_elsewhere(app, make_user):
    user = make_user()
    attacker = _from(app, ATTACKER)
    _fail(attacker, user.email, app.config["SIGNIN_MAX_ATTEMPTS"])
    _fail_more(user.email, ATTACKER)
    refused = _sign_in(attacker, user.email)  # even the right password waits
    assert refused.status_code == 429
    wait = int(refused.headers["Retry-After"])
    assert 8 < wait <= 16
    assert f"Too many failed attempts. Try again in {wait} seconds." in refused.get_data(
        as_text=True)
    assert _sign_in(_from(app, OWNER), user.email).status_code == 302


def test_each_further_failure_doubles_the_wait_up_to_the_cap(app, make_user):
    user = make_user()
    attacker = _from(app, ATTACKER)
    free = app.config["SIGNIN_MAX_ATTEMPTS"]
    _fail(attacker, user.email, free)
    waits = []
    for _ in range(3):
        _age_failures(3600)  # the wait is over: one more guess is let through, and fails
        _fail(attacker, user.email, 1)
        waits.append(int(_sign_in(attacker, user.email).headers["Retry-After"]))
    assert [w > limit / 2 for w, limit in zip(waits, (4, 8, 16), strict=True)] == [True] * 3
    assert waits == sorted(waits) and waits[-1] <= 16
    for _ in range(12):
        record_failure(user.email, ATTACKER)
    capped = _sign_in(attacker, user.email)
    assert int(capped.headers["Retry-After"]) == app.config["SIGNIN_MAX_DELAY_SECONDS"]
    assert "15 minutes" in capped.get_data(as_text=True)
    _age_failures(app.config["SIGNIN_MAX_DELAY_SECONDS"])
    assert _sign_in(attacker, user.email).status_code == 302


def test_an_address_guessing_many_accounts_is_slowed(app, make_user):
    app.config["SIGNIN_ADDRESS_MAX_ATTEMPTS"] = 6
    victim = make_user()
    attacker = _from(app, ATTACKER)
    for number in range(6):
        _fail(attacker, f"guess{number}@example.org", 1)
    assert _sign_in(attacker, victim.email).status_code == 429
    assert _sign_in(_from(app, OWNER), victim.email).status_code == 302


def test_guessing_the_current_password_on_the_account_page_is_throttled(app, make_user):
    user = make_user()
    client = _from(app, ATTACKER)
    assert _sign_in(client, user.email).status_code == 302
    new = "another long passphrase"
    for _ in range(app.config["SIGNIN_MAX_ATTEMPTS"]):
        wrong = client.post("/account/password", data={"current": "a wrong guess",
                                                       "password": new, "confirm": new})
        assert wrong.status_code == 422
    _fail_more(user.email, ATTACKER)
    refused = client.post("/account/password", data={"current": PASSWORD, "password": new,
                                                     "confirm": new})
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert "Too many failed attempts" in refused.get_data(as_text=True)
    assert _sign_in(_from(app, OWNER), user.email).status_code == 302  # password unchanged


def _behind_one_proxy(app):
    proxied = create_app({**app.config, "TRUSTED_PROXIES": 1})
    proxied.test_client_class = FormClient
    return proxied


@pytest.mark.parametrize("trusted", [0, 1])
def test_forwarded_addresses_count_only_from_trusted_proxies(app, make_user, trusted):
    user = make_user()
    served = _behind_one_proxy(app) if trusted else app
    proxy = _from(served, "10.0.0.1")
    for number in range(app.config["SIGNIN_MAX_ATTEMPTS"]):
        # Without a trusted proxy, changing the header does not escape the throttle.
        headers = {"X-Forwarded-For": ATTACKER if trusted else f"192.0.2.{number}"}
        failed = proxy.post("/sign-in", data={"email": user.email, "password": "wrong!"},
                                headers=headers)
        assert failed.status_code == 422
    _fail_more(user.email, ATTACKER if trusted else "10.0.0.1")
    owner = _sign_in(proxy, user.email, headers={"X-Forwarded-For": OWNER})
    assert owner.status_code == (302 if trusted else 429)
