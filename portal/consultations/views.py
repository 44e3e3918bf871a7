"""Consultations: the group's list, opening one, inputs, rejection, CSV import, reports."""
from urllib.parse import urlsplit

import click
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from portal import navigation
from portal.consultations import calendar, imports, listing, services
from portal.consultations.access import (
    IMPORTER,
    INPUT_AUTHOR,
    OP_OF_CONSULTATION,
    OP_OF_GROUP,
    OP_OF_INPUT,
)
from portal.consultations.forms import (
    GENDER_LABELS,
    ConsultationForm,
    ImportForm,
    InputForm,
    OpenConsultationsFilter,
    RejectForm,
    ReportForm,
)
from portal.consultations.models import ACCEPTED, ImportJob
from portal.consultations.timefmt import local_moment, to_utc, zone_of
from portal.extensions import db
from portal.i18n import format_number, timezone_label
from portal.i18n_text import localized
from portal.meetings.models import AgendaItem, Meeting
from portal.permissions import PUBLIC, SIGNED_IN, allow
from portal.registry.access import is_organizing_partner
from portal.registry.models import MajorGroup
from portal.statements.access import OP_OF_STATEMENT
from portal.statements.models import DRAFT, IN_VALIDATION
from portal.statements.services import get_statement
from portal.statements.standards_text import region_label
from portal.timeutil import utcnow
from portal.views import found_or_404, render_form, safe_next

bp = Blueprint("consultations", __name__)
navigation.add("consultations.open_list", _l("Consultations"))


@bp.app_template_filter("moment")
def moment_filter(value):
    """A stored UTC moment in the reader's zone and language."""
    return local_moment(value)


@bp.app_context_processor
def consultation_helpers():
    return {"gender_label": lambda key: str(GENDER_LABELS.get(key, key)),
            "region_label": region_label}


def _group_or_404(group_id: int) -> MajorGroup:
    return found_or_404(db.session.get(MajorGroup, group_id))


def _consultation_or_404(consultation_id: int):
    return found_or_404(services.get_consultation(consultation_id))


def _input_or_404(input_id: int):
    return found_or_404(services.get_input(input_id))


def _refuse_if_submitted(consultation):
    """Once submitted, the numbers a statement was validated with must not move."""
    if consultation.statement.status not in (DRAFT, IN_VALIDATION):
        abort(409, _("The statement of this consultation is submitted; its inputs can no "
                     "longer change."))


def refuse_report_if_submitted(statement):
    """A submitted statement's numbers are fixed: no report is added to it any more."""
    if statement.status not in (DRAFT, IN_VALIDATION):
        abort(409, _("This statement is submitted; its reports can no longer change."))


def _closed_refusal(consultation):
    now = utcnow()
    if now < consultation.opens_at:
        message = _("This consultation is not open yet: it opens on %(when)s. Nothing was saved.",
                    when=local_moment(consultation.opens_at))
    else:
        message = _("This consultation closed on %(when)s. Nothing was saved.",
                    when=local_moment(consultation.closes_at))
    abort(409, message)


@bp.route("/consultations")
@allow(PUBLIC)
def open_list():
    """Every open consultation, closing first, with filters (a GET form)."""
    groups = listing.group_choices()
    form = OpenConsultationsFilter(request.args, [(slug, localized(names))
                                                  for _id, slug, names in groups])
    valid = not request.args or form.validate()
    filters = listing.Filters()
    if valid:
        filters = listing.Filters(
            group_id=next((id_ for id_, slug, _n in groups if slug == form.group.data), None),
            region=form.region.data or None, language=form.language.data or None,
            closing_soon=form.closing_soon.data)
    rows = listing.open_consultations(utcnow(), filters)
    page = render_template("consultations/open_list.html", form=form, rows=rows,
                           limit=listing.LIMIT)
    return page, 200 if valid else 422


def _feed_of(slug: str | None):
    """The group a feed is about (None: every group; 404 when unknown) and its consultations."""
    group = None if slug is None else found_or_404(listing.group_by_slug(slug))
    return group, listing.latest_consultations(group.id if group else None)


