"""Operations: health probes, structured logs and Prometheus metrics."""
from flask import Flask

from portal.ops import logs, metrics


def init_app(app: Flask) -> None:
    """Registered before the other hooks: its after_request runs last, timing the commit."""
    logs.configure(app)
    metrics.allowed_networks(app.config["METRICS_ALLOWED"])  # a bad setting fails at start
    app.before_request(logs.begin_request)
    app.after_request(log_and_count)


def log_and_count(response):
    seconds = logs.request_seconds()
    metrics.observe(logs.method_name(), logs.route_rule(), response.status_code, seconds)
    return logs.end_request(response, seconds)
