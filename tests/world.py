"""A small registry with one account for each role, for permission and workflow tests."""
from dataclasses import dataclass, field
from datetime import date, timedelta

from portal.auth import services as accounts
from portal.extensions import db
from portal.permissions import ADMINISTRATOR, SECRETARIAT
from portal.registry.models import (
    APPROVED,
    CONFIRMED,
    VERIFIED,
    Membership,
    Organization,
    OrganizingPartner,
)
from portal.registry.seed import seed_major_groups

ROLES = ("visitor", "contributor", "focal_point", "organizing_partner", "secretariat",
         "administrator")
PASSWORD = "correct horse battery"


@dataclass
class World:
    users: dict = field(default_factory=dict)
    groups: dict = field(default_factory=dict)
    organizations: dict = field(default_factory=dict)
    op_terms: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)  # placeholders for URL templates


def make_organization(name, country="KE", region="AFR", group=None, status=VERIFIED,
                      **extra):
    org = Organization(names={"en": name}, name_key=" ".join(name.lower().split()),
                       country=country, region=region, org_type=extra.pop("org_type", "ngo"),
                       working_languages=extra.pop("working_languages", ["en"]),
                       status=status, **extra)
    if group is not None:
        org.groups.append(group)
    db.session.add(org)
    db.session.flush()
    return org


def add_member(user, organization, focal=False):
    db.session.add(Membership(user_id=user.id, organization_id=organization.id,
                              is_focal_point=focal, status=APPROVED))
    db.session.flush()


def make_op_term(organization, group, focal_user=None, days_left=365):
    today = date.today()
    term = OrganizingPartner(
        organization_id=organization.id, group_id=group.id, status=CONFIRMED,
        term_start=today - timedelta(days=30), term_end=today + timedelta(days=days_left),
        working_languages=["en"], focal_person_name="Focal person",
        focal_person_gender="woman", focal_person_user_id=focal_user.id if focal_user else None)
    db.session.add(term)
    db.session.flush()
    return term


def build_world() -> World:
    world = World()
    world.groups = {g.slug: g for g in seed_major_groups()}
    women = world.groups["women"]

    def user(role_name, global_role=None):
        account = accounts.create_user(f"{role_name}@example.org", role_name.title(), PASSWORD,
                                       role=global_role, confirmed=True)
        world.users[role_name] = account
        return account

    user("contributor")
    focal = user("focal_point")
    partner = user("organizing_partner")
    user("secretariat", SECRETARIAT)
    user("administrator", ADMINISTRATOR)
    world.organizations["member_org"] = make_organization("Member Org", group=women)
    add_member(focal, world.organizations["member_org"], focal=True)
    world.organizations["op_org"] = make_organization("Partner Org", country="BR",
                                                      region="GRULAC", group=women)
    add_member(partner, world.organizations["op_org"], focal=True)
    world.op_terms["women"] = make_op_term(world.organizations["op_org"], women, partner)
    world.ids.update(group=women.id, group_slug=women.slug,
                     org=world.organizations["member_org"].id,
                     op_org=world.organizations["op_org"].id,
                     op_term=world.op_terms["women"].id)
    db.session.commit()
    return world
