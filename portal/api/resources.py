"""What the API shows of each kind of object: public fields only, declared once.

Every resource here feeds the JSON responses, the OpenAPI schemas and the open-data
exports alike. A field not listed here is never sent: emails, members, declared genders,
reasons for decisions and anything still in draft stay out by construction.
"""
from datetime import date

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal.api.schema import (
    Boolean,
    Date,
    DateTime,
    Integer,
    Json,
    Language,
    Languages,
    Localized,
    Nested,
    Resource,
    String,
    Strings,
    Translations,
)
from portal.consultations.models import SCOPES, Consultation
from portal.extensions import db
from portal.i18n import country_label
from portal.meetings.models import AgendaItem, Meeting
from portal.records import archive
from portal.records.models import EDITION_STATUSES, KINDS, PENDING, Edition, Record
from portal.registry.models import (
    CLUSTER,
    CONFIRMED,
    CONSTITUENCY,
    MAJOR_GROUP,
    REMOVED,
    STEPPED_DOWN,
    VERIFIED,
    MajorGroup,
    Organization,
    OrganizingPartner,
)
from portal.registry.regions import REGIONS
from portal.statements.models import PUBLISHED, SUBMITTED, Statement
from portal.statements.standards import GENDERS
from portal.statements.standards import REGIONS as UN_REGIONS
from portal.statements.standards_advice import ACTIONS as ADVICE_ACTIONS
from portal.timeutil import utcnow

# Terms that happened: applications still open or declined are not part of the record.
PUBLIC_OP_STATUSES = (CONFIRMED, STEPPED_DOWN, REMOVED)
PUBLIC_STATEMENT_STATUSES = (SUBMITTED, PUBLISHED)
GROUP_KINDS = (MAJOR_GROUP, CONSTITUENCY, CLUSTER)


def _is_current(term) -> bool:
    today = date.today()
    return (term.status == CONFIRMED and term.ended_at is None
            and term.term_start <= today <= term.term_end)


GROUP_REF = Resource(
    "GroupRef", _l("A major group, constituency or cluster, named briefly."),
    id=Integer(), slug=String(), name=Localized("names"))
GROUP = Resource(
    "Group", _l("A major group, another stakeholder constituency, or a cluster inside one."),
    id=Integer(), slug=String(), kind=String(enum=GROUP_KINDS), position=Integer(),
    name=Localized("names"), names=Translations(), description=Localized("descriptions"),
    parent=Nested(GROUP_REF, nullable=True,
                  description=_l("The group a cluster belongs to.")))
ORGANIZATION_REF = Resource(
    "OrganizationRef", _l("A verified organization, named briefly."),
    id=Integer(), name=Localized("names"))
ORGANIZATION = Resource(
    "Organization", _l("A verified organization of the directory (public fields only)."),
    id=Integer(), name=Localized("names"), names=Translations(),
    country=String(description=_l("ISO 3166-1 alpha-2 code.")),
    country_name=String(lambda org: country_label(org.country), description=_l(
        "The country's short name in the UN list (M49), in the language of the response.")),
    region=String(enum=REGIONS, nullable=True, description=_l("UN regional group.")),
    type=String("org_type"), website=String(nullable=True),
    working_languages=Languages(), size=String(nullable=True),
    frontline=Boolean(description=_l("Frontline or grassroots organization.")),
    groups=Nested(GROUP_REF, many=True))
OP_TERM = Resource(
    "OrganizingPartnerTerm", _l("One organization's term as organizing partner of a group."),
    id=Integer(), organization=Nested(ORGANIZATION_REF), group=Nested(GROUP_REF),
    status=String(enum=PUBLIC_OP_STATUSES), current=Boolean(_is_current),
    term_start=Date(), term_end=Date(), ended_on=Date("ended_at", nullable=True),
    scope=String(), scope_region=String(nullable=True), scope_theme=String(nullable=True),
    working_languages=Languages())
AGENDA_ITEM = Resource(
    "AgendaItem", _l("An item of a meeting's agenda."),
    id=Integer(), number=String(), position=Integer(), title=Localized("titles"),
    titles=Translations())
MEETING = Resource(
    "Meeting", _l("An intergovernmental meeting the groups speak to."),
    id=Integer(), slug=String(), name=Localized("names"), names=Translations(),
    organ=Localized("organs"), session=Localized("sessions"), starts_on=Date(),
    ends_on=Date(), agenda_symbol=String(), agenda_items=Nested(AGENDA_ITEM, many=True))
MEETING_REF = Resource("MeetingRef", _l("A meeting, named briefly."),
                       id=Integer(), slug=String(), name=Localized("names"))
AGENDA_ITEM_REF = Resource("AgendaItemRef", _l("An agenda item, named briefly."),
                           id=Integer(), number=String(), title=Localized("titles"))
