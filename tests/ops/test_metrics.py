"""Prometheus metrics: only for allowed addresses; requests, queue depth and failures count."""
import pytest
from prometheus_client.parser import text_string_to_metric_families

from portal import mail
from portal.extensions import db
from portal.records import tasks
from tests import servers
from tests.records.factories import make_meeting, make_statement, publish

OUTSIDER = "203.0.113.7"


def _scrape(client) -> dict:
    """{(sample name, sorted labels): value} from the portal's /metrics page."""
    response = client.get("/metrics")
    assert response.status_code == 200
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.get_data(as_text=True))
            for sample in family.samples}


def _value(scrape, name, **labels) -> float:
    return scrape.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.mark.parametrize(("allowed", "address", "headers", "status"), [
    ("127.0.0.1/32,::1/128", "127.0.0.1", {}, 200),
    ("127.0.0.1/32,::1/128", "::1", {}, 200),
    ("127.0.0.1/32,::1/128", "::ffff:127.0.0.1", {}, 200),  # a server bound to [::]
    ("127.0.0.1/32,::1/128", OUTSIDER, {}, 404),
    # A reverse proxy on the same machine forwards an outsider's request.
    ("127.0.0.1/32,::1/128", "127.0.0.1", {"X-Forwarded-For": OUTSIDER}, 404),
    ("127.0.0.1/32,::1/128", "127.0.0.1", {"X-Real-IP": OUTSIDER}, 404),
    ("127.0.0.1/32,::1/128", "127.0.0.1", {"Forwarded": "for=127.0.0.1"}, 404),
    ("127.0.0.1/32,::1/128", "127.0.0.1", {"X-Forwarded-For": "not an address"}, 404),
    ("10.0.0.0/8", "10.20.30.40", {}, 200),
    ("10.0.0.0/8", "127.0.0.1", {}, 404),
    ("10.0.0.0/8, 192.0.2.0/24", "192.0.2.9", {"X-Forwarded-For": "10.1.1.1"}, 200),
])
def test_metrics_answer_only_the_addresses_the_operator_allows(app, client, allowed, address,
                                                              headers, status):
    app.config["METRICS_ALLOWED"] = allowed
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": address}, headers=headers)
    assert response.status_code == status
    if status == 404:  # the same page as any address that does not exist
        missing = client.get("/no-such-page").get_data(as_text=True)
        assert response.get_data(as_text=True).replace("/metrics", "/no-such-page") == missing
    else:
        assert "portal_http_requests_total" in response.get_data(as_text=True)


def test_a_malformed_allowed_list_stops_the_start(app):
    from portal import create_app

    with pytest.raises(RuntimeError, match="PORTAL_METRICS_ALLOWED"):
        create_app({"TESTING": True, "METRICS_ALLOWED": "127.0.0.1/32,localhost"})


def test_requests_are_counted_by_route_and_status_with_their_latency(app, client):
    before = _scrape(client)
    client.get("/about")
    client.get("/about")
    client.get("/no-such-page")
    after = _scrape(client)

    def moved(name, **labels):
        return _value(after, name, **labels) - _value(before, name, **labels)

    assert moved("portal_http_requests_total", method="GET", route="/about", status="200") == 2
    assert moved("portal_http_requests_total", method="GET", route="(no route)",
                 status="404") == 1
    assert moved("portal_http_request_duration_seconds_count", method="GET",
                 route="/about") == 2
    assert moved("portal_http_request_duration_seconds_bucket", method="GET", route="/about",
                 le="+Inf") == 2


def test_queue_depth_counts_renders_waiting_in_the_database(app, client, monkeypatch):
    monkeypatch.setattr(tasks, "dispatch", lambda app, ids: None)  # no renderer running
    assert _value(_scrape(client), "portal_render_queue_depth") == 0
    publish(make_statement(make_meeting()))  # the original edition waits to be rendered
    db.session.commit()
    assert _value(_scrape(client), "portal_render_queue_depth") == 1


def test_queue_depth_is_the_rq_queue_length_when_redis_is_configured(app, client, tmp_path):
    redis = servers.Redis(tmp_path / "redis").start()
    try:
        app.config.update(REDIS_URL=redis.url, RECORDS_RENDER_MODE="rq")
        publish(make_statement(make_meeting()))
        publish(make_statement(make_meeting(slug="hlpf-2028", pattern="E/HLPF/2028/NGO/{n}")))
        db.session.commit()
        assert _value(_scrape(client), "portal_render_queue_depth") == 2
    finally:
        redis.stop()
    # Redis down: the other figures are still served; readiness names the queue.
    assert ("portal_render_queue_depth", ()) not in _scrape(client)


def test_a_failed_render_moves_the_render_failures_counter(app, client, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("the store cannot write under a file")
    app.config.update(STORAGE_DIR=str(blocker), RECORDS_RENDER_ATTEMPTS=1)
    before = _value(_scrape(client), "portal_render_failures_total")
    publish(make_statement(make_meeting()))
    db.session.commit()
    assert _value(_scrape(client), "portal_render_failures_total") == before + 1


def test_a_failed_mail_moves_the_mail_failures_counter(app, client, make_user):
    user = make_user()
    before = _value(_scrape(client), "portal_mail_failures_total")
    # Nothing listens on a fresh free port: the SMTP server refuses the connection.
    app.config.update(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=servers.free_port())
    with pytest.raises(ConnectionRefusedError):
        mail.send(user.email, "Confirm", "auth/mail_confirm", user=user, link="http://x/")
    assert _value(_scrape(client), "portal_mail_failures_total") == before + 1
