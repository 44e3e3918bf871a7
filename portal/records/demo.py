"""Demo records: a statement published with all six editions, and one compilation."""
from datetime import date, datetime

from portal.extensions import db
from portal.meetings.models import AgendaItem, Meeting
from portal.records import services
from portal.records.demo_texts import MEETING, SECOND_STATEMENT, STATEMENT
from portal.records.models import PENDING
from portal.registry.models import MajorGroup
from portal.statements.models import SUBMITTED, Statement
from portal.statements.services import canonical_parts, fingerprint_of


def load(secretariat=None) -> None:
    meeting = _meeting()
    groups = {g.slug: g for g in db.session.scalars(db.select(MajorGroup)).all()}
    title, body = STATEMENT["en"]
    women = _submitted(meeting, groups["women"], "en", title, body)
    record = services.publish_statement(women, published_on=date(2027, 7, 8),
                                        agenda_symbol=meeting.agenda_symbol, user=secretariat)
    for edition in record.editions:
        if edition.status == PENDING:
            title, body = STATEMENT[edition.language]
            services.save_translation(
                edition, title=title, body=body, status="translated",
                translator_note="Demo translation", version=edition.version, user=secretariat)
    language, title, body = SECOND_STATEMENT
    farmers = _submitted(meeting, groups["farmers"], language, title, body)
    services.publish_statement(farmers, published_on=date(2027, 7, 9),
                               agenda_symbol=meeting.agenda_symbol, user=secretariat)
    services.compile_statements(meeting, original_language="en",
                                published_on=date(2027, 7, 10),
                                agenda_symbol=meeting.agenda_symbol, user=secretariat)


def _meeting() -> Meeting:
    existing = db.session.scalar(db.select(Meeting).where(Meeting.slug == "hlpf-2027"))
    if existing is not None:
        return existing
    meeting = Meeting(slug="hlpf-2027", names=MEETING["names"], organs=MEETING["organs"],
                      sessions=MEETING["sessions"], starts_on=date(2027, 7, 6),
                      ends_on=date(2027, 7, 15), agenda_symbol="E/HLPF/2027/1",
                      symbol_pattern="E/HLPF/2027/NGO/{n}")
    meeting.agenda_items.append(AgendaItem(number="3", position=1,
                                           titles=MEETING["agenda_item"]))
    db.session.add(meeting)
    db.session.flush()
    return meeting


def _submitted(meeting, group, language, title, body) -> Statement:
    """A submitted statement as the statements domain leaves it (made here for the demo).

    Frozen and fingerprinted by the statements domain's one canonical form, so the demo's
    fingerprints verify like any submitted statement's.
    """
    title, body = canonical_parts(title, body)
    statement = Statement(
        group_id=group.id, meeting_id=meeting.id, agenda_item_id=meeting.agenda_items[0].id,
        original_language=language, status=SUBMITTED, submitted_at=datetime(2027, 6, 20),
        frozen_title=title, frozen_body=body, fingerprint=fingerprint_of(title, body))
    db.session.add(statement)
    db.session.flush()
    return statement
