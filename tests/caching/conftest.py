"""The portal with its page cache on, over the same database as ``app``."""
import pytest

from portal import create_app
from portal.extensions import db


@pytest.fixture
def cached_app(app):
    cached = create_app({**app.config, "PAGE_CACHE_SECONDS": 60})
    cached.test_client_class = app.test_client_class
    yield cached
    with cached.app_context():
        db.engine.dispose()


@pytest.fixture
def client(cached_app):
    return cached_app.test_client()


@pytest.fixture
def redis_app(cached_app, tmp_path):
    """The cached portal with its pages, generation copy and rate limits in one Redis."""
    from tests.servers import Redis

    redis = Redis(tmp_path / "redis").start()
    config = {**cached_app.config, "REDIS_URL": redis.url, "RATELIMIT_STORAGE_URI": redis.url}
    app = create_app(config)
    app.test_client_class = cached_app.test_client_class
    try:
        yield app, redis
    finally:
        with app.app_context():
            db.engine.dispose()
        redis.stop()
