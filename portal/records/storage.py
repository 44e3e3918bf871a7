"""Rendered PDFs on disk, addressed by the SHA-256 of their bytes.

A file is written to a temporary name in its final folder, flushed to disk, then renamed:
the rename is atomic, so a reader sees the whole file or no file, never half of one.
"""
import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app


def root() -> Path:
    return Path(current_app.config["STORAGE_DIR"]) / "records"


def path_for(sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256 digest")
    return root() / sha256[:2] / f"{sha256}.pdf"


def store(content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()
    target = path_for(digest)
    if target.exists() and target.stat().st_size == len(content):
        return digest  # same bytes already stored
    target.parent.mkdir(parents=True, exist_ok=True)
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
    return digest


def exists(sha256: str) -> bool:
    return path_for(sha256).is_file()


def is_reachable() -> bool:
    """The readiness probe's question: can this process store a file now?

    Creates the folder as ``store`` would, then writes and removes a probe file: a
    read-only or full disk answers False, whatever the folder's permission bits say.
    """
    try:
        folder = root()
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".probe-"):
            pass
    except OSError:
        return False
    return True
