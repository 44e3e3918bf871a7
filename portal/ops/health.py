"""What a load balancer asks: is the process up, and can it serve requests now?

Each readiness check answers "ok" or "unreachable"; the reason goes to the log as an
exception type only (a connection error may name hosts or users, never for the public).
"""
import logging

from flask import Flask
from sqlalchemy import text

from portal.extensions import db

log = logging.getLogger(__name__)
OK = "ok"
UNREACHABLE = "unreachable"
# A probe must answer before the load balancer gives up on it.
REDIS_TIMEOUT_SECONDS = 1


def redis_client(app: Flask):
    from redis import Redis

    return Redis.from_url(app.config["REDIS_URL"], socket_timeout=REDIS_TIMEOUT_SECONDS,
                          socket_connect_timeout=REDIS_TIMEOUT_SECONDS)


def database_is_reachable(app: Flask) -> None:
    # A connection of its own: the request's session stays untouched by a failure.
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def queue_is_reachable(app: Flask) -> None:
    """Redis when configured; otherwise renders run in this process, up when it is."""
    if app.config.get("REDIS_URL"):
        redis_client(app).ping()


def store_is_reachable(app: Flask) -> None:
    from portal.records import storage

    if not storage.reachable():
        raise OSError("the files store cannot be written")


CHECKS = {
    "database": database_is_reachable,
    "queue": queue_is_reachable,
    "store": store_is_reachable,
}


def readiness(app: Flask) -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check(app)
            results[name] = OK
        except Exception as error:
            log.warning("readiness check %s failed: %s", name, type(error).__name__)
            results[name] = UNREACHABLE
    return results
