"""Registry operations. Services add and flush; the request commits (or rolls back).

A request the rules refuse raises ``Refused`` with a translated message and the HTTP
status to answer, before anything is written.
"""
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, selectinload

from portal import mail
from portal.countries import is_country
from portal.extensions import db
from portal.registry import roster
from portal.registry.models import (
    APPLIED,
    APPROVED,
    CONFIRMED,
    DECLINED,
    PENDING,
    REJECTED,
    REMOVED,
    STEPPED_DOWN,
    VERIFIED,
    WITHDRAWN,
    Disclosure,
    Endorsement,
    Feedback,
    FundingSource,
    Invitation,
    MajorGroup,
    Membership,
    Organization,
    OrganizingPartner,
    organization_group,
)
from portal.registry.regions import region_of
from portal.timeutil import utcnow

HUNDRED = Decimal(100)


class Refused(Exception):
    def __init__(self, message, status: int = 409):
        super().__init__(str(message))
        self.message = message
        self.status = status


# ---------------------------------------------------------------- organizations

def fold(text: str) -> str:
    """Case- and space-folded text: how names are compared and searched."""
    return " ".join((text or "").casefold().split())


def name_key_of(name: str) -> str:
    """The key that makes one registration per name and country (fits its column even
    when case folding lengthens the name, as "ß" becomes "ss")."""
    return fold(name)[:300]


def primary_name(names: dict) -> str:
    from portal.i18n import LANGUAGES

    for code in ("en", *LANGUAGES):
        if names.get(code):
            return names[code]
    return ""


def duplicate_of(name_key: str, country: str, exclude_id: int | None = None):
    query = db.select(Organization).filter_by(name_key=name_key, country=country)
    if exclude_id is not None:
        query = query.filter(Organization.id != exclude_id)
    return db.session.scalar(query.limit(1))


def _apply_profile(org: Organization, names, country, org_type, groups, website, languages,
                   size, frontline) -> None:
    country = (country or "").strip().upper()
    if not is_country(country):
        raise Refused(_l("Unknown country code %(code)s.", code=country), 422)
    names = {code: text.strip() for code, text in names.items() if text and text.strip()}
    if not names:
        raise Refused(_l("Give the organization's name in at least one language."), 422)
    name_key = name_key_of(primary_name(names))
    if duplicate_of(name_key, country, org.id):
        raise Refused(_l("An organization with this name is already registered in this "
                         "country."))
    org.names = names
    org.name_key = name_key
    org.search_text = " | ".join(sorted({fold(text) for text in names.values()}))
    org.country = country
    org.region = region_of(country)
    org.org_type = org_type
    org.groups = list(groups)
    org.website = website or None
    org.working_languages = list(languages)
    org.size = size or None
    org.frontline = bool(frontline)


def register_organization(user, **profile) -> Organization:
    """A new organization awaiting verification; its registrant becomes focal point."""
    org = Organization(status=PENDING)
    _apply_profile(org, **profile)
    db.session.add(org)
    db.session.flush()
    db.session.add(Membership(organization_id=org.id, user_id=user.id, is_focal_point=True,
                              status=APPROVED))
    db.session.flush()
    return org


def update_organization(org: Organization, revision: int, **profile) -> None:
    if revision != org.revision:
        raise Refused(_l("Someone else changed this organization while you were editing. "
                         "Reload the page to see their changes."))
    _apply_profile(org, **profile)
    org.revision += 1
    if org.status == REJECTED:
        # A corrected profile goes back to the secretariat.
        org.status = PENDING
    db.session.flush()


def verify(org: Organization) -> None:
    org.status = VERIFIED
    org.status_reason = None
    org.verified_at = utcnow()
    db.session.flush()
    _tell_focal_points(org, _l("Your organization is verified"), "registry/mail_verified")


def reject(org: Organization, reason: str) -> None:
    org.status = REJECTED
    org.status_reason = reason
    db.session.flush()
    _tell_focal_points(org, _l("Your organization's registration was not accepted"),
                       "registry/mail_rejected")


def focal_points(org_id: int) -> list:
    from portal.auth.models import User

    return list(db.session.scalars(
        db.select(User).join(Membership, Membership.user_id == User.id).filter(
            Membership.organization_id == org_id, Membership.is_focal_point.is_(True),
            Membership.status == APPROVED)))


