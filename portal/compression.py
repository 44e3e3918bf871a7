"""Text answers compressed with gzip for browsers that accept it (Flask-Compress).

A page of the portal shrinks three to four times: what an organizing partner on a slow
connection waits for. The hook runs after every hook that changes an answer but before the
page cache stores it, so a cached copy is compressed once, not on every hit. The ETag is
taken from the uncompressed body first, then marked with the encoding (``"…:gzip"``), so
each representation keeps a validator of its own.
"""
from flask import Flask, request
from flask_compress import Compress

from portal import ops
from portal.caching import served_from_cache

compress = Compress()
SETTINGS = {
    "COMPRESS_REGISTER": False,  # placed by hand in the hook order (below)
    "COMPRESS_ALGORITHM": ["gzip"],  # every browser has it; the standard library makes it
    "COMPRESS_LEVEL": 6,
    "COMPRESS_MIN_SIZE": 1024,
    "COMPRESS_STREAMS": False,  # exports stream as they are written
    "COMPRESS_MIMETYPES": [
        "text/html", "text/css", "text/javascript", "text/plain", "text/csv",
        "text/calendar", "application/json", "application/problem+json",
        "application/atom+xml", "application/xml", "image/svg+xml"],
}


def init_app(app: Flask) -> None:
    for name, value in SETTINGS.items():
        app.config.setdefault(name, value)
    compress.init_app(app)
    ops.run_before_the_request_log(app, compress_response)  # and before the page store


def compress_response(response):
    if served_from_cache():
        return response  # stored compressed, or not, as this request's encoding asks
    if request.method in ("GET", "HEAD") and response.status_code == 200 \
            and not response.is_streamed and not response.direct_passthrough:
        response.add_etag(overwrite=False)
    return compress.after_request(response)
