"""Who may reach each records route: everyone reads, only the secretariat publishes."""
from datetime import date

from portal.extensions import db
from portal.records import services
from tests.records.factories import make_meeting, make_statement

SECRETARIAT_PAGE = {"visitor": 302, "contributor": 403, "focal_point": 403,
                    "organizing_partner": 403, "secretariat": 200, "administrator": 200}
# An empty form: refused with 422 by the secretariat, never reached by anyone else.
SECRETARIAT_FORM = {**SECRETARIAT_PAGE, "secretariat": 422, "administrator": 422}
# Buttons (the test client sends the CSRF token): rendering again redirects to the desk;
# a machine draft of the original edition is refused (no service, and not pending).
SECRETARIAT_BUTTON = {**SECRETARIAT_PAGE, "secretariat": 302, "administrator": 302}
SECRETARIAT_REFUSED = {**SECRETARIAT_PAGE, "secretariat": 409, "administrator": 409}

ROWS = [
    ("GET", "/records", {"*": 200}),
    ("GET", "/records/feed.atom", {"*": 200}),
    ("GET", "/records/{symbol}", {"*": 200}),
    ("GET", "/records/pdf/{language}/{symbol}", {"*": 200}),
    ("GET", "/records/files/{sha256}.pdf", {"*": 200}),
    ("GET", "/secretariat/records", SECRETARIAT_PAGE),
    ("GET", "/secretariat/records/publish/{statement_id}", SECRETARIAT_PAGE),
    ("POST", "/secretariat/records/publish/{statement_id}", SECRETARIAT_FORM),
    ("GET", "/secretariat/records/{record_id}/editions/{language}", SECRETARIAT_PAGE),
    ("POST", "/secretariat/records/{record_id}/editions/{language}", SECRETARIAT_FORM),
    ("GET", "/secretariat/records/{record_id}/editions/{language}/preview.pdf",
     SECRETARIAT_PAGE),
    ("GET", "/records/{record_id}/progress.json", {"*": 200}),
    ("POST", "/secretariat/records/{record_id}/editions/{language}/machine",
     SECRETARIAT_REFUSED),
    ("GET", "/secretariat/records/{record_id}/issue", SECRETARIAT_PAGE),
    ("POST", "/secretariat/records/{record_id}/issue", SECRETARIAT_FORM),
    ("GET", "/secretariat/records/compile", SECRETARIAT_PAGE),
    ("POST", "/secretariat/records/compile", SECRETARIAT_FORM),
    ("POST", "/secretariat/records/{record_id}/render", SECRETARIAT_BUTTON),
]


def prepare(world):
    meeting = make_meeting()
    record = services.publish_statement(make_statement(meeting), published_on=date(2027, 7, 15),
                                        agenda_symbol="E/HLPF/2027/1", user=None)
    waiting = make_statement(meeting, language="fr")
    db.session.commit()
    original = record.original
    return {"symbol": record.symbol, "language": "en", "record_id": record.id,
            "statement_id": waiting.id, "sha256": original.file.sha256}
