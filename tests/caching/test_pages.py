"""Anonymous pages come from the shared cache, never stale after a write, never private."""
import pytest

from portal.caching import generation
from portal.extensions import db
from portal.registry.models import MajorGroup
from portal.registry.seed import seed_major_groups

CACHE = "X-Portal-Cache"


@pytest.fixture
def groups(app):
    groups = {group.slug: group for group in seed_major_groups()}
    db.session.commit()  # the first write: pages have a generation to be cached under
    return groups


def test_anonymous_page_is_served_from_the_cache_until_a_write_changes_it(
        app, client, groups):
    first = client.get("/")
    assert first.headers[CACHE] == "miss"
    assert "public" in first.headers["Cache-Control"]
    second = client.get("/")
    assert second.headers[CACHE] == "hit"
    assert second.get_data() == first.get_data()

    groups["women"].names = {**groups["women"].names, "en": "Women and Girls"}
    db.session.commit()
    after_write = client.get("/")
    assert after_write.headers[CACHE] == "miss"
    assert "Women and Girls" in after_write.get_data(as_text=True)


def test_a_write_through_a_request_invalidates_the_cache(cached_app, client, groups,
                                                         make_user, sign_in):
    from tests.world import make_organization

    make_organization("Coastal Fishers Union", group=groups["farmers"])
    db.session.commit()
    assert "Coastal Fishers Union" in client.get("/directory").get_data(as_text=True)
    token_before = generation.current(db.session)
    visitor = cached_app.test_client()
    assert visitor.get("/directory").headers[CACHE] == "hit"

    sign_in(make_user())  # a sign-in writes (last sign-in time, session): a new generation
    db.session.expire_all()
    assert generation.current(db.session) != token_before
    assert visitor.get("/directory").headers[CACHE] == "miss"


@pytest.mark.parametrize("path", ["/", "/api/v1/groups"])
def test_a_copy_answers_with_every_header_of_the_fresh_answer_and_its_own_request_id(
        cached_app, client, groups, path):
    fresh, copy = client.get(path), client.get(path)
    assert (fresh.headers[CACHE], copy.headers[CACHE]) == ("miss", "hit")
    own = {CACHE, "X-Request-ID", "Date"}
    assert {name: value for name, value in copy.headers.items() if name not in own} == {
        name: value for name, value in fresh.headers.items() if name not in own}
    assert "frame-ancestors 'none'" in copy.headers["Content-Security-Policy"]
    assert copy.headers["X-Request-ID"] != fresh.headers["X-Request-ID"]


def test_a_compressed_copy_goes_only_to_browsers_that_accept_gzip(cached_app, client, groups):
    import gzip

    packed = {"Accept-Encoding": "gzip"}
    first_packed, first_plain = client.get("/", headers=packed), client.get("/")
    hit_packed, hit_plain = client.get("/", headers=packed), client.get("/")
    assert [page.headers[CACHE] for page in (first_packed, first_plain, hit_packed, hit_plain)
            ] == ["miss", "miss", "hit", "hit"]
    assert hit_packed.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in hit_plain.headers
    assert gzip.decompress(hit_packed.get_data()) == hit_plain.get_data()
    assert client.get("/", headers={**packed, "If-None-Match": hit_packed.headers["ETag"]}
                      ).status_code == 304


