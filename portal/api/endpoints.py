"""The endpoints of /api/v1: each is one declaration and a few lines of query."""
from datetime import date

from flask import abort, current_app, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.api import resources as r
from portal.api.core import API, Param
from portal.api.schema import Boolean, Integer, Invalid, Language, PathText, String
from portal.consultations import services as consultations
from portal.consultations.models import Consultation
from portal.countries import is_country
from portal.extensions import db
from portal.meetings.models import Meeting
from portal.permissions import PUBLIC, SIGNED_IN
from portal.records import services as records
from portal.records.models import KINDS, Record
from portal.registry.models import MajorGroup, Organization, OrganizingPartner
from portal.registry.regions import REGIONS
from portal.statements import services as statements_services
from portal.statements.models import Statement
from portal.timeutil import utcnow
from portal.views import found_or_404

DIRECTORY = _l("Directory")
MEETINGS = _l("Meetings and statements")
CONSULTATIONS = _l("Consultations")
RECORDS = _l("Official records")
ACCOUNT = _l("Your account")


class Country(String):
    def __init__(self, **kwargs):
        super().__init__(pattern="^[A-Za-z]{2}$", **kwargs)

    def check(self, value):
        value = super().check(value).upper()
        if not is_country(value):
            raise Invalid(_l("Not the ISO 3166-1 alpha-2 code of a country or area of the "
                             "UN list."))
        return value


# Identifiers are 32-bit integers in every database the portal runs on.
MAX_ID = 2**31 - 1


def ID():  # noqa: N802  (reads as a parameter type)
    return Param("id", Integer(minimum=1, maximum=MAX_ID), _l("Identifier, as in lists."),
                 location="path", required=True)


GROUP_FILTER = Param("group", String(max_length=60), _l("Slug of a major group or cluster."))


def _get_or_404(query, model, object_id):
    return found_or_404(db.session.scalar(query.filter(model.id == object_id)))


# -- groups ------------------------------------------------------------------------------

@API.get("/groups", rule=PUBLIC, tag=DIRECTORY, page=True, response=r.GROUP,
         summary=_l("Major groups, constituencies and clusters"),
         params=[Param("kind", String(enum=r.GROUP_KINDS), _l("Only this kind.")),
                 Param("parent", String(max_length=60),
                       _l("Only the clusters of the group with this slug."))])
def groups(args):
    query = r.groups_query()
    if "kind" in args:
        query = query.filter(MajorGroup.kind == args["kind"])
    if "parent" in args:
        parent = db.aliased(MajorGroup)
        query = query.join(parent, MajorGroup.parent_id == parent.id).filter(
            parent.slug == args["parent"])
    return query


@API.get("/groups/{id}", rule=PUBLIC, tag=DIRECTORY, response=r.GROUP,
         summary=_l("One group"), params=[ID()])
def group(args, id):
    return _get_or_404(r.groups_query(), MajorGroup, id)


# -- organizations -----------------------------------------------------------------------

ORGANIZATION_FILTERS = [
    GROUP_FILTER,
    Param("country", Country(), _l("ISO 3166-1 alpha-2 country code.")),
    Param("region", String(enum=REGIONS), _l("UN regional group.")),
    Param("type", String(max_length=40), _l("Type of organization.")),
    Param("language", Language(), _l("A working language.")),
    Param("frontline", Boolean(), _l("Frontline or grassroots organizations.")),
]


def filter_organizations(query, args):
    """The directory's filters, shared by the list and its downloads."""
    if "group" in args:
        query = query.filter(Organization.groups.any(MajorGroup.slug == args["group"]))
    for name, column in (("country", Organization.country), ("region", Organization.region),
                         ("type", Organization.org_type),
                         ("frontline", Organization.frontline)):
        if name in args:
            query = query.filter(column == args[name])
    if "language" in args:
        query = query.filter(r.contains_language(Organization.working_languages,
                                                 args["language"]))
    return query


@API.get("/organizations", rule=PUBLIC, tag=DIRECTORY, page=True, response=r.ORGANIZATION,
         summary=_l("Verified organizations"),
         description=_l("The filters are those of the directory."),
         params=ORGANIZATION_FILTERS)
def organizations(args):
    return filter_organizations(r.organizations_query(), args)


@API.get("/organizations/{id}", rule=PUBLIC, tag=DIRECTORY, response=r.ORGANIZATION,
         summary=_l("One verified organization"), params=[ID()])
