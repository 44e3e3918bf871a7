"""The API layer: one declaration per endpoint gives its route, rule, input, output and docs.

An endpoint is a function decorated with ``api.get(...)`` (or ``post``/``patch``/``delete``)
naming its path, permission rule, parameters and response resource. The decorator
registers the Flask route (with ``@allow(rule)``), parses and checks the query string and
body before the function runs, writes the JSON, and keeps the declaration so that
``portal.api.openapi`` can describe it. What every endpoint shares lives here too:
problem+json errors, the language of names, token sign-in, cursor pages, ETags, CORS for
the read API, a request size limit and rate limits.

Adding an endpoint (in ``portal/api/endpoints.py`` or a module imported by
``portal/api/blueprints.py``)::

    RECORD = Resource("Record", _l("A published official record."),
                      id=Integer(), symbol=String(), title=Localized("titles"))

    @API.get("/records", rule=PUBLIC, page=True, response=RECORD, tag=MEETINGS,
             summary=_l("Published official records"),
             params=[Param("symbol", String(max_length=80), _l("Document symbol."))])
    def records(args):
        query = db.select(Record).filter(Record.status == "published")
        return query.filter_by(symbol=args["symbol"]) if "symbol" in args else query

    @API.post("/consultations/{id}/inputs", rule=CAN_CONTRIBUTE, scope="inputs:submit",
              status=201, response=INPUT, summary=_l("Submit an input"),
              params=[Param("id", Integer(minimum=1), location="path")],
              body=Body({"text": String(max_length=10_000)}, required=("text",)))
    def submit_input(args, id):
        return services.submit(current_user, id, args["body"]["text"])

The function gets the parsed query (and ``args["body"]``) and returns a model object (or a
query for ``page=True``); the resource writes it. To refuse, ``abort(404)`` or
``raise Problem(409, _("…"))``: a status of 400 or more rolls the request back. Then add
the route to ``tests/api/permissions_table.py``; the OpenAPI description, the docs page
and the schemathesis tests pick it up by themselves.
"""
import json
import math
import time
from dataclasses import dataclass, field
from functools import cache, wraps

import flask_babel
from flask import Blueprint, current_app, g, request, url_for
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeSerializer
from limits import parse_many
from limits.storage import RedisStorage
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import HTTPException

from portal.api import tokens
from portal.api.schema import (
    LANGUAGE_TAGS,
    Field,
    Integer,
    Invalid,
    Language,
    PathText,
    Resource,
    String,
)
from portal.caching import pages, served_from_cache
from portal.errors import DESCRIPTIONS, TITLES, database_unavailable
from portal.extensions import csrf, db, limiter, login_manager
from portal.i18n import current_language, from_accept_language, html_lang
from portal.permissions import PUBLIC, SIGNED_IN, Rule, allow

DEFAULT_MAX_BODY = 256 * 1024
PAGE_SIZE, PAGE_MAX = 50, 200

# Problem types of this API beyond the plain HTTP statuses ("about:blank"); documented at
# /api/v1/docs#problem-<kind>.
PROBLEM_TITLES = {
    "invalid-params": _l("Some parameters are not valid"),
    "malformed-json": _l("The body is not valid JSON"),
    "invalid-token": _l("The access token is not valid"),
    "insufficient-scope": _l("The access token does not allow this"),
}
PROBLEM_DESCRIPTIONS = {
    "invalid-params": _l("The list invalid-params names each parameter or field that was "
                         "refused and why. Nothing was changed."),
    "malformed-json": _l("The body could not be read as JSON. Nothing was changed."),
    "invalid-token": _l("The token is unknown, revoked or not sent as "
                        "'Authorization: Bearer <token>'. Create a new one under your account."),
    "insufficient-scope": _l("The token was created without the scope this request needs. "
                             "Create a token with that scope."),
}
API_DESCRIPTIONS = {
    401: _l("Send a personal access token: 'Authorization: Bearer <token>'."),
    403: _l("Your account may not do this."),
    404: _l("There is nothing at this address, or it is not public."),
}


# -- problems ----------------------------------------------------------------------------

class Problem(HTTPException):
    """An RFC 9457 problem raised by the API layer or an endpoint."""

    def __init__(self, status: int, detail=None, *, kind: str | None = None, headers=None,
                 **extensions):
        super().__init__(description=str(detail) if detail else None)
        self.code, self.kind, self.extra_headers, self.extensions = (
            status, kind, headers or {}, extensions)


def invalid(name: str, where: str, reason, status: int = 400) -> Problem:
    return Problem(status, kind="invalid-params",
                   invalid_params=[{"name": name, "in": where, "reason": str(reason)}])


