"""Opening consultations, sending inputs, rejecting them, times in the reader's zone."""
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date

from portal.consultations.models import Consultation, ConsultationSubscription, Input
from portal.extensions import db
from portal.meetings.models import StandardsProfile
from portal.statements.models import Statement
from portal.timeutil import utcnow
from tests.consultations.factories import add_input, make_meeting, open_consultation
from tests.world import add_member, build_world, make_organization


@pytest.fixture
def world(app):
    return build_world()


def count(model):
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_an_op_opens_a_consultation_in_their_time_zone(world, client, sign_in, outbox):
    partner = world.users["organizing_partner"]
    partner.timezone = "Europe/Paris"
    meeting = make_meeting()
    member = world.users["focal_point"]  # member of an organization of the women's group
    outsider = world.users["contributor"]  # in no organization of the group
    for user in (member, outsider):
        db.session.add(ConsultationSubscription(user_id=user.id, group_id=world.ids["group"]))
    db.session.commit()
    sign_in(partner)
    response = client.post(f"/groups/{world.ids['group']}/consultations/new", data={
        "agenda_item": meeting.agenda_items[0].id, "title": "Priorities for 2027",
        "guiding_questions": "What matters most?", "languages": ["en", "fr"],
        "statement_language": "en", "opens_at": "2027-01-10T09:00",
        "closes_at": "2027-01-31T18:00", "scope": "global", "scope_region": "",
        "scope_country": ""})
    assert response.status_code == 302, response.get_data(as_text=True)
    consultation = db.session.scalar(db.select(Consultation))
    assert consultation.opens_at == datetime(2027, 1, 10, 8, 0)  # stored in UTC
    assert consultation.languages == ["en", "fr"]
    statement = db.session.get(Statement, consultation.statement_id)
    assert statement.current_version.number == 1 and statement.current_version.body == ""
    assert statement.profile_id is not None
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    # UN date style, and the zone by the names a reader knows, not its IANA id.
    assert "10 January 2027, 9:00\u202fAM (France (Paris))" in page
    messages = outbox()
    assert [m["To"] for m in messages] == [member.email]
    assert "Priorities for 2027" in messages[0]["Subject"]


def test_a_consultation_must_close_after_it_opens(world, client, sign_in):
    meeting = make_meeting()
    db.session.commit()
    sign_in(world.users["organizing_partner"])
    response = client.post(f"/groups/{world.ids['group']}/consultations/new", data={
        "agenda_item": meeting.agenda_items[0].id, "title": "T", "guiding_questions": "Q",
        "languages": ["en"], "statement_language": "en", "opens_at": "2027-01-10T09:00",
        "closes_at": "2027-01-10T09:00", "scope": "global"})
    assert response.status_code == 422
    assert "must close after it opens" in response.get_data(as_text=True)
    assert count(Consultation) == 0 and count(Statement) == 0


def test_the_profile_in_force_at_opening_stays_with_the_statement(world):
    from portal.meetings.services import add_profile_version
    from portal.statements.standards import Profile

    first = add_profile_version("default", {"en": "Default"}, Profile().to_dict(), "1/2",
                                valid_from=utcnow() - timedelta(days=100))
    earlier = open_consultation(world.groups["women"], world.users["organizing_partner"])
    stricter = dict(Profile().to_dict(), min_participants=100)
    second = add_profile_version("default", {"en": "Default"}, stricter, "1/2")
    later = open_consultation(world.groups["women"], world.users["organizing_partner"],
                              meeting=earlier.statement.meeting, opened_days_ago=0)
    assert earlier.statement.profile_id == first.id
    assert later.statement.profile_id == second.id
    assert db.session.get(StandardsProfile, first.id).thresholds["min_participants"] == 30


def input_data(**overrides):
    data = {"language": "en", "body": "Care work must be counted.", "gender": "woman",
            "country": "KE", "organization_name": "", "frontline": "y"}
    data.update(overrides)
    return data


