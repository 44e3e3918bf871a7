"""Official records: the public archive and the secretariat's publishing desk."""
from __future__ import annotations

from datetime import date

import click
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import ServiceUnavailable

from portal import navigation
from portal.errors import error_response
from portal.extensions import db
from portal.i18n import LANGUAGES, NATIVE_NAMES, un_date
from portal.meetings.models import AgendaItem, Meeting
from portal.notifications import events
from portal.permissions import PUBLIC, SECRETARIAT, SECRETARIAT_ONLY, allow
from portal.records import (
    archive,
    documents,
    pdf,
    render_errors,
    services,
    storage,
    tasks,
    translation_desk,
)
from portal.records.forms import (
    ActionForm,
    ArchiveSearchForm,
    CompileForm,
    IssueForm,
    PublishForm,
    TranslationForm,
    choices,
)
from portal.records.models import (
    COMPILATION,
    FAILED,
    QUEUED,
    RENDERED,
    RENDERING,
    Edition,
    Record,
    RenderedFile,
)
from portal.registry.models import MajorGroup
from portal.statements.markup import render as render_markup
from portal.statements.models import Statement
from portal.views import found_or_404, render_form

bp = Blueprint("records", __name__, cli_group="records")
ONE_YEAR = 31_536_000
navigation.add("records.archive_page", _l("Official records"))
navigation.add("records.desk", _l("Publishing desk"),
               lambda user: user.is_authenticated and user.role in (SECRETARIAT,
                                                                     "administrator"))


# How PDFs are rendered (portal.jobs), in words for the publishing desk.
RENDER_MODES = {
    "thread": _l("in a thread of the web server"),
    "rq": _l("by the workers of the Redis queue"),
    "inline": _l("during the request that asks for them"),
}


@bp.app_template_filter("document_date")
def document_date(value):
    """A record's date as its PDF prints it in the reader's language (UN style)."""
    return un_date(value)


def _refused(error: services.Refused):
    abort(error.status, str(error.message))


# --- Public -----------------------------------------------------------------------------

@bp.route("/records")
@allow(PUBLIC)
def archive_page():
    form = ArchiveSearchForm(request.args)
    meetings = db.session.execute(db.select(Meeting.slug, Meeting.names)
                                  .order_by(Meeting.starts_on.desc()).limit(200)).all()
    groups = db.session.execute(db.select(MajorGroup.slug, MajorGroup.names)
                                .order_by(MajorGroup.position).limit(200)).all()
    from portal.i18n_text import localized

    form.meeting.choices = choices([("", _("All meetings"))]
                                   + [(s, localized(n)) for s, n in meetings])
    form.group.choices = choices([("", _("All groups"))] + [(s, localized(n)) for s, n in groups])
    form.language.choices = choices([("", _("Any language"))]
                                    + [(c, NATIVE_NAMES[c]) for c in LANGUAGES])
    valid = form.validate()
    page = archive.search(
        q=form.q.data if valid else None, meeting=form.meeting.data or None if valid else None,
        group=form.group.data or None if valid else None,
        language=form.language.data or None if valid else None,
        date_from=form.date_from.data if valid else None,
        date_to=form.date_to.data if valid else None,
        page=form.page.data or 1 if valid else 1)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("records/archive.html", form=form, page=page, args=args,
                           pdf_url=archive.pdf_url)


@bp.route("/records/feed.atom")
@allow(PUBLIC)
def feed():
    records = archive.latest()
    body = render_template("records/feed.xml", records=records,
                           updated=max((r.published_at for r in records), default=None))
    return current_app.response_class(body, mimetype="application/atom+xml")


@bp.route("/records/<path:symbol>")
@allow(PUBLIC)
def record_page(symbol):
    record = services.record_by_symbol(symbol)
    if record is None:
        abort(404, _("There is no official record with this symbol."))
    compiled = []
    if record.kind == COMPILATION:
        ids = [entry["record_id"] for entry in record.contents or []]
        found = {r.id: r for r in db.session.scalars(db.select(Record).where(Record.id.in_(ids))
                                                    .options(selectinload(Record.group)))}
        compiled = [found[i] for i in ids if i in found]
    shown = shown_edition(record)
    body_html = render_markup(shown.body) if shown and shown.body else ""
    return render_template("records/record.html", record=record, shown=shown,
                           body_html=body_html, compiled=compiled, pdf_url=archive.pdf_url,
                           # The secretariat's form only: a CSRF token for every visitor
                           # would keep the page out of the shared cache.
                           form=ActionForm() if current_user.is_authenticated else None)


