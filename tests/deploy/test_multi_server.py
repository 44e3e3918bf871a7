"""Two web machines with no shared disk, one RQ worker, one PostgreSQL, one Redis.

Publishing through server A, the worker renders the six editions into the database files
store, and server B serves every one of them; a sign-in on A is valid on B; rate limits
are counted across both.
"""
import contextlib
import io
import os
import re
import signal
import socket
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families
from pypdf import PdfReader

from portal import create_app
from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.records.models import Record
from tests import pg, servers
from tests.deploy.cluster import SECRET_KEY, Cluster, wait_for
from tests.records.factories import TEXTS, make_meeting, make_statement

pytestmark = pytest.mark.deploy
PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
SECRET = re.compile(r'id="new-token">([^<]+)<')
# Public API lists whose rate-limit counters no other test touches.
FRESH_ENDPOINTS = [f"/api/v1/{name}" for name in (
    "groups", "organizations", "organizing-partners", "meetings", "consultations", "records")]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("cluster")
    started = []
    try:
        database = pg.Server().start()
        started.append(database.stop)
        redis = servers.Redis(tmp_path / "redis").start()
        started.append(redis.stop)
        cluster = Cluster(tmp_path)
        cluster.redis = redis
        started.append(cluster.stop)
        cluster.configure(DATABASE_URL=database.create_database("portal_cluster"),
                          REDIS_URL=redis.url, STORAGE_BACKEND="database",
                          API_RATE_LIMIT_ADDRESS="5/minute")
        cluster.flask("db", "upgrade")
        cluster.worker("worker")
        cluster.a, cluster.b = cluster.web("a"), cluster.web("b")
        for server in (cluster.a, cluster.b):
            cluster.wait_until_up(server)
        yield cluster
    finally:
        for stop in reversed(started):
            stop()


def _seed(cluster) -> tuple[int, str]:
    """A secretariat account and a submitted statement, written straight to the database."""
    from portal.permissions import SECRETARIAT

    with _database(cluster):
        email = _account(cluster, "secretariat@example.org", role=SECRETARIAT)
        statement = make_statement(make_meeting())
        db.session.commit()
        return statement.id, email


@contextlib.contextmanager
def _database(cluster):
    app = create_app({"SQLALCHEMY_DATABASE_URI": _database_url(cluster), "TESTING": False,
                      "SECRET_KEY": SECRET_KEY})
    with app.app_context():
        try:
            yield
        finally:
            db.engine.dispose()


def _account(cluster, email: str, **options) -> str:
    from portal.auth.services import create_user

    with _database(cluster):
        create_user(email, "Operator", PASSWORD, confirmed=True, **options)
        db.session.commit()
    return email


def _database_url(cluster) -> str:
    return cluster.env["PORTAL_DATABASE_URL"]


def _csrf(session, url) -> str:
    page = session.get(url, timeout=10)
    assert page.status_code == 200, page.text
    return CSRF.search(page.text).group(1)


def _sign_in(server, email) -> requests.Session:
    session = requests.Session()
    token = _csrf(session, f"{server}/sign-in")
    answer = session.post(f"{server}/sign-in", allow_redirects=False, timeout=10,
                          data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 302, answer.text
    return session



def _publish_in_six_languages(cluster, session, statement_id) -> str:
    publish = f"{cluster.a}/secretariat/records/publish/{statement_id}"
    answer = session.post(publish, allow_redirects=False, timeout=30, data={
        "published_on": date(2027, 7, 15).isoformat(), "agenda_symbol": "E/HLPF/2027/1",
        "confirm": "y",
        "csrf_token": _csrf(session, publish)})
    assert answer.status_code == 302, answer.text
    app = create_app({"SQLALCHEMY_DATABASE_URI": _database_url(cluster)})
    with app.app_context():
        record = db.session.scalar(db.select(Record).where(Record.statement_id == statement_id))
        symbol, editions = record.symbol, [(e.language, e.version) for e in record.editions
                                           if e.language != "en"]
        record_id = record.id
        db.engine.dispose()
    for language, version in editions:
        form = f"{cluster.a}/secretariat/records/{record_id}/editions/{language}"
        title, body = TEXTS[language]
        answer = session.post(form, allow_redirects=False, timeout=30, data={
            "title": title, "body": body, "status": "translated", "translator_note": "",
            "version": str(version), "csrf_token": _csrf(session, form)})
        assert answer.status_code == 302, (language, answer.text)
    return symbol


def _pdf_text(content: bytes) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in
                                      PdfReader(io.BytesIO(content)).pages))


