import pytest

from portal.extensions import db
from tests.world import PASSWORD, build_world


@pytest.fixture
def world(app):
    return build_world()


@pytest.fixture
def client_for(app):
    """A separate signed-in browser for each account."""

    def make(user):
        browser = app.test_client()
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
