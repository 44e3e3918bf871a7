"""Prometheus metrics, served at ``/metrics`` to the addresses the operator allows.

Under gunicorn each worker is a process of its own: set ``PROMETHEUS_MULTIPROC_DIR`` to a
folder writable by the workers before they start (prometheus_client reads it at import),
and have gunicorn call ``on_starting`` and ``child_exit`` below. Every worker then writes
its counts to that folder and any worker's ``/metrics`` answers with the sum. Without the
variable the counts are those of the answering process only.
"""
import ipaddress
import logging
import os
from functools import lru_cache
from pathlib import Path

from flask import Flask, request
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

log = logging.getLogger(__name__)
MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"

REQUESTS = Counter("portal_http_requests", "HTTP requests answered, by route rule and status.",
                   ["method", "route", "status"])
LATENCY = Histogram("portal_http_request_duration_seconds",
                    "Time from the request's arrival in the portal to its response, by route.",
                    ["method", "route"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
RENDER_FAILURES = Counter("portal_render_failures",
                          "Record editions whose rendering failed for good (status failed).")
MAIL_FAILURES = Counter("portal_mail_failures", "Messages the portal could not send.")


def observe(method: str, route: str | None, status: int, seconds: float) -> None:
    route = route or "(no route)"
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(method, route).observe(seconds)


@lru_cache(maxsize=8)
def allowed_networks(setting: str) -> tuple:
    try:
        return tuple(ipaddress.ip_network(part.strip(), strict=False)
                     for part in setting.split(",") if part.strip())
    except ValueError as error:
        raise RuntimeError(f"PORTAL_METRICS_ALLOWED is not a list of networks: {error}") from None


def _address(text: str):
    address = ipaddress.ip_address(text.strip())
    return getattr(address, "ipv4_mapped", None) or address


def may_scrape(app: Flask) -> bool:
    """The peer, and every client a proxy says it forwarded for, is in an allowed network.

    Behind a reverse proxy on the same machine every request comes from 127.0.0.1; the
    proxy's forwarding headers then name the real client, who is refused unless allowed.
    """
    networks = allowed_networks(app.config["METRICS_ALLOWED"])
    if "Forwarded" in request.headers:
        return False  # RFC 7239 proxies: no scraper sends it
    claimed = [request.remote_addr or ""]
    if "X-Real-IP" in request.headers:
        claimed.append(request.headers["X-Real-IP"])
    if "X-Forwarded-For" in request.headers:
        claimed.extend(request.headers["X-Forwarded-For"].split(","))
    try:
        addresses = [_address(text) for text in claimed]
    except ValueError:
        return False
    return all(any(address in network for network in networks) for address in addresses)


class RenderQueueDepth:
    """A collector read at scrape time: one answer for every worker and machine."""

    def __init__(self, app: Flask):
        self.app = app

    def collect(self):
        depth = queue_depth(self.app)
        if depth is not None:
            gauge = GaugeMetricFamily(
                "portal_render_queue_depth",
                "Editions waiting to be rendered: the RQ queue's length when Redis is "
                "configured, else the editions queued or rendering in the database.")
            gauge.add_metric([], depth)
            yield gauge


def queue_depth(app: Flask) -> int | None:
    from portal.ops import health

    try:
        if app.config.get("REDIS_URL"):
            from rq import Queue

            from portal.records.tasks import QUEUE_NAME

            return Queue(QUEUE_NAME, connection=health.redis_client(app)).count
        return _pending_renders()
    except Exception as error:  # the scrape still answers; readiness names the fault
        log.warning("queue depth unavailable: %s", type(error).__name__)
        return None


def _pending_renders() -> int:
    from portal.extensions import db
    from portal.records.models import QUEUED, RENDERING, Edition

    return db.session.scalar(db.select(db.func.count()).select_from(Edition)
                             .where(Edition.render_status.in_((QUEUED, RENDERING))))


def _counters_registry():
    if not os.environ.get(MULTIPROCESS_VARIABLE):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def exposition(app: Flask) -> bytes:
    live = CollectorRegistry(auto_describe=False)
    live.register(RenderQueueDepth(app))
    return generate_latest(_counters_registry()) + generate_latest(live)


def on_starting(server) -> None:
    """gunicorn's hook: the counts of an earlier run would otherwise be added to this one's."""
    folder = os.environ.get(MULTIPROCESS_VARIABLE)
    if folder:
        for stale in Path(folder).glob("*.db"):
            stale.unlink()


def child_exit(server, worker) -> None:
    """gunicorn's hook: a worker that is gone no longer counts in live gauges."""
    if os.environ.get(MULTIPROCESS_VARIABLE):
        multiprocess.mark_process_dead(worker.pid)
