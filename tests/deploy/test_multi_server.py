"""Two web machines with no shared disk, one RQ worker, one PostgreSQL, one Redis.

Publishing through server A, the worker renders the six editions into the database files
store, and server B serves every one of them; a sign-in on A is valid on B; rate limits
are counted across both.
"""
import io
import re
from datetime import date
from pathlib import Path

import pytest
import requests
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
    from portal.auth.services import create_user
    from portal.permissions import SECRETARIAT

    app = create_app({"SQLALCHEMY_DATABASE_URI": _database_url(cluster), "TESTING": False,
                      "SECRET_KEY": SECRET_KEY})
    with app.app_context():
        user = create_user("secretariat@example.org", "Secretariat", PASSWORD,
                           role=SECRETARIAT, confirmed=True)
        statement = make_statement(make_meeting())
        db.session.commit()
        ids = statement.id, user.email
        db.engine.dispose()
    return ids


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


def test_requests_are_served_while_redis_is_down(cluster):
    cluster.redis.stop()  # rate limits are then counted by each process on its own
    for server in (cluster.a, cluster.b):
        assert requests.get(f"{server}/api/v1/statements", timeout=10).status_code == 200
        assert requests.get(f"{server}/", timeout=10).status_code == 200
