"""Standards reports, consultations, participation figures and records through the API."""
import csv
import io

import pytest

from portal.extensions import db
from tests.api.conftest import PRIVATE_INPUT, PRIVATE_ORGANIZATION, SECRETS, is_problem
from tests.consultations.factories import write_version

FIGURES = {
    "total": 7, "online": 3, "from_reports": 4,
    "by_gender": {"woman": 4, "man": 0, "other": 1}, "undeclared_gender": 2,
    "by_region": {"AFR": 3, "APG": 1, "EEG": 0, "GRULAC": 0, "WEOG": 3},
    "unknown_region": 0, "frontline": 1,
}


def _assert_private_stays(text: str, world):
    for user in world.users.values():
        assert user.email not in text
        assert user.display_name not in text
    for secret in (PRIVATE_INPUT, PRIVATE_ORGANIZATION, *SECRETS.values()):
        assert secret not in text


# -- standards reports -------------------------------------------------------------------

def test_a_drafts_standards_report_is_public_as_on_its_page(client, consultation_data):
    world = consultation_data
    statement = world.consultation.statement
    write_version(statement, world.users["organizing_partner"], "Draft title", "one two three")
    db.session.commit()
    response = client.get(f"/api/v1/statements/{statement.id}/standards?lang=fr")
    assert response.status_code == 200
    report = response.get_json()
    assert report["statement"] == statement.id and report["passed"] is False
    assert report["participants"] == FIGURES
    assert [c["code"] for c in report["criteria"]] == [
        "consultation_time", "participants", "gender_balance", "regional_coverage",
        "regional_balance", "length"]
    assert report["criteria"][-1]["actual"] == 3
    assert all(set(c) == {"code", "required", "actual", "passed", "message", "advice"}
               for c in report["criteria"])
    # Each criterion not met says what would meet it, in numbers and in French.
    advice = {c["code"]: c["advice"] for c in report["criteria"]}
    assert advice["length"] is None
    assert advice["participants"]["amount"] == 23
    assert advice["participants"]["message"].startswith("23 participants de plus")
    assert advice["gender_balance"]["add"] == {"man": 2}
    assert advice["regional_balance"]["add"] == {"EEG": 1}
    assert "États d’Europe orientale" in advice["regional_balance"]["message"]
    assert report["profile"]["thresholds"]["min_participants"] == 30
    # The same report as the page, in the requested language; never the draft's text.
    assert "10\u202f700" in report["criteria"][-1]["message"]  # French digits
    text = response.get_data(as_text=True)
    assert "Draft title" not in text and "one two three" not in text
    _assert_private_stays(text, world)
    page = client.get(f"/statements/{statement.id}").get_data(as_text=True)
    assert f"/api/v1/statements/{statement.id}/standards" in page


def test_the_standards_of_an_unknown_statement_are_a_404_problem(client, world):
    is_problem(client.get("/api/v1/statements/999/standards"), 404)


# -- consultations -----------------------------------------------------------------------

def test_a_consultation_shows_its_public_fields_in_utc(client, consultation_data):
    consultation = consultation_data.consultation
    body = client.get(f"/api/v1/consultations/{consultation.id}?lang=fr").get_json()
    assert body["title"] == "Women's priorities"
    assert body["group"]["slug"] == "women" and body["group"]["name"] == "Femmes"
    assert body["agenda_item"]["number"] == "3"
    assert body["agenda_item"]["title"] == "Examen thématique"
    assert body["meeting"]["slug"] == "hlpf-2027"
    assert body["opens_at"] == consultation.opens_at.replace(microsecond=0).isoformat() + "Z"
    assert body["closes_at"].endswith("Z")
    assert body["languages"] == ["en", "fr", "es", "ar", "zh-Hans", "ru"]
    assert (body["scope"], body["scope_region"], body["status"]) == ("global", None, "open")
    assert body["statement"] == consultation.statement_id
    _assert_private_stays(str(body), consultation_data)


@pytest.mark.parametrize(("query", "expected"), [
    ("", 1), ("status=open", 1), ("status=closed", 0), ("status=upcoming", 0),
    ("group=women", 1), ("group=farmers", 0)])
def test_consultation_filters(client, consultation_data, query, expected):
    assert len(client.get(f"/api/v1/consultations?{query}").get_json()["data"]) == expected


def test_a_closed_consultation_says_so(client, consultation_data):
    from datetime import timedelta

    consultation = consultation_data.consultation
    consultation.opens_at -= timedelta(days=60)
    consultation.closes_at = consultation.opens_at + timedelta(days=20)
    db.session.commit()
    assert client.get(f"/api/v1/consultations/{consultation.id}").get_json()["status"] \
        == "closed"
    is_problem(client.get("/api/v1/consultations?status=finished"), 400)


