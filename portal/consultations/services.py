"""Consultations, inputs, declarations, CSV import, consultation reports, subscriptions.

Services add and flush; the request commits (portal/database.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal import csvfile, database
from portal.consultations import tally
from portal.consultations.models import (
    ACCEPTED,
    GENDER_CHOICES,
    INPUT_MAX_CHARS,
    PREFER_NOT,
    REJECTED,
    WITHDRAWN,
    Consultation,
    ConsultationReport,
    ConsultationSubscription,
    Declaration,
    Input,
)
from portal.countries import is_country
from portal.extensions import db
from portal.i18n import LANGUAGES, format_number
from portal.meetings.models import AgendaItem
from portal.meetings.services import profile_in_force
from portal.notifications import events
from portal.registry.models import APPROVED, Membership, organization_group
from portal.registry.regions import region_of
from portal.statements.services import create_statement
from portal.timeutil import utcnow


class ConsultationClosed(Exception):
    """An input sent outside the consultation's window."""


# --- consultations -----------------------------------------------------------------------

def open_consultation(group_id: int, agenda_item: AgendaItem, author, *, title: str,
                      guiding_questions: str, languages: list[str], statement_language: str,
                      opens_at: datetime, closes_at: datetime, scope: str,
                      scope_region: str | None = None,
                      scope_country: str | None = None) -> Consultation:
    """Create the statement (first, empty version) and its consultation; tell subscribers.

    The statement is judged by the standards profile version in force when the consultation
    opens, fixed here.
    """
    meeting = agenda_item.meeting
    profile = profile_in_force(meeting.profile_family, opens_at)
    statement = create_statement(group_id, meeting, agenda_item.id, statement_language, author,
                                 profile.id)
    consultation = Consultation(
        statement_id=statement.id, group_id=group_id, title=title,
        guiding_questions=guiding_questions, languages=languages, opens_at=opens_at,
        closes_at=closes_at, scope=scope, scope_region=scope_region,
        scope_country=scope_country, created_by_id=author.id)
    db.session.add(consultation)
    db.session.flush()
    statement.consultation = consultation
    events.opened(consultation)
    return consultation


def consultations_of_group(group_id: int) -> list[Consultation]:
    return list(db.session.scalars(
        db.select(Consultation).filter_by(group_id=group_id)
        .options(joinedload(Consultation.statement))
        .order_by(Consultation.opens_at.desc())))


def recent_consultations(group_id: int, limit: int = 5) -> list[Consultation]:
    """The latest consultations of a group, for its page (one bounded query)."""
    return list(db.session.scalars(
        db.select(Consultation).filter_by(group_id=group_id)
        .order_by(Consultation.opens_at.desc()).limit(limit)))


def get_consultation(consultation_id: int) -> Consultation | None:
    return db.session.scalar(
        db.select(Consultation).filter_by(id=consultation_id)
        .options(joinedload(Consultation.statement), joinedload(Consultation.group)))


# --- subscriptions -----------------------------------------------------------------------

def is_subscribed(user, group_id: int) -> bool:
    return db.session.scalar(db.select(ConsultationSubscription.id).filter_by(
        user_id=user.id, group_id=group_id)) is not None


def set_subscription(user, group_id: int, wanted: bool) -> None:
    existing = db.session.scalar(db.select(ConsultationSubscription).filter_by(
        user_id=user.id, group_id=group_id))
    if wanted and existing is None:
        db.session.add(ConsultationSubscription(user_id=user.id, group_id=group_id))
    elif not wanted and existing is not None:
        db.session.delete(existing)
    db.session.flush()


def subscribers(group_id: int):
    """Members of the constituency (approved members of one of its organizations) who asked."""
    from portal.auth.models import User

    members = (db.select(Membership.user_id)
               .join(organization_group,
                     organization_group.c.organization_id == Membership.organization_id)
               .filter(organization_group.c.group_id == group_id,
                       Membership.status == APPROVED))
    return list(db.session.scalars(
        db.select(User).join(ConsultationSubscription,
                             ConsultationSubscription.user_id == User.id)
        .filter(ConsultationSubscription.group_id == group_id, User.id.in_(members))
        .order_by(User.id)))


# --- declarations and inputs -------------------------------------------------------------

@dataclass
class DeclarationValues:
    gender: str = PREFER_NOT
    country: str | None = None
    organization_name: str | None = None
    frontline: bool = False


def last_declaration(user) -> DeclarationValues:
    """Prefill: what the person declared most recently, in any consultation."""
    row = db.session.scalar(db.select(Declaration).filter_by(user_id=user.id)
                            .order_by(Declaration.updated_at.desc(), Declaration.id.desc())
                            .limit(1))
    if row is None:
        return DeclarationValues()
    return DeclarationValues(row.gender, row.country, row.organization_name, row.frontline)


