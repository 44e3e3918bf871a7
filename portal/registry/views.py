"""Registry pages: organizations, members, disclosures, groups, organizing partners."""
from datetime import date

import click
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal import navigation
from portal.consultations.services import is_subscribed, recent_consultations
from portal.countries import country_choices
from portal.extensions import db
from portal.i18n import LANGUAGES, current_language, format_share, html_lang, ngettext
from portal.i18n_text import language_of, localized
from portal.permissions import (
    ADMINISTRATOR,
    PUBLIC,
    SECRETARIAT,
    SECRETARIAT_ONLY,
    SIGNED_IN,
    allow,
    scoped,
)
from portal.registry import directory as dir_
from portal.registry import importer, labels, roster, services
from portal.registry.access import is_focal_point
from portal.registry.forms import (
    ApplicationForm,
    DisclosureForm,
    EndorseForm,
    FeedbackForm,
    GroupForm,
    ImportForm,
    InviteForm,
    JoinDecisionForm,
    OptionalReasonForm,
    OrganizationForm,
    ReasonForm,
    options,
    texts_of,
)
from portal.registry.models import (
    APPLIED,
    APPROVED,
    CONFIRMED,
    PENDING,
    VERIFIED,
    Endorsement,
    Feedback,
    Invitation,
    MajorGroup,
    Membership,
    Organization,
    OrganizingPartner,
)
from portal.registry.regions import REGIONS
from portal.timeutil import utcnow
from portal.views import found_or_404, render_form

bp = Blueprint("registry", __name__, cli_group="registry")


def _focal(user, org, **_):
    return is_focal_point(user, org)


def _term_focal(user, term, **_):
    organization_id = db.session.scalar(
        db.select(OrganizingPartner.organization_id).filter_by(id=term))
    return organization_id is not None and is_focal_point(user, organization_id)


def is_secretariat(user) -> bool:
    return user.is_authenticated and user.role in (SECRETARIAT, ADMINISTRATOR)


FOCAL_POINT = scoped("focal point of the organization", _focal)
TERM_FOCAL_POINT = scoped("focal point of the organizing partner", _term_focal)

navigation.add("registry.directory", _l("Directory"))
navigation.add("registry.dashboard", _l("Registry administration"), is_secretariat)


@bp.record_once
def _template_helpers(state):
    # Globals rather than a context processor: imported macros see them too.
    state.app.jinja_env.globals.update(
        registry_labels=labels,
        text_language=lambda texts: html_lang(language_of(texts)),
        localized=localized,
        percent=lambda share: format_share(share, decimals=2),
    )


def _get_or_404(model, ident):
    return found_or_404(db.session.get(model, ident))


def _refuse(refusal: services.Refused):
    abort(refusal.status, str(refusal.message))


# ------------------------------------------------------------------ directory

@bp.route("/directory")
@allow(PUBLIC)
def directory():
    args = request.args
    filters = dir_.Filters(
        q=args.get("q", "")[:200].strip(), group=args.get("group", "")[:60],
        country=args.get("country", "")[:2], region=args.get("region", "")[:10],
        org_type=args.get("type", "")[:40], language=args.get("language", "")[:10],
        frontline=args.get("frontline") == "1")
    page = args.get("page", 1, type=int)
    organizations, total, page, pages = dir_.page_of(filters, page)
    filed = services.latest_filing_dates([o.id for o in organizations])
    groups = db.session.scalars(db.select(MajorGroup).order_by(MajorGroup.position)).all()
    query_args = {key: value for key, value in args.items() if key != "page" and value}
    return render_template(
        "registry/directory.html", organizations=organizations, total=total, page=page,
        pages=pages, filters=filters, groups=groups, filed=filed, query_args=query_args,
        countries=country_choices(current_language()), regions=REGIONS,
        languages=LANGUAGES, cutoff=services.utcnow() - services.disclosure_max_age())


