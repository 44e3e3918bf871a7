"""Creating, checking and revoking personal access tokens. Services add and flush."""
import hashlib
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from portal.api.models import ApiToken
from portal.extensions import db
from portal.timeutil import utcnow

# What a token may be used for; the account's own permissions still apply on top.
SCOPES = {
    "inputs:submit": _l("Submit inputs to open consultations"),
    "inputs:import": _l("Import inputs collected elsewhere"),
    "reports:write": _l("Record national and regional consultation reports"),
    "consultations:open": _l("Open consultations (organizing partners)"),
}
TOKEN_PREFIX = "mgos_"
# How long a new token lasts, in days; 0 means until revoked.
LIFETIMES = {30: _l("30 days"), 90: _l("90 days"), 365: _l("one year"), 0: _l("until revoked")}
# Do not write "last used" on every request: once a minute is precise enough for people.
LAST_USE_PRECISION_SECONDS = 60


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create(user, name: str, scopes, days: int = 0) -> tuple[ApiToken, str]:
    """A new token and its secret, which is shown once and never stored."""
    visible = TOKEN_PREFIX + secrets.token_hex(4)
    secret = f"{visible}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user_id=user.id, name=name.strip(), prefix=visible, digest=digest(secret),
                     scopes=sorted(set(scopes) & set(SCOPES)),
                     expires_at=utcnow() + timedelta(days=days) if days else None)
    db.session.add(token)
    db.session.flush()
    return token, secret


def find_active(secret: str) -> ApiToken | None:
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(db.select(ApiToken).filter_by(digest=digest(secret)))
    if token is None or not token.is_active:
        return None
    return token


def mark_used(token: ApiToken) -> None:
    now = utcnow()
    if token.last_used_at is None or (
            now - token.last_used_at).total_seconds() >= LAST_USE_PRECISION_SECONDS:
        token.last_used_at = now


def owned_by(user) -> list[ApiToken]:
    return list(db.session.scalars(
        db.select(ApiToken).filter_by(user_id=user.id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())))


def revoke(token: ApiToken) -> None:
    token.revoked_at = token.revoked_at or utcnow()
    db.session.flush()
