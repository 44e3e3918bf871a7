"""Declare, apply, select with the advisor, override, confirm: the pages and their refusals."""
from datetime import timedelta
from email.header import decode_header, make_header

import pytest

from portal.extensions import db
from portal.speakers import services
from portal.speakers.models import (
    SELECTED,
    UNSUCCESSFUL,
    Application,
    Opportunity,
    Selection,
)
from portal.timeutil import utcnow
from tests.consultations.factories import make_meeting
from tests.speakers.factories import (
    applicant,
    application_values,
    fill,
    make_opportunity,
)
from tests.world import build_world


@pytest.fixture
def world(app):
    return build_world()


def _apply_form(org, **changes):
    data = {"organization": org.id, "topic": "Decent work", "language": "fr",
            "summary": "Trois propositions.", "gender": "woman", "country": "SN"}
    data.update(changes)
    return data


def test_secretariat_declares_an_opportunity(world, client, sign_in):
    meeting = make_meeting()
    db.session.commit()
    sign_in(world.users["secretariat"])
    response = client.post(f"/meetings/{meeting.id}/opportunities/new", data={
        "kind": "speak", "session_en": "Round table 2", "held_on": "2027-07-14",
        "series": "hlpf", "group": str(world.groups["women"].id), "slots": "4",
        "minutes": "3", "languages": ["en", "ar"], "deadline": "2027-06-01T12:00",
        "max_gender_share": "60", "min_regions": "0", "max_region_share": "50",
        "min_frontline_share": "25", "rotation_sessions": "2"})
    assert response.status_code == 302
    opportunity = db.session.scalar(db.select(Opportunity))
    assert opportunity.languages == ["en", "ar"] and opportunity.slots == 4
    assert opportunity.profile["min_frontline_share"] == 25
    assert opportunity.profile["rotation_sessions"] == 2
    assert opportunity.profile["min_regions"] == 0  # 0 is an answer, not a missing one
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Round table 2" in page and "At least 25% frontline speakers." in page


def test_member_applies_edits_and_withdraws(world, client, sign_in, make_user):
    opportunity = make_opportunity(world)
    user, org = applicant(make_user, world, 1)
    sign_in(user)
    response = client.post(f"/speaking/{opportunity.id}/apply", data=_apply_form(org))
    assert response.status_code == 302
    response = client.post(f"/speaking/{opportunity.id}/apply",
                           data=_apply_form(org, topic="Social protection"))
    assert response.status_code == 302
    (application,) = db.session.scalars(db.select(Application)).all()
    assert application.topic == "Social protection" and application.region == "AFR"
    response = client.post(f"/speaking/applications/{application.id}/withdraw", data={})
    assert response.status_code == 302
    assert db.session.get(Application, application.id).status == "withdrawn"


@pytest.mark.parametrize("case", ["deadline", "unverified", "language"])
def test_refused_applications_store_nothing(world, client, sign_in, make_user, case):
    opportunity = make_opportunity(world, days_left=-1 if case == "deadline" else 10)
    user, org = applicant(make_user, world, 1,
                          status="pending" if case == "unverified" else "verified")
    sign_in(user)
    data = _apply_form(org, language="ru" if case == "language" else "fr")
    response = client.post(f"/speaking/{opportunity.id}/apply", data=data)
    page = response.get_data(as_text=True)
    expected = {"deadline": (409, "The deadline for applications has passed."),
                "unverified": (403, "Only members of a verified organization"),
                "language": (422, "This session is interpreted only in English, français, "
                                  "español; choose one of them.")}[case]
    assert response.status_code == expected[0]
    assert expected[1] in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Application)) == 0


def test_a_second_application_by_the_same_person_is_refused(world, make_user):
    opportunity = make_opportunity(world)
    user, org = applicant(make_user, world, 1)
    services.apply(user, opportunity, application_values(org))
    db.session.commit()
    with pytest.raises(services.Refused, match="already applied"):
        services.apply(user, opportunity, application_values(org, gender="man"))
    db.session.rollback()
    (application,) = db.session.scalars(db.select(Application)).all()
    assert application.gender == "woman"