def _external_url(endpoint: str, **values) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def _tell_focal_points(org, subject, template, **context) -> None:
    link = _external_url("registry.organization", org=org.id)
    for user in focal_points(org.id):
        mail.send(user.email, subject, template, language=user.preferred_language,
                  user=user, organization=org, link=link, **context)


def membership_of(user, org_id: int) -> Membership | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(db.select(Membership).filter_by(organization_id=org_id,
                                                              user_id=user.id))


def invite(org: Organization, email: str, by_user) -> Invitation:
    from portal.auth.services import find_user, normalize_email

    email = normalize_email(email)
    existing = find_user(email)
    if existing and membership_of(existing, org.id):
        raise Refused(_l("This person is already a member of the organization or asked to "
                         "join it."))
    invitation = db.session.scalar(db.select(Invitation).filter_by(organization_id=org.id,
                                                                    email=email))
    if invitation is None:
        invitation = Invitation(organization_id=org.id, email=email, invited_by_id=by_user.id)
        db.session.add(invitation)
        db.session.flush()
    language = existing.preferred_language if existing else "en"
    mail.send(email, _l("You are invited to join an organization on the MGoS Portal"),
              "registry/mail_invitation", language=language, organization=org,
              inviter=by_user, link=_external_url("registry.organization", org=org.id))
    return invitation


def pending_invitation(user, org_id: int) -> Invitation | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(db.select(Invitation).filter_by(
        organization_id=org_id, email=user.email, accepted_at=None))


def accept_invitation(org: Organization, user) -> Membership:
    invitation = pending_invitation(user, org.id)
    if invitation is None:
        raise Refused(_l("There is no invitation for your email address."), 403)
    invitation.accepted_at = utcnow()
    membership = membership_of(user, org.id)
    if membership is None:
        membership = Membership(organization_id=org.id, user_id=user.id)
        db.session.add(membership)
    membership.status = APPROVED
    db.session.flush()
    return membership


def has_focal_point(org_id: int) -> bool:
    return db.session.scalar(db.select(db.exists().where(
        Membership.organization_id == org_id, Membership.is_focal_point.is_(True),
        Membership.status == APPROVED))) or False


def requests_for_secretariat() -> list[Membership]:
    """Requests to join an organization that has no focal point to decide them."""
    focal = aliased(Membership)
    no_focal_point = ~db.exists().where(
        focal.organization_id == Membership.organization_id, focal.is_focal_point.is_(True),
        focal.status == APPROVED)
    return list(db.session.scalars(
        db.select(Membership).join(Organization, Organization.id == Membership.organization_id)
        .where(Membership.status == PENDING, Organization.status == VERIFIED, no_focal_point)
        .options(selectinload(Membership.organization), selectinload(Membership.user))
        .order_by(Membership.created_at).limit(200)))


def decide_as_secretariat(membership: Membership, approve: bool, focal_point: bool) -> None:
    """The secretariat decides while the organization has no focal point, and may name one."""
    if has_focal_point(membership.organization_id):
        raise Refused(_l("The organization has a focal point now, who decides this request."),
                      409)
    decide_membership(membership, approve)
    if approve and focal_point:
        make_focal_point(membership)


def request_to_join(org: Organization, user) -> Membership:
    if membership_of(user, org.id):
        raise Refused(_l("You are already a member of this organization or asked to join it."))
    membership = Membership(organization_id=org.id, user_id=user.id, status=PENDING)
    db.session.add(membership)
    db.session.flush()
    _tell_focal_points(org, _l("Someone asks to join your organization"),
                       "registry/mail_join_request", applicant=user)
    return membership


def decide_membership(membership: Membership, approve: bool) -> None:
    if membership.is_focal_point:
        raise Refused(_l("A focal point cannot be removed this way."))
    user = membership.user
    if approve:
        if membership.status == APPROVED:
            raise Refused(_l("This membership is already approved."))
        membership.status = APPROVED
        mail.send(user.email, _l("You are now a member of an organization"),
                  "registry/mail_member_approved", language=user.preferred_language,
                  user=user, organization=membership.organization,
                  link=_external_url("registry.organization", org=membership.organization_id))
    else:
        db.session.delete(membership)
    db.session.flush()


