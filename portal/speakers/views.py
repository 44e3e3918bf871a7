"""Speaking opportunities and travel support: pages (issue 13)."""
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape

from portal import navigation
from portal.countries import country_name
from portal.extensions import db
from portal.i18n import LANGUAGES, NATIVE_NAMES, current_language, html_lang, text_direction
from portal.i18n_text import localized
from portal.meetings.models import Meeting
from portal.permissions import PUBLIC, SECRETARIAT_ONLY, SIGNED_IN, allow
from portal.records.services import Refused
from portal.registry.labels import GENDERS
from portal.registry.models import MajorGroup
from portal.speakers import balance, services, text
from portal.speakers.access import APPLICANT, SELECTOR
from portal.speakers.forms import (
    ApplicationForm,
    MarkForm,
    OpportunityForm,
    OralStatementForm,
    SelectionForm,
    WithdrawForm,
)
from portal.speakers.models import TRAVEL, Application, Opportunity, OralStatement
from portal.views import found_or_404, render_form

bp = Blueprint("speakers", __name__)
navigation.add("speakers.index", _l("Speaking opportunities"))


def _opportunity_or_404(opportunity_id: int) -> Opportunity:
    return found_or_404(db.session.get(Opportunity, opportunity_id))


@bp.route("/speaking")
@allow(PUBLIC)
def index():
    opportunities = db.session.scalars(
        db.select(Opportunity).order_by(Opportunity.held_on.desc(), Opportunity.id)
        .limit(200)).all()
    from portal.speakers.figures import series_names

    return render_template("speakers/index.html", opportunities=opportunities,
                           series=series_names())


@bp.route("/speaking/<int:opportunity>")
@allow(PUBLIC)
def show(opportunity):
    opportunity = _opportunity_or_404(opportunity)
    selection = services.selection_of(opportunity)
    speakers = []
    if opportunity.status != services.OPEN:
        speakers = services.selected_applications(selection)
    mine = (services.application_of(current_user, opportunity)
            if current_user.is_authenticated else None)
    statements = {s.application_id: s for s in db.session.scalars(
        db.select(OralStatement).join(Application)
        .where(Application.opportunity_id == opportunity.id))}
    return render_template("speakers/show.html", opportunity=opportunity, speakers=speakers,
                           statements=statements, mark_form=MarkForm(),
                           selection=selection, mine=mine,
                           figures=text.stored_rows(selection.figures),
                           profile=services.profile_of(opportunity),
                           is_open=services.is_open(opportunity), withdraw_form=WithdrawForm())


@bp.route("/meetings/<int:meeting>/opportunities/new", methods=["GET", "POST"])
@allow(SECRETARIAT_ONLY)
def declare(meeting):
    meeting = found_or_404(db.session.get(Meeting, meeting))
    groups = db.session.scalars(db.select(MajorGroup).order_by(MajorGroup.position)).all()
    form = OpportunityForm(meeting=meeting, groups=groups)
    if request.method == "GET":
        form.held_on.data = meeting.starts_on
        form.series.data = meeting.profile_family
        form.fill("session", meeting.sessions)
        defaults = balance.SelectionProfile()
        form.max_gender_share.data = defaults.max_gender_share * 100
        form.min_regions.data = defaults.min_regions
        form.max_region_share.data = defaults.max_region_share * 100
        form.rotation_sessions.data = 0
    if form.validate_on_submit():
        opportunity = services.declare(
            meeting, user=current_user, kind=form.kind.data,
            agenda_item_id=int(form.agenda_item.data) if form.agenda_item.data else None,
            group_id=int(form.group.data) if form.group.data else None,
            sessions=form.texts("session"), held_on=form.held_on.data,
            series=form.series.data.strip(), slots=form.slots.data, minutes=form.minutes.data,
            languages=form.languages.data, covers=(form.covers.data or "").strip() or None,
            deadline=form.deadline.data, profile=form.profile())
        flash(_("The opportunity is open for applications."), "success")
        return redirect(url_for("speakers.show", opportunity=opportunity.id))
    return render_form("speakers/declare.html", form, meeting=meeting)


def _application_values(form: ApplicationForm) -> services.ApplicationValues:
    def clean(value):
        return (value or "").strip() or None

    return services.ApplicationValues(
        organization_id=form.organization.data, topic=form.topic.data.strip(),
        language=form.language.data, summary=form.summary.data.strip(),
        gender=form.gender.data or None, country=form.country.data,
        frontline=form.frontline.data,
        frontline_description=clean(form.frontline_description.data),
        travel_need=clean(form.travel_need.data), cost_estimate=form.cost_estimate.data)


