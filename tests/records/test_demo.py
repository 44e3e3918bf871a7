"""The records demo: filed under the agenda item it addresses, with its own figures."""
from datetime import date

import pytest

from portal.extensions import db
from portal.meetings.models import AgendaItem, Meeting
from portal.records import demo as records_demo
from portal.records import tasks
from portal.records.demo_texts import MEETING
from portal.records.models import COMPILATION, Record
from portal.registry.seed import seed_major_groups


@pytest.fixture
def loaded(app, monkeypatch):
    """The statements demo's meeting (other items first), then the records demo, unrendered."""
    monkeypatch.setattr(tasks, "dispatch", lambda app, ids: None)
    seed_major_groups()
    meeting = Meeting(slug="hlpf-2027", names=MEETING["names"], organs=MEETING["organs"],
                      sessions=MEETING["sessions"], starts_on=date(2027, 7, 6),
                      ends_on=date(2027, 7, 15), agenda_symbol="E/HLPF/2027/1",
                      symbol_pattern="E/HLPF/2027/NGO/{n}")
    for position, (number, title) in enumerate([("2", "Adoption of the agenda"),
                                                ("4", "Thematic review: food systems"),
                                                ("5", "Ministerial declaration")]):
        meeting.agenda_items.append(AgendaItem(number=number, position=position,
                                               titles={"en": title}))
    db.session.add(meeting)
    db.session.flush()
    records_demo.load()
    db.session.commit()
    return {r.symbol: r for r in db.session.scalars(db.select(Record)).all()}


def test_demo_statement_is_filed_under_the_item_it_addresses(loaded):
    record = loaded["E/HLPF/2027/NGO/1"]
    assert record.agenda_item.number == "3"
    assert record.agenda_item.titles["en"] == "Thematic review: water and sanitation"
    items = sorted(record.meeting.agenda_items, key=lambda item: item.position)
    assert [item.number for item in items] == ["2", "3", "4", "5"]


def test_demo_compilation_freezes_the_statements_own_figures(loaded):
    compilation = next(r for r in loaded.values() if r.kind == COMPILATION)
    participants = [entry["figures"]["participants"] for entry in compilation.contents]
    assert participants[0] == {"required": 30, "actual": 214, "passed": True}
    assert participants[1]["actual"] == 41
    assert all(entry["figures"]["consultation_time"]["passed"]
               for entry in compilation.contents)


def test_compilation_title_in_the_readers_language(loaded, app):
    compilation = next(r for r in loaded.values() if r.kind == COMPILATION)
    client = app.test_client()
    page = client.get(f"/records/{compilation.symbol}",
                      headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "Заявления основных групп" in page
    assert "Statements of the major groups" not in page
    archive = client.get("/records", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Declaraciones de los grupos principales" in archive
    feed = client.get("/records/feed.atom", headers={"Accept-Language": "fr"})
    assert "Déclarations des grands groupes" in feed.get_data(as_text=True)
