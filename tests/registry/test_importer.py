import io

import pytest
from flask_babel import force_locale

from portal.extensions import db
from portal.registry import importer
from portal.registry.models import Organization

GOOD = (
    "name,country,type,groups,website,languages,size,frontline,name_language\n"
    "Réseau des femmes rurales,SN,women,women;farmers,https://rfr.example.org,fr;en,small,"
    "yes,fr\n"
    "Pacific Youth Council,FJ,youth,children-youth,,en,,no,\n"
)


@pytest.fixture(autouse=True)
def english(app):
    # Messages are lazy strings; outside a request they need a language to render in.
    with force_locale("en"):
        yield


def _count():
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(Organization))


def test_a_valid_file_is_imported(world):
    before = _count()
    report = importer.import_organizations(GOOD.encode())
    assert report.problems == [] and report.written == 2
    db.session.commit()
    assert _count() == before + 2
    org = db.session.scalar(db.select(Organization).filter_by(country="SN"))
    assert org.names == {"fr": "Réseau des femmes rurales"} and org.region == "AFR"
    assert sorted(g.slug for g in org.groups) == ["farmers", "women"]
    assert org.frontline and org.working_languages == ["fr", "en"]


def test_dry_run_writes_nothing(world):
    before = _count()
    report = importer.import_organizations(GOOD.encode(), dry_run=True)
    assert report.valid and report.written == 0
    db.session.commit()
    assert _count() == before


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(world):
    before = _count()
    data = (
        "name,country,type,groups\n"
        "Good One,KE,ngo,women\n"          # line 2: fine
        "Unknown Place,XX,ngo,\n"         # line 3
        ",KE,ngo,\n"                      # line 4
        "Member Org,KE,ngo,\n"            # line 5: already registered (world)
        "Good One,ke,ngo,\n"              # line 6: duplicate of line 2
        "Weird Type,KE,club,\n"           # line 7
        "Bad Group,KE,ngo,martians\n"     # line 8
    )
    report = importer.import_organizations(data.encode())
    lines = {p.line: str(p.message) for p in report.problems}
    assert sorted(lines) == [3, 4, 5, 6, 7, 8]
    assert "Unknown country code XX" in lines[3]
    assert "name" in lines[4]
    assert "Already registered" in lines[5]
    assert "Duplicate of line 2" in lines[6]
    assert "club" in lines[7] and "martians" in lines[8]
    db.session.commit()
    assert _count() == before


def test_bad_encoding_is_reported_with_its_line(world):
    data = b"name,country,type\nGood,KE,ngo\n" + "Caf\u00e9,FR,ngo\n".encode("latin-1")
    report = importer.import_organizations(data)
    assert [p.line for p in report.problems] == [3]
    assert "UTF-8" in str(report.problems[0].message)


def test_missing_columns_are_reported(world):
    report = importer.import_organizations(b"name,type\nA,ngo\n")
    assert [p.line for p in report.problems] == [1]
    assert "country" in str(report.problems[0].message)


def test_an_empty_file_is_refused(world):
    assert importer.import_organizations(b"name,country,type\n").problems


def test_import_page_dry_run_then_import(world, client_for, client):
    secretariat = client_for(world.users["secretariat"])
    page = secretariat.get("/secretariat/organizations/import").get_data(as_text=True)
    assert "name_language" in page and "frontline" in page  # the columns are documented
    before = _count()
    response = secretariat.post("/secretariat/organizations/import", data={
        "file": (io.BytesIO(GOOD.encode()), "orgs.csv"), "dry_run": "y"},
        content_type="multipart/form-data")
    assert response.status_code == 200
    assert "2 organizations would be imported" in response.get_data(as_text=True)
    assert _count() == before
    response = secretariat.post("/secretariat/organizations/import", data={
        "file": (io.BytesIO(GOOD.encode()), "orgs.csv")}, content_type="multipart/form-data")
    assert response.status_code == 302
    assert _count() == before + 2
    assert "Pacific Youth Council" in client.get("/directory?q=pacific").get_data(as_text=True)


def test_import_page_reports_bad_rows(world, client_for):
    secretariat = client_for(world.users["secretariat"])
    before = _count()
    response = secretariat.post("/secretariat/organizations/import", data={
        "file": (io.BytesIO(b"name,country,type\nA,KE,ngo\nB,QQ,ngo\n"), "orgs.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "<th scope=\"row\">3</th>" in text and "Unknown country code QQ" in text
    assert _count() == before


@pytest.mark.parametrize(("content", "message"), [
    (b"name,country,type\nA,KE,ngo\nB\x00,KE,ngo\n", "This line holds a NUL character"),
    (b"name,country,type\nA,KE,ngo\n" + b"B" * 131_073 + b",KE,ngo\n",
     "A value on this line is longer than 131072 characters"),
])
def test_import_page_refuses_a_damaged_file_with_its_line(world, client_for, content, message):
    secretariat = client_for(world.users["secretariat"])
    before = _count()
    response = secretariat.post("/secretariat/organizations/import", data={
        "file": (io.BytesIO(content), "orgs.csv")}, content_type="multipart/form-data")
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "<th scope=\"row\">3</th>" in text and message in text
    assert _count() == before


def test_command_line_import(world, app, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes(GOOD.encode())
    runner = app.test_cli_runner()
    before = _count()
    result = runner.invoke(args=["registry", "import-organizations", str(path), "--dry-run"])
    assert result.exit_code == 0 and "2 organizations valid" in result.output
    assert _count() == before
    result = runner.invoke(args=["registry", "import-organizations", str(path)])
    assert result.exit_code == 0 and "2 organizations imported" in result.output
    assert _count() == before + 2
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"name,country,type\nZ,ZZ,ngo\n")
    result = runner.invoke(args=["registry", "import-organizations", str(bad)])
    assert result.exit_code == 1 and "line 2" in result.output