@bp.route("/consultations.atom")
@bp.route("/groups/<slug>/consultations.atom")
@allow(PUBLIC)
def feed(slug=None):
    """Atom: the consultations opened most recently, of one group or all."""
    group, consultations = _feed_of(slug)
    # Strings are translated here: the catalogs are extracted from .py and .html files only.
    title = (_("Consultations of %(group)s", group=group.name) if group
             else _("MGoS Portal: consultations"))
    entries = [(c, _("Open from %(opens)s to %(closes)s.", opens=local_moment(c.opens_at),
                     closes=local_moment(c.closes_at))) for c in consultations]
    body = render_template("consultations/feed.xml", group=group, title=title, entries=entries,
                           updated=max((c.created_at for c in consultations), default=None))
    return current_app.response_class(body, mimetype="application/atom+xml")


@bp.route("/consultations.ics")
@bp.route("/groups/<slug>/consultations.ics")
@allow(PUBLIC)
def ics(slug=None):
    """iCalendar: one event per consultation window, of one group or all."""
    group, consultations = _feed_of(slug)
    events = [calendar.Window(
        uid=f"consultation-{c.id}@{urlsplit(current_app.config['BASE_URL']).hostname}",
        title=f"{c.title} ({c.group.name})", opens_at=c.opens_at, closes_at=c.closes_at,
        created_at=c.created_at, description=c.guiding_questions,
        url=url_for("consultations.show", consultation=c.id, _external=True))
        for c in consultations]
    name = _("Consultations of %(group)s", group=group.name) if group else _("Consultations")
    return current_app.response_class(calendar.to_ics(name, events), mimetype="text/calendar")


@bp.route("/groups/<int:group>/consultations")
@allow(PUBLIC)
def group_consultations(group):
    group = _group_or_404(group)
    signed_in = current_user.is_authenticated
    return render_template(
        "consultations/group.html", group=group,
        consultations=services.consultations_of_group(group.id), now=utcnow(),
        subscribed=signed_in and services.is_subscribed(current_user, group.id),
        may_open=signed_in and is_organizing_partner(current_user, group.id))


@bp.route("/groups/<int:group>/consultations/subscription", methods=["POST"])
@allow(SIGNED_IN)
def subscription(group):
    group = _group_or_404(group)
    wanted = request.form.get("subscribe") == "1"
    services.set_subscription(current_user, group.id, wanted)
    flash(_("You will get an email when this group opens a consultation.") if wanted
          else _("You will no longer get emails about this group's consultations."), "success")
    return redirect(safe_next(request.form.get("next"),
                              url_for("consultations.group_consultations", group=group.id)))


def _agenda_choices():
    items = db.session.scalars(
        db.select(AgendaItem).join(Meeting).options(joinedload(AgendaItem.meeting))
        .filter(Meeting.ends_on >= utcnow().date())
        .order_by(Meeting.starts_on, AgendaItem.position)).all()
    return [SelectChoice(item.id, f"{item.meeting.name} — {item.number}. {item.title}")
            for item in items]


@bp.route("/groups/<int:group>/consultations/new", methods=["GET", "POST"])
@allow(OP_OF_GROUP)
def open_consultation(group):
    group = _group_or_404(group)
    form = ConsultationForm()
    form.agenda_item.choices = _agenda_choices()
    zone = zone_of()
    if form.validate_on_submit():
        item = db.session.get(AgendaItem, form.agenda_item.data)
        consultation = services.open_consultation(
            group.id, item, current_user, title=form.title.data.strip(),
            guiding_questions=form.guiding_questions.data.strip(),
            languages=[code for code in form.languages.data],
            statement_language=form.statement_language.data,
            opens_at=to_utc(form.opens_at.data, zone), closes_at=to_utc(form.closes_at.data, zone),
            scope=form.scope.data,
            scope_region=form.scope_region.data if form.scope.data == "regional" else None,
            scope_country=form.scope_country.data if form.scope.data == "national" else None)
        flash(_("The consultation is saved and its statement created."), "success")
        return redirect(url_for("consultations.show", consultation=consultation.id))
    if not form.agenda_item.choices:
        flash(_("No upcoming meeting has agenda items yet. Ask the secretariat to record the "
                "meeting first."), "error")
    return render_form("consultations/open.html", form, group=group, zone=timezone_label(zone.key))