@bp.route("/speaking/<int:opportunity>/apply", methods=["GET", "POST"])
@allow(SIGNED_IN)
def apply(opportunity):
    opportunity = _opportunity_or_404(opportunity)
    organizations = services.eligible_organizations(current_user, opportunity)
    mine = services.application_of(current_user, opportunity)
    if mine is not None and mine.status == "withdrawn":
        mine = None
    form = ApplicationForm(obj=mine if request.method == "GET" else None,
                           organizations=organizations, language=current_language(),
                           travel=opportunity.kind == TRAVEL)
    if request.method == "GET" and mine is not None:
        form.organization.data = mine.organization_id
        form.gender.data = mine.gender or "undeclared"
    refusal = None
    if not organizations:
        refusal = Refused(_l("Only members of a verified organization of the group this "
                             "opportunity is for may apply."), 403)
    elif not services.is_open(opportunity):
        refusal = Refused(_l("The deadline for applications has passed."), 409)
    elif form.validate_on_submit():
        try:
            values = _application_values(form)
            if mine is None:
                services.apply(current_user, opportunity, values)
            else:
                services.update(current_user, mine, values)
        except Refused as error:
            refusal = error
        else:
            flash(_("Your application is saved. You may change it until the deadline."),
                  "success")
            return redirect(url_for("speakers.show", opportunity=opportunity.id))
    page = render_template("speakers/apply.html", form=form, opportunity=opportunity,
                           mine=mine, refusal=refusal,
                           can_apply=bool(organizations) and services.is_open(opportunity))
    if refusal is not None:
        return page, refusal.status
    return page, 422 if form.errors else 200


@bp.route("/speaking/applications/<int:application>/withdraw", methods=["POST"])
@allow(APPLICANT)
def withdraw(application):
    application = found_or_404(db.session.get(Application, application))
    if not WithdrawForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw(application)
    except Refused as error:
        abort(error.status, str(error.message))
    flash(_("Your application is withdrawn."), "success")
    return redirect(url_for("speakers.show", opportunity=application.opportunity_id))


def _selection_page(opportunity, form, chosen, status=200, advice=None, refusal=None):
    rows = services.candidate_rows(opportunity)
    pool = services.candidates(opportunity, rows)
    profile = services.profile_of(opportunity)
    findings = balance.evaluate(profile, opportunity.slots, pool, chosen)
    recent = {c.id for c in pool if c.recent}
    by_id = {a.id: a for a in rows}
    return render_template(
        "speakers/select.html", opportunity=opportunity, form=form,
        rows=_candidate_table(rows, recent, set(chosen)), count=len(rows),
        report=text.rows(findings),
        passed=balance.all_passed(findings), advice=advice, by_id=by_id,
        refusal=refusal), status


# One row of the candidates table. 5,000 rows through Jinja cost ten escapes each; here each
# label is escaped once per page and only the name and topic once per row.
CANDIDATE_ROW = (
    '<tr><td><input type="checkbox" name="chosen" value="{id}" id="chosen-{id}"{checked}>'
    '</td><th scope="row"><label for="chosen-{id}">{name}</label></th><td>{organization}</td>'
    '<td>{country}</td><td>{gender}</td><td>{frontline}</td><td>{recent}</td>'
    '<td lang="{lang}">{language}</td><td>{topic}</td></tr>\n')


def _candidate_table(rows, recent: set[int], chosen: set[int]) -> Markup:
    """The body of the candidates table, every text escaped."""
    language = current_language()
    genders = {key: escape(label) for key, label in GENDERS.items()}
    yes, no = escape(_("Yes")), escape(_("No"))
    countries, organizations = {}, {}
    languages = {code: (html_lang(code), escape(NATIVE_NAMES.get(code, code)))
                 for code in LANGUAGES}
    lines = []
    for a in rows:
        if a.country not in countries:
            countries[a.country] = escape(country_name(a.country, language) or "—")
        if a.organization_id not in organizations:
            organizations[a.organization_id] = escape(localized(a.organization_names,
                                                                language))
        lang, language_name = languages.get(a.language, ("", escape(a.language)))
        lines.append(CANDIDATE_ROW.format(
            id=int(a.id), checked=" checked" if a.id in chosen else "",
            name=escape(a.display_name), organization=organizations[a.organization_id],
            country=countries[a.country], gender=genders.get(a.gender or "undeclared", ""),
            frontline=yes if a.frontline else no, recent=yes if a.id in recent else no,
            lang=lang, language=language_name, topic=escape(a.topic)))
    return Markup("".join(lines))  # every piece is escaped above


@bp.route("/speaking/<int:opportunity>/selection", methods=["GET", "POST"])
@allow(SELECTOR)
def select(opportunity):
    """Check the balance, ask the advisor, or save (a stale save is refused)."""
    opportunity = _opportunity_or_404(opportunity)
    selection = services.selection_of(opportunity)
    form = SelectionForm()
    if request.method == "GET":
        form.version.data = selection.version
        form.override_reason.data = selection.override_reason
        return _selection_page(opportunity, form, selection.application_ids)
    if not form.validate_on_submit():
        return _selection_page(opportunity, form, [], 422)
    chosen = list(form.chosen.data or [])
    action = request.form.get("action")
    if action == "advise":
        rows = services.candidate_rows(opportunity)
        advice = balance.advise(services.profile_of(opportunity), opportunity.slots,
                                services.candidates(opportunity, rows), chosen)
        shown = list(advice.selected) if advice.possible else chosen
        return _selection_page(opportunity, form, shown, advice=advice)
    if action != "save":
        return _selection_page(opportunity, form, chosen)
    try:
        version = int(form.version.data or 0)
        services.save_selection(opportunity, chosen, version=version,
                                override_reason=form.override_reason.data, user=current_user)
    except (Refused, ValueError) as error:
        refusal = error if isinstance(error, Refused) else Refused(_l("Reload the page."), 409)
        return _selection_page(opportunity, form, chosen, refusal.status, refusal=refusal)
    flash(_("The selection is saved."), "success")
    return redirect(url_for("speakers.select", opportunity=opportunity.id))


