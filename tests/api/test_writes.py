"""Writing through the API with a token: the pages' rules, and refusals that change nothing."""
from datetime import timedelta

import pytest

from portal.consultations.models import Consultation, ConsultationReport, Input
from portal.extensions import db
from portal.timeutil import utcnow
from tests.api.conftest import bearer, is_problem
from tests.consultations.factories import open_consultation


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.fixture
def consultation(world):
    found = open_consultation(world.groups["women"], world.users["organizing_partner"],
                              languages=["en", "fr"])
    db.session.commit()
    return found


@pytest.fixture
def token_of(world, make_token):
    def make(role, *scopes):
        return bearer(make_token(world.users[role], scopes)[1])

    return make


INPUT = {"language": "fr", "body": "Notre contribution.", "gender": "woman", "country": "sn",
         "organization_name": "Réseau des femmes", "frontline": True}


# -- inputs --------------------------------------------------------------------------------

def test_a_contributor_sends_an_input_with_the_declaration(client, world, consultation,
                                                           token_of):
    response = client.post(f"/api/v1/consultations/{consultation.id}/inputs", json=INPUT,
                           headers=token_of("contributor", "inputs:submit"))
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["consultation"], body["language"], body["body"], body["status"]) == (
        consultation.id, "fr", "Notre contribution.", "accepted")
    item = db.session.get(Input, body["id"])
    assert item.author_id == world.users["contributor"].id
    declaration = item.declaration
    assert (declaration.gender, declaration.country, declaration.region,
            declaration.organization_name, declaration.frontline) == (
        "woman", "SN", "AFR", "Réseau des femmes", True)
    figures = client.get(f"/api/v1/consultations/{consultation.id}/participation").get_json()
    assert figures["participants"]["by_gender"]["woman"] == 1


@pytest.mark.parametrize(("change", "names"), [
    ({"language": "ru"}, {"language"}),  # not accepted by this consultation
    ({"language": "de"}, {"language"}),
    ({"country": "XX"}, {"country"}),
    ({"gender": "unknown"}, {"gender"}),
    ({"body": ""}, {"body"}),
    ({"body": "x" * 20_001}, {"body"}),
    ({"organization_name": "o" * 301}, {"organization_name"}),
    ({"frontline": "yes"}, {"frontline"}),
    ({"declaration": {}}, {"declaration"}),
])
def test_refused_inputs_change_nothing(client, world, consultation, token_of, change, names):
    response = client.post(f"/api/v1/consultations/{consultation.id}/inputs",
                           json={**INPUT, **change},
                           headers=token_of("contributor", "inputs:submit"))
    body = is_problem(response, 422)
    assert {item["name"] for item in body["invalid-params"]} == names
    assert count(Input) == 0


@pytest.mark.parametrize("shift", [timedelta(days=-30), timedelta(days=+30)])
def test_an_input_outside_the_window_is_409(client, world, consultation, token_of, shift):
    consultation.opens_at += shift
    consultation.closes_at += shift
    db.session.commit()
    response = client.post(f"/api/v1/consultations/{consultation.id}/inputs", json=INPUT,
                           headers=token_of("contributor", "inputs:submit"))
    assert "Nothing was saved" in is_problem(response, 409)["detail"]
    assert count(Input) == 0


def test_malformed_json_wrong_scope_and_revoked_token(client, world, consultation, token_of,
                                                      make_token):
    url = f"/api/v1/consultations/{consultation.id}/inputs"
    is_problem(client.post(url, data="{oops", content_type="application/json",
                           headers=token_of("contributor", "inputs:submit")), 400)
    wrong = is_problem(client.post(url, json=INPUT,
                                   headers=token_of("contributor", "reports:write")), 403)
    assert wrong["scope"] == "inputs:submit"
    token, secret = make_token(world.users["contributor"], ["inputs:submit"], name="old")
    token.revoked_at = utcnow()
    db.session.commit()
    is_problem(client.post(url, json=INPUT, headers=bearer(secret)), 401)
    is_problem(client.post(url, json=INPUT), 401)
    is_problem(client.post("/api/v1/consultations/999/inputs", json=INPUT,
                           headers=token_of("contributor", "inputs:submit")), 404)
    assert count(Input) == 0