def problem_type(kind: str | None) -> str:
    if kind is None:
        return "about:blank"
    return url_for("api_pages.docs", _external=True, _anchor=f"problem-{kind}")


def problem_response(status: int, detail=None, kind=None, headers=None, extensions=None):
    title = PROBLEM_TITLES.get(kind) or TITLES.get(status, TITLES[500])
    if not detail:
        detail = (PROBLEM_DESCRIPTIONS.get(kind) or API_DESCRIPTIONS.get(status)
                  or DESCRIPTIONS.get(status, DESCRIPTIONS[500]))
    body = {"type": problem_type(kind), "title": str(title), "status": status,
            "detail": str(detail), "instance": request.path}
    for name, value in (extensions or {}).items():
        body[name.replace("_", "-")] = value
    response = json_response(body, status)
    response.mimetype = "application/problem+json"
    response.headers.update(headers or {})
    return response


def http_problem(error: HTTPException):
    unavailable = database_unavailable(error)
    if unavailable is not None:
        return unavailable
    status = error.code or 500
    headers = {}
    if isinstance(error, Problem):
        return problem_response(status, error.description, error.kind, error.extra_headers,
                                error.extensions)
    if status == 403 and _lacks_scope():
        return problem_response(403, kind="insufficient-scope",
                                extensions={"scope": current_endpoint().scope})
    if status == 405:
        headers["Allow"] = error.valid_methods and ", ".join(error.valid_methods) or ""
    if status == 429:
        headers["Retry-After"] = str(_retry_after())
    own = error.description if error.description != type(error).description else None
    return problem_response(status, own, headers=headers)


def _lacks_scope() -> bool:
    endpoint, token = current_endpoint(), g.get("api_token")
    return bool(endpoint and endpoint.scope and token and endpoint.scope not in token.scopes)


def _retry_after() -> int:
    limit = limiter.current_limit
    if not limit:
        return 60
    try:
        return max(1, math.ceil(limit.reset_at - time.time()))
    except limiter.storage.base_exceptions:
        # The counter's store was lost after it counted this request: never too early.
        return limit.limit.get_expiry()


# -- declarations ------------------------------------------------------------------------

@dataclass
class Param:
    name: str
    field: Field
    description: object = None
    location: str = "query"
    required: bool = False


@dataclass
class Body:
    """A JSON object body: its fields, which of them are required, nothing else allowed."""

    fields: dict
    required: tuple = ()
    name: str = "Input"


@dataclass
class Endpoint:
    method: str
    path: str
    name: str
    rule: Rule
    summary: object
    description: object = None
    tag: object = None
    params: list = field(default_factory=list)
    body: Body | None = None
    response: Resource | None = None
    page: bool = False
    schema: dict | None = None  # a raw response schema when no Resource fits
    content: dict | None = None  # other media types, e.g. {"text/csv": {...}}
    status: int = 200
    scope: str | None = None
    refusals: tuple = ()  # further error statuses the endpoint answers, e.g. (409,)
    accepted: object = None  # when the work may go to the queue: what its 202 means

    @property
    def open_read(self) -> bool:
        """Public GETs are the read API: open to other sites (CORS), no token needed."""
        return self.method == "GET" and self.rule is PUBLIC

    @property
    def needs_token(self) -> bool:
        return self.rule is not PUBLIC

    def all_params(self) -> list[Param]:
        common = [LANG_PARAM]
        if self.page:
            common += [CURSOR_PARAM, LIMIT_PARAM]
        return [*self.params, *common]


class Cursor(String):
    """An opaque, signed position in a list: only this API can write one."""

    def parse(self, text):
        try:
            data = _cursor_signer().loads(text)
        except BadSignature:
            raise Invalid(_l("This cursor is not valid. Use the 'next' link of a page.")) \
                from None
        if not isinstance(data, list) or len(data) != 2 or data[0] != request.endpoint \
                or not isinstance(data[1], int):
            raise Invalid(_l("This cursor belongs to another list."))
        return data[1]


def _cursor_signer():
    return URLSafeSerializer(current_app.secret_key, salt="api-cursor")


LANG_PARAM = Param("lang", Language(), _l(
    "Language of names and titles; default: the first official language in Accept-Language, "
    "else English."))
CURSOR_PARAM = Param("cursor", Cursor(max_length=200), _l(
    "Where the page starts: copy next_cursor from the previous page."))
LIMIT_PARAM = Param("limit", Integer(minimum=1, maximum=PAGE_MAX), _l(
    "Items per page (default %(default)d).", default=PAGE_SIZE))