def shown_edition(record: Record) -> Edition | None:
    """The edition in the reader's language when it is public, else the original.

    A compilation's frame (its generated title) exists in every language: its title is
    shown in the reader's language, not the original's.
    """
    shown = record.edition(_reader_language())
    if shown is None or not shown.is_public or not (
            shown.has_text or record.kind == COMPILATION and shown.title):
        return record.original
    return shown


@bp.app_template_global("render_error_text")
def render_error_text(edition: Edition) -> str:
    """Why the edition's PDF failed, in the reader's language."""
    return render_errors.message(edition.render_error_code, edition.render_error_params)


@bp.app_template_global("record_title")
def record_title(record: Record) -> tuple[str, str]:
    """(title, language) of a record as a list shows it to this reader: the official
    edition's in the reader's language, else (a compilation) the edition shown to them."""
    title, language = record.title_in(_reader_language())
    if language == record.original_language and record.kind == COMPILATION:
        shown = shown_edition(record)
        if shown is not None and shown.title:
            return shown.title, shown.language
    return title, language


def _reader_language():
    from portal.i18n import current_language

    return current_language()


def _send_pdf(sha256: str, filename: str, cache_control: str):
    etag = f'"{sha256}"'
    if etag in request.headers.get("If-None-Match", ""):
        # The ETag is the hash of the bytes: a match needs no file and no further work.
        response = current_app.response_class(status=304)
    else:
        try:
            response = storage.send(sha256, filename)
        except storage.StoreUnavailable as error:
            current_app.logger.warning("the files store is unreachable: %s", error)
            raise ServiceUnavailable(_("The documents store cannot be reached. "
                                       "Try again in a minute."), retry_after=60) from None
        if response is None:
            abort(404, _("This PDF is being prepared. Try again in a minute."))
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = cache_control
    return response


@bp.route("/records/pdf/<language>/<path:symbol>")
@allow(PUBLIC)
def edition_pdf(language, symbol):
    """The permanent address of an edition's PDF; the file behind it may be re-rendered."""
    sha256 = db.session.scalar(
        db.select(RenderedFile.sha256)
        .join(Edition, Edition.file_id == RenderedFile.id)
        .join(Record, Edition.record_id == Record.id)
        .where(Record.symbol == symbol, Edition.language == language,
               archive.public_edition_condition()))
    if sha256 is None:
        abort(404, _("This edition has no PDF yet."))
    name = f"{symbol.replace('/', '_')}_{language}.pdf"
    return _send_pdf(sha256, name, "public, max-age=3600, must-revalidate")


@bp.route("/records/files/<sha256>.pdf")
@allow(PUBLIC)
def stored_pdf(sha256):
    """A PDF by the hash of its bytes: it can never change, so caches keep it for a year."""
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        abort(404)
    known = db.session.scalar(db.select(RenderedFile.id).where(RenderedFile.sha256 == sha256))
    if known is None:
        abort(404)
    return _send_pdf(sha256, f"{sha256[:12]}.pdf", f"public, max-age={ONE_YEAR}, immutable")


# --- Secretariat ------------------------------------------------------------------------

@bp.route("/secretariat/records")
@allow(SECRETARIAT_ONLY)
def desk():
    tasks.sweep()  # renders that died are queued again (or failed) once their lease ran out
    statements = services.inbox()
    recent = archive.latest(30)
    busy = any(e.render_status in (QUEUED, RENDERING) for r in recent for e in r.editions)
    failed = db.session.scalars(
        db.select(Edition).where(Edition.render_status == FAILED)
        .options(selectinload(Edition.record)).limit(100)).all()
    return render_template("records/desk.html", statements=statements, recent=recent,
                           busy=busy, failed=failed, form=ActionForm(),
                           mode=RENDER_MODES.get(tasks.mode(current_app), ""),
                           attempts=tasks.attempts_allowed())


def _statement_or_404(statement_id) -> Statement:
    return found_or_404(db.session.get(Statement, statement_id))


