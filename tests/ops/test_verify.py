"""`flask ops verify` recomputes every stored PDF's hash and every statement fingerprint."""
from pathlib import Path

from portal import demo
from portal.extensions import db
from portal.records.models import RenderedFile
from portal.statements.models import Statement


def _verify(app):
    return app.test_cli_runner().invoke(args=["ops", "verify"])


def test_the_demo_fingerprints_and_files_verify(app):
    demo.load()
    db.session.commit()
    submitted = db.session.scalars(
        db.select(Statement).where(Statement.fingerprint.is_not(None))).all()
    assert submitted
    result = _verify(app)
    assert result.exit_code == 0, result.output
    files = db.session.scalar(db.select(db.func.count()).select_from(RenderedFile))
    assert f"{files} stored files and {len(submitted)} statement fingerprints checked, " \
           "0 problems" in result.output


def test_a_changed_text_or_a_damaged_file_fails_verification(app):
    demo.load()
    db.session.commit()
    statement = db.session.scalars(
        db.select(Statement).where(Statement.fingerprint.is_not(None))).first()
    db.session.execute(db.update(Statement).where(Statement.id == statement.id)
                       .values(frozen_body=statement.frozen_body + " Amended."))
    pdf = next(p for p in Path(app.config["STORAGE_DIR"]).rglob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"%")
    db.session.commit()
    result = _verify(app)
    assert result.exit_code == 1
    assert f"statement {statement.id}: fingerprint" in result.output
    assert f"file {pdf.stem}: its bytes do not match" in result.output