def test_publish_on_one_server_download_every_edition_from_the_other(cluster):
    statement_id, email = _seed(cluster)
    on_a = _sign_in(cluster.a, email)

    # The sign-in cookie from A opens the secretariat's desk on B (same secret key).
    on_b = requests.Session()
    on_b.cookies.update(on_a.cookies)
    desk = on_b.get(f"{cluster.b}/secretariat/records", allow_redirects=False, timeout=10)
    assert desk.status_code == 200, desk.headers.get("Location")
    anonymous = requests.get(f"{cluster.b}/secretariat/records", allow_redirects=False,
                             timeout=10)
    assert anonymous.status_code in (302, 401, 403)

    symbol = _publish_in_six_languages(cluster, on_a, statement_id)
    addresses = {language: f"{cluster.b}/records/pdf/{language}/{symbol}"
                 for language in LANGUAGES}
    wait_for(lambda: all(requests.get(address, timeout=10).status_code == 200
                         for address in addresses.values()),
             "not every edition's PDF reached B; see the worker's log")
    for language, address in addresses.items():
        pdf = requests.get(address, timeout=10)
        assert pdf.headers["Content-Type"] == "application/pdf"
        text = _pdf_text(pdf.content)
        assert symbol in text, (language, text[:300])
        assert re.sub(r"\s+", "", TEXTS[language][0]) in text, (language, text[:300])

    # Neither web machine wrote a file: the PDFs live in PostgreSQL.
    for name in ("a", "b"):
        assert not list(Path(cluster.folder / name / "instance").rglob("*.pdf"))


def test_rate_limits_are_counted_across_servers(cluster):
    answers = [requests.get(f"{server}/api/v1/statements", timeout=10).status_code
               for server in (cluster.a, cluster.b, cluster.a, cluster.b, cluster.a, cluster.b)]
    assert answers == [200] * 5 + [429]


class Load:
    """Readers on both servers and a writer creating API tokens on A until stopped."""

    PAGES = ("/", "/api/v1/statements")

    def __init__(self, cluster, writer: requests.Session):
        self.cluster, self.writer = cluster, writer
        self.phase = "before"
        # phase, address, status (or the error's name, or "half page")
        self.answers: list[tuple[str, str, int | str]] = []
        self.attempted: list[str] = []  # token names sent, each once
        self.created: dict[str, str] = {}  # acknowledged writes: token name -> secret
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._read, args=(server,))
                        for server in (cluster.a, cluster.b)]
        self.threads.append(threading.Thread(target=self._write))

    def _ask(self, session, method, url, **kwargs):
        try:
            # Long enough for a request waiting while gunicorn replaces a killed worker.
            answer = session.request(method, url, timeout=30, allow_redirects=False, **kwargs)
        except requests.RequestException as error:
            self.answers.append((self.phase, url, type(error).__name__))
            return None
        if _is_half_page(answer):
            self.answers.append((self.phase, url, "half page"))
            return None
        self.answers.append((self.phase, url, answer.status_code))
        return answer

    def _read(self, server):
        with requests.Session() as session:
            while not self.stopping.is_set():
                for page in self.PAGES:
                    self._ask(session, "GET", server + page)

    def _write(self):
        """Each attempt under a new name, never repeated: a name twice was written twice."""
        form = f"{self.cluster.a}/account/tokens"
        while not self.stopping.is_set() and len(self.created) < 18:  # 20 active at most
            page = self._ask(self.writer, "GET", form)
            if page is not None and page.status_code == 200:
                name = f"load {len(self.attempted)}"
                self.attempted.append(name)
                answer = self._ask(self.writer, "POST", form, data={
                    "name": name, "scopes": ["inputs:submit"], "lifetime": "90",
                    "csrf_token": CSRF.search(page.text).group(1)})
                secret = answer is not None and answer.status_code == 200 and SECRET.search(
                    answer.text)
                if secret:
                    self.created[name] = secret.group(1)
            time.sleep(0.1)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(30)


