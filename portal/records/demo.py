"""Demo records: a statement published with all six editions, and one compilation.

Each demo statement comes with the consultation its text reports (the women's statement
"draws on consultations ... with 214 participants from 38 countries"), so the standards
figures frozen into the compilation are the statements' own, as for any statement that went
through the portal's consultations.
"""
import re
from datetime import date, datetime, timedelta

from portal.consultations.models import Consultation, ConsultationReport
from portal.extensions import db
from portal.meetings.models import AgendaItem, Meeting
from portal.records import services
from portal.records.demo_texts import MEETING, SECOND_STATEMENT, STATEMENT
from portal.records.models import PENDING
from portal.registry.models import MajorGroup
from portal.statements.models import SUBMITTED, Statement
from portal.statements.services import canonical_parts, fingerprint_of
from portal.timeutil import utcnow

# What each demo statement's consultation declares (rec. 23: a report counts with its
# numbers). The women's figures are those its text gives: 214 participants.
WOMEN_CONSULTATION = dict(
    participants=214, women=124, men=86, other_gender=4, afr=62, apg=54, eeg=20, grulac=44,
    weog=34, frontline=90, place="Online and in Nairobi, Lima and Bangkok",
    organizer="Women's Major Group",
    summary="Regional consultations of 38 countries on water and sanitation.")
FARMERS_CONSULTATION = dict(
    participants=41, women=19, men=22, afr=15, apg=9, eeg=4, grulac=8, weog=5, frontline=30,
    place="Dakar, Senegal", organizer="Union des agriculteurs du Sahel",
    summary="Family farmers of West Africa and partners on water for agriculture.")


def load(secretariat=None) -> None:
    meeting = _meeting()
    item = _water_item(meeting)
    groups = {g.slug: g for g in db.session.scalars(db.select(MajorGroup)).all()}
    title, body = STATEMENT["en"]
    women = _submitted(meeting, groups["women"], "en", title, body, item=item,
                       consulted=WOMEN_CONSULTATION)
    record = services.publish_statement(women, published_on=date(2027, 7, 8),
                                        agenda_symbol=meeting.agenda_symbol, user=secretariat)
    for edition in record.editions:
        if edition.status == PENDING:
            title, body = STATEMENT[edition.language]
            services.save_translation(
                edition, title=title, body=body, status="translated",
                translator_note="Demo translation", version=edition.version, user=secretariat)
    language, title, body = SECOND_STATEMENT
    farmers = _submitted(meeting, groups["farmers"], language, title, body, item=item,
                         consulted=FARMERS_CONSULTATION)
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
    db.session.add(meeting)
    db.session.flush()
    return meeting


def _number(item: AgendaItem) -> tuple[int, str]:
    leading = re.match(r"\d+", item.number)
    return (int(leading.group()) if leading else 10_000, item.number)


def _water_item(meeting: Meeting) -> AgendaItem:
    """The agenda item the demo statements address (water and sanitation), in number order.

    The statements demo may have made the meeting with other items first: the statements
    are filed under the item they speak to, never simply under the first one.
    """
    titles = MEETING["agenda_item"]
    found = next((i for i in meeting.agenda_items if i.titles.get("en") == titles["en"]), None)
    if found is not None:
        return found
    item = AgendaItem(number="3", titles=titles)
    meeting.agenda_items.append(item)
    for position, each in enumerate(sorted(meeting.agenda_items, key=_number)):
        each.position = position
    db.session.flush()
    return item


def _submitted(meeting, group, language, title, body, *, item=None,
               consulted: dict | None = None) -> Statement:
    """A submitted statement as the statements domain leaves it (made here for the demo).

    Frozen and fingerprinted by the statements domain's one canonical form, so the demo's
    fingerprints verify like any submitted statement's; its closed consultation and the
    report of the meetings held for it give its standards figures.
    """
    title, body = canonical_parts(title, body)
    item = item or _water_item(meeting)
    statement = Statement(
        group_id=group.id, meeting_id=meeting.id, agenda_item_id=item.id,
        original_language=language, status=SUBMITTED, submitted_at=datetime(2027, 6, 20),
        frozen_title=title, frozen_body=body, fingerprint=fingerprint_of(title, body))
    db.session.add(statement)
    db.session.flush()
    if consulted is not None:
        _consulted(statement, title, language, consulted)
    return statement


def _consulted(statement: Statement, title: str, language: str, declared: dict) -> None:
    """The statement's closed consultation and the report of the meetings held for it."""
    # Six weeks, closed already (whatever today's date): the consultation time is judged
    # against the clock.
    closed = utcnow() - timedelta(days=30)
    db.session.add(Consultation(
        statement_id=statement.id, group_id=statement.group_id, title=title,
        languages=[language],
        opens_at=closed - timedelta(days=42), closes_at=closed, scope="global"))
    db.session.add(ConsultationReport(
        statement_id=statement.id, scope="regional", starts_on=date(2027, 4, 20),
        ends_on=date(2027, 4, 21), **declared))
    db.session.flush()