def test_participation_figures_are_totals_without_a_person(client, consultation_data):
    consultation = consultation_data.consultation
    response = client.get(f"/api/v1/consultations/{consultation.id}/participation")
    body = response.get_json()
    assert body == {"consultation": consultation.id, "statement": consultation.statement_id,
                    "accepted_inputs": 4, "participants": FIGURES}
    _assert_private_stays(response.get_data(as_text=True), consultation_data)
    is_problem(client.get("/api/v1/consultations/999/participation"), 404)


def test_participation_downloads_as_csv_and_json(client, consultation_data):
    consultation = consultation_data.consultation
    url = f"/api/v1/exports/consultations/{consultation.id}/participation"
    response = client.get(url + ".csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    counts = {(row["measure"], row["category"]): int(row["count"]) for row in rows}
    assert {row["consultation"] for row in rows} == {str(consultation.id)}
    assert counts[("participants", "total")] == 7
    assert counts[("gender", "woman")] == 4 and counts[("gender", "undeclared")] == 2
    assert counts[("region", "WEOG")] == 3 and counts[("region", "unknown")] == 0
    assert counts[("accepted_inputs", "total")] == 4
    json_body = client.get(url + ".json").get_json()
    assert json_body["participants"] == FIGURES
    for text in (response.get_data(as_text=True), str(json_body)):
        _assert_private_stays(text, consultation_data)
    is_problem(client.get(url + ".xlsx"), 404)


def test_consultations_and_the_archive_index_are_export_collections(client, consultation_data):
    rows = list(csv.DictReader(io.StringIO(
        client.get("/api/v1/exports/consultations.csv").get_data(as_text=True))))
    assert [row["title"] for row in rows] == ["Women's priorities"]
    assert rows[0]["group.slug"] == "women" and rows[0]["opens_at"].endswith("Z")
    records = client.get("/api/v1/exports/records.csv").get_data(as_text=True)
    index = list(csv.DictReader(io.StringIO(records)))
    assert [row["symbol"] for row in index] == ["R/NGO/1"]
    assert index[0]["editions"] == "ar;zh-Hans;en;fr;ru;es"
    as_json = client.get("/api/v1/exports/records.json?language=en").get_json()
    assert [item["symbol"] for item in as_json["data"]] == ["R/NGO/1"]
    for text in (records, str(as_json)):
        _assert_private_stays(text, consultation_data)


# -- records -----------------------------------------------------------------------------

def test_records_list_and_one_record_by_its_symbol(client, consultation_data):
    record = consultation_data.record
    page = client.get("/api/v1/records").get_json()
    assert [item["symbol"] for item in page["data"]] == ["R/NGO/1"]
    assert page["next_cursor"] is None
    item = client.get("/api/v1/records/R/NGO/1").get_json()
    assert item == page["data"][0]
    assert item["title"] == record.title and item["kind"] == "statement"
    editions = {e["language"]: e for e in item["editions"]}
    assert editions["en"]["status"] == "original" and editions["fr"]["status"] == "pending"
    assert editions["fr"]["pdf_url"] is None and editions["fr"]["unofficial"] is False
    assert item["url"].endswith("/records/R/NGO/1")
    is_problem(client.get("/api/v1/records/R/NGO/99"), 404)


@pytest.mark.parametrize(("query", "expected"), [
    ("meeting=records", ["R/NGO/1"]), ("meeting=hlpf-2027", []), ("group=women", ["R/NGO/1"]),
    ("group=farmers", []), ("language=en", ["R/NGO/1"]), ("language=fr", [])])
def test_record_filters_are_the_archives(client, consultation_data, query, expected):
    page = client.get(f"/api/v1/records?{query}").get_json()
    assert [item["symbol"] for item in page["data"]] == expected


def test_records_are_paged_with_a_cursor(client, consultation_data):
    from unittest.mock import patch

    from portal.records import tasks as render_tasks
    from tests.records.factories import make_meeting, make_statement, publish

    meeting = make_meeting(slug="more", pattern="M/NGO/{n}")
    for _ in range(3):
        publish(make_statement(meeting))
    with patch.object(render_tasks, "dispatch", lambda app, ids: None):
        db.session.commit()
    first = client.get("/api/v1/records?limit=2").get_json()
    second = client.get(first["next"]).get_json()
    symbols = [item["symbol"] for item in first["data"] + second["data"]]
    assert symbols == ["R/NGO/1", "M/NGO/1", "M/NGO/2", "M/NGO/3"]
    assert second["next"] is None
