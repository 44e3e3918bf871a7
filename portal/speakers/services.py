"""Speaking opportunities: declaring, applying, selecting, confirming (services flush only)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal import database, mail
from portal.extensions import db
from portal.i18n import NATIVE_NAMES
from portal.records.services import Refused
from portal.registry.models import APPROVED, VERIFIED, Membership, Organization
from portal.registry.regions import region_of
from portal.speakers import balance
from portal.speakers.models import (
    CONFIRMED,
    OPEN,
    PUBLISHED,
    SELECTED,
    SPEAK,
    SUBMITTED,
    UNSUCCESSFUL,
    WITHDRAWN,
    Application,
    Opportunity,
    Selection,
)
from portal.timeutil import utcnow

# The rules know three genders; the registry's finer answers count as "another gender".
RULE_GENDERS = {"woman": "woman", "man": "man", "non_binary": "other", "other": "other"}
ACTIVE = (SUBMITTED, SELECTED, UNSUCCESSFUL)


def is_open(opportunity: Opportunity, now: datetime | None = None) -> bool:
    """Applications are taken until the deadline (naive UTC, as every stored moment)."""
    return opportunity.status == OPEN and (now or utcnow()) < opportunity.deadline


def declare(meeting, *, user, **values) -> Opportunity:
    opportunity = Opportunity(meeting_id=meeting.id, created_by_id=user.id, **values)
    db.session.add(opportunity)
    db.session.flush()
    return opportunity


def eligible_organizations(user, opportunity: Opportunity) -> list[Organization]:
    """The user's verified organizations that may apply (of the opportunity's group)."""
    query = (db.select(Organization).join(Membership)
             .where(Membership.user_id == user.id, Membership.status == APPROVED,
                    Organization.status == VERIFIED)
             .options(selectinload(Organization.groups)).order_by(Organization.id))
    organizations = db.session.scalars(query).all()
    if opportunity.group_id is None:
        return list(organizations)
    return [o for o in organizations if any(g.id == opportunity.group_id for g in o.groups)]


def application_of(user, opportunity: Opportunity) -> Application | None:
    return db.session.scalar(db.select(Application).filter_by(
        opportunity_id=opportunity.id, user_id=user.id))


@dataclass
class ApplicationValues:
    organization_id: int
    topic: str
    language: str
    summary: str
    gender: str | None
    country: str
    frontline: bool
    frontline_description: str | None
    travel_need: str | None
    cost_estimate: object


def _check_can_apply(user, opportunity: Opportunity, values: ApplicationValues) -> Organization:
    if not is_open(opportunity):
        raise Refused(_l("The deadline for applications has passed: nothing was saved."), 409)
    organization = next((o for o in eligible_organizations(user, opportunity)
                         if o.id == values.organization_id), None)
    if organization is None:
        raise Refused(_l("Only members of a verified organization of the group this "
                         "opportunity is for may apply: nothing was saved."), 403)
    if values.language not in opportunity.languages:
        names = ", ".join(NATIVE_NAMES[code] for code in opportunity.languages)
        raise Refused(_l("This session is interpreted only in %(languages)s; choose one of "
                         "them. Nothing was saved.", languages=names), 422)
    return organization


def apply(user, opportunity: Opportunity, values: ApplicationValues) -> Application:
    """A new application; a second one by the same person is refused."""
    organization = _check_can_apply(user, opportunity, values)
    existing = application_of(user, opportunity)
    if existing is not None and existing.status != WITHDRAWN:
        raise Refused(_l("You have already applied to this opportunity; edit your "
                         "application instead. Nothing was saved."), 409)
    application = existing or Application(opportunity_id=opportunity.id, user_id=user.id)
    _fill(application, organization, values)
    application.status = SUBMITTED
    if existing is None:
        db.session.add(application)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:  # a double click: the unique constraint saw the first one
        raise Refused(_l("You have already applied to this opportunity; edit your "
                         "application instead. Nothing was saved."), 409) from error
    return application


def update(user, application: Application, values: ApplicationValues) -> Application:
    organization = _check_can_apply(user, application.opportunity, values)
    if application.status != SUBMITTED:
        raise Refused(_l("This application can no longer be changed."), 409)
    _fill(application, organization, values)
    db.session.flush()
    return application


def withdraw(application: Application) -> None:
    if not is_open(application.opportunity) or application.status != SUBMITTED:
        raise Refused(_l("This application can no longer be withdrawn."), 409)
    application.status = WITHDRAWN
    application.updated_at = utcnow()
    db.session.flush()


def _fill(application: Application, organization: Organization, values) -> None:
    application.organization_id = organization.id
    opportunity = application.opportunity or db.session.get(Opportunity,
                                                            application.opportunity_id)
    application.group_id = opportunity.group_id or next(
        (g.id for g in organization.groups), None)
    for name in ("topic", "language", "summary", "gender", "country", "frontline",
                 "frontline_description", "travel_need", "cost_estimate"):
        setattr(application, name, getattr(values, name))
    application.region = region_of(values.country)
    application.updated_at = utcnow()


# -- selection ----------------------------------------------------------------------------

def profile_of(opportunity: Opportunity) -> balance.SelectionProfile:
    return balance.SelectionProfile.from_dict(opportunity.profile or {})


def applications(opportunity: Opportunity) -> list[Application]:
    """Every application still standing, oldest first (the rank on a tie)."""
    return db.session.scalars(
        db.select(Application)
        .where(Application.opportunity_id == opportunity.id, Application.status.in_(ACTIVE))
        .options(selectinload(Application.organization), selectinload(Application.group),
                 selectinload(Application.user))
        .order_by(Application.created_at, Application.id)).all()


def selected_applications(selection: Selection) -> list[Application]:
    """The selected applications in the order of the list (never all the applications)."""
    ids = list(selection.application_ids or [])
    if not ids:
        return []
    found = {a.id: a for a in db.session.scalars(
        db.select(Application).where(Application.id.in_(ids))
        .options(selectinload(Application.organization), selectinload(Application.group),
                 selectinload(Application.user)))}
    return [found[i] for i in ids if i in found]


def candidate_rows(opportunity: Opportunity) -> list:
    """What the selection page shows of each standing application, in one query of plain
    rows (no ORM objects: 5,000 applications stay cheap), oldest first."""
    from portal.auth.models import User
    from portal.registry.models import MajorGroup

    return db.session.execute(
        db.select(Application.id, Application.user_id, Application.organization_id,
                  Application.gender, Application.region, Application.country,
                  Application.frontline, Application.language, Application.topic,
                  User.display_name, Organization.names.label("organization_names"),
                  MajorGroup.names.label("group_names"))
        .join(User, User.id == Application.user_id)
        .join(Organization, Organization.id == Application.organization_id)
        .outerjoin(MajorGroup, MajorGroup.id == Application.group_id)
        .where(Application.opportunity_id == opportunity.id, Application.status.in_(ACTIVE))
        .order_by(Application.created_at, Application.id)).all()


def recent_organizations(opportunity: Opportunity) -> set[int]:
    """Organizations with a speaker at one of the last N sessions of the meeting series."""
    sessions = profile_of(opportunity).rotation_sessions
    if not sessions:
        return set()
    earlier = (db.select(Opportunity.id)
               .where(Opportunity.series == opportunity.series, Opportunity.kind == SPEAK,
                      Opportunity.held_on < opportunity.held_on,
                      Opportunity.status.in_((CONFIRMED, PUBLISHED)))
               .order_by(Opportunity.held_on.desc()).limit(sessions).subquery())
    return set(db.session.scalars(
        db.select(Application.organization_id).distinct()
        .where(Application.opportunity_id.in_(db.select(earlier.c.id)),
               Application.status == SELECTED)))


def candidates(opportunity: Opportunity, rows) -> list[balance.Candidate]:
    """The rules' view of applications (ORM objects or `candidate_rows`)."""
    recent = recent_organizations(opportunity)
    return [balance.Candidate(a.id, RULE_GENDERS.get(a.gender or ""), a.region, a.frontline,
                              a.organization_id in recent, rank=rank)
            for rank, a in enumerate(rows)]


