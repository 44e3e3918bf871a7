"""Configuration from environment variables, with safe defaults.

Every setting can be given as an environment variable named ``PORTAL_<NAME>``
(for example ``PORTAL_DATABASE_URL``). Nothing secret lives in the repository:
when no secret key is given, one is generated once into the instance folder.
"""
import contextlib
import os
import secrets
import tempfile
from pathlib import Path

DEFAULTS = {
    "BASE_URL": "http://127.0.0.1:5000",
    "MAIL_SENDER": "MGoS Portal <no-reply@localhost>",
    "MAIL_SMTP_HOST": "",
    "MAIL_SMTP_PORT": "587",
    "MAIL_SMTP_USER": "",
    "MAIL_SMTP_PASSWORD": "",
    "MAIL_SMTP_TLS": "1",
    "MAIL_LIMIT_PER_RECIPIENT": "3",
    "MAIL_LIMIT_PER_ADDRESS": "20",
    "MAIL_LIMIT_WINDOW_SECONDS": "3600",
    "SIGNIN_MAX_ATTEMPTS": "5",
    "SIGNIN_ADDRESS_MAX_ATTEMPTS": "50",
    "SIGNIN_MAX_DELAY_SECONDS": "900",
    "SIGNIN_WINDOW_SECONDS": "86400",
    "TRUSTED_PROXIES": "0",
    "TOKEN_MAX_AGE_SECONDS": "3600",
    "REDIS_URL": "",
    "STORAGE_BACKEND": "local",
    "TIMEZONE": "UTC",
    "LOG_FORMAT": "json",
    "LOG_LEVEL": "INFO",
    "METRICS_ALLOWED": "127.0.0.1/32,::1/128",
}


# Settings whose defaults live with the code that reads them; the environment may set them.
OPTIONAL = (
    "DISCLOSURE_MAX_AGE_DAYS", "OP_TARGET", "OP_MIN_LANGUAGES",
    "RECORDS_LOGO", "RECORDS_RENDER_MODE", "RECORDS_RENDER_WORKERS", "RECORDS_RENDER_ATTEMPTS",
    "MACHINE_TRANSLATION", "API_RATE_LIMIT_ADDRESS", "API_RATE_LIMIT_TOKEN",
    "API_MAX_CONTENT_LENGTH", "IMPORT_BACKGROUND_ROWS", "IMPORT_MODE",
    "RECORDS_RENDER_LEASE_SECONDS", "SQLITE_BUSY_SECONDS",
    "PAGE_CACHE_SECONDS", "PAGE_MAX_AGE",
    "NOTIFY_MODE", "NOTIFY_ATTEMPTS", "NOTIFY_RETRY_SECONDS", "MAIL_SMTP_TIMEOUT",
)


def _env(name, default=None):
    return os.environ.get(f"PORTAL_{name}", default)


def _secret_key(instance_path: Path) -> str:
    given = _env("SECRET_KEY")
    if given:
        return given
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        _create_once(key_file, secrets.token_hex(32))  # restarts keep sessions valid
    return key_file.read_text().strip()


def _create_once(target: Path, text: str) -> None:
    """Create ``target`` (owner-only) holding ``text``, unless another process did first.

    Written whole under a temporary name, then linked into place: gunicorn's workers booting
    together all read the one key, and a process killed while writing leaves no empty key.
    """
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # the first one linked is the key
            os.link(temporary, target)
    finally:
        os.unlink(temporary)


def load(app) -> None:
    """Fill ``app.config`` from the environment; tests override afterwards."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    cfg = {name: _env(name, value) for name, value in DEFAULTS.items()}
    cfg.update({name: _env(name) for name in OPTIONAL if _env(name) is not None})
    cfg["SECRET_KEY"] = _secret_key(instance)
    cfg["SQLALCHEMY_DATABASE_URI"] = _env(
        "DATABASE_URL", f"sqlite:///{instance / 'portal.sqlite3'}"
    )
    cfg["STORAGE_DIR"] = _env("STORAGE_DIR", str(instance / "files"))
    # Several instances share rate-limit counters through Redis once there is one.
    cfg["RATELIMIT_STORAGE_URI"] = _env("RATELIMIT_STORAGE_URI", cfg["REDIS_URL"] or "memory://")
    # While Redis is unreachable each process counts on its own rather than failing requests.
    cfg["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] = True
    cfg["MAIL_OUTBOX_DIR"] = _env("MAIL_OUTBOX_DIR", str(instance / "outbox"))
    secure = cfg["BASE_URL"].startswith("https://")
    cfg.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=int(_env("MAX_CONTENT_LENGTH", str(8 * 1024 * 1024))),
        BABEL_DEFAULT_LOCALE="en",
        BABEL_DEFAULT_TIMEZONE=cfg["TIMEZONE"],
        BABEL_TRANSLATION_DIRECTORIES=str(Path(app.root_path).parent / "translations"),
        # Errors and logs show the SQL, never its parameters (passwords, user text).
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "hide_parameters": True},
    )
    for int_key in ("SIGNIN_MAX_ATTEMPTS", "SIGNIN_ADDRESS_MAX_ATTEMPTS",
                    "SIGNIN_MAX_DELAY_SECONDS", "SIGNIN_WINDOW_SECONDS", "TRUSTED_PROXIES",
                    "TOKEN_MAX_AGE_SECONDS", "MAIL_SMTP_PORT", "MAIL_LIMIT_PER_RECIPIENT",
                    "MAIL_LIMIT_PER_ADDRESS", "MAIL_LIMIT_WINDOW_SECONDS"):
        cfg[int_key] = int(cfg[int_key])
    app.config.update(cfg)
