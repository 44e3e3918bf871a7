"""The OpenAPI description: complete, valid, and true of the running API (schemathesis)."""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode

from portal.api.core import API
from portal.api.openapi import build_spec
from portal.api.tokens import SCOPES


@pytest.fixture
def spec(client, world):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_every_endpoint_is_described_with_its_problems(app, spec):
    described = {(method.upper(), path) for path, methods in spec["paths"].items()
                 for method in methods}
    routed = {(method, _template(rule.rule)) for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("api.")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert described == routed
    assert spec["openapi"] == "3.1.0"
    for methods in spec["paths"].values():
        for op in methods.values():
            assert {"400", "429"} <= set(op["responses"])
            assert op["responses"]["400"]["$ref"] == "#/components/responses/Problem400"
    me = spec["paths"]["/api/v1/me"]["get"]
    assert me["security"] == [{"token": []}] and {"401", "403"} <= set(me["responses"])
    item = spec["paths"]["/api/v1/organizations/{id}"]["get"]["responses"]
    assert "404" in item and "304" in item
    problem = spec["components"]["responses"]["Problem404"]["content"]
    assert "application/problem+json" in problem


def _template(rule: str) -> str:
    import re

    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def test_the_description_is_a_valid_openapi_document(spec):
    from jsonschema_rs import Draft202012Validator
    from openapi_spec_validator import validate

    validate(spec)  # against the OpenAPI 3.1 meta-schema

    for schema in spec["components"]["schemas"].values():
        # Each schema compiles, with its references resolved against the document.
        Draft202012Validator({**schema, "components": spec["components"]})
    loaded = schemathesis.openapi.from_dict(spec)
    assert len(list(loaded.get_all_operations())) == len(API.endpoints)


def test_each_failed_criterion_describes_its_advice(spec):
    from jsonschema_rs import Draft202012Validator

    schemas = spec["components"]["schemas"]
    advice = schemas["Criterion"]["properties"]["advice"]
    assert advice["anyOf"][0] == {"$ref": "#/components/schemas/Advice"}
    assert "add_to_groups" in schemas["Advice"]["properties"]["action"]["enum"]
    validator = Draft202012Validator({**schemas["Advice"], "components": spec["components"]})
    assert validator.is_valid({"action": "add_to_groups", "amount": 7, "add": {"EEG": 7},
                               "regions": None, "message": "At least 7 more participants"})
    assert not validator.is_valid({"action": "add_to_groups", "amount": 7,
                                   "add": {"Europe": 7}, "regions": None, "message": ""})


def test_the_description_reads_in_the_requested_language(client, world):
    french = client.get("/api/v1/openapi.json?lang=fr").get_json()
    english = client.get("/api/v1/openapi.json").get_json()
    assert french["paths"].keys() == english["paths"].keys()
    assert client.get("/api/v1/openapi.json?lang=xx").status_code == 400


def test_schema_is_what_build_spec_returns(app, spec):
    with app.test_request_context("/api/v1/openapi.json"):
        assert build_spec() == spec


def test_the_docs_page_lists_every_endpoint_and_problem(client, world, spec):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    for path, methods in spec["paths"].items():
        assert path in text
        for op in methods.values():
            assert f'id="op-{op["operationId"]}"' in text
    for kind in ("invalid-params", "malformed-json", "invalid-token", "insufficient-scope"):
        assert f'id="problem-{kind}"' in text
    for name in spec["components"]["schemas"]:
        if name != "Problem":
            assert f'id="schema-{name}"' in text
    assert "<script" not in text and "style=" not in text


def test_the_docs_page_comes_in_each_language(client, world):
    client.set_cookie("lang", "ar")
    arabic = client.get("/api/v1/docs")
    assert arabic.status_code == 200
    assert '<html lang="ar" dir="rtl">' in arabic.get_data(as_text=True)


# -- schemathesis against the live description -------------------------------------------

# Over WSGI no HTTP client undoes a gzip encoding: schemathesis asks for bodies as they are.
AS_SENT = {"Accept-Encoding": "identity"}

@pytest.fixture
def described_api(app, consultation_data, make_token):
    """The API as schemathesis sees it, with a token for the endpoints that need one."""
    app.config["API_RATE_LIMIT_ADDRESS"] = "100000/minute"
    app.config["API_RATE_LIMIT_TOKEN"] = "100000/minute"
    # An organizing partner with every scope: generated writes reach the domains' rules.
    _token, secret = make_token(consultation_data.users["organizing_partner"], list(SCOPES))
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app), secret


