"""Absolute links come from BASE_URL, never the Host header; private answers are not stored."""
import pytest

HOSTILE = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}


@pytest.mark.parametrize("url", [
    "/records/feed.atom",
    "/api/v1/feeds/statements.atom",
    "/api/v1/records",
    "/api/v1/groups?limit=1",
    "/api/v1/groups?limit=many",
])
def test_a_hostile_host_header_ends_up_in_no_link(client, consultation_data, url):
    response = client.get(url, headers=HOSTILE)
    assert response.status_code in (200, 400)
    text = response.get_data(as_text=True)
    assert "evil.example" not in text
    assert "http://localhost/" in text  # BASE_URL in the tests


def test_api_links_start_with_the_base_url(app, client, consultation_data):
    app.config["BASE_URL"] = "https://portal.example.org"
    page = client.get("/api/v1/groups?limit=1", headers=HOSTILE).get_json()
    assert page["next"].startswith("https://portal.example.org/api/v1/groups?")
    [record] = client.get("/api/v1/records", headers=HOSTILE).get_json()["data"]
    assert record["url"] == f"https://portal.example.org/records/{record['symbol']}"


def test_token_answers_are_not_stored_and_public_ones_stay_cacheable(client, world, make_token):
    _token, secret = make_token(world.users["contributor"])
    private = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert private.status_code == 200
    assert "no-store" in private.headers["Cache-Control"]
    public = client.get("/api/v1/groups")
    assert "public" in public.headers["Cache-Control"]
    assert "no-store" not in public.headers["Cache-Control"]
