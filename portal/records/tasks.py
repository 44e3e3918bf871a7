"""Rendering PDFs in the background.

Requests only mark editions ``queued``; the rendering starts once that transaction has
committed (so the worker sees the rows), in one of three ways (``RECORDS_RENDER_MODE``):

- ``thread``: a thread pool inside the web process, the embedded default;
- ``rq``: workers of an RQ queue on Redis, when ``PORTAL_REDIS_URL`` is set
  (``rq worker records --url $PORTAL_REDIS_URL --worker-class
  portal.records.worker.PortalWorker``, as deploy/portal-worker.service runs it);
- ``inline``: right after the commit, in the same thread (tests and the CLI).

A render that fails is tried again (``RECORDS_RENDER_ATTEMPTS``); the last error is kept
on the edition for the secretariat to see. A font missing on the server is not retried.
"""
from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.ops import metrics

log = logging.getLogger(__name__)
PENDING_KEY = "records_render"
QUEUE_NAME = "records"
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_worker_app: Flask | None = None


def mode(app: Flask) -> str:
    chosen = app.config.get("RECORDS_RENDER_MODE")
    if chosen:
        return chosen
    if app.config.get("TESTING"):
        return "inline"
    return "rq" if app.config.get("REDIS_URL") else "thread"


def after_commit(edition_ids: list[int]) -> None:
    """Render these editions once the current transaction commits (not if it rolls back)."""
    if edition_ids:
        db.session.info.setdefault(PENDING_KEY, []).extend(edition_ids)


@event.listens_for(Session, "after_commit")
def _dispatch_after_commit(session):
    # Releasing a savepoint also "commits": the rows are not visible to others until the
    # outermost transaction commits, so wait for that one.
    if session.in_nested_transaction():
        return
    ids = session.info.pop(PENDING_KEY, None)
    if not ids:
        return
    try:
        dispatch(current_app._get_current_object(), list(dict.fromkeys(ids)))
    except Exception:
        # The record is committed; its editions stay "queued" on the desk, and
        # `flask records render` renders them once the queue is back.
        log.exception("could not queue the rendering of editions %s", ids)


@event.listens_for(Session, "after_transaction_end")
def _forget_unless_committed(session, transaction):
    # The outermost transaction ended without committing (a rollback): nothing to render.
    # A savepoint rolled back (a retried number) keeps what the transaction queued before.
    if transaction.parent is None:
        session.info.pop(PENDING_KEY, None)


def dispatch(app: Flask, edition_ids: list[int]) -> None:
    how = mode(app)
    if how == "rq":
        queue = rq_queue(app)
        for edition_id in edition_ids:
            queue.enqueue("portal.records.tasks.rq_render", edition_id, job_timeout=900)
    elif how == "thread":
        pool = _thread_pool(app)
        for edition_id in edition_ids:
            pool.submit(_in_app, app, edition_id)
    else:
        for edition_id in edition_ids:
            _in_app(app, edition_id)


def _thread_pool(app: Flask) -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=int(app.config.get("RECORDS_RENDER_WORKERS",
                                                                      2)),
                                       thread_name_prefix="records-render")
        return _pool


def wait_for_threads() -> None:
    """Let queued thread renders finish (the CLI and tests call this)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True)


def rq_queue(app: Flask):
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE_NAME, connection=Redis.from_url(app.config["REDIS_URL"]))


def rq_render(edition_id: int) -> str:
    """The RQ job: the worker builds the app once from the environment."""
    return _in_app(preload_worker_app(), edition_id)


def preload_worker_app() -> Flask:
    global _worker_app
    if _worker_app is None:
        from portal import create_app
        from portal.records import rendering  # noqa: F401  (WeasyPrint, before any fork)

        _worker_app = create_app()
        with _worker_app.app_context():
            db.engine.dispose()  # no connection may be shared with forked work horses
    return _worker_app


def _in_app(app: Flask, edition_id: int) -> str:
    # A fresh app context is a fresh database session, apart from the request's.
    with app.app_context():
        try:
            return render_with_retries(edition_id)
        finally:
            db.session.remove()


def render_with_retries(edition_id: int) -> str:
    from portal.records import rendering
    from portal.records.models import FAILED, QUEUED, RENDERED, RENDERING, Edition
    from portal.records.pdf import RenderError
    from portal.timeutil import utcnow

    attempts = int(current_app.config.get("RECORDS_RENDER_ATTEMPTS", 3))
    for attempt in range(1, attempts + 1):
        edition = db.session.get(Edition, edition_id)
        if edition is None:
            return "gone"
        edition.render_status = RENDERING
        edition.render_attempts = (edition.render_attempts or 0) + 1
        db.session.commit()
        try:
            outcome = rendering.render_edition(edition)
        except Exception as error:  # reported on the edition, never half-stored
            db.session.rollback()
            final = isinstance(error, RenderError) or attempt == attempts
            message = str(error) if isinstance(error, RenderError) else (
                f"{type(error).__name__}: {error}")
            log.error("rendering edition %s failed (attempt %s of %s): %s", edition_id,
                      attempt, attempts, message, exc_info=not isinstance(error, RenderError))
            edition = db.session.get(Edition, edition_id)
            edition.render_status = FAILED if final else QUEUED
            edition.render_error = message
            db.session.commit()
            if final:
                metrics.RENDER_FAILURES.inc()
                return "failed"
            time.sleep(min(0.2 * attempt, 2))
            continue
        edition.render_status = RENDERED
        edition.render_error = None
        edition.rendered_at = utcnow()
        db.session.commit()
        return outcome
    return "failed"
