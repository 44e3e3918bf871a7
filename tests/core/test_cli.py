"""The demo data command of the Quick start."""
from portal.auth.models import User
from portal.extensions import db
from portal.registry.models import MajorGroup, Organization


def test_demo_load_creates_groups_organizations_and_one_user_per_role(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(MajorGroup)) == 9
    regions = set(db.session.scalars(db.select(Organization.region)))
    assert len(regions) >= 4
    roles = {user.role for user in db.session.scalars(db.select(User))}
    assert {"contributor", "secretariat", "administrator"} <= roles
    for email in ("secretariat@example.org", "partner@example.org", "focal@example.org"):
        assert email in result.output


def test_demo_load_leaves_a_database_with_accounts_alone(app, make_user):
    make_user()
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert "not loaded" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(MajorGroup)) == 0


def test_demo_passwords_sign_in(app, client):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    line = next(line for line in result.output.splitlines() if "secretariat@example.org" in line)
    password = line.split()[-1]
    response = client.post("/sign-in", data={"email": "secretariat@example.org",
                                             "password": password})
    assert response.status_code == 302
