"""Rendering PDFs in the background.

Requests only mark editions ``queued``; the rendering starts once that transaction has
committed (so the worker sees the rows), in one of three ways (``RECORDS_RENDER_MODE``):

``thread``, ``rq`` or ``inline``, dispatched by portal/jobs.py on the queue ``records``
(deploy/portal-worker.service runs the RQ workers).

A render that fails is tried again (``RECORDS_RENDER_ATTEMPTS``); the last error is kept
on the edition for the secretariat to see. A font missing on the server is not retried.
"""
from __future__ import annotations

import logging
import time

from flask import Flask, current_app

from portal import jobs
from portal.extensions import db
from portal.ops import metrics

log = logging.getLogger(__name__)
KIND = "records_render"
QUEUE_NAME = "records"

def mode(app: Flask) -> str:
    return jobs.mode(app, "RECORDS_RENDER_MODE")


def after_commit(edition_ids: list[int]) -> None:
    """Render these editions once the current transaction commits (not if it rolls back)."""
    jobs.after_commit(KIND, edition_ids)


def dispatch(app: Flask, edition_ids: list[int]) -> None:
    jobs.submit(app, mode(app), QUEUE_NAME, "portal.records.tasks.rq_render", _in_app,
                edition_ids, workers=int(app.config.get("RECORDS_RENDER_WORKERS", 2)))


# Looked up when called, so that tests may replace ``dispatch``.
jobs.register(KIND, lambda app, ids: dispatch(app, ids))
wait_for_threads = jobs.wait_for_threads


def rq_queue(app: Flask):
    return jobs.rq_queue(app, QUEUE_NAME)


def rq_render(edition_id: int) -> str:
    """The RQ job: the worker builds the app once from the environment."""
    return _in_app(jobs.worker_app(), edition_id)


def _in_app(app: Flask, edition_id: int) -> str:
    return jobs.in_app(app, render_with_retries, edition_id)


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