@bp.route("/consultations/<int:consultation>")
@allow(PUBLIC)
def show(consultation):
    consultation = _consultation_or_404(consultation)
    mine = []
    if current_user.is_authenticated:
        mine = services.inputs_of_author(consultation, current_user)
    return render_template(
        "consultations/show.html", consultation=consultation, now=utcnow(), mine=mine,
        is_op=current_user.is_authenticated
        and is_organizing_partner(current_user, consultation.group_id))


def _declaration_values(form) -> services.DeclarationValues:
    return services.DeclarationValues(
        gender=form.gender.data, country=form.country.data or None,
        organization_name=form.organization_name.data, frontline=form.frontline.data)


def _prefill(form, values: services.DeclarationValues) -> None:
    form.gender.data = values.gender
    form.country.data = values.country or ""
    form.organization_name.data = values.organization_name or ""
    form.frontline.data = values.frontline


@bp.route("/consultations/<int:consultation>/inputs/new", methods=["GET", "POST"])
@allow(SIGNED_IN)
def new_input(consultation):
    consultation = _consultation_or_404(consultation)
    if not consultation.is_open(utcnow()):
        _closed_refusal(consultation)
    form = InputForm(consultation.languages)
    if request.method == "GET":
        existing = services.declaration_for(consultation, current_user)
        _prefill(form, services.DeclarationValues(
            existing.gender, existing.country, existing.organization_name, existing.frontline)
            if existing else services.last_declaration(current_user))
    if form.validate_on_submit():
        try:
            services.submit_input(consultation, current_user, form.language.data,
                                  form.body.data, _declaration_values(form))
        except services.ConsultationClosed:
            _closed_refusal(consultation)
        flash(_("Thank you: your input is received. You can change or withdraw it until "
                "the consultation closes."), "success")
        return redirect(url_for("consultations.show", consultation=consultation.id))
    return render_form("consultations/input_form.html", form, consultation=consultation,
                       item=None)


@bp.route("/inputs/<int:input>/edit", methods=["GET", "POST"])
@allow(INPUT_AUTHOR)
def edit_input(input):
    item = _input_or_404(input)
    consultation = item.consultation
    if item.status != ACCEPTED:
        abort(409, _("This input was withdrawn or rejected and can no longer be changed."))
    if not consultation.is_open(utcnow()):
        _closed_refusal(consultation)
    form = InputForm(consultation.languages, obj=item)
    if request.method == "GET":
        declaration = item.declaration
        _prefill(form, services.DeclarationValues(declaration.gender, declaration.country,
                                                  declaration.organization_name,
                                                  declaration.frontline))
    if form.validate_on_submit():
        services.edit_input(item, form.language.data, form.body.data,
                            _declaration_values(form))
        flash(_("Your input is saved."), "success")
        return redirect(url_for("consultations.show", consultation=consultation.id))
    return render_form("consultations/input_form.html", form, consultation=consultation,
                       item=item)


@bp.route("/inputs/<int:input>/withdraw", methods=["POST"])
@allow(INPUT_AUTHOR)
def withdraw_input(input):
    item = _input_or_404(input)
    if item.status != ACCEPTED:
        abort(409, _("This input was already withdrawn or rejected."))
    try:
        services.withdraw_input(item)
    except services.ConsultationClosed:
        _closed_refusal(item.consultation)
    flash(_("Your input is withdrawn. It no longer counts."), "success")
    return redirect(url_for("consultations.show", consultation=item.consultation_id))


@bp.route("/consultations/<int:consultation>/inputs")
@allow(OP_OF_CONSULTATION)
def inputs(consultation):
    consultation = _consultation_or_404(consultation)
    page = max(request.args.get("page", 1, type=int), 1)
    rows, total = services.inputs_page(consultation, page)
    return render_template("consultations/inputs.html", consultation=consultation, rows=rows,
                           total=total, page=page, page_size=services.PAGE_SIZE,
                           reject_form=RejectForm())