def make_focal_point(membership: Membership) -> None:
    """An organization may have several focal points; each may name another."""
    if membership.status != APPROVED:
        raise Refused(_l("Approve the membership first."))
    if membership.is_focal_point:
        raise Refused(_l("This member is already a focal point."))
    membership.is_focal_point = True
    db.session.flush()


# ------------------------------------------------------------------ disclosures

def disclosure_history(org_id: int) -> list[Disclosure]:
    return list(db.session.scalars(
        db.select(Disclosure).filter_by(organization_id=org_id)
        .options(selectinload(Disclosure.funding))
        .order_by(Disclosure.version.desc())))


def latest_version(org_id: int) -> int:
    return db.session.scalar(db.select(db.func.coalesce(db.func.max(Disclosure.version), 0))
                             .filter_by(organization_id=org_id))


def file_disclosure(org: Organization, user, based_on: int, funding, affiliations: str,
                    interests: str) -> Disclosure:
    """A new version; earlier versions stay as they were filed.

    ``funding`` is a list of (source, Decimal share in percent); the shares may
    add up to at most 100 (the rest may be undisclosed or own income).
    """
    total = sum((share for _source, share in funding), Decimal(0))
    if total > HUNDRED:
        raise Refused(_l("The funding shares add up to %(total)s%%; they may add up to at "
                         "most 100%%.", total=total), 422)
    if any(share < 0 or share > HUNDRED for _source, share in funding):
        raise Refused(_l("Each share is a percentage between 0 and 100."), 422)
    latest = latest_version(org.id)
    if based_on != latest:
        raise Refused(_l("A newer disclosure was filed while you were writing this one. "
                         "Reload the page and check it before filing yours."))
    disclosure = Disclosure(organization_id=org.id, version=latest + 1, filed_by_id=user.id,
                            affiliations=affiliations or "", interests=interests or "")
    disclosure.funding = [FundingSource(position=i, source=source, share=share)
                          for i, (source, share) in enumerate(funding)]
    db.session.add(disclosure)
    db.session.flush()
    return disclosure


def disclosure_max_age() -> timedelta:
    return timedelta(days=int(current_app.config.get("DISCLOSURE_MAX_AGE_DAYS", 365)))


def is_current(disclosure: Disclosure | None) -> bool:
    return disclosure is not None and disclosure.filed_at >= utcnow() - disclosure_max_age()


def latest_filing_dates(org_ids) -> dict[int, object]:
    """The date of each organization's newest disclosure, in one aggregate query."""
    if not org_ids:
        return {}
    rows = db.session.execute(
        db.select(Disclosure.organization_id, db.func.max(Disclosure.filed_at))
        .filter(Disclosure.organization_id.in_(org_ids))
        .group_by(Disclosure.organization_id))
    return dict(rows.all())


# ----------------------------------------------------------- organizing partners

def has_pending_application(org_id: int, group_id: int) -> bool:
    return db.session.scalar(
        db.select(db.func.count()).select_from(OrganizingPartner).filter_by(
            organization_id=org_id, group_id=group_id, status=APPLIED)) > 0


def apply_for_term(org: Organization, group: MajorGroup, user, **fields) -> OrganizingPartner:
    if org.status != VERIFIED:
        raise Refused(_l("Only a verified organization can apply to be an organizing "
                         "partner."))
    if has_pending_application(org.id, group.id):
        raise Refused(_l("Your organization already has a pending application for this "
                         "group."))
    if fields["term_end"] <= fields["term_start"]:
        raise Refused(_l("The term must end after it starts."), 422)
    term = OrganizingPartner(organization_id=org.id, group_id=group.id, status=APPLIED,
                             focal_person_user_id=user.id, **fields)
    db.session.add(term)
    db.session.flush()
    return term


def constituency_filter(user_id: int, group_id: int):
    """SQL condition: the user is an approved member of a verified organization of the
    group (the group's constituency)."""
    return db.exists().where(
        Membership.user_id == user_id, Membership.status == APPROVED,
        Membership.organization_id == Organization.id, Organization.status == VERIFIED,
        organization_group.c.organization_id == Organization.id,
        organization_group.c.group_id == group_id)


