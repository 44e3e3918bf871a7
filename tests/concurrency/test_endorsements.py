"""The same person endorsing an application from two browsers at once."""
from datetime import date, timedelta

from portal.extensions import db
from portal.registry.models import APPLIED, Endorsement
from tests.concurrency.helpers import at_once, signed_in_client
from tests.world import add_member, build_world, make_op_term, make_organization

MEMBERS = 4


def test_a_double_endorsement_answers_409_and_counts_once(app, make_user):
    world = build_world()
    women = world.groups["women"]
    applicant = make_organization("Applicant Org", group=women)
    term = make_op_term(applicant, women)
    term.status, term.term_start = APPLIED, date.today() + timedelta(days=30)
    supporters = make_organization("Supporters Org", group=women)
    members = [make_user(name=f"Member {n}") for n in range(MEMBERS)]
    for member in members:
        add_member(member, supporters)
    db.session.commit()
    address = f"/partners/{term.id}/endorse"
    for member in members:
        browsers = [signed_in_client(app, member) for _ in range(2)]
        responses = at_once(app, [
            (lambda b=b: b.post(address, data={"comment": "Yes"}))
            for b in browsers])
        assert sorted(getattr(r, "status_code", 0) for r in responses) == [302, 409], responses
        refused = next(r for r in responses if r.status_code == 409)
        assert "already endorsed" in refused.get_data(as_text=True)
    counted = db.session.scalar(db.select(db.func.count()).select_from(Endorsement))
    assert counted == MEMBERS