def _select(client, opportunity, chosen, action="save", version=0, reason=""):
    return client.post(f"/speaking/{opportunity.id}/selection", data={
        "chosen": [str(i) for i in chosen], "action": action, "version": str(version),
        "override_reason": reason})


def test_partner_selects_with_the_advisor_and_a_stale_save_is_refused(world, client, sign_in,
                                                                      make_user):
    opportunity = make_opportunity(world, group=world.groups["women"])
    apps = fill(world, make_user, opportunity)
    sign_in(world.users["organizing_partner"])
    page = client.get(f"/speaking/{opportunity.id}/selection").get_data(as_text=True)
    assert "6 candidates" in page
    # Three men from two regions: not balanced; the advisor proposes swaps.
    unbalanced = [apps[1].id, apps[3].id, apps[4].id, apps[5].id]
    response = _select(client, opportunity, unbalanced, action="advise")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "The advisor's proposal" in page
    # The later of two equal applications gives way.
    assert (f"Replace {apps[4].user.display_name} with {apps[2].user.display_name}"
            in page)
    assert "(for: Gender balance)" in page
    # Saving the unbalanced list needs a reason; nothing is saved without one.
    response = _select(client, opportunity, unbalanced)
    assert response.status_code == 422
    assert "write the reason for overriding it" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Selection)) is None
    response = _select(client, opportunity, unbalanced, reason="The French speakers co-wrote "
                       "the statement.")
    assert response.status_code == 302
    # A partner still on the page read before that save is refused, nothing lost.
    response = _select(client, opportunity, [apps[0].id], reason="mine")
    assert response.status_code == 409
    assert "Another partner saved this selection" in response.get_data(as_text=True)
    selection = db.session.scalar(db.select(Selection))
    assert selection.application_ids == sorted(unbalanced) and selection.version == 1


def test_an_impossible_profile_says_which_criterion(world, client, sign_in, make_user):
    from portal.speakers.balance import SelectionProfile

    opportunity = make_opportunity(world, profile=SelectionProfile(min_regions=5))
    fill(world, make_user, opportunity)
    sign_in(world.users["organizing_partner"])
    page = _select(client, opportunity, [], action="advise").get_data(as_text=True)
    assert "No list of these candidates can meet the profile" in page
    assert "What makes it impossible: Regions represented." in page


def test_confirmation_tells_each_applicant_in_their_language(world, client, sign_in,
                                                             make_user, outbox):
    opportunity = make_opportunity(world)
    apps = fill(world, make_user, opportunity, languages={2: "fr", 5: "ar"})
    chosen = [apps[0].id, apps[1].id, apps[2].id, apps[3].id]
    sign_in(world.users["organizing_partner"])
    assert _select(client, opportunity, chosen).status_code == 302
    client.post("/sign-out", data={})
    sign_in(world.users["secretariat"])
    assert client.post(f"/speaking/{opportunity.id}/confirm", data={}).status_code == 302
    statuses = {a.id: db.session.get(Application, a.id).status for a in apps}
    assert [statuses[a.id] for a in apps] == [SELECTED] * 4 + [UNSUCCESSFUL] * 2
    messages = {m["To"]: m for m in outbox()}
    assert len(messages) == 6
    english = messages[apps[5].user.email].get_payload(decode=True).decode()
    assert "was not selected" in english and "Gender balance" in english
    french = messages[apps[1].user.email]
    assert "sélectionnée" in str(make_header(decode_header(french["Subject"])))
    arabic = messages[apps[4].user.email].get_payload(decode=True).decode()
    assert "لم يقع عليه الاختيار" in arabic and "التوازن بين الجنسين" in arabic
    page = client.get(f"/speaking/{opportunity.id}").get_data(as_text=True)
    assert apps[0].user.display_name in page and apps[4].user.display_name not in page


def test_after_the_deadline_nothing_can_be_withdrawn(world, make_user):
    opportunity = make_opportunity(world)
    (application,) = fill(world, make_user, opportunity, people=[("woman", "KE", False)])
    opportunity.deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(services.Refused):
        services.withdraw(application)