def selection_of(opportunity: Opportunity) -> Selection:
    selection = db.session.scalar(db.select(Selection).filter_by(opportunity_id=opportunity.id))
    return selection or Selection(opportunity_id=opportunity.id, version=0, application_ids=[])


def save_selection(opportunity: Opportunity, chosen: list[int], *, version: int,
                   override_reason: str | None, user) -> Selection:
    """The partners' list; refused when someone saved since the page was read."""
    if opportunity.status != OPEN:
        raise Refused(_l("The selection is confirmed and can no longer change."), 409)
    selection = db.session.scalar(db.select(Selection).filter_by(opportunity_id=opportunity.id))
    if selection is None:
        selection = Selection(opportunity_id=opportunity.id, version=0, application_ids=[])
        db.session.add(selection)
        db.session.flush()
    database.lock(selection)
    if selection.version != version:
        raise Refused(_l("Another partner saved this selection in the meantime. Reload the "
                         "page to see it: your selection was not saved."), 409)
    rows = candidate_rows(opportunity)
    known = {a.id for a in rows}
    chosen = [i for i in dict.fromkeys(chosen) if i in known]
    findings = balance.evaluate(profile_of(opportunity), opportunity.slots,
                                candidates(opportunity, rows), chosen)
    if not balance.all_passed(findings) and not (override_reason or "").strip():
        raise Refused(_l("This selection does not meet every criterion of the profile: write "
                         "the reason for overriding it. It is published with the list. "
                         "Nothing was saved."), 422)
    selection.application_ids = chosen
    selection.override_reason = (override_reason or "").strip() or None
    selection.version += 1
    selection.saved_at = utcnow()
    selection.saved_by_id = user.id
    db.session.flush()
    return selection


