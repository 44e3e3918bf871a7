"""Accounts, single-use tokens, the sign-in failure log and the account mail log."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.permissions import CONTRIBUTOR
from portal.timeutil import utcnow

EMAIL_MAX = 254
NAME_MAX = 200


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)
    display_name: Mapped[str] = mapped_column(String(NAME_MAX))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=CONTRIBUTOR)
    preferred_language: Mapped[str] = mapped_column(String(10), default="en")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    email_confirmed_at: Mapped[datetime | None]
    # Set when the mail server refused the address for good (a 5xx answer): notifications
    # stop until the person says the address works again (portal/notifications).
    email_bounced_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The session generation: sessions and remember cookies carry it (``get_id``) and stop
    # working once it is bumped (sign-out, password change or reset, "sign out everywhere").
    session_version: Mapped[int] = mapped_column(default=1)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None


class AuthToken(db.Model):
    """A single-use emailed token; only its SHA-256 digest is stored."""

    __tablename__ = "auth_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    # SHA-256 of the password hash when issued: a reset link dies once the password changes.
    password_fingerprint: Mapped[str] = mapped_column(String(64), default="", server_default="")

    user: Mapped[User] = relationship()


class SigninFailure(db.Model):
    """A refused password, under the keys it counts against (see ``portal.security``)."""

    __tablename__ = "signin_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), index=True)
    at: Mapped[datetime] = mapped_column(index=True)


class MailSent(db.Model):
    """An account email sent on someone's request, counted to limit them (works across servers)."""

    __tablename__ = "mail_sent"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(EMAIL_MAX), index=True)
    # The network address that asked for it.
    requested_from: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(index=True)
