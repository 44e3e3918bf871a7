"""Security headers and cache rules on every response, trusted proxies, sign-in throttling.

The Content-Security-Policy allows no inline script or style: pages work without
JavaScript and any script is a file served by the portal itself.
"""
import hashlib
import logging
import math
import re
from datetime import timedelta

from flask import Flask, abort, current_app, g, request, session
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.caching import served_from_cache
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
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # Only the addresses these proxies add are believed; a client's own is ignored.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.before_request(refuse_nul_characters)
    for name in ("werkzeug", "gunicorn.access"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())

    app.after_request(forbid_storing_private_responses)

    @app.after_request
    def add_security_headers(response):
        if served_from_cache():
            return response  # stored with them
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


# -- sign-in throttling ----------------------------------------------------------------
#
# Failed passwords count per (account, address) pair and per address. After the free
# attempts, each further attempt waits twice as long as the one before, up to a cap: the
# owner elsewhere is never locked out, a guesser is slowed down to a few tries an hour.

def client_address() -> str:
    """The client's address; behind ``TRUSTED_PROXIES`` proxies, the one they forwarded."""
    return request.remote_addr or "unknown"


def _throttle_keys(email: str, address: str) -> dict[str, int]:
    """Each key with its number of free failures. The pair is hashed: no email is kept."""
    pair = hashlib.sha256(f"{email.strip().lower()}|{address}".encode()).hexdigest()
    config = current_app.config
    return {f"pair:{pair}": config["SIGNIN_MAX_ATTEMPTS"],
            f"address:{address}": config["SIGNIN_ADDRESS_MAX_ATTEMPTS"]}


def _since():
    return utcnow() - timedelta(seconds=current_app.config["SIGNIN_WINDOW_SECONDS"])


def throttle_wait(email: str, address: str) -> int:
    """Seconds before this address may try this account's password again (0: now)."""
    from portal.auth.models import SigninFailure

    keys = _throttle_keys(email, address)
    rows = db.session.execute(
        db.select(SigninFailure.key, db.func.count(), db.func.max(SigninFailure.at))
        .where(SigninFailure.key.in_(keys), SigninFailure.at >= _since())
        .group_by(SigninFailure.key)
    ).all()
    cap = current_app.config["SIGNIN_MAX_DELAY_SECONDS"]
    now, wait = utcnow(), 0
    for key, failures, last in rows:
        beyond = failures - keys[key]
        if beyond >= 0:
            delay = min(cap, 2 ** min(beyond + 1, 30))
            wait = max(wait, math.ceil((last - now).total_seconds() + delay))
    return wait


def record_failure(email: str, address: str) -> None:
    """Kept outside the request's transaction: the refused request rolls back, the count stays."""
    from portal.auth.models import SigninFailure

    table = SigninFailure.__table__
    with db.engine.begin() as connection:
        connection.execute(table.delete().where(table.c.at < _since()))
        connection.execute(table.insert(), [{"key": key, "at": utcnow()}
                                            for key in _throttle_keys(email, address)])


def forget_failures(email: str, address: str) -> None:
    """The right password: this pair starts afresh (the address count stays)."""
    from portal.auth.models import SigninFailure

    pair = [key for key in _throttle_keys(email, address) if key.startswith("pair:")]
    db.session.execute(db.delete(SigninFailure).where(SigninFailure.key.in_(pair)))


def too_many_attempts(wait: int) -> str:
    return _("Too many failed attempts. Try again in %(wait)s.",
             wait=format_timedelta(timedelta(seconds=wait), threshold=1))