def declaration_for(consultation: Consultation, user) -> Declaration | None:
    return db.session.scalar(db.select(Declaration).filter_by(
        consultation_id=consultation.id, user_id=user.id))


def _columns(values: DeclarationValues) -> dict:
    country = (values.country or "").upper() or None
    return {"gender": values.gender if values.gender in GENDER_CHOICES else PREFER_NOT,
            "country": country, "region": region_of(country) if country else None,
            "organization_name": (values.organization_name or "").strip() or None,
            "frontline": bool(values.frontline), "updated_at": utcnow()}


def _apply(declaration: Declaration, values: DeclarationValues) -> None:
    for name, value in _columns(values).items():
        setattr(declaration, name, value)


def save_declaration(consultation: Consultation, user, values: DeclarationValues) -> Declaration:
    declaration = declaration_for(consultation, user)
    if declaration is None:
        try:
            with db.session.begin_nested():  # a savepoint: a lost race rolls back only this
                declaration = Declaration(consultation_id=consultation.id, user_id=user.id)
                _apply(declaration, values)
                db.session.add(declaration)
        except IntegrityError:
            # The same person's other request created it in the meantime: update that one.
            declaration = declaration_for(consultation, user)
    _apply(declaration, values)
    db.session.flush()
    return declaration


def _require_open(consultation: Consultation, now: datetime | None) -> None:
    if not consultation.is_open(now or utcnow()):
        raise ConsultationClosed()


def submit_input(consultation: Consultation, user, language: str, body: str,
                 declaration: DeclarationValues, now: datetime | None = None) -> Input:
    _require_open(consultation, now)
    saved = save_declaration(consultation, user, declaration)
    item = Input(consultation_id=consultation.id, declaration_id=saved.id, author_id=user.id,
                 language=language, body=body, status=ACCEPTED)
    db.session.add(item)
    db.session.flush()
    events.receipt(item)
    return item


def edit_input(item: Input, language: str, body: str, declaration: DeclarationValues,
               now: datetime | None = None) -> Input:
    _require_open(item.consultation, now)
    if item.status != ACCEPTED:
        raise ConsultationClosed()
    item.language = language
    item.body = body
    item.updated_at = utcnow()
    save_declaration(item.consultation, item.author, declaration)
    db.session.flush()
    return item


def withdraw_input(item: Input, now: datetime | None = None) -> None:
    _require_open(item.consultation, now)
    item.status = WITHDRAWN
    item.updated_at = utcnow()
    db.session.flush()


def reject_input(item: Input, reason: str) -> None:
    item.status = REJECTED
    item.reject_reason = reason
    item.updated_at = utcnow()
    db.session.flush()


def inputs_of_author(consultation: Consultation, user) -> list[Input]:
    return list(db.session.scalars(
        db.select(Input).filter_by(consultation_id=consultation.id, author_id=user.id)
        .order_by(Input.created_at)))


PAGE_SIZE = 50


