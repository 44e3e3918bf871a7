"""What every endpoint shares: problems, languages, cursors, ETags, CORS, limits, tokens."""
import pytest
from flask import Blueprint

from portal.api.core import Api, Body, Param
from portal.api.models import ApiToken
from portal.api.schema import Integer, Language, String
from portal.extensions import db
from portal.permissions import PUBLIC
from tests.api.conftest import bearer, is_problem


def test_unknown_language_is_a_400_problem_naming_lang(client, world):
    body = is_problem(client.get("/api/v1/groups?lang=xx"), 400)
    assert body["type"].endswith("/api/v1/docs#problem-invalid-params")
    assert body["invalid-params"][0]["name"] == "lang"


@pytest.mark.parametrize(("query", "header", "expected"), [
    ("?lang=fr", None, "Femmes"),
    ("?lang=zh-Hans", None, "妇女"),
    ("?lang=zh", None, "妇女"),
    ("", "ar,en;q=0.5", "النساء"),
    ("", "de-DE,ru;q=0.8", "Женщины"),
    ("?lang=es", "fr", "Mujeres"),
    ("", None, "Women"),
])
def test_names_come_in_the_chosen_language(client, world, query, header, expected):
    headers = {"Accept-Language": header} if header else {}
    response = client.get(f"/api/v1/groups/{world.groups['women'].id}{query}", headers=headers)
    assert response.get_json()["name"] == expected
    assert "Accept-Language" in response.headers["Vary"]


def test_the_session_cookie_does_not_choose_the_language_or_sign_in(client, world, sign_in):
    sign_in(world.users["secretariat"])
    client.set_cookie("lang", "fr")
    assert client.get(f"/api/v1/groups/{world.groups['women'].id}").get_json()["name"] == "Women"
    is_problem(client.get("/api/v1/me"), 401)


def test_unknown_and_repeated_parameters_are_refused(client, world):
    body = is_problem(client.get("/api/v1/organizations?contry=KE&region=AFR&region=APG"), 400)
    reasons = {item["name"]: item["reason"] for item in body["invalid-params"]}
    assert set(reasons) == {"contry", "region"}


@pytest.mark.parametrize("query", ["limit=0", "limit=201", "limit=ten", "frontline=maybe",
                                   "country=XX", "country=KEN", "country=TW", "region=MARS",
                                   "language=de"])
def test_wrong_types_in_the_query_are_400(client, world, query):
    body = is_problem(client.get(f"/api/v1/organizations?{query}"), 400)
    assert body["invalid-params"][0]["name"] == query.split("=")[0]


def test_cursor_pages_walk_the_whole_list_once(client, world):
    seen, url = [], "/api/v1/groups?limit=4&lang=fr"
    while url:
        response = client.get(url)
        page = response.get_json()
        assert response.headers.get("Link") == (f'<{page["next"]}>; rel="next"'
                                                if page["next"] else None)
        seen += [group["id"] for group in page["data"]]
        url = page["next"]
        assert (page["next_cursor"] is None) == (url is None)
        if url:
            assert "lang=fr" in url and "limit=4" in url
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 9


@pytest.mark.parametrize("cursor", ["abc", "WyJhcGkuZ3JvdXBzIiwzXQ.forged", "", "%00"])
def test_invalid_cursor_is_400(client, world, cursor):
    body = is_problem(client.get(f"/api/v1/groups?cursor={cursor}"), 400)
    assert body["invalid-params"][0]["name"] == "cursor"


def test_a_cursor_from_another_list_is_refused(client, world):
    cursor = client.get("/api/v1/groups?limit=1").get_json()["next_cursor"]
    is_problem(client.get(f"/api/v1/organizations?cursor={cursor}"), 400)


