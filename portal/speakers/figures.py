"""Participation figures across time, per meeting series (who spoke, how often, first-time
speakers, frontline share, by group, region and gender).

Each confirmed list keeps its own counts (`Selection.counts`), so a series' figures read
one row per session, never the applications; "how often" and "by group" are one GROUP BY
each over the selected speakers.
"""
from collections import Counter

from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.registry.models import MajorGroup
from portal.speakers import balance
from portal.speakers.models import (
    CONFIRMED,
    PUBLISHED,
    SELECTED,
    SPEAK,
    Application,
    Opportunity,
)

SUMMED = ("speakers", "undeclared_gender", "unknown_region", "frontline",
          "first_time_organizations")


def sessions_query(series: str | None = None):
    """Confirmed speaking sessions (with their counts), oldest first; the open-data rows."""
    query = (db.select(Opportunity)
             .where(Opportunity.kind == SPEAK, Opportunity.status.in_((CONFIRMED, PUBLISHED)))
             .options(selectinload(Opportunity.selection), selectinload(Opportunity.meeting)))
    if series is not None:
        query = query.where(Opportunity.series == series)
    return query


EMPTY = {"speakers": 0, "organizations": 0, "first_time_organizations": 0, "frontline": 0,
         "by_gender": {}, "undeclared_gender": 0, "by_region": {}, "unknown_region": 0}


def session_counts(opportunity: Opportunity) -> dict:
    """The counts kept at confirmation (zeros for a list confirmed without any)."""
    selection = opportunity.selection
    return {**EMPTY, **((selection.counts if selection is not None else None) or {})}


def series_figures(series: str) -> dict | None:
    sessions = db.session.scalars(
        sessions_query(series).order_by(Opportunity.held_on, Opportunity.id)).all()
    if not sessions:
        return None
    totals = {name: 0 for name in SUMMED}
    genders, regions = Counter(), Counter()
    for opportunity in sessions:
        counts = session_counts(opportunity)
        for name in SUMMED:
            totals[name] += counts.get(name, 0)
        genders.update(counts.get("by_gender", {}))
        regions.update(counts.get("by_region", {}))
    totals["by_gender"] = {key: genders.get(key, 0) for key in balance.GENDERS}
    totals["by_region"] = {key: regions.get(key, 0) for key in balance.REGIONS}
    totals["organizations"] = len(_times_spoken(series))
    totals["organizations_by_times_spoken"] = _how_often(_times_spoken(series))
    totals["by_group"] = _by_group(series)
    return {"series": series, "sessions": sessions, "totals": totals}


def _selected_in(series: str):
    return (Application.status == SELECTED, Opportunity.series == series,
            Opportunity.kind == SPEAK, Opportunity.status.in_((CONFIRMED, PUBLISHED)))


def _times_spoken(series: str) -> list[int]:
    """For each organization that spoke in the series, at how many sessions."""
    return list(db.session.scalars(
        db.select(db.func.count(db.distinct(Application.opportunity_id)))
        .join(Opportunity, Opportunity.id == Application.opportunity_id)
        .where(*_selected_in(series)).group_by(Application.organization_id)))


def _how_often(times: list[int]) -> dict:
    """Organizations that spoke once, twice, three times or more."""
    return {"1": sum(1 for t in times if t == 1), "2": sum(1 for t in times if t == 2),
            "3+": sum(1 for t in times if t >= 3)}


def _by_group(series: str) -> dict:
    rows = db.session.execute(
        db.select(MajorGroup.slug, db.func.count(Application.id))
        .join(Opportunity, Opportunity.id == Application.opportunity_id)
        .join(MajorGroup, MajorGroup.id == Application.group_id)
        .where(*_selected_in(series)).group_by(MajorGroup.slug)).all()
    return dict(sorted(rows))


def series_names() -> list[str]:
    return list(db.session.scalars(
        db.select(Opportunity.series).distinct()
        .where(Opportunity.kind == SPEAK, Opportunity.status.in_((CONFIRMED, PUBLISHED)))
        .order_by(Opportunity.series)))