def _is_half_page(answer: requests.Response) -> bool:
    return (answer.status_code == 200 and "text/html" in answer.headers.get("Content-Type", "")
            and not answer.text.rstrip().endswith("</html>"))


def _shared_limit_counts(cluster, path) -> bool:
    """Whether both servers count this endpoint's limit (5 a minute) in Redis again."""
    answers = [requests.get(f"{server}{path}", timeout=10).status_code
               for server in (cluster.a, cluster.b) * 3]
    return answers == [200] * 5 + [429]


def test_redis_restarting_under_load_loses_no_write_and_everything_recovers(cluster):
    email = _account(cluster, "redis-restart@example.org")
    with Load(cluster, _sign_in(cluster.a, email)) as load:
        time.sleep(1)
        load.phase = "redis down"
        cluster.redis.stop()
        time.sleep(1)
        assert requests.get(f"{cluster.a}/readyz", timeout=10).status_code == 503
        time.sleep(1)
        cluster.redis.start()  # the same address, empty: nothing was saved
        load.phase = "after"
        time.sleep(1)

    # Every request got an answer: pages served, the API served or refused by its limit.
    statuses = {(phase, url.rsplit("/", 1)[-1] or "home", status)
                for phase, url, status in load.answers}
    assert {status for _phase, _url, status in statuses} <= {200, 429}, sorted(statuses, key=str)
    assert ("redis down", "home", 200) in statuses, sorted(statuses, key=str)
    assert any(phase == "redis down" and url == "tokens" for phase, url, _ in statuses)
    # Every acknowledged write is there: each token created signs in, on the other server.
    assert load.created
    for secret in load.created.values():
        me = requests.get(f"{cluster.b}/api/v1/me", timeout=10,
                          headers={"Authorization": f"Bearer {secret}"})
        assert me.status_code == 200, me.text

    # Without restarting either server: ready again, the page cache shared again...
    wait_for(lambda: requests.get(f"{cluster.a}/readyz", timeout=10).status_code == 200,
             "A does not see Redis again")
    behind_one_name = {"Host": "portal.example.org"}  # as a load balancer sends them
    requests.get(f"{cluster.a}/directory", headers=behind_one_name, timeout=10)
    on_b = requests.get(f"{cluster.b}/directory", headers=behind_one_name, timeout=10)
    assert on_b.headers["X-Portal-Cache"] == "hit"
    # ... and the rate limits counted across both servers again, once each server's limiter
    # has looked whether Redis is back (it looks less often the longer it was away).
    for path in FRESH_ENDPOINTS:
        if _shared_limit_counts(cluster, path):
            break
        time.sleep(2)
    else:
        raise AssertionError("the servers still count rate limits each on its own")


