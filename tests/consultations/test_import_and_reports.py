"""CSV import of offline inputs (all or nothing) and national/regional consultation reports."""
import io

import pytest

from portal.consultations.models import ConsultationReport, Declaration, Input
from portal.extensions import db
from tests.consultations.factories import open_consultation
from tests.world import build_world

GOOD = ("language,text,gender,country,organization,frontline,person\n"
        "en,Water first,woman,KE,Green Belt,yes,p1\n"
        "fr,L'eau d'abord,woman,SN,,no,p1\n"
        "es,Tierra y agua,man,PE,,yes,\n")


@pytest.fixture
def world(app):
    return build_world()


@pytest.fixture
def consultation(world):
    found = open_consultation(world.groups["women"], world.users["organizing_partner"])
    db.session.commit()
    return found


def send(client, consultation, content: bytes, dry_run=True):
    data = {"file": (io.BytesIO(content), "inputs.csv")}
    if dry_run:
        data["dry_run"] = "y"
    return client.post(f"/consultations/{consultation.id}/import", data=data,
                       content_type="multipart/form-data")


def count(model):
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_a_dry_run_checks_and_writes_nothing(world, client, sign_in, consultation):
    sign_in(world.users["organizing_partner"])
    response = send(client, consultation, GOOD.encode())
    assert response.status_code == 200
    assert "3 inputs from 2 participants" in response.get_data(as_text=True)
    assert count(Input) == 0


def test_a_correct_file_is_imported_and_a_person_reference_counts_once(
        world, client, sign_in, consultation):
    sign_in(world.users["organizing_partner"])
    response = send(client, consultation, ("\ufeff" + GOOD).encode(), dry_run=False)
    assert response.status_code == 302
    assert count(Input) == 3 and count(Declaration) == 2
    person = db.session.scalar(db.select(Declaration).filter_by(person_ref="p1"))
    # The latest line of a person decides their declaration, as on the input form.
    assert (person.country, person.region, person.organization_name, person.frontline) == (
        "SN", "AFR", None, False)


def test_a_later_file_updates_the_declaration_of_a_person_already_imported(
        world, client, sign_in, consultation):
    sign_in(world.users["organizing_partner"])
    send(client, consultation, GOOD.encode(), dry_run=False)
    later = "language,text,gender,country,person\nen,More water,man,BR,p1\n"
    assert send(client, consultation, later.encode(), dry_run=False).status_code == 302
    assert count(Input) == 4 and count(Declaration) == 2
    person = db.session.scalar(db.select(Declaration).filter_by(person_ref="p1"))
    assert (person.gender, person.country, person.region) == ("man", "BR", "GRULAC")


@pytest.mark.parametrize(("content", "expected"), [
    ("language,text,gender,country\nen,caf\xe9,woman,KE\n".encode("latin-1"),
     "Line 2: The file is not valid UTF-8 text"),
    (b"language,text,country\nen,Hello,KE\n", "Line 1: Missing columns: gender."),
    (b"language,text,gender,country\nen,Hello,woman,XX\n",
     "Line 2: Unknown country &#34;XX&#34;"),
    (b"language,text,gender,country\nen,Hello,female,KE\n",
     "Line 2: Unknown gender &#34;female&#34;"),
    (b"language,text,gender,country\nde,Hallo,woman,KE\n", "Line 2: Unknown language"),
    (b"language,text,gender,country\nen,,woman,KE\n", "Line 2: The text is empty."),
    (b"language,text,gender,country\n", "The file has no inputs."),
    (b"language,text,gender,country\nen,Hello,woman,KE\nen,Hel\x00lo,woman,KE\n",
     "Line 3: This line holds a NUL character"),
    (b"language,text,gender,country\nen,Hello,woman,KE\nen," + b"x" * 131_073
     + b",woman,KE\n", "Line 3: A value on this line is longer than 131072 characters."),
])
def test_a_wrong_file_is_refused_line_by_line_and_nothing_is_written(
        world, client, sign_in, consultation, content, expected):
    sign_in(world.users["organizing_partner"])
    response = send(client, consultation, content, dry_run=False)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert expected in page.replace("&#39;", "'").replace("&quot;", "&#34;")
    assert "Nothing was imported." in page
    assert count(Input) == 0 and count(Declaration) == 0


def test_one_bad_line_among_good_ones_imports_nothing(world, client, sign_in, consultation):
    sign_in(world.users["organizing_partner"])
    content = GOOD + "en,Oversized," + "woman,ZZ\n"
    response = send(client, consultation, content.encode(), dry_run=False)
    assert response.status_code == 422
    assert "Line 5:" in response.get_data(as_text=True)
    assert count(Input) == 0


