"""What each role gets through the API with a token holding every scope.

The shared permission table signs roles in with the session, which the API ignores; this
table signs them in with a token instead. Add a row for every endpoint that needs one.
"""
import pytest

from portal.api.tokens import SCOPES
from tests.api.conftest import bearer
from tests.world import ROLES, build_world

TOKEN_ROWS = [
    ("GET", "/api/v1/me", {"visitor": 401, "*": 200}),
    ("GET", "/api/v1/organizations/{org}", {"*": 200}),
]


@pytest.mark.parametrize(("method", "url", "role", "expected"), [
    pytest.param(method, url, role, expected.get(role, expected.get("*")),
                 id=f"{method} {url} as {role}")
    for method, url, expected in TOKEN_ROWS for role in ROLES])
def test_route_answers_each_role_with_a_token(app, client, make_token, method, url, role,
                                              expected):
    world = build_world()
    headers = {}
    if role != "visitor":
        _token, secret = make_token(world.users[role], list(SCOPES))
        headers = bearer(secret)
    response = client.open(url.format(**world.ids), method=method, headers=headers)
    assert response.status_code == expected
