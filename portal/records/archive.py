"""Reading published records: the archive search and the feed (the API uses records_query)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for
from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.meetings.models import Meeting
from portal.records.models import COMPILATION, PENDING, RENDERED, Edition, Record
from portal.registry.models import MajorGroup

PAGE_SIZE = 25


@dataclass
class Page:
    records: list
    total: int
    page: int
    pages: int


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def public_edition_condition():
    """SQL for an edition anyone may read (same rule as Edition.is_public)."""
    return or_(Edition.status != PENDING, Edition.machine_translated.is_(True),
               Record.kind == COMPILATION)


def records_query(*, q: str | None = None, meeting: str | None = None,
                  group: str | None = None, language: str | None = None,
                  date_from: date | None = None, date_to: date | None = None):
    """Published records matching the archive's filters (also the API's and the export's)."""
    query = db.select(Record)
    if q:
        query = query.where(or_(Record.symbol.ilike(_like(q.strip()), escape="\\"),
                                Record.title.ilike(_like(q.strip()), escape="\\")))
    if meeting:
        query = query.join(Meeting, Record.meeting_id == Meeting.id).where(Meeting.slug == meeting)
    if group:
        query = query.join(MajorGroup, Record.group_id == MajorGroup.id).where(
            MajorGroup.slug == group)
    if language:
        query = query.where(db.select(Edition.id).where(
            Edition.record_id == Record.id, Edition.language == language,
            Edition.title.is_not(None) | (Record.kind == COMPILATION),
            public_edition_condition()).exists())
    if date_from:
        query = query.where(Record.published_on >= date_from)
    if date_to:
        query = query.where(Record.published_on <= date_to)
    return query


def search(*, q: str | None = None, meeting: str | None = None, group: str | None = None,
           language: str | None = None, date_from: date | None = None,
           date_to: date | None = None, page: int = 1, size: int = PAGE_SIZE) -> Page:
    query = records_query(q=q, meeting=meeting, group=group, language=language,
                          date_from=date_from, date_to=date_to)
    total = db.session.scalar(db.select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // size))
    page = min(max(page, 1), pages)
    records = db.session.scalars(
        query.order_by(Record.published_at.desc(), Record.id.desc())
        .limit(size).offset((page - 1) * size)
        .options(selectinload(Record.editions).selectinload(Edition.file),
                 selectinload(Record.meeting), selectinload(Record.group),
                 selectinload(Record.parent))
    ).all()
    return Page(list(records), total, page, pages)


def latest(limit: int = 50) -> list[Record]:
    return list(db.session.scalars(
        db.select(Record).order_by(Record.published_at.desc(), Record.id.desc()).limit(limit)
        .options(selectinload(Record.editions), selectinload(Record.group),
                 selectinload(Record.meeting))).all())


def pdf_url(record: Record, edition: Edition, external: bool = False) -> str | None:
    if edition.file_id is None or edition.render_status != RENDERED or not edition.is_public:
        return None
    return url_for("records.edition_pdf", language=edition.language, symbol=record.symbol,
                   _external=external)
