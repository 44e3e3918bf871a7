"""Validation: sign-offs by the group's current OPs, justification, frozen fingerprinted text."""
import hashlib

import pytest

from portal.consultations import tally
from portal.consultations.models import Declaration, Input
from portal.extensions import db
from portal.meetings.services import required_signoffs
from portal.statements import services
from portal.statements.models import Statement
from tests.consultations.factories import add_report, open_consultation, write_version
from tests.world import add_member, build_world, make_op_term, make_organization


@pytest.fixture
def world(app):
    return build_world()


@pytest.fixture
def ops(world, make_user):
    """Three current OP organizations of the women's group, one user each."""
    users = [world.users["organizing_partner"]]
    for number in (2, 3):
        user = make_user(name=f"Partner {number}")
        org = make_organization(f"Partner Org {number}", group=world.groups["women"])
        add_member(user, org)
        make_op_term(org, world.groups["women"], user)
        users.append(user)
    db.session.commit()
    return users


@pytest.fixture
def statement(world, ops):
    consultation = open_consultation(world.groups["women"], ops[0])
    write_version(consultation.statement, ops[0], "Women's statement",
                  "We call for  \r\nland rights.\n\n")
    db.session.commit()
    return consultation.statement


@pytest.mark.parametrize(("quorum", "ops", "needed"), [
    ("1/2", 1, 1), ("1/2", 2, 2), ("1/2", 3, 2), ("1/2", 4, 3), ("1/2", 5, 3),
    ("2/3", 3, 3), ("1/3", 3, 2), ("1", 4, 4),
])
def test_the_quorum_is_more_than_the_fraction_of_current_ops(quorum, ops, needed):
    assert required_signoffs(quorum, ops) == needed


def reload(statement):
    db.session.expire_all()
    return db.session.get(Statement, statement.id)


def test_validation_needs_a_majority_then_a_justification_when_a_standard_fails(
        world, client, sign_in, ops, statement):
    first, second, _third = ops
    sign_in(first)
    response = client.post(f"/statements/{statement.id}/validation", data={"sign_off": "y"})
    assert response.status_code == 302
    assert reload(statement).status == "in_validation"
    page = client.get(f"/statements/{statement.id}/submit").get_data(as_text=True)
    assert "1 of 2 sign-offs needed." in page and "Required when a minimum standard" in page
    # One sign-off (the requester's) of the two needed: submission refused.
    response = client.post(f"/statements/{statement.id}/submit",
                           data={"justification": "x", "confirm": "y"})
    assert response.status_code == 422
    assert "2 sign-offs are needed; there are 1." in response.get_data(as_text=True)
    client.post("/sign-out", data={})
    sign_in(second)
    assert client.post(f"/statements/{statement.id}/signoff", data={}).status_code == 302
    # The standards fail (no participants): a justification is required.
    response = client.post(f"/statements/{statement.id}/submit",
                           data={"justification": " ", "confirm": "y"})
    assert response.status_code == 422
    assert "write a justification" in response.get_data(as_text=True)
    assert reload(statement).status == "in_validation"
    response = client.post(f"/statements/{statement.id}/submit", data={
        "justification": "The consultation coincided with a regional meeting."})
    # Not confirmed: refused, listed in the error summary with a link to the box.
    assert response.status_code == 422 and reload(statement).status == "in_validation"
    page = response.get_data(as_text=True)
    assert '<a href="#confirm">' in page and "Tick the box to confirm the submission." in page
    response = client.post(f"/statements/{statement.id}/submit", data={
        "justification": "The consultation coincided with a regional meeting.",
        "confirm": "y"})
    assert response.status_code == 302
    submitted = reload(statement)
    assert submitted.status == "submitted"
    assert (submitted.frozen_title, submitted.frozen_body) == ("Women's statement",
                                                               "We call for\nland rights.")
    canonical = b"Women's statement\n\nWe call for\nland rights.\n"
    assert submitted.fingerprint == hashlib.sha256(canonical).hexdigest()
    assert services.frozen_text(submitted) == ("Women's statement", "We call for\nland rights.")
    page = client.get(f"/statements/{statement.id}").get_data(as_text=True)
    assert submitted.fingerprint in page
    assert "The consultation coincided with a regional meeting." in page
    # Frozen: no more drafting.
    assert client.get(f"/statements/{statement.id}/draft").status_code == 409


