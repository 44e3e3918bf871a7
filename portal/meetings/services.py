"""Meetings, agenda items and standards profiles: the secretariat's side.

Services add and flush; the request commits (portal/database.py).
"""
from datetime import datetime
from fractions import Fraction

from portal.extensions import db
from portal.meetings.models import AgendaItem, Meeting, StandardsProfile
from portal.statements.standards import Profile
from portal.timeutil import utcnow

DEFAULT_FAMILY = "default"


def create_meeting(**values) -> Meeting:
    meeting = Meeting(**values)
    db.session.add(meeting)
    db.session.flush()
    return meeting


def update_meeting(meeting: Meeting, **values) -> Meeting:
    for name, value in values.items():
        setattr(meeting, name, value)
    db.session.flush()
    return meeting


def add_agenda_item(meeting: Meeting, number: str, titles: dict) -> AgendaItem:
    position = len(meeting.agenda_items)
    item = AgendaItem(meeting=meeting, number=number, titles=titles, position=position)
    db.session.add(item)
    db.session.flush()
    return item


def profile_families() -> list[str]:
    families = set(db.session.scalars(db.select(StandardsProfile.family).distinct()))
    return sorted(families | {DEFAULT_FAMILY})


def latest_profiles() -> list[StandardsProfile]:
    """The newest version of every family."""
    newest = (db.select(StandardsProfile.family, db.func.max(StandardsProfile.version)
                        .label("version"))
              .group_by(StandardsProfile.family).subquery())
    return list(db.session.scalars(
        db.select(StandardsProfile)
        .join(newest, db.and_(StandardsProfile.family == newest.c.family,
                              StandardsProfile.version == newest.c.version))
        .order_by(StandardsProfile.family)))


def latest_profile(family: str) -> StandardsProfile | None:
    """The newest version of a family, for its title; None if it has none yet."""
    return db.session.scalar(db.select(StandardsProfile).filter_by(family=family)
                             .order_by(StandardsProfile.version.desc()).limit(1))


def profile_versions(family: str) -> list[StandardsProfile]:
    return list(db.session.scalars(
        db.select(StandardsProfile).filter_by(family=family)
        .order_by(StandardsProfile.version.desc())))


def add_profile_version(family: str, names: dict, thresholds: dict, quorum: str,
                        valid_from: datetime | None = None, author=None) -> StandardsProfile:
    """A change of thresholds is a new version; earlier versions keep judging their statements."""
    Profile.from_dict(thresholds)  # refuses unknown keys and impossible values
    quorum_fraction(quorum)
    last = db.session.scalar(db.select(db.func.max(StandardsProfile.version))
                             .filter_by(family=family)) or 0
    profile = StandardsProfile(family=family, version=last + 1, names=names,
                               thresholds=thresholds, quorum=quorum,
                               valid_from=valid_from or utcnow(),
                               created_by_id=author.id if author else None)
    db.session.add(profile)
    db.session.flush()
    return profile


def profile_in_force(family: str, at: datetime) -> StandardsProfile:
    """The version of ``family`` in force at ``at``; the defaults become version 1 if none is."""
    profile = db.session.scalar(
        db.select(StandardsProfile)
        .filter(StandardsProfile.family == family, StandardsProfile.valid_from <= at)
        .order_by(StandardsProfile.valid_from.desc(), StandardsProfile.version.desc())
        .limit(1))
    if profile is not None:
        return profile
    earliest = db.session.scalar(
        db.select(StandardsProfile).filter_by(family=family)
        .order_by(StandardsProfile.valid_from).limit(1))
    if earliest is not None:  # every version starts later: the first one applies
        return earliest
    return add_profile_version(family, {"en": family}, Profile().to_dict(), "1/2",
                               valid_from=datetime(2000, 1, 1))


def quorum_fraction(text: str) -> Fraction:
    """"1/2" -> Fraction(1, 2); refuses anything outside (0, 1]."""
    value = Fraction(text.strip())
    if not 0 < value <= 1:
        raise ValueError("quorum must be a fraction above 0 and at most 1")
    return value


def required_signoffs(quorum: str, current_ops: int) -> int:
    """Sign-offs needed: more than ``quorum`` of the current OPs ("1/2": a majority).

    Never more than the number of current OPs, never fewer than one; with quorum "1" every
    current OP must sign.
    """
    fraction = quorum_fraction(quorum)
    if fraction == 1:
        needed = current_ops
    else:
        needed = int(fraction * current_ops) + 1
    return max(1, min(needed, current_ops))


def meetings() -> list[Meeting]:
    return list(db.session.scalars(db.select(Meeting).order_by(Meeting.starts_on.desc())))
