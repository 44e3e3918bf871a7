"""Every registry route, for each role (see tests/test_permissions.py).

``org`` is a verified organization whose focal point is the focal_point account;
``term`` is that organization's pending application to be OP of the Women group,
which the organizing_partner account (a member of another verified Women
organization) may endorse.
"""
from datetime import date, timedelta

from portal.auth import services as accounts
from portal.extensions import db
from portal.registry.models import PENDING, Membership, OrganizingPartner

PUBLIC_PAGE = {"*": 200}
SIGNED_IN_PAGE = {"visitor": 302, "*": 200}
SIGNED_IN_FORM = {"visitor": 302, "*": 422}
FOCAL_PAGE = {"visitor": 302, "contributor": 403, "organizing_partner": 403, "*": 200}
FOCAL_FORM = {"visitor": 302, "contributor": 403, "organizing_partner": 403, "*": 422}
FOCAL_ACTION = {"visitor": 302, "contributor": 403, "organizing_partner": 403, "*": 302}
SECRETARIAT_PAGE = {"visitor": 302, "secretariat": 200, "administrator": 200, "*": 403}
SECRETARIAT_FORM = {"visitor": 302, "secretariat": 422, "administrator": 422, "*": 403}
SECRETARIAT_ACTION = {"visitor": 302, "secretariat": 302, "administrator": 302, "*": 403}
# ``membership`` waits in an organization that has a focal point: the secretariat's
# decision is refused (409), the focal point decides.
SECRETARIAT_REFUSED = {"visitor": 302, "secretariat": 409, "administrator": 409, "*": 403}

ROWS = [
    ("GET", "/directory", PUBLIC_PAGE),
    ("GET", "/partners", PUBLIC_PAGE),
    ("GET", "/organizations/new", SIGNED_IN_PAGE),
    ("POST", "/organizations/new", SIGNED_IN_FORM),
    ("GET", "/organizations/{org}", PUBLIC_PAGE),
    ("GET", "/organizations/{org}/edit", FOCAL_PAGE),
    ("POST", "/organizations/{org}/edit", FOCAL_FORM),
    ("POST", "/organizations/{org}/verify", SECRETARIAT_ACTION),
    ("POST", "/organizations/{org}/reject", SECRETARIAT_FORM),
    ("GET", "/organizations/{org}/members", FOCAL_PAGE),
    ("POST", "/organizations/{org}/invite", FOCAL_FORM),
    # Nobody here was invited.
    ("POST", "/organizations/{org}/accept-invitation", {"visitor": 302, "*": 403}),
    # The focal point is already a member.
    ("POST", "/organizations/{org}/join", {"visitor": 302, "focal_point": 409, "*": 302}),
    ("POST", "/organizations/{org}/members/{membership}/approve", FOCAL_ACTION),
    ("POST", "/organizations/{org}/members/{membership}/remove", FOCAL_ACTION),
    # The membership in the table is still pending: it must be approved first.
    ("POST", "/organizations/{org}/members/{membership}/make-focal-point",
     {"visitor": 302, "contributor": 403, "organizing_partner": 403, "*": 409}),
    ("GET", "/organizations/{org}/disclosure", FOCAL_PAGE),
    ("POST", "/organizations/{org}/disclosure", FOCAL_FORM),
    ("GET", "/organizations/{org}/apply", FOCAL_PAGE),
    ("POST", "/organizations/{org}/apply", FOCAL_FORM),
    ("GET", "/groups/{slug}", PUBLIC_PAGE),
    ("GET", "/partners/{term}", PUBLIC_PAGE),
    # Only the group's constituency endorses, and never its own organization.
    ("POST", "/partners/{term}/endorse", {"visitor": 302, "focal_point": 409,
                                          "organizing_partner": 302, "*": 403}),
    ("POST", "/partners/{term}/confirm", SECRETARIAT_ACTION),
    ("POST", "/partners/{term}/decline", SECRETARIAT_FORM),
    ("POST", "/partners/{term}/step-down", FOCAL_FORM),
    ("POST", "/partners/{term}/remove", SECRETARIAT_FORM),
    # A pending application has not served yet: constituency members get 409.
    ("POST", "/partners/{term}/feedback", {"visitor": 302, "focal_point": 409,
                                           "organizing_partner": 409, "*": 403}),
    ("GET", "/secretariat/registry", SECRETARIAT_PAGE),
    ("POST", "/secretariat/registry/join-requests/{membership}/approve", SECRETARIAT_REFUSED),
    ("POST", "/secretariat/registry/join-requests/{membership}/refuse", SECRETARIAT_REFUSED),
    ("GET", "/secretariat/groups/new", SECRETARIAT_PAGE),
    ("POST", "/secretariat/groups/new", SECRETARIAT_FORM),
    ("GET", "/secretariat/groups/{group}/edit", SECRETARIAT_PAGE),
    ("POST", "/secretariat/groups/{group}/edit", SECRETARIAT_FORM),
    ("GET", "/secretariat/organizations/import", SECRETARIAT_PAGE),
    ("POST", "/secretariat/organizations/import", SECRETARIAT_FORM),
]


def prepare(world):
    org = world.organizations["member_org"]
    applicant = accounts.create_user("applicant@example.org", "Applicant", "x" * 12,
                                     confirmed=True)
    membership = Membership(organization_id=org.id, user_id=applicant.id, status=PENDING)
    db.session.add(membership)
    today = date.today()
    term = OrganizingPartner(
        organization_id=org.id, group_id=world.groups["women"].id, term_start=today,
        term_end=today + timedelta(days=365), working_languages=["en"],
        focal_person_name="Focal", focal_person_gender="man")
    db.session.add(term)
    db.session.commit()
    return {"membership": membership.id, "term": term.id, "slug": "women"}
