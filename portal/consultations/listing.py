"""Open consultations for everyone: the home page, the list with filters, Atom and iCalendar.

Each page reads a fixed number of rows whatever the data size: the consultations (with their
group, one joined query, bounded by ``LIMIT``) and their input counts from the tally
(``portal.consultations.tally``), one aggregate query over a few rows per consultation.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import String, cast, or_
from sqlalchemy.orm import joinedload

from portal.consultations.models import (
    GLOBAL,
    NATIONAL,
    REGIONAL,
    Consultation,
    ParticipationTally,
)
from portal.extensions import db
from portal.registry.models import MajorGroup
from portal.registry.regions import countries_in

CLOSING_SOON_DAYS = 7
LIMIT = 100  # the list shows the consultations closing first; nobody reads more
FEED_LIMIT = 50


@dataclass(frozen=True)
class Filters:
    group_id: int | None = None
    region: str | None = None
    language: str | None = None
    closing_soon: bool = False


@dataclass(frozen=True)
class Listed:
    consultation: Consultation
    inputs: int
    closing_soon: bool


def _region_condition(region: str):
    """Open to people of this region: global ones, and regional or national ones there."""
    return or_(Consultation.scope == GLOBAL,
               (Consultation.scope == REGIONAL) & (Consultation.scope_region == region),
               (Consultation.scope == NATIONAL)
               & Consultation.scope_country.in_(countries_in(region)))


def open_consultations(now: datetime, filters: Filters = Filters(),
                       limit: int = LIMIT) -> list[Listed]:
    """Consultations open now, closing first, with their accepted inputs so far."""
    query = (db.select(Consultation)
             .where(Consultation.opens_at <= now, Consultation.closes_at > now)
             .options(joinedload(Consultation.group))
             .order_by(Consultation.closes_at, Consultation.id).limit(limit))
    if filters.group_id is not None:
        query = query.where(Consultation.group_id == filters.group_id)
    if filters.region:
        query = query.where(_region_condition(filters.region))
    if filters.language:
        # The languages are a JSON list of codes: its text holds "fr" with the quotes.
        query = query.where(cast(Consultation.languages, String).like(f'%"{filters.language}"%'))
    soon = now + timedelta(days=CLOSING_SOON_DAYS)
    if filters.closing_soon:
        query = query.where(Consultation.closes_at <= soon)
    consultations = db.session.scalars(query).all()
    counts = input_counts([c.id for c in consultations])
    return [Listed(c, counts.get(c.id, 0), c.closes_at <= soon) for c in consultations]


def input_counts(consultation_ids: list[int]) -> dict[int, int]:
    """Accepted inputs per consultation, read from the tally (one aggregate query)."""
    if not consultation_ids:
        return {}
    rows = db.session.execute(
        db.select(ParticipationTally.consultation_id, db.func.sum(ParticipationTally.inputs))
        .where(ParticipationTally.consultation_id.in_(consultation_ids))
        .group_by(ParticipationTally.consultation_id))
    return {consultation_id: int(total or 0) for consultation_id, total in rows}


def latest_consultations(group_id: int | None = None, limit: int = FEED_LIMIT):
    """The consultations opened most recently (for the feed and the calendar)."""
    query = (db.select(Consultation).options(joinedload(Consultation.group))
             .order_by(Consultation.opens_at.desc(), Consultation.id.desc()).limit(limit))
    if group_id is not None:
        query = query.where(Consultation.group_id == group_id)
    return db.session.scalars(query).all()


def group_by_slug(slug: str) -> MajorGroup | None:
    return db.session.scalar(db.select(MajorGroup).filter_by(slug=slug))


def group_choices() -> list[tuple[int, str, dict]]:
    return db.session.execute(db.select(MajorGroup.id, MajorGroup.slug, MajorGroup.names)
                              .order_by(MajorGroup.position).limit(200)).all()
