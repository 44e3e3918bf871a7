"""One log line per event: JSON for log collectors, or plain text for a terminal.

Each line carries the time (ISO 8601, UTC), level, logger, message and, within a request,
the request id. Each request ends with one line naming its method, route rule (never the
raw path, which may hold a token, nor the query string), status and duration. Form values
and user text are never logged here, and SQL parameters are hidden by the engine
(``hide_parameters`` in ``portal/config.py``).
"""
import json
import logging
import os
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler

from portal.security import RedactTokens

log = logging.getLogger("portal.request")

# What a load balancer or proxy sends (UUIDs, hex or base64url ids); anything else is replaced.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
REQUEST_ID_HEADER = "X-Request-ID"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# Probed every few seconds by load balancers and scrapers: logged only at DEBUG.
QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})
# Clients may send any method name; logs and metric labels keep a bounded set.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Libraries that log every step of routine work at INFO: heard only at DEBUG.
CHATTY_LOGGERS = ("weasyprint.progress", "fontTools")
# Attributes every LogRecord has; anything else was passed with ``extra=``.
_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def current_request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


def _utc_iso(created: float) -> str:
    return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": _utc_iso(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = current_request_id()
        if request_id:
            line["request_id"] = request_id
        line.update((key, value) for key, value in vars(record).items()
                    if key not in _STANDARD)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self):
        super().__init__(TEXT_FORMAT)

    def formatTime(self, record, datefmt=None):  # noqa: N802 (logging's name)
        return _utc_iso(record.created)

    def format(self, record: logging.LogRecord) -> str:
        record.request_id = current_request_id() or "-"
        return super().format(record)


class DropWerkzeugAccessLines(logging.Filter):
    """The development server's own request line repeats ours with the raw path and query."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name == "werkzeug" and isinstance(record.msg, str)
                    and record.msg.rstrip().endswith('] "%s" %s %s'))


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (servers and test runners swap it)."""

    def __init__(self):
        super().__init__()
        self.target = None
        self.addFilter(RedactTokens())  # every line, not just the servers' access lines
        self.addFilter(DropWerkzeugAccessLines())

    @property
    def stream(self):
        return self.target or sys.stderr

    @stream.setter
    def stream(self, value):
        self.target = None if value is sys.stderr else value


FORMATTERS = {"json": JsonFormatter, "text": TextFormatter}


def gunicorn_logconfig() -> dict:
    """gunicorn's ``logconfig_dict``: its own lines (workers booting, timing out) in the
    portal's format, through the handler the workers' portal then uses too."""
    chosen = os.environ.get("PORTAL_LOG_FORMAT", "json").lower()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"portal": {"()": FORMATTERS[chosen]}},
        "handlers": {"portal": {"()": StderrHandler, "formatter": "portal"}},
        "root": {"level": "INFO", "handlers": ["portal"]},
        "loggers": {
            "gunicorn.error": {"handlers": [], "propagate": True},
            # The portal logs each request itself, without the query string.
            "gunicorn.access": {"handlers": [], "propagate": False},
        },
    }


def portal_handler() -> StderrHandler | None:
    return next((handler for handler in logging.getLogger().handlers
                 if isinstance(handler, StderrHandler)), None)


def configure(app: Flask) -> None:
    """Sends every logger's lines through one handler on the root logger (set up once)."""
    chosen = str(app.config["LOG_FORMAT"]).lower()
    if chosen not in FORMATTERS:
        raise RuntimeError(f"PORTAL_LOG_FORMAT must be one of {', '.join(FORMATTERS)}")
    handler = portal_handler()
    if handler is None:
        handler = StderrHandler()
        logging.getLogger().addHandler(handler)
    handler.setFormatter(FORMATTERS[chosen]())
    root = logging.getLogger()
    try:
        root.setLevel(str(app.config["LOG_LEVEL"]).upper())
    except ValueError:
        raise RuntimeError("PORTAL_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR") from None
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(
            logging.NOTSET if root.level <= logging.DEBUG else logging.WARNING)
    app.logger.removeHandler(default_handler)  # the root handler prints its lines


def begin_request() -> None:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def route_rule() -> str | None:
    """The matched rule (``/statements/<int:statement_id>``), None when nothing matched."""
    return request.url_rule.rule if request.url_rule is not None else None


def method_name() -> str:
    return request.method if request.method in METHODS else "OTHER"


def request_seconds() -> float:
    return time.perf_counter() - g.get("request_started", time.perf_counter())


def end_request(response, seconds: float):
    response.headers[REQUEST_ID_HEADER] = g.get("request_id") or uuid.uuid4().hex
    route = route_rule()
    level = logging.DEBUG if route in QUIET_ROUTES else logging.INFO
    duration_ms = round(seconds * 1000, 1)
    method = method_name()
    fields = {"method": method, "route": route, "status": response.status_code,
              "duration_ms": duration_ms}
    log.log(level, "%s %s %s %.1f ms", method, route or "(no route)", response.status_code,
            duration_ms, extra=fields)
    return response