def test_a_statement_meeting_every_standard_needs_no_justification(world, client, sign_in,
                                                                    ops, statement):
    consultation = statement.consultation
    consultation.opens_at = consultation.opens_at.replace(year=2020)
    consultation.closes_at = consultation.opens_at.replace(month=consultation.opens_at.month)
    from datetime import timedelta

    consultation.closes_at = consultation.opens_at + timedelta(days=21)
    add_report(statement, participants=50, women=25, men=25, afr=10, apg=10, eeg=10,
               grulac=10, weog=10)
    db.session.commit()
    assert services.standards_report(statement).passed
    services.request_validation(statement, ops[0], sign_off_too=True)
    services.sign_off(statement, ops[1])
    db.session.commit()
    sign_in(ops[0])
    response = client.post(f"/statements/{statement.id}/submit",
                           data={"justification": "", "confirm": "y"})
    assert response.status_code == 302
    assert reload(statement).justification is None


def test_a_new_version_during_validation_voids_earlier_signoffs(world, ops, statement):
    services.request_validation(statement, ops[0], sign_off_too=True)
    services.sign_off(statement, ops[1])
    assert services.signoff_state(statement).reached
    write_version(statement, ops[2], "Changed", "Changed text.")
    assert statement.status == "draft"
    assert services.signoff_state(statement).signoffs == []


def test_an_op_whose_term_ended_no_longer_counts(world, ops, statement):
    from portal.registry.models import OrganizingPartner
    from portal.timeutil import utcnow

    services.request_validation(statement, ops[0], sign_off_too=True)
    services.sign_off(statement, ops[1])
    term = db.session.scalar(db.select(OrganizingPartner).filter_by(
        organization_id=services.op_organization_of(ops[1], statement.group_id)))
    term.ended_at = utcnow()
    db.session.flush()
    state = services.signoff_state(statement)
    assert (len(state.signoffs), state.current_ops, state.required) == (1, 2, 2)


def test_requesting_validation_signs_off_only_when_the_partner_ticks_the_box(
        world, client, sign_in, ops, statement):
    sign_in(ops[0])
    page = client.get(f"/statements/{statement.id}").get_data(as_text=True)
    assert "Also sign off for my organization: we approve this text" in page
    response = client.post(f"/statements/{statement.id}/validation", data={},
                           follow_redirects=True)
    assert reload(statement).status == "in_validation"
    assert services.signoff_state(statement).signoffs == []
    assert "Your organization has not signed off yet" in response.get_data(as_text=True)


def test_an_empty_draft_cannot_go_to_validation(world, client, sign_in, ops):
    consultation = open_consultation(world.groups["women"], ops[0])
    db.session.commit()
    sign_in(ops[0])
    response = client.post(f"/statements/{consultation.statement_id}/validation", data={})
    assert response.status_code == 409


def _bulk_inputs(consultation, how_many):
    """Accepted inputs, four from each person, inserted in bulk (100,000 take seconds)."""
    people = max(1, how_many // 4)
    db.session.execute(db.insert(Declaration), [
        {"consultation_id": consultation.id, "person_ref": f"p{n}",
         "gender": ("woman", "man", "other", "prefer_not")[n % 4], "country": "KE",
         "region": "AFR", "frontline": False, "updated_at": consultation.opens_at}
        for n in range(people)])
    ids = db.session.scalars(db.select(Declaration.id).filter_by(
        consultation_id=consultation.id)).all()
    for start in range(0, how_many, 20_000):
        db.session.execute(db.insert(Input), [
            {"consultation_id": consultation.id, "declaration_id": ids[n % people],
             "language": "en", "body": "Input text", "imported": True,
             "created_at": consultation.opens_at, "updated_at": consultation.opens_at}
            for n in range(start, min(how_many, start + 20_000))])
    tally.rebuild([consultation.id])  # bulk inserts bypass the figures kept on each flush
    db.session.commit()


@pytest.mark.parametrize("page", ["/statements/{id}", "/statements/{id}/draft"])
def test_the_statement_pages_make_as_many_queries_with_100000_inputs_as_with_10(
        world, client, sign_in, ops, count_queries, page):
    sign_in(ops[0])
    counts = []
    for how_many in (10, 100_000):
        consultation = open_consultation(world.groups["women"], ops[0])
        write_version(consultation.statement, ops[0], "T", "Text.")
        _bulk_inputs(consultation, how_many)
        url = page.format(id=consultation.statement_id)
        client.get(url)  # warm caches (user loading etc.) alike for both
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200
        assert f"{how_many:,} accepted inputs" in response.get_data(as_text=True)
        counts.append(len(statements))
    assert counts[0] == counts[1]
