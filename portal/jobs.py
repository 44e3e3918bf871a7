"""Work that runs once the request's transaction has committed, outside the request.

Used by the rendering of PDF editions (portal/records/tasks.py), by large CSV imports
(portal/consultations/imports.py) and by email notifications
(portal/notifications/delivery.py). A domain queues ids with ``after_commit(kind, ids)``;
once the outermost transaction commits (so the worker sees the rows), the dispatcher it
registered for that kind runs them in one of three ways (see ``mode``):

- ``thread``: a thread pool inside the web process, the embedded default;
- ``rq``: workers of an RQ queue on Redis, when ``PORTAL_REDIS_URL`` is set
  (deploy/portal-worker.service: ``rq worker records imports notifications
  --url $PORTAL_REDIS_URL --worker-class portal.records.worker.PortalWorker``);
- ``inline``: right after the commit, in the same thread (tests and the CLI).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
PENDING_KEY = "jobs_after_commit"
_dispatchers: dict[str, Callable[[Flask, list[int]], None]] = {}
_pools: dict[str, ThreadPoolExecutor] = {}
_pool_lock = threading.Lock()
_worker_app: Flask | None = None


def register(kind: str, dispatcher: Callable[[Flask, list[int]], None]) -> None:
    """``dispatcher(app, ids)`` starts the work on ``ids`` once a transaction commits."""
    _dispatchers[kind] = dispatcher


def mode(app: Flask, setting: str) -> str:
    chosen = app.config.get(setting)
    if chosen:
        return chosen
    if app.config.get("TESTING"):
        return "inline"
    return "rq" if app.config.get("REDIS_URL") else "thread"


def after_commit(kind: str, ids: list[int]) -> None:
    """Start this kind of work on these ids once the current transaction commits."""
    from portal.extensions import db

    if ids:
        db.session.info.setdefault(PENDING_KEY, {}).setdefault(kind, []).extend(ids)


@event.listens_for(Session, "after_commit")
def _dispatch_after_commit(session):
    # Releasing a savepoint also "commits": the rows are not visible to others until the
    # outermost transaction commits, so wait for that one.
    if session.in_nested_transaction():
        return
    for kind, ids in (session.info.pop(PENDING_KEY, None) or {}).items():
        try:
            _dispatchers[kind](current_app._get_current_object(), list(dict.fromkeys(ids)))
        except Exception:
            # The rows are committed and stay queued; each domain has a command that runs
            # what is left once the queue is back (`flask records render`).
            log.exception("could not queue %s %s", kind, ids)


@event.listens_for(Session, "after_transaction_end")
def _forget_unless_committed(session, transaction):
    # The outermost transaction ended without committing (a rollback): nothing to start.
    # A savepoint rolled back (a retried number) keeps what the transaction queued before.
    if transaction.parent is None:
        session.info.pop(PENDING_KEY, None)


def submit(app: Flask, how: str, queue: str, rq_function: str,
           run: Callable[[Flask, int], object], ids: list[int], *, workers: int = 2,
           job_timeout: int = 900, on_failure: str | None = None) -> None:
    """Run ``run(app, id)`` for each id: on the RQ ``queue`` (calling ``rq_function``, a
    dotted name the worker imports, and ``on_failure`` when RQ gives the job up), on this
    process's thread pool, or now."""
    if how == "rq":
        from rq import Callback

        rq = rq_queue(app, queue)
        failure = Callback(on_failure) if on_failure else None
        for one in ids:
            rq.enqueue(rq_function, one, job_timeout=job_timeout, on_failure=failure)
    elif how == "thread":
        pool = _thread_pool(queue, workers)
        for one in ids:
            pool.submit(run, app, one)
    else:
        for one in ids:
            run(app, one)


def in_app(app: Flask, work: Callable[[int], object], one: int):
    """``work(one)`` in a fresh app context: a database session apart from the request's."""
    from portal.extensions import db

    with app.app_context():
        try:
            return work(one)
        finally:
            db.session.remove()


def _thread_pool(name: str, workers: int) -> ThreadPoolExecutor:
    with _pool_lock:
        if name not in _pools:
            _pools[name] = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
        return _pools[name]


def wait_for_threads() -> None:
    """Let queued thread work finish (the CLI and tests call this)."""
    with _pool_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.shutdown(wait=True)


def rq_queue(app: Flask, name: str):
    from redis import Redis
    from rq import Queue

    return Queue(name, connection=Redis.from_url(app.config["REDIS_URL"]))


def worker_app() -> Flask:
    """The app of an RQ worker process, built once from the environment."""
    global _worker_app
    if _worker_app is None:
        from portal import create_app
        from portal.extensions import db

        _worker_app = create_app()
        with _worker_app.app_context():
            db.engine.dispose()  # no connection may be shared with forked work horses
    return _worker_app
