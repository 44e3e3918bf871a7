"""The database goes away under load: 503 with Retry-After, then service again, no restart."""
import os
import sqlite3
import threading

import pytest

from portal import create_app
from portal.extensions import db
from portal.registry.seed import seed_major_groups
from tests import pg

PAGES = ("/", "/api/v1/groups")


def portal_on(url, tmp_path, **config):
    # PROPAGATE_EXCEPTIONS off: a commit that fails after the view answered reaches the
    # error handlers as in production, instead of being raised into the test's thread.
    app = create_app({"TESTING": True, "PROPAGATE_EXCEPTIONS": False,
                      "SQLALCHEMY_DATABASE_URI": url,
                      "SECRET_KEY": "outage-test-secret", "STORAGE_DIR": str(tmp_path / "files"),
                      "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"), **config})
    with app.app_context():
        db.create_all()
        seed_major_groups()
        db.session.commit()
    return app


def assert_unavailable(client):
    page = client.get("/")
    assert page.status_code == 503 and int(page.headers["Retry-After"]) > 0
    assert "busy or under maintenance" in page.get_data(as_text=True)
    api = client.get("/api/v1/groups")
    assert api.status_code == 503 and int(api.headers["Retry-After"]) > 0
    assert api.mimetype == "application/problem+json" and api.json["status"] == 503


class Load:
    """Requests sent without pause from another thread, their statuses kept."""

    def __init__(self, app):
        self.client = app.test_client()
        self.statuses = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run)

    def run(self):
        while not self.stopping.is_set():
            for path in PAGES:
                self.statuses.append(self.client.get(path).status_code)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join(60)


@pytest.fixture
def own_postgres():
    if "postgresql" not in os.environ.get("PORTAL_TEST_BACKENDS", "postgresql"):
        pytest.skip("PostgreSQL is not among PORTAL_TEST_BACKENDS")
    server = pg.Server().start()
    yield server
    server.stop()


def test_postgresql_stopped_under_load_answers_503_then_recovers(own_postgres, tmp_path,
                                                                  caplog):
    app = portal_on(own_postgres.create_database("outage"), tmp_path)
    client = app.test_client()
    assert client.get("/").status_code == 200
    with Load(app) as load:
        own_postgres.pause()
        try:
            assert_unavailable(client)
        finally:
            own_postgres.resume()
        # The pool drops the dead connections (pre-ping): the next request is served.
        assert [client.get(path).status_code for path in PAGES] == [200, 200]
    assert set(load.statuses) <= {200, 503} and 503 in load.statuses, set(load.statuses)
    assert "database unavailable" in caplog.text


def test_a_locked_sqlite_database_answers_503_then_recovers(tmp_path):
    path = tmp_path / "locked.sqlite3"
    app = portal_on(f"sqlite:///{path}", tmp_path, SQLITE_BUSY_SECONDS=0.2)
    client = app.test_client()
    assert client.get("/").status_code == 200
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")  # say, a long maintenance job
        assert_unavailable(client)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [client.get(p).status_code for p in PAGES] == [200, 200]
