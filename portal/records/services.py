"""Publishing official records, their editions and compilations (services flush, never commit)."""
from __future__ import annotations

from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal import database
from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.i18n_text import localized
from portal.records import figures, machine, tasks
from portal.records.models import (
    COMPILATION,
    ORAL_STATEMENT,
    ORIGINAL,
    PENDING,
    QUEUED,
    STATEMENT,
    SUFFIXES,
    TRANSLATED,
    Edition,
    Record,
    language_position,
)
from portal.statements.models import PUBLISHED, SUBMITTED, Statement
from portal.timeutil import utcnow

ALLOCATION_ATTEMPTS = 8


class Refused(Exception):
    """The request cannot be done as asked; the message says why (shown to the person)."""

    def __init__(self, message, status: int = 409):
        super().__init__(message)
        self.message = message  # lazy: translated when shown, in the reader's language
        self.status = status

    def __str__(self) -> str:
        try:
            return str(self.message)
        except RuntimeError:  # no request to choose a language from (CLI, worker)
            with force_locale("en"):
                return str(self.message)


class AlreadyPublished(Refused):
    """The statement was published (perhaps a moment ago, by a colleague): here is its record."""

    def __init__(self, record: Record):
        super().__init__(_l("This statement is already published as %(symbol)s.",
                            symbol=record.symbol))
        self.record = record


def inbox():
    """Submitted statements waiting for a symbol, oldest first."""
    return db.session.scalars(
        db.select(Statement).where(Statement.status == SUBMITTED)
        .options(selectinload(Statement.group), selectinload(Statement.meeting),
                 selectinload(Statement.agenda_item))
        .order_by(Statement.submitted_at, Statement.id)
        .limit(500)
    ).all()


def _next_sequence(meeting_id: int) -> int:
    highest = db.session.scalar(
        db.select(func.max(Record.sequence)).where(Record.meeting_id == meeting_id))
    return (highest or 0) + 1


def _next_job_number(on: date) -> str:
    prefix = on.strftime("%y-")
    highest = db.session.scalar(
        db.select(func.max(Record.job_number)).where(Record.job_number.like(f"{prefix}%")))
    number = int(highest.removeprefix(prefix)) + 1 if highest else 1
    return f"{prefix}{number:05d}"


def _insert(record: Record, assign) -> Record:
    """Insert with the next free numbers; a concurrent publisher's number makes us retry.

    The unique constraints (meeting + sequence, symbol, job number) decide who got a number;
    the loser's savepoint rolls back, reads the numbers again (now seeing the winner's) and
    takes the next one. A number is never reused:
    records are never deleted.
    """
    for attempt in range(ALLOCATION_ATTEMPTS):
        assign(record, attempt)
        record.job_number = _next_job_number(record.published_on)
        try:
            with db.session.begin_nested():
                db.session.add(record)
                db.session.flush()
            return record
        except IntegrityError:
            continue
    raise Refused(_l("Could not allocate a document number; try again."), 503)


def _editions(record: Record, original_language: str, title: str, body: str) -> None:
    for language in LANGUAGES:
        edition = Edition(language=language, position=language_position(language),
                          status=PENDING)
        if language == original_language:
            edition.status, edition.title, edition.body = ORIGINAL, title, body
        record.editions.append(edition)


def publish_statement(statement: Statement, *, published_on: date, agenda_symbol: str | None,
                      user) -> Record:
    # Lock and read the statement again: a colleague may have published it a moment ago.
    database.lock(statement)
    if statement.status == PUBLISHED:
        published = db.session.scalar(db.select(Record).filter_by(statement_id=statement.id))
        if published is not None:
            raise AlreadyPublished(published)
    if statement.status != SUBMITTED or not statement.frozen_body:
        raise Refused(_l("This statement is not waiting for publication (already published "
                     "or not submitted)."))
    meeting = statement.meeting
    record = Record(
        kind=STATEMENT, meeting_id=meeting.id, agenda_item_id=statement.agenda_item_id,
        statement_id=statement.id, group_id=statement.group_id,
        title=statement.frozen_title or "", original_language=statement.original_language,
        published_on=published_on, published_at=utcnow(),
        agenda_symbol=agenda_symbol or None, created_by_id=getattr(user, "id", None))
    _editions(record, statement.original_language, statement.frozen_title or "",
              statement.frozen_body)

    def assign(rec, attempt):
        rec.sequence = _next_sequence(meeting.id)
        rec.symbol = meeting.symbol_pattern.replace("{n}", str(rec.sequence))

    _insert(record, assign)
    statement.status = PUBLISHED
    machine.prefill_record(record)
    queue_render(record)
    return record


