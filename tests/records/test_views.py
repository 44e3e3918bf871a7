from datetime import date

from portal.extensions import db
from portal.permissions import SECRETARIAT
from portal.records import services
from portal.records.models import Edition, Record
from portal.statements.models import PUBLISHED
from tests.records.factories import make_meeting, make_statement, publish, translate_all


def _secretariat(make_user, sign_in):
    return sign_in(make_user(role=SECRETARIAT))


def test_secretariat_publishes_from_the_inbox(app, make_user, sign_in):
    statement = make_statement(make_meeting(), title="Water for all <script>x</script>")
    db.session.commit()
    client = _secretariat(make_user, sign_in)
    desk = client.get("/secretariat/records").get_data(as_text=True)
    assert "Water for all &lt;script&gt;" in desk
    response = client.post(f"/secretariat/records/publish/{statement.id}",
                           data={"published_on": "2027-07-15", "agenda_symbol": "E/HLPF/2027/1",
                                 "confirm": "y"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/records/E/HLPF/2027/NGO/1")
    page = client.get("/records/E/HLPF/2027/NGO/1").get_data(as_text=True)
    assert "E/HLPF/2027/NGO/1" in page and "<script>x" not in page
    assert db.session.get(type(statement), statement.id).status == PUBLISHED
    # The inbox is empty now, and publishing twice is refused with nothing written.
    again = client.post(f"/secretariat/records/publish/{statement.id}",
                        data={"published_on": "2027-07-15", "confirm": "y"})
    assert again.status_code == 409
    assert db.session.scalar(db.select(db.func.count()).select_from(Record)) == 1


def test_a_publish_form_with_a_bad_date_writes_nothing(app, make_user, sign_in):
    statement = make_statement(make_meeting())
    db.session.commit()
    client = _secretariat(make_user, sign_in)
    response = client.post(f"/secretariat/records/publish/{statement.id}",
                           data={"published_on": "not a date", "confirm": "y"})
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(Record)) == 0


def test_publishing_asks_to_confirm_what_cannot_be_undone(app, make_user, sign_in):
    statement = make_statement(make_meeting())
    db.session.commit()
    client = _secretariat(make_user, sign_in)
    form = client.get(f"/secretariat/records/publish/{statement.id}").get_data(as_text=True)
    assert "the record can never be edited or withdrawn" in form
    response = client.post(f"/secretariat/records/publish/{statement.id}",
                           data={"published_on": "2027-07-15"})
    assert response.status_code == 422
    assert "Tick the box to confirm the publication." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Record)) == 0


def test_only_the_secretariat_publishes(app, make_user, sign_in):
    statement = make_statement(make_meeting())
    db.session.commit()
    client = sign_in(make_user())
    response = client.post(f"/secretariat/records/publish/{statement.id}",
                           data={"published_on": "2027-07-15"})
    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(Record)) == 0


def test_translation_form_issues_an_edition_and_refuses_a_stale_copy(app, make_user, sign_in):
    record = publish(make_statement(make_meeting()))
    db.session.commit()
    client = _secretariat(make_user, sign_in)
    url = f"/secretariat/records/{record.id}/editions/fr"
    form = {"title": "Ne laisser personne de côté", "body": "Texte **traduit**.",
            "status": "translated", "translator_note": "Traduction officielle",
            "version": "1"}
    assert client.post(url, data=form).status_code == 302
    stale = client.post(url, data={**form, "title": "Autre"})
    assert stale.status_code == 409
    edition = db.session.scalar(db.select(Edition).where(Edition.record_id == record.id,
                                                         Edition.language == "fr"))
    assert edition.title == "Ne laisser personne de côté" and edition.status == "translated"
    page = client.get(f"/records/{record.symbol}").get_data(as_text=True)
    assert "Traduction officielle" in page


