"""The files store: local folder or database rows, chosen by STORAGE_BACKEND."""
import errno
from pathlib import Path

import pytest

from portal.extensions import db
from portal.records import storage
from portal.records.models import FAILED, RENDERED, Edition, FileBlob, RenderedFile
from tests.records.factories import make_meeting, make_statement, publish


def _stored_on_disk(app) -> list[Path]:
    return [p for p in Path(app.config["STORAGE_DIR"]).rglob("*") if p.is_file()]


def test_database_store_serves_pdfs_without_any_file_on_disk(app, client):
    app.config["STORAGE_BACKEND"] = "database"
    record = publish(make_statement(make_meeting()))
    db.session.commit()
    sha = record.original.file.sha256
    response = client.get(f"/records/pdf/en/{record.symbol}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.headers["ETag"] == f'"{sha}"'
    stored = client.get(f"/records/files/{sha}.pdf")
    assert stored.data == response.data
    assert stored.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get(f"/records/files/{sha}.pdf",
                      headers={"If-None-Match": f'"{sha}"'}).status_code == 304
    assert _stored_on_disk(app) == []
    assert db.session.get(FileBlob, sha).size == len(response.data)


def test_database_store_writes_nothing_when_the_transaction_rolls_back(app):
    app.config["STORAGE_BACKEND"] = "database"
    digest = storage.store(b"%PDF-1.7 half done")
    assert storage.exists(digest)
    db.session.rollback()  # a crash before the commit
    assert not storage.exists(digest)
    assert storage.read(digest) is None
    digest = storage.store(b"%PDF-1.7 whole")
    assert storage.store(b"%PDF-1.7 whole") == digest  # the same bytes are stored once
    db.session.commit()
    assert storage.read(digest) == b"%PDF-1.7 whole"
    assert db.session.scalar(db.select(db.func.count()).select_from(FileBlob)) == 1


def test_unreachable_store_answers_503_with_retry_after(app, client, monkeypatch):
    record = publish(make_statement(make_meeting()))
    db.session.commit()

    def disk_gone(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(storage, "send_file", disk_gone)
    response = client.get(f"/records/pdf/en/{record.symbol}")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert "documents store cannot be reached" in response.get_data(as_text=True)


def test_unknown_backend_is_refused_clearly(app):
    app.config["STORAGE_BACKEND"] = "floppy"
    with pytest.raises(ValueError, match="PORTAL_STORAGE_BACKEND"):
        storage.store(b"x")


def test_render_into_an_unreachable_store_is_reported_then_done_later(app, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("the files volume is not mounted")
    app.config["STORAGE_DIR"] = str(blocked)
    record = publish(make_statement(make_meeting()))
    db.session.commit()
    db.session.expire_all()
    edition_id = record.original.id  # the command below ends this session
    edition = db.session.get(Edition, edition_id)
    assert edition.render_status == FAILED and edition.file_id is None
    assert db.session.scalar(db.select(db.func.count()).select_from(RenderedFile)) == 0

    app.config["STORAGE_DIR"] = str(tmp_path / "mounted")  # the volume is back
    result = app.test_cli_runner().invoke(args=["records", "render"])
    assert "1 rendered" in result.output, result.output
    db.session.expire_all()
    assert db.session.get(Edition, edition_id).render_status == RENDERED


def test_readiness_says_whether_the_store_can_be_used(app, tmp_path):
    assert storage.reachable()
    app.config["STORAGE_BACKEND"] = "database"
    assert storage.reachable()
    app.config["STORAGE_BACKEND"] = "local"
    blocked = tmp_path / "unmounted"
    blocked.write_text("not a folder")
    app.config["STORAGE_DIR"] = str(blocked)
    assert not storage.reachable()
