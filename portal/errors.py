"""Translated error pages; problem+json (RFC 9457) for the API."""
import logging

from flask import Flask, g, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.extensions import db, login_manager

log = logging.getLogger(__name__)

TITLES = {
    400: _l("Bad request"),
    401: _l("Sign-in required"),
    403: _l("Access denied"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    409: _l("Conflict"),
    413: _l("Request too large"),
    415: _l("Unsupported media type"),
    422: _l("The request could not be processed"),
    429: _l("Too many requests"),
    500: _l("Something went wrong"),
    503: _l("Temporarily unavailable"),
}
DESCRIPTIONS = {
    400: _l("The request was not understood."),
    401: _l("Sign in to continue."),
    403: _l("You do not have permission to see this page."),
    404: _l("There is nothing at this address."),
    405: _l("This address does not accept this kind of request."),
    409: _l("Someone else changed this in the meantime."),
    413: _l("What you sent is larger than the portal accepts."),
    415: _l("The portal does not accept this kind of content here."),
    422: _l("Some of what you sent is not valid."),
    429: _l("Too many requests in a short time. Wait a little and try again."),
    500: _l("The portal could not complete your request. Nothing was changed. "
            "The team has been told."),
    503: _l("The portal is busy or under maintenance. Nothing was changed. "
            "Try again in a minute."),
}
# The database is unreachable, locked or out of connections: ask clients to come back.
UNAVAILABLE = (OperationalError, PoolTimeout)
RETRY_AFTER_SECONDS = 30
CSRF_MESSAGE = _l("This form has expired or did not come from this site. "
                  "Reload the page and send it again.")


def wants_problem_json() -> bool:
    return request.path.startswith("/api/")


def error_response(code: int, detail=None, headers=None, link=None):
    """The error page (or problem+json); ``link`` is an optional (address, label) to follow."""
    title = TITLES.get(code, TITLES[500])
    detail = str(detail) if detail else str(DESCRIPTIONS.get(code, DESCRIPTIONS[500]))
    if wants_problem_json():
        response = jsonify(type="about:blank", title=str(title), status=code, detail=detail)
        response.mimetype = "application/problem+json"
    else:
        response = make_response(render_template(
            "errors/error.html", code=code, title=title, detail=detail, link=link))
    response.status_code = code
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _own_description(error: HTTPException):
    """A description set by the view (``abort(404, text)``), not Werkzeug's English one."""
    default = type(error).description
    return error.description if error.description != default else None


def _roll_back() -> None:
    """End the failed transaction first: the page itself reads the database (the user)."""
    try:
        db.session.rollback()
    except Exception:  # the connection is gone; the pool replaces it on the next request
        log.warning("could not roll back after an error", exc_info=True)
        db.session.remove()


def unavailable_response(error):
    # One line per refused request: an outage under load must not bury the log in tracebacks.
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    log.error("database unavailable on %s %s: %s", request.method, request.path,
              reason[0] if reason else type(error).__name__)
    _roll_back()
    # Draw the page as for a visitor: loading the signed-in account needs the database.
    g._login_user = login_manager.anonymous_user()
    return error_response(503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def database_unavailable(error: HTTPException):
    """The 503 answer when the database was lost behind this error (a query, or the commit
    after the view answered); None otherwise. Every error handler asks this first."""
    original = getattr(error, "original_exception", None)
    return unavailable_response(original) if isinstance(original, UNAVAILABLE) else None


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return error_response(400, CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        unavailable = database_unavailable(error)
        if unavailable is not None:
            return unavailable
        if error.code and error.code >= 500:
            _roll_back()
        headers = {}
        if error.code in (405, 429, 503):  # Allow, Retry-After
            headers = dict(error.get_headers())
            headers.pop("Content-Type", None)
        return error_response(error.code or 500, _own_description(error), headers)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        if isinstance(error, UNAVAILABLE):
            return unavailable_response(error)
        log.exception("unhandled error on %s %s", request.method, request.path)
        _roll_back()
        return error_response(InternalServerError.code)
