"""Every form route refuses a request without the CSRF token, and changes nothing."""
import importlib

import pytest

from tests.test_permissions import TABLE_MODULES
from tests.world import PASSWORD, build_world


def _post_routes():
    for module_name in TABLE_MODULES:
        for method, url, _expected in importlib.import_module(module_name).ROWS:
            # The API authenticates with bearer tokens, not cookies: no CSRF there.
            if method == "POST" and not url.startswith("/api/"):
                yield pytest.param(module_name, url, id=url)


def _row_count(db):
    return sum(db.session.execute(db.select(db.func.count()).select_from(table)).scalar()
               for table in db.metadata.sorted_tables)


@pytest.mark.parametrize(("module_name", "url"), list(_post_routes()))
def test_post_without_csrf_token_is_refused(app, client, module_name, url):
    from portal.extensions import db

    world = build_world()
    module = importlib.import_module(module_name)
    placeholders = dict(world.ids)
    if hasattr(module, "prepare"):
        placeholders.update(module.prepare(world))
    client.post("/sign-in", data={"email": world.users["administrator"].email,
                                  "password": PASSWORD})
    before = _row_count(db)
    response = client.post(url.format(**placeholders), data={"anything": "x"}, csrf=False)
    assert response.status_code == 400
    assert _row_count(db) == before
