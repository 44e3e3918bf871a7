"""Home, about, language choice, security headers and error pages."""
import re

import pytest

from portal.i18n import LANGUAGES, html_lang
from tests.world import build_world


def test_home_lists_the_nine_major_groups_in_the_readers_language(client):
    build_world()
    page = client.get("/", headers={"Accept-Language": "fr-CH, fr;q=0.9"}).get_data(
        as_text=True)
    assert '<html lang="fr" dir="ltr">' in page
    assert "Peuples autochtones" in page and "Communauté scientifique et technique" in page


@pytest.mark.parametrize(("header", "expected"), [
    ("zh-CN,zh;q=0.9,en;q=0.5", "zh-Hans"),
    ("ar-EG", "ar"),
    ("de-DE, ru;q=0.8", "ru"),
    ("de-DE", "en"),
    ("", "en"),
])
def test_language_from_accept_language(client, header, expected):
    page = client.get("/about", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{expected}"' in page


def test_explicit_choice_beats_the_account_preference_which_beats_the_browser(
        client, make_user, sign_in):
    sign_in(make_user(language="es"))
    headers = {"Accept-Language": "ru"}
    assert '<html lang="es"' in client.get("/", headers=headers).get_data(as_text=True)
    response = client.get("/language/ar?next=/about", headers=headers)
    assert response.status_code == 302 and response.headers["Location"] == "/about"
    page = client.get("/about", headers=headers).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page


def test_unknown_language_in_the_url_is_a_translated_404(client):
    client.get("/language/fr")
    response = client.get("/language/xx")
    assert response.status_code == 404
    assert "Cette langue n’est pas disponible" in response.get_data(as_text=True)


def test_unknown_language_in_the_cookie_is_ignored(client):
    client.set_cookie("lang", "klingon")
    page = client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<html lang="es"' in page


def test_language_switch_refuses_to_send_people_elsewhere(client):
    response = client.get("/language/fr?next=//evil.example/")
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("code", LANGUAGES)
def test_about_page_is_translated_in_every_language(client, code):
    client.get(f"/language/{code}")
    page = client.get("/about").get_data(as_text=True)
    assert f'lang="{html_lang(code)}"' in page
    if code != "en":
        assert "Agenda 21, adopted at the United Nations Conference" not in page


def test_every_page_carries_the_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_session_cookie_is_http_only_and_same_site(client, make_user):
    user = make_user()
    response = client.post("/sign-in", data={"email": user.email,
                                             "password": "correct horse battery"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_error_pages_are_translated(client):
    client.get("/language/ru")
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Страница не найдена" in response.get_data(as_text=True)


def test_unexpected_error_is_a_translated_500_that_changes_nothing(app, client):
    from portal.auth.models import User
    from portal.extensions import db

    @app.route("/boom-for-test")
    def boom():
        db.session.add(User(email="half@example.org", display_name="Half",
                            password_hash="x"))
        db.session.flush()
        raise RuntimeError("crash mid-way")

    boom.permission_rule = None
    client.get("/language/es")
    response = client.get("/boom-for-test")
    assert response.status_code == 500
    assert "No se ha modificado nada" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def test_api_paths_answer_problem_json(client):
    response = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "fr"})
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["title"] == "Page introuvable"


def test_nul_characters_in_forms_or_addresses_are_refused(client):
    from portal.auth.models import User
    from portal.extensions import db

    response = client.post("/register", data={
        "display_name": "Nul\x00Name", "email": "nul@example.org",
        "password": "correct horse battery", "confirm": "correct horse battery",
        "language": "en"})
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0
    assert client.get("/?q=%00").status_code == 400


def test_typed_text_takes_its_own_direction(client):
    # English typed into the Arabic interface stays left to right, and the reverse.
    client.get("/language/ar")
    page = client.get("/sign-in").get_data(as_text=True)
    email = re.search(r'<input[^>]*id="email"[^>]*>', page).group(0)
    assert 'dir="auto"' in email


def test_names_inside_sentences_are_isolated_and_escaped(app):
    render = app.jinja_env.from_string('{{ _("Members of %(name)s", name=name|bidi) }}').render
    with app.test_request_context():
        assert render(name="<Women & Girls>") == "Members of <bdi>&lt;Women &amp; Girls&gt;</bdi>"


def test_access_tokens_sit_in_the_account_menu_not_the_main_navigation(client, sign_in,
                                                                      make_user):
    sign_in(make_user(name="Amina"))
    page = client.get("/about").get_data(as_text=True)
    main = page.split('class="main-nav"')[1].split("</nav>")[0]
    menu = page.split('class="account-menu"')[1].split("</details>")[0]
    assert "Access tokens" not in main
    assert "<summary><bdi>Amina</bdi></summary>" in menu
    assert 'href="/account/tokens">Access tokens</a>' in menu and "Sign out" in menu
