"""One commit per request, in one place: services only add and flush.

SQLite's transactions follow SQLAlchemy's pysqlite recipe ("Serializable isolation /
Savepoints / Transactional DDL"): the driver's own transaction handling is turned off
(``isolation_level = None``) and the portal says ``BEGIN`` itself, so that a savepoint is
nested in the request's transaction instead of starting (and committing) one of its own.

The ``BEGIN IMMEDIATE`` is sent just before the first statement that writes or locks
(``with_for_update()``): it takes SQLite's write lock, so two writers queue (up to
``SQLITE_BUSY_SECONDS``) instead of one failing with "database is locked", and what a writer
reads after it is current, as a row lock gives on PostgreSQL. Reads before it see the latest
committed data, as PostgreSQL's READ COMMITTED does.
"""
from flask import Flask
from sqlalchemy import event, inspect

from portal import mail
from portal.extensions import db

READS = ("SELECT", "PRAGMA", "EXPLAIN", "WITH")
SQLITE_BUSY_SECONDS = 15


def init_app(app: Flask) -> None:
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite":
                _sqlite_transactions(engine, app.config.get("SQLITE_BUSY_SECONDS",
                                                            SQLITE_BUSY_SECONDS))

    @app.after_request
    def commit_or_roll_back(response):
        # A response below 400 means the request did what it meant to do; anything
        # else (a rejected form, a refusal, an error page) must change no data.
        # A request that never opened a session (a page from the cache) has nothing to end.
        opened = db.session.registry.has()
        if response.status_code < 400:
            if opened:
                db.session.commit()
            mail.deliver_queued()
        else:
            if opened:
                db.session.rollback()
            mail.discard_queued()
        return response


def lock(obj) -> None:
    """Hold the object's row until the request ends (on SQLite: the database) and read it again.

    What the request then checks and writes cannot be changed by a concurrent one.
    """
    key = inspect(obj).mapper.primary_key[0]
    db.session.execute(db.select(key).where(key == inspect(obj).identity[0]).with_for_update())
    db.session.refresh(obj)


def _sqlite_transactions(engine, busy_seconds) -> None:
    @event.listens_for(engine, "connect")
    def take_over_transactions(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # pysqlite no longer BEGINs or COMMITs
        dbapi_connection.execute(f"PRAGMA busy_timeout = {int(float(busy_seconds) * 1000)}")

    @event.listens_for(engine, "before_cursor_execute")
    def begin_before_writing(conn, cursor, statement, parameters, context, executemany):
        dbapi_connection = cursor.connection
        if dbapi_connection.in_transaction or not _writes(statement, context):
            return
        dbapi_connection.execute("BEGIN IMMEDIATE")


def _writes(statement: str, context) -> bool:
    """Whether the statement changes data, opens a savepoint or asks for a lock."""
    words = statement.lstrip().split(None, 1)
    if not words or words[0].upper() not in READS:
        return True
    compiled = getattr(context, "compiled", None)
    return getattr(getattr(compiled, "statement", None), "_for_update_arg", None) is not None