def test_etag_gives_304_until_the_data_changes(client, world):
    url = f"/api/v1/organizations/{world.organizations['member_org'].id}"
    first = client.get(url)
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data
    world.organizations["member_org"].website = "https://example.org"
    db.session.commit()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_the_same_url_in_another_language_has_another_etag(client, world):
    url = f"/api/v1/groups/{world.groups['women'].id}"
    assert client.get(url + "?lang=fr").headers["ETag"] != client.get(url).headers["ETag"]


def test_cors_is_open_for_the_read_api_only(client, world, make_token):
    read = client.get("/api/v1/groups", headers={"Origin": "https://example.net"})
    assert read.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/v1/groups", headers={
        "Origin": "https://example.net", "Access-Control-Request-Method": "GET"})
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    _token, secret = make_token(world.users["contributor"])
    private = client.get("/api/v1/me", headers={**bearer(secret), "Origin": "https://x.net"})
    assert private.status_code == 200
    assert "Access-Control-Allow-Origin" not in private.headers
    assert "Access-Control-Allow-Origin" not in client.get("/account/tokens").headers


def test_errors_of_the_read_api_are_readable_by_other_sites(client, world):
    response = client.get("/api/v1/organizations/999999")
    is_problem(response, 404)
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_unknown_api_address_and_wrong_method_are_problems(client, world):
    is_problem(client.get("/api/v1/nothing-here"), 404)
    response = client.post("/api/v1/groups", json={})
    is_problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_rate_limit_per_address_answers_429_with_retry_after(app, client, world):
    app.config["API_RATE_LIMIT_ADDRESS"] = "3/minute"
    for _ in range(3):
        assert client.get("/api/v1/groups").status_code == 200
    response = client.get("/api/v1/groups")
    is_problem(response, 429)
    assert 1 <= int(response.headers["Retry-After"]) <= 61  # a one-minute window, rounded up
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert other.get("/api/v1/groups").status_code == 200


def test_rate_limit_per_token_is_separate_from_the_address(app, client, world, make_token):
    app.config.update(API_RATE_LIMIT_ADDRESS="2/minute", API_RATE_LIMIT_TOKEN="3/minute")
    _one, first = make_token(world.users["contributor"])
    _two, second = make_token(world.users["contributor"], name="other tool")
    for _ in range(3):
        assert client.get("/api/v1/me", headers=bearer(first)).status_code == 200
    limited = client.get("/api/v1/me", headers=bearer(first))
    is_problem(limited, 429)
    assert int(limited.headers["Retry-After"]) >= 1
    assert client.get("/api/v1/me", headers=bearer(second)).status_code == 200
    assert client.get("/api/v1/groups").status_code == 200


# -- tokens and scopes -------------------------------------------------------------------

def test_me_shows_the_tokens_user_without_email(client, world, make_token):
    token, secret = make_token(world.users["contributor"], ["inputs:submit"])
    body = client.get("/api/v1/me", headers=bearer(secret)).get_json()
    assert body == {"id": world.users["contributor"].id, "display_name": "Contributor",
                    "preferred_language": "en", "token": token.prefix,
                    "scopes": ["inputs:submit"]}
    assert db.session.get(ApiToken, token.id).last_used_at is not None


@pytest.mark.parametrize("header", ["Bearer mgos_wrong_secret", "Bearer ", "Basic dXNlcjpwYXNz",
                                    "Bearer " + "x" * 300, "mgos_abc"])
def test_wrong_token_is_401_with_www_authenticate(client, world, header):
    response = client.get("/api/v1/me", headers={"Authorization": header})
    body = is_problem(response, 401)
    assert body["type"].endswith("#problem-invalid-token")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_token_is_refused_even_on_public_endpoints(client, world):
    is_problem(client.get("/api/v1/groups", headers=bearer("mgos_nope_nope")), 401)


def test_revoked_token_is_401(client, world, make_token):
    token, secret = make_token(world.users["contributor"])
    token.revoked_at = token.created_at
    db.session.commit()
    is_problem(client.get("/api/v1/me", headers=bearer(secret)), 401)


