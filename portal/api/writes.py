"""Write endpoints for partners' tools: each needs a token with its scope.

The rules are the domains' own: the same permission rules as the pages (an organizing
partner of the group, the consultation or the statement), the same forms to check the
values (fed with the JSON body instead of a browser's form) and the same services to
write. A refusal is a problem with nothing written: the request rolls back at 400 and up.
"""
from flask import abort, current_app, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from portal.api import resources as r
from portal.api.core import API, Body, Problem, json_response
from portal.api.endpoints import ID
from portal.api.schema import (
    Boolean,
    Date,
    DateTime,
    Integer,
    Language,
    Languages,
    String,
)
from portal.consultations import imports
from portal.consultations import services as consultations
from portal.consultations import views as consultation_pages
from portal.consultations.access import OP_OF_CONSULTATION, OP_OF_GROUP
from portal.consultations.forms import ConsultationForm, InputForm, ReportForm
from portal.consultations.models import GENDER_CHOICES, INPUT_MAX_CHARS, SCOPES
from portal.extensions import db
from portal.meetings.models import AgendaItem
from portal.permissions import SIGNED_IN, Rule
from portal.registry.models import MajorGroup
from portal.registry.regions import REGIONS
from portal.statements import services as statements
from portal.statements.access import OP_OF_STATEMENT
from portal.timeutil import utcnow
from portal.views import found_or_404

WRITE = _l("Writing (token)")
# How a moment goes into the page's form (which also reads seconds).
FORM_MOMENT = "%Y-%m-%dT%H:%M:%S"


def on_id(rule: Rule, name: str) -> Rule:
    """A page's rule about ``<name>`` applied to the API's ``{id}``."""
    return Rule(rule.name, lambda user, id, **_: rule.allows(user, {name: id}))


def checked_form(form_class, values: dict, *args):
    """The page's form, filled from the JSON body as a browser would fill it, validated.

    Its errors become ``invalid-params`` (422) with the form's own translated messages.
    """
    formdata = MultiDict()
    for name, value in values.items():
        if isinstance(value, bool):
            if value:
                formdata.add(name, "y")
        elif isinstance(value, list):
            for item in value:
                formdata.add(name, str(item))
        elif value is not None:
            formdata.add(name, value.strftime(FORM_MOMENT) if hasattr(value, "strftime")
                         and hasattr(value, "hour") else str(value))
    form = form_class(*args, formdata=formdata, meta={"csrf": False})
    if not form.validate():
        raise Problem(422, kind="invalid-params", invalid_params=[
            {"name": name, "in": "body", "reason": str(message)}
            for name, messages in form.errors.items() for message in messages])
    return form


def _consultation_or_404(consultation_id: int):
    return found_or_404(consultations.get_consultation(consultation_id))


# -- inputs ----------------------------------------------------------------------------------

DECLARATION = _l("The declaration (gender, country, organization, frontline) counts once per "
                 "person and consultation, as on the input form.")


@API.post("/consultations/{id}/inputs", rule=SIGNED_IN, scope="inputs:submit", status=201,
          tag=WRITE, response=r.INPUT, name="submit_input", refusals=(409,),
          summary=_l("Send an input to an open consultation"), description=DECLARATION,
          params=[ID()],
          body=Body({"language": Language(), "body": String(max_length=INPUT_MAX_CHARS,
                                                            min_length=1),
                     "gender": String(enum=GENDER_CHOICES),
                     "country": String(max_length=2, nullable=True,
                                       description=_l("ISO 3166-1 alpha-2 code.")),
                     "organization_name": String(max_length=300, nullable=True,
                                                 description=_l("Empty for an individual.")),
                     "frontline": Boolean()},
                    required=("language", "body")))
def submit_input(args, id):
    consultation = _consultation_or_404(id)
    body = args["body"]
    if not consultation.is_open(utcnow()):
        consultation_pages._closed_refusal(consultation)
    values = dict(body, gender=body.get("gender") or "prefer_not",
                  country=(body.get("country") or "").upper(),
                  organization_name=body.get("organization_name") or "")
    form = checked_form(InputForm, values, consultation.languages)
    try:
        return consultations.submit_input(
            consultation, current_user, form.language.data, form.body.data,
            consultation_pages._declaration_values(form))
    except consultations.ConsultationClosed:
        consultation_pages._closed_refusal(consultation)


@API.post("/consultations/{id}/inputs/import", rule=on_id(OP_OF_CONSULTATION, "consultation"),
          scope="inputs:import", tag=WRITE, response=r.IMPORT_RESULT, name="import_inputs",
          refusals=(409,),
          summary=_l("Import inputs collected elsewhere (CSV)"),
          description=_l("The CSV of the import page (columns language, text, gender, country "
                         "and optionally organization, frontline, person). dry_run (the "
                         "default) only checks the file. A file with an error imports nothing; "
                         "each error names its line."),
          accepted=_l("A file of more lines than the portal checks within a request "
                      "(IMPORT_BACKGROUND_ROWS, 2,000 by default) goes to the background "
                      "queue: the answer gives the address of the import's page (also in "
                      "Location), which shows its progress, then its result."),
          params=[ID()],
          body=Body({"csv": String(min_length=1), "dry_run": Boolean()}, required=("csv",)))
