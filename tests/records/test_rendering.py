"""Background rendering: retries, failures reported, nothing half-stored, re-render on change."""
import os
from pathlib import Path

import pytest

from portal import jobs
from portal.extensions import db
from portal.permissions import SECRETARIAT
from portal.records import pdf, rendering, storage, tasks
from portal.records.models import FAILED, QUEUED, RENDERED, Edition, Record, RenderedFile
from tests import servers
from tests.records.factories import make_meeting, make_statement, publish


def _files(app) -> list[Path]:
    return sorted(Path(app.config["STORAGE_DIR"]).rglob("*"))


def _edition(edition_id) -> Edition:
    db.session.expire_all()
    return db.session.get(Edition, edition_id)


def test_a_missing_font_fails_clearly_and_leaves_the_record_published(app, monkeypatch,
                                                                      make_user, sign_in):
    monkeypatch.setattr(pdf, "_installed_fonts", lambda: {"DejaVu Sans": ("x",)})
    record = publish(make_statement(make_meeting(), language="zh_Hans"))
    db.session.commit()
    edition = _edition(record.original.id)
    assert edition.render_status == FAILED
    assert "Noto Serif CJK SC" in edition.render_error
    assert edition.render_attempts == 1  # a missing font is not retried
    assert db.session.scalar(db.select(Record.symbol)) == "E/HLPF/2027/NGO/1"
    assert db.session.scalar(db.select(db.func.count()).select_from(RenderedFile)) == 0
    desk = sign_in(make_user(role=SECRETARIAT)).get("/secretariat/records")
    assert "Noto Serif CJK SC" in desk.get_data(as_text=True)


def test_a_failing_render_is_retried_then_succeeds(app, monkeypatch):
    real = rendering.render_edition
    calls = []

    def flaky(edition):
        calls.append(edition.id)
        if len(calls) == 1:
            raise OSError("disk hiccup")
        return real(edition)

    monkeypatch.setattr(rendering, "render_edition", flaky)
    record = publish(make_statement(make_meeting()))
    db.session.commit()
    edition = _edition(record.original.id)
    assert edition.render_status == RENDERED and edition.render_attempts == 2
    assert edition.render_error is None


def test_a_render_that_keeps_failing_is_reported_and_stores_nothing(app, monkeypatch):
    def broken_pdf(html, assets=None):
        raise RuntimeError("layout exploded")

    monkeypatch.setattr(pdf, "html_to_pdf_with_pages", broken_pdf)
    record = publish(make_statement(make_meeting()))
    db.session.commit()
    edition = _edition(record.original.id)
    assert edition.render_status == FAILED and edition.render_attempts == 3
    assert "layout exploded" in edition.render_error
    assert not [p for p in _files(app) if p.is_file()]


def test_storage_never_leaves_half_a_file(app, monkeypatch):
    def crash(src, dst):
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(storage.StoreUnavailable):
        storage.store(b"%PDF-1.7 not really")
    assert not [p for p in _files(app) if p.is_file()]
    monkeypatch.undo()
    digest = storage.store(b"%PDF-1.7 not really")
    assert storage.path_for(digest).read_bytes() == b"%PDF-1.7 not really"
    assert not list(storage.root().rglob(".partial-*"))


def test_rendered_again_only_when_something_it_depends_on_changes(app, monkeypatch):
    record = publish(make_statement(make_meeting()))
    db.session.commit()
    edition = _edition(record.original.id)
    first_key = edition.file.dependency_key
    assert rendering.render_edition(edition) == "unchanged"
    monkeypatch.setattr(pdf, "TEMPLATE_VERSION", "next")
    assert rendering.render_edition(edition) == "rendered"
    db.session.commit()
    assert _edition(edition.id).file.dependency_key != first_key
    assert rendering.render_edition(_edition(edition.id)) == "unchanged"
    monkeypatch.setattr(pdf, "fonts_fingerprint", lambda language: "upgraded fonts")
    assert rendering.render_edition(_edition(edition.id)) == "rendered"


def test_nothing_is_rendered_when_publishing_rolls_back(app, monkeypatch):
    started = []
    monkeypatch.setattr(tasks, "dispatch", lambda app, ids: started.extend(ids))
    publish(make_statement(make_meeting()))
    db.session.rollback()
    assert started == []
    assert db.session.scalar(db.select(db.func.count()).select_from(Record)) == 0


def test_thread_pool_renders_after_commit(app):
    app.config["RECORDS_RENDER_MODE"] = "thread"
    record = publish(make_statement(make_meeting()))
    edition_id = record.original.id
    assert record.original.render_status == QUEUED
    db.session.commit()
    tasks.wait_for_threads()
    assert _edition(edition_id).render_status == RENDERED


def test_cli_renders_with_a_progress_bar(app, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(tasks, "dispatch", lambda app, ids: None)  # publish only queues
        record = publish(make_statement(make_meeting()))
        edition_id = record.original.id
        db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["records", "render"])
    assert result.exit_code == 0, result.output
    assert "Rendering PDF editions" in result.output and "1 rendered" in result.output
    assert _edition(edition_id).render_status == RENDERED
    again = runner.invoke(args=["records", "render", "--all"])
    assert "1 unchanged" in again.output


@pytest.fixture
def redis_url(tmp_path):
    server = servers.Redis(tmp_path / "redis").start()
    yield server.url
    server.stop()


def test_rq_workers_render_when_redis_is_configured(app, redis_url, monkeypatch):
    from redis import Redis
    from rq import SimpleWorker

    app.config.update(REDIS_URL=redis_url, RECORDS_RENDER_MODE=None, TESTING=False)
    assert tasks.mode(app) == "rq"
    record = publish(make_statement(make_meeting()))
    edition_id = record.original.id
    db.session.commit()
    queue = tasks.rq_queue(app)
    assert queue.count == 1
    monkeypatch.setattr(jobs, "_worker_app", app)
    SimpleWorker([queue], connection=Redis.from_url(redis_url)).work(burst=True)
    app.config["TESTING"] = True
    assert _edition(edition_id).render_status == RENDERED


def test_renders_wait_for_the_outer_commit_not_a_savepoint(app, monkeypatch):
    started = []
    monkeypatch.setattr(tasks, "dispatch", lambda app, ids: started.append(list(ids)))
    meeting = make_meeting()
    first = publish(make_statement(meeting))
    second = publish(make_statement(meeting))  # its number is taken inside a savepoint
    assert started == []
    db.session.commit()
    assert started == [[first.original.id, second.original.id]]


def test_a_queue_that_is_down_leaves_the_record_published_and_queued(app, client, make_user,
                                                                     sign_in, monkeypatch):
    def down(app, ids):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks, "dispatch", down)
    statement = make_statement(make_meeting())
    db.session.commit()
    sign_in(make_user(role="secretariat"))
    response = client.post(f"/secretariat/records/publish/{statement.id}",
                           data={"published_on": "2027-07-15", "confirm": "y"})
    assert response.status_code == 302
    record = db.session.scalar(db.select(Record))
    assert record.symbol == "E/HLPF/2027/NGO/1" and record.original.render_status == QUEUED
