"""Two secretaries publishing at the same moment."""
from portal.extensions import db
from portal.permissions import SECRETARIAT
from portal.records.models import Record
from tests.concurrency.helpers import at_once, signed_in_client
from tests.records.factories import make_meeting, make_statement

ROUNDS = 3


def publish(client, statement_id):
    return lambda: client.post(f"/secretariat/records/publish/{statement_id}",
                               data={"published_on": "2027-07-15", "confirm": "y"})


def test_the_second_of_two_publications_of_a_statement_links_to_the_record(app, make_user):
    meeting = make_meeting()
    ids = [make_statement(meeting).id for _ in range(ROUNDS)]
    db.session.commit()
    clients = [signed_in_client(app, make_user(role=SECRETARIAT)) for _ in range(2)]
    for statement_id in ids:
        responses = at_once(app, [publish(client, statement_id) for client in clients])
        assert sorted(getattr(r, "status_code", r) for r in responses) == [302, 409], responses
        refused = next(r for r in responses if r.status_code == 409).get_data(as_text=True)
        record = db.session.scalar(db.select(Record).filter_by(statement_id=statement_id))
        assert f"already published as {record.symbol}" in refused
        assert f'href="/records/{record.symbol}"' in refused
    symbols = db.session.scalars(db.select(Record.symbol).order_by(Record.sequence)).all()
    assert symbols == [f"E/HLPF/2027/NGO/{n}" for n in range(1, ROUNDS + 1)]


def test_statements_published_at_once_get_numbers_one_after_the_other(app, make_user):
    meeting = make_meeting()
    ids = [make_statement(meeting).id for _ in range(4)]
    db.session.commit()
    clients = [signed_in_client(app, make_user(role=SECRETARIAT)) for _ in ids]
    responses = at_once(app, [publish(c, i) for c, i in zip(clients, ids, strict=True)])
    assert [getattr(r, "status_code", r) for r in responses] == [302] * len(ids)
    symbols = sorted(db.session.scalars(db.select(Record.symbol)).all())
    assert symbols == [f"E/HLPF/2027/NGO/{n}" for n in range(1, len(ids) + 1)]
