"""Integrity checks an operator runs after a restore: stored files and fingerprints.

Every rendered PDF is read back from the files store and hashed; every submitted
statement's fingerprint is recomputed from its frozen text with the one canonical form
(``portal.statements.services.fingerprint_of``).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from portal.extensions import db
from portal.records import storage
from portal.records.models import RenderedFile
from portal.statements.models import Statement
from portal.statements.services import fingerprint_of


@dataclass
class Report:
    files: int
    statements: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify() -> Report:
    files = db.session.execute(db.select(RenderedFile.sha256, RenderedFile.size)
                               .order_by(RenderedFile.id)).all()
    statements = db.session.execute(
        db.select(Statement.id, Statement.frozen_title, Statement.frozen_body,
                  Statement.fingerprint)
        .where(Statement.fingerprint.is_not(None)).order_by(Statement.id)).all()
    problems = [problem for sha256, size in files if (problem := _file_problem(sha256, size))]
    problems += [problem for row in statements if (problem := _fingerprint_problem(*row))]
    return Report(files=len(files), statements=len(statements), problems=problems)


def _file_problem(sha256: str, size: int) -> str | None:
    content = storage.read(sha256)
    if content is None:
        return f"file {sha256}: missing from the files store"
    if hashlib.sha256(content).hexdigest() != sha256 or len(content) != size:
        return f"file {sha256}: its bytes do not match their SHA-256 or size"
    return None


def _fingerprint_problem(statement_id, title, body, fingerprint) -> str | None:
    if fingerprint_of(title or "", body or "") != fingerprint:
        return f"statement {statement_id}: fingerprint {fingerprint} does not match its text"
    return None