def test_pdf_is_served_with_etag_and_long_cache(app, client):
    record = publish(make_statement(make_meeting()))
    db.session.commit()
    response = client.get(f"/records/pdf/en/{record.symbol}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    etag = response.headers["ETag"]
    sha = record.original.file.sha256
    assert etag.strip('"') == sha
    assert client.get(f"/records/pdf/en/{record.symbol}",
                      headers={"If-None-Match": etag}).status_code == 304
    stored = client.get(f"/records/files/{sha}.pdf")
    assert stored.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get(f"/records/files/{sha}.pdf",
                      headers={"If-None-Match": f'"{sha}"'}).status_code == 304
    # A pending edition has no PDF, and an unknown hash is not found.
    assert client.get(f"/records/pdf/fr/{record.symbol}").status_code == 404
    assert client.get(f"/records/files/{'0' * 64}.pdf").status_code == 404
    assert client.get("/records/files/..%2F..%2Fetc%2Fpasswd.pdf").status_code == 404


def test_archive_search_filters_and_stays_bounded(app, client, count_queries):
    meeting = make_meeting()
    other = make_meeting(slug="csw-2027", pattern="E/CN.6/2027/NGO/{n}")
    for _ in range(3):
        publish(make_statement(meeting))
    french = publish(make_statement(other, language="fr"))
    translate_all(french)
    db.session.commit()
    assert "E/CN.6/2027/NGO/1" in client.get("/records?meeting=csw-2027").get_data(as_text=True)
    page = client.get("/records?meeting=hlpf-2027").get_data(as_text=True)
    assert "E/CN.6" not in page and "E/HLPF/2027/NGO/3" in page
    assert "E/HLPF" not in client.get("/records?language=ar").get_data(as_text=True)
    assert "E/HLPF/2027/NGO/2" in client.get("/records?q=NGO/2").get_data(as_text=True)
    assert "E/HLPF" not in client.get("/records?date_from=2028-01-01").get_data(as_text=True)
    with count_queries() as few:
        client.get("/records")
    for _ in range(3):  # an N+1 shows as three more queries; each record renders a PDF
        publish(make_statement(meeting))
    db.session.commit()
    with count_queries() as many:
        client.get("/records")
    assert len(many) == len(few)


def test_archive_paginates(app, client):
    meeting = make_meeting()
    for _ in range(27):
        make_statement(meeting)
    for statement in db.session.scalars(db.select(services.Statement)).all():
        services.publish_statement(statement, published_on=date(2027, 7, 15),
                                   agenda_symbol=None, user=None)
    db.session.commit()
    first = client.get("/records").get_data(as_text=True)
    assert "Page 1 of 2" in first
    second = client.get("/records?page=2").get_data(as_text=True)
    assert "E/HLPF/2027/NGO/1<" in second or "E/HLPF/2027/NGO/1</bdi>" in second


def test_atom_feed_and_api_list_published_records(app, client):
    record = publish(make_statement(make_meeting()))
    translate_all(record)
    db.session.commit()
    feed = client.get("/records/feed.atom")
    assert feed.mimetype == "application/atom+xml"
    assert "E/HLPF/2027/NGO/1" in feed.get_data(as_text=True)
    payload = client.get("/api/v1/records").get_json()
    entry = payload["data"][0]
    assert entry["symbol"] == "E/HLPF/2027/NGO/1"
    assert entry["title"] == record.title
    languages = {e["language"]: e for e in entry["editions"]}
    # The API writes languages as BCP 47 tags, like all of /api/v1.
    assert set(languages) == {"ar", "zh-Hans", "en", "fr", "ru", "es"}
    assert languages["en"]["status"] == "original"
    assert languages["ar"]["status"] == "translated"
    assert client.get(languages["zh-Hans"]["pdf_url"]).status_code == 200
    assert client.get(f"/api/v1/records/{record.symbol}").get_json() == entry


def test_unknown_symbol_is_not_found(app, client):
    assert client.get("/records/E/HLPF/2099/NGO/1").status_code == 404


def test_corrigendum_form_creates_a_linked_record(app, make_user, sign_in):
    record = publish(make_statement(make_meeting()))
    db.session.commit()
    client = _secretariat(make_user, sign_in)
    response = client.post(f"/secretariat/records/{record.id}/issue", data={
        "kind": "corrigendum", "title": record.title, "body": "Paragraph 2 should read …",
        "note": "", "published_on": "2027-07-20", "confirm": "y"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/records/E/HLPF/2027/NGO/1/Corr.1")
    parent_page = client.get("/records/E/HLPF/2027/NGO/1").get_data(as_text=True)
    assert "E/HLPF/2027/NGO/1/Corr.1" in parent_page
    assert client.get("/records/pdf/en/E/HLPF/2027/NGO/1/Corr.1").status_code == 200


def test_compile_form_publishes_a_compilation(app, make_user, sign_in):
    meeting = make_meeting()
    publish(make_statement(meeting))
    publish(make_statement(meeting, group_slug="farmers", language="es"))
    db.session.commit()
    client = _secretariat(make_user, sign_in)
    response = client.post("/secretariat/records/compile", data={
        "meeting": str(meeting.id), "agenda_item": "0", "original_language": "en",
        "published_on": "2027-07-16", "agenda_symbol": "", "confirm": "y"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Statements compiled" in page and "E/HLPF/2027/NGO/2" in page
    empty = make_meeting(slug="empty", pattern="E/X/{n}")
    db.session.commit()
    refused = client.post("/secretariat/records/compile", data={
        "meeting": str(empty.id), "agenda_item": "0", "original_language": "en",
        "published_on": "2027-07-16", "confirm": "y"})
    assert refused.status_code == 409


def test_record_page_and_api_make_a_bounded_number_of_queries(app, client, count_queries):
    meeting = make_meeting()
    record = publish(make_statement(meeting))
    translate_all(record)
    db.session.commit()
    with count_queries() as one:
        client.get(f"/records/{record.symbol}")
        client.get("/api/v1/records")
    for _ in range(3):  # an N+1 shows as three more queries; each record renders six PDFs
        translate_all(publish(make_statement(meeting)))
    db.session.commit()
    with count_queries() as many:
        client.get(f"/records/{record.symbol}")
        client.get("/api/v1/records")
    assert len(many) == len(one)


def test_machine_draft_from_the_desk_is_unofficial(app, make_user, sign_in):
    record = publish(make_statement(make_meeting()))  # published before the service is set
    db.session.commit()
    app.config["MACHINE_TRANSLATION"] = "tests.records.test_services.machine_translate"
    client = _secretariat(make_user, sign_in)
    response = client.post(f"/secretariat/records/{record.id}/editions/ru/machine", data={})
    assert response.status_code == 302
    page = client.get(f"/records/{record.symbol}").get_data(as_text=True)
    assert "unofficial machine translation" in page
    api = client.get("/api/v1/records").get_json()["data"][0]
    ru = next(e for e in api["editions"] if e["language"] == "ru")
    assert ru["status"] == "pending" and ru["unofficial"] is True and ru["pdf_url"]


def test_desk_shows_render_progress(app, make_user, sign_in, monkeypatch):
    from portal.records import tasks

    monkeypatch.setattr(tasks, "dispatch", lambda app, ids: None)
    record = publish(make_statement(make_meeting()))
    db.session.commit()
    client = _secretariat(make_user, sign_in)
    desk = client.get("/secretariat/records").get_data(as_text=True)
    assert record.symbol in desk and "PDF queued" in desk
    assert 'http-equiv="refresh"' in desk


def test_pending_edition_shows_no_pdf(app, client):
    record = publish(make_statement(make_meeting()))
    db.session.commit()
    page = client.get(f"/records/{record.symbol}").get_data(as_text=True)
    assert "Pending" in page
    payload = client.get("/api/v1/records").get_json()["data"][0]
    assert {e["language"]: e["pdf_url"] for e in payload["editions"]}["fr"] is None


def test_a_translation_can_be_uploaded_as_a_text_file(app, make_user, sign_in):
    import io

    record = publish(make_statement(make_meeting()))
    db.session.commit()
    client = _secretariat(make_user, sign_in)
    url = f"/secretariat/records/{record.id}/editions/ru"
    text = "## Введение\r\n\r\nМы призываем государства-члены действовать.\r\n"
    response = client.post(url, data={
        "title": "Никого не оставить", "body": "", "status": "translated", "version": "1",
        "upload": (io.BytesIO(text.encode("utf-8")), "ru.txt")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    edition = db.session.scalar(db.select(Edition).where(Edition.record_id == record.id,
                                                         Edition.language == "ru"))
    assert edition.body.startswith("## Введение\n\nМы призываем") and edition.status == "translated"
    binary = client.post(f"/secretariat/records/{record.id}/editions/es", data={
        "title": "T", "body": "", "status": "translated", "version": "1",
        "upload": (io.BytesIO(b"\xff\xfe\x00bad"), "es.txt")},
        content_type="multipart/form-data")
    assert binary.status_code == 422 and "not UTF-8" in binary.get_data(as_text=True)
    damaged = client.post(f"/secretariat/records/{record.id}/editions/es", data={
        "title": "T", "body": "", "status": "translated", "version": "1",
        "upload": (io.BytesIO(b"Primera\nSegunda\x00\n"), "es.txt")},
        content_type="multipart/form-data")
    assert damaged.status_code == 422
    assert "Line 2: This line holds a NUL character" in damaged.get_data(as_text=True)
    assert db.session.scalar(db.select(Edition).where(Edition.record_id == record.id,
                                                      Edition.language == "es")).body is None
    empty = client.post(f"/secretariat/records/{record.id}/editions/es", data={
        "title": "T", "body": " ", "status": "translated", "version": "1"})
    assert empty.status_code == 422


def test_record_dates_read_as_in_the_document_of_each_language(app, client):

    record = publish(make_statement(make_meeting()))
    db.session.commit()
    chinese = client.get(f"/records/{record.symbol}", headers={"Accept-Language": "zh-CN"})
    assert "2027年7月15日" in chinese.get_data(as_text=True)
    spanish = client.get(f"/records/{record.symbol}", headers={"Accept-Language": "es"})
    assert "15 de julio de 2027" in spanish.get_data(as_text=True)


def test_the_archive_and_feed_show_the_title_in_the_readers_language(app, client):
    record = publish(make_statement(make_meeting()))
    db.session.commit()
    client.get("/language/fr")
    french = "Ne laisser personne de côté en matière d&#39;eau"
    assert french not in client.get("/records").get_data(as_text=True)  # no French yet
    translate_all(record)
    db.session.commit()
    archive = client.get("/records").get_data(as_text=True)
    assert f'<span lang="fr" dir="auto">{french}' in archive
    feed = client.get("/records/feed.atom").get_data(as_text=True)
    assert "<title>Portail MGoS : nouveaux documents officiels</title>" in feed
    assert french in feed


def test_the_desk_says_how_pdfs_are_rendered_in_words(app, make_user, sign_in):
    client = _secretariat(make_user, sign_in)
    client.get("/language/es")
    desk = client.get("/secretariat/records").get_data(as_text=True)
    assert "(thread)" not in desk and "(inline)" not in desk
    spanish = ("en un hilo del servidor web", "por los procesos de la cola Redis",
               "durante la solicitud que los pide")
    assert any(f"en segundo plano ({words})." in desk for words in spanish)