STATEMENT = Resource(
    "Statement", _l("A statement a group submitted or published (never a draft)."),
    id=Integer(), status=String(enum=PUBLIC_STATEMENT_STATUSES), group=Nested(GROUP_REF),
    meeting=Nested(MEETING_REF), agenda_item=Nested(AGENDA_ITEM_REF, nullable=True),
    original_language=Language(), title=String("frozen_title", nullable=True),
    body=String("frozen_body", nullable=True,
                description=_l("The text as submitted, in the portal's statement markup.")),
    fingerprint=String(nullable=True, description=_l("SHA-256 of the submitted text.")),
    justification=String(nullable=True, description=_l(
        "Why the statement was submitted although it failed a minimum standard.")),
    submitted_at=DateTime(nullable=True))
AGENDA_ROW = Resource(
    "AgendaItemRow", _l("An agenda item with its meeting, for flat exports."),
    id=Integer(), meeting_id=Integer(), number=String(), position=Integer(),
    title=Localized("titles"), titles=Translations())

# -- standards reports and participation figures (numbers only, never a person) ----------

def _counts(keys) -> dict:
    return {"type": "object", "additionalProperties": False, "required": list(keys),
            "properties": {key: {"type": "integer", "minimum": 0} for key in keys}}


def _some_of(counts: dict) -> dict:
    return dict(counts, required=[])


NUMBER = {"type": "number"}
PERCENT = {"type": ["integer", "string", "null"]}
PARTICIPANTS = Resource(
    "Participants", _l("Participants counted for a statement: distinct people whose input was "
                       "accepted plus the numbers national and regional reports declare. "
                       "Totals only: no person is ever named."),
    total=Integer(), online=Integer(), from_reports=Integer(),
    by_gender=Json(_counts(GENDERS)), undeclared_gender=Integer(),
    by_region=Json(_counts(UN_REGIONS)), unknown_region=Integer(), frontline=Integer())
STANDARDS_PROFILE = Resource(
    "StandardsProfile", _l("The thresholds the statement is judged against."),
    family=String(nullable=True), version=Integer(nullable=True),
    valid_from=Json({"type": ["string", "null"], "format": "date-time"}),
    quorum=String(description=_l("Sign-offs needed, as a share of the current OPs.")),
    thresholds=Json({"type": "object", "additionalProperties": False, "properties": {
        "min_consultation_days": NUMBER, "min_participants": {"type": "integer"},
        "max_gender_share": PERCENT, "min_regions": {"type": "integer"},
        "max_region_share": PERCENT, "min_frontline_share": PERCENT,
        "max_words": {"type": "integer"},
        "chinese_chars_per_word": {"type": ["integer", "string"]}}},
        description=_l("Shares are percentages: a whole number, or an exact fraction such "
                       "as \"125/2\".")))
ADVICE = Resource(
    "Advice", _l("The balance advisor: the smallest change that would meet a criterion not "
                 "met, in numbers and as a sentence in the requested language."),
    action=String(enum=ADVICE_ACTIONS, description=_l(
        "open, keep_open or extend (amount: days), close, add_participants, add_frontline "
        "(amount: participants), add_to_groups (amount participants, split as in add), "
        "add_regions (one participant from each region in regions), remove_words, or "
        "impossible when adding participants cannot meet the threshold.")),
    amount=Integer(description=_l("Days, participants, regions or words, as the action "
                                  "says.")),
    add=Json(_some_of(_counts(GENDERS + UN_REGIONS)), nullable=True, description=_l(
        "For add_to_groups: participants to add per gender or per regional group.")),
    regions=Json({"type": "array", "items": {"type": "string", "enum": list(UN_REGIONS)}},
                 nullable=True, description=_l("For add_regions: the regional groups to "
                                               "reach.")),
    message=String())
CRITERION = Resource(
    "Criterion", _l("One minimum standard: what is required, what the statement has, and a "
                    "sentence in the requested language."),
    code=String(), required=Json(NUMBER), actual=Json(NUMBER), passed=Boolean(),
    message=String(), advice=Nested(ADVICE, nullable=True, description=_l(
        "Only when the criterion is not met: what would meet it.")))
STANDARDS = Resource(
    "StandardsReport", _l("A statement's minimum-standards report (recommendation 20), as on "
                          "the statement's page."),
    statement=Integer(), passed=Boolean(), profile=Nested(STANDARDS_PROFILE),
    participants=Nested(PARTICIPANTS), criteria=Nested(CRITERION, many=True))


def participants_of(numbers) -> dict:
    """The standards report's participant figures, from ``statements.services.Numbers``."""
    return {"total": numbers.participants, "online": numbers.people_online,
            "from_reports": numbers.people_in_reports, "by_gender": numbers.by_gender,
            "undeclared_gender": numbers.undeclared_gender, "by_region": numbers.by_region,
            "unknown_region": numbers.unknown_region, "frontline": numbers.frontline}


# -- official records ---------------------------------------------------------------------

EDITION = Resource(
    "Edition", _l("One language edition of an official record."),
    language=Language(), status=String(enum=EDITION_STATUSES),
    unofficial=Boolean(lambda e: e.status == PENDING and e.machine_translated,
                       description=_l("A machine translation, shown as unofficial.")),
    pdf_url=String(lambda e: archive.pdf_url(e.record, e, external=True), nullable=True,
                   description=_l("The edition's PDF, once rendered and public.")))
