"""Registry facts the permission rules need: focal points and current OPs."""
from datetime import date

from portal.extensions import db
from portal.registry.models import APPROVED, Membership, OrganizingPartner


def is_focal_point(user, organization_id: int) -> bool:
    return db.session.scalar(
        db.select(db.func.count()).select_from(Membership).filter_by(
            user_id=user.id, organization_id=organization_id, is_focal_point=True,
            status=APPROVED)
    ) > 0


def op_group_ids(user, on: date | None = None) -> set[int]:
    """Groups whose current organizing partners include an organization of the user."""
    on = on or date.today()
    rows = db.session.scalars(
        db.select(OrganizingPartner.group_id)
        .join(Membership, Membership.organization_id == OrganizingPartner.organization_id)
        .filter(Membership.user_id == user.id, Membership.status == APPROVED,
                OrganizingPartner.current_filter(on))
    )
    return set(rows)


def is_organizing_partner(user, group_id: int) -> bool:
    return group_id in op_group_ids(user)