@bp.route("/secretariat/records/publish/<int:statement_id>", methods=["GET", "POST"])
@allow(SECRETARIAT_ONLY)
def publish(statement_id):
    statement = _statement_or_404(statement_id)
    form = PublishForm()
    if request.method == "GET":
        form.published_on.data = date.today()
        form.agenda_symbol.data = statement.meeting.agenda_symbol
    if form.validate_on_submit():
        try:
            record = services.publish_statement(
                statement, published_on=form.published_on.data,
                agenda_symbol=form.agenda_symbol.data, user=current_user)
            events.published(record)
        except services.AlreadyPublished as error:
            return error_response(409, str(error), link=(
                url_for("records.record_page", symbol=error.record.symbol),
                _("Go to %(symbol)s", symbol=error.record.symbol)))
        except services.Refused as error:
            _refused(error)
        flash(_("Published as %(symbol)s. The PDF editions are being prepared.",
                symbol=record.symbol), "success")
        return redirect(url_for("records.record_page", symbol=record.symbol))
    preview = render_markup(statement.frozen_body or "")
    return render_form("records/publish.html", form, statement=statement, preview=preview)


def _record_or_404(record_id) -> Record:
    return found_or_404(db.session.get(Record, record_id, options=[selectinload(Record.editions)]))


def _edition_or_404(record: Record, language: str) -> Edition:
    return found_or_404(record.edition(language))