def in_constituency(user, group_id: int) -> bool:
    if not user.is_authenticated:
        return False
    return bool(db.session.scalar(db.select(constituency_filter(user.id, group_id))))


def is_member_of(user, org_id: int) -> bool:
    membership = membership_of(user, org_id)
    return membership is not None and membership.status == APPROVED


def endorse(term: OrganizingPartner, user, comment: str | None = None) -> Endorsement:
    if term.status != APPLIED:
        raise Refused(_l("Only a pending application can be endorsed."))
    if is_member_of(user, term.organization_id):
        raise Refused(_l("You cannot endorse your own organization's application."))
    if not in_constituency(user, term.group_id):
        raise Refused(_l("Only members of verified organizations of this group can endorse "
                         "its organizing partners."), 403)
    if db.session.scalar(db.select(Endorsement.id).filter_by(term_id=term.id,
                                                             user_id=user.id)):
        raise Refused(_l("You have already endorsed this application."))
    endorsement = Endorsement(term_id=term.id, user_id=user.id, comment=comment or None)
    try:
        with db.session.begin_nested():  # the same person's other request may race this one
            db.session.add(endorsement)
    except IntegrityError:
        raise Refused(_l("You have already endorsed this application.")) from None
    return endorsement


def endorsement_counts(term_ids) -> dict[int, int]:
    if not term_ids:
        return {}
    rows = db.session.execute(
        db.select(Endorsement.term_id, db.func.count()).filter(Endorsement.term_id.in_(term_ids))
        .group_by(Endorsement.term_id))
    return dict(rows.all())


def _decide(term: OrganizingPartner, status: str, reason: str) -> None:
    if term.status != APPLIED:
        raise Refused(_l("This application has already been decided."))
    term.status = status
    term.decided_at = utcnow()
    term.decision_reason = reason
    db.session.flush()
    subject = (_l("Your organizing-partner application is confirmed") if status == CONFIRMED
               else _l("Your organizing-partner application is declined"))
    _tell_focal_points(term.organization, subject, "registry/mail_term_decided", term=term)


def confirm_term(term: OrganizingPartner, reason: str) -> None:
    _decide(term, CONFIRMED, reason)


def decline_term(term: OrganizingPartner, reason: str) -> None:
    _decide(term, DECLINED, reason)


def end_term(term: OrganizingPartner, reason: str, removed: bool) -> None:
    """Stepping down (by the OP) or removal (by the secretariat), with its reason."""
    if term.status == APPLIED and removed:
        raise Refused(_l("This is an application: decline it instead."))
    if term.status == APPLIED:
        term.status = WITHDRAWN
    elif term.status != CONFIRMED or term.ended_at is not None:
        raise Refused(_l("This term has already ended."))
    else:
        term.status = REMOVED if removed else STEPPED_DOWN
    term.ended_at = utcnow()
    term.end_reason = reason
    db.session.flush()


def term_state(term: OrganizingPartner, on: date | None = None) -> str:
    """What a reader sees: a confirmed term outside its dates is upcoming or expired."""
    on = on or date.today()
    if term.status == CONFIRMED and term.ended_at is None:
        if term.term_end < on:
            return "expired"
        if term.term_start > on:
            return "upcoming"
        return "current"
    return term.status


def check_feedback_allowed(term: OrganizingPartner, user) -> None:
    if not in_constituency(user, term.group_id):
        raise Refused(_l("Only members of this group's constituency can give feedback on "
                         "its organizing partners."), 403)
    if is_member_of(user, term.organization_id):
        raise Refused(_l("You cannot rate your own organization."))
    if not has_served(term):
        raise Refused(_l("Feedback is for organizing partners who served."))


def has_served(term: OrganizingPartner) -> bool:
    """Confirmed, even if the term has ended since."""
    return term.status in (CONFIRMED, STEPPED_DOWN, REMOVED)


def give_feedback(term: OrganizingPartner, user, rating: int, comment: str) -> Feedback:
    check_feedback_allowed(term, user)
    if not 1 <= rating <= 5:
        raise Refused(_l("Give a rating from 1 to 5."), 422)
    if db.session.scalar(db.select(Feedback.id).filter_by(term_id=term.id, user_id=user.id)):
        raise Refused(_l("You have already given feedback on this term."))
    feedback = Feedback(term_id=term.id, user_id=user.id, rating=rating, comment=comment or "")
    db.session.add(feedback)
    db.session.flush()
    return feedback


