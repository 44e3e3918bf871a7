"""Statements: drafting, the minimum-standards report, validation and submission.

Functions the records domain may call:

- ``standards_report(statement)`` -> ``StandardsReport`` (profile, findings, numbers, passed)
- ``standards_payload(statement)`` -> the JSON-ready dict of ``GET /api/v1/statements/<id>/
  standards``
- ``frozen_text(statement)`` -> ``(title, body)`` exactly as validated (``None`` before
  submission); ``canonical_text`` and ``fingerprint_of`` document and recompute the SHA-256.

Services add and flush; the request commits.
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from portal import database
from portal.consultations.models import (
    ACCEPTED,
    MAN,
    OTHER,
    WOMAN,
    Consultation,
    ConsultationReport,
    Input,
    ParticipationTally,
)
from portal.extensions import db
from portal.meetings.models import Meeting
from portal.meetings.services import required_signoffs
from portal.registry.models import Membership, OrganizingPartner
from portal.statements import standards, standards_advice, textdiff
from portal.statements.models import (
    DRAFT,
    IN_VALIDATION,
    SUBMITTED,
    Signoff,
    Statement,
    StatementVersion,
)
from portal.timeutil import utcnow

TITLE_MAX = 500
BODY_MAX = 200_000
JUSTIFICATION_MAX = 10_000


class StaleVersion(Exception):
    """A save based on a version that is no longer the current one."""

    def __init__(self, current: StatementVersion | None):
        super().__init__("the draft changed since this version")
        self.current = current


class NotAllowed(Exception):
    """A step the statement's state does not permit; the message is for the user."""


def statements_of_meeting(meeting: Meeting) -> list[Statement]:
    return list(db.session.scalars(
        db.select(Statement).filter_by(meeting_id=meeting.id)
        .options(joinedload(Statement.current_version), joinedload(Statement.group))
        .order_by(Statement.id)))


def statements_of_group(group_id: int) -> list[Statement]:
    return list(db.session.scalars(
        db.select(Statement).filter_by(group_id=group_id)
        .options(joinedload(Statement.current_version), joinedload(Statement.meeting))
        .order_by(Statement.id.desc())))


def get_statement(statement_id: int) -> Statement | None:
    """One query for the statement and everything its pages show of it."""
    return db.session.scalar(
        db.select(Statement).filter_by(id=statement_id)
        .options(joinedload(Statement.current_version), joinedload(Statement.group),
                 joinedload(Statement.meeting), joinedload(Statement.agenda_item),
                 joinedload(Statement.profile), joinedload(Statement.consultation)))


# --- drafting ---------------------------------------------------------------------------

def create_statement(group_id: int, meeting: Meeting, agenda_item_id: int | None,
                     language: str, author, profile_id: int | None) -> Statement:
    """A statement with its first, empty version."""
    statement = Statement(group_id=group_id, meeting_id=meeting.id,
                          agenda_item_id=agenda_item_id, original_language=language,
                          profile_id=profile_id, created_by_id=author.id)
    db.session.add(statement)
    db.session.flush()
    first = StatementVersion(statement_id=statement.id, number=1, title="", body="",
                             author_id=author.id)
    db.session.add(first)
    db.session.flush()
    statement.current_version = first
    db.session.flush()
    return statement


def save_version(statement: Statement, title: str, body: str, base_version_id: int | None,
                 author) -> StatementVersion:
    """Every save is a new version; a save based on an older version raises StaleVersion."""
    # Lock the statement row (on SQLite: the database) so that two saves cannot both pass
    # the check, and read it again: the competing save is what the editor must see.
    database.lock(statement)
    if statement.status not in (DRAFT, IN_VALIDATION):
        raise NotAllowed("submitted")
    current = (db.session.get(StatementVersion, statement.current_version_id)
               if statement.current_version_id else None)
    if base_version_id != statement.current_version_id:
        raise StaleVersion(current)
    version = StatementVersion(statement_id=statement.id,
                               number=(current.number if current else 0) + 1, title=title,
                               body=body, author_id=author.id)
    try:
        with db.session.begin_nested():
            db.session.add(version)
    except IntegrityError:  # the version number was taken in the meantime after all
        raise StaleVersion(db.session.scalar(
            db.select(StatementVersion).filter_by(statement_id=statement.id)
            .order_by(StatementVersion.number.desc()).limit(1))) from None
    statement.current_version = version
    if statement.status == IN_VALIDATION:
        # The text changed: sign-offs given to the earlier text no longer count.
        statement.status = DRAFT
        statement.validation_requested_at = None
        statement.validation_requested_by_id = None
    db.session.flush()
    return version