@bp.route("/inputs/<int:input>/reject", methods=["POST"])
@allow(OP_OF_INPUT)
def reject_input(input):
    item = _input_or_404(input)
    _refuse_if_submitted(item.consultation)
    form = RejectForm()
    if item.status != ACCEPTED:
        abort(409, _("This input was already withdrawn or rejected."))
    if not form.validate_on_submit():
        abort(422, _("Give the reason for rejecting the input; its author will see it."))
    services.reject_input(item, form.reason.data.strip())
    flash(_("The input is rejected; its author sees your reason."), "success")
    return redirect(url_for("consultations.inputs", consultation=item.consultation_id))


@bp.route("/consultations/<int:consultation>/import", methods=["GET", "POST"])
@allow(OP_OF_CONSULTATION)
def import_inputs(consultation):
    consultation = _consultation_or_404(consultation)
    _refuse_if_submitted(consultation)
    form = ImportForm()
    result = None
    if form.validate_on_submit():
        data = form.file.data.read()
        if imports.is_large(data):
            job = imports.queue(consultation, current_user, data, form.dry_run.data)
            return redirect(url_for("consultations.import_job", import_job=job.id))
        result = services.parse_inputs_csv(data)
        if result.ok and not form.dry_run.data:
            count = services.import_inputs(consultation, result)
            flash(_("%(count)s inputs imported.", count=format_number(count)), "success")
            return redirect(url_for("consultations.inputs", consultation=consultation.id))
    refused = form.errors or (result is not None and not result.ok)
    status = 422 if request.method == "POST" and refused else 200
    return render_template("consultations/import.html", form=form, result=result,
                           consultation=consultation,
                           background_rows=imports.background_rows(current_app)), status


@bp.route("/import-jobs/<int:import_job>")
@allow(IMPORTER)
def import_job(import_job):
    """A large import's progress (the page refreshes itself), then its result."""
    job = found_or_404(db.session.get(ImportJob, import_job))
    return render_template("consultations/import_job.html", job=job,
                           consultation=job.consultation)


@bp.route("/statements/<int:statement>/reports/new", methods=["GET", "POST"])
@allow(OP_OF_STATEMENT)
def new_report(statement):
    statement = get_statement(statement)
    if statement is None:
        abort(404)
    refuse_report_if_submitted(statement)
    form = ReportForm()
    if form.validate_on_submit():
        services.add_report(statement, current_user, **form.values())
        flash(_("The consultation report is recorded and counts toward the standards."),
              "success")
        return redirect(url_for("statements.show", statement=statement.id))
    return render_form("consultations/report_form.html", form, statement=statement)


@bp.cli.command("import-inputs")
@click.argument("consultation", type=int)
@click.argument("file", type=click.File("rb"))
@click.option("--dry-run", is_flag=True, help="Check the file; import nothing.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def import_inputs_command(consultation, file, dry_run, quiet):
    """Import offline inputs into CONSULTATION (its number) from a CSV FILE, all or nothing
    (columns: see the import page), with a progress bar."""
    found = services.get_consultation(consultation)
    if found is None:
        raise click.ClickException(f"no consultation {consultation}")
    if found.statement.status not in (DRAFT, IN_VALIDATION):
        raise click.ClickException("its statement is submitted; its inputs can no longer change")
    with force_locale("en"):  # no request here to choose a language from
        result, written = imports.import_with_progress_bar(found, file.read(), dry_run, quiet)
        for line, message in result.errors:
            click.echo(f"line {line}: {message}" if line else str(message), err=True)
    if not result.ok:
        db.session.rollback()
        raise SystemExit(1)
    db.session.commit()
    people = f"{len(result.rows)} inputs from {result.people} participants"
    click.echo(f"{people} checked; nothing imported (dry run)." if dry_run
               else f"{people} imported ({written} written).")
