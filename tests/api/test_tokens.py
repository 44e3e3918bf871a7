"""Creating, seeing and revoking personal access tokens on the account page."""
import re

from portal.api.models import ApiToken
from portal.extensions import db
from tests.api.conftest import bearer, is_problem

SECRET = re.compile(r'id="new-token">(mgos_[^<]+)<')


def _create(client, name="Reporting tool", scopes=("inputs:submit", "reports:write")):
    return client.post("/account/tokens", data={"name": name, "scopes": list(scopes)})


def test_a_new_token_is_shown_once_and_works(client, world, sign_in):
    sign_in(world.users["organizing_partner"])
    response = _create(client)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    secret = SECRET.search(response.get_data(as_text=True)).group(1)
    token = db.session.scalar(db.select(ApiToken))
    assert token.scopes == ["inputs:submit", "reports:write"]
    assert token.user_id == world.users["organizing_partner"].id
    assert secret not in client.get("/account/tokens").get_data(as_text=True)
    page = client.get("/account/tokens").get_data(as_text=True)
    assert token.prefix in page and "Reporting tool" in page and "<td>never</td>" in page
    me = client.get("/api/v1/me", headers=bearer(secret)).get_json()
    assert me["scopes"] == ["inputs:submit", "reports:write"]
    page = client.get("/account/tokens").get_data(as_text=True)
    assert "<td>never</td>" not in page  # last use is shown


def test_refused_token_forms_create_nothing(client, world, sign_in):
    sign_in(world.users["contributor"])
    for data in ({"name": "", "scopes": ["inputs:submit"]},
                 {"name": "x" * 101},
                 {"name": "tool", "scopes": ["admin:everything"]}):
        assert client.post("/account/tokens", data=data).status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(ApiToken)) == 0


def test_revoking_ends_the_token_at_once(client, world, sign_in):
    sign_in(world.users["contributor"])
    secret = SECRET.search(_create(client).get_data(as_text=True)).group(1)
    token = db.session.scalar(db.select(ApiToken))
    response = client.post(f"/account/tokens/{token.id}/revoke", data={})
    assert response.status_code == 302
    is_problem(client.get("/api/v1/me", headers=bearer(secret)), 401)
    assert "revoked on" in client.get("/account/tokens").get_data(as_text=True)


def test_nobody_revokes_or_sees_another_persons_token(client, world, sign_in, make_token):
    token, secret = make_token(world.users["focal_point"], name="Focal tool")
    sign_in(world.users["secretariat"])
    assert "Focal tool" not in client.get("/account/tokens").get_data(as_text=True)
    assert client.post(f"/account/tokens/{token.id}/revoke", data={}).status_code == 404
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200


def test_at_most_twenty_active_tokens(client, world, sign_in, make_token):
    for number in range(20):
        make_token(world.users["contributor"], name=f"tool {number}")
    sign_in(world.users["contributor"])
    assert _create(client).status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(ApiToken)) == 20


def test_a_token_cannot_be_created_without_csrf(client, world, sign_in):
    sign_in(world.users["contributor"])
    response = client.post("/account/tokens", data={"name": "x"}, csrf=False)
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count()).select_from(ApiToken)) == 0


def test_a_token_lasts_as_long_as_chosen(client, world, sign_in):
    from datetime import timedelta

    from portal.timeutil import utcnow

    sign_in(world.users["contributor"])
    secret = SECRET.search(client.post("/account/tokens", data={
        "name": "Short", "lifetime": "30"}).get_data(as_text=True)).group(1)
    token = db.session.scalar(db.select(ApiToken))
    assert abs(token.expires_at - (utcnow() + timedelta(days=30))) < timedelta(minutes=1)
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    is_problem(client.get("/api/v1/me", headers=bearer(secret)), 401)
    assert "expired" in client.get("/account/tokens").get_data(as_text=True)


def test_an_unknown_lifetime_is_refused(client, world, sign_in):
    sign_in(world.users["contributor"])
    assert client.post("/account/tokens", data={"name": "x", "lifetime": "7"}).status_code \
        == 422
    assert client.post("/account/tokens", data={"name": "x", "lifetime": "soon"}).status_code \
        == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(ApiToken)) == 0
