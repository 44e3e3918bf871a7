"""The demo meeting has a confirmed selection and its list of speakers in six editions."""
from portal import demo
from portal.extensions import db
from portal.records.models import Record
from portal.speakers.models import PUBLISHED, Opportunity


def test_demo_publishes_a_list_of_speakers(app, client):
    demo.load()
    db.session.commit()
    published = db.session.scalar(db.select(Opportunity).filter_by(status=PUBLISHED))
    record = db.session.get(Record, published.record_id)
    assert record.kind == "speakers_list" and len(record.editions) == 6
    assert all(e.has_text and e.is_public for e in record.editions)
    page = client.get(f"/speaking/{published.id}").get_data(as_text=True)
    assert "Achieng Otieno" in page and record.symbol in page
    assert client.get("/speaking").status_code == 200
