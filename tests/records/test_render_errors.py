"""Render errors: stored as codes, shown in the reader's language, nothing half-rendered."""
from flask_babel import force_locale
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from portal import create_app
from portal.extensions import db
from portal.i18n import LANGUAGE_COOKIE
from portal.permissions import SECRETARIAT
from portal.records import pdf, render_errors, services
from portal.records.models import FAILED, Edition, RenderedFile
from tests.records.factories import make_meeting, make_statement, publish
from tests.test_migrations import _fresh_database


def _reload(edition_id) -> Edition:
    db.session.expire_all()
    return db.session.get(Edition, edition_id)


def test_a_missing_font_is_explained_in_the_readers_language(app, monkeypatch, make_user,
                                                             sign_in):
    monkeypatch.setattr(pdf, "_installed_fonts", lambda: {"Liberation Serif": ("x",)})
    record = publish(make_statement(make_meeting(), language="zh_Hans"))
    db.session.commit()
    edition = _reload(record.original.id)
    assert edition.render_status == FAILED and edition.render_attempts == 1
    assert edition.render_error_code == render_errors.MISSING_FONT
    assert edition.render_error_params == {"fonts": "Noto Serif CJK SC, Noto Sans CJK SC",
                                           "language": "zh_Hans"}
    client = sign_in(make_user(role=SECRETARIAT))
    client.set_cookie(LANGUAGE_COOKIE, "fr")
    desk = client.get("/secretariat/records")
    page = client.get(f"/records/{record.symbol}")
    for body in (desk.get_data(as_text=True), page.get_data(as_text=True)):
        assert "Noto Serif CJK SC" in body
        assert "La police" in body and "chinois" in body
        assert "is not installed" not in body
    # Nothing half-rendered: no file stored, no PDF served for the edition.
    assert db.session.scalar(db.select(db.func.count()).select_from(RenderedFile)) == 0
    assert client.get(f"/records/pdf/zh_Hans/{record.symbol}").status_code == 404


def test_an_edition_in_an_unknown_language_is_refused_with_a_reason(app, make_user, sign_in):
    record = publish(make_statement(make_meeting()))
    german = Edition(language="de", position=9, status="translated", title="Titel",
                     body="Text.")
    record.editions.append(german)
    db.session.flush()
    services.queue_render(record, [german])
    db.session.commit()
    edition = _reload(german.id)
    assert edition.render_status == FAILED and edition.render_attempts == 1
    assert edition.render_error_code == render_errors.UNKNOWN_LANGUAGE
    assert edition.file_id is None
    with force_locale("es"):
        assert "alemán" in render_errors.message(edition.render_error_code,
                                                 edition.render_error_params)


def test_an_unknown_code_reads_as_a_failure_in_the_readers_language(app):
    with force_locale("ru"):
        generic = render_errors.message("no_such_code", {"x": 1})
        assert generic == render_errors.message(render_errors.RENDER_FAILED)
        assert "PDF" in generic and "could not" not in generic


STORED_BEFORE = [
    ("en", "The rendering stopped without finishing on every attempt (the process died)."),
    ("fr", "RuntimeError: layout exploded"),
    ("es", None),
]


def test_errors_stored_in_english_become_codes_when_migrated(app, tmp_path):
    url = _fresh_database(app, tmp_path)
    migrated = create_app({**app.config, "SQLALCHEMY_DATABASE_URI": url})
    with migrated.app_context():
        upgrade(revision="0006_perf")
        db.session.execute(text(
            "INSERT INTO meeting (id, slug, names, organs, sessions, starts_on, ends_on, "
            "agenda_symbol, symbol_pattern, profile_family, created_at) VALUES (1, 'm', "
            "'{}', '{}', '{}', '2027-07-01', '2027-07-02', 'E/1', 'E/{n}', 'default', "
            "'2027-01-01')"))
        db.session.execute(text(
            "INSERT INTO record (id, symbol, kind, meeting_id, title, original_language, "
            "distribution, published_on, published_at, job_number) VALUES (1, 'E/1', "
            "'statement', 1, 'T', 'en', 'general', '2027-07-01', '2027-07-01', '27-00001')"))
        for number, (language, error) in enumerate(STORED_BEFORE, start=1):
            db.session.execute(text(
                "INSERT INTO record_edition (id, record_id, language, position, status, "
                "machine_translated, version, updated_at, render_status, render_attempts, "
                "render_error) VALUES (:id, 1, :language, :id, 'original', false, 1, "
                "'2027-01-01', 'failed', 3, :error)"),
                {"id": number, "language": language, "error": error})
        db.session.commit()
        db.session.remove()
        upgrade()
        rows = db.session.execute(text(
            "SELECT language, render_error_code, render_error FROM record_edition "
            "ORDER BY id")).all()
        assert [tuple(row) for row in rows] == [
            (language, code, error) for (language, error), code
            in zip(STORED_BEFORE, ["interrupted", "render_failed", None], strict=True)]
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()