# -- CSV import ----------------------------------------------------------------------------

CSV = ("language,text,gender,country,person\n"
       "en,Water first,woman,KE,a\n"
       "fr,L'eau d'abord,man,FR,a\n"
       "es,Agua,,,\n")


def test_an_op_checks_then_imports_a_csv(client, world, consultation, token_of):
    url = f"/api/v1/consultations/{consultation.id}/inputs/import"
    headers = token_of("organizing_partner", "inputs:import")
    dry = client.post(url, json={"csv": CSV}, headers=headers)
    assert dry.status_code == 200
    assert dry.get_json() == {"dry_run": True, "rows": 3, "people": 2, "imported": 0}
    assert count(Input) == 0
    done = client.post(url, json={"csv": CSV, "dry_run": False}, headers=headers)
    assert done.get_json() == {"dry_run": False, "rows": 3, "people": 2, "imported": 3}
    assert count(Input) == 3
    figures = client.get(f"/api/v1/consultations/{consultation.id}/participation").get_json()
    assert figures["participants"]["online"] == 2


def test_a_csv_with_an_unknown_country_imports_nothing(client, world, consultation, token_of):
    bad = CSV + "en,More,woman,QQ,\n"
    response = client.post(f"/api/v1/consultations/{consultation.id}/inputs/import",
                           json={"csv": bad, "dry_run": False},
                           headers=token_of("organizing_partner", "inputs:import"))
    body = is_problem(response, 422)
    assert body["invalid-params"][0]["name"] == "csv"
    assert "Line 5" in body["invalid-params"][0]["reason"]
    assert "QQ" in body["invalid-params"][0]["reason"]
    assert count(Input) == 0


def test_a_csv_over_the_size_limit_is_413(app, client, world, consultation, token_of):
    app.config["API_MAX_CONTENT_LENGTH"] = 1000
    response = client.post(f"/api/v1/consultations/{consultation.id}/inputs/import",
                           json={"csv": CSV * 20, "dry_run": False},
                           headers=token_of("organizing_partner", "inputs:import"))
    is_problem(response, 413)
    assert count(Input) == 0


DEEP = b'{"csv": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


@pytest.mark.parametrize(("path", "raw", "detail"), [
    ("inputs", DEEP, "nested more than 32 levels"),
    ("inputs/import", DEEP, "nested more than 32 levels"),
    ("inputs", b'{"language": "fr", "body": "Eau \\ud800 douce"}', "lone surrogate"),
    ("inputs/import", b'{"csv": "language,text,gender,country\\nfr,\\udfff,,\\n"}',
     "lone surrogate"),
])
def test_json_the_api_cannot_read_is_refused_naming_the_problem(
        client, world, consultation, token_of, path, raw, detail):
    headers = token_of("organizing_partner", "inputs:import", "inputs:submit")
    response = client.post(f"/api/v1/consultations/{consultation.id}/{path}", data=raw,
                           content_type="application/json", headers=headers)
    body = is_problem(response, 400)
    assert detail in body["detail"] and body["type"].endswith("#problem-malformed-json")
    assert count(Input) == 0


def test_a_csv_value_beyond_the_csv_field_limit_is_refused_with_its_line(
        app, client, world, consultation, token_of):
    app.config["API_MAX_CONTENT_LENGTH"] = 1_000_000
    response = client.post(f"/api/v1/consultations/{consultation.id}/inputs/import",
                           json={"csv": CSV + "en," + "x" * 131_073 + ",woman,KE,\n",
                                 "dry_run": False},
                           headers=token_of("organizing_partner", "inputs:import"))
    body = is_problem(response, 422)
    assert body["invalid-params"][0]["reason"] == (
        "Line 5: A value on this line is longer than 131072 characters.")
    assert count(Input) == 0


