"""Downloads of the directory and the open-data dump: complete, public only."""
import csv
import io
import json
import os
import stat

import pytest

from portal.api.exports import COLLECTIONS
from portal.extensions import db
from tests.api.conftest import SECRETS, is_problem
from tests.world import make_organization


def _assert_public(text: str, world):
    for user in world.users.values():
        assert user.email not in text
    for secret in SECRETS.values():
        assert secret not in text, secret
    for word in ("email", "gender", "password", "status_reason", "Draft"):
        assert word not in text


def test_directory_as_csv(client, public_data):
    response = client.get("/api/v1/exports/organizations.csv?lang=fr")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert sorted(row["name"] for row in rows) == ["Member Org", "Partner Org"]
    member = next(row for row in rows if row["name"] == "Member Org")
    assert member["working_languages"] == "en;fr"
    assert member["groups"] == "women"
    assert member["frontline"] == "true"
    assert member["names.en"] == "Member Org" and member["names.zh-Hans"] == ""
    _assert_public(response.get_data(as_text=True), public_data)


def test_directory_download_takes_the_directory_filters(client, public_data):
    response = client.get("/api/v1/exports/organizations.csv?country=BR&frontline=false")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["name"] for row in rows] == ["Partner Org"]
    is_problem(client.get("/api/v1/exports/organizations.csv?country=XX"), 400)
    is_problem(client.get("/api/v1/exports/groups.csv?country=BR"), 400)


def test_directory_as_json(client, public_data):
    body = client.get("/api/v1/exports/organizations.json").get_json()
    assert body["collection"] == "organizations"
    assert sorted(item["name"] for item in body["data"]) == ["Member Org", "Partner Org"]
    listed = client.get("/api/v1/organizations").get_json()["data"]
    assert sorted(body["data"], key=lambda item: item["id"]) == listed


def test_a_cell_that_looks_like_a_formula_is_quoted(client, world):
    make_organization("=HYPERLINK(\"http://evil\")", country="FR", region="WEOG")
    db.session.commit()
    text = client.get("/api/v1/exports/organizations.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text


@pytest.mark.parametrize("url", ["/api/v1/exports/members.csv",
                                 "/api/v1/exports/organizations.xlsx"])
def test_unknown_exports_are_404(client, world, url):
    is_problem(client.get(url), 404)


def test_open_data_dump_is_complete_and_public(app, consultation_data, tmp_path):
    public_data = consultation_data
    result = app.test_cli_runner().invoke(args=["export", "open-data", str(tmp_path / "dump")])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "dump"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["generated_at"].endswith("Z")
    assert set(manifest["collections"]) == set(COLLECTIONS)
    # The consultation's statement is a draft; the record's statement is published.
    expected = {"groups": 10, "organizations": 2, "organizing-partners": 2, "meetings": 2,
                "agenda-items": 3, "statements": 3, "consultations": 1, "records": 1,
                "speaking-sessions": 0}
    assert {name: entry["count"] for name, entry in manifest["collections"].items()} == expected
    for name, count in expected.items():
        data = json.loads((folder / f"{name}.json").read_text())["data"]
        rows = list(csv.DictReader((folder / f"{name}.csv").open(encoding="utf-8")))
        assert len(data) == len(rows) == count
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["manifest.json", *(f"{n}.{e}" for n in COLLECTIONS for e in ("json", "csv"))])
    umask = os.umask(0)
    os.umask(umask)
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o666 & ~umask}
    everything = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir())
    _assert_public(everything, public_data)
    assert "Femmes rurales" in everything  # every language of names is kept


def test_a_failed_dump_leaves_no_partial_file(app, public_data, tmp_path, monkeypatch):
    from portal.api import exports

    def broken(item):
        raise RuntimeError("disk full")

    original = exports.csv_writer
    monkeypatch.setattr(exports, "csv_writer",
                        lambda handle, collection: (original(handle, collection), broken)[1])
    result = app.test_cli_runner().invoke(args=["export", "open-data", str(tmp_path / "d"),
                                                "--quiet"])
    assert result.exit_code != 0
    assert list((tmp_path / "d").iterdir()) == []


def test_countries_carry_their_un_name_in_the_language_asked(client, public_data):
    listed = client.get("/api/v1/organizations?lang=zh-Hans").get_json()["data"]
    assert {item["country"]: item["country_name"] for item in listed} == {
        "KE": "肯尼亚", "BR": "巴西"}
    text = client.get("/api/v1/exports/organizations.csv",
                      headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert {row["country_name"] for row in csv.DictReader(io.StringIO(text))} == {
        "Кения", "Бразилия"}