def import_inputs(args, id):
    consultation = _consultation_or_404(id)
    consultation_pages._refuse_if_submitted(consultation)
    data = args["body"]["csv"].encode("utf-8")
    if imports.is_large(data):
        job = imports.queue(consultation, current_user, data, args["body"].get("dry_run", True))
        # From the configured address, not the request's Host header.
        address = (current_app.config["BASE_URL"].rstrip("/")
                   + url_for("consultations.import_job", import_job=job.id))
        response = json_response({"status": job.status, "job": address}, 202)
        response.headers["Location"] = address
        return response
    result = consultations.parse_inputs_csv(data)
    if not result.ok:
        raise Problem(422, kind="invalid-params", invalid_params=[
            {"name": "csv", "in": "body",
             "reason": str(_l("Line %(line)d: %(message)s", line=line, message=message))
             if line else str(message)}
            for line, message in result.errors])
    dry_run = args["body"].get("dry_run", True)
    imported = 0 if dry_run else consultations.import_inputs(consultation, result)
    return {"dry_run": dry_run, "rows": len(result.rows), "people": result.people,
            "imported": imported}


# -- consultation reports ---------------------------------------------------------------------

def _count(maximum=10_000_000):
    return Integer(minimum=0, maximum=maximum)


REPORT_FIELDS = {
    "scope": String(enum=("national", "regional")), "place": String(max_length=300),
    "starts_on": Date(), "ends_on": Date(), "organizer": String(max_length=300),
    "summary": String(max_length=20_000), "participants": Integer(minimum=1,
                                                                 maximum=10_000_000),
    **{name: _count() for name in (*ReportForm.GENDER_FIELDS, *ReportForm.REGION_FIELDS,
                                   "frontline")},
}


@API.post("/statements/{id}/reports", rule=on_id(OP_OF_STATEMENT, "statement"),
          scope="reports:write", status=201, tag=WRITE, response=r.REPORT,
          name="add_report", refusals=(409,),
          summary=_l("Record a national or regional consultation report"),
          description=_l("The numbers by gender and by region must each add up to the "
                         "participants. The report counts toward the statement's standards."),
          params=[ID()],
          body=Body(REPORT_FIELDS, required=("scope", "place", "starts_on", "ends_on",
                                             "organizer", "summary", "participants")))
def add_report(args, id):
    statement = statements.get_statement(id)
    if statement is None:
        abort(404)
    consultation_pages.refuse_report_if_submitted(statement)
    form = checked_form(ReportForm, args["body"])
    return consultations.add_report(statement, current_user, **form.values())


# -- opening a consultation --------------------------------------------------------------------

@API.post("/groups/{id}/consultations", rule=on_id(OP_OF_GROUP, "group"),
          scope="consultations:open", status=201, tag=WRITE, response=r.CONSULTATION,
          name="open_consultation", summary=_l("Open a consultation (organizing partners)"),
          description=_l("Creates the consultation and its statement, as the page does. "
                         "Moments are ISO 8601 with an offset; agenda_item is an item of an "
                         "upcoming meeting (see /meetings)."),
          params=[ID()],
          body=Body({"agenda_item": Integer(minimum=1, maximum=2**31 - 1),
                     "title": String(max_length=300), "guiding_questions":
                         String(max_length=10_000),
                     "languages": Languages(), "statement_language": Language(),
                     "opens_at": DateTime(), "closes_at": DateTime(),
                     "scope": String(enum=SCOPES),
                     "scope_region": String(enum=REGIONS, nullable=True),
                     "scope_country": String(max_length=2, nullable=True)},
                    required=("agenda_item", "title", "guiding_questions", "languages",
                              "statement_language", "opens_at", "closes_at", "scope")))
def open_consultation(args, id):
    group = db.session.get(MajorGroup, id)
    if group is None:
        abort(404)
    body = args["body"]
    values = dict(body, scope_country=(body.get("scope_country") or "").upper(),
                  scope_region=body.get("scope_region") or "")
    # Only items of upcoming meetings, as on the page.
    choices = consultation_pages._agenda_choices()

    class Form(ConsultationForm):
        def __init__(self, *form_args, **kwargs):
            super().__init__(*form_args, **kwargs)
            self.agenda_item.choices = choices

    form = checked_form(Form, values)
    return consultations.open_consultation(
        group.id, db.session.get(AgendaItem, form.agenda_item.data), current_user,
        title=form.title.data.strip(), guiding_questions=form.guiding_questions.data.strip(),
        languages=list(form.languages.data), statement_language=form.statement_language.data,
        # Already UTC: the body's moments were converted when read.
        opens_at=form.opens_at.data, closes_at=form.closes_at.data,
        scope=form.scope.data,
        scope_region=form.scope_region.data if form.scope.data == "regional" else None,
        scope_country=form.scope_country.data if form.scope.data == "national" else None)
