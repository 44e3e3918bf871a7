"""The secretariat's meetings, agenda items and versioned standards profiles."""
import pytest

from portal.extensions import db
from portal.meetings.models import AgendaItem, Meeting, StandardsProfile
from tests.consultations.factories import make_meeting
from tests.world import build_world


@pytest.fixture
def world(app):
    return build_world()


def meeting_data(**overrides):
    data = {"slug": "hlpf-2027", "name_en": "High-level Political Forum 2027",
            "name_fr": "Forum politique de haut niveau 2027",
            "organ_en": "Economic and Social Council", "session_en": "HLPF 2027",
            "starts_on": "2027-07-12", "ends_on": "2027-07-21", "agenda_symbol": "E/HLPF/2027/1",
            "symbol_pattern": "E/HLPF/2027/NGO/{n}", "profile_family": "default"}
    for code in ("ar", "zh_Hans", "es", "ru", "fr"):
        for prefix in ("name", "organ", "session"):
            data.setdefault(f"{prefix}_{code}", "")
    data.update(overrides)
    return data


def count(model):
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_the_secretariat_records_a_meeting_and_its_agenda(world, client, sign_in):
    sign_in(world.users["secretariat"])
    response = client.post("/meetings/new", data=meeting_data())
    assert response.status_code == 302
    meeting = db.session.scalar(db.select(Meeting))
    assert meeting.names["fr"] == "Forum politique de haut niveau 2027"
    titles = {f"title_{code}": "" for code in ("ar", "zh_Hans", "ru", "es")}
    response = client.post(f"/meetings/{meeting.id}/agenda-items", data={
        **titles, "number": "4", "title_en": "Thematic review",
        "title_fr": "Examen thématique"})
    assert response.status_code == 302
    item = db.session.scalar(db.select(AgendaItem))
    assert (item.number, item.titles["fr"]) == ("4", "Examen thématique")
    world.users["contributor"].preferred_language = "fr"
    db.session.commit()
    client.post("/sign-out", data={})
    sign_in(world.users["contributor"])
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Examen thématique" in page and "Forum politique de haut niveau 2027" in page


@pytest.mark.parametrize("pattern", ["E/HLPF/2027/NGO/", "E/HLPF/{n}/{n}", "E/{x}/{n}",
                                     "E/HLPF/2027/NGO/n"])
def test_a_symbol_pattern_must_hold_n_once(world, client, sign_in, pattern):
    sign_in(world.users["secretariat"])
    response = client.post("/meetings/new", data=meeting_data(symbol_pattern=pattern))
    assert response.status_code == 422
    assert "exactly once" in response.get_data(as_text=True)
    assert count(Meeting) == 0


def test_a_duplicate_agenda_number_is_refused(world, client, sign_in):
    meeting = make_meeting()
    db.session.commit()
    sign_in(world.users["secretariat"])
    response = client.post(f"/meetings/{meeting.id}/agenda-items",
                           data={"number": "4", "title_en": "Again"})
    assert response.status_code == 422
    assert count(AgendaItem) == 1


def test_the_meeting_is_edited(world, client, sign_in):
    meeting = make_meeting()
    db.session.commit()
    sign_in(world.users["secretariat"])
    response = client.post(f"/meetings/{meeting.id}/edit",
                           data=meeting_data(agenda_symbol="E/HLPF/2027/1/Rev.1"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).agenda_symbol == "E/HLPF/2027/1/Rev.1"


PROFILE = {"family": "hlpf", "name_en": "HLPF", "min_consultation_days": "21",
           "min_participants": "50", "max_gender_share": "62.5", "min_regions": "5",
           "max_region_share": "35", "min_frontline_share": "", "max_words": "3000",
           "quorum": "1/2", "valid_from": ""}


def test_a_profile_change_is_a_new_version_and_the_old_one_stays(world, client, sign_in):
    sign_in(world.users["secretariat"])
    assert client.post("/standards-profiles/new", data=PROFILE).status_code == 302
    assert client.post("/standards-profiles/new",
                       data={**PROFILE, "min_participants": "80"}).status_code == 302
    versions = db.session.scalars(db.select(StandardsProfile).order_by(
        StandardsProfile.version)).all()
    assert [(v.version, v.thresholds["min_participants"]) for v in versions] == [(1, 50),
                                                                               (2, 80)]
    assert versions[0].thresholds["max_gender_share"] == "125/2"  # exact, not 62.5 float
    assert versions[0].thresholds["min_consultation_days"] == 21
    page = client.get("/standards-profiles/new?family=hlpf").get_data(as_text=True)
    assert 'value="80"' in page  # a new version starts from the latest
    history = client.get("/standards-profiles/hlpf").get_data(as_text=True)
    assert history.count("<tr><th scope=\"row\">") == 2


@pytest.mark.parametrize(("field", "value"), [("quorum", "3/2"), ("quorum", "half"),
                                              ("max_gender_share", "120"),
                                              ("min_regions", "6")])
def test_impossible_thresholds_are_refused(world, client, sign_in, field, value):
    sign_in(world.users["secretariat"])
    response = client.post("/standards-profiles/new", data={**PROFILE, field: value})
    assert response.status_code == 422
    assert count(StandardsProfile) == 0


@pytest.mark.parametrize(("data", "message"), [
    (meeting_data(starts_on="12/07/2027"), "Not a valid date"),
    (meeting_data(ends_on="9999-07-21"), "Give a date between 1945 and 2100."),
])
def test_a_meeting_date_that_is_not_one_says_so(world, client, sign_in, data, message):
    sign_in(world.users["secretariat"])
    response = client.post("/meetings/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and "This field is required." not in page
    assert count(Meeting) == 0


@pytest.mark.parametrize(("field", "value", "message"), [
    ("min_participants", "50.5", "Enter a whole number."),
    ("min_consultation_days", "three", "Enter a number, such as 7 or 7.5."),
    ("max_gender_share", "sNaN", "Enter a number, such as 7 or 7.5."),
    ("max_region_share", "Infinity", "Enter a number, such as 7 or 7.5."),
    ("valid_from", "0001-01-01T00:00", "Give a date between 1945 and 2100."),
    ("valid_from", "2027-13-01T00:00", "Not a valid date and time"),
])
def test_a_threshold_that_is_not_a_number_says_so(world, client, sign_in, field, value, message):
    sign_in(world.users["secretariat"])
    response = client.post("/standards-profiles/new", data={**PROFILE, field: value})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and "This field is required." not in page
    assert count(StandardsProfile) == 0


def test_a_meeting_names_its_standards_profile_by_title(world, client, sign_in):
    sign_in(world.users["secretariat"])
    assert client.post("/standards-profiles/new", data={
        **PROFILE, "family": "hlpf-2027", "name_en": "HLPF 2027 standards",
        "name_fr": "Normes du FPHN 2027"}).status_code == 302
    assert client.post("/meetings/new", data=meeting_data(
        profile_family="hlpf-2027")).status_code == 302
    meeting = db.session.scalar(db.select(Meeting))
    client.get("/language/fr")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert '<span lang="fr">Normes du FPHN 2027</span>' in page and "hlpf-2027" not in page