def test_an_oversized_line_states_the_limit(world, client, sign_in, consultation):
    sign_in(world.users["organizing_partner"])
    content = "language,text,gender,country\nen," + "x" * 20_001 + ",woman,KE\n"
    response = send(client, consultation, content.encode(), dry_run=False)
    assert "the limit is 20,000" in response.get_data(as_text=True)


REPORT = {"scope": "national", "place": "Nairobi", "starts_on": "2027-02-01",
          "ends_on": "2027-02-02", "organizer": "Kenya Women's Network",
          "summary": "<script>x</script>Land rights.", "participants": "10", "women": "6",
          "men": "3", "other_gender": "0", "undeclared_gender": "1", "afr": "10", "apg": "0",
          "eeg": "0", "grulac": "0", "weog": "0", "unknown_region": "0", "frontline": "4"}


def test_a_report_counts_with_its_declared_numbers_and_is_listed(world, client, sign_in,
                                                                  consultation):
    sign_in(world.users["organizing_partner"])
    statement = consultation.statement_id
    response = client.post(f"/statements/{statement}/reports/new", data=REPORT)
    assert response.status_code == 302
    page = client.get(f"/statements/{statement}").get_data(as_text=True)
    assert "Nairobi" in page and "&lt;script&gt;x" in page
    payload = client.get(f"/api/v1/statements/{statement}/standards").get_json()
    assert payload["participants"]["from_reports"] == 10
    assert payload["participants"]["by_gender"]["woman"] == 6
    assert payload["participants"]["undeclared_gender"] == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("women", "7", "must add up to the participants"),
    ("afr", "9", "must add up to the participants"),
    ("frontline", "11", "Cannot be more than the participants"),
    ("ends_on", "2027-01-01", "cannot be before the first day"),
    # Dates and counts that are not one say so, not "This field is required".
    ("starts_on", "2027-02-30", "Not a valid date"),
    ("ends_on", "next week", "Not a valid date"),
    ("starts_on", "0001-01-01", "Give a date between 1945 and 2100."),
    ("ends_on", "9999-12-31", "Give a date between 1945 and 2100."),
    ("participants", "10.5", "Enter a whole number."),
    ("women", "6.0", "Enter a whole number."),
    ("participants", "9" * 5000, "Enter a whole number."),
    ("starts_on", "", "This field is required."),  # an empty box is still required
])
def test_refused_report_values_say_why(world, client, sign_in, consultation, field, value,
                                       message):
    sign_in(world.users["organizing_partner"])
    response = client.post(f"/statements/{consultation.statement_id}/reports/new",
                           data={**REPORT, field: value})
    assert response.status_code == 422
    page = response.get_data(as_text=True).replace("&#34;", '"')
    assert message in page
    assert message == "This field is required." or "This field is required." not in page
    assert count(ConsultationReport) == 0


def test_after_submission_inputs_are_neither_rejected_nor_imported(world, client, sign_in,
                                                                  consultation):
    from tests.consultations.factories import add_input

    item = add_input(consultation, world.users["contributor"])
    consultation.statement.status = "submitted"
    db.session.commit()
    sign_in(world.users["organizing_partner"])
    assert client.post(f"/inputs/{item.id}/reject", data={"reason": "late"}).status_code == 409
    assert send(client, consultation, GOOD.encode(), dry_run=False).status_code == 409
    assert count(Input) == 1


# -- large imports in the background queue ------------------------------------------------

@pytest.fixture
def small_threshold(app):
    app.config["IMPORT_BACKGROUND_ROWS"] = 2  # GOOD has 4 lines: a "large" file


def test_a_large_file_is_imported_in_the_background_and_its_page_shows_the_result(
        world, client, sign_in, consultation, small_threshold):
    from portal.consultations.models import ImportJob

    sign_in(world.users["organizing_partner"])
    form = client.get(f"/consultations/{consultation.id}/import").get_data(as_text=True)
    assert "A file of more than 2 lines is checked and imported in the background" in form
    response = send(client, consultation, GOOD.encode(), dry_run=False)
    assert response.status_code == 302 and "/import-jobs/" in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert "3 inputs imported." in page and 'http-equiv="refresh"' not in page
    assert count(Input) == 3 and count(Declaration) == 2
    job = db.session.scalar(db.select(ImportJob))
    assert (job.status, job.rows_done, job.rows_total, job.data) == ("done", 3, 3, None)


