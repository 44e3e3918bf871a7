"""Account operations. Services add and flush; the request commits."""
import hashlib
import logging
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from portal import mail
from portal.auth.models import AuthToken, MailSent, User
from portal.extensions import db
from portal.timeutil import utcnow

log = logging.getLogger(__name__)
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


def register(email, display_name, password, language, address: str) -> User | None:
    """A new account, or a note to the owner of the address: the person asking sees no
    difference, so registration tells nobody which addresses have an account."""
    owner = find_user(email)
    if not may_send_account_mail(normalize_email(email), address):
        return None
    if owner is None:
        user = create_user(email, display_name, password, language)
        send_token_mail(user, CONFIRM)
        return user
    hasher().hash(password)  # the work a new account costs, so timing tells nothing either
    mail.send(owner.email, _l("Someone tried to register with your email address"),
              "auth/mail_registered_again", language=owner.preferred_language, user=owner,
              sign_in_link=_link("auth.sign_in"), reset_link=_link("auth.forgot_password"))
    return None


def may_send_account_mail(recipient: str, address: str) -> bool:
    """Counts an account email asked for from ``address``; False (logged) over a limit.

    Counted in the database, so the limits hold across several web servers.
    """
    config = current_app.config
    since = utcnow() - timedelta(seconds=config["MAIL_LIMIT_WINDOW_SECONDS"])
    sent = db.select(db.func.count()).select_from(MailSent).where(MailSent.at >= since)
    to_recipient = db.session.scalar(sent.where(MailSent.recipient == recipient))
    from_address = db.session.scalar(sent.where(MailSent.requested_from == address))
    if (to_recipient >= config["MAIL_LIMIT_PER_RECIPIENT"]
            or from_address >= config["MAIL_LIMIT_PER_ADDRESS"]):
        log.warning("account mail not sent, limit reached: %s to, %s from %s in the window",
                    to_recipient, from_address, address)
        return False
    db.session.add(MailSent(recipient=recipient, requested_from=address, at=utcnow()))
    return True


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


def _link(endpoint: str, **values) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def send_token_mail(user: User, purpose: str) -> None:
    token = issue_token(user, purpose)
    link = _link(MAIL_ENDPOINTS[purpose], token=token)
    mail.send(user.email, MAIL_SUBJECTS[purpose], f"auth/mail_{purpose}",
              language=user.preferred_language, user=user, link=link)
