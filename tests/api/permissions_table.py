"""The API ignores the browser session: roles signed in by cookie are visitors there."""
EVERYONE = {"*": 200}
SIGNED_IN_PAGE = {"visitor": 302, "*": 200}

ROWS = [
    ("GET", "/api/v1/groups", EVERYONE),
    ("GET", "/api/v1/groups/{id}", EVERYONE),
    ("GET", "/api/v1/organizations", EVERYONE),
    ("GET", "/api/v1/organizations/{id}", EVERYONE),
    ("GET", "/api/v1/organizing-partners", EVERYONE),
    ("GET", "/api/v1/organizing-partners/{id}", EVERYONE),
    ("GET", "/api/v1/meetings", EVERYONE),
    ("GET", "/api/v1/meetings/{id}", EVERYONE),
    ("GET", "/api/v1/statements", EVERYONE),
    ("GET", "/api/v1/statements/{id}", EVERYONE),
    ("GET", "/api/v1/statements/{id}/standards", EVERYONE),
    ("GET", "/api/v1/consultations", EVERYONE),
    ("GET", "/api/v1/consultations/{id}", EVERYONE),
    ("GET", "/api/v1/consultations/{id}/participation", EVERYONE),
    ("GET", "/api/v1/records", EVERYONE),
    ("GET", "/api/v1/records/{symbol}", EVERYONE),
    ("GET", "/api/v1/exports/consultations/{id}/participation.{format}", EVERYONE),
    ("GET", "/api/v1/openapi.json", EVERYONE),
    *[("GET", f"/api/v1/exports/{name}.{{format}}", EVERYONE)
      for name in ("groups", "organizations", "organizing-partners", "meetings",
                   "agenda-items", "statements", "consultations", "records")],
    ("GET", "/api/v1/feeds/statements.atom", EVERYONE),
    ("GET", "/api/v1/docs", EVERYONE),
    # Only a token signs in to the API, never the session cookie.
    ("GET", "/api/v1/me", {"*": 401}),
    # Writing needs a token too (tests/api/test_token_permissions.py signs in with one).
    ("POST", "/api/v1/consultations/{id}/inputs", {"*": 401}),
    ("POST", "/api/v1/consultations/{id}/inputs/import", {"*": 401}),
    ("POST", "/api/v1/statements/{id}/reports", {"*": 401}),
    ("POST", "/api/v1/groups/{id}/consultations", {"*": 401}),
    ("GET", "/account/tokens", SIGNED_IN_PAGE),
    ("POST", "/account/tokens", {"visitor": 302, "*": 422}),
    # The contributor owns the token; anyone else is told it does not exist.
    ("POST", "/account/tokens/{token_id}/revoke",
     {"visitor": 302, "contributor": 302, "*": 404}),
]


def prepare(world):
    from datetime import date, timedelta
    from unittest.mock import patch

    from portal.api import tokens
    from portal.extensions import db
    from portal.meetings.models import Meeting
    from portal.records import tasks as render_tasks
    from portal.statements.models import SUBMITTED, Statement
    from tests.consultations.factories import open_consultation
    from tests.records.factories import make_meeting as make_record_meeting
    from tests.records.factories import make_statement, publish

    meeting = Meeting(slug="m", names={"en": "M"}, starts_on=date.today(),
                      ends_on=date.today() + timedelta(days=1), agenda_symbol="A/1",
                      symbol_pattern="A/NGO/{n}")
    db.session.add(meeting)
    db.session.flush()
    statement = Statement(group_id=world.groups["women"].id, meeting_id=meeting.id,
                          status=SUBMITTED, frozen_title="T", frozen_body="B")
    db.session.add(statement)
    db.session.flush()
    # Identifier 1 of each kind exists: this statement, the consultation below, ...
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    record = publish(make_statement(make_record_meeting(slug="records", pattern="R/NGO/{n}")))
    token, _secret = tokens.create(world.users["contributor"], "tool", [])
    with patch.object(render_tasks, "dispatch", lambda app, ids: None):  # no PDF needed
        db.session.commit()
    return {"id": 1, "token_id": token.id, "format": "csv", "meeting": meeting.id,
            "consultation": consultation.id, "draft": consultation.statement_id,
            "symbol": record.symbol}
