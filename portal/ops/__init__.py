"""Operations: health probes, structured logs and Prometheus metrics."""
from flask import Flask

from portal.ops import logs, metrics


def init_app(app: Flask) -> None:
    """Registered before the other hooks: its after_request runs last, timing the commit."""
    logs.configure(app)
    metrics.allowed_networks(app.config["METRICS_ALLOWED"])  # a bad setting fails at start
    app.before_request(logs.begin_request)
    app.after_request(log_and_count)


def run_before_the_request_log(app: Flask, hook) -> None:
    """Add an after-request hook that runs after every hook registered so far (those of the
    blueprints too) and just before the request log: the last one to change the answer."""
    after = app.after_request_funcs.setdefault(None, [])
    after.insert(after.index(log_and_count) + 1 if log_and_count in after else 0, hook)


def log_and_count(response):
    seconds = logs.request_seconds()
    metrics.observe(logs.method_name(), logs.route_rule(), response.status_code, seconds)
    return logs.end_request(response, seconds)