def versions_of(statement: Statement) -> list[StatementVersion]:
    return list(db.session.scalars(
        db.select(StatementVersion).filter_by(statement_id=statement.id)
        .options(joinedload(StatementVersion.author))
        .order_by(StatementVersion.number.desc())))


def version_by_number(statement: Statement, number: int) -> StatementVersion | None:
    return db.session.scalar(db.select(StatementVersion).filter_by(
        statement_id=statement.id, number=number))


def diff_rows(old: StatementVersion, new: StatementVersion) -> list[textdiff.Row]:
    """Title and body of two versions side by side, changed words marked (escaped later)."""
    def lines(version):
        return [version.title, "", *version.body.splitlines()]

    return textdiff.side_by_side(lines(old), lines(new))


# --- numbers for the standards (aggregate SQL only) ------------------------------------

@dataclass(frozen=True)
class Numbers:
    """Participants of a statement: distinct people with accepted inputs + report numbers."""

    participants: int
    by_gender: dict
    undeclared_gender: int
    by_region: dict
    unknown_region: int
    frontline: int
    people_online: int
    people_in_reports: int
    accepted_inputs: int


_GENDER_KEYS = {WOMAN: "woman", MAN: "man", OTHER: "other"}


def input_counts(consultation_id: int | None):
    """(gender, region, frontline, distinct people, accepted inputs) rows, one query.

    A person is a declaration: one per account and consultation, so someone with three
    accepted inputs counts once, with the declaration they last saved. Withdrawn and
    rejected inputs are filtered out before grouping, so a person whose inputs were all
    withdrawn counts nothing.
    """
    if consultation_id is None:
        return []
    # Kept up to date by portal.consultations.tally as inputs change: a few rows whatever
    # the number of inputs.
    return db.session.execute(
        db.select(ParticipationTally.gender, db.func.nullif(ParticipationTally.region, ""),
                  ParticipationTally.frontline, ParticipationTally.people,
                  ParticipationTally.inputs)
        .where(ParticipationTally.consultation_id == consultation_id,
               ParticipationTally.people > 0)).all()


REPORT_SUMS = ("participants", "women", "men", "other_gender", "undeclared_gender", "afr",
               "apg", "eeg", "grulac", "weog", "unknown_region", "frontline")


def report_sums(statement_id: int) -> dict:
    """Declared numbers of every consultation report of the statement, summed in SQL."""
    columns = [db.func.coalesce(db.func.sum(getattr(ConsultationReport, name)), 0)
               for name in REPORT_SUMS]
    row = db.session.execute(db.select(*columns).where(
        ConsultationReport.statement_id == statement_id)).one()
    return {name: int(value) for name, value in zip(REPORT_SUMS, row, strict=True)}


def participation_numbers(statement: Statement) -> Numbers:
    consultation = statement.consultation
    rows = input_counts(consultation.id if consultation else None)
    sums = report_sums(statement.id)
    by_gender = {"woman": sums["women"], "man": sums["men"], "other": sums["other_gender"]}
    undeclared = sums["undeclared_gender"]
    by_region = {region: sums[region.lower()] for region in standards.REGIONS}
    unknown_region = sums["unknown_region"]
    frontline = sums["frontline"]
    people = accepted = 0
    for gender, region, is_frontline, count, inputs in rows:
        people += count
        accepted += int(inputs)
        if gender in _GENDER_KEYS:
            by_gender[_GENDER_KEYS[gender]] += count
        else:
            undeclared += count
        if region in by_region:
            by_region[region] += count
        else:
            unknown_region += count
        if is_frontline:
            frontline += count
    return Numbers(participants=people + sums["participants"], by_gender=by_gender,
                   undeclared_gender=undeclared, by_region=by_region,
                   unknown_region=unknown_region, frontline=frontline, people_online=people,
                   people_in_reports=sums["participants"], accepted_inputs=accepted)


# --- the standards report --------------------------------------------------------------

@dataclass(frozen=True)
class StandardsReport:
    profile: standards.Profile
    profile_row: object  # the StandardsProfile version, or None for the defaults
    findings: list
    numbers: Numbers
    word_count: int
    advice: dict = field(default_factory=dict)  # code -> standards_advice.Advice, if failed

    @property
    def passed(self) -> bool:
        return standards.all_passed(self.findings)

    def finding(self, code):
        return next((f for f in self.findings if f.code == code), None)


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None else None


def profile_of(statement: Statement) -> standards.Profile:
    row = statement.profile
    return standards.Profile.from_dict(row.thresholds) if row else standards.Profile()


