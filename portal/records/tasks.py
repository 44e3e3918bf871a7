"""Rendering PDFs in the background.

Requests only mark editions ``queued``; the rendering starts once that transaction has
committed (so the worker sees the rows), in one of three ways (``RECORDS_RENDER_MODE``):

``thread``, ``rq`` or ``inline``, dispatched by portal/jobs.py on the queue ``records``
(deploy/portal-worker.service runs the RQ workers).

A render that fails is tried again (``RECORDS_RENDER_ATTEMPTS``); the last error is kept
on the edition for the secretariat to see. A font missing on the server is not retried.

A queued or rendering edition holds a lease (``RECORDS_RENDER_LEASE_SECONDS``). A render
whose process died (worker killed, machine restarted) or whose queue entry was lost leaves
its lease to run out; ``sweep`` then queues it again, or marks it failed once every attempt
was used. The sweep runs with the secretariat's desk, ``flask records render`` and the RQ
job's failure callback (RQ calls it for a job whose worker died).
"""
from __future__ import annotations

import logging
import time
from datetime import timedelta

from flask import Flask, current_app

from portal import database, jobs
from portal.extensions import db
from portal.ops import metrics
from portal.records import render_errors
from portal.records.models import FAILED, QUEUED, RENDERED, RENDERING, Edition
from portal.records.render_errors import RenderError
from portal.timeutil import utcnow

log = logging.getLogger(__name__)
KIND = "records_render"
QUEUE_NAME = "records"
ATTEMPTS = 3
LEASE_SECONDS = 900  # as long as an RQ job may run
# The detail kept for the log; the desk shows render_errors.INTERRUPTED translated.
INTERRUPTED = "The rendering stopped without finishing on every attempt (the process died)."


def mode(app: Flask) -> str:
    return jobs.mode(app, "RECORDS_RENDER_MODE")


def after_commit(edition_ids: list[int]) -> None:
    """Render these editions once the current transaction commits (not if it rolls back)."""
    jobs.after_commit(KIND, edition_ids)


def dispatch(app: Flask, edition_ids: list[int]) -> None:
    jobs.submit(app, mode(app), QUEUE_NAME, "portal.records.tasks.rq_render", _in_app,
                edition_ids, workers=int(app.config.get("RECORDS_RENDER_WORKERS", 2)),
                job_timeout=LEASE_SECONDS, on_failure="portal.records.tasks.rq_render_failed")


# Looked up when called, so that tests may replace ``dispatch``.
jobs.register(KIND, lambda app, ids: dispatch(app, ids))
wait_for_threads = jobs.wait_for_threads


def rq_queue(app: Flask):
    return jobs.rq_queue(app, QUEUE_NAME)


def rq_render(edition_id: int) -> str:
    """The RQ job: the worker builds the app once from the environment."""
    return _in_app(jobs.worker_app(), edition_id)


def rq_render_failed(job, connection, error_type, error, traceback) -> None:
    """RQ gave up on the job (its worker died, or it raised): queue the edition again."""
    edition_id = job.args[0]
    log.warning("render job of edition %s failed: %s", edition_id, error_type.__name__)
    with jobs.worker_app().app_context():
        try:
            sweep(expire=[edition_id])
            db.session.commit()
        finally:
            db.session.remove()


def _in_app(app: Flask, edition_id: int) -> str:
    return jobs.in_app(app, render_with_retries, edition_id)


def attempts_allowed() -> int:
    return int(current_app.config.get("RECORDS_RENDER_ATTEMPTS", ATTEMPTS))


def lease_end():
    seconds = int(current_app.config.get("RECORDS_RENDER_LEASE_SECONDS", LEASE_SECONDS))
    return utcnow() + timedelta(seconds=seconds)


def sweep(expire: list[int] = (), dispatch_them: bool = True) -> list[int]:
    """Queue again the editions whose lease ran out; fail those that used every attempt.

    ``expire`` names editions known to be abandoned (RQ reports their job failed). The
    caller commits; the editions are dispatched after that commit (unless told not to).
    """
    now = utcnow()
    lost = db.select(Edition.id).where(
        Edition.render_status.in_((QUEUED, RENDERING)),
        (Edition.render_lease_until < now) | Edition.render_lease_until.is_(None)
        | Edition.id.in_(list(expire)))
    again = []
    for edition_id in db.session.scalars(lost.limit(500)).all():
        edition = db.session.get(Edition, edition_id)
        database.lock(edition)  # a worker may be claiming it right now
        lease = edition.render_lease_until
        if edition.render_status not in (QUEUED, RENDERING) or (
                lease is not None and lease >= now and edition_id not in expire):
            continue
        if edition.render_status == RENDERING and edition.render_attempts >= attempts_allowed():
            _interrupted(edition)
            log.error("rendering edition %s gave up: %s", edition_id, INTERRUPTED)
            continue
        edition.render_status, edition.render_lease_until = QUEUED, lease_end()
        again.append(edition_id)
    db.session.flush()
    if again:
        log.warning("queuing again the renders of editions %s (lease ran out)", again)
        if dispatch_them:
            after_commit(again)
    return again


def _finish(edition: Edition, status: str, error: Exception | None = None) -> None:
    """Settle the attempt; a failure keeps its code and parameters (shown translated)."""
    edition.render_status = status
    edition.render_error = edition.render_error_code = edition.render_error_params = None
    if error is not None:
        edition.render_error = str(error) if isinstance(error, RenderError) else (
            f"{type(error).__name__}: {error}")
        edition.render_error_code = getattr(error, "code", render_errors.RENDER_FAILED)
        edition.render_error_params = getattr(error, "params", None) or None
    edition.render_lease_until = None


def _interrupted(edition: Edition) -> None:
    _finish(edition, FAILED, RenderError(INTERRUPTED, render_errors.INTERRUPTED))


def _claim(edition_id: int) -> Edition | str:
    """Take the edition for one attempt (committed), or say why not: "gone", "busy", "failed"."""
    edition = db.session.get(Edition, edition_id)
    if edition is None:
        return "gone"
    database.lock(edition)
    if edition.render_status == RENDERING and edition.render_lease_until \
            and edition.render_lease_until > utcnow():
        db.session.rollback()
        return "busy"  # another worker holds it
    if edition.render_status == RENDERING and edition.render_attempts >= attempts_allowed():
        _interrupted(edition)  # every attempt died on the way
        db.session.commit()
        return "failed"
    edition.render_status = RENDERING
    edition.render_attempts = (edition.render_attempts or 0) + 1
    edition.render_lease_until = lease_end()
    db.session.commit()
    return edition


def render_with_retries(edition_id: int) -> str:
    from portal.records import rendering

    while True:
        edition = _claim(edition_id)
        if isinstance(edition, str):
            return edition
        attempt, attempts = edition.render_attempts, attempts_allowed()
        try:
            outcome = rendering.render_edition(edition)
        except Exception as error:  # reported on the edition, never half-stored
            db.session.rollback()
            final = isinstance(error, RenderError) or attempt >= attempts
            log.error("rendering edition %s failed (attempt %s of %s): %s: %s", edition_id,
                      attempt, attempts, type(error).__name__, error,
                      exc_info=not isinstance(error, RenderError))
            edition = db.session.get(Edition, edition_id)
            _finish(edition, FAILED if final else QUEUED, error)
            if not final:
                edition.render_lease_until = lease_end()
            db.session.commit()
            if final:
                metrics.RENDER_FAILURES.inc()
                return "failed"
            time.sleep(min(0.2 * attempt, 2))
            continue
        _finish(edition, RENDERED)
        edition.rendered_at = utcnow()
        db.session.commit()
        return outcome
