"""The public directory of organizations: search, filters and pages.

A page costs the same few queries whatever the number of organizations: one count,
one page of rows, one ``selectinload`` of their groups, one aggregate of disclosure
dates, one for the groups offered as filters.
"""
from dataclasses import dataclass

from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.registry.models import (
    VERIFIED,
    MajorGroup,
    Organization,
    OrganizingPartner,
    organization_group,
)
from portal.registry.services import fold

PAGE_SIZE = 25


@dataclass
class Filters:
    q: str = ""
    group: str = ""
    country: str = ""
    region: str = ""
    org_type: str = ""
    language: str = ""
    frontline: bool = False


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def filtered(filters: Filters):
    query = db.select(Organization).filter(Organization.status == VERIFIED)
    if filters.q:
        pattern = f"%{_like_escape(fold(filters.q))}%"
        query = query.filter(db.or_(Organization.search_text.like(pattern, escape="\\"),
                                    Organization.name_key.like(pattern, escape="\\")))
    if filters.group:
        query = query.filter(db.exists().where(
            organization_group.c.organization_id == Organization.id,
            organization_group.c.group_id == MajorGroup.id, MajorGroup.slug == filters.group))
    if filters.country:
        query = query.filter(Organization.country == filters.country.upper())
    if filters.region:
        query = query.filter(Organization.region == filters.region)
    if filters.org_type:
        query = query.filter(Organization.org_type == filters.org_type)
    if filters.language:
        # The JSON list is stored as text such as ["en", "fr"] on both databases.
        pattern = f'%"{_like_escape(filters.language)}"%'
        query = query.filter(db.cast(Organization.working_languages, db.Text)
                             .like(pattern, escape="\\"))
    if filters.frontline:
        query = query.filter(Organization.frontline.is_(True))
    return query


def page_of(filters: Filters, page: int):
    """(organizations on the page, total matching, number of pages)."""
    query = filtered(filters)
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = db.session.scalars(
        query.options(selectinload(Organization.groups))
        .order_by(Organization.name_key, Organization.id)
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return rows, total, page, pages


def current_partners(filters: Filters, on):
    """Terms in force on a day, filtered by name, group, region and working language."""
    query = (db.select(OrganizingPartner)
             .join(Organization, Organization.id == OrganizingPartner.organization_id)
             .filter(OrganizingPartner.current_filter(on)))
    if filters.q:
        pattern = f"%{_like_escape(fold(filters.q))}%"
        query = query.filter(db.or_(Organization.search_text.like(pattern, escape="\\"),
                                    Organization.name_key.like(pattern, escape="\\")))
    if filters.group:
        query = query.join(MajorGroup, MajorGroup.id == OrganizingPartner.group_id).filter(
            MajorGroup.slug == filters.group)
    if filters.region:
        query = query.filter(Organization.region == filters.region)
    if filters.language:
        pattern = f'%"{_like_escape(filters.language)}"%'
        query = query.filter(db.cast(OrganizingPartner.working_languages, db.Text)
                             .like(pattern, escape="\\"))
    return query.order_by(OrganizingPartner.group_id, Organization.name_key)