def test_a_contributor_sends_an_input_and_their_declaration_is_kept(world, client, sign_in):
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    db.session.commit()
    contributor = world.users["contributor"]
    sign_in(contributor)
    response = client.post(f"/consultations/{consultation.id}/inputs/new", data=input_data())
    assert response.status_code == 302
    item = db.session.scalar(db.select(Input))
    assert item.author_id == contributor.id and item.declaration.region == "AFR"
    assert item.declaration.frontline and item.declaration.organization_name is None
    # The next consultation's form is prefilled with that declaration.
    other = open_consultation(world.groups["women"], world.users["organizing_partner"],
                              meeting=consultation.statement.meeting)
    db.session.commit()
    page = client.get(f"/consultations/{other.id}/inputs/new").get_data(as_text=True)
    assert '<option selected value="KE">' in page
    assert '<input checked id="gender-0" name="gender" type="radio" value="woman">' in page


def test_an_oversized_input_is_refused_with_the_limit(world, client, sign_in):
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    db.session.commit()
    sign_in(world.users["contributor"])
    response = client.post(f"/consultations/{consultation.id}/inputs/new",
                           data=input_data(body="x" * 20_001))
    assert response.status_code == 422
    assert "at most 20,000 characters; yours has 20,001" in response.get_data(as_text=True)
    assert count(Input) == 0


@pytest.mark.parametrize(("opened_days_ago", "days_open", "says"), [
    (-2, 10, "not open yet"),
    (20, 10, "closed on"),
])
def test_outside_the_window_nothing_is_stored(world, client, sign_in, opened_days_ago,
                                             days_open, says):
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"],
                                     opened_days_ago=opened_days_ago, days_open=days_open)
    db.session.commit()
    sign_in(world.users["contributor"])
    response = client.post(f"/consultations/{consultation.id}/inputs/new", data=input_data())
    assert response.status_code == 409
    assert says in response.get_data(as_text=True)
    assert count(Input) == 0


def test_a_language_the_consultation_does_not_accept_is_refused(world, client, sign_in):
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"],
                                     languages=["fr"])
    db.session.commit()
    sign_in(world.users["contributor"])
    response = client.post(f"/consultations/{consultation.id}/inputs/new",
                           data=input_data(language="en"))
    assert response.status_code == 422 and count(Input) == 0


def test_the_author_edits_and_withdraws_until_closing(world, client, sign_in):
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    contributor = world.users["contributor"]
    item = add_input(consultation, contributor)
    db.session.commit()
    sign_in(contributor)
    response = client.post(f"/inputs/{item.id}/edit", data=input_data(body="Changed text."))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Input, item.id).body == "Changed text."
    assert client.post(f"/inputs/{item.id}/withdraw", data={}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Input, item.id).status == "withdrawn"
    assert "Withdrawn" in client.get(f"/consultations/{consultation.id}").get_data(as_text=True)


def test_after_closing_an_input_cannot_change(world, client, sign_in):
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    contributor = world.users["contributor"]
    item = add_input(consultation, contributor, body="Original.")
    consultation.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    sign_in(contributor)
    assert client.post(f"/inputs/{item.id}/edit", data=input_data(body="Late")).status_code \
        == 409
    assert client.post(f"/inputs/{item.id}/withdraw", data={}).status_code == 409
    db.session.expire_all()
    stored = db.session.get(Input, item.id)
    assert (stored.body, stored.status) == ("Original.", "accepted")


def test_an_op_rejects_with_a_reason_the_author_sees(world, client, sign_in):
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    contributor = world.users["contributor"]
    item = add_input(consultation, contributor, body="Buy cheap watches!")
    db.session.commit()
    sign_in(world.users["organizing_partner"])
    response = client.post(f"/inputs/{item.id}/reject", data={"reason": "Advertising."})
    assert response.status_code == 302
    client.post("/sign-out", data={})
    sign_in(contributor)
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Rejected" in page and "Advertising." in page


def test_an_op_of_another_group_cannot_reject(world, client, sign_in, make_user):
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    item = add_input(consultation, world.users["contributor"])
    from tests.world import make_op_term

    other_op = make_user()
    org = make_organization("Youth Org", group=world.groups["children-youth"])
    add_member(other_op, org)
    make_op_term(org, world.groups["children-youth"])
    db.session.commit()
    sign_in(other_op)
    assert client.post(f"/inputs/{item.id}/reject", data={"reason": "x"}).status_code == 403