def text_of(statement: Statement) -> tuple[str, str]:
    """The text under judgement: frozen once submitted, else the current version."""
    if statement.frozen_body is not None:
        return statement.frozen_title or "", statement.frozen_body
    version = statement.current_version
    return (version.title, version.body) if version else ("", "")


def word_count(statement: Statement, profile: standards.Profile | None = None) -> int:
    profile = profile or profile_of(statement)
    return standards.count_words(text_of(statement)[1], profile.chinese_chars_per_word)


def standards_report(statement: Statement, now: datetime | None = None) -> StandardsReport:
    """Findings for the statement: two aggregate queries, then the pure rules."""
    profile = profile_of(statement)
    numbers = participation_numbers(statement)
    consultation = statement.consultation
    words = word_count(statement, profile)
    participation = standards.Participation(
        opened_at=_aware(consultation.opens_at) if consultation else None,
        closed_at=_aware(consultation.closes_at) if consultation else None,
        now=_aware(now or utcnow()),
        participants=numbers.participants,
        by_gender=numbers.by_gender,
        undeclared_gender=numbers.undeclared_gender,
        by_region=numbers.by_region,
        unknown_region=numbers.unknown_region,
        frontline=numbers.frontline,
        word_count=words,
    )
    findings = standards.evaluate(profile, participation)
    return StandardsReport(profile, statement.profile, findings, numbers, words,
                           standards_advice.advise(profile, participation, findings))


def standards_payload(statement: Statement, now: datetime | None = None) -> dict:
    """``{"passed", "profile", "criteria": [{"code","required","actual","passed","message"}]}``.

    Messages are in the current request's language (portal.statements.standards_text).
    """
    from portal.statements.standards_text import finding_message

    report = standards_report(statement, now)
    row = report.profile_row
    return {
        "statement": statement.id,
        "passed": report.passed,
        "profile": {
            "family": row.family if row else None,
            "version": row.version if row else None,
            "valid_from": row.valid_from.replace(tzinfo=UTC).isoformat() if row else None,
            "quorum": row.quorum if row else "1/2",
            "thresholds": report.profile.to_dict(),
        },
        "participants": {
            "total": report.numbers.participants,
            "online": report.numbers.people_online,
            "from_reports": report.numbers.people_in_reports,
            "by_gender": report.numbers.by_gender,
            "undeclared_gender": report.numbers.undeclared_gender,
            "by_region": report.numbers.by_region,
            "unknown_region": report.numbers.unknown_region,
            "frontline": report.numbers.frontline,
        },
        "criteria": [
            {"code": f.code, "required": f.required, "actual": f.actual, "passed": f.passed,
             "message": finding_message(f), "advice": _advice_payload(report.advice.get(f.code))}
            for f in report.findings
        ],
    }


def _advice_payload(advice) -> dict | None:
    from portal.statements.standards_text import advice_message

    if advice is None:
        return None
    return {**advice.to_dict(), "message": advice_message(advice)}


# --- validation and submission ---------------------------------------------------------

def current_op_organization_ids(group_id: int, on: date | None = None) -> set[int]:
    return set(db.session.scalars(
        db.select(OrganizingPartner.organization_id)
        .filter(OrganizingPartner.group_id == group_id,
                OrganizingPartner.current_filter(on or date.today()))))


def op_organization_of(user, group_id: int) -> int | None:
    """The user's organization that is a current OP of the group (lowest id if several)."""
    return db.session.scalar(
        db.select(OrganizingPartner.organization_id)
        .join(Membership, Membership.organization_id == OrganizingPartner.organization_id)
        .filter(Membership.user_id == user.id, Membership.status == "approved",
                OrganizingPartner.group_id == group_id,
                OrganizingPartner.current_filter(date.today()))
        .order_by(OrganizingPartner.organization_id).limit(1))


@dataclass(frozen=True)
class SignoffState:
    signoffs: list  # Signoff rows on the current version by current OPs
    current_ops: int
    required: int

    @property
    def reached(self) -> bool:
        return len(self.signoffs) >= self.required


def signoff_state(statement: Statement) -> SignoffState:
    ops = current_op_organization_ids(statement.group_id)
    quorum = statement.profile.quorum if statement.profile else "1/2"
    rows = []
    if statement.current_version_id is not None:
        rows = list(db.session.scalars(
            db.select(Signoff).filter_by(statement_id=statement.id,
                                         version_id=statement.current_version_id)
            .options(joinedload(Signoff.organization), joinedload(Signoff.user))
            .order_by(Signoff.at)))
    counted = [row for row in rows if row.organization_id in ops]
    return SignoffState(counted, len(ops), required_signoffs(quorum, len(ops)) if ops else 1)


