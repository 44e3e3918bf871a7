"""Oral statements: filed before the session, marked delivered, on the record, compiled."""
from datetime import date

from portal.extensions import db
from portal.records import services as records
from portal.records.models import Record
from portal.speakers import services
from portal.speakers.models import OralStatement
from tests.speakers.factories import fill, make_opportunity
from tests.world import build_world


def test_a_selected_speaker_files_the_text_and_it_goes_on_the_record(app, client, sign_in,
                                                                    make_user):
    world = build_world()
    opportunity = make_opportunity(world, group=world.groups["women"])
    apps = fill(world, make_user, opportunity)
    services.save_selection(opportunity, [a.id for a in apps[:4]], version=0,
                            override_reason=None, user=world.users["organizing_partner"])
    services.confirm(opportunity, world.users["secretariat"])
    db.session.commit()
    sign_in(apps[5].user)  # not selected: refused, nothing stored
    response = client.post(f"/speaking/applications/{apps[5].id}/statement", data={
        "title": "Mine", "text": "Text.", "language": "en"})
    assert response.status_code == 409
    assert "Only a selected speaker" in response.get_data(as_text=True)
    client.post("/sign-out", data={})
    sign_in(apps[0].user)
    response = client.post(f"/speaking/applications/{apps[0].id}/statement", data={
        "title": "Water for all", "text": "Thank you, Chair.\n\nWater is a right.",
        "language": "fr"})
    assert response.status_code == 302
    statement = db.session.scalar(db.select(OralStatement))
    assert statement.language == "fr" and statement.delivered is None
    client.post("/sign-out", data={})
    sign_in(world.users["secretariat"])
    response = client.post(f"/speaking/statements/{statement.id}/mark",
                           data={"delivered": "yes"})
    assert response.status_code == 302
    record = db.session.scalar(db.select(Record).where(Record.kind == "oral_statement"))
    assert record.symbol == "E/HLPF/2027/NGO/ORAL/1" and record.original_language == "fr"
    assert record.group_id == world.groups["women"].id
    page = client.get(f"/records/{record.symbol}").get_data(as_text=True)
    assert "Water is a right." in page
    # A second mark is refused; the meeting's compilation includes the oral statement.
    assert client.post(f"/speaking/statements/{statement.id}/mark",
                       data={"delivered": "no"}).status_code == 409
    compilation = records.compile_statements(
        opportunity.meeting, original_language="en", published_on=date.today(),
        agenda_symbol=None, user=world.users["secretariat"])
    assert [entry["symbol"] for entry in compilation.contents] == [record.symbol]