@bp.route("/partners")
@allow(PUBLIC)
def partners():
    """Current organizing partners of every group, with the directory's filters."""
    args = request.args
    filters = dir_.Filters(q=args.get("q", "")[:200].strip(), group=args.get("group", "")[:60],
                           region=args.get("region", "")[:10],
                           language=args.get("language", "")[:10])
    terms = db.session.scalars(
        dir_.current_partners(filters, date.today())
        .options(selectinload(OrganizingPartner.organization),
                 selectinload(OrganizingPartner.group))).all()
    groups = db.session.scalars(db.select(MajorGroup).order_by(MajorGroup.position)).all()
    by_group = {}
    for term in terms:
        by_group.setdefault(term.group_id, []).append(term)
    shown = [g for g in groups if not filters.group or g.slug == filters.group]
    return render_template("registry/partners.html", groups=groups, shown=shown,
                           by_group=by_group, filters=filters, regions=REGIONS,
                           languages=LANGUAGES)


# -------------------------------------------------------------- organizations

def _all_groups():
    return db.session.scalars(db.select(MajorGroup).order_by(MajorGroup.position,
                                                             MajorGroup.id)).all()


def _profile_of(form, groups) -> dict:
    chosen = set(form.groups.data or [])
    return dict(names=texts_of(form.names), country=form.country.data,
                org_type=form.org_type.data, groups=[g for g in groups if g.id in chosen],
                website=form.website.data, languages=form.working_languages.data or [],
                size=form.size.data, frontline=form.frontline.data)


@bp.route("/organizations/new", methods=["GET", "POST"])
@allow(SIGNED_IN)
def organization_new():
    groups = _all_groups()
    form = OrganizationForm(language=current_language(), groups=groups)
    if form.validate_on_submit():
        try:
            org = services.register_organization(current_user, **_profile_of(form, groups))
        except services.Refused as refusal:
            form.form_errors.append(str(refusal.message))
        else:
            flash(_("Your organization is registered. The secretariat will verify it; you are "
                    "its focal point."), "success")
            return redirect(url_for("registry.organization", org=org.id))
    return render_form("registry/organization_form.html", form, organization=None)


def _can_see(org: Organization) -> bool:
    return (org.status == VERIFIED or is_secretariat(current_user)
            or services.membership_of(current_user, org.id) is not None
            or services.pending_invitation(current_user, org.id) is not None)


def _organization_page(org: Organization, status=200, **forms):
    history = services.disclosure_history(org.id)
    terms = db.session.scalars(
        db.select(OrganizingPartner).filter_by(organization_id=org.id)
        .options(selectinload(OrganizingPartner.group))
        .order_by(OrganizingPartner.term_start.desc())).all()
    membership = services.membership_of(current_user, org.id)
    context = dict(
        organization=org, history=history, latest=history[0] if history else None,
        disclosure_current=services.is_current(history[0] if history else None),
        terms=terms, membership=membership,
        has_focal_point=current_user.is_authenticated and services.has_focal_point(org.id),
        invitation=services.pending_invitation(current_user, org.id),
        is_focal=bool(membership and membership.is_focal_point
                      and membership.status == APPROVED),
        secretariat=is_secretariat(current_user), term_state=services.term_state,
        reject_form=forms.get("reject_form") or ReasonForm())
    return render_template("registry/organization.html", **context), status


@bp.route("/organizations/<int:org>")
@allow(PUBLIC)
def organization(org):
    organization = _get_or_404(Organization, org)
    if not _can_see(organization):
        abort(404)
    return _organization_page(organization)


@bp.route("/organizations/<int:org>/edit", methods=["GET", "POST"])
@allow(FOCAL_POINT)
def organization_edit(org):
    organization = _get_or_404(Organization, org)
    groups = _all_groups()
    form = OrganizationForm(language=current_language(), groups=groups)
    if request.method == "GET":
        for code in LANGUAGES:
            form.names[code].data = organization.names.get(code, "")
        form.country.data = organization.country
        form.org_type.data = organization.org_type
        form.groups.data = [g.id for g in organization.groups]
        form.website.data = organization.website
        form.working_languages.data = organization.working_languages
        form.size.data = organization.size or ""
        form.frontline.data = organization.frontline
        form.revision.data = str(organization.revision)
    if form.validate_on_submit():
        try:
            services.update_organization(organization, _revision(form.revision.data),
                                         **_profile_of(form, groups))
        except services.Refused as refusal:
            form.form_errors.append(str(refusal.message))
            html, _status = render_form("registry/organization_form.html", form,
                                        organization=organization)
            return html, refusal.status
        flash(_("The organization's profile is saved."), "success")
        return redirect(url_for("registry.organization", org=organization.id))
    return render_form("registry/organization_form.html", form, organization=organization)


