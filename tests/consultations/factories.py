"""Meetings, consultations, inputs and reports for the tests of three domains."""
from datetime import date, timedelta

from portal.consultations import services as consultations
from portal.consultations.models import ConsultationReport, Declaration, Input
from portal.extensions import db
from portal.meetings import services as meetings
from portal.statements import services as statements
from portal.timeutil import utcnow


def make_meeting(slug="hlpf-2027", family="default", days_ahead=200):
    """The meeting with this slug, created with one agenda item the first time."""
    from portal.meetings.models import Meeting

    existing = db.session.scalar(db.select(Meeting).filter_by(slug=slug))
    if existing is not None:
        return existing
    start = date.today() + timedelta(days=days_ahead)
    meeting = meetings.create_meeting(
        slug=slug, names={"en": "High-level Political Forum 2027"},
        organs={"en": "Economic and Social Council"},
        sessions={"en": "High-level political forum on sustainable development"},
        starts_on=start, ends_on=start + timedelta(days=9), agenda_symbol="E/HLPF/2027/1",
        symbol_pattern="E/HLPF/2027/NGO/{n}", profile_family=family)
    meetings.add_agenda_item(meeting, "4", {"en": "Thematic review", "fr": "Examen thématique"})
    return meeting


def open_consultation(group, author, meeting=None, opened_days_ago=1, days_open=20,
                      languages=None, title="Women's priorities for the HLPF 2027"):
    meeting = meeting or make_meeting()
    now = utcnow()
    opens = now - timedelta(days=opened_days_ago)
    return consultations.open_consultation(
        group.id, meeting.agenda_items[0], author, title=title,
        guiding_questions="What should member States hear from women's organizations?",
        languages=languages or ["en", "fr", "es", "ar", "zh_Hans", "ru"],
        statement_language="en", opens_at=opens, closes_at=opens + timedelta(days=days_open),
        scope="global")


def add_input(consultation, user=None, *, gender="woman", country="KE", status="accepted",
              body="Our input.", frontline=False, person_ref=None):
    """An input; a user's declaration is shared by their inputs (latest values win)."""
    declaration = None
    if user is not None:
        declaration = consultations.declaration_for(consultation, user)
    elif person_ref is not None:
        declaration = db.session.scalar(db.select(Declaration).filter_by(
            consultation_id=consultation.id, person_ref=person_ref))
    if declaration is None:
        declaration = Declaration(consultation_id=consultation.id,
                                  user_id=user.id if user else None, person_ref=person_ref)
        db.session.add(declaration)
    consultations._apply(declaration, consultations.DeclarationValues(
        gender=gender, country=country, frontline=frontline))
    db.session.flush()
    item = Input(consultation_id=consultation.id, declaration_id=declaration.id,
                 author_id=user.id if user else None, language="en", body=body, status=status)
    db.session.add(item)
    db.session.flush()
    return item


def add_report(statement, **numbers):
    values = dict(scope="national", place="Nairobi", starts_on=date(2027, 3, 1),
                  ends_on=date(2027, 3, 2), organizer="Kenya Women's Network",
                  summary="Land rights and care work.", participants=0)
    values.update(numbers)
    report = ConsultationReport(statement_id=statement.id, **values)
    db.session.add(report)
    db.session.flush()
    return report


def write_version(statement, author, title="Statement title", body="First paragraph."):
    return statements.save_version(statement, title, body, statement.current_version_id, author)
