"""Statement pages: public view with its standards report, drafting, versions, validation."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.notifications import events
from portal.permissions import PUBLIC, SECRETARIAT_ONLY, allow
from portal.registry.access import is_organizing_partner
from portal.statements import markup, services
from portal.statements.access import OP_OF_STATEMENT
from portal.statements.forms import ActionForm, DraftForm, RequestValidationForm, SubmitForm
from portal.statements.models import DRAFT, IN_VALIDATION, PUBLISHED, SUBMITTED
from portal.statements.report_view import present
from portal.views import found_or_404, render_form

bp = Blueprint("statements", __name__)


def _statement_or_404(statement_id: int):
    return found_or_404(services.get_statement(statement_id))


def _text_html(statement):
    _title, body = services.text_of(statement)
    return markup.parse_statement(body, id_prefix=f"s{statement.id}fn")


@bp.route("/statements/<int:statement>")
@allow(PUBLIC)
def show(statement):
    statement = _statement_or_404(statement)
    report = services.standards_report(statement)
    is_op = current_user.is_authenticated and is_organizing_partner(current_user,
                                                                    statement.group_id)
    # A draft's text stays with its authors and the secretariat until it is submitted;
    # everyone follows its progress through the standards report (numbers only).
    text_public = statement.status in (SUBMITTED, PUBLISHED)
    may_read = text_public or is_op or SECRETARIAT_ONLY.allows(current_user, {})
    return render_template(
        "statements/show.html", statement=statement,
        doc=_text_html(statement) if may_read else None, may_read=may_read,
        standards=present(report, advice=is_op), reports=services.reports_of(statement),
        signoffs=services.signoff_state(statement), is_op=is_op,
        # Only OPs get forms: a CSRF token would keep the page out of the shared cache.
        action_form=ActionForm() if is_op else None,
        validation_form=RequestValidationForm() if is_op else None)


def _draft_page(statement, form, status=200, conflict=None):
    report = services.standards_report(statement)
    return render_template(
        "statements/draft.html", statement=statement, form=form, conflict=conflict,
        standards=present(report, "draft-standards", advice=True),
        reports=services.reports_of(statement),
        inputs=services.recent_inputs(statement.consultation),
        preview=markup.parse_statement(form.body.data or "", id_prefix="preview")), status


def _frozen():
    abort(409, _("This statement is submitted; its text is frozen."))


@bp.route("/statements/<int:statement>/draft", methods=["GET", "POST"])
@allow(OP_OF_STATEMENT)
def draft(statement):
    statement = _statement_or_404(statement)
    if statement.status not in (DRAFT, IN_VALIDATION):
        _frozen()
    form = DraftForm()
    version = statement.current_version
    if request.method == "GET":
        form.base_version.data = version.id if version else None
        form.title.data = version.title if version else ""
        form.body.data = version.body if version else ""
    if form.validate_on_submit():
        try:
            saved = services.save_version(statement, form.title.data.strip(),
                                          form.body.data or "", form.base_version.data,
                                          current_user)
        except services.StaleVersion as stale:
            # Keep what the editor wrote in the form; show the text saved in between.
            current = stale.current.id if stale.current else None
            form.base_version.data = current
            form.base_version.raw_data = [str(current or "")]  # WTForms renders raw_data
            return _draft_page(statement, form, 409, conflict=stale.current)
        except services.NotAllowed:  # submitted while this editor was writing
            _frozen()
        flash(_("Version %(number)d is saved.", number=saved.number), "success")
        return redirect(url_for("statements.draft", statement=statement.id))
    status = 422 if request.method == "POST" and form.errors else 200
    return _draft_page(statement, form, status)


@bp.route("/statements/<int:statement>/versions")
@allow(OP_OF_STATEMENT)
def versions(statement):
    statement = _statement_or_404(statement)
    return render_template("statements/versions.html", statement=statement,
                           versions=services.versions_of(statement))


@bp.route("/statements/<int:statement>/diff")
@allow(OP_OF_STATEMENT)
def diff(statement):
    statement = _statement_or_404(statement)
    old = services.version_by_number(statement, request.args.get("from", 0, type=int))
    new = services.version_by_number(statement, request.args.get("to", 0, type=int))
    if old is None or new is None:
        abort(404, _("Choose two versions of this statement."))
    return render_template("statements/diff.html", statement=statement, old=old, new=new,
                           rows=services.diff_rows(old, new))


@bp.route("/statements/<int:statement>/validation", methods=["POST"])
@allow(OP_OF_STATEMENT)
def request_validation(statement):
    statement = _statement_or_404(statement)
    form = RequestValidationForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        signed = services.request_validation(statement, current_user, form.sign_off.data)
        events.validation_requested(statement, current_user)
    except services.NotAllowed as refusal:
        abort(409, _("Only a draft with a title and a text can go to validation.")
              if str(refusal) in ("empty", "not a draft")
              else _("Only an organizing partner of the group can do this."))
    if signed:
        flash(_("Validation requested, with your organization's sign-off of version "
                "%(number)d.", number=statement.current_version.number), "success")
    else:
        flash(_("Validation requested. Your organization has not signed off yet: sign off "
                "when you approve the text."), "success")
    return redirect(url_for("statements.show", statement=statement.id))


@bp.route("/statements/<int:statement>/signoff", methods=["POST"])
@allow(OP_OF_STATEMENT)
def sign_off(statement):
    statement = _statement_or_404(statement)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        events.signed_off(statement, services.sign_off(statement, current_user))
    except services.NotAllowed:
        abort(409, _("Only a statement in validation can be signed off, by an organizing "
                     "partner of the group."))
    flash(_("Your organization's sign-off is recorded."), "success")
    return redirect(url_for("statements.show", statement=statement.id))


@bp.route("/statements/<int:statement>/submit", methods=["GET", "POST"])
@allow(OP_OF_STATEMENT)
def submit(statement):
    statement = _statement_or_404(statement)
    if statement.status != IN_VALIDATION:
        abort(409, _("Only a statement in validation can be submitted."))
    report = services.standards_report(statement)
    signoffs = services.signoff_state(statement)
    form = SubmitForm()
    if form.validate_on_submit():
        if not signoffs.reached:
            form.justification.errors.append(
                _("%(required)d sign-offs are needed; there are %(count)d.",
                  required=signoffs.required, count=len(signoffs.signoffs)))
        elif not report.passed and not (form.justification.data or "").strip():
            form.justification.errors.append(
                _("The statement does not meet every minimum standard: write a "
                  "justification. It is published with the statement."))
        else:
            services.submit(statement, current_user, form.justification.data, report)
            events.submitted(statement)
            flash(_("The statement is submitted. Its fingerprint is %(fingerprint)s.",
                    fingerprint=statement.fingerprint), "success")
            return redirect(url_for("statements.show", statement=statement.id))
    return render_form("statements/submit.html", form, statement=statement,
                       standards=present(report, advice=True), signoffs=signoffs)
