"""Anonymous GET pages served from a shared cache, with ETag, 304 and Cache-Control.

A page is stored only when nothing about it belongs to one person: no signed-in user, no
Authorization header, no flashed message, no CSRF token rendered, no cookie set. The key
is the address (host, path, query), the language and time zone the page was rendered in,
the Accept and Accept-Encoding headers (``portal.compression`` compresses a copy for a
browser that takes gzip before it is stored); the page is kept with the data generation it
was rendered under (``portal.caching.generation``), so the first request after any
committed write renders afresh.

A cached page is answered before the rate limiter and the other request hooks (only the
request log's start runs before it): with Redis a hit costs one round trip. Blueprints whose
reads are rate limited (the API) register a ``ReadLimit`` in ``RATE_LIMITED``: a hit is
served only once it has been counted against the same limit the rate limiter applies, in
the same round trip when the limiter keeps its counters in the same Redis.
"""
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import flask_babel
from flask import Flask, current_app, g, has_app_context, request, session
from flask_babel import get_timezone
from flask_login import current_user

from portal import caching, ops
from portal.caching import generation
from portal.caching.store import CachedPage, MemoryStore, RedisStore
from portal.extensions import db
from portal.i18n import current_language, select_locale
from portal.ops import logs

# Headers that describe one response only; a copy served to someone else drops them.
OWN_HEADERS = {"set-cookie", "date", "content-length", "x-request-id"}
CACHE_STATUS = "X-Portal-Cache"
# Set on a read already counted against its rate limit: the limiter does not count it again.
COUNTED = "rate_limit_counted"


@dataclass
class ReadLimit:
    """How a blueprint's anonymous reads count against its rate limit.

    ``charge()`` counts one read (a round trip of its own) and says whether it may be
    answered: False when over the limit or when it could not be counted. ``counters(url)``
    gives the same counts as Redis keys (key, window seconds, reads allowed) when the limiter
    keeps them in the Redis at ``url``, so that the page lookup counts them; else None.
    """

    charge: Callable[[], bool]
    counters: Callable[[str | None], list[tuple[str, int, int]] | None]


RATE_LIMITED: dict[str, ReadLimit] = {}


def _announce_to_redis(token: str) -> None:
    """A committed write's new token, copied to Redis before the writer's response leaves."""
    store = current_app.extensions.get("page_cache") if has_app_context() else None
    if isinstance(store, RedisStore):
        store.generation_changed(token)


generation.LISTENERS.append(_announce_to_redis)


def init_app(app: Flask) -> None:
    seconds = int(app.config.get("PAGE_CACHE_SECONDS", 60))
    if seconds <= 0:
        return
    redis_url = app.config.get("REDIS_URL")
    app.extensions["page_cache"] = (RedisStore(redis_url, seconds) if redis_url
                                    else MemoryStore(seconds))
    hooks = app.before_request_funcs.setdefault(None, [])
    hooks.insert(hooks.index(logs.begin_request) + 1 if logs.begin_request in hooks else 0,
                 serve_from_cache)
    # Stored after every other hook (security headers, the commit) but the request log, so
    # the copy carries every header an answer gets and a hit needs none of those hooks.
    ops.run_before_the_request_log(app, store_in_cache)


# Load balancers' probes and the metrics scrape must answer without the database, which
# the cache asks for its generation token.
UNCACHED_BLUEPRINTS = {"ops"}
# Files are sent as they are stored, never kept in the cache: no lookup (a round trip) for them.
FILE_ENDPOINTS = {"static", "records.edition_pdf", "records.stored_pdf"}


def _is_anonymous_read() -> bool:
    return (request.method in ("GET", "HEAD") and request.blueprint not in UNCACHED_BLUEPRINTS
            and request.endpoint not in FILE_ENDPOINTS
            and "Authorization" not in request.headers
            and "_flashes" not in session and not current_user.is_authenticated)


def _signature() -> str:
    parts = (request.host_url, request.full_path, str(select_locale()),
             str(get_timezone()), request.headers.get("Accept", ""),
             request.headers.get("Accept-Encoding", ""))  # copies may be compressed
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def serve_from_cache():
    if not _is_anonymous_read():
        return None
    store = current_app.extensions["page_cache"]
    signature = _signature()
    limit = RATE_LIMITED.get(request.blueprint)
    counters = limit.counters(getattr(store, "url", None)) if limit else None
    token, page, counts = store.lookup(signature, db.session,
                                       [(key, seconds) for key, seconds, _ in counters or ()])
    within = _counted_within(counters, counts)
    if token is None:
        return None
    if page is None:
        g.page_cache_key = (signature, token)
        return None
    if within is None:
        within = limit is None or limit.charge()
    if not within:
        return None  # the rate limiter counts it again and answers 429
    # Later hooks (the API's Content-Language) ask for the language of the copy.
    g.forced_language = page.locale
    flask_babel.refresh()
    response = current_app.response_class(page.body, headers=page.headers)
    response.headers[CACHE_STATUS] = "hit"
    caching.mark_served_from_cache()
    return response.make_conditional(request)


def _counted_within(counters, counts) -> bool | None:
    """Whether the reads counted with the lookup are within their limits (None: not counted).

    A read within them is marked counted; one beyond is left to the limiter's 429.
    """
    if counts is None:
        return None
    within = all(count <= allowed for count, (_key, _seconds, allowed)
                 in zip(counts, counters, strict=True))
    setattr(g, COUNTED, within)
    return within


def _is_shareable(response) -> bool:
    return (response.status_code == 200 and not response.is_streamed
            and not response.direct_passthrough and "Set-Cookie" not in response.headers
            and "csrf_token" not in g and not session.modified
            and not current_user.is_authenticated)


def store_in_cache(response):
    key = g.pop("page_cache_key", None)
    if key is None or not _is_shareable(response):
        return response
    response.add_etag(overwrite=False)
    if "Cache-Control" not in response.headers:
        response.cache_control.public = True
        response.cache_control.max_age = int(current_app.config.get("PAGE_MAX_AGE", 10))
    response.vary.update(("Cookie", "Accept-Language"))
    headers = [(name, value) for name, value in response.headers.items()
               if name.lower() not in OWN_HEADERS]
    signature, token = key
    page = CachedPage(token, current_language(), headers, response.get_data())
    current_app.extensions["page_cache"].set(signature, page)
    response.headers[CACHE_STATUS] = "miss"
    return response.make_conditional(request)