def test_only_the_groups_ops_import(client, world, consultation, token_of):
    url = f"/api/v1/consultations/{consultation.id}/inputs/import"
    response = client.post(url, json={"csv": CSV, "dry_run": False},
                           headers=token_of("contributor", "inputs:import"))
    is_problem(response, 403)
    assert count(Input) == 0


def test_no_import_once_the_statement_is_submitted(client, world, consultation, token_of):
    consultation.statement.status = "submitted"
    db.session.commit()
    response = client.post(f"/api/v1/consultations/{consultation.id}/inputs/import",
                           json={"csv": CSV, "dry_run": False},
                           headers=token_of("organizing_partner", "inputs:import"))
    is_problem(response, 409)
    assert count(Input) == 0


# -- consultation reports ------------------------------------------------------------------

REPORT = {"scope": "national", "place": "Nairobi", "starts_on": "2027-02-01",
          "ends_on": "2027-02-02", "organizer": "Kenya Women's Network",
          "summary": "Land rights.", "participants": 10, "women": 6, "men": 3,
          "undeclared_gender": 1, "afr": 10, "frontline": 4}


def test_an_op_records_a_report_that_counts(client, world, consultation, token_of):
    statement = consultation.statement_id
    response = client.post(f"/api/v1/statements/{statement}/reports", json=REPORT,
                           headers=token_of("organizing_partner", "reports:write"))
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["place"], body["participants"], body["women"], body["grulac"]) == (
        "Nairobi", 10, 6, 0)
    report = client.get(f"/api/v1/statements/{statement}/standards").get_json()
    assert report["participants"]["from_reports"] == 10


@pytest.mark.parametrize(("change", "names"), [
    ({"women": 7}, {"women"}),  # the numbers by gender must add up
    ({"afr": 9}, {"afr"}),
    ({"frontline": 11}, {"frontline"}),
    ({"ends_on": "2027-01-01"}, {"ends_on"}),
    ({"starts_on": "1 February"}, {"starts_on"}),
    ({"starts_on": "0001-02-01"}, {"starts_on"}),
    ({"ends_on": "9999-02-02"}, {"ends_on"}),
    ({"men": -1}, {"men"}),
    ({"participants": "10"}, {"participants"}),
    ({"votes": 3}, {"votes"}),
])
def test_refused_reports_change_nothing(client, world, consultation, token_of, change, names):
    response = client.post(f"/api/v1/statements/{consultation.statement_id}/reports",
                           json={**REPORT, **change},
                           headers=token_of("organizing_partner", "reports:write"))
    body = is_problem(response, 422)
    assert {item["name"] for item in body["invalid-params"]} == names
    assert count(ConsultationReport) == 0


def test_no_report_for_a_submitted_statement_nor_by_a_non_op(client, world, consultation,
                                                             token_of):
    url = f"/api/v1/statements/{consultation.statement_id}/reports"
    is_problem(client.post(url, json=REPORT, headers=token_of("focal_point", "reports:write")),
               403)
    consultation.statement.status = "submitted"
    db.session.commit()
    is_problem(client.post(url, json=REPORT,
                           headers=token_of("organizing_partner", "reports:write")), 409)
    assert count(ConsultationReport) == 0


# -- opening a consultation ---------------------------------------------------------------

def _opening(world, **change):
    from tests.consultations.factories import make_meeting

    item = make_meeting().agenda_items[0]
    db.session.commit()
    opens = (utcnow() + timedelta(days=1)).replace(microsecond=0)
    return {"agenda_item": item.id, "title": "Youth voices", "guiding_questions": "What?",
            "languages": ["en", "zh-Hans"], "statement_language": "fr",
            "opens_at": opens.isoformat() + "Z",
            "closes_at": (opens + timedelta(days=21)).isoformat() + "+00:00",
            "scope": "regional", "scope_region": "AFR", **change}


