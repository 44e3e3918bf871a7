"""Sessions that really end, and pages no cache keeps (issue 14, account security)."""
import re

import pytest

from portal.permissions import SECRETARIAT
from tests.conftest import CSRF_FIELD

PASSWORD = "correct horse battery"
SESSION, REMEMBER = "session", "remember_token"


def _copy_cookies(client, names=(SESSION, REMEMBER)) -> dict:
    return {name: client.get_cookie(name).value for name in names if client.get_cookie(name)}


def _replay(app, cookies):
    """A new browser holding copies of the cookies, as someone who stole them would."""
    thief = app.test_client()
    for name, value in cookies.items():
        thief.set_cookie(name, value)
    return thief


def _remembered_sign_in(client, user):
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD,
                                              "remember": "y"})
    assert response.status_code == 302
    assert client.get_cookie(REMEMBER) is not None


@pytest.mark.parametrize("copied", [(SESSION,), (REMEMBER,)])
def test_copied_cookies_stop_working_after_sign_out(app, client, make_user, copied):
    _remembered_sign_in(client, make_user())
    cookies = _copy_cookies(client, copied)
    assert _replay(app, cookies).get("/account").status_code == 200
    assert client.post("/sign-out", data={}).status_code == 302
    assert _replay(app, cookies).get("/account").status_code == 302


def test_sign_out_everywhere_ends_every_device(app, client, make_user):
    user = make_user()
    _remembered_sign_in(client, user)
    phone = app.test_client()
    _remembered_sign_in(phone, user)
    page = client.get("/account").get_data(as_text=True)
    assert "Sign out everywhere" in page
    response = client.post("/account/sign-out-everywhere", data={}, follow_redirects=True)
    assert "You are signed out on every device." in response.get_data(as_text=True)
    assert phone.get("/account").status_code == 302
    assert _replay(app, _copy_cookies(phone)).get("/account").status_code == 302
    assert client.get("/account").status_code == 302


def test_changing_the_password_keeps_this_device_remembered(app, client, make_user):
    _remembered_sign_in(client, make_user())
    new = "another long passphrase"
    assert client.post("/account/password", data={"current": PASSWORD, "password": new,
                                                  "confirm": new}).status_code == 302
    # The browser closes: only the remember cookie, renewed for the new generation, is left.
    assert _replay(app, _copy_cookies(client, (REMEMBER,))).get("/account").status_code == 200


def _form_token(page: str) -> str:
    match = CSRF_FIELD.search(page)
    return match.group(1) or match.group(2)


def test_a_csrf_token_from_before_sign_in_is_refused_after(client, make_user):
    user = make_user()
    before = _form_token(client.get("/sign-in").get_data(as_text=True))
    assert client.post("/sign-in", data={"email": user.email, "password": PASSWORD,
                                         "csrf_token": before}).status_code == 302
    refused = client.post("/account", data={"display_name": "Changed", "csrf_token": before,
                                            "preferred_language": "en"})
    assert refused.status_code == 400
    after = _form_token(client.get("/account").get_data(as_text=True))
    assert client.post("/account", data={"display_name": "Changed", "csrf_token": after,
                                         "preferred_language": "en"}).status_code == 302


def test_pages_shown_to_a_signed_in_person_are_not_stored(client, make_user, sign_in):
    public = client.get("/")
    assert "no-store" not in public.headers.get("Cache-Control", "")
    sign_in(make_user(role=SECRETARIAT))
    for url in ("/", "/account", "/account/password", "/secretariat/records"):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response.headers["Cache-Control"], url
        assert "Cookie" in response.headers["Vary"], url


def test_a_reset_link_dies_once_the_password_is_changed_another_way(client, make_user,
                                                                      sign_in, outbox):
    user = make_user()
    client.post("/forgot-password", data={"email": user.email})
    link = re.search(r"http://localhost(/\S+)", outbox()[-1].get_payload(decode=True).decode())
    sign_in(user)
    new = "another long passphrase"
    assert client.post("/account/password", data={"current": PASSWORD, "password": new,
                                                  "confirm": new}).status_code == 302
    response = client.get(link.group(1))
    assert response.status_code == 404
    assert "not valid or has expired" in response.get_data(as_text=True)