def test_only_the_digest_of_a_token_is_stored(world, make_token):
    token, secret = make_token(world.users["contributor"])
    assert secret.startswith(token.prefix + "_") and len(secret) > 40
    import hashlib

    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    row = db.session.execute(db.text("SELECT * FROM api_token")).mappings().one()
    assert secret not in " ".join(str(value) for value in row.values())


# A write endpoint declared with the same mechanism, guarded by a token scope. The real
# write endpoints arrive with the consultations domain; this one changes the token user's
# display name so that refusals can be shown to change nothing. Declared once (like the
# real ones, at import) and registered on each test's app.
TEST_BLUEPRINT = Blueprint("api_test", __name__, url_prefix="/api/test")
TEST_API = Api(TEST_BLUEPRINT)


@TEST_API.post("/inputs", rule=PUBLIC, scope="inputs:submit", summary="test", status=201,
               body=Body({"text": String(max_length=50), "count": Integer(minimum=1),
                          "language": Language()}, required=("text",)))
def submit(args):
    from flask_login import current_user

    current_user.display_name = args["body"]["text"]
    return {"saved": args["body"]["text"]}


@TEST_API.get("/items/{id}", rule=PUBLIC, summary="test", params=[
    Param("id", Integer(minimum=1), location="path")])
def item(args, id):
    return {"id": id}


@pytest.fixture
def scoped_api(app):
    app.register_blueprint(TEST_BLUEPRINT)
    return TEST_API


def _name_of(user):
    db.session.expire_all()
    return db.session.get(type(user), user.id).display_name


def test_the_right_scope_writes(client, world, make_token, scoped_api):
    _token, secret = make_token(world.users["contributor"], ["inputs:submit"])
    response = client.post("/api/test/inputs", json={"text": "Renamed"}, headers=bearer(secret))
    assert response.status_code == 201 and response.get_json() == {"saved": "Renamed"}
    assert _name_of(world.users["contributor"]) == "Renamed"


def test_a_token_without_the_scope_gets_403_naming_it(client, world, make_token, scoped_api):
    _token, secret = make_token(world.users["secretariat"], ["inputs:import"])
    response = client.post("/api/test/inputs", json={"text": "x"}, headers=bearer(secret))
    body = is_problem(response, 403)
    assert body["scope"] == "inputs:submit"
    assert body["type"].endswith("#problem-insufficient-scope")
    assert _name_of(world.users["secretariat"]) == "Secretariat"


def test_no_token_on_a_scoped_endpoint_is_401(client, world, scoped_api, sign_in):
    sign_in(world.users["contributor"])
    is_problem(client.post("/api/test/inputs", json={"text": "x"}), 401)


@pytest.mark.parametrize(("kwargs", "status", "names"), [
    ({"data": "{not json", "content_type": "application/json"}, 400, None),
    ({"data": b"\xff\xfe", "content_type": "application/json"}, 400, None),
    ({"data": "text=x", "content_type": "application/x-www-form-urlencoded"}, 415, None),
    ({"json": ["a", "list"]}, 422, {"body"}),
    ({"json": {"text": 5}}, 422, {"text"}),
    ({"json": {"text": "ok", "count": "3"}}, 422, {"count"}),
    ({"json": {"text": "ok", "count": True}}, 422, {"count"}),
    ({"json": {"text": "ok", "language": "de"}}, 422, {"language"}),
    ({"json": {"text": "ok", "admin": True}}, 422, {"admin"}),
    ({"json": {"count": 2}}, 422, {"text"}),
    ({"json": {"text": None}}, 422, {"text"}),
    ({"json": {"text": "x" * 51}}, 422, {"text"}),
])
def test_bad_bodies_are_problems_and_change_nothing(client, world, make_token, scoped_api,
                                                    kwargs, status, names):
    _token, secret = make_token(world.users["contributor"], ["inputs:submit"])
    response = client.post("/api/test/inputs", headers=bearer(secret), **kwargs)
    body = is_problem(response, status)
    if names:
        assert {item["name"] for item in body["invalid-params"]} == names
        assert all(item["in"] == "body" for item in body["invalid-params"])
    assert _name_of(world.users["contributor"]) == "Contributor"