def test_an_op_opens_a_consultation(client, world, token_of):
    group = world.groups["women"]
    values = _opening(world)
    response = client.post(f"/api/v1/groups/{group.id}/consultations", json=values,
                           headers=token_of("organizing_partner", "consultations:open"))
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["title"], body["scope"], body["scope_region"], body["status"]) == (
        "Youth voices", "regional", "AFR", "upcoming")
    assert body["opens_at"] == values["opens_at"]
    assert body["languages"] == ["en", "zh-Hans"]
    consultation = db.session.get(Consultation, body["id"])
    assert consultation.statement.original_language == "fr"
    assert consultation.created_by_id == world.users["organizing_partner"].id


def test_a_moment_in_another_offset_is_stored_in_utc(client, world, token_of):
    values = _opening(world, opens_at="2030-03-01T10:00:00+03:00",
                      closes_at="2030-03-20T10:00:00+03:00")
    response = client.post(f"/api/v1/groups/{world.groups['women'].id}/consultations",
                           json=values,
                           headers=token_of("organizing_partner", "consultations:open"))
    assert response.get_json()["opens_at"] == "2030-03-01T07:00:00Z"


def test_a_non_op_token_cannot_open_a_consultation(client, world, token_of):
    response = client.post(f"/api/v1/groups/{world.groups['women'].id}/consultations",
                           json=_opening(world),
                           headers=token_of("contributor", "consultations:open"))
    is_problem(response, 403)
    # An OP of the women's group is no OP of the farmers.
    response = client.post(f"/api/v1/groups/{world.groups['farmers'].id}/consultations",
                           json=_opening(world),
                           headers=token_of("organizing_partner", "consultations:open"))
    is_problem(response, 403)
    assert count(Consultation) == 0


@pytest.mark.parametrize(("change", "names"), [
    ({"closes_at": "2020-01-01T00:00:00Z"}, {"closes_at"}),
    ({"opens_at": "2027-03-01T10:00:00"}, {"opens_at"}),  # no offset: which time zone?
    ({"opens_at": "0001-01-01T00:00:00+03:00"}, {"opens_at"}),  # overflows once in UTC
    ({"closes_at": "9999-12-31T23:00:00-05:00"}, {"closes_at"}),
    ({"agenda_item": 999_999}, {"agenda_item"}),
    ({"languages": []}, {"languages"}),
    ({"languages": ["de"]}, {"languages"}),
    ({"scope_region": None}, {"scope_region"}),
    ({"scope": "national", "scope_country": "XX"}, {"scope_country"}),
    ({"title": ""}, {"title"}),
    ({"colour": "red"}, {"colour"}),
])
def test_refused_openings_change_nothing(client, world, token_of, change, names):
    response = client.post(f"/api/v1/groups/{world.groups['women'].id}/consultations",
                           json=_opening(world, **change),
                           headers=token_of("organizing_partner", "consultations:open"))
    body = is_problem(response, 422)
    assert {item["name"] for item in body["invalid-params"]} == names
    assert count(Consultation) == 0


def test_a_large_csv_goes_to_the_queue_and_the_answer_says_where_to_follow_it(
        app, client, world, consultation, token_of):
    from portal.consultations.models import ImportJob

    app.config["IMPORT_BACKGROUND_ROWS"] = 2
    response = client.post(f"/api/v1/consultations/{consultation.id}/inputs/import",
                           json={"csv": CSV, "dry_run": False},
                           headers=token_of("organizing_partner", "inputs:import"))
    assert response.status_code == 202
    job = db.session.scalar(db.select(ImportJob))
    address = f"{app.config['BASE_URL']}/import-jobs/{job.id}"
    assert response.get_json()["job"] == address and response.headers["Location"] == address
    assert job.status == "done" and count(Input) == 3  # the test queue runs it at once
    spec = client.get("/api/v1/openapi.json").get_json()
    answers = spec["paths"]["/api/v1/consultations/{id}/inputs/import"]["post"]["responses"]
    assert "IMPORT_BACKGROUND_ROWS" in answers["202"]["description"]