def _each_operation(described_api, mode, checks):
    loaded, secret = described_api
    tried = []
    for result in loaded.get_all_operations():
        operation = result.ok()
        tried.append(operation.label)
        # Invalid requests go without a token: a token added after generation would turn
        # a case meant to lack authorization into a valid one.
        secured = "security" in operation.definition.raw and mode is GenerationMode.POSITIVE
        headers = dict(AS_SENT)
        if secured:
            headers["Authorization"] = f"Bearer {secret}"
        _check_operation(operation, mode, checks, headers)
    return tried


def _check_operation(operation, mode, checks, headers):
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=20, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def call(case):
        case.call_and_validate(checks=checks, headers=headers)

    call()


def test_api_answers_as_described(described_api):
    """Valid generated requests to every operation (20 each): no 5xx, documented statuses
    and media types, every body matching its schema."""
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    tried = _each_operation(described_api, GenerationMode.POSITIVE, [
        not_a_server_error, status_code_conformance, content_type_conformance,
        response_schema_conformance, response_headers_conformance])
    # Schemathesis leaves out the description's own address (tested above).
    declared = {f"{e.method} /api/v1{e.path}" for e in API.endpoints.values()}
    assert set(tried) == declared - {"GET /api/v1/openapi.json"}


def test_api_refuses_what_the_description_does_not_allow(described_api):
    """Invalid generated requests (20 per operation) are refused with a described 4xx."""
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        negative_data_rejection,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    _each_operation(described_api, GenerationMode.NEGATIVE, [
        not_a_server_error, negative_data_rejection, status_code_conformance,
        content_type_conformance, response_schema_conformance, response_headers_conformance])


def test_successful_writes_and_reads_match_the_description(described_api, consultation_data):
    """Generated data rarely names objects that exist: one valid call per endpoint that
    needs them, checked like the generated ones (status, media type, schema)."""
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        response_schema_conformance,
        status_code_conformance,
    )

    from tests.api.test_writes import CSV, INPUT, REPORT, _opening

    loaded, secret = described_api
    world = consultation_data
    consultation, statement = world.consultation.id, world.consultation.statement_id
    calls = [
        ("GET", "/api/v1/statements/{id}/standards", {"id": statement}, None, 200),
        ("GET", "/api/v1/consultations/{id}", {"id": consultation}, None, 200),
        ("GET", "/api/v1/consultations/{id}/participation", {"id": consultation}, None, 200),
        ("GET", "/api/v1/records/{symbol}", {"symbol": world.record.symbol}, None, 200),
        ("POST", "/api/v1/consultations/{id}/inputs", {"id": consultation},
         dict(INPUT, language="en"), 201),
        ("POST", "/api/v1/consultations/{id}/inputs/import", {"id": consultation},
         {"csv": CSV, "dry_run": False}, 200),
        ("POST", "/api/v1/statements/{id}/reports", {"id": statement}, REPORT, 201),
        ("POST", "/api/v1/groups/{id}/consultations", {"id": world.groups["women"].id},
         _opening(world), 201),
    ]
    for method, path, path_parameters, body, status in calls:
        operation = loaded[path][method]
        kwargs = {"body": body, "media_type": "application/json"} if body else {}
        case = operation.Case(path_parameters=path_parameters, **kwargs)
        response = case.call_and_validate(
            headers={**AS_SENT, "Authorization": f"Bearer {secret}"} if body else AS_SENT,
            checks=[not_a_server_error, status_code_conformance, response_schema_conformance])
        assert response.status_code == status, (path, response.text)
