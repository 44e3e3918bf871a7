"""Meetings and standards profiles: public listing, the secretariat's editing."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal import navigation
from portal.extensions import db
from portal.meetings import services
from portal.meetings.forms import AgendaItemForm, MeetingForm, ProfileForm
from portal.meetings.models import Meeting
from portal.permissions import PUBLIC, SECRETARIAT_ONLY, _secretariat, allow
from portal.views import found_or_404, render_form

bp = Blueprint("meetings", __name__)
navigation.add("meetings.index", _l("Meetings"))
navigation.add("meetings.profiles", _l("Standards profiles"),
               lambda user: _secretariat(user))

MEETING_FIELDS = ("slug", "starts_on", "ends_on", "agenda_symbol", "symbol_pattern",
                  "profile_family")


def _meeting_or_404(meeting_id: int) -> Meeting:
    return found_or_404(db.session.get(Meeting, meeting_id,
                             options=[selectinload(Meeting.agenda_items)]))


@bp.route("/meetings")
@allow(PUBLIC)
def index():
    return render_template("meetings/index.html", meetings=services.meetings())


@bp.route("/meetings/<int:meeting>")
@allow(PUBLIC)
def show(meeting):
    from portal.statements.services import statements_of_meeting

    meeting = _meeting_or_404(meeting)
    return render_template("meetings/show.html", meeting=meeting,
                           statements=statements_of_meeting(meeting),
                           profile=services.latest_profile(meeting.profile_family),
                           agenda_form=AgendaItemForm() if _secretariat(current_user) else None)


def _meeting_values(form: MeetingForm) -> dict:
    values = {name: form[name].data.strip() if isinstance(form[name].data, str)
              else form[name].data for name in MEETING_FIELDS}
    values.update(names=form.texts("name"), organs=form.texts("organ"),
                  sessions=form.texts("session"))
    return values


def _slug_taken(slug: str, meeting_id: int | None = None) -> bool:
    query = db.select(Meeting.id).filter(Meeting.slug == slug)
    if meeting_id:
        query = query.filter(Meeting.id != meeting_id)
    return db.session.scalar(query) is not None


@bp.route("/meetings/new", methods=["GET", "POST"])
@allow(SECRETARIAT_ONLY)
def create():
    form = MeetingForm()
    if request.method == "GET":
        form.profile_family.data = services.DEFAULT_FAMILY
    if form.validate_on_submit():
        if _slug_taken(form.slug.data):
            form.slug.errors.append(_("Another meeting already uses this short name."))
        else:
            meeting = services.create_meeting(**_meeting_values(form))
            flash(_("The meeting is recorded. Add its agenda items."), "success")
            return redirect(url_for("meetings.show", meeting=meeting.id))
    return render_form("meetings/form.html", form, meeting=None,
                       families=services.profile_families())


@bp.route("/meetings/<int:meeting>/edit", methods=["GET", "POST"])
@allow(SECRETARIAT_ONLY)
def edit(meeting):
    meeting = _meeting_or_404(meeting)
    form = MeetingForm(obj=meeting)
    if request.method == "GET":
        form.fill("name", meeting.names)
        form.fill("organ", meeting.organs)
        form.fill("session", meeting.sessions)
    if form.validate_on_submit():
        if _slug_taken(form.slug.data, meeting.id):
            form.slug.errors.append(_("Another meeting already uses this short name."))
        else:
            services.update_meeting(meeting, **_meeting_values(form))
            flash(_("The meeting is saved."), "success")
            return redirect(url_for("meetings.show", meeting=meeting.id))
    return render_form("meetings/form.html", form, meeting=meeting,
                       families=services.profile_families())


@bp.route("/meetings/<int:meeting>/agenda-items", methods=["POST"])
@allow(SECRETARIAT_ONLY)
def add_agenda_item(meeting):
    from portal.statements.services import statements_of_meeting

    meeting = _meeting_or_404(meeting)
    form = AgendaItemForm()
    if form.validate_on_submit():
        number = form.number.data.strip()
        if any(item.number == number for item in meeting.agenda_items):
            form.number.errors.append(_("This meeting already has an item with this number."))
        else:
            services.add_agenda_item(meeting, number, form.texts("title"))
            flash(_("The agenda item is added."), "success")
            return redirect(url_for("meetings.show", meeting=meeting.id))
    return render_form("meetings/show.html", form, meeting=meeting, agenda_form=form,
                       statements=statements_of_meeting(meeting))


@bp.route("/standards-profiles")
@allow(SECRETARIAT_ONLY)
def profiles():
    return render_template("meetings/profiles.html", profiles=services.latest_profiles())


@bp.route("/standards-profiles/<family>")
@allow(SECRETARIAT_ONLY)
def profile_history(family):
    versions = services.profile_versions(family)
    if not versions:
        abort(404)
    return render_template("meetings/profile_history.html", family=family, versions=versions)


@bp.route("/standards-profiles/new", methods=["GET", "POST"])
@allow(SECRETARIAT_ONLY)
def new_profile():
    """A new family, or a new version of an existing one (``?family=``)."""
    form = ProfileForm()
    family = request.args.get("family")
    if request.method == "GET":
        versions = services.profile_versions(family) if family else []
        if versions:
            form.fill_from(versions[0])
        else:
            form.fill_from(_default_profile())
            form.family.data = family or ""
    if form.validate_on_submit():
        profile = services.add_profile_version(
            form.family.data, form.texts("name"), form.thresholds(), form.quorum.data.strip(),
            valid_from=form.valid_from.data, author=current_user)
        flash(_("Version %(version)d of this profile is saved. Statements whose consultation "
                "opened earlier keep the version they started with.",
                version=profile.version), "success")
        return redirect(url_for("meetings.profile_history", family=profile.family))
    return render_form("meetings/profile_form.html", form)


def _default_profile():
    from portal.meetings.models import StandardsProfile
    from portal.statements.standards import Profile

    return StandardsProfile(family="", names={}, thresholds=Profile().to_dict(), quorum="1/2")


@bp.app_template_filter("localized")
def localized_filter(texts):
    from portal.i18n_text import localized

    return localized(texts)


@bp.app_template_filter("lang_of")
def lang_of_filter(texts):
    from portal.i18n import html_lang
    from portal.i18n_text import language_of

    return html_lang(language_of(texts))
