"""Account operations. Services add and flush; the request commits."""
import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from portal import mail
from portal.auth.models import AuthToken, User
from portal.extensions import db
from portal.timeutil import utcnow

_STANDARD = PasswordHasher()
# Tests create hundreds of accounts; the cheapest argon2 settings keep them fast.
_FAST_FOR_TESTS = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
CONFIRM = "confirm"
RESET = "reset"
# A hash to verify against when the account does not exist, so timing tells nothing.
_DUMMY_HASH = _STANDARD.hash(secrets.token_hex(16))


def hasher() -> PasswordHasher:
    return _FAST_FOR_TESTS if current_app.config.get("FAST_PASSWORD_HASHING") else _STANDARD


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(db.select(User).filter_by(email=normalize_email(email)))


def email_taken(email: str) -> bool:
    return find_user(email) is not None


def create_user(email, display_name, password, language="en", role=None, confirmed=False):
    user = User(
        email=normalize_email(email),
        display_name=display_name.strip(),
        password_hash=hasher().hash(password),
        preferred_language=language,
        email_confirmed_at=utcnow() if confirmed else None,
    )
    if role:
        user.role = role
    db.session.add(user)
    db.session.flush()
    return user


def register(email, display_name, password, language) -> User:
    user = create_user(email, display_name, password, language)
    send_token_mail(user, CONFIRM)
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_user(email)
    try:
        hasher().verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user and hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hasher().hash(password)
    return user


def end_every_session(user: User) -> None:
    """Every session and remember cookie of the account stops working.

    Both carry the account's session generation (``User.get_id``), which no longer matches.
    """
    user.session_version += 1
    db.session.flush()


def set_password(user: User, password: str) -> None:
    user.password_hash = hasher().hash(password)
    end_every_session(user)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _fingerprint(user: User) -> str:
    return _digest(user.password_hash)


def issue_token(user: User, purpose: str) -> str:
    token = secrets.token_urlsafe(32)
    max_age = current_app.config["TOKEN_MAX_AGE_SECONDS"]
    db.session.add(AuthToken(digest=_digest(token), purpose=purpose, user_id=user.id,
                             expires_at=utcnow() + timedelta(seconds=max_age),
                             password_fingerprint=_fingerprint(user)))
    db.session.flush()
    return token


def _live_token(token: str, purpose: str) -> AuthToken | None:
    """The unused, unexpired token; a reset link also dies once the password changed."""
    record = db.session.scalar(
        db.select(AuthToken).filter_by(digest=_digest(token or ""), purpose=purpose)
    )
    if record is None or record.used_at is not None or record.expires_at < utcnow():
        return None
    if purpose == RESET and record.password_fingerprint != _fingerprint(record.user):
        return None
    return record


def redeem_token(token: str, purpose: str) -> User | None:
    """The token's user, marking it used; None when unknown, used or expired."""
    record = _live_token(token, purpose)
    if record is None:
        return None
    record.used_at = utcnow()
    db.session.flush()
    return record.user


def peek_token(token: str, purpose: str) -> User | None:
    """Like ``redeem_token`` without using it up (to show the reset form)."""
    record = _live_token(token, purpose)
    return record.user if record else None


MAIL_SUBJECTS = {
    CONFIRM: _l("Confirm your email address"),
    RESET: _l("Reset your password"),
}
MAIL_ENDPOINTS = {CONFIRM: "auth.confirm", RESET: "auth.reset_password"}


def send_token_mail(user: User, purpose: str) -> None:
    token = issue_token(user, purpose)
    link = current_app.config["BASE_URL"].rstrip("/") + url_for(MAIL_ENDPOINTS[purpose],
                                                                token=token)
    mail.send(user.email, MAIL_SUBJECTS[purpose], f"auth/mail_{purpose}",
              language=user.preferred_language, user=user, link=link)
