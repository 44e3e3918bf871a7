"""The demo data shows the three situations a reviewer needs to see."""
from portal import demo
from portal.extensions import db
from portal.statements import services
from portal.statements.models import Statement
from portal.timeutil import utcnow


def test_demo_statements_pass_fail_gender_and_stay_open(app, client):
    demo.load()
    db.session.commit()
    # The statements demo's three come first; the records demo adds its own after them.
    passing, failing, still_open = db.session.scalars(
        db.select(Statement).order_by(Statement.id)).all()[:3]
    report = services.standards_report(passing)
    assert report.passed, [f for f in report.findings if not f.passed]
    failed = [f.code for f in services.standards_report(failing).findings if not f.passed]
    assert failed == ["gender_balance"]
    assert still_open.consultation.is_open(utcnow())
    assert not services.standards_report(still_open).finding("consultation_time").passed
    page = client.get(f"/statements/{passing.id}").get_data(as_text=True)
    assert "The statement meets every minimum standard." in page
    assert client.get(f"/meetings/{passing.meeting_id}").status_code == 200
