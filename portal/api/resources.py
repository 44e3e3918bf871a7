"""What the API shows of each kind of object: public fields only, declared once.

Every resource here feeds the JSON responses, the OpenAPI schemas and the open-data
exports alike. A field not listed here is never sent: emails, members, declared genders,
reasons for decisions and anything still in draft stay out by construction.
"""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal.api.schema import (
    Boolean,
    Date,
    DateTime,
    Integer,
    Language,
    Languages,
    Localized,
    Nested,
    Resource,
    String,
    Strings,
    Translations,
)
from portal.extensions import db
from portal.meetings.models import AgendaItem, Meeting
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


def contains_language(column, code: str):
    """A JSON list of language codes holds ``code``; portable across SQLite and PostgreSQL.

    Both store the list as JSON text with quoted codes, and no code is part of another.
    """
    return db.cast(column, db.String).like(f'%"{code}"%')
