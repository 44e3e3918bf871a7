"""Probes for load balancers and the Prometheus scrape; none of them is cached."""
from flask import Blueprint, Response, abort, current_app, jsonify
from prometheus_client import CONTENT_TYPE_LATEST

from portal.ops import health, metrics
from portal.permissions import PUBLIC, allow

bp = Blueprint("ops", __name__)
NO_STORE = {"Cache-Control": "no-store"}
RETRY_AFTER_SECONDS = "10"


@bp.get("/healthz")
@allow(PUBLIC)
def healthz():
    """The process answers: no database, queue or store is asked."""
    return jsonify(status="ok"), 200, NO_STORE


@bp.get("/readyz")
@allow(PUBLIC)
def readyz():
    checks = health.readiness(current_app)
    failing = [name for name, status in checks.items() if status != health.OK]
    if failing:
        return (jsonify(status="unavailable", failing=failing, checks=checks), 503,
                {**NO_STORE, "Retry-After": RETRY_AFTER_SECONDS})
    return jsonify(status="ready", checks=checks), 200, NO_STORE


@bp.get("/metrics")
@allow(PUBLIC)  # the address check below answers 404, as for a page that does not exist
def prometheus_metrics():
    if not metrics.may_scrape(current_app):
        abort(404)
    return Response(metrics.exposition(current_app), headers=NO_STORE,
                    content_type=CONTENT_TYPE_LATEST)
