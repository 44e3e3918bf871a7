import pytest
from flask import g

from portal.extensions import db
from tests.conftest import FormClient
from tests.world import PASSWORD, build_world

# Per-request state Flask keeps on ``g``. The ``app`` fixture holds one application
# context for the whole test, so without this the signed-in user, the CSRF token and
# the locale of one request would leak into the next (and from one browser to another).
REQUEST_STATE = ("_login_user", "csrf_token", "_flask_babel")


class FreshClient(FormClient):
    def open(self, *args, **kwargs):
        for key in REQUEST_STATE:
            g.pop(key, None)
        try:
            return super().open(*args, **kwargs)
        finally:
            for key in REQUEST_STATE:
                g.pop(key, None)


@pytest.fixture
def client(app):
    return FreshClient(app, app.response_class, use_cookies=True)


@pytest.fixture
def world(app):
    return build_world()


@pytest.fixture
def client_for(app):
    """A separate signed-in browser for each account."""

    def make(user):
        browser = FreshClient(app, app.response_class, use_cookies=True)
        response = browser.post("/sign-in", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302
        return browser

    return make


@pytest.fixture
def fresh():
    """Re-read objects from the database after a request changed them."""

    def read(model, ident):
        db.session.expire_all()
        return db.session.get(model, ident)

    return read



@pytest.fixture
def in_language():
    def get(browser, url, code):
        browser.get(f"/language/{code}")
        return browser.get(url).get_data(as_text=True)

    return get
