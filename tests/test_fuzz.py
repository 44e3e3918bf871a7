"""A fuzz pass over every form and API write: hostile text never gets a 5xx, and a refused
request changes no row.

Each form route of the permission tables is posted as a role allowed to post, with about 20
generated values for the fields its page shows (NUL, lone surrogates, right-to-left marks,
huge strings, impossible dates and numbers, hostile files); each API write gets generated
JSON bodies (deep nesting, surrogates, odd types). schemathesis covers the API's schema
conformance; this covers what a schema cannot say.
"""
import importlib
import io
import json
import re
from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.api import tokens
from portal.extensions import db, limiter
from tests.test_permissions import TABLE_MODULES
from tests.world import PASSWORD, build_world

EXAMPLES = 20
# Tables a refusal writes on purpose: the bookkeeping of refused sign-ins and other throttles.
BOOKKEEPING = re.compile(r"failure|attempt|throttle|quota|limit")
# Who posts: the first role of this order that the route lets in.
POSTERS = ("secretariat", "organizing_partner", "contributor", "focal_point", "administrator")
# Routes whose success would end the poster's session: not what this pass is about.
SKIPPED = ("/sign-out",)
FIELD = re.compile(r'<(?:input|textarea|select)[^>]*\sname="([^"]+)"[^>]*>')
FILE_FIELD = re.compile(r'<input[^>]*type="file"[^>]*name="([^"]+)"|'
                        r'<input[^>]*name="([^"]+)"[^>]*type="file"')

HOSTILE_TEXT = st.one_of(
    st.sampled_from([
        "", " ", "\x00", "a\x00b", "\ud800", "x\udfffy", "\u202e\u200f\u0627\u0628\u200e",
        "x" * 70_000, "9999-12-31", "0001-01-01", "2027-02-30", "2027-07-14T25:61",
        "-1", "1.5", "1e309", "NaN", "sNaN", "-Infinity", "9" * 5_000, "0x1F",
        "<script>alert(1)</script>", "'; DROP TABLE statement; --", "%00", "\r\n\r\n",
        "[" * 1_000, "{{ 7 * 7 }}", "../../../etc/passwd", "\ufeff", "y", "1"]),
    st.text(alphabet=st.characters(exclude_categories=()), max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
HOSTILE_FILE = st.one_of(
    st.sampled_from([
        b"\x00", b"language,text,gender,country\nen,Hi\x00,woman,KE\n", b"\xff\xfe\x00",
        b"name,country,type\n" + b"x" * 140_000 + b",KE,ngo\n",
        b"language,text,gender,country\n" + b"en,Hi,woman,KE\n" * 3 + b"en,\"open quote\n",
        ("language,text,gender,country\nen,\u202eHi,woman,KE\n").encode(),
        b"a," * 50_000 + b"\n"]),
    st.binary(max_size=300),
)


def _table_counts() -> dict:
    names = [table.name for table in db.metadata.sorted_tables
             if not BOOKKEEPING.search(table.name)]
    query = "SELECT " + ", ".join(f'(SELECT count(*) FROM "{name}")' for name in names)
    with db.engine.connect() as conn:
        return dict(zip(names, conn.exec_driver_sql(query).one(), strict=True))


def _form_routes(module):
    gets = {url for method, url, _ in module.ROWS if method == "GET"}
    for method, url, expected in module.ROWS:
        if method != "POST" or url.startswith("/api/") or url in SKIPPED:
            continue
        poster = next((role for role in POSTERS
                       if expected.get(role, expected.get("*")) not in (302, 401, 403)), None)
        if poster is not None:
            yield url, poster, url in gets


def _encoded(fields: dict) -> str:
    # Built by hand: a lone surrogate goes out as the bytes a broken client would send.
    return "&".join(f"{quote(name)}={quote_from_bytes(value.encode('utf-8', 'surrogatepass'))}"
                    for name, value in fields.items())


def _check(response, before: dict, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if response.status_code >= 400:
        assert _table_counts() == before, f"{what}: refused ({response.status_code}) but wrote"


@pytest.mark.parametrize("module_name", TABLE_MODULES)
def test_every_form_survives_hostile_input(app, module_name):
    module = importlib.import_module(module_name)
    world = build_world()
    placeholders = dict(world.ids)
    if hasattr(module, "prepare"):
        placeholders.update(module.prepare(world))
    limiter.enabled = False  # the pass posts far faster than any person
    try:
        for url, role, has_page in _form_routes(module):
            _fuzz_form(app, url.format(**placeholders), world.users[role], has_page)
    finally:
        limiter.enabled = True


def _fuzz_form(app, target: str, user, has_page: bool) -> None:
    client = app.test_client()
    assert client.post("/sign-in", data={"email": user.email, "password": PASSWORD}
                       ).status_code == 302
    page = client.get(target).get_data(as_text=True) if has_page else ""
    files = {a or b for a, b in FILE_FIELD.findall(page)}
    names = sorted(set(FIELD.findall(page)) - files - {"csrf_token"}) or ["body", "title"]
    token = client.fetch_csrf_token()

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(values=st.fixed_dictionaries({name: HOSTILE_TEXT for name in names}),
           upload=HOSTILE_FILE)
    def probe(values, upload):
        before = _table_counts()
        if files:
            data = {name: value.encode("utf-8", "replace").decode() for name, value
                    in values.items()}
            data.update({name: (io.BytesIO(upload), "upload.csv") for name in files})
            response = client.post(target, data={**data, "csrf_token": token},
                                   content_type="multipart/form-data")
        else:
            response = client.post(target, data=_encoded({**values, "csrf_token": token}),
                                   content_type="application/x-www-form-urlencoded")
        _check(response, before, f"POST {target}")

    probe()


JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**80), max_value=2**80),
                      st.floats(allow_nan=False), HOSTILE_TEXT)
JSON_VALUE = st.recursive(JSON_LEAF, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=8)


def _api_writes(app):
    from portal.api.core import API

    for endpoint in API.endpoints.values():
        if endpoint.method == "POST" and endpoint.body is not None:
            yield endpoint


def test_every_api_write_survives_hostile_json(app, client):
    from tests.consultations.factories import open_consultation

    world = build_world()
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    token, secret = tokens.create(world.users["organizing_partner"], "fuzz",
                                  list(tokens.SCOPES))
    db.session.commit()
    ids = {"consultations": consultation.id, "statements": consultation.statement_id,
           "groups": world.groups["women"].id}
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    limiter.enabled = False
    try:
        for endpoint in _api_writes(app):
            collection = endpoint.path.strip("/").split("/")[0]
            target = "/api/v1" + endpoint.path.replace("{id}", str(ids.get(collection, 1)))
            _fuzz_api(client, target, sorted(endpoint.body.fields), headers)
    finally:
        limiter.enabled = True


def _fuzz_api(client, target: str, names: list, headers: dict) -> None:
    deep = st.integers(min_value=30, max_value=5_000).map(
        lambda depth: '{"x": ' + "[" * depth + "]" * depth + "}")

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(body=st.one_of(
        st.fixed_dictionaries({}, optional={name: JSON_VALUE for name in names}).map(
            lambda value: json.dumps(value)),  # ASCII: a lone surrogate goes as \ud800
        deep, JSON_VALUE.map(json.dumps)))
    def probe(body):
        before = _table_counts()
        response = client.post(target, data=body.encode(), headers=headers)
        _check(response, before, f"POST {target}")

    probe()