@bp.route("/secretariat/records/<int:record_id>/editions/<language>", methods=["GET", "POST"])
@allow(SECRETARIAT_ONLY)
def edit_edition(record_id, language):
    record = _record_or_404(record_id)
    edition = _edition_or_404(record, language)
    form = TranslationForm(obj=edition if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = edition.version
    if form.validate_on_submit():
        try:
            version = int(form.version.data or 0)
        except ValueError:
            version = -1
        try:
            services.save_translation(edition, title=form.title.data, body=form.body.data,
                                      status=form.status.data,
                                      translator_note=form.translator_note.data,
                                      version=version, user=current_user)
        except services.Refused as error:
            _refused(error)
        flash(_("The %(language)s edition is saved.", language=NATIVE_NAMES[language]),
              "success")
        return redirect(url_for("records.record_page", symbol=record.symbol))
    return render_form("records/edition_form.html", form, record=record, edition=edition,
                       machine_available=_machine_available(), action=ActionForm(),
                       rows=translation_desk.aligned(record.original.body or "",
                                                     edition.body or ""))


@bp.route("/secretariat/records/<int:record_id>/editions/<language>/preview.pdf")
@allow(SECRETARIAT_ONLY)
def edition_preview(record_id, language):
    """The edition's saved text rendered as its PDF will be; nothing is stored."""
    record = _record_or_404(record_id)
    edition = _edition_or_404(record, language)
    html, _key = documents.edition_document(record, edition)
    pdf.check_fonts(language)
    response = current_app.response_class(pdf.html_to_pdf(html, assets=documents.assets()),
                                          mimetype="application/pdf")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Disposition"] = "inline"
    return response


def _progress(record: Record, edition: Edition) -> dict:
    url = archive.pdf_url(record, edition)
    return {"language": edition.language, "render_status": edition.render_status,
            "label": render_template("records/_render_label.txt", edition=edition).strip(),
            "pdf_url": url, "pages": edition.file.pages if url else None,
            "pdf_label": ngettext("PDF, %(num)s page", "PDF, %(num)s pages",
                                  edition.file.pages) if url else None,
            "done": edition.render_status not in (QUEUED, RENDERING)}


@bp.route("/records/<int:record_id>/progress.json")
@allow(PUBLIC)
def render_progress(record_id):
    """Each edition's rendering, for the record page's script; public editions only,
    unless the secretariat asks."""
    record = _record_or_404(record_id)
    secretariat = SECRETARIAT_ONLY.allows(current_user, {})
    editions = [e for e in record.editions if secretariat or e.is_public]
    response = jsonify({"record": record.id, "editions": [
        _progress(record, edition) for edition in editions]})
    response.headers["Cache-Control"] = "no-cache"
    return response


def _machine_available() -> bool:
    from portal.records import machine

    return machine.translator() is not None


@bp.route("/secretariat/records/<int:record_id>/editions/<language>/machine",
          methods=["POST"])
@allow(SECRETARIAT_ONLY)
def machine_prefill(record_id, language):
    record = _record_or_404(record_id)
    edition = _edition_or_404(record, language)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.prefill_machine(edition, current_user)
    except services.Refused as error:
        _refused(error)
    flash(_("A machine draft was written. It is shown as an unofficial translation until "
            "you issue a reviewed translation."), "success")
    return redirect(url_for("records.edit_edition", record_id=record.id, language=language))


@bp.route("/secretariat/records/<int:record_id>/issue", methods=["GET", "POST"])
@allow(SECRETARIAT_ONLY)
def issue(record_id):
    parent = _record_or_404(record_id)
    form = IssueForm()
    if request.method == "GET":
        form.published_on.data = date.today()
        form.title.data = parent.title
    if form.validate_on_submit():
        try:
            record = services.issue_suffix(parent, form.kind.data, title=form.title.data,
                                           body=form.body.data, note=form.note.data,
                                           published_on=form.published_on.data,
                                           user=current_user)
        except services.AlreadyPublished as error:
            return error_response(409, str(error), link=(
                url_for("records.record_page", symbol=error.record.symbol),
                _("Go to %(symbol)s", symbol=error.record.symbol)))
        except services.Refused as error:
            _refused(error)
        flash(_("Published as %(symbol)s.", symbol=record.symbol), "success")
        return redirect(url_for("records.record_page", symbol=record.symbol))
    return render_form("records/issue.html", form, parent=parent)


@bp.route("/secretariat/records/compile", methods=["GET", "POST"])
@allow(SECRETARIAT_ONLY)
def compile_page():
    from portal.i18n_text import localized

    form = CompileForm()
    meetings = db.session.scalars(db.select(Meeting).order_by(Meeting.starts_on.desc())
                                  .options(selectinload(Meeting.agenda_items)).limit(200)).all()
    form.meeting.choices = choices([(m.id, localized(m.names) or m.slug) for m in meetings])
    form.agenda_item.choices = choices([(0, _("All agenda items"))] + [
        (item.id, f"{localized(m.names) or m.slug}: {item.number} {localized(item.titles)}")
        for m in meetings for item in m.agenda_items])
    if request.method == "GET":
        form.published_on.data = date.today()
        form.original_language.data = "en"
    if form.validate_on_submit():
        meeting = next(m for m in meetings if m.id == form.meeting.data)
        item = None
        if form.agenda_item.data:
            item = db.session.get(AgendaItem, form.agenda_item.data)
            if item is None or item.meeting_id != meeting.id:
                form.agenda_item.errors.append(_("This agenda item is not on that meeting's "
                                                 "agenda."))
                return render_form("records/compile.html", form)
        try:
            record = services.compile_statements(
                meeting, agenda_item=item, original_language=form.original_language.data,
                published_on=form.published_on.data,
                agenda_symbol=form.agenda_symbol.data or meeting.agenda_symbol,
                user=current_user)
        except services.AlreadyPublished as error:
            return error_response(409, str(error), link=(
                url_for("records.record_page", symbol=error.record.symbol),
                _("Go to %(symbol)s", symbol=error.record.symbol)))
        except services.Refused as error:
            _refused(error)
        flash(_("Published as %(symbol)s.", symbol=record.symbol), "success")
        return redirect(url_for("records.record_page", symbol=record.symbol))
    return render_form("records/compile.html", form)


@bp.route("/secretariat/records/<int:record_id>/render", methods=["POST"])
@allow(SECRETARIAT_ONLY)
def render_again(record_id):
    record = _record_or_404(record_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.queue_render(record)
    flash(_("The PDF editions of %(symbol)s are queued for rendering.", symbol=record.symbol),
          "success")
    return redirect(url_for("records.desk"))


# --- Command line -----------------------------------------------------------------------

@bp.cli.command("render")
@click.option("--all", "everything", is_flag=True,
              help="Check every edition, not only those queued, failed or never rendered.")
def render_command(everything):
    """Render the PDF editions that need it (a PDF whose sources did not change is kept)."""
    tasks.sweep(dispatch_them=False)  # renders that died: this command does them now
    db.session.commit()
    query = db.select(Edition.id).join(Record).order_by(Edition.id)
    if not everything:
        query = query.where(Edition.render_status != RENDERED)
    ids = [i for i in db.session.scalars(query).all()
           if services.renderable(db.session.get(Edition, i))]
    # Asked by a person: every attempt is available again (not for one rendering now).
    db.session.execute(db.update(Edition).where(Edition.id.in_(ids),
                                                Edition.render_status != RENDERING)
                       .values(render_attempts=0))
    db.session.commit()
    db.session.remove()
    outcomes: dict[str, int] = {}
    with click.progressbar(ids, label="Rendering PDF editions", show_pos=True) as bar:
        for edition_id in bar:
            outcome = tasks.render_with_retries(edition_id)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            db.session.remove()
    click.echo(", ".join(f"{count} {name}" for name, count in sorted(outcomes.items()))
               or "Nothing to render.")
    if outcomes.get("failed"):
        raise SystemExit(1)
