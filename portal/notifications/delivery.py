"""Sending the outbox: after the commit, in the background, retried with backoff.

``dispatch`` runs on the background dispatch of portal/jobs.py (``NOTIFY_MODE``: thread, rq
on the queue ``notifications``, or inline). A sender first takes the row with one atomic
UPDATE that moves ``next_try_at`` a lease ahead: of two senders only one gets it, and a
sender that dies leaves the row to be taken again once the lease ran out.

A refusal that may pass (connection refused, timeout, a 4xx answer) is retried after
``NOTIFY_RETRY_SECONDS`` doubled at each attempt (up to six hours), ``NOTIFY_ATTEMPTS`` times
in all, then the row is failed. A permanent refusal of the address (5xx to RCPT TO) fails the
row at once and flags the address as bounced on the account. ``flask notify send`` (a timer)
sends what is due.
"""
from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta

from flask import Flask, current_app

from portal import jobs, mail
from portal.auth.models import User
from portal.extensions import db
from portal.notifications.models import FAILED, PENDING, SENT, Notification
from portal.notifications.services import KIND
from portal.timeutil import utcnow

log = logging.getLogger(__name__)
QUEUE_NAME = "notifications"
LEASE_SECONDS = 300
MAX_BACKOFF_SECONDS = 6 * 3600
BATCH = 500


def mode(app: Flask) -> str:
    return jobs.mode(app, "NOTIFY_MODE")


def dispatch(app: Flask, ids: list[int]) -> None:
    jobs.submit(app, mode(app), QUEUE_NAME, "portal.notifications.delivery.rq_deliver",
                _in_app, ids, workers=1, job_timeout=LEASE_SECONDS)


jobs.register(KIND, lambda app, ids: dispatch(app, ids))


def _in_app(app: Flask, notification_id: int):
    return jobs.in_app(app, deliver, notification_id)


def rq_deliver(notification_id: int):
    """The RQ job: the worker builds the app once from the environment."""
    return _in_app(jobs.worker_app(), notification_id)


def attempts_allowed() -> int:
    return int(current_app.config.get("NOTIFY_ATTEMPTS", 8))


def backoff(attempts: int) -> timedelta:
    base = int(current_app.config.get("NOTIFY_RETRY_SECONDS", 60))
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS))


def _take(notification_id: int, now: datetime) -> bool:
    taken = db.session.execute(
        db.update(Notification)
        .where(Notification.id == notification_id, Notification.status == PENDING,
               Notification.next_try_at <= now)
        .values(next_try_at=now + timedelta(seconds=LEASE_SECONDS),
                attempts=Notification.attempts + 1))
    db.session.commit()
    return taken.rowcount == 1


def _message(row: Notification):
    headers = {"Content-Language": row.language.replace("_", "-")}
    if row.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{row.unsubscribe_url}>"
    return mail.compose(row.recipient, row.subject, row.body,
                        message_id=f"<notification-{row.id}@mgos-portal>", headers=headers)


def _address_refused(error: Exception) -> bool:
    """The server refused the recipient for good (5xx): the address bounces."""
    return (isinstance(error, smtplib.SMTPRecipientsRefused) and bool(error.recipients)
            and all(code >= 500 for code, _text in error.recipients.values()))


def deliver(notification_id: int, now: datetime | None = None) -> str | None:
    """Send one queued email if it is due and nobody else is sending it; its new status."""
    now = now or utcnow()
    if not _take(notification_id, now):
        return None
    row = db.session.get(Notification, notification_id)
    try:
        mail.deliver(_message(row))
    except Exception as error:  # noqa: BLE001 (every failure is recorded on the row)
        _record_failure(row, error, now)
    else:
        row.status, row.sent_at, row.last_error = SENT, utcnow(), None
    db.session.commit()
    return row.status


def _record_failure(row: Notification, error: Exception, now: datetime) -> None:
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    if _address_refused(error):
        row.status = FAILED
        user = db.session.get(User, row.user_id) if row.user_id else None
        if user is not None and user.email == row.recipient:
            user.email_bounced_at = user.email_bounced_at or now
        log.warning("notification %s: the address bounced", row.id)
    elif row.attempts >= attempts_allowed():
        row.status = FAILED
        log.warning("notification %s failed after %s attempts", row.id, row.attempts)
    else:
        row.next_try_at = now + backoff(row.attempts)
        log.info("notification %s: will try again at %s", row.id, row.next_try_at)


def deliver_due(now: datetime | None = None) -> dict[str, int]:
    """Send every pending email whose time has come (the timer's and the desk's work)."""
    now = now or utcnow()
    ids = db.session.scalars(
        db.select(Notification.id)
        .where(Notification.status == PENDING, Notification.next_try_at <= now)
        .order_by(Notification.next_try_at, Notification.id).limit(BATCH)).all()
    outcome = {SENT: 0, PENDING: 0, FAILED: 0}
    for notification_id in ids:
        status = deliver(notification_id, now)
        if status:
            outcome[status] += 1
    return outcome


def try_again(row: Notification) -> None:
    """The secretariat's "try again now": pending, due now, with its attempts renewed."""
    row.status, row.attempts, row.next_try_at = PENDING, 0, utcnow()
    db.session.flush()
    jobs.after_commit(KIND, [row.id])
