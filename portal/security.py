"""Security headers on every response, and sign-in throttling.

The Content-Security-Policy allows no inline script or style: pages work without
JavaScript and any script is a file served by the portal itself.
"""
import logging
import re
from datetime import timedelta

from flask import Flask, abort, current_app, g, request, session
from flask_babel import lazy_gettext as _l

from portal.extensions import db
from portal.timeutil import utcnow

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


# Emailed tokens travel in these paths; access logs must not keep them.
TOKEN_PATH = re.compile(r"(/(?:confirm|reset-password)/)[^\s?\"]+")


class RedactTokens(logging.Filter):
    """Replaces single-use tokens in request log lines with a placeholder."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(TOKEN_PATH.sub(r"\1[redacted]", arg) if isinstance(arg, str)
                                else arg for arg in record.args)
        if isinstance(record.msg, str):
            record.msg = TOKEN_PATH.sub(r"\1[redacted]", record.msg)
        return True


NUL_REFUSED = _l("Text cannot contain the NUL character.")


def refuse_nul_characters():
    """No text field accepts NUL: PostgreSQL cannot store it and no person types it.

    The API checks each parameter itself and names the refused one in its problem.
    """
    if request.path.startswith("/api/"):
        return
    if "%00" in request.query_string.decode("latin-1") or any(
            "\x00" in value for value in request.form.values()):
        abort(400, NUL_REFUSED)


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul_characters)
    for name in ("werkzeug", "gunicorn.access"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())

    app.after_request(forbid_storing_private_responses)

    @app.after_request
    def add_security_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response


def rotate_csrf_secret() -> None:
    """Called at sign-in and sign-out: a CSRF token from before is useless after."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    session.pop(field, None)
    g.pop(field, None)


def forbid_storing_private_responses(response):
    """No browser or shared cache keeps what a signed-in person or a token was shown.

    A response explicitly marked public (a record's PDF, an anonymous API read) is left as
    it is; any other response to a signed-in reader depends on who asked.
    """
    reader = g.get("_login_user")
    if reader is None or not reader.is_authenticated or response.cache_control.public:
        return response
    response.cache_control.no_store = True
    response.vary.add("Cookie")
    return response


def throttle_keys(email: str, address: str | None) -> list[str]:
    """Sign-in failures are counted per account and per network address."""
    return [f"account:{email.strip().lower()}", f"address:{address or 'unknown'}"]


def is_throttled(keys: list[str]) -> bool:
    from portal.auth.models import SigninFailure

    since = utcnow() - timedelta(seconds=current_app.config["SIGNIN_WINDOW_SECONDS"])
    limit = current_app.config["SIGNIN_MAX_ATTEMPTS"]
    counts = (
        db.session.query(SigninFailure.key, db.func.count())
        .filter(SigninFailure.key.in_(keys), SigninFailure.at >= since)
        .group_by(SigninFailure.key)
        .all()
    )
    return any(count >= limit for _key, count in counts)


def record_failure(keys: list[str]) -> None:
    """Kept outside the request's transaction: the refused request rolls back, the count stays."""
    from portal.auth.models import SigninFailure

    with db.engine.begin() as connection:
        connection.execute(
            SigninFailure.__table__.insert(), [{"key": key, "at": utcnow()} for key in keys]
        )
