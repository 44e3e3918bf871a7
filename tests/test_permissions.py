"""For every route, what each role gets: one table per domain.

Each domain keeps its table in tests/<domain>/permissions_table.py.
A domain's table module has ROWS = [(method, url template, {role: status})] and may have
``prepare(world) -> dict`` creating the objects its URLs name. A role missing from a row
gets the row's "*" entry.
"""
import importlib
from pathlib import Path

import pytest

from tests.world import PASSWORD, ROLES, build_world

TABLE_MODULES = sorted(
    f"tests.{path.parent.name}.permissions_table"
    for path in Path(__file__).parent.glob("*/permissions_table.py")
)


def _rows():
    for module_name in TABLE_MODULES:
        module = importlib.import_module(module_name)
        for method, url, expected in module.ROWS:
            for role in ROLES:
                status = expected.get(role, expected.get("*"))
                yield pytest.param(module_name, method, url, role, status,
                                   id=f"{method} {url} as {role}")


@pytest.mark.parametrize(("module_name", "method", "url", "role", "expected"), list(_rows()))
def test_route_answers_each_role(app, client, module_name, method, url, role, expected):
    world = build_world()
    module = importlib.import_module(module_name)
    placeholders = dict(world.ids)
    if hasattr(module, "prepare"):
        placeholders.update(module.prepare(world))
    if role != "visitor":
        response = client.post("/sign-in", data={"email": world.users[role].email,
                                                 "password": PASSWORD})
        assert response.status_code == 302
    target = url.format(**placeholders)
    if method == "POST":
        response = client.post(target, data={})
    else:
        response = client.open(target, method=method)
    assert response.status_code == expected, f"{method} {target} as {role}"
    if expected == 302 and role == "visitor" and method == "GET":
        assert "/sign-in" in response.headers["Location"] or url.startswith("/language")


def test_every_route_is_in_a_table(app):
    covered = set()
    for module_name in TABLE_MODULES:
        for method, url, _expected in importlib.import_module(module_name).ROWS:
            covered.add((method, url))
    adapter_rules = [(rule.rule, sorted(rule.methods - {"HEAD", "OPTIONS"}))
                     for rule in app.url_map.iter_rules() if rule.endpoint != "static"]
    missing = []
    for rule, methods in adapter_rules:
        for method in methods:
            pattern = _template_of(rule)
            if (method, pattern) not in covered:
                missing.append(f"{method} {rule}")
    assert not missing, "routes missing from the permission tables: " + ", ".join(missing)


def _template_of(rule: str) -> str:
    """/organizations/<int:org> becomes /organizations/{org}."""
    import re

    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)