@bp.route("/speaking/<int:opportunity>/confirm", methods=["POST"])
@allow(SECRETARIAT_ONLY)
def confirm(opportunity):
    opportunity = _opportunity_or_404(opportunity)
    if not WithdrawForm().validate_on_submit():
        abort(400)
    try:
        services.confirm(opportunity, current_user)
    except Refused as error:
        abort(error.status, str(error.message))
    flash(_("The selection is confirmed; every applicant is told the outcome."), "success")
    return redirect(url_for("speakers.show", opportunity=opportunity.id))


@bp.app_template_filter("native_name")
def native_name_filter(code):
    from portal.i18n import NATIVE_NAMES

    return NATIVE_NAMES.get(code, code)


@bp.route("/speaking/<int:opportunity>/publish", methods=["POST"])
@allow(SECRETARIAT_ONLY)
def publish(opportunity):
    from portal.speakers.publishing import publish_list

    opportunity = _opportunity_or_404(opportunity)
    if not WithdrawForm().validate_on_submit():
        abort(400)
    try:
        record = publish_list(opportunity, published_on=date.today(), user=current_user)
    except Refused as error:
        abort(error.status, str(error.message))
    flash(_("The list is published as %(symbol)s in the six languages.", symbol=record.symbol),
          "success")
    return redirect(url_for("speakers.show", opportunity=opportunity.id))


@bp.route("/speaking/applications/<int:application>/statement", methods=["GET", "POST"])
@allow(APPLICANT)
def oral_statement(application):
    """The selected speaker's text, before the session (rec. 10)."""
    from portal.speakers.publishing import submit_oral_statement

    application = found_or_404(db.session.get(Application, application))
    existing = db.session.scalar(db.select(OralStatement).filter_by(
        application_id=application.id))
    form = OralStatementForm(obj=existing if request.method == "GET" else None)
    if request.method == "GET" and existing is None:
        form.language.data = application.language
    refusal = None
    if form.validate_on_submit():
        try:
            submit_oral_statement(application, title=form.title.data.strip(),
                                  text_body=form.text.data.strip(),
                                  language=form.language.data)
        except Refused as error:
            refusal = error
        else:
            flash(_("The text of your oral statement is saved."), "success")
            return redirect(url_for("speakers.show", opportunity=application.opportunity_id))
    page = render_template("speakers/oral_statement.html", form=form, application=application,
                           refusal=refusal)
    return page, refusal.status if refusal else (422 if form.errors else 200)


@bp.route("/speaking/statements/<int:statement>/mark", methods=["POST"])
@allow(SECRETARIAT_ONLY)
def mark(statement):
    from portal.speakers.publishing import mark_delivered

    statement = found_or_404(db.session.get(OralStatement, statement))
    form = MarkForm()
    if not form.validate_on_submit():
        abort(422, _("Say whether the statement was delivered."))
    try:
        record = mark_delivered(statement, delivered=form.delivered.data == "yes",
                                published_on=date.today(), user=current_user)
    except Refused as error:
        abort(error.status, str(error.message))
    if record is not None:
        flash(_("The statement is published as %(symbol)s.", symbol=record.symbol), "success")
    else:
        flash(_("The statement is marked as not delivered."), "success")
    return redirect(url_for("speakers.show", opportunity=statement.application.opportunity_id))


@bp.route("/speaking/series/<series>")
@allow(PUBLIC)
def series(series):
    """Participation figures across the sessions of a meeting series, with charts."""
    from portal.speakers.figures import series_figures, session_counts

    figures = series_figures(series)
    if figures is None:
        abort(404)
    return render_template("speakers/series.html", figures=figures, counts=session_counts,
                           charts=_series_charts(figures["totals"]))


def _series_charts(totals: dict) -> list:
    from portal.statements import charts
    from portal.statements.standards_text import gender_label, region_label

    def chart(title, rows, chart_id):
        return {"title": title, "rows": rows, "svg": Markup(charts.bar_chart_svg(
            rows, title, rtl=text_direction() == "rtl", chart_id=chart_id))}

    return [
        chart(_("Speakers by gender"), [(gender_label(key), count) for key, count
                                        in totals["by_gender"].items()], "series-gender"),
        chart(_("Speakers by region"), [(region_label(key), count) for key, count
                                        in totals["by_region"].items()], "series-region")]


@bp.app_template_filter("criterion_label")
def criterion_label_filter(code):
    return text.label(code)


@bp.app_template_filter("speaker_rows")
def speaker_rows_filter(figures):
    return text.stored_rows(figures)
