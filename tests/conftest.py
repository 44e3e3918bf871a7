"""Test fixtures: every test that uses ``app`` runs on SQLite and on PostgreSQL.

Set PORTAL_TEST_BACKENDS=sqlite to run only one backend while developing.
"""
import os
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event

from portal import create_app
from portal.extensions import db
from tests import pg

BACKENDS = os.environ.get("PORTAL_TEST_BACKENDS", "sqlite,postgresql").split(",")
CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"'
                        r'|name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session")
def postgres_server():
    server = pg.Server().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def database_urls(request, tmp_path_factory):
    """One database per backend for the whole session, schema built once."""
    urls = {}

    def url_for(backend):
        if backend not in urls:
            if backend == "sqlite":
                urls[backend] = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
            else:
                server = request.getfixturevalue("postgres_server")
                worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
                urls[backend] = server.create_database(f"portal_test_{worker}")
            _build_schema(urls[backend])
        return urls[backend]

    return url_for


def _build_schema(url):
    app = create_app(_config(url, Path("/nonexistent")))
    with app.app_context():
        db.create_all()
        db.engine.dispose()


def _config(url, tmp_path):
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret-not-for-production",
        "BASE_URL": "http://localhost",
        "SERVER_NAME": None,
        "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
        "STORAGE_DIR": str(tmp_path / "files"),
        "RATELIMIT_ENABLED": True,
        "FAST_PASSWORD_HASHING": True,
        # Tests see every request rendered (and its queries counted); tests/caching turns
        # the page cache on.
        "PAGE_CACHE_SECONDS": 0,
    }


class FormClient(FlaskClient):
    """A test client that sends the CSRF token the way a browser's form would.

    Each request runs in an application context of its own, as in production: the
    test's context would otherwise share ``g`` (and so the signed-in user) and the
    database session between requests and clients.
    """

    csrf_token = None
    csrf_secret = None

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        # The test's own session then reads what the request committed.
        db.session.expire_all()
        return response

    def session_data(self) -> dict:
        """What the signed session cookie holds, as the portal reads it."""
        app = self.application
        cookie = self.get_cookie(app.config["SESSION_COOKIE_NAME"])
        if cookie is None:
            return {}
        return app.session_interface.get_signing_serializer(app).loads(cookie.value)

    def fetch_csrf_token(self) -> str:
        page = self.get("/register").get_data(as_text=True)
        match = CSRF_FIELD.search(page)
        assert match, "no CSRF token on the registration page"
        self.csrf_token = match.group(1) or match.group(2)
        self.csrf_secret = self.session_data().get("csrf_token")
        return self.csrf_token

    def current_csrf_token(self) -> str:
        # Signing in and out rotates the session's CSRF secret, as a browser's next page shows.
        if self.csrf_token is None or self.session_data().get("csrf_token") != self.csrf_secret:
            return self.fetch_csrf_token()
        return self.csrf_token

    def post(self, *args, **kwargs):
        data = kwargs.get("data")
        if isinstance(data, dict) and "csrf_token" not in data and kwargs.pop("csrf", True):
            kwargs["data"] = {**data, "csrf_token": self.current_csrf_token()}
        kwargs.pop("csrf", None)
        return super().post(*args, **kwargs)


@pytest.fixture(params=BACKENDS)
def app(request, database_urls, tmp_path):
    app = create_app(_config(database_urls(request.param), tmp_path))
    app.test_client_class = FormClient
    app.backend = request.param
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


def _empty_tables():
    tables = [table.name for table in db.metadata.sorted_tables]
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            quoted = ", ".join(f'"{name}"' for name in tables)
            conn.exec_driver_sql(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        else:
            for name in reversed(tables):
                conn.exec_driver_sql(f'DELETE FROM "{name}"')


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def outbox(app):
    """The messages the portal wrote to its outbox, oldest first."""
    folder = Path(app.config["MAIL_OUTBOX_DIR"])

    def read():
        import email

        files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
        return [email.message_from_bytes(p.read_bytes()) for p in files]

    return read


@pytest.fixture
def make_user(app):
    from portal.auth import services

    counter = iter(range(1, 10_000))

    def make(role=None, email=None, password="correct horse battery", language="en",
             confirmed=True, name=None):
        number = next(counter)
        user = services.create_user(email or f"user{number}@example.org",
                                    name or f"User {number}", password, language=language,
                                    role=role, confirmed=confirmed)
        db.session.commit()
        return user

    return make


@pytest.fixture
def sign_in(client):
    def do(user, password="correct horse battery"):
        response = client.post("/sign-in", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return do


@pytest.fixture
def count_queries(app):
    """Context manager counting SQL statements sent to the database."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        statements = []

        def record(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", record)

    return counting