def issue_suffix(parent: Record, kind: str, *, title: str, body: str, note: str | None,
                 published_on: date, user) -> Record:
    """A corrigendum, revision or addendum: a new record linked to ``parent``."""
    if kind not in SUFFIXES:
        raise Refused(_l("Unknown kind of document."), 422)
    record = Record(
        kind=kind, parent_id=parent.id, meeting_id=parent.meeting_id,
        agenda_item_id=parent.agenda_item_id, group_id=parent.group_id, title=title,
        original_language=parent.original_language, distribution=parent.distribution,
        published_on=published_on, published_at=utcnow(), agenda_symbol=parent.agenda_symbol,
        note=note or None, created_by_id=getattr(user, "id", None))
    _editions(record, parent.original_language, title, body)

    def assign(rec, attempt):
        highest = db.session.scalar(db.select(func.max(Record.suffix_number)).where(
            Record.parent_id == parent.id, Record.kind == kind))
        rec.suffix_number = (highest or 0) + 1
        rec.symbol = f"{parent.symbol}/{SUFFIXES[kind]}{rec.suffix_number}"

    _insert(record, assign)
    machine.prefill_record(record)
    queue_render(record)
    return record


def save_translation(edition: Edition, *, title: str, body: str, status: str,
                     translator_note: str | None, version: int, user) -> Edition:
    """The secretariat's text for one language. A translated edition is final."""
    if edition.version != version:
        raise Refused(_l("Someone else saved this edition in the meantime. Reload the page: "
                     "your text was not saved."))
    if edition.status == ORIGINAL:
        raise Refused(_l("The original edition is part of the published record and cannot "
                     "change; issue a corrigendum instead."))
    if edition.status == TRANSLATED:
        raise Refused(_l("This translation has been issued and cannot change; issue a "
                     "corrigendum instead."))
    if status not in (TRANSLATED, PENDING):
        raise Refused(_l("Unknown status."), 422)
    edition.title, edition.body = title, body
    edition.translator_note = translator_note or None
    edition.status = status
    edition.machine_translated = False  # a person wrote or reviewed this text
    edition.version += 1
    edition.updated_at = utcnow()
    edition.updated_by_id = getattr(user, "id", None)
    db.session.flush()
    if status == TRANSLATED:
        queue_render(edition.record, [edition])
        _refresh_compilations(edition.record, edition.language)
    else:
        # A human draft is not public: drop any PDF of an earlier machine draft.
        edition.file_id = None
        edition.render_status = "none"
    return edition


def prefill_machine(edition: Edition, user) -> Edition:
    if edition.status != PENDING:
        raise Refused(_l("Only a pending edition can be prefilled."))
    if not machine.prefill(edition):
        raise Refused(_l("No machine translation service is configured."), 404)
    edition.version += 1
    edition.updated_by_id = getattr(user, "id", None)
    queue_render(edition.record, [edition])
    return edition