RECORD = Resource(
    "Record", _l("A published official record with its language editions."),
    id=Integer(), symbol=String(), title=String(), kind=String(enum=KINDS),
    original_language=Language(), published_on=Date(),
    url=String(lambda r: url_for("records.record_page", symbol=r.symbol, _external=True)),
    parent=String(lambda r: r.parent.symbol if r.parent_id and r.parent else None,
                  nullable=True, description=_l("The record this one corrects, revises or "
                                                "adds to.")),
    editions=Nested(EDITION, many=True))


# -- consultations --------------------------------------------------------------------------

UPCOMING, OPEN, CLOSED = "upcoming", "open", "closed"
CONSULTATION_STATUSES = (UPCOMING, OPEN, CLOSED)


def _consultation_status(consultation) -> str:
    now = utcnow()
    if consultation.is_open(now):
        return OPEN
    return CLOSED if consultation.has_closed(now) else UPCOMING


CONSULTATION = Resource(
    "Consultation", _l("A group's call for inputs to one statement."),
    id=Integer(), title=String(), group=Nested(GROUP_REF),
    meeting=Nested(MEETING_REF, "statement.meeting"),
    agenda_item=Nested(AGENDA_ITEM_REF, "statement.agenda_item", nullable=True),
    statement=Integer("statement_id", description=_l("Its statement; the standards report is "
                                                     "at /statements/{id}/standards.")),
    guiding_questions=String(), opens_at=DateTime(), closes_at=DateTime(),
    languages=Languages(description=_l("Languages in which inputs are accepted.")),
    scope=String(enum=SCOPES), scope_region=String(enum=REGIONS, nullable=True),
    scope_country=String(nullable=True), status=String(_consultation_status,
                                                       enum=CONSULTATION_STATUSES))
PARTICIPATION = Resource(
    "Participation", _l("Anonymised participation figures of a consultation: the numbers of "
                        "its statement's standards report."),
    consultation=Integer(), statement=Integer(), accepted_inputs=Integer(),
    participants=Nested(PARTICIPANTS))
INPUT = Resource(
    "Input", _l("An input you sent to a consultation."),
    id=Integer(), consultation=Integer("consultation_id"), language=Language(),
    body=String(), status=String(), created_at=DateTime())
REPORT = Resource(
    "ConsultationReport", _l("A national or regional consultation held elsewhere, counted by "
                             "the numbers it declares."),
    id=Integer(), statement=Integer("statement_id"), scope=String(), place=String(),
    starts_on=Date(), ends_on=Date(), organizer=String(), summary=String(),
    participants=Integer(), women=Integer(), men=Integer(), other_gender=Integer(),
    undeclared_gender=Integer(), afr=Integer(), apg=Integer(), eeg=Integer(),
    grulac=Integer(), weog=Integer(), unknown_region=Integer(), frontline=Integer())
IMPORT_RESULT = Resource(
    "ImportResult", _l("What a CSV import found and, unless it was a dry run, wrote."),
    dry_run=Boolean(), rows=Integer(), people=Integer(), imported=Integer())

ME = Resource(
    "Me", _l("The account a token acts for, and what the token may do."),
    id=Integer(), display_name=String(), preferred_language=Language(),
    token=String(lambda user: _token().prefix, description=_l("The token's visible prefix.")),
    scopes=Strings(lambda user: _token().scopes))


def _token():
    from flask import g

    return g.api_token


# -- queries of public data --------------------------------------------------------------

def groups_query():
    return db.select(MajorGroup).options(selectinload(MajorGroup.parent))


def organizations_query():
    return (db.select(Organization).filter(Organization.status == VERIFIED)
            .options(selectinload(Organization.groups)))


def op_terms_query():
    return (db.select(OrganizingPartner)
            .join(Organization, Organization.id == OrganizingPartner.organization_id)
            .filter(OrganizingPartner.status.in_(PUBLIC_OP_STATUSES),
                    Organization.status == VERIFIED)
            .options(selectinload(OrganizingPartner.organization),
                     selectinload(OrganizingPartner.group)))


def meetings_query():
    return db.select(Meeting).options(selectinload(Meeting.agenda_items))


def agenda_items_query():
    return db.select(AgendaItem)


def statements_query():
    return (db.select(Statement).filter(Statement.status.in_(PUBLIC_STATEMENT_STATUSES))
            .options(selectinload(Statement.group), selectinload(Statement.meeting),
                     selectinload(Statement.agenda_item)))


def records_query():
    return archive.records_query().options(
        selectinload(Record.editions).selectinload(Edition.file), selectinload(Record.parent))


def consultations_query():
    return db.select(Consultation).options(
        selectinload(Consultation.group),
        selectinload(Consultation.statement).selectinload(Statement.meeting),
        selectinload(Consultation.statement).selectinload(Statement.agenda_item))


def contains_language(column, code: str):
    """A JSON list of language codes holds ``code``; portable across SQLite and PostgreSQL.

    Both store the list as JSON text with quoted codes, and no code is part of another.
    """
    return db.cast(column, db.String).like(f'%"{code}"%')
