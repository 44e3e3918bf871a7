"""Settings come from PORTAL_* environment variables with safe defaults."""
import threading
from concurrent.futures import ThreadPoolExecutor

from portal import create_app


def test_environment_sets_database_base_url_and_optional_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    monkeypatch.setenv("PORTAL_BASE_URL", "https://mgos.example.org")
    monkeypatch.setenv("PORTAL_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("PORTAL_DISCLOSURE_MAX_AGE_DAYS", "180")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("x.sqlite3")
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SESSION_COOKIE_SECURE"] is True  # https base URL
    assert app.config["DISCLOSURE_MAX_AGE_DAYS"] == "180"


def test_secret_key_is_generated_once_into_the_instance_folder(monkeypatch, tmp_path):
    from portal import config

    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    first = config._secret_key(tmp_path)
    assert len(first) == 64 and (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert config._secret_key(tmp_path) == first


def test_workers_starting_together_share_one_whole_secret_key(monkeypatch, tmp_path):
    """gunicorn's workers boot at once: none may fail, read half a key or make its own."""
    from portal import config

    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    for attempt in range(20):
        folder = tmp_path / str(attempt)
        folder.mkdir()
        together = threading.Barrier(8)

        def boot(folder=folder, together=together):
            together.wait()
            return config._secret_key(folder)

        with ThreadPoolExecutor(8) as pool:
            keys = {future.result() for future in [pool.submit(boot) for _ in range(8)]}
        assert len(keys) == 1 and len(keys.pop()) == 64
        assert [path.name for path in folder.iterdir()] == ["secret_key"]
