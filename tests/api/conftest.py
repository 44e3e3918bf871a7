"""Public and private data side by side, and tokens, for the API tests."""
from datetime import date, timedelta

import pytest

from portal.api import tokens
from portal.extensions import db
from portal.meetings.models import AgendaItem, Meeting
from portal.registry.models import (
    CLUSTER,
    DECLINED,
    PENDING,
    REJECTED,
    STEPPED_DOWN,
    MajorGroup,
)
from portal.statements.models import (
    DRAFT,
    IN_VALIDATION,
    PUBLISHED,
    SUBMITTED,
    Statement,
    StatementVersion,
)
from tests.world import build_world, make_op_term, make_organization

# Strings that must never leave the portal through the API or an export.
SECRETS = {
    "pending_org": "Pending Secret Org",
    "rejected_org": "Rejected Secret Org",
    "draft_title": "Draft secret title",
    "draft_body": "Draft secret body",
    "validation_title": "Validation secret title",
    "unfrozen_version": "Unfrozen version secret",
    "rejection_reason": "Rejection secret reason",
    "end_reason": "End secret reason",
    "decision_reason": "Decision secret reason",
    "focal_gender": "secret-gender-value",
}


@pytest.fixture
def world(app):
    return build_world()


@pytest.fixture
def public_data(world):
    """World plus a cluster, a meeting, statements in every state, hidden organizations."""
    women = world.groups["women"]
    cluster = MajorGroup(slug="rural-women", kind=CLUSTER, position=1, parent=women,
                         names={"en": "Rural women", "fr": "Femmes rurales"})
    db.session.add(cluster)
    member_org = world.organizations["member_org"]
    member_org.frontline = True
    member_org.working_languages = ["en", "fr"]
    make_organization(SECRETS["pending_org"], status=PENDING, group=women)
    make_organization(SECRETS["rejected_org"], status=REJECTED, group=women,
                      status_reason=SECRETS["rejection_reason"])
    old_term = make_op_term(member_org, women)
    old_term.status = STEPPED_DOWN
    old_term.term_start, old_term.term_end = date(2020, 1, 1), date(2022, 1, 1)
    old_term.end_reason = SECRETS["end_reason"]
    old_term.focal_person_gender = SECRETS["focal_gender"]
    declined = make_op_term(member_org, world.groups["farmers"])
    declined.status = DECLINED
    declined.decision_reason = SECRETS["decision_reason"]
    world.op_terms["women"].focal_person_gender = SECRETS["focal_gender"]
    today = date.today()
    meeting = Meeting(slug="hlpf-2027", names={"en": "HLPF 2027", "fr": "FPHN 2027"},
                      organs={"en": "Economic and Social Council"},
                      sessions={"en": "High-level political forum"},
                      starts_on=today + timedelta(days=200), ends_on=today + timedelta(days=209),
                      agenda_symbol="E/HLPF/2027/1", symbol_pattern="E/HLPF/2027/NGO/{n}")
    meeting.agenda_items.append(AgendaItem(number="3", position=1,
                                           titles={"en": "Thematic review",
                                                   "fr": "Examen thématique"}))
    db.session.add(meeting)
    db.session.flush()
    statements = {}
    for status, title, body in ((SUBMITTED, "Submitted statement", "Submitted body"),
                                (PUBLISHED, "Published statement", "Published body"),
                                (DRAFT, None, None), (IN_VALIDATION, None, None)):
        statement = Statement(group_id=women.id, meeting_id=meeting.id, status=status,
                              agenda_item_id=meeting.agenda_items[0].id,
                              original_language="fr" if status == PUBLISHED else "en",
                              frozen_title=title, frozen_body=body,
                              fingerprint="f" * 64 if title else None)
        db.session.add(statement)
        db.session.flush()
        secret_title = (SECRETS["draft_title"] if status == DRAFT
                        else SECRETS["validation_title"])
        version = StatementVersion(statement_id=statement.id, number=1,
                                   title=title or secret_title,
                                   body=SECRETS["draft_body"] if not title
                                   else SECRETS["unfrozen_version"])
        db.session.add(version)
        db.session.flush()
        statement.current_version_id = version.id
        statements[status] = statement
    db.session.commit()
    world.ids.update(meeting=meeting.id, cluster=cluster.id,
                     **{f"statement_{key}": value.id for key, value in statements.items()})
    world.meeting, world.statements, world.cluster = meeting, statements, cluster
    return world


@pytest.fixture
def make_token(app):
    def make(user, scopes=(), name="tool"):
        token, secret = tokens.create(user, name, scopes)
        db.session.commit()
        return token, secret

    return make


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def is_problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status and body["title"] and body["detail"]
    return body


# Said in inputs and declarations of the consultation below; never in a public answer.
PRIVATE_INPUT = "Private input text of a named person"
PRIVATE_ORGANIZATION = "Private declared organization"


@pytest.fixture
def consultation_data(public_data):
    """public_data plus an open consultation with inputs, a report and a published record."""
    from unittest.mock import patch

    from portal.records import tasks as render_tasks
    from tests.consultations.factories import add_input, add_report, open_consultation
    from tests.records.factories import make_meeting as make_record_meeting
    from tests.records.factories import make_statement, publish

    world = public_data
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"],
                                     title="Women's priorities")
    add_input(consultation, world.users["contributor"], gender="other", country="FR",
              body=PRIVATE_INPUT)
    add_input(consultation, world.users["contributor"], gender="other", country="FR")
    add_input(consultation, world.users["focal_point"], gender="woman", country="KE")
    add_input(consultation, world.users["secretariat"], gender="man", country="BR",
              status="withdrawn")
    add_input(consultation, person_ref="p1", gender="prefer_not", country="CN")
    from portal.consultations.models import Declaration

    for declaration in db.session.scalars(db.select(Declaration)):
        declaration.organization_name = PRIVATE_ORGANIZATION
    add_report(consultation.statement, participants=4, women=3, undeclared_gender=1, afr=2,
               weog=2, frontline=1)
    record = publish(make_statement(make_record_meeting(slug="records", pattern="R/NGO/{n}")))
    with patch.object(render_tasks, "dispatch", lambda app, ids: None):
        db.session.commit()
    world.consultation, world.record = consultation, record
    world.ids.update(consultation=consultation.id, draft=consultation.statement_id,
                     symbol=record.symbol)
    return world
