"""A request is all or nothing: a failure after a savepoint leaves no row behind."""
import pytest

from portal.consultations import services as consultations
from portal.consultations.models import Declaration, Input
from portal.extensions import db
from portal.permissions import SECRETARIAT
from portal.records import machine
from portal.records.models import Record
from portal.statements import services as statements
from portal.statements import views as statement_views
from portal.statements.models import Signoff, Statement
from tests.consultations.factories import open_consultation, write_version
from tests.records.factories import make_meeting, make_statement
from tests.world import add_member, build_world, make_op_term, make_organization


@pytest.fixture
def world(app):
    return build_world()


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def fail(*args, **kwargs):
    raise RuntimeError("the request fails after its savepoint")


def test_an_input_whose_request_fails_leaves_no_declaration(world, client, sign_in,
                                                             monkeypatch):
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    db.session.commit()
    sign_in(world.users["contributor"])
    monkeypatch.setattr(consultations, "Input", fail)  # after save_declaration's savepoint
    response = client.post(f"/consultations/{consultation.id}/inputs/new", data={
        "language": "en", "body": "Care work.", "gender": "woman", "country": "KE",
        "organization_name": "", "frontline": "y"})
    assert response.status_code == 500
    assert "Nothing was changed" in response.get_data(as_text=True)
    assert count(Declaration) == 0 and count(Input) == 0


def test_a_publication_whose_request_fails_leaves_no_record(app, make_user, sign_in,
                                                            monkeypatch):
    statement = make_statement(make_meeting())
    db.session.commit()
    client = sign_in(make_user(role=SECRETARIAT))
    monkeypatch.setattr(machine, "prefill_record", fail)  # after _insert's savepoint
    response = client.post(
        f"/secretariat/records/publish/{statement.id}",
        data={"published_on": "2027-07-15", "confirm": "y"})
    assert response.status_code == 500
    assert count(Record) == 0
    assert db.session.get(Statement, statement.id).status == "submitted"


def test_a_signoff_whose_request_fails_is_not_stored(world, client, sign_in, make_user,
                                                     monkeypatch):
    partner = world.users["organizing_partner"]
    consultation = open_consultation(world.groups["women"], partner)
    write_version(consultation.statement, partner, "Women's statement", "Land rights.")
    statements.request_validation(consultation.statement, partner, sign_off_too=True)
    colleague = make_user(name="Second partner")
    other = make_organization("Second Partner Org", group=world.groups["women"])
    add_member(colleague, other)
    make_op_term(other, world.groups["women"], colleague)
    db.session.commit()
    sign_in(colleague)
    monkeypatch.setattr(statement_views, "flash", fail)  # after sign_off's savepoint
    response = client.post(f"/statements/{consultation.statement_id}/signoff", data={})
    assert response.status_code == 500
    assert count(Signoff) == 1  # the requester's own, nothing from the failed request


def test_the_error_page_after_a_failed_write_is_the_portals_own(world, client, sign_in,
                                                                 monkeypatch):
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    db.session.commit()
    contributor = world.users["contributor"]
    contributor.preferred_language = "fr"
    db.session.commit()
    sign_in(contributor)

    def duplicate_declaration(**values):
        db.session.add(Declaration(consultation_id=consultation.id, user_id=contributor.id))
        db.session.flush()  # refused by the unique constraint: the session needs a rollback

    monkeypatch.setattr(consultations, "Input", duplicate_declaration)
    response = client.post(f"/consultations/{consultation.id}/inputs/new", data={
        "language": "en", "body": "Care work.", "gender": "woman", "country": "KE",
        "organization_name": "", "frontline": "y"})
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Aucune modification n’a été apportée" in page
    assert "Contributor" in page  # drawn for the signed-in person, in their language
    assert count(Declaration) == 0