def compile_statements(meeting, *, agenda_item=None, original_language: str,
                       published_on: date, agenda_symbol: str | None, user) -> Record:
    """One record compiling the published statements of a meeting or one agenda item."""
    # Delivered oral statements are on the record too (rec. 10; portal.speakers).
    query = (db.select(Record).where(Record.meeting_id == meeting.id,
                                     Record.kind.in_((STATEMENT, ORAL_STATEMENT)))
             .options(selectinload(Record.group), selectinload(Record.agenda_item),
                      selectinload(Record.statement)))
    if agenda_item is not None:
        query = query.where(Record.agenda_item_id == agenda_item.id)
    sources = db.session.scalars(query).all()
    if not sources:
        raise Refused(_l("There is no published statement to compile for this meeting or "
                     "agenda item."))
    sources.sort(key=lambda r: (
        r.agenda_item.position if r.agenda_item else 10_000,
        r.group.position if r.group else 10_000, r.sequence or 0))
    contents = [{
        "record_id": source.id,
        "symbol": source.symbol,
        "agenda_number": source.agenda_item.number if source.agenda_item else None,
        "agenda_titles": source.agenda_item.titles if source.agenda_item else {},
        "group_names": source.group.names if source.group else {},
        "figures": figures.standards_figures(source.statement) if source.statement else {},
    } for source in sources]
    record = Record(
        kind=COMPILATION, meeting=meeting, agenda_item=agenda_item,
        title=compilation_title(meeting, agenda_item, original_language),
        original_language=original_language, published_on=published_on,
        published_at=utcnow(), agenda_symbol=agenda_symbol or None, contents=contents,
        created_by_id=getattr(user, "id", None))
    for language in LANGUAGES:
        record.editions.append(Edition(language=language,
                                       position=language_position(language), status=PENDING))
    _set_compilation_editions(record, {s.id: s for s in sources})

    def assign(rec, attempt):
        rec.sequence = _next_sequence(meeting.id)
        rec.symbol = meeting.symbol_pattern.replace("{n}", str(rec.sequence))

    _insert(record, assign)
    queue_render(record)
    return record


def _set_compilation_editions(record: Record, sources: dict[int, Record]) -> None:
    """Each language is translated when every statement compiled exists in it."""
    for edition in record.editions:
        complete = all(
            (e := sources[entry["record_id"]].edition(edition.language)) is not None
            and e.status in (ORIGINAL, TRANSLATED)
            for entry in record.contents if entry["record_id"] in sources)
        if edition.language == record.original_language:
            edition.status = ORIGINAL
        else:
            edition.status = TRANSLATED if complete else PENDING
        edition.title = compilation_title(record.meeting, record.agenda_item, edition.language)
        # The frame is generated in every language; the statements inside are official.
        edition.body = ""
        edition.machine_translated = False


def compilation_title(meeting, agenda_item, language: str) -> str:
    with force_locale(language):
        meeting_name = localized(meeting.names, language)
        if agenda_item is None:
            return _("Statements of the major groups and other stakeholders to %(meeting)s",
                     meeting=meeting_name)
        return _("Statements of the major groups and other stakeholders on agenda item "
                 "%(number)s of %(meeting)s", number=agenda_item.number, meeting=meeting_name)


def _refresh_compilations(source: Record, language: str) -> None:
    """A new translation of a compiled statement completes compilations that include it."""
    compilations = db.session.scalars(db.select(Record).where(
        Record.kind == COMPILATION, Record.meeting_id == source.meeting_id)
        .options(selectinload(Record.editions))).all()
    for compilation in compilations:
        ids = {entry["record_id"] for entry in compilation.contents or []}
        if source.id not in ids:
            continue
        sources = {r.id: r for r in db.session.scalars(
            db.select(Record).where(Record.id.in_(ids))
            .options(selectinload(Record.editions))).all()}
        _set_compilation_editions(compilation, sources)
        queue_render(compilation, [compilation.edition(language)])


def renderable(edition: Edition) -> bool:
    if edition.record.kind == COMPILATION:
        return True  # every language frames the statements, translated or not
    return edition.is_public


def queue_render(record: Record, editions: list[Edition] | None = None) -> list[Edition]:
    chosen = [e for e in (editions or record.editions) if e is not None and renderable(e)]
    for edition in chosen:
        edition.render_status = QUEUED
        edition.render_error = edition.render_error_code = edition.render_error_params = None
        edition.render_attempts = 0  # a new render: every attempt is available again
        edition.render_lease_until = tasks.lease_end()
    db.session.flush()
    tasks.after_commit([edition.id for edition in chosen])
    return chosen


def record_by_symbol(symbol: str) -> Record | None:
    return db.session.scalar(db.select(Record).where(Record.symbol == symbol).options(
        selectinload(Record.editions).selectinload(Edition.file),
        selectinload(Record.children), selectinload(Record.parent),
        selectinload(Record.meeting), selectinload(Record.group),
        selectinload(Record.agenda_item)))

