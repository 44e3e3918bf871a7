"""Backup and restore (deploy/backup.sh, deploy/restore.sh) on PostgreSQL.

The demo is published and rendered, backed up with pg_dump, restored with pg_restore into
a new database, and `flask ops verify` recomputes every PDF's SHA-256 and every statement's
fingerprint there.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask_migrate import upgrade

from portal import ROOT, create_app, demo
from portal.extensions import db
from portal.records.models import Edition, RenderedFile
from portal.statements.models import Statement

pytestmark = pytest.mark.deploy
SECRET_KEY = "backed-up-with-the-database"


def _published_demo(url: str, settings: dict) -> dict:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, **settings})
    with app.app_context():
        upgrade()
        demo.load()
        db.session.commit()  # renders every issued edition (inline while testing)
        counts = _counts()
        db.engine.dispose()
    return counts


def _counts() -> dict:
    count = db.func.count()
    return {
        "files": db.session.scalar(db.select(count).select_from(RenderedFile)),
        "rendered editions": db.session.scalar(
            db.select(count).select_from(Edition).where(Edition.file_id.is_not(None))),
        "fingerprints": db.session.scalar(
            db.select(count).select_from(Statement).where(Statement.fingerprint.is_not(None))),
    }


def _run(script: str, *args: str, env: dict) -> str:
    result = subprocess.run(["bash", str(ROOT / "deploy" / script), *args], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.parametrize("backend", ["database", "local"])
def test_restored_backup_verifies_every_pdf_and_fingerprint(postgres_server, tmp_path,
                                                            backend):
    source = postgres_server.create_database(f"portal_backup_{backend}")
    settings = {"STORAGE_BACKEND": backend, "STORAGE_DIR": str(tmp_path / "files"),
                "SECRET_KEY": SECRET_KEY}
    before = _published_demo(source, settings)
    assert before["files"] >= 6 and before["fingerprints"] >= 2

    env = {**os.environ, "PYTHONPATH": str(ROOT), "PORTAL_DATABASE_URL": source,
           "PORTAL_STORAGE_BACKEND": backend, "PORTAL_STORAGE_DIR": settings["STORAGE_DIR"],
           "PORTAL_SECRET_KEY": SECRET_KEY, "PORTAL_INSTANCE_DIR": str(tmp_path / "old")}
    backup = Path(_run("backup.sh", str(tmp_path / "backups"), env=env).strip())
    assert (backup / "database.dump").is_file()
    assert (backup / "secret_key").read_text().strip() == SECRET_KEY
    assert (backup / "files.tar").exists() == (backend == "local")

    # A new machine: a new, empty database, an empty files folder, no secret key yet.
    restored = postgres_server.create_database(f"portal_restored_{backend}")
    new = tmp_path / "new"
    env.update(PORTAL_DATABASE_URL=restored, PORTAL_STORAGE_DIR=str(new / "files"),
               PORTAL_INSTANCE_DIR=str(new), FLASK=str(Path(sys.executable).parent / "flask"))
    del env["PORTAL_SECRET_KEY"]
    report = _run("restore.sh", str(backup), env=env)
    assert (f"{before['files']} stored files and {before['fingerprints']} statement "
            "fingerprints checked, 0 problems") in report
    assert (new / "secret_key").read_text().strip() == SECRET_KEY

    app = create_app({"SQLALCHEMY_DATABASE_URI": restored, **settings,
                      "STORAGE_DIR": str(new / "files")})
    with app.app_context():
        assert _counts() == before
        sha = db.session.scalar(db.select(RenderedFile.sha256).limit(1))
        pdf = app.test_client().get(f"/records/files/{sha}.pdf")
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
        db.engine.dispose()