def test_a_huge_body_is_413_and_changes_nothing(app, client, world, make_token, scoped_api):
    _token, secret = make_token(world.users["contributor"], ["inputs:submit"])
    huge = '{"text": "' + "x" * (300 * 1024) + '"}'
    response = client.post("/api/test/inputs", data=huge, content_type="application/json",
                           headers=bearer(secret))
    is_problem(response, 413)
    assert _name_of(world.users["contributor"]) == "Contributor"


def test_path_parameters_out_of_range_are_404(client, world, scoped_api):
    assert client.get("/api/test/items/3").get_json() == {"id": 3}
    is_problem(client.get("/api/test/items/0"), 404)


def test_a_huge_body_without_content_length_is_413(client, world, make_token, scoped_api):
    import io

    _token, secret = make_token(world.users["contributor"], ["inputs:submit"])
    stream = io.BytesIO(b'{"text": "' + b"x" * (300 * 1024) + b'"}')
    # What a WSGI server does with a chunked body: no length, a stream that ends.
    response = client.post("/api/test/inputs", input_stream=stream,
                           environ_overrides={"wsgi.input_terminated": True},
                           headers={**bearer(secret), "Content-Type": "application/json",
                                    "Transfer-Encoding": "chunked"})
    is_problem(response, 413)
    assert _name_of(world.users["contributor"]) == "Contributor"


def test_problem_titles_follow_the_language_of_the_request(client, world, monkeypatch):
    from portal.api import core
    from portal.i18n import current_language

    class Echo:  # stands for a translated string: says which language it was asked in
        def __str__(self):
            return f"title in {current_language()}"

    monkeypatch.setitem(core.PROBLEM_TITLES, "invalid-params", Echo())
    response = client.get("/api/v1/groups?lang=ru&limit=0")
    assert is_problem(response, 400)["title"] == "title in ru"
    assert response.headers["Content-Language"] == "ru"
    unknown = client.get("/api/v1/groups?lang=xx", headers={"Accept-Language": "zh-CN"})
    assert is_problem(unknown, 400)["title"] == "title in zh_Hans"
    assert unknown.headers["Content-Language"] == "zh-Hans"


def test_head_answers_like_get_without_a_body(client, world):
    get, head = client.get("/api/v1/groups"), client.head("/api/v1/groups")
    assert head.status_code == 200 and not head.data
    assert head.headers["ETag"] == get.headers["ETag"]


@pytest.mark.parametrize(("padding", "status"), [(0, 201), (1, 413)])
def test_the_body_limit_is_exact_with_or_without_length(app, client, world, make_token,
                                                        scoped_api, padding, status):
    import io

    body = b'{"text": "exactly"}'
    app.config["API_MAX_CONTENT_LENGTH"] = len(body)
    _token, secret = make_token(world.users["contributor"], ["inputs:submit"])
    padded = body + b" " * padding
    for extra in ({"data": padded}, {"input_stream": io.BytesIO(padded),
                                     "environ_overrides": {"wsgi.input_terminated": True}}):
        response = client.post("/api/test/inputs", content_type="application/json",
                               headers=bearer(secret), **extra)
        assert response.status_code == status


def test_the_api_never_sets_a_cookie(client, world, make_token, sign_in):
    sign_in(world.users["contributor"])
    _token, secret = make_token(world.users["contributor"])
    for response in (client.get("/api/v1/groups?lang=fr"), client.get("/api/v1/me"),
                     client.get("/api/v1/me", headers=bearer(secret)),
                     client.get("/api/v1/groups?lang=xx")):
        assert "Set-Cookie" not in response.headers