def organization(args, id):
    return _get_or_404(r.organizations_query(), Organization, id)


# -- organizing partners -----------------------------------------------------------------

@API.get("/organizing-partners", rule=PUBLIC, tag=DIRECTORY, page=True, response=r.OP_TERM,
         summary=_l("Organizing partners, present and past"),
         params=[GROUP_FILTER,
                 Param("organization", Integer(minimum=1, maximum=MAX_ID),
                       _l("Terms of this organization.")),
                 Param("status", String(enum=r.PUBLIC_OP_STATUSES), _l("Only this status.")),
                 Param("current", Boolean(), _l("Only terms in force today (or not)."))])
def organizing_partners(args):
    query = r.op_terms_query()
    if "group" in args:
        query = query.filter(OrganizingPartner.group.has(MajorGroup.slug == args["group"]))
    if "organization" in args:
        query = query.filter(OrganizingPartner.organization_id == args["organization"])
    if "status" in args:
        query = query.filter(OrganizingPartner.status == args["status"])
    if "current" in args:
        current = OrganizingPartner.current_filter(date.today())
        query = query.filter(current if args["current"] else db.not_(current))
    return query


@API.get("/organizing-partners/{id}", rule=PUBLIC, tag=DIRECTORY, response=r.OP_TERM,
         summary=_l("One organizing-partner term"), params=[ID()])
def organizing_partner(args, id):
    return _get_or_404(r.op_terms_query(), OrganizingPartner, id)


# -- meetings and statements -------------------------------------------------------------

@API.get("/meetings", rule=PUBLIC, tag=MEETINGS, page=True, response=r.MEETING,
         summary=_l("Meetings with their agenda items"))
def meetings(args):
    return r.meetings_query()


@API.get("/meetings/{id}", rule=PUBLIC, tag=MEETINGS, response=r.MEETING,
         summary=_l("One meeting with its agenda items"), params=[ID()])
def meeting(args, id):
    return _get_or_404(r.meetings_query(), Meeting, id)


@API.get("/statements", rule=PUBLIC, tag=MEETINGS, page=True, response=r.STATEMENT,
         summary=_l("Submitted and published statements"),
         params=[GROUP_FILTER,
                 Param("meeting", Integer(minimum=1, maximum=MAX_ID),
                       _l("Statements to this meeting.")),
                 Param("status", String(enum=r.PUBLIC_STATEMENT_STATUSES),
                       _l("Only this status.")),
                 Param("language", Language(), _l("Original language."))])
def statements(args):
    query = r.statements_query()
    if "group" in args:
        query = query.filter(Statement.group.has(MajorGroup.slug == args["group"]))
    for name, column in (("meeting", Statement.meeting_id), ("status", Statement.status),
                         ("language", Statement.original_language)):
        if name in args:
            query = query.filter(column == args[name])
    return query


@API.get("/statements/{id}", rule=PUBLIC, tag=MEETINGS, response=r.STATEMENT,
         summary=_l("One submitted or published statement"), params=[ID()])
def statement(args, id):
    return _get_or_404(r.statements_query(), Statement, id)


@API.get("/statements/{id}/standards", rule=PUBLIC, tag=MEETINGS, response=r.STANDARDS,
         name="statement_standards", summary=_l("A statement's minimum-standards report"),
         description=_l("For every statement, drafts included, as on the statement's page: "
                        "the report holds numbers, never the text or a person."),
         params=[ID()])
def statement_standards(args, id):
    statement = statements_services.get_statement(id)
    if statement is None:
        abort(404)
    return statements_services.standards_payload(statement)


# -- consultations -----------------------------------------------------------------------

CONSULTATION_FILTERS = [
    GROUP_FILTER,
    Param("status", String(enum=r.CONSULTATION_STATUSES),
          _l("upcoming, open or closed, at the time of the request.")),
]


def filter_consultations(query, args):
    if "group" in args:
        query = query.filter(Consultation.group.has(MajorGroup.slug == args["group"]))
    if "status" in args:
        now = utcnow()
        query = query.filter({
            r.UPCOMING: Consultation.opens_at > now,
            r.OPEN: db.and_(Consultation.opens_at <= now, Consultation.closes_at > now),
            r.CLOSED: Consultation.closes_at <= now,
        }[args["status"]])
    return query


