"""Queue notifications: each is rendered in its recipient's language and waits in the outbox.

Services add and flush; the rows are delivered once the request's transaction commits
(``portal.notifications.delivery``), so no mail announces what was rolled back.
"""
from __future__ import annotations

from datetime import date

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.exc import IntegrityError

from portal import jobs
from portal.auth.models import User
from portal.consultations.timefmt import local_moment, zone_of
from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.notifications.models import Notification, NotificationOptOut
from portal.permissions import ADMINISTRATOR, SECRETARIAT
from portal.registry.models import APPROVED, Membership, OrganizingPartner

KIND = "notifications"  # the background work's name in portal/jobs.py

OPENED = "opened"
RECEIPT = "receipt"
DIGEST = "digest"
VALIDATION = "validation"
SIGNED_OFF = "signed_off"
SUBMITTED = "submitted"
PUBLISHED = "published"
REMINDER = "reminder"
KINDS = {
    OPENED: _l("A group I asked to follow opens a consultation"),
    RECEIPT: _l("A receipt for each input I send, with its text"),
    REMINDER: _l("A reminder three days before a consultation of my groups closes"),
    PUBLISHED: _l("A statement I contributed to, or of my groups, is published"),
    DIGEST: _l("Organizing partners: a daily digest of new inputs and reports"),
    VALIDATION: _l("Organizing partners: a statement goes to validation"),
    SIGNED_OFF: _l("Organizing partners: an organization signs a statement off"),
    SUBMITTED: _l("Secretariat: a statement is submitted for publication"),
}
UNSUBSCRIBE_SALT = "notification-unsubscribe"


# --- links -------------------------------------------------------------------------------

def absolute(endpoint: str, **values) -> str:
    """The address of a page from the configured BASE_URL, also outside a request."""
    base = current_app.config["BASE_URL"].rstrip("/")
    if has_request_context():
        return base + url_for(endpoint, **values)
    with current_app.test_request_context():
        return base + url_for(endpoint, **values)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int, kind: str) -> str:
    return _serializer().dumps([user_id, kind])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        user_id, kind = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    return (user_id, kind) if isinstance(user_id, int) and kind in KINDS else None


# --- choices -----------------------------------------------------------------------------

def turned_off(user) -> set[str]:
    return set(db.session.scalars(db.select(NotificationOptOut.kind).filter_by(user_id=user.id)))


def set_choices(user, wanted: set[str]) -> None:
    """Keep these kinds on and turn the others off."""
    off = turned_off(user)
    for kind in KINDS:
        if kind in wanted and kind in off:
            db.session.execute(db.delete(NotificationOptOut).filter_by(user_id=user.id,
                                                                       kind=kind))
        elif kind not in wanted and kind not in off:
            db.session.add(NotificationOptOut(user_id=user.id, kind=kind))
    db.session.flush()


def turn_off(user_id: int, kind: str) -> None:
    """One kind off (the unsubscribe link); clicking it twice changes nothing."""
    exists = db.session.scalar(db.select(NotificationOptOut.id).filter_by(user_id=user_id,
                                                                         kind=kind))
    if exists is None:
        try:
            with db.session.begin_nested():
                db.session.add(NotificationOptOut(user_id=user_id, kind=kind))
        except IntegrityError:
            pass  # the same link followed twice at once


# --- the outbox --------------------------------------------------------------------------

def language_of(user) -> str:
    return user.preferred_language if user.preferred_language in LANGUAGES else "en"


def queue(user, kind: str, key: str, subject, template: str, **context) -> Notification | None:
    """Queue one email to ``user`` about an event named by ``key`` (unique per recipient).

    Nothing is queued for a kind the person turned off, for an address that bounced or is
    not confirmed, or when the same event was already queued for them.
    """
    key = f"{key}:user:{user.id}"
    if (not user.is_confirmed or user.email_bounced_at is not None
            or kind in turned_off(user)
            or db.session.scalar(db.select(Notification.id).filter_by(key=key)) is not None):
        return None
    language = language_of(user)
    unsubscribe = absolute("notify.unsubscribe", token=unsubscribe_token(user.id, kind))
    with force_locale(language):
        row = Notification(
            key=key, kind=kind, user_id=user.id, recipient=user.email, language=language,
            subject=str(subject)[:300], unsubscribe_url=unsubscribe,
            body=_render(user, kind, template, unsubscribe, context))
    try:
        with db.session.begin_nested():  # the same event queued at the same moment elsewhere
            db.session.add(row)
    except IntegrityError:
        return None
    jobs.after_commit(KIND, [row.id])
    return row


def _render(user, kind: str, template: str, unsubscribe: str, context: dict) -> str:
    """The body in the current (the recipient's) language, moments in their time zone."""
    zone, language = zone_of(user), language_of(user)
    return render_template(
        f"notifications/{template}.txt", user=user, unsubscribe=unsubscribe,
        settings=absolute("notify.settings"), kind_label=str(KINDS[kind]),
        moment=lambda value: local_moment(value, zone, language), **context)


def queue_for_each(users, kind: str, key: str, subject, template: str, **context) -> int:
    """``queue`` for each person once (``subject``, a lazy string, speaks their language)."""
    unique = {user.id: user for user in users}.values()
    return sum(queue(user, kind, key, subject, template, **context) is not None
               for user in unique)


# --- who is told -------------------------------------------------------------------------

def partners_of(group_id: int, on: date | None = None) -> list[User]:
    """Approved members of the group's current organizing partners."""
    current = (db.select(OrganizingPartner.organization_id)
               .filter(OrganizingPartner.group_id == group_id,
                       OrganizingPartner.current_filter(on or date.today())))
    return list(db.session.scalars(
        db.select(User).join(Membership, Membership.user_id == User.id)
        .filter(Membership.organization_id.in_(current), Membership.status == APPROVED)
        .distinct().order_by(User.id)))


def secretariat() -> list[User]:
    return list(db.session.scalars(db.select(User).filter(
        User.role.in_((SECRETARIAT, ADMINISTRATOR))).order_by(User.id)))