def _revision(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


@bp.route("/organizations/<int:org>/verify", methods=["POST"])
@allow(SECRETARIAT_ONLY)
def organization_verify(org):
    organization = _get_or_404(Organization, org)
    services.verify(organization)
    flash(_("The organization is verified."), "success")
    return redirect(url_for("registry.organization", org=organization.id))


@bp.route("/organizations/<int:org>/reject", methods=["POST"])
@allow(SECRETARIAT_ONLY)
def organization_reject(org):
    organization = _get_or_404(Organization, org)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _organization_page(organization, 422, reject_form=form)
    services.reject(organization, form.reason.data.strip())
    flash(_("The registration is rejected; the organization sees your reason."), "success")
    return redirect(url_for("registry.organization", org=organization.id))


# -------------------------------------------------------------------- members

def _members_page(organization, form, status=200):
    members = db.session.scalars(
        db.select(Membership).filter_by(organization_id=organization.id)
        .options(selectinload(Membership.user)).order_by(Membership.created_at)).all()
    invitations = db.session.scalars(
        db.select(Invitation).filter_by(organization_id=organization.id,
                                                 accepted_at=None)).all()
    html = render_template("registry/members.html", organization=organization, form=form,
                           members=members, invitations=invitations, PENDING=PENDING)
    return html, status


@bp.route("/organizations/<int:org>/members")
@allow(FOCAL_POINT)
def members(org):
    return _members_page(_get_or_404(Organization, org), InviteForm())


@bp.route("/organizations/<int:org>/invite", methods=["POST"])
@allow(FOCAL_POINT)
def invite(org):
    organization = _get_or_404(Organization, org)
    form = InviteForm()
    if not form.validate_on_submit():
        return _members_page(organization, form, 422)
    try:
        services.invite(organization, form.email.data, current_user)
    except services.Refused as refusal:
        form.email.errors.append(str(refusal.message))
        return _members_page(organization, form, refusal.status)
    flash(_("The invitation is sent."), "success")
    return redirect(url_for("registry.members", org=organization.id))


@bp.route("/organizations/<int:org>/accept-invitation", methods=["POST"])
@allow(SIGNED_IN)
def accept_invitation(org):
    organization = _get_or_404(Organization, org)
    try:
        services.accept_invitation(organization, current_user)
    except services.Refused as refusal:
        _refuse(refusal)
    flash(_("You are now a member of this organization."), "success")
    return redirect(url_for("registry.organization", org=organization.id))


@bp.route("/organizations/<int:org>/join", methods=["POST"])
@allow(SIGNED_IN)
def join(org):
    organization = _get_or_404(Organization, org)
    if organization.status != VERIFIED:
        abort(404)
    try:
        services.request_to_join(organization, current_user)
    except services.Refused as refusal:
        _refuse(refusal)
    if services.has_focal_point(organization.id):
        flash(_("Your request is sent to the organization's focal point."), "success")
    else:
        flash(_("This organization has no focal point yet: your request goes to the "
                "secretariat, who approves or refuses it."), "success")
    return redirect(url_for("registry.organization", org=organization.id))


def _join_request(membership_id: int) -> Membership:
    return found_or_404(db.session.get(Membership, membership_id))


@bp.route("/secretariat/registry/join-requests/<int:membership>/approve", methods=["POST"])
@allow(SECRETARIAT_ONLY)
def join_request_approve(membership):
    request_ = _join_request(membership)
    form = JoinDecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.decide_as_secretariat(request_, approve=True,
                                       focal_point=form.focal_point.data)
    except services.Refused as refusal:
        _refuse(refusal)
    flash(_("The request is approved."), "success")
    return redirect(url_for("registry.dashboard"))


@bp.route("/secretariat/registry/join-requests/<int:membership>/refuse", methods=["POST"])
@allow(SECRETARIAT_ONLY)
def join_request_refuse(membership):
    request_ = _join_request(membership)
    if not JoinDecisionForm().validate_on_submit():
        abort(400)
    try:
        services.decide_as_secretariat(request_, approve=False, focal_point=False)
    except services.Refused as refusal:
        _refuse(refusal)
    flash(_("The request is refused."), "success")
    return redirect(url_for("registry.dashboard"))


def _membership_in(org, membership) -> Membership:
    record = db.session.get(Membership, membership)
    if record is None or record.organization_id != org:
        abort(404)
    return record


@bp.route("/organizations/<int:org>/members/<int:membership>/approve", methods=["POST"])
@allow(FOCAL_POINT)
def member_approve(org, membership):
    try:
        services.decide_membership(_membership_in(org, membership), approve=True)
    except services.Refused as refusal:
        _refuse(refusal)
    flash(_("The member is approved."), "success")
    return redirect(url_for("registry.members", org=org))


@bp.route("/organizations/<int:org>/members/<int:membership>/remove", methods=["POST"])
@allow(FOCAL_POINT)
def member_remove(org, membership):
    try:
        services.decide_membership(_membership_in(org, membership), approve=False)
    except services.Refused as refusal:
        _refuse(refusal)
    flash(_("The request is declined or the member removed."), "success")
    return redirect(url_for("registry.members", org=org))


@bp.route("/organizations/<int:org>/members/<int:membership>/make-focal-point",
          methods=["POST"])
@allow(FOCAL_POINT)
def member_make_focal_point(org, membership):
    try:
        services.make_focal_point(_membership_in(org, membership))
    except services.Refused as refusal:
        _refuse(refusal)
    flash(_("The member is now also a focal point of the organization."), "success")
    return redirect(url_for("registry.members", org=org))


# ---------------------------------------------------------------- disclosure

@bp.route("/organizations/<int:org>/disclosure", methods=["GET", "POST"])
@allow(FOCAL_POINT)
def disclosure(org):
    organization = _get_or_404(Organization, org)
    history = services.disclosure_history(organization.id)
    latest = history[0] if history else None
    form = DisclosureForm()
    if request.method == "GET":
        form.based_on.data = str(latest.version if latest else 0)
        if latest:
            form.affiliations.data = latest.affiliations
            form.interests.data = latest.interests
            for entry, source in zip(form.funding, latest.funding, strict=False):
                entry.source.data = source.source
                entry.share.data = f"{source.share.normalize():f}"
    if form.validate_on_submit():
        try:
            services.file_disclosure(organization, current_user,
                                     _revision(form.based_on.data), form.funding_rows(),
                                     form.affiliations.data, form.interests.data)
        except services.Refused as refusal:
            form.form_errors.append(str(refusal.message))
            html, _status = render_form("registry/disclosure_form.html", form,
                                        organization=organization, latest=latest)
            return html, refusal.status
        flash(_("The disclosure is filed and published as a new version."), "success")
        return redirect(url_for("registry.organization", org=organization.id))
    return render_form("registry/disclosure_form.html", form, organization=organization,
                       latest=latest)


# -------------------------------------------------------- organizing partners

@bp.route("/organizations/<int:org>/apply", methods=["GET", "POST"])
@allow(FOCAL_POINT)
def apply(org):
    organization = _get_or_404(Organization, org)
    form = ApplicationForm()
    form.group.choices = options((g.id, g.name) for g in _all_groups())
    if request.method == "GET":
        form.focal_person_name.data = current_user.display_name
        form.working_languages.data = organization.working_languages
    if form.validate_on_submit():
        group = _get_or_404(MajorGroup, form.group.data)
        scope = form.scope.data
        try:
            term = services.apply_for_term(
                organization, group, current_user, term_start=form.term_start.data,
                term_end=form.term_end.data, scope=scope,
                scope_region=form.scope_region.data if scope == "regional" else None,
                scope_theme=form.scope_theme.data.strip() if scope == "thematic" else None,
                working_languages=form.working_languages.data,
                focal_person_name=form.focal_person_name.data.strip(),
                focal_person_gender=form.focal_person_gender.data)
        except services.Refused as refusal:
            form.form_errors.append(str(refusal.message))
            html, _status = render_form("registry/apply.html", form, organization=organization)
            return html, refusal.status
        flash(_("Your application is filed. Members of the group's constituency can now "
                "endorse it."), "success")
        return redirect(url_for("registry.term", term=term.id))
    return render_form("registry/apply.html", form, organization=organization)


def _term_page(term: OrganizingPartner, status=200, **forms):
    user = current_user
    secretariat = is_secretariat(user)
    own = user.is_authenticated and services.is_member_of(user, term.organization_id)
    constituent = services.in_constituency(user, term.group_id) and not own
    endorsements = db.session.scalars(
        db.select(Endorsement).filter_by(term_id=term.id)
        .options(selectinload(Endorsement.user)).order_by(Endorsement.created_at)).all()
    endorsed = user.is_authenticated and any(e.user_id == user.id for e in endorsements)
    count, average = services.feedback_summary(term.id)
    rated = user.is_authenticated and db.session.scalar(
        db.select(Feedback.id).filter_by(term_id=term.id, user_id=user.id)) is not None
    feedback = []
    if secretariat:
        feedback = db.session.scalars(
            db.select(Feedback).filter_by(term_id=term.id)
            .options(selectinload(Feedback.user)).order_by(Feedback.created_at.desc())).all()
    context = dict(
        term=term, state=services.term_state(term), endorsements=endorsements,
        endorsed=endorsed, constituent=constituent, own=own, secretariat=secretariat,
        is_focal=user.is_authenticated and _term_focal(user, term.id),
        feedback_count=count, feedback_average=average, feedback=feedback,
        show_aggregate=own or secretariat,
        can_rate=constituent and services.has_served(term) and not rated,
        endorse_form=forms.get("endorse_form") or EndorseForm(),
        confirm_form=forms.get("confirm_form") or OptionalReasonForm(prefix="confirm"),
        decline_form=forms.get("decline_form") or ReasonForm(prefix="decline"),
        end_form=forms.get("end_form") or ReasonForm(prefix="end"),
        feedback_form=forms.get("feedback_form") or FeedbackForm(),
        APPLIED=APPLIED, CONFIRMED=CONFIRMED)
    return render_template("registry/term.html", **context), status


def _term(term_id) -> OrganizingPartner:
    return found_or_404(db.session.scalar(
        db.select(OrganizingPartner).filter_by(id=term_id)
        .options(selectinload(OrganizingPartner.organization),
                 selectinload(OrganizingPartner.group))))


@bp.route("/partners/<int:term>")
@allow(PUBLIC)
def term(term):
    return _term_page(_term(term))


@bp.route("/partners/<int:term>/endorse", methods=["POST"])
@allow(SIGNED_IN)
def endorse(term):
    record = _term(term)
    form = EndorseForm()
    if not form.validate_on_submit():
        return _term_page(record, 422, endorse_form=form)
    try:
        services.endorse(record, current_user, (form.comment.data or "").strip())
    except services.Refused as refusal:
        _refuse(refusal)
    flash(_("Your endorsement is recorded."), "success")
    return redirect(url_for("registry.term", term=record.id))


def _decision(term_id, form, action, message, form_name):
    record = _term(term_id)
    if not form.validate_on_submit():
        return _term_page(record, 422, **{form_name: form})
    try:
        action(record, (form.reason.data or "").strip())
    except services.Refused as refusal:
        _refuse(refusal)
    flash(message, "success")
    return redirect(url_for("registry.term", term=record.id))


@bp.route("/partners/<int:term>/confirm", methods=["POST"])
@allow(SECRETARIAT_ONLY)
def term_confirm(term):
    return _decision(term, OptionalReasonForm(prefix="confirm"), services.confirm_term,
                     _("The organizing partner is confirmed."), "confirm_form")


@bp.route("/partners/<int:term>/decline", methods=["POST"])
@allow(SECRETARIAT_ONLY)
def term_decline(term):
    return _decision(term, ReasonForm(prefix="decline"), services.decline_term,
                     _("The application is declined."), "decline_form")


@bp.route("/partners/<int:term>/step-down", methods=["POST"])
@allow(TERM_FOCAL_POINT)
def term_step_down(term):
    return _decision(term, ReasonForm(prefix="end"),
                     lambda record, reason: services.end_term(record, reason, removed=False),
                     _("The term is ended; the reason is public."), "end_form")


@bp.route("/partners/<int:term>/remove", methods=["POST"])
@allow(SECRETARIAT_ONLY)
def term_remove(term):
    return _decision(term, ReasonForm(prefix="end"),
                     lambda record, reason: services.end_term(record, reason, removed=True),
                     _("The organizing partner is removed; the reason is public."), "end_form")


@bp.route("/partners/<int:term>/feedback", methods=["POST"])
@allow(SIGNED_IN)
def feedback(term):
    record = _term(term)
    try:
        services.check_feedback_allowed(record, current_user)
    except services.Refused as refusal:
        _refuse(refusal)
    form = FeedbackForm()
    if not form.validate_on_submit():
        return _term_page(record, 422, feedback_form=form)
    try:
        services.give_feedback(record, current_user, int(form.rating.data),
                               (form.comment.data or "").strip())
    except services.Refused as refusal:
        _refuse(refusal)
    flash(_("Thank you: your feedback is recorded."), "success")
    return redirect(url_for("registry.term", term=record.id))


# ------------------------------------------------------------------- groups

def roster_messages(assessment: roster.Assessment) -> list[str]:
    """Each warning of the pure roster rules as a sentence in the reader's language."""
    sentences = []
    for warning in assessment.warnings:
        p = warning.params
        if warning.code == roster.NO_PARTNERS:
            sentences.append(_("The group has no current organizing partner (target: "
                               "%(target)d).", target=p["target"]))
        elif warning.code == roster.BELOW_TARGET:
            sentences.append(ngettext(
                "Only %(num)s current organizing partner; the target is %(target)d.",
                "Only %(num)s current organizing partners; the target is %(target)d.",
                p["count"], target=p["target"]))
        elif warning.code == roster.REGIONS_MISSING:
            names = ", ".join(str(labels.REGION_NAMES[r]) for r in p["regions"])
            sentences.append(_("No organizing partner from: %(regions)s.", regions=names))
        elif warning.code == roster.FEW_LANGUAGES:
            sentences.append(ngettext(
                "The organizing partners work in %(num)s official language besides English; "
                "at least %(minimum)d are expected.",
                "The organizing partners work in %(num)s official languages besides English; "
                "at least %(minimum)d are expected.", p["count"], minimum=p["minimum"]))
        elif warning.code == roster.GENDER_IMBALANCE:
            sentences.append(_("%(percent)s of the focal persons are of one gender "
                               "(%(gender)s); at most %(maximum)s is expected.",
                               percent=format_share(p["percent"]),
                               maximum=format_share(p["maximum"]),
                               gender=labels.GENDERS.get(p["gender"], p["gender"])))
        elif warning.code == roster.GENDER_UNDECLARED:
            sentences.append(ngettext(
                "%(num)s focal person did not declare a gender.",
                "%(num)s focal persons did not declare a gender.", p["count"]))
    return sentences


@bp.route("/groups/<slug>")
@allow(PUBLIC)
def group(slug):
    group = db.session.scalar(db.select(MajorGroup).filter_by(slug=slug))
    if group is None:
        abort(404)
    terms = db.session.scalars(
        db.select(OrganizingPartner).filter_by(group_id=group.id)
        .options(selectinload(OrganizingPartner.organization))
        .order_by(OrganizingPartner.term_start.desc(), OrganizingPartner.id.desc())).all()
    states = {t.id: services.term_state(t) for t in terms}
    assessment = services.assess_groups([group])[group.id]
    children = db.session.scalars(db.select(MajorGroup).filter_by(parent_id=group.id)
                                  .order_by(MajorGroup.position)).all()
    member_count, frontline_count = db.session.execute(
        db.select(db.func.count(), db.func.count().filter(Organization.frontline.is_(True)))
        .select_from(Organization)
        .filter(Organization.status == VERIFIED, Organization.groups.any(id=group.id))).one()
    return render_template(
        "registry/group.html", group=group, terms=terms, states=states,
        current=[t for t in terms if states[t.id] == "current"],
        served=[t for t in terms if services.has_served(t)],
        applications=[t for t in terms if t.status == APPLIED],
        endorsements=services.endorsement_counts([t.id for t in terms if t.status == APPLIED]),
        assessment=assessment, warnings=roster_messages(assessment), children=children,
        member_count=member_count, frontline_count=frontline_count,
        consultations=recent_consultations(group.id), now=utcnow(),
        subscribed=current_user.is_authenticated and is_subscribed(current_user, group.id),
        secretariat=is_secretariat(current_user))


@bp.route("/secretariat/groups/new", methods=["GET", "POST"])
@allow(SECRETARIAT_ONLY)
def group_new():
    return _group_form(MajorGroup())


@bp.route("/secretariat/groups/<int:group>/edit", methods=["GET", "POST"])
@allow(SECRETARIAT_ONLY)
def group_edit(group):
    return _group_form(_get_or_404(MajorGroup, group))


def _group_form(group: MajorGroup):
    others = [g for g in _all_groups() if g.id != group.id]
    form = GroupForm(groups=others)
    if request.method == "GET":
        form.kind.data = group.kind or "constituency"
        if group.id is not None:
            form.slug.data = group.slug
            form.parent_id.data = group.parent_id or 0
            form.position.data = group.position
            for code in LANGUAGES:
                form.names[code].data = (group.names or {}).get(code, "")
                form.descriptions[code].data = (group.descriptions or {}).get(code, "")
                form.criteria[code].data = (group.criteria or {}).get(code, "")
    if form.validate_on_submit():
        parent = db.session.get(MajorGroup, form.parent_id.data) if form.parent_id.data else None
        try:
            services.save_group(group, form.slug.data, form.kind.data, parent,
                                texts_of(form.names), texts_of(form.descriptions),
                                texts_of(form.criteria))
        except services.Refused as refusal:
            form.slug.errors.append(str(refusal.message))
            html, _status = render_form("registry/group_form.html", form, group=group)
            return html, refusal.status
        if form.position.data is not None:
            group.position = form.position.data
        flash(_("The group is saved."), "success")
        return redirect(url_for("registry.group", slug=group.slug))
    return render_form("registry/group_form.html", form, group=group)


# --------------------------------------------------------------- secretariat

@bp.route("/secretariat/registry")
@allow(SECRETARIAT_ONLY)
def dashboard():
    pending = db.session.scalars(
        db.select(Organization).filter_by(status=PENDING).order_by(Organization.created_at)
        .limit(200)).all()
    applications = db.session.scalars(
        db.select(OrganizingPartner).filter_by(status=APPLIED)
        .options(selectinload(OrganizingPartner.organization),
                 selectinload(OrganizingPartner.group))
        .order_by(OrganizingPartner.applied_at)).all()
    groups = _all_groups()
    assessments = services.assess_groups(groups)
    shortfalls = [(g, roster_messages(assessments[g.id])) for g in groups
                  if assessments[g.id].warnings]
    return render_template("registry/dashboard.html", pending=pending,
                           join_requests=services.requests_for_secretariat(),
                           join_form=JoinDecisionForm(),
                           feedback=services.feedback_overview(),
                           applications=applications, shortfalls=shortfalls, groups=groups,
                           endorsements=services.endorsement_counts(
                               [a.id for a in applications]))


@bp.route("/secretariat/organizations/import", methods=["GET", "POST"])
@allow(SECRETARIAT_ONLY)
def import_organizations():
    form = ImportForm()
    report = None
    status = 200
    if form.validate_on_submit():
        report = importer.import_organizations(form.file.data.read(), form.dry_run.data)
        if report.problems:
            status = 422
        elif report.written:
            flash(ngettext("%(num)s organization imported.", "%(num)s organizations imported.",
                           report.written), "success")
            return redirect(url_for("registry.directory"))
    elif request.method == "POST":
        status = 422
    return render_template("registry/import.html", form=form, report=report,
                           columns=importer.__doc__), status


@bp.cli.command("import-organizations")
@click.argument("file", type=click.File("rb"))
@click.option("--dry-run", is_flag=True, help="Check the file; import nothing.")
def import_organizations_command(file, dry_run):
    """Import organizations from a CSV FILE (columns: see portal/registry/importer.py)."""
    report = importer.import_organizations(file.read(), dry_run=dry_run)
    with force_locale("en"):  # no request here to choose a language from
        for problem in report.problems:
            click.echo(f"line {problem.line}: {problem.message}", err=True)
    if report.problems:
        db.session.rollback()
        raise SystemExit(1)
    if dry_run:
        click.echo(f"{_organizations(len(report.rows))} valid; nothing imported (dry run).")
        return
    db.session.commit()
    click.echo(f"{_organizations(report.written)} imported.")


def _organizations(count: int) -> str:
    return f"{count} organization" + ("" if count == 1 else "s")
