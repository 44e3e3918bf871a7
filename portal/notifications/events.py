"""What happened, and who is told: one function per event, called where the event happens.

Each queues its emails in the outbox (``services.queue``); the request's commit sends them.
The digest and the reminders run from ``flask notify digest`` (a daily timer).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.notifications import services
from portal.notifications.services import absolute, partners_of, queue, queue_for_each

REMINDER_DAYS = 3


def _statement_title(statement) -> str:
    if statement.frozen_title:
        return statement.frozen_title
    return statement.current_version.title if statement.current_version else ""


def receipt(item) -> None:
    """The author's receipt for an input, with its text."""
    consultation = item.consultation
    queue(item.author, services.RECEIPT, f"receipt:input:{item.id}",
          _l("Your input is received: %(title)s", title=consultation.title), "receipt",
          consultation=consultation, item=item,
          link=absolute("consultations.show", consultation=consultation.id))


def _tell_other_partners(statement, actor_id: int, kind: str, key: str, subject,
                         **context) -> None:
    """The group's organizing partners, except the one who acted, about the statement."""
    partners = [user for user in partners_of(statement.group_id) if user.id != actor_id]
    queue_for_each(partners, kind, key, subject, kind, statement=statement,
                   title=_statement_title(statement),
                   link=absolute("statements.show", statement=statement.id), **context)


def validation_requested(statement, requester) -> None:
    _tell_other_partners(
        statement, requester.id, services.VALIDATION,
        f"validation:{statement.id}:{statement.validation_requested_at:%Y%m%d%H%M%S}",
        _l("Validation requested: %(title)s", title=_statement_title(statement)),
        requester=requester)


def signed_off(statement, signoff) -> None:
    _tell_other_partners(
        statement, signoff.user_id, services.SIGNED_OFF,
        f"signoff:{signoff.id}:version:{signoff.version_id}",
        _l("Signed off: %(title)s", title=_statement_title(statement)), signoff=signoff)


def submitted(statement) -> None:
    title = _statement_title(statement)
    queue_for_each(services.secretariat(), services.SUBMITTED, f"submitted:{statement.id}",
                   _l("Submitted for publication: %(title)s", title=title), "submitted",
                   statement=statement, title=title,
                   link=absolute("records.publish", statement_id=statement.id))


def published(record) -> None:
    """The group's subscribers and everyone who sent an input to the consultation."""
    from portal.consultations.models import ACCEPTED, Consultation, Input
    from portal.consultations.services import subscribers

    people = list(subscribers(record.group_id)) if record.group_id else []
    if record.statement_id:
        people += db.session.scalars(
            db.select(User).join(Input, Input.author_id == User.id)
            .join(Consultation, Consultation.id == Input.consultation_id)
            .filter(Consultation.statement_id == record.statement_id,
                    Input.status == ACCEPTED).distinct())
    editions = [(language, absolute("records.edition_pdf", language=language,
                                    symbol=record.symbol)) for language in LANGUAGES]
    queue_for_each(people, services.PUBLISHED, f"published:{record.id}",
                   _l("Published as %(symbol)s: %(title)s", symbol=record.symbol,
                      title=record.title), "published",
                   record=record, editions=editions,
                   link=absolute("records.record_page", symbol=record.symbol))


def opened(consultation) -> None:
    """The group's subscribers: a consultation is open (or will open) for their inputs."""
    from portal.consultations.services import subscribers

    queue_for_each(subscribers(consultation.group_id), services.OPENED,
                   f"opened:{consultation.id}",
                   _l("A consultation is open: %(title)s", title=consultation.title), "opened",
                   consultation=consultation,
                   link=absolute("consultations.show", consultation=consultation.id))


def reminders(now: datetime) -> int:
    """Subscribers of a group, once per consultation closing within three days."""
    from portal.consultations.models import Consultation
    from portal.consultations.services import subscribers

    closing = db.session.scalars(
        db.select(Consultation).options(joinedload(Consultation.group))
        .filter(Consultation.opens_at <= now, Consultation.closes_at > now,
                Consultation.closes_at <= now + timedelta(days=REMINDER_DAYS))
        .order_by(Consultation.closes_at))
    queued = 0
    for consultation in closing:
        queued += queue_for_each(
            subscribers(consultation.group_id), services.REMINDER,
            f"reminder:{consultation.id}",
            _l("Closing soon: %(title)s", title=consultation.title), "reminder",
            consultation=consultation,
            link=absolute("consultations.show", consultation=consultation.id),
            new_input=absolute("consultations.new_input", consultation=consultation.id))
    return queued


def digest(now: datetime) -> int:
    """Each group's organizing partners: the inputs and reports of the last day, if any."""
    from portal.consultations.models import ACCEPTED, Consultation, ConsultationReport, Input
    from portal.registry.models import MajorGroup
    from portal.statements.models import Statement

    since = now - timedelta(days=1)
    inputs = db.session.execute(
        db.select(Consultation, db.func.count(Input.id))
        .join(Input, Input.consultation_id == Consultation.id)
        .filter(Input.created_at >= since, Input.created_at < now, Input.status == ACCEPTED)
        .group_by(Consultation.id).order_by(Consultation.id)).all()
    reports = db.session.execute(
        db.select(ConsultationReport, Statement.group_id)
        .join(Statement, Statement.id == ConsultationReport.statement_id)
        .filter(ConsultationReport.created_at >= since, ConsultationReport.created_at < now)
        .order_by(ConsultationReport.id)).all()
    groups = {c.group_id for c, _count in inputs} | {group_id for _r, group_id in reports}
    queued = 0
    for group_id in sorted(groups):
        group = db.session.get(MajorGroup, group_id)
        queued += queue_for_each(
            partners_of(group_id), services.DIGEST, f"digest:{group_id}:{now:%Y-%m-%d}",
            _l("New inputs and reports: the day's digest"), "digest", group=group,
            inputs=[(c, count, absolute("consultations.inputs", consultation=c.id))
                    for c, count in inputs if c.group_id == group_id],
            reports=[report for report, owner in reports if owner == group_id],
            since=since, until=now)
    return queued