def inputs_page(consultation: Consultation, page: int) -> tuple[list[Input], int]:
    """One page of inputs for the OPs, and the total count."""
    total = db.session.scalar(db.select(db.func.count(Input.id)).filter_by(
        consultation_id=consultation.id))
    rows = db.session.scalars(
        db.select(Input).filter_by(consultation_id=consultation.id)
        .options(joinedload(Input.declaration), joinedload(Input.author))
        .order_by(Input.id).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    return list(rows), total


def get_input(input_id: int) -> Input | None:
    return db.session.scalar(db.select(Input).filter_by(id=input_id).options(
        joinedload(Input.consultation), joinedload(Input.declaration)))


# --- CSV import ----------------------------------------------------------------------------

CSV_REQUIRED = ("language", "text", "gender", "country")
CSV_OPTIONAL = ("organization", "frontline", "person")
CSV_MAX_ROWS = 200_000
IMPORT_CHUNK = 5_000
TRUE_WORDS = {"1", "yes", "true", "y", "x"}
FALSE_WORDS = {"", "0", "no", "false", "n"}


@dataclass
class ImportRow:
    line: int
    language: str
    text: str
    declaration: DeclarationValues
    person: str | None


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[tuple[int | None, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def people(self) -> int:
        refs = {row.person for row in self.rows if row.person}
        return len(refs) + sum(1 for row in self.rows if not row.person)


def parse_inputs_csv(data: bytes, progress=None) -> ImportResult:
    """Check every line; return the rows or the errors (line numbers as in a spreadsheet).

    Documented in templates/consultations/import.html: UTF-8 (a BOM is allowed), a header
    line with the columns language, text, gender, country and optionally organization,
    frontline, person. gender is woman, man, other or prefer_not (empty means prefer_not);
    country an ISO 3166 two-letter code (empty means unknown); frontline yes/no; rows with
    the same person reference are one person. ``progress(rows_checked, rows)`` is called
    every IMPORT_CHUNK rows.
    """
    result = ImportResult()
    upload = csvfile.read(data, CSV_REQUIRED, CSV_OPTIONAL, CSV_MAX_ROWS, refuse_unknown=True)
    result.errors.extend(upload.problems)
    for index, (number, row) in enumerate(upload.rows):
        if progress is not None and index % IMPORT_CHUNK == 0:
            progress(index, len(upload.rows))
        problems = _row_problems(row)
        if problems:
            result.errors.extend((number, problem) for problem in problems)
            continue
        result.rows.append(ImportRow(
            line=number, language=_language_code(row["language"]), text=row["text"],
            person=row.get("person") or None,
            declaration=DeclarationValues(
                gender=row["gender"].lower() or PREFER_NOT,
                country=row["country"].upper() or None,
                organization_name=row.get("organization") or None,
                frontline=row.get("frontline", "").lower() in TRUE_WORDS)))
    if not result.rows and not result.errors:
        result.errors.append((None, _("The file has no inputs.")))

    return result


def _language_code(value: str) -> str | None:
    value = value.replace("-", "_")
    if value.lower() in ("zh", "zh_hans"):
        return "zh_Hans"
    return value.lower() if value.lower() in LANGUAGES else None


def _row_problems(row: dict) -> list[str]:
    problems = []
    if _language_code(row["language"]) is None:
        problems.append(_("Unknown language \"%(value)s\": use ar, zh, en, fr, ru or es.",
                          value=row["language"]))
    if not row["text"]:
        problems.append(_("The text is empty."))
    elif len(row["text"]) > INPUT_MAX_CHARS:
        problems.append(_("The text has %(length)s characters; the limit is %(max)s.",
                          length=format_number(len(row["text"])),
                          max=format_number(INPUT_MAX_CHARS)))
    if row["gender"].lower() not in GENDER_CHOICES + ("",):
        problems.append(_("Unknown gender \"%(value)s\": use woman, man, other or prefer_not.",
                          value=row["gender"]))
    if row["country"] and not is_country(row["country"]):
        problems.append(_("Unknown country \"%(value)s\": use a two-letter ISO code such as KE.",
                          value=row["country"]))
    if row.get("frontline", "").lower() not in TRUE_WORDS | FALSE_WORDS:
        problems.append(_("frontline must be yes or no, not \"%(value)s\".",
                          value=row["frontline"]))
    if len(row.get("organization", "")) > 300 or len(row.get("person", "")) > 100:
        problems.append(_("The organization (300) or person reference (100) is too long."))
    return problems


def import_inputs(consultation: Consultation, result: ImportResult, progress=None) -> int:
    """Write every row of a checked file (all or nothing: the caller commits once).

    A person's latest row counts, within a file and across files, as on the input form.
    Rows go in as bulk inserts; ``progress(rows_written)`` is called after each chunk.
    """
    if not result.ok:
        raise ValueError("a file with errors is never imported")
    # One import of a consultation at a time: another file may name the same people.
    database.lock(consultation)
    known = dict(db.session.execute(
        db.select(Declaration.person_ref, Declaration.id).filter(
            Declaration.consultation_id == consultation.id,
            Declaration.person_ref.is_not(None))).all())
    latest = {row.person: row for row in result.rows if row.person}
    if any(person in known for person in latest):
        db.session.execute(db.update(Declaration), [
            {"id": known[person], **_columns(row.declaration)}
            for person, row in latest.items() if person in known])
    # One new declaration per new person and per row without a person reference.
    newcomers = [row for row in result.rows
                 if not row.person or (row.person not in known and latest[row.person] is row)]
    ids = db.session.scalars(
        db.insert(Declaration).returning(Declaration.id, sort_by_parameter_order=True),
        [{"consultation_id": consultation.id, "person_ref": row.person,
          **_columns(row.declaration)} for row in newcomers]).all() if newcomers else []
    created = list(zip(newcomers, ids, strict=True))
    known.update((row.person, new_id) for row, new_id in created if row.person)
    anonymous = iter(new_id for row, new_id in created if not row.person)
    values = [{"consultation_id": consultation.id, "language": row.language, "body": row.text,
               "status": ACCEPTED, "imported": True,
               "declaration_id": known[row.person] if row.person else next(anonymous)}
              for row in result.rows]
    for start in range(0, len(values), IMPORT_CHUNK):
        db.session.execute(db.insert(Input), values[start:start + IMPORT_CHUNK])
        if progress is not None:
            progress(min(start + IMPORT_CHUNK, len(values)))
    # Bulk inserts and updates skip the ORM's flush, which keeps the figures: count again.
    tally.rebuild([consultation.id])
    return len(values)


# --- consultation reports (rec. 23) ----------------------------------------------------------

def add_report(statement, author, **values) -> ConsultationReport:
    report = ConsultationReport(statement_id=statement.id, created_by_id=author.id, **values)
    db.session.add(report)
    db.session.flush()
    return report
