"""What each role gets through the API with a token holding every scope.

The shared permission table signs roles in with the session, which the API ignores; this
table signs them in with a token instead. Add a row for every endpoint that needs one.
"""
import pytest

from portal.api.tokens import SCOPES
from tests.api.conftest import bearer
from tests.api.permissions_table import prepare
from tests.world import ROLES, build_world

OP_ONLY = {"visitor": 401, "contributor": 403, "focal_point": 403}
# Writes are sent an empty JSON object: a role the rule lets through gets 422 (required
# fields missing), any other 403; nothing is written either way.
TOKEN_ROWS = [
    ("GET", "/api/v1/me", {"visitor": 401, "*": 200}),
    ("GET", "/api/v1/organizations/{org}", {"*": 200}),
    ("POST", "/api/v1/consultations/{consultation}/inputs", {"visitor": 401, "*": 422}),
    ("POST", "/api/v1/consultations/{consultation}/inputs/import", {**OP_ONLY, "*": 422}),
    ("POST", "/api/v1/statements/{draft}/reports", {**OP_ONLY, "*": 422}),
    ("POST", "/api/v1/groups/{group}/consultations", {**OP_ONLY, "*": 422}),
]


@pytest.mark.parametrize(("method", "url", "role", "expected"), [
    pytest.param(method, url, role, expected.get(role, expected.get("*")),
                 id=f"{method} {url} as {role}")
    for method, url, expected in TOKEN_ROWS for role in ROLES])
def test_route_answers_each_role_with_a_token(app, client, make_token, method, url, role,
                                              expected):
    world = build_world()
    placeholders = {**world.ids, **prepare(world)}
    headers = {}
    if role != "visitor":
        _token, secret = make_token(world.users[role], list(SCOPES))
        headers = bearer(secret)
    body = {"json": {}} if method == "POST" else {}
    response = client.open(url.format(**placeholders), method=method, headers=headers, **body)
    assert response.status_code == expected
