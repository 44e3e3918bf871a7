from datetime import date

import pytest

from portal.extensions import db
from portal.records import services
from portal.records.models import ORIGINAL, PENDING, RENDERED, TRANSLATED, Record
from portal.statements.models import PUBLISHED
from tests.records.factories import make_meeting, make_statement, publish, translate_all


def test_publishing_numbers_records_from_the_meeting_pattern(app):
    meeting = make_meeting()
    first = publish(make_statement(meeting))
    second = publish(make_statement(meeting, language="fr"))
    db.session.commit()
    assert (first.symbol, second.symbol) == ("E/HLPF/2027/NGO/1", "E/HLPF/2027/NGO/2")
    assert first.job_number == "27-00001" and second.job_number == "27-00002"
    assert first.statement.status == PUBLISHED
    statuses = {e.language: e.status for e in second.editions}
    assert statuses == {"fr": ORIGINAL, "en": PENDING, "es": PENDING, "ru": PENDING,
                        "zh_Hans": PENDING, "ar": PENDING}
    # Only the original has a text, so only it is rendered.
    assert second.edition("fr").render_status == RENDERED
    assert second.edition("en").render_status == "none"


def test_a_statement_is_published_once(app):
    statement = make_statement(make_meeting())
    publish(statement)
    with pytest.raises(services.Refused):
        publish(statement)


def test_a_number_taken_concurrently_is_skipped_not_reused(app, monkeypatch):
    meeting = make_meeting()
    publish(make_statement(meeting))
    # Another publisher took number 2 between our read and our insert.
    real = services._next_sequence
    calls = []

    def stale(meeting_id):
        calls.append(1)
        return 1 if len(calls) == 1 else real(meeting_id)

    monkeypatch.setattr(services, "_next_sequence", stale)
    record = publish(make_statement(meeting))
    db.session.commit()
    assert record.symbol == "E/HLPF/2027/NGO/2"
    assert len(calls) == 2


def test_corrections_revisions_and_addenda_extend_the_parent_symbol(app):
    parent = publish(make_statement(make_meeting()))
    corr1 = services.issue_suffix(parent, "corrigendum", title="T", body="Replace para. 2.",
                                  note=None, published_on=date(2027, 7, 20), user=None)
    corr2 = services.issue_suffix(parent, "corrigendum", title="T", body="Again.",
                                  note=None, published_on=date(2027, 7, 21), user=None)
    rev = services.issue_suffix(parent, "revision", title="T", body="New text.", note=None,
                                published_on=date(2027, 7, 21), user=None)
    db.session.commit()
    assert [corr1.symbol, corr2.symbol, rev.symbol] == [
        "E/HLPF/2027/NGO/1/Corr.1", "E/HLPF/2027/NGO/1/Corr.2", "E/HLPF/2027/NGO/1/Rev.1"]
    assert parent.children == [corr1, corr2, rev]
    assert parent.original.body.startswith("## Introduction")


def test_translations_are_final_once_issued(app):
    record = publish(make_statement(make_meeting()))
    edition = record.edition("fr")
    services.save_translation(edition, title="Titre", body="Texte.", status=TRANSLATED,
                              translator_note="Traduit par le secrétariat", version=1,
                              user=None)
    db.session.commit()
    assert edition.status == TRANSLATED and edition.render_status == RENDERED
    with pytest.raises(services.Refused, match="cannot change"):
        services.save_translation(edition, title="X", body="Y", status=TRANSLATED,
                                  translator_note=None, version=edition.version, user=None)
    with pytest.raises(services.Refused, match="original"):
        services.save_translation(record.original, title="X", body="Y", status=TRANSLATED,
                                  translator_note=None, version=record.original.version,
                                  user=None)


def test_a_stale_form_is_refused(app):
    record = publish(make_statement(make_meeting()))
    edition = record.edition("es")
    services.save_translation(edition, title="Borrador", body="...", status=PENDING,
                              translator_note=None, version=1, user=None)
    with pytest.raises(services.Refused, match="meantime"):
        services.save_translation(edition, title="Otro", body="...", status=PENDING,
                                  translator_note=None, version=1, user=None)


def machine_translate(text, source, target):
    return f"[{target}] {text}"


def test_machine_translation_prefills_unofficial_drafts_when_configured(app):
    app.config["MACHINE_TRANSLATION"] = "tests.records.test_services:machine_translate"
    record = publish(make_statement(make_meeting()))
    db.session.commit()
    russian = record.edition("ru")
    assert russian.status == PENDING and russian.machine_translated
    assert russian.body.startswith("[ru] ")
    assert russian.is_public and russian.render_status == RENDERED