@API.get("/consultations", rule=PUBLIC, tag=CONSULTATIONS, page=True,
         response=r.CONSULTATION, summary=_l("Consultations of every group"),
         params=CONSULTATION_FILTERS)
def consultations_list(args):
    return filter_consultations(r.consultations_query(), args)


@API.get("/consultations/{id}", rule=PUBLIC, tag=CONSULTATIONS, response=r.CONSULTATION,
         summary=_l("One consultation"), params=[ID()])
def consultation(args, id):
    return _get_or_404(r.consultations_query(), Consultation, id)


def participation_of(consultation_id: int) -> dict:
    """The anonymised figures of a consultation: totals from the standards report's counts."""
    found = consultations.get_consultation(consultation_id)
    if found is None:
        abort(404)
    numbers = statements_services.participation_numbers(found.statement)
    return {"consultation": found.id, "statement": found.statement_id,
            "accepted_inputs": numbers.accepted_inputs,
            "participants": r.participants_of(numbers)}


@API.get("/consultations/{id}/participation", rule=PUBLIC, tag=CONSULTATIONS,
         response=r.PARTICIPATION, summary=_l("Anonymised participation figures"),
         description=_l("Totals by gender and by region of the people whose input was "
                        "accepted, plus the numbers national and regional reports declare. "
                        "No person is named."),
         params=[ID()])
def participation(args, id):
    return participation_of(id)


# -- official records --------------------------------------------------------------------

RECORD_FILTERS = [
    Param("meeting", String(max_length=60), _l("Slug of a meeting.")),
    GROUP_FILTER,
    Param("language", Language(), _l("Only records with a public edition in this language.")),
    Param("kind", String(enum=KINDS), _l("Only records of this kind (speakers_list: the "
                                         "published lists of speakers).")),
]


def filter_records(query, args):
    """The archive's own filters (portal.records.archive.records_query)."""
    from portal.records import archive

    if not args:
        return query
    if args.get("kind"):
        query = query.filter(Record.kind == args["kind"])
    matching = archive.records_query(meeting=args.get("meeting"), group=args.get("group"),
                                     language=args.get("language"))
    return query.filter(Record.id.in_(matching.with_only_columns(Record.id)))


@API.get("/records", rule=PUBLIC, tag=RECORDS, page=True, response=r.RECORD,
         summary=_l("Published official records with their editions"),
         description=_l("The archive's filters; oldest first."), params=RECORD_FILTERS)
def records_list(args):
    return filter_records(r.records_query(), args)


@API.get("/records/{symbol}", rule=PUBLIC, tag=RECORDS, response=r.RECORD,
         summary=_l("One official record, by its symbol"),
         params=[Param("symbol", PathText(max_length=120, min_length=1),
                       _l("The document symbol, slashes included: E/HLPF/2027/NGO/3."),
                       location="path", required=True)])
def record(args, symbol):
    return found_or_404(records.record_by_symbol(symbol))


# -- token holders -----------------------------------------------------------------------

@API.get("/me", rule=SIGNED_IN, tag=ACCOUNT, response=r.ME,
         summary=_l("The account and scopes of the token sent"))
def me(args):
    return current_user


@API.get("/openapi.json", rule=PUBLIC, tag=_l("General"), schema={"type": "object"},
         summary=_l("This description of the API (OpenAPI 3.1)"))
def openapi(args):
    from portal.api.openapi import build_spec

    return build_spec()


# -- feeds -------------------------------------------------------------------------------

FEED_SIZE = 50


@API.get("/feeds/statements.atom", rule=PUBLIC, tag=MEETINGS,
         summary=_l("Feed of the latest submitted and published statements (Atom)"),
         params=[GROUP_FILTER],
         content={"application/atom+xml": {"schema": {"type": "string"}}})
def statements_feed(args):
    query = r.statements_query().filter(Statement.submitted_at.is_not(None))
    if "group" in args:
        query = query.filter(Statement.group.has(MajorGroup.slug == args["group"]))
    latest = db.session.scalars(
        query.order_by(Statement.submitted_at.desc(), Statement.id.desc()).limit(FEED_SIZE)
    ).all()
    xml = render_template("api/statements.atom.xml", statements=latest,
                          feed_url=url_for(request.endpoint, **request.args.to_dict(flat=False),
                                           _external=True),
                          updated=latest[0].submitted_at if latest
                          else None)
    return current_app.response_class(xml, mimetype="application/atom+xml")
