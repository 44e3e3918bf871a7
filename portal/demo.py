"""Demo data for a fresh portal: the nine major groups, organizations, one user per role.

Passwords are generated at load time and printed once; none is kept in the repository.
"""
import secrets
from datetime import date, timedelta

from portal.api import demo as api_demo
from portal.auth import services as accounts
from portal.extensions import db
from portal.permissions import ADMINISTRATOR, CONTRIBUTOR, SECRETARIAT
from portal.records import demo as records_demo
from portal.registry import demo as registry_demo
from portal.registry.models import (
    APPROVED,
    CONFIRMED,
    VERIFIED,
    Membership,
    Organization,
    OrganizingPartner,
)
from portal.registry.seed import seed_major_groups
from portal.speakers import demo as speakers_demo
from portal.statements import demo as statements_demo

# (name, country, region, type, working languages, frontline)
ORGANIZATIONS = [
    ("Green Belt Women's Network", "KE", "AFR", "ngo", ["en", "fr"], True),
    ("Red de Mujeres Rurales de los Andes", "PE", "GRULAC", "ngo", ["es"], True),
    ("Asia Pacific Forum on Women and Development", "TH", "APG", "ngo", ["en", "zh_Hans"],
     False),
    ("Union des agriculteurs du Sahel", "SN", "AFR", "farmers", ["fr", "ar"], True),
    ("Baltic Youth for Climate", "LT", "EEG", "youth", ["en", "ru"], False),
    ("Mediterranean Cities Alliance", "ES", "WEOG", "local_authority", ["es", "fr", "ar"],
     False),
]

# (email, name, global role, what the account shows in the demo)
DEMO_USERS = [
    ("contributor@example.org", "Amina Diallo", CONTRIBUTOR, "contributor"),
    ("focal@example.org", "Lucía Quispe", CONTRIBUTOR, "organization focal point"),
    ("partner@example.org", "Wanjiru Kamau", CONTRIBUTOR, "organizing partner (Women)"),
    ("secretariat@example.org", "Olga Petrova", SECRETARIAT, "secretariat"),
    ("admin@example.org", "Chen Wei", ADMINISTRATOR, "administrator"),
]


def is_empty() -> bool:
    from portal.auth.models import User

    return db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def load() -> list[tuple[str, str, str]]:
    """Create the demo data; return (email, password, role label) for printing."""
    groups = {g.slug: g for g in seed_major_groups()}
    organizations = [_organization(*row, groups=groups) for row in ORGANIZATIONS]
    sign_ins, users = [], {}
    for email, name, role, label in DEMO_USERS:
        password = secrets.token_urlsafe(9)
        users[email] = accounts.create_user(email, name, password, role=role, confirmed=True)
        sign_ins.append((email, password, label))
    _membership(users["focal@example.org"], organizations[1], focal=True)
    _membership(users["partner@example.org"], organizations[0], focal=True)
    _membership(users["contributor@example.org"], organizations[3], focal=False)
    today = date.today()
    db.session.add(OrganizingPartner(
        organization=organizations[0], group=groups["women"], status=CONFIRMED,
        term_start=today - timedelta(days=180), term_end=today + timedelta(days=550),
        working_languages=["en", "fr"], focal_person_name="Wanjiru Kamau",
        focal_person_gender="woman", focal_person_user_id=users["partner@example.org"].id))
    db.session.flush()
    registry_demo.load(users)
    statements_demo.load(users, groups)
    sign_ins.append(api_demo.load(users["partner@example.org"]))
    records_demo.load(users["secretariat@example.org"])
    speakers_demo.load(users["secretariat@example.org"], users["partner@example.org"])
    return sign_ins


def _organization(name, country, region, org_type, languages, frontline, groups):
    org = Organization(names={languages[0]: name}, name_key=" ".join(name.lower().split()),
                       country=country, region=region, org_type=org_type,
                       working_languages=languages, frontline=frontline, status=VERIFIED)
    org.groups.append(groups["women" if "Women" in name or "Mujeres" in name else "ngos"])
    db.session.add(org)
    return org


def _membership(user, organization, focal):
    db.session.add(Membership(user=user, organization=organization, is_focal_point=focal,
                              status=APPROVED))
