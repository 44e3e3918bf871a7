"""One JSON line per event, with the request's id; never passwords, user text or tokens."""
import io
import json
import logging
import threading
import urllib.request
from datetime import datetime

import pytest
from sqlalchemy import text
from werkzeug.serving import make_server

from portal import create_app
from portal.extensions import db
from portal.ops import logs
from tests import servers

SECRET_PASSWORD = "Correct-Horse-Secret-42"
PRIVATE_TEXT = "my private search words"


@pytest.fixture
def log_stream(app):
    """What the portal's log handler writes, read back as text."""
    handler = logs.portal_handler()
    stream = io.StringIO()
    handler.setStream(stream)
    yield stream
    handler.setStream(None)


def _lines(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def _request_lines(stream) -> list[dict]:
    return [line for line in _lines(stream) if line["logger"] == "portal.request"]


def test_each_request_logs_one_line_with_route_status_duration_and_its_id(app, client,
                                                                        log_stream):
    response = client.post("/sign-in?q=" + PRIVATE_TEXT.replace(" ", "+"), data={
        "email": "someone@example.org", "password": SECRET_PASSWORD})
    client.get("/reset-password/single-use-token-abc")
    posted, token_page = _request_lines(log_stream)[-2:]
    assert posted["method"] == "POST" and posted["route"] == "/sign-in"
    assert posted["status"] == response.status_code and posted["level"] == "INFO"
    assert posted["duration_ms"] >= 0
    assert posted["request_id"] == response.headers["X-Request-ID"]
    assert datetime.fromisoformat(posted["time"]).utcoffset().total_seconds() == 0
    assert token_page["route"] == "/reset-password/<token>"
    written = log_stream.getvalue()
    for private in (SECRET_PASSWORD, PRIVATE_TEXT, "private+search", "someone@example.org",
                    "single-use-token-abc"):
        assert private not in written


def test_a_valid_request_id_is_kept_and_any_other_replaced(app, client, log_stream):
    kept = client.get("/about", headers={"X-Request-ID": "lb-7f3a.42_x"})
    assert kept.headers["X-Request-ID"] == "lb-7f3a.42_x"
    for bad in ("two words", "x" * 129, "<script>", ""):
        replaced = client.get("/about", headers={"X-Request-ID": bad})
        assert len(replaced.headers["X-Request-ID"]) == 32
        assert replaced.headers["X-Request-ID"] != bad
    ids = [line["request_id"] for line in _request_lines(log_stream)]
    assert ids[0] == "lb-7f3a.42_x" and "<script>" not in ids and len(set(ids)) == 5


def test_every_line_within_a_request_carries_its_id(app, client, log_stream):
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{servers.free_port()}/0"  # nothing listens
    client.get("/readyz", headers={"X-Request-ID": "probe-1"})
    logging.getLogger("portal.test").info("outside any request")
    warning, outside = _lines(log_stream)[-2:]
    assert warning["level"] == "WARNING"
    assert warning["message"] == "readiness check queue failed: ConnectionError"
    assert warning["request_id"] == "probe-1"
    assert outside["message"] == "outside any request" and "request_id" not in outside


def test_sql_parameters_never_reach_the_log(app, log_stream):
    try:
        db.session.execute(text("SELECT name FROM no_such_table WHERE name = :name"),
                           {"name": SECRET_PASSWORD})
    except Exception:
        logging.getLogger("portal.test").exception("query failed")
    db.session.rollback()
    (line,) = _lines(log_stream)
    assert "no_such_table" in line["exception"]
    assert SECRET_PASSWORD not in log_stream.getvalue()


def test_tokens_in_paths_are_redacted_in_every_logger(app, log_stream):
    logging.getLogger("portal.errors").error("unhandled error on GET %s",
                                             "/confirm/single-use-token-abc")
    (line,) = _lines(log_stream)
    assert line["message"] == "unhandled error on GET /confirm/[redacted]"


def test_text_format_for_reading_in_a_terminal(app, tmp_path):
    readable = create_app({"TESTING": True, "LOG_FORMAT": "text",
                           "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    stream = io.StringIO()
    logs.portal_handler().setStream(stream)
    try:
        readable.test_client().get("/about", headers={"X-Request-ID": "abc123"})
    finally:
        logs.portal_handler().setStream(None)
        logs.configure(app)
    line = stream.getvalue().splitlines()[-1]
    assert " INFO portal.request [abc123] GET /about 200 " in line
    assert line.startswith(str(datetime.now().year))


@pytest.mark.parametrize(("setting", "value"), [("LOG_FORMAT", "xml"), ("LOG_LEVEL", "LOUD")])
def test_an_unknown_log_setting_stops_the_start(app, setting, value):
    with pytest.raises(RuntimeError, match=f"PORTAL_{setting}"):
        create_app({"TESTING": True, setting: value})


def test_the_development_servers_own_request_line_is_left_out(app, log_stream):
    # It repeats the portal's request line with the raw path and its query string.
    server = make_server("127.0.0.1", servers.free_port(), app)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{server.port}/about?q=private", timeout=10)
    finally:
        server.shutdown()
        thread.join()
    (line,) = _lines(log_stream)
    assert line["route"] == "/about" and "private" not in log_stream.getvalue()


def test_rendering_a_pdf_logs_no_routine_steps_at_info(app, log_stream):
    from tests.records.factories import make_meeting, make_statement, publish

    publish(make_statement(make_meeting()))
    db.session.commit()  # renders the original edition in this thread (tests)
    assert not [line for line in _lines(log_stream) if line["level"] == "INFO"]