def test_a_web_worker_killed_mid_request_loses_no_write_and_is_replaced(cluster):
    email = _account(cluster, "worker-killed@example.org")
    writer = _sign_in(cluster.a, email)
    with Load(cluster, writer) as load:
        time.sleep(1)
        assert requests.get(f"{cluster.a}/healthz", timeout=10).status_code == 200
        counted = _health_checks_counted(cluster.a)
        load.phase = "worker killed"
        half_sent, rest = _half_sent_token_form(cluster.a, writer)
        time.sleep(0.5)  # the worker has taken the connection and waits for the last byte
        killed = [_kill_worker(cluster, "a")]
        _wait_for_a_new_worker(cluster, "a", killed)
        killed.append(_kill_worker(cluster, "a"))  # now with the load's requests in flight
        _wait_for_a_new_worker(cluster, "a", killed)
        load.phase = "after"
        time.sleep(1)

    # The request the worker was reading when it died is dropped, not answered.
    assert _answer_to(half_sent, rest) == b""
    # A's clients got an answer or lost the connection: no error page, no half page; B
    # went on answering.
    statuses = {(phase, url.split("/", 3)[2], status) for phase, url, status in load.answers}
    on_a, on_b = cluster.a.split("/")[2], cluster.b.split("/")[2]
    assert {status for _phase, server, status in statuses if server == on_a} <= {
        200, 429, "ConnectionError", "ChunkedEncodingError"}, sorted(statuses, key=str)
    assert {status for _phase, server, status in statuses if server == on_b} <= {200, 429}
    assert ("after", on_a, 200) in statuses, sorted(statuses, key=str)
    assert ("worker killed", on_b, 200) in statuses, sorted(statuses, key=str)
    # Every acknowledged write is there and signs in on B; nothing was written twice, and
    # the half-sent form wrote nothing.
    assert load.created
    for secret in load.created.values():
        me = requests.get(f"{cluster.b}/api/v1/me", timeout=10,
                          headers={"Authorization": f"Bearer {secret}"})
        assert me.status_code == 200, me.text
    names = _token_names(cluster, email)
    assert len(names) == len(set(names)), sorted(names)
    assert set(load.created) <= set(names) <= set(load.attempted), sorted(names)
    # The metrics still answer, and still count what the killed workers answered.
    assert counted >= 1
    assert _health_checks_counted(cluster.a) == counted


def _half_sent_token_form(server, signed_in) -> tuple[socket.socket, bytes]:
    """A signed-in token form sent to ``server`` but for its last byte (returned)."""
    address = urlsplit(server)
    session = requests.Session()  # the writer's cookies, not its session busy in the load
    session.cookies.update(signed_in.cookies)
    body = urlencode({"name": "half sent", "scopes": "inputs:submit", "lifetime": "90",
                      "csrf_token": _csrf(session, f"{server}/account/tokens")}).encode()
    cookies = "; ".join(f"{name}={value}" for name, value in session.cookies.items())
    head = (f"POST /account/tokens HTTP/1.1\r\nHost: {address.netloc}\r\n"
            f"Cookie: {cookies}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    connection = socket.create_connection((address.hostname, address.port), timeout=10)
    connection.sendall(head + body[:-1])
    return connection, body[-1:]


def _answer_to(connection: socket.socket, rest: bytes) -> bytes:
    """What the server answers once the request is complete: nothing if it hung up."""
    with connection:
        try:
            connection.sendall(rest)
            return connection.recv(1024)
        except (BrokenPipeError, ConnectionResetError):
            return b""


def _kill_worker(cluster, name) -> int:
    [worker] = cluster.web_workers(name)
    os.kill(worker, signal.SIGKILL)
    return worker


def _wait_for_a_new_worker(cluster, name, killed: list[int]) -> None:
    """gunicorn's master starts a new worker by itself, and the server is ready again."""
    server = getattr(cluster, name)

    def replaced() -> bool:
        workers = cluster.web_workers(name)
        return (len(workers) == 1 and workers[0] not in killed
                and requests.get(f"{server}/readyz", timeout=10).status_code == 200)

    wait_for(replaced, f"no new worker answers on {name}; see its log", seconds=30)


def _health_checks_counted(server) -> float:
    """The /healthz requests that the server's workers answered, from its /metrics page."""
    page = requests.get(f"{server}/metrics", timeout=10)
    assert page.status_code == 200, page.text
    return sum(sample.value for family in text_string_to_metric_families(page.text)
               for sample in family.samples if sample.name == "portal_http_requests_total"
               and sample.labels["route"] == "/healthz")


def _token_names(cluster, email) -> list[str]:
    from portal.api.models import ApiToken
    from portal.auth.models import User

    with _database(cluster):
        return list(db.session.scalars(db.select(ApiToken.name).join(User)
                                       .where(User.email == email)))
