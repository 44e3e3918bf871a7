"""A load balancer's probes: the process is up; the database, queue and store are reachable."""
from pathlib import Path

from portal import create_app
from tests import servers


def _app_with(app, tmp_path, **config):
    """Another portal like the test's, with some settings changed."""
    settings = {key: app.config[key] for key in (
        "TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "STORAGE_DIR", "MAIL_OUTBOX_DIR")}
    return create_app({**settings, **config})


def _unreachable_database(app, tmp_path) -> str:
    if app.backend == "sqlite":
        return f"sqlite:///{tmp_path / 'no-such-folder' / 'portal.sqlite3'}"
    # Nothing listens on a fresh free port; the password must never be shown.
    return f"postgresql+psycopg://portal:pw-not-to-show@127.0.0.1:{servers.free_port()}/portal"


def test_healthz_answers_without_asking_the_database(app, client, count_queries, tmp_path,
                                                     make_user, sign_in):
    sign_in(make_user())  # not even to load the signed-in account
    with count_queries() as statements:
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}
    assert statements == []
    down = _app_with(app, tmp_path, SQLALCHEMY_DATABASE_URI=_unreachable_database(app, tmp_path))
    assert down.test_client().get("/healthz").status_code == 200


def test_readyz_reports_each_check_when_all_are_reachable(app, client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ready",
                             "checks": {"database": "ok", "queue": "ok", "store": "ok"}}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_names_an_unreachable_database_without_its_details(app, tmp_path, caplog):
    url = _unreachable_database(app, tmp_path)
    down = _app_with(app, tmp_path, SQLALCHEMY_DATABASE_URI=url)
    response = down.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "10"
    assert response.json["failing"] == ["database"]
    assert response.json["checks"] == {"database": "unreachable", "queue": "ok", "store": "ok"}
    shown = response.get_data(as_text=True) + caplog.text
    for detail in ("pw-not-to-show", "127.0.0.1", "no-such-folder", "psycopg", "sqlite3"):
        assert detail not in shown


def test_readyz_names_a_stopped_redis(app, client, tmp_path):
    redis = servers.Redis(tmp_path / "redis").start()
    try:
        app.config["REDIS_URL"] = redis.url
        assert client.get("/readyz").json["checks"]["queue"] == "ok"
    finally:
        redis.stop()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["failing"] == ["queue"]
    assert str(redis.port) not in response.get_data(as_text=True)


def test_readyz_names_a_files_store_that_cannot_be_written(app, client, tmp_path):
    blocker = Path(tmp_path / "not-a-folder")
    blocker.write_text("a file where the store's folder should be")
    app.config["STORAGE_DIR"] = str(blocker)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["failing"] == ["store"]
    assert "not-a-folder" not in response.get_data(as_text=True)
