"""Two organizing partners saving the same version of a draft at the same moment."""
import re

import pytest

from portal.extensions import db
from portal.statements.models import Statement, StatementVersion
from tests.concurrency.helpers import at_once, signed_in_client
from tests.consultations.factories import open_consultation
from tests.world import add_member, build_world

BASE_VERSION = re.compile(r'name="base_version" type="hidden" value="(\d+)"'
                          r'|name="base_version" value="(\d+)"')
ROUNDS = 4


@pytest.fixture
def editors(app, make_user):
    world = build_world()
    partner = world.users["organizing_partner"]
    colleague = make_user(name="Colleague")
    add_member(colleague, world.organizations["op_org"])
    consultation = open_consultation(world.groups["women"], partner)
    db.session.commit()
    return consultation.statement_id, [signed_in_client(app, partner),
                                       signed_in_client(app, colleague)]


def save(client, statement_id, base, text):
    return lambda: client.post(f"/statements/{statement_id}/draft", data={
        "base_version": base, "title": "Statement", "body": text})


def stored_texts(statement_id):
    return db.session.scalars(db.select(StatementVersion.body).filter_by(
        statement_id=statement_id).order_by(StatementVersion.number)).all()


def test_the_loser_of_a_race_sees_the_winners_text_keeps_theirs_and_saves_again(app,
                                                                                  editors):
    statement_id, clients = editors
    acknowledged = [""]  # the first, empty version
    for round_number in range(ROUNDS):
        base = db.session.get(Statement, statement_id).current_version_id
        texts = [f"Round {round_number}: paragraph by editor {n}." for n in (1, 2)]
        responses = at_once(app, [save(client, statement_id, base, text)
                                  for client, text in zip(clients, texts, strict=True)])
        statuses = sorted(getattr(r, "status_code", r) for r in responses)
        assert statuses == [302, 409], responses
        winner = next(i for i, r in enumerate(responses) if r.status_code == 302)
        loser = 1 - winner
        acknowledged.append(texts[winner])
        page = responses[loser].get_data(as_text=True)
        # "Their version" is the competing save, and the loser's text is still in the form.
        assert texts[winner] in page and texts[loser] in page
        again = BASE_VERSION.search(page)
        current = db.session.get(Statement, statement_id).current_version_id
        assert int(again.group(1) or again.group(2)) == current
        with app.app_context():
            resaved = save(clients[loser], statement_id, current, texts[loser])()
        assert resaved.status_code == 302
        acknowledged.append(texts[loser])
    # Every acknowledged save stored once, in order; nothing refused was stored.
    assert stored_texts(statement_id) == acknowledged