def request_validation(statement: Statement, user, sign_off_too: bool = False) -> bool:
    """Open validation; the requester's organization signs off only when asked to.

    Returns whether a sign-off was recorded (the requester may not be an OP's member).
    """
    if statement.status != DRAFT:
        raise NotAllowed("not a draft")
    version = statement.current_version
    if version is None or not version.title.strip() or not version.body.strip():
        raise NotAllowed("empty")
    statement.status = IN_VALIDATION
    statement.validation_requested_at = utcnow()
    statement.validation_requested_by_id = user.id
    if sign_off_too and op_organization_of(user, statement.group_id) is not None:
        sign_off(statement, user)
        return True
    return False


def sign_off(statement: Statement, user) -> Signoff:
    """The user's OP organization approves the current version (once per version)."""
    if statement.status != IN_VALIDATION:
        raise NotAllowed("not in validation")
    organization_id = op_organization_of(user, statement.group_id)
    if organization_id is None:
        raise NotAllowed("not an OP")
    existing = db.session.scalar(db.select(Signoff).filter_by(
        statement_id=statement.id, organization_id=organization_id))
    if existing is not None:
        if existing.version_id == statement.current_version_id:
            return existing
        db.session.delete(existing)  # a sign-off of an earlier text is replaced
        db.session.flush()
    try:
        with db.session.begin_nested():  # a colleague of the same organization may race us
            signoff = Signoff(statement_id=statement.id, organization_id=organization_id,
                              user_id=user.id, version_id=statement.current_version_id)
            db.session.add(signoff)
    except IntegrityError:
        signoff = db.session.scalar(db.select(Signoff).filter_by(
            statement_id=statement.id, organization_id=organization_id))
    return signoff


def canonical_text(title: str, body: str) -> str:
    """The documented form whose SHA-256 is the statement's fingerprint.

    Unicode NFC; line ends as LF; spaces and tabs at the end of every line removed; blank
    lines at the start and end of the body removed; every run of white space in the title
    made one space; then ``title + "\\n\\n" + body + "\\n"``, encoded as UTF-8. Anyone
    can recompute it from the published text.
    """
    title, body = canonical_parts(title, body)
    return f"{title}\n\n{body}\n"


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip(" \t") for line in text.split("\n")).strip("\n")


def canonical_parts(title: str, body: str) -> tuple[str, str]:
    """Title and body as ``canonical_text`` joins them (what is frozen)."""
    return " ".join(_clean(title).split()), _clean(body)


def fingerprint_of(title: str, body: str) -> str:
    return hashlib.sha256(canonical_text(title, body).encode("utf-8")).hexdigest()


def frozen_text(statement: Statement) -> tuple[str, str] | None:
    """(title, body) as validated and fingerprinted, or None before submission."""
    if statement.frozen_body is None:
        return None
    return statement.frozen_title or "", statement.frozen_body


def submit(statement: Statement, user, justification: str | None,
           report: StandardsReport | None = None) -> None:
    """Freeze the validated text and fingerprint it; refuse without quorum or justification."""
    if statement.status != IN_VALIDATION:
        raise NotAllowed("not in validation")
    if not signoff_state(statement).reached:
        raise NotAllowed("quorum")
    report = report or standards_report(statement)
    justification = (justification or "").strip()
    if not report.passed and not justification:
        raise NotAllowed("justification")
    frozen_title, frozen_body = canonical_parts(*text_of(statement))
    statement.frozen_title = frozen_title
    statement.frozen_body = frozen_body
    statement.fingerprint = fingerprint_of(frozen_title, frozen_body)
    statement.justification = justification or None
    statement.status = SUBMITTED
    statement.submitted_at = utcnow()
    statement.submitted_by_id = user.id
    db.session.flush()


def reports_of(statement: Statement) -> list[ConsultationReport]:
    return list(db.session.scalars(
        db.select(ConsultationReport).filter_by(statement_id=statement.id)
        .order_by(ConsultationReport.starts_on)))


def recent_inputs(consultation: Consultation | None, limit: int = 50) -> list[Input]:
    """The latest accepted inputs, for the drafting view (bounded: never every input)."""
    if consultation is None:
        return []
    return list(db.session.scalars(
        db.select(Input).filter_by(consultation_id=consultation.id, status=ACCEPTED)
        .options(joinedload(Input.declaration), selectinload(Input.author))
        .order_by(Input.created_at.desc(), Input.id.desc()).limit(limit)))