def test_matching_etag_gets_304_without_a_body(cached_app, client, groups):
    page = client.get("/")
    etag = page.headers["ETag"]
    assert client.get("/", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/", headers={"If-None-Match": '"other"'}).status_code == 200


def test_signed_in_user_never_gets_the_anonymous_copy(cached_app, client, groups, make_user,
                                                      sign_in):
    anonymous = cached_app.test_client()
    anonymous.get("/")
    assert anonymous.get("/").headers[CACHE] == "hit"

    user = make_user(name="Nadia Haddad")
    sign_in(user)
    page = client.get("/")
    assert CACHE not in page.headers
    assert "Nadia Haddad" in page.get_data(as_text=True)
    assert "Register to take part" not in page.get_data(as_text=True)
    assert "public" not in page.headers.get("Cache-Control", "")


def test_anonymous_visitor_never_gets_a_signed_in_page(cached_app, client, groups, make_user,
                                                       sign_in):
    sign_in(make_user(name="Nadia Haddad"))
    client.get("/")
    client.get("/")
    anonymous = cached_app.test_client()
    page = anonymous.get("/").get_data(as_text=True)
    assert "Nadia Haddad" not in page
    assert "Sign in" in page


def test_pages_with_a_csrf_token_or_a_message_are_never_stored(cached_app, client, groups):
    register = client.get("/register")
    assert 'name="csrf_token"' in register.get_data(as_text=True)
    assert CACHE not in register.headers
    assert CACHE not in client.get("/register").headers

    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Your message was sent.")]
    page = client.get("/")
    assert "Your message was sent." in page.get_data(as_text=True)
    assert CACHE not in page.headers
    assert "Your message was sent." not in client.get("/").get_data(as_text=True)


def test_each_language_gets_its_own_copy(cached_app, client, groups):
    client.get("/")
    french = cached_app.test_client()
    french.set_cookie("lang", "fr")
    page = french.get("/")
    assert page.headers[CACHE] == "miss"
    assert 'lang="fr"' in page.get_data(as_text=True)
    spanish = client.get("/", headers={"Accept-Language": "es"})
    assert 'lang="es"' in spanish.get_data(as_text=True)


def test_api_copy_keeps_its_language(cached_app, client, groups):
    client.get("/api/v1/groups?lang=fr")
    hit = client.get("/api/v1/groups?lang=fr")
    assert hit.headers[CACHE] == "hit"
    assert hit.headers["Content-Language"] == "fr"
    assert hit.headers["Access-Control-Allow-Origin"] == "*"


def test_redis_cache_is_shared_between_two_apps(cached_app, groups, tmp_path):
    from portal import create_app
    from tests.servers import Redis

    redis = Redis(tmp_path / "redis").start()
    try:
        config = {**cached_app.config, "REDIS_URL": redis.url}
        first, second = create_app(config), create_app(config)
        assert first.test_client().get("/").headers[CACHE] == "miss"
        assert second.test_client().get("/").headers[CACHE] == "hit"
        with first.app_context():  # a write on one machine...
            women = db.session.get(MajorGroup, groups["women"].id)
            women.names = {**women.names, "en": "Women and Girls"}
            db.session.commit()
        page = second.test_client().get("/")  # ...is seen at once on the other
        assert page.headers[CACHE] == "miss"
        assert "Women and Girls" in page.get_data(as_text=True)
    finally:
        redis.stop()


def test_statement_page_is_shared_with_visitors_but_organizing_partners_get_their_forms(
        cached_app, client, sign_in):
    from tests.consultations.factories import add_input, open_consultation
    from tests.world import PASSWORD, build_world

    world = build_world()
    partner = world.users["organizing_partner"]
    consultation = open_consultation(world.groups["women"], partner)
    add_input(consultation, world.users["contributor"])
    db.session.commit()
    path = f"/statements/{consultation.statement_id}"
    visitor = cached_app.test_client()
    assert visitor.get(path).headers[CACHE] == "miss"
    shared = visitor.get(path)
    assert shared.headers[CACHE] == "hit"
    assert 'name="csrf_token"' not in shared.get_data(as_text=True)

    sign_in(partner, PASSWORD)
    own = client.get(path)
    assert CACHE not in own.headers
    assert 'name="csrf_token"' in own.get_data(as_text=True)
    assert "Request validation" in own.get_data(as_text=True)


def test_api_reads_from_the_cache_count_against_the_address_rate_limit(cached_app, client,
                                                                        groups):
    cached_app.config["API_RATE_LIMIT_ADDRESS"] = "3/minute"
    assert client.get("/api/v1/groups").headers[CACHE] == "miss"
    assert client.get("/api/v1/groups").headers[CACHE] == "hit"
    assert client.get("/api/v1/groups").headers[CACHE] == "hit"
    refused = client.get("/api/v1/groups")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    other = cached_app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert other.get("/api/v1/groups").headers[CACHE] == "hit"


def _commands_for(redis_client, client, path) -> dict[str, int]:
    redis_client.config_resetstat()
    client.get(path)
    stats = redis_client.info("commandstats")
    return {name.removeprefix("cmdstat_"): figures["calls"] for name, figures in stats.items()
            if not name.startswith(("cmdstat_config", "cmdstat_info"))}


def test_a_cached_page_costs_one_redis_round_trip_with_its_rate_limit_count(redis_app,
                                                                           groups):
    from redis import Redis as RedisClient

    app, redis = redis_app
    app.config["API_RATE_LIMIT_ADDRESS"] = "3/minute"
    client, commands = app.test_client(), RedisClient.from_url(redis.url)
    client.get("/directory")
    assert _commands_for(commands, client, "/directory") == {"mget": 1}  # token and page
    assert _commands_for(commands, client, "/static/portal.css") == {}  # files: never cached
    assert client.get("/api/v1/groups").headers[CACHE] == "miss"
    # The token, the page and the address's count: one script (its sha) running both.
    assert _commands_for(commands, client, "/api/v1/groups") == {
        "evalsha": 1, "mget": 1, "incrby": 1}
    # Hits and misses count once each, on the rate limiter's own counter.
    assert client.get("/api/v1/groups").headers[CACHE] == "hit"
    refused = client.get("/api/v1/groups")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
