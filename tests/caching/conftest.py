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