FLASK_CONVERTERS = {Integer: "int", PathText: "path"}


class Api:
    """The endpoints of one blueprint, kept for routing and for the OpenAPI description."""

    def __init__(self, blueprint: Blueprint):
        self.blueprint = blueprint
        self.endpoints: dict[str, Endpoint] = {}
        APIS[blueprint.name] = self
        # Tokens, not cookies, sign requests in: no CSRF token; no sign-in is a 401.
        csrf.exempt(blueprint)
        login_manager.blueprint_login_views[blueprint.name] = None
        blueprint.before_request(prepare_request)
        blueprint.after_request(finish_response)
        blueprint.teardown_request(forget_request_state)
        blueprint.register_error_handler(HTTPException, http_problem)
        # Anonymous requests count against their address; token requests against their token.
        limiter.limit(_address_limit, key_func=_address_key,
                      exempt_when=lambda: _presented_token() is not None
                      or g.get(pages.COUNTED, False))(blueprint)
        limiter.limit(lambda: current_app.config.get("API_RATE_LIMIT_TOKEN", "600/minute"),
                      key_func=_token_key,
                      exempt_when=lambda: _presented_token() is None)(blueprint)
        pages.RATE_LIMITED[blueprint.name] = pages.ReadLimit(charge_cached_read,
                                                             cached_read_counters)

    def get(self, path, **kwargs):
        return self.route("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.route("POST", path, **kwargs)

    def patch(self, path, **kwargs):
        return self.route("PATCH", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.route("DELETE", path, **kwargs)

    def route(self, method, path, *, rule, summary, name=None, **kwargs):
        if kwargs.get("scope"):
            rule = token_scope(kwargs["scope"], rule)

        def decorate(function):
            endpoint = Endpoint(method, path, name or function.__name__, rule, summary,
                                **kwargs)
            self.endpoints[f"{self.blueprint.name}.{endpoint.name}"] = endpoint

            @wraps(function)
            def view(**path_args):
                args = parse_query(endpoint)
                _check_path(endpoint, path_args)
                if endpoint.body is not None:
                    args["body"] = parse_body(endpoint.body)
                result = function(args, **path_args)
                if isinstance(result, current_app.response_class):
                    return result
                if endpoint.page:
                    page = paginate(result, args, endpoint.response)
                    response = json_response(page)
                    if page["next"]:
                        response.headers["Link"] = f'<{page["next"]}>; rel="next"'
                    return response
                if endpoint.response is not None:
                    result = endpoint.response.dump(result)
                return json_response(result, endpoint.status)

            view.__name__ = endpoint.name
            self.blueprint.add_url_rule(_flask_path(endpoint), endpoint.name,
                                        allow(rule)(view), methods=[method])
            return function

        return decorate


def _flask_path(endpoint: Endpoint) -> str:
    path = endpoint.path
    for param in endpoint.params:
        if param.location == "path":
            converter = FLASK_CONVERTERS.get(type(param.field))
            path = path.replace(f"{{{param.name}}}",
                                f"<{converter}:{param.name}>" if converter else f"<{param.name}>")
    return path


def _check_path(endpoint, path_args):
    for param in endpoint.params:
        if param.location == "path":
            try:
                param.field.load(path_args[param.name])
            except Invalid:
                raise Problem(404) from None


def token_scope(scope: str, base: Rule = SIGNED_IN) -> Rule:
    """A rule for token requests: the base rule for the user, and the token's scope.

    Unlike ``permissions.scoped``, the secretariat gets no pass: a scope limits what one
    token may do, whoever owns it.
    """
    def check(user, **view_args):
        token = g.get("api_token")
        return (token is not None and scope in token.scopes
                and base.allows(user, view_args))

    return Rule(f"token scope {scope} and {base.name}", check)


# -- input -------------------------------------------------------------------------------

def parse_query(endpoint: Endpoint) -> dict:
    known = {param.name: param for param in endpoint.all_params() if param.location == "query"}
    problems, args = [], {}
    for name in request.args:
        if name not in known:
            problems.append({"name": name, "in": "query",
                             "reason": str(_l("Unknown parameter."))})
    for name, param in known.items():
        values = request.args.getlist(name)
        if not values:
            if param.required:
                problems.append({"name": name, "in": "query",
                                 "reason": str(_l("A value is required."))})
            continue
        if len(values) > 1:
            problems.append({"name": name, "in": "query",
                             "reason": str(_l("Give this parameter once."))})
            continue
        try:
            args[name] = param.field.parse(values[0])
        except Invalid as error:
            problems.append({"name": name, "in": "query", "reason": str(error)})
    if problems:
        raise Problem(400, kind="invalid-params", invalid_params=problems)
    return args


JSON_MAX_DEPTH = 32  # far beyond any body this API reads; Python's parser fails near 1,000


def read_json(raw: bytes):
    """The JSON body, or a 400 naming what no endpoint can take: bad syntax, nesting deeper
    than JSON_MAX_DEPTH, or a lone surrogate (text that is no Unicode character at all)."""
    try:
        data = json.loads(raw or b"")
    except RecursionError:
        raise _malformed(_l("The JSON is nested more than %(max)d levels deep.",
                            max=JSON_MAX_DEPTH)) from None
    except (ValueError, UnicodeDecodeError):
        raise Problem(400, kind="malformed-json") from None
    pending = [(data, 1)]
    while pending:  # a loop, not recursion: the check must not fail like the parser
        value, depth = pending.pop()
        if isinstance(value, str) and _has_lone_surrogate(value):
            raise _malformed(_l("The JSON holds a lone surrogate (\\ud800 to \\udfff "
                                "alone), which is not a character."))
        if isinstance(value, (dict, list)):
            if depth > JSON_MAX_DEPTH:
                raise _malformed(_l("The JSON is nested more than %(max)d levels deep.",
                                    max=JSON_MAX_DEPTH))
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            pending.extend((item, depth + 1) for item in items)
    return data


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _malformed(detail) -> Problem:
    return Problem(400, detail, kind="malformed-json")


def parse_body(body: Body) -> dict:
    if not request.is_json:
        raise Problem(415, _l("Send the body as application/json."))
    raw = request.get_data(cache=True)
    if len(raw) > _body_limit():
        raise Problem(413)
    data = read_json(raw)
    if not isinstance(data, dict):
        raise invalid("body", "body", _l("Expected a JSON object."), 422)
    problems, values = [], {}
    for name in data:
        if name not in body.fields:
            problems.append({"name": name, "in": "body", "reason": str(_l("Unknown field."))})
    for name, spec in body.fields.items():
        if name not in data:
            if name in body.required:
                problems.append({"name": name, "in": "body",
                                 "reason": str(_l("A value is required."))})
            continue
        try:
            values[name] = spec.load(data[name])
        except Invalid as error:
            problems.append({"name": name, "in": "body", "reason": str(error)})
    if problems:
        raise Problem(422, kind="invalid-params", invalid_params=problems)
    return values


# -- output ------------------------------------------------------------------------------

def json_response(data, status: int = 200):
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return current_app.response_class(text, status=status, mimetype="application/json")


def paginate(statement, args: dict, resource: Resource) -> dict:
    """Keyset pagination on the primary key: stable under inserts, one query per page."""
    entity = statement.column_descriptions[0]["entity"]
    limit = args.get("limit", PAGE_SIZE)
    if "cursor" in args:
        statement = statement.where(entity.id > args["cursor"])
    rows = db.session.scalars(statement.order_by(entity.id).limit(limit + 1)).all()
    next_cursor = next_url = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = _cursor_signer().dumps([request.endpoint, rows[-1].id])
        query = {key: value for key, value in request.args.items() if key != "cursor"}
        next_url = url_for(request.endpoint, **request.view_args, **query,
                           cursor=next_cursor, _external=True)
    return {"data": [resource.dump(row) for row in rows], "next_cursor": next_cursor,
            "next": next_url}


def page_schema(resource: Resource) -> dict:
    return {
        "type": "object",
        "properties": {
            "data": {"type": "array", "items": resource.ref},
            "next_cursor": {"type": ["string", "null"]},
            "next": {"type": ["string", "null"], "format": "uri"},
        },
        "required": ["data", "next_cursor", "next"],
        "additionalProperties": False,
    }


# -- what every request shares -----------------------------------------------------------

def _presented_token():
    """The active token in the Authorization header, looked up once per request."""
    if "api_token_lookup" not in g:
        header = request.headers.get("Authorization", "")
        scheme, _sep, secret = header.partition(" ")
        g.api_token_lookup = (tokens.find_active(secret.strip())
                              if scheme.lower() == "bearer" else None)
    return g.api_token_lookup


def forget_request_state(_error=None):
    """``g`` outlives the request when an app context is shared (tests, CLI): clear it."""
    for name in ("api_token_lookup", "api_token", "forced_language", "_login_user",
                 pages.COUNTED):
        g.pop(name, None)


def _address_limit() -> str:
    return current_app.config.get("API_RATE_LIMIT_ADDRESS", "300/minute")


@cache
def _parsed_limits(text: str):
    return parse_many(text)


def charge_cached_read() -> bool:
    """Count an anonymous read the page cache answers (before the rate limiter runs) as the
    limiter counts it: same counters, keys and storage. False when over the limit or when
    the limiter's store is unreachable; the limiter then handles the request itself."""
    if not limiter.enabled:
        return True
    strategy = limiter.limiter
    if strategy.storage is not limiter.storage:
        # The limiter counts in memory since its store was lost: let it see each read, so
        # that it notices when the store is back.
        return False
    try:
        return all(strategy.hit(item, *_address_identifiers())
                   for item in _parsed_limits(_address_limit()))
    except limiter.storage.base_exceptions:
        return False


def cached_read_counters(url: str | None) -> list[tuple[str, int, int]] | None:
    """The address limit's counters as the limiter keeps them (key, window seconds, reads
    allowed), when it counts fixed windows (its default) in the Redis at ``url``: the page
    cache then counts a read in the round trip that looks the page up."""
    if not limiter.enabled or url is None:
        return None
    storage, strategy = limiter.storage, limiter.limiter
    if (current_app.config.get("RATELIMIT_STORAGE_URI") != url
            or strategy.storage is not storage or not isinstance(storage, RedisStorage)
            or not isinstance(strategy, FixedWindowRateLimiter)):
        return None
    identifiers = _address_identifiers()
    return [(storage.prefixed_key(item.key_for(*identifiers)), item.get_expiry(), item.amount)
            for item in _parsed_limits(_address_limit())]


def _address_identifiers() -> list[str]:
    """What the limiter names an address limit's counter by: the prefix, the address and
    the endpoint (a limit set on a blueprint counts each endpoint apart)."""
    return [part for part in (current_app.config.get("RATELIMIT_KEY_PREFIX", ""),
                              _address_key(), request.endpoint) if part]


def _address_key() -> str:
    return f"address:{get_remote_address()}"


def _token_key() -> str:
    token = _presented_token()
    return f"token:{token.id if token else 'none'}"


def prepare_request():
    limit = _body_limit()
    # One byte more than allowed may be read, so that an over-long chunked body (no
    # Content-Length) is told apart from one exactly at the limit: see parse_body.
    request.max_content_length = limit + 1
    _choose_language()
    if request.content_length is not None and request.content_length > limit:
        raise Problem(413)
    _sign_in_with_token()


def _body_limit() -> int:
    return current_app.config.get("API_MAX_CONTENT_LENGTH", DEFAULT_MAX_BODY)


def _choose_language():
    g.forced_language = from_accept_language(request.accept_languages) or "en"
    flask_babel.refresh()
    values = request.args.getlist("lang")
    if values:
        code = LANGUAGE_TAGS.get(values[-1])
        if code is None or len(values) > 1:
            raise invalid("lang", "query", _l(
                "Use one of the six official languages: %(codes)s.",
                codes=", ".join(Language.json_type["enum"])))
        g.forced_language = code
        flask_babel.refresh()


def _sign_in_with_token():
    """Only a token signs an API request in; the browser's session cookie is ignored."""
    g.api_token = None
    g._login_user = login_manager.anonymous_user()
    if "Authorization" not in request.headers:
        return
    token = _presented_token()
    if token is None:
        raise Problem(401, kind="invalid-token")
    tokens.mark_used(token)
    g.api_token = token
    g._login_user = token.user


def finish_response(response):
    if served_from_cache():
        return response  # stored with the headers below
    endpoint = current_endpoint()
    response.vary.add("Accept-Language")
    response.headers["Content-Language"] = html_lang(current_language())
    if endpoint is not None and endpoint.open_read:
        _allow_other_sites(response)
    if response.status_code == 401:
        error = ', error="invalid_token"' if "Authorization" in request.headers else ""
        response.headers["WWW-Authenticate"] = f'Bearer realm="api"{error}'
    if request.method in ("GET", "HEAD") and response.status_code == 200 \
            and not response.is_streamed:
        response.vary.add("Authorization")
        response.cache_control.no_cache = True
        if g.get("api_token") is None:
            response.cache_control.public = True
        else:
            response.cache_control.private = True
        response.add_etag()
        response.make_conditional(request)
    return response


def current_endpoint() -> Endpoint | None:
    api = APIS.get(request.blueprint)
    return api.endpoints.get(request.endpoint) if api else None


def _allow_other_sites(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = (
        "ETag, Link, Content-Language, Retry-After")
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept-Language, If-None-Match"
        response.headers["Access-Control-Max-Age"] = "86400"


APIS: dict[str, Api] = {}
bp = Blueprint("api", __name__, url_prefix="/api/v1")
API = Api(bp)