def feedback_summary(term_id: int) -> tuple[int, float | None]:
    count, average = db.session.execute(
        db.select(db.func.count(Feedback.id), db.func.avg(Feedback.rating))
        .filter_by(term_id=term_id)).one()
    return count, (float(average) if average is not None else None)


def feedback_overview(on: date | None = None):
    """Current OPs with their number of ratings and average, in one aggregate query."""
    on = on or date.today()
    return db.session.execute(
        db.select(OrganizingPartner, db.func.count(Feedback.id), db.func.avg(Feedback.rating))
        .outerjoin(Feedback, Feedback.term_id == OrganizingPartner.id)
        .filter(OrganizingPartner.current_filter(on))
        .group_by(OrganizingPartner.id)
        .options(selectinload(OrganizingPartner.organization),
                 selectinload(OrganizingPartner.group))
        .order_by(OrganizingPartner.group_id, OrganizingPartner.id)).all()


# ------------------------------------------------------------------- roster

def roster_facts(group_ids, on: date | None = None) -> dict[int, roster.RosterFacts]:
    """Counts of current OPs by group, region and gender, in aggregate queries."""
    on = on or date.today()
    current = OrganizingPartner.current_filter(on)
    counts = defaultdict(int)
    regions = defaultdict(dict)
    genders = defaultdict(dict)
    languages = defaultdict(set)
    for group_id, region, n in db.session.execute(
            db.select(OrganizingPartner.group_id, Organization.region, db.func.count())
            .join(Organization, Organization.id == OrganizingPartner.organization_id)
            .filter(current).group_by(OrganizingPartner.group_id, Organization.region)):
        counts[group_id] += n
        if region:
            regions[group_id][region] = n
    for group_id, gender, n in db.session.execute(
            db.select(OrganizingPartner.group_id, OrganizingPartner.focal_person_gender,
                      db.func.count())
            .filter(current).group_by(OrganizingPartner.group_id,
                                      OrganizingPartner.focal_person_gender)):
        genders[group_id][gender or roster.UNDECLARED] = (
            genders[group_id].get(gender or roster.UNDECLARED, 0) + n)
    # Working languages are a JSON list, stored as text such as ["en", "fr"] on both
    # databases: count the partners whose list names each official language.
    as_text = db.cast(OrganizingPartner.working_languages, db.Text)
    counted = [db.func.count().filter(as_text.like(f'%"{code}"%')).label(code)
               for code in roster.OFFICIAL_LANGUAGES]
    for row in db.session.execute(
            db.select(OrganizingPartner.group_id, *counted).filter(current)
            .group_by(OrganizingPartner.group_id)):
        languages[row.group_id].update(
            code for code in roster.OFFICIAL_LANGUAGES if getattr(row, code))
    return {gid: roster.RosterFacts(counts[gid], dict(regions[gid]), frozenset(languages[gid]),
                                    dict(genders[gid]))
            for gid in group_ids}


def assess_groups(groups) -> dict[int, roster.Assessment]:
    facts = roster_facts([g.id for g in groups])
    target = int(current_app.config.get("OP_TARGET", roster.DEFAULT_TARGET))
    minimum = int(current_app.config.get("OP_MIN_LANGUAGES", roster.DEFAULT_MIN_LANGUAGES))
    return {gid: roster.assess(f, target=target, min_languages=minimum)
            for gid, f in facts.items()}


# ------------------------------------------------------------------- groups

def save_group(group: MajorGroup, slug, kind, parent, names, descriptions, criteria):
    other = db.session.scalar(db.select(MajorGroup).filter_by(slug=slug))
    if other is not None and other is not group:
        raise Refused(_l("Another group already uses this short name."), 422)
    if parent is not None and parent is group:
        raise Refused(_l("A group cannot be inside itself."), 422)
    group.slug = slug
    group.kind = kind
    group.parent = parent
    group.names = names
    group.descriptions = descriptions
    group.criteria = criteria
    if group.id is None:
        group.position = (db.session.scalar(db.select(db.func.max(MajorGroup.position))) or 0) + 1
        db.session.add(group)
    db.session.flush()
    return group

