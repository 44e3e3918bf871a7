"""The OpenAPI 3.1 description, built from the endpoint declarations at request time.

Nothing here is written by hand per endpoint: paths, parameters, schemas and the problem
responses all come from ``core.API`` and the resources, so the description is as current
as the code. Summaries are translated into the request's language.
"""
from flask_babel import lazy_gettext as _l

from portal.api.core import API, Endpoint, page_schema
from portal.errors import TITLES

PROBLEM_MEDIA = "application/problem+json"
PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string", "format": "uri-reference"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "invalid-params": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string"},
                               "in": {"enum": ["query", "path", "body"]},
                               "reason": {"type": "string"}},
                "required": ["name", "in", "reason"],
            },
        },
        "scope": {"type": "string"},
    },
    "required": ["type", "title", "status", "detail"],
}


def problem_statuses(endpoint: Endpoint) -> list[int]:
    """Every error status the layer can answer for this endpoint."""
    statuses = [400]
    if endpoint.needs_token:
        statuses += [401, 403]
    if any(param.location == "path" for param in endpoint.params):
        statuses.append(404)
    if endpoint.body is not None:
        statuses += [413, 415, 422]
    statuses += endpoint.refusals
    statuses.append(429)
    return sorted(set(statuses))


def _success(endpoint: Endpoint) -> dict:
    if endpoint.content is not None:
        content = endpoint.content
    elif endpoint.page:
        content = {"application/json": {"schema": page_schema(endpoint.response)}}
    elif endpoint.response is not None:
        content = {"application/json": {"schema": endpoint.response.ref}}
    else:
        content = {"application/json": {"schema": endpoint.schema or {}}}
    response = {"description": str(endpoint.summary), "content": content}
    if endpoint.method == "GET":
        response["headers"] = {"ETag": {
            "description": str(_l("Send it back in If-None-Match to get 304 when unchanged.")),
            "required": True, "schema": {"type": "string"}}}
        if endpoint.page:
            response["headers"]["Link"] = {
                "description": str(_l("The next page, as rel=\"next\", when there is one.")),
                "schema": {"type": "string"}}
    return response


# Work left to the background queue: where to follow it.
ACCEPTED = {
    "headers": {"Location": {"schema": {"type": "string", "format": "uri"}}},
    "content": {"application/json": {"schema": {
        "type": "object", "required": ["status", "job"],
        "properties": {"status": {"type": "string"},
                       "job": {"type": "string", "format": "uri"}}}}},
}


def operation(endpoint: Endpoint) -> dict:
    op = {"operationId": endpoint.name, "summary": str(endpoint.summary),
          "tags": [str(endpoint.tag or _l("General"))]}
    if endpoint.description:
        op["description"] = str(endpoint.description)
    op["parameters"] = [
        {"name": param.name, "in": param.location,
         "required": param.required or param.location == "path",
         "schema": param.field.schema(),
         **({"description": str(param.description)} if param.description else {})}
        for param in endpoint.all_params()
    ]
    if endpoint.body is not None:
        body = endpoint.body
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "additionalProperties": False,
            "properties": {name: spec.schema() for name, spec in body.fields.items()},
            "required": list(body.required)}}}}
    responses = {str(endpoint.status): _success(endpoint)}
    if endpoint.accepted:
        responses["202"] = ACCEPTED | {"description": str(endpoint.accepted)}
    if endpoint.method == "GET":
        responses["304"] = {"description": str(_l("Not modified (the ETag still matches)."))}
    for status in problem_statuses(endpoint):
        responses[str(status)] = {"$ref": f"#/components/responses/Problem{status}"}
    op["responses"] = responses
    if endpoint.needs_token:
        op["security"] = [{"token": [endpoint.scope] if endpoint.scope else []}]
    return op


def _problem(status: int) -> dict:
    response = {"description": str(TITLES.get(status, TITLES[500])),
                "content": {PROBLEM_MEDIA: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    if status == 429:
        response["headers"] = {"Retry-After": {
            "description": str(_l("Seconds to wait before trying again.")), "required": True,
            "schema": {"type": "integer", "minimum": 1}}}
    if status == 401:
        response["headers"] = {"WWW-Authenticate": {"required": True,
                                                    "schema": {"type": "string"}}}
    return response


def build_spec(api=API) -> dict:
    paths, schemas, statuses = {}, {"Problem": PROBLEM_SCHEMA}, set()
    for endpoint in api.endpoints.values():
        paths.setdefault(api.blueprint.url_prefix + endpoint.path, {})[
            endpoint.method.lower()] = operation(endpoint)
        statuses.update(problem_statuses(endpoint))
        if endpoint.response is not None:
            for name, resource in endpoint.response.reachable().items():
                schemas[name] = resource.schema()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": str(_l("MGoS Portal open data API")),
            "version": "1.0.0",
            "description": str(_l(
                "Public data of the Major Groups and other Stakeholders portal. Reading needs "
                "no sign-in. Errors are RFC 9457 problem details.")),
        },
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "responses": {f"Problem{status}": _problem(status) for status in sorted(statuses)},
            "securitySchemes": {"token": {
                "type": "http", "scheme": "bearer",
                "description": str(_l("A personal access token created under your account."))}},
        },
    }