def test_a_running_import_shows_a_progress_bar_that_refreshes_itself(
        world, client, sign_in, consultation, app):
    from portal.consultations.models import ImportJob

    job = ImportJob(consultation_id=consultation.id, status="checking", rows_done=5_000,
                    rows_total=100_000, created_by_id=world.users["organizing_partner"].id,
                    errors=[])
    db.session.add(job)
    db.session.commit()
    sign_in(world.users["organizing_partner"])
    page = client.get(f"/import-jobs/{job.id}").get_data(as_text=True)
    assert 'max="100000" value="5000"' in page and "5,000 of 100,000" in page
    assert '<meta http-equiv="refresh"' in page


def test_a_large_file_with_an_error_imports_nothing_and_lists_the_line(
        world, client, sign_in, consultation, small_threshold):
    sign_in(world.users["organizing_partner"])
    bad = GOOD + "en,Hello,woman,XX,,,\n"
    response = send(client, consultation, bad.encode(), dry_run=False)
    page = client.get(response.location).get_data(as_text=True)
    assert "Nothing was imported" in page and "Line 5:" in page
    assert count(Input) == 0 and count(Declaration) == 0


def test_a_large_dry_run_checks_in_the_background_and_writes_nothing(
        world, client, sign_in, consultation, small_threshold):
    sign_in(world.users["organizing_partner"])
    response = send(client, consultation, GOOD.encode(), dry_run=True)
    page = client.get(response.location).get_data(as_text=True)
    assert "The file is correct: 3 inputs from 2 participants" in page.replace("&#34;", '"')
    assert count(Input) == 0


def test_command_line_import_shows_a_progress_bar(world, app, consultation, tmp_path):
    path = tmp_path / "inputs.csv"
    path.write_text(GOOD, encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=["consultations", "import-inputs", str(consultation.id), str(path)])
    assert result.exit_code == 0, result.output
    assert "Checking" in result.output and "Writing" in result.output and "3/3" in result.output
    assert "3 inputs from 2 participants imported (3 written)." in result.output
    assert count(Input) == 3
    path.write_text(GOOD + "en,Hello,woman,XX,,,\n", encoding="utf-8")
    refused = app.test_cli_runner().invoke(
        args=["consultations", "import-inputs", str(consultation.id), str(path)])
    assert refused.exit_code == 1 and "line 5: Unknown country" in refused.output
    assert count(Input) == 3


def test_a_large_import_runs_on_the_thread_pool_once_the_request_has_answered(
        world, client, sign_in, consultation, app, small_threshold):
    from portal import jobs

    app.config["IMPORT_MODE"] = "thread"
    sign_in(world.users["organizing_partner"])
    response = send(client, consultation, GOOD.encode(), dry_run=False)
    assert response.status_code == 302
    jobs.wait_for_threads()
    assert "3 inputs imported." in client.get(response.location).get_data(as_text=True)
    assert count(Input) == 3


def test_a_large_import_runs_on_an_rq_worker_when_redis_is_configured(
        world, client, sign_in, consultation, app, small_threshold, tmp_path, monkeypatch):
    from redis import Redis
    from rq import SimpleWorker

    from portal import jobs
    from tests import servers

    redis = servers.Redis(tmp_path / "redis").start()
    try:
        app.config.update(REDIS_URL=redis.url, IMPORT_MODE="rq")
        sign_in(world.users["organizing_partner"])
        response = send(client, consultation, GOOD.encode(), dry_run=False)
        page = client.get(response.location).get_data(as_text=True)
        assert "waiting its turn" in page and 'http-equiv="refresh"' in page
        assert count(Input) == 0
        monkeypatch.setattr(jobs, "_worker_app", app)
        queue = jobs.rq_queue(app, "imports")
        SimpleWorker([queue], connection=Redis.from_url(redis.url)).work(burst=True)
        assert "3 inputs imported." in client.get(response.location).get_data(as_text=True)
        assert count(Input) == 3
    finally:
        redis.stop()


def test_an_import_job_delivered_twice_runs_once(world, consultation):
    from portal.consultations import imports
    from portal.consultations.models import ImportJob

    # Another worker has claimed it and is checking its rows.
    job = ImportJob(consultation_id=consultation.id, status="checking", data=GOOD.encode(),
                    created_by_id=world.users["organizing_partner"].id, errors=[])
    db.session.add(job)
    db.session.commit()
    assert imports.run(job.id) == "gone"
    assert count(Input) == 0