def test_machine_translation_is_off_by_default(app):
    record = publish(make_statement(make_meeting()))
    assert not any(e.machine_translated for e in record.editions)
    with pytest.raises(services.Refused):
        services.prefill_machine(record.edition("ru"), user=None)


def test_compilation_orders_statements_by_agenda_item_then_group(app):
    meeting = make_meeting()
    later_item = publish(make_statement(meeting, item=1))
    farmers = publish(make_statement(meeting, group_slug="farmers"))
    women = publish(make_statement(meeting))
    translate_all(women)
    compilation = services.compile_statements(meeting, original_language="en",
                                              published_on=date(2027, 7, 16),
                                              agenda_symbol="E/HLPF/2027/1", user=None)
    db.session.commit()
    assert [e["record_id"] for e in compilation.contents] == [women.id, farmers.id,
                                                              later_item.id]
    assert compilation.symbol == "E/HLPF/2027/NGO/4"
    assert compilation.contents[0]["figures"]["length"]["passed"] is True
    assert all(e.render_status == RENDERED for e in compilation.editions)
    # Farmers' statement has no French edition yet: the French compilation is pending.
    assert compilation.edition("fr").status == PENDING
    assert db.session.scalar(db.select(db.func.count()).select_from(Record)) == 4


def test_a_new_translation_completes_the_compilations_that_include_it(app):
    meeting = make_meeting()
    women = publish(make_statement(meeting))
    compilation = services.compile_statements(meeting, original_language="en",
                                              published_on=date(2027, 7, 16),
                                              agenda_symbol=None, user=None)
    db.session.commit()
    assert compilation.edition("fr").status == PENDING
    french = women.edition("fr")
    services.save_translation(french, title="Titre", body="Nous appelons à agir.",
                              status=TRANSLATED, translator_note=None,
                              version=french.version, user=None)
    db.session.commit()
    db.session.expire_all()
    assert compilation.edition("fr").status == TRANSLATED
    assert compilation.edition("fr").render_status == RENDERED
    assert compilation.edition("es").status == PENDING


def test_published_text_cannot_be_edited_in_place_even_by_code(app):
    from portal.records.models import PublishedRecordChanged

    record = publish(make_statement(make_meeting()))
    db.session.commit()
    record.title = "A quieter title"
    with pytest.raises(PublishedRecordChanged, match="title"):
        db.session.flush()
    db.session.rollback()
    record.original.body = "Rewritten."
    with pytest.raises(PublishedRecordChanged, match="body"):
        db.session.flush()
    db.session.rollback()
    db.session.delete(record)
    with pytest.raises(PublishedRecordChanged):
        db.session.flush()
    db.session.rollback()
    # A pending edition takes its translation, and render bookkeeping may change.
    spanish = record.edition("es")
    spanish.title, spanish.body = "Título", "Texto."
    record.original.render_attempts += 1
    db.session.flush()


def test_two_secretaries_publishing_at_once_get_different_numbers(app, monkeypatch):
    import threading

    from portal.records.models import Record as RecordModel
    from portal.statements.models import Statement

    meeting = make_meeting()
    ids = [make_statement(meeting).id, make_statement(meeting, language="fr").id]
    db.session.commit()
    real = services._next_sequence
    both_read = threading.Barrier(2, timeout=10)
    first_read = threading.local()

    reads = []
    # On SQLite the first publication's write lock makes the second wait: they cannot both
    # read the same number, so only PostgreSQL's row locks let them race to the unique key.
    racing = app.backend == "postgresql"

    def read_together(meeting_id):
        number = real(meeting_id)
        reads.append(number)
        if racing and not getattr(first_read, "done", False):
            first_read.done = True
            both_read.wait()  # both have read the same "next free" number
        return number

    monkeypatch.setattr(services, "_next_sequence", read_together)
    errors = []

    def secretary(statement_id):
        try:
            with app.app_context():
                statement = db.session.get(Statement, statement_id)
                publish(statement)
                db.session.commit()
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=secretary, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    symbols = sorted(db.session.scalars(db.select(RecordModel.symbol)).all())
    assert symbols == ["E/HLPF/2027/NGO/1", "E/HLPF/2027/NGO/2"]
    # The loser read again after the unique key refused its number.
    assert sorted(reads) == ([1, 1, 2] if racing else [1, 2])