def confirm(opportunity: Opportunity, user) -> Selection:
    """The secretariat confirms the partners' list; every applicant hears the outcome."""
    database.lock(opportunity)
    if opportunity.status != OPEN:
        raise Refused(_l("This selection is already confirmed."), 409)
    selection = selection_of(opportunity)
    if not selection.version:
        raise Refused(_l("The organizing partners have not saved a selection yet."), 409)
    rows = applications(opportunity)
    pool = candidates(opportunity, rows)
    findings = balance.evaluate(profile_of(opportunity), opportunity.slots, pool,
                                selection.application_ids)
    selection.figures = [{"code": f.code, "required": f.required, "actual": f.actual,
                          "passed": f.passed, "params": f.params} for f in findings]
    chosen = set(selection.application_ids)
    selection.counts = _counts(opportunity, pool, [a for a in rows if a.id in chosen])
    for application in rows:
        application.status = SELECTED if application.id in chosen else UNSUCCESSFUL
        application.updated_at = utcnow()
    opportunity.status = CONFIRMED
    opportunity.confirmed_at = utcnow()
    opportunity.confirmed_by_id = user.id
    db.session.flush()
    for application in rows:
        _tell_outcome(opportunity, selection, application)
    return selection


def _counts(opportunity: Opportunity, pool, selected: list[Application]) -> dict:
    """The confirmed list in numbers, kept with it for the figures across time."""
    picked = [c for c in pool if c.id in {a.id for a in selected}]
    genders = {g: sum(1 for c in picked if c.gender == g) for g in balance.GENDERS}
    regions = {r: sum(1 for c in picked if c.region == r) for r in balance.REGIONS}
    organizations = {a.organization_id for a in selected}
    earlier = set(db.session.scalars(
        db.select(Application.organization_id).distinct().join(Opportunity)
        .where(Opportunity.series == opportunity.series, Opportunity.kind == SPEAK,
               Opportunity.held_on < opportunity.held_on,
               Opportunity.status.in_((CONFIRMED, PUBLISHED)),
               Application.status == SELECTED)))
    return {"speakers": len(picked), "by_gender": genders,
            "undeclared_gender": len(picked) - sum(genders.values()),
            "by_region": regions, "unknown_region": len(picked) - sum(regions.values()),
            "frontline": sum(1 for c in picked if c.frontline),
            "organizations": len(organizations),
            "first_time_organizations": len(organizations - earlier)}


def _tell_outcome(opportunity, selection, application) -> None:
    """In the applicant's language: the outcome, and for the others why (rec. 25)."""
    person = application.user
    language = person.preferred_language or "en"
    selected = application.status == SELECTED
    # Built from BASE_URL: confirmations also run outside a request (demo data).
    link = f"{current_app.config['BASE_URL'].rstrip('/')}/speaking/{opportunity.id}"
    mail.send(person.email, OUTCOME_SUBJECTS[selected], "speakers/mail_outcome",
              language=language, opportunity=opportunity, application=application,
              selected=selected, selection=selection, figures=selection.figures, link=link)


OUTCOME_SUBJECTS = {True: _l("Your application is selected"),
                    False: _l("Your application was not selected")}