def test_markup_in_an_input_is_shown_as_text(world, client, sign_in):
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    contributor = world.users["contributor"]
    add_input(consultation, contributor, body='<script>alert("x")</script><b>bold</b>')
    db.session.commit()
    sign_in(contributor)
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    client.post("/sign-out", data={})
    sign_in(world.users["organizing_partner"])
    page = client.get(f"/consultations/{consultation.id}/inputs").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;b&gt;bold" in page


def test_contributors_see_only_their_own_inputs(world, client, sign_in, make_user):
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    add_input(consultation, make_user(), body="Someone else's words")
    add_input(consultation, world.users["contributor"], body="My own words")
    db.session.commit()
    sign_in(world.users["contributor"])
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "My own words" in page and "Someone else" not in page


def test_the_group_page_lists_consultations_and_toggles_the_subscription(world, client,
                                                                          sign_in):
    open_consultation(world.groups["women"], world.users["organizing_partner"],
                      title="Listed consultation")
    db.session.commit()
    group = world.ids["group"]
    assert "Listed consultation" in client.get(f"/groups/{group}/consultations").get_data(
        as_text=True)
    sign_in(world.users["focal_point"])
    client.post(f"/groups/{group}/consultations/subscription", data={"subscribe": "1"})
    assert count(ConsultationSubscription) == 1
    client.post(f"/groups/{group}/consultations/subscription", data={"subscribe": "0"})
    assert count(ConsultationSubscription) == 0


def test_times_are_shown_in_the_readers_language(world, client, sign_in):
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    consultation.opens_at = datetime(2027, 3, 1, 12, 0)
    consultation.closes_at = datetime(2027, 4, 1, 12, 0)
    world.users["contributor"].timezone = "Asia/Tokyo"
    world.users["contributor"].preferred_language = "fr"
    db.session.commit()
    sign_in(world.users["contributor"])
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "1 mars 2027, 21:00 (Japon (Tokyo))" in page



def test_the_input_form_starts_in_the_readers_language(world, client, sign_in):
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    db.session.commit()
    sign_in(world.users["contributor"])
    client.get("/language/ru")
    page = client.get(f"/consultations/{consultation.id}/inputs/new").get_data(as_text=True)
    language_select = page[page.index('name="language"'):page.index("</select>",
                                                                    page.index('name="language"'))]
    assert 'selected value="ru"' in language_select  # not the first of the list, Arabic
    assert "Российская Федерация" in page and "Russian Federation" not in page

def test_the_email_is_in_the_subscribers_language_and_time_zone(world, outbox):
    member = world.users["focal_point"]
    member.preferred_language = "fr"
    member.timezone = "America/Lima"
    db.session.add(ConsultationSubscription(user_id=member.id, group_id=world.ids["group"]))
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"],
                                     opened_days_ago=-1)  # outside a request, as the CLI does
    assert outbox() == []  # nothing leaves before the commit
    db.session.commit()
    (message,) = outbox()
    body = message.get_payload(decode=True).decode()
    opens = consultation.opens_at.replace(tzinfo=UTC).astimezone(ZoneInfo("America/Lima"))
    assert f"{opens:%H:%M} (Pérou (Lima))" in body
    assert format_date(opens, "d MMMM y", locale="fr") in body  # the date in French, UN style
    assert f"http://localhost/consultations/{consultation.id}" in body


def test_two_simultaneous_first_inputs_of_a_person_share_one_declaration(world, monkeypatch):
    from portal.consultations import services
    from portal.consultations.models import Declaration

    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    contributor = world.users["contributor"]
    values = services.DeclarationValues("woman", "KE", None, False)
    services.submit_input(consultation, contributor, "en", "First", values)
    # The second request looked before the first one's declaration existed.
    real = services.declaration_for
    calls = []

    def stale_first_look(found_consultation, user):
        calls.append(user)
        return None if len(calls) == 1 else real(found_consultation, user)

    monkeypatch.setattr(services, "declaration_for", stale_first_look)
    services.submit_input(consultation, contributor, "en", "Second",
                          services.DeclarationValues("man", "FR", None, False))
    declarations = db.session.scalars(db.select(Declaration)).all()
    assert len(declarations) == 1 and declarations[0].gender == "man"
    assert count(Input) == 2 and len(calls) == 2  # the race path was taken
