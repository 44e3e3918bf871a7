"""The files store: rendered PDFs addressed by the SHA-256 of their bytes.

Two backends, chosen by ``STORAGE_BACKEND``:

- ``local`` (the default): files under ``STORAGE_DIR``, served with ``send_file``. A file
  is written to a temporary name in its final folder, flushed to disk, then renamed: the
  rename is atomic, so a reader sees the whole file or no file, never half of one.
- ``database``: rows of the ``file_blob`` table in the portal's own database, so every web
  machine reads the same files without a shared disk. The row is written in the caller's
  transaction: it commits with the record that points at it, or not at all.

A store that cannot be reached raises ``StoreUnavailable``: downloads answer 503 and the
renderer tries again later.
"""
from __future__ import annotations

import hashlib
import importlib
import io
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from flask import current_app, send_file
from sqlalchemy.exc import DBAPIError, IntegrityError

from portal.extensions import db
from portal.timeutil import utcnow

BACKENDS = ("local", "database")


class StoreUnavailable(Exception):
    """The files store cannot be reached right now (disk gone, database down)."""


def check_digest(sha256: str) -> str:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256 digest")
    return sha256


class LocalStore:
    def __init__(self, folder: str | Path):
        self.root = Path(folder) / "records"

    def path_for(self, sha256: str) -> Path:
        return self.root / check_digest(sha256)[:2] / f"{sha256}.pdf"

    def store(self, content: bytes) -> str:
        digest = hashlib.sha256(content).hexdigest()
        target = self.path_for(digest)
        try:
            if target.exists() and target.stat().st_size == len(content):
                return digest  # same bytes already stored
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(target, content)
        except OSError as error:
            raise StoreUnavailable(str(error)) from error
        return digest

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def reachable(self) -> bool:
        # Writing a probe file answers for a read-only or full disk too, whatever the
        # folder's permission bits say.
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.root, prefix=".probe-"):
                pass
        except OSError:
            return False
        return True

    def read(self, sha256: str) -> bytes | None:
        try:
            return self.path_for(sha256).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StoreUnavailable(str(error)) from error

    def send(self, sha256: str, filename: str):
        """A response with the file, or None when it is not stored."""
        path = self.path_for(sha256)
        try:
            if not path.is_file():
                return None
            return _send(path, filename)
        except OSError as error:
            raise StoreUnavailable(str(error)) from error


def _write_atomically(target: Path, content: bytes) -> None:
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".partial-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class DatabaseStore:
    """Blobs in the ``file_blob`` table, written in the current transaction."""

    def store(self, content: bytes) -> str:
        from portal.records.models import FileBlob

        digest = hashlib.sha256(content).hexdigest()
        with _database_errors():
            if not self.exists(digest):
                # Another worker may store the same bytes at the same moment: identical
                # content, so its row is as good as ours.
                db.session.execute(_insert_or_ignore(FileBlob).values(
                    sha256=digest, size=len(content), content=content, created_at=utcnow()))
        return digest

    def exists(self, sha256: str) -> bool:
        from portal.records.models import FileBlob

        with _database_errors():
            return db.session.scalar(
                db.select(FileBlob.sha256).where(FileBlob.sha256 == check_digest(sha256))
            ) is not None

    def reachable(self) -> bool:
        from portal.records.models import FileBlob

        try:
            db.session.execute(db.select(FileBlob.sha256).limit(1))
        except DBAPIError:
            db.session.rollback()
            return False
        return True

    def read(self, sha256: str) -> bytes | None:
        from portal.records.models import FileBlob

        with _database_errors():
            return db.session.scalar(
                db.select(FileBlob.content).where(FileBlob.sha256 == check_digest(sha256)))

    def send(self, sha256: str, filename: str):
        content = self.read(sha256)
        if content is None:
            return None
        return _send(io.BytesIO(content), filename)


def _send(source, filename: str):
    # Range requests work; the caller sets the ETag (the SHA-256) and Cache-Control.
    return send_file(source, mimetype="application/pdf", download_name=filename,
                     conditional=True, etag=False, last_modified=None, max_age=None)


def _insert_or_ignore(model):
    dialect = db.session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        module = importlib.import_module(f"sqlalchemy.dialects.{dialect}")
        return module.insert(model).on_conflict_do_nothing()
    return db.insert(model)  # elsewhere a lost race fails the render, which is retried


@contextmanager
def _database_errors():
    """Turns a lost database connection into ``StoreUnavailable``."""
    try:
        yield
    except IntegrityError:
        raise
    except DBAPIError as error:
        raise StoreUnavailable(str(error.orig)) from error


def current() -> LocalStore | DatabaseStore:
    backend = current_app.config.get("STORAGE_BACKEND", "local")
    if backend == "database":
        return DatabaseStore()
    if backend == "local":
        return LocalStore(current_app.config["STORAGE_DIR"])
    raise ValueError(f"PORTAL_STORAGE_BACKEND must be one of {BACKENDS}, not {backend!r}")


def reachable() -> bool:
    """Whether files can be stored and read now (for a readiness check)."""
    return current().reachable()


def store(content: bytes) -> str:
    return current().store(content)


def exists(sha256: str) -> bool:
    return current().exists(sha256)


def read(sha256: str) -> bytes | None:
    return current().read(sha256)


def send(sha256: str, filename: str):
    return current().send(sha256, filename)


def path_for(sha256: str) -> Path:
    """Where the local store keeps a file (tests and benchmarks read it directly)."""
    return LocalStore(current_app.config["STORAGE_DIR"]).path_for(sha256)


def root() -> Path:
    return LocalStore(current_app.config["STORAGE_DIR"]).root
