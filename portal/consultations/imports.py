"""Large CSV imports of offline inputs, run by the background queue (portal/jobs.py).

A file of more than ``IMPORT_BACKGROUND_ROWS`` lines (default 2,000, a second or so of
work) is not checked and written in the request: near the cap (200,000 rows) that would
outlast a web worker's timeout. The page stores it as an ``ImportJob`` and answers at once
with the job's page; a worker checks every row (progress committed as it goes), then
writes them all in one transaction: all or nothing, as in the page. ``IMPORT_MODE``
chooses how jobs run, as ``RECORDS_RENDER_MODE`` does.
"""
from __future__ import annotations

import logging

from flask import Flask, current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from tqdm import tqdm

from portal import jobs
from portal.consultations import services
from portal.consultations.models import (
    JOB_CHECKING,
    JOB_DONE,
    JOB_FAILED,
    JOB_QUEUED,
    JOB_REFUSED,
    JOB_WRITING,
    ImportJob,
)
from portal.extensions import db
from portal.i18n import current_language, format_number
from portal.statements.models import DRAFT, IN_VALIDATION
from portal.timeutil import utcnow

log = logging.getLogger(__name__)
KIND = "consultation_import"
QUEUE_NAME = "imports"
BACKGROUND_ROWS = 2_000
MAX_ERRORS_KEPT = 1_000  # a wholly wrong file of 200,000 rows is not worth storing in full


def background_rows(app: Flask) -> int:
    return int(app.config.get("IMPORT_BACKGROUND_ROWS", BACKGROUND_ROWS))


def is_large(data: bytes) -> bool:
    """More lines than the request may handle (a multi-line value counts its lines)."""
    return data.count(b"\n") > background_rows(current_app)


def queue(consultation, user, data: bytes, dry_run: bool) -> ImportJob:
    """Store the file as a job; the queue starts it once the request commits."""
    job = ImportJob(consultation_id=consultation.id, created_by_id=user.id,
                    language=current_language(), dry_run=dry_run, data=data,
                    rows_total=max(data.count(b"\n") - 1, 1), errors=[])
    db.session.add(job)
    db.session.flush()
    jobs.after_commit(KIND, [job.id])
    return job


def mode(app: Flask) -> str:
    return jobs.mode(app, "IMPORT_MODE")


def dispatch(app: Flask, job_ids: list[int]) -> None:
    jobs.submit(app, mode(app), QUEUE_NAME, "portal.consultations.imports.rq_run", _in_app,
                job_ids, workers=1, job_timeout=3600)


jobs.register(KIND, lambda app, ids: dispatch(app, ids))


def rq_run(job_id: int) -> str:
    """The RQ job (queue ``imports``)."""
    return _in_app(jobs.worker_app(), job_id)


def _in_app(app: Flask, job_id: int) -> str:
    return jobs.in_app(app, run, job_id)


def run(job_id: int) -> str:
    """Check, then write the whole file in one transaction; the outcome is on the job."""
    # Claimed in one statement: a job delivered twice is run once.
    claimed = db.session.execute(
        db.update(ImportJob).where(ImportJob.id == job_id, ImportJob.status == JOB_QUEUED)
        .values(status=JOB_CHECKING)).rowcount
    db.session.commit()
    if not claimed:
        return "gone"
    job = db.session.get(ImportJob, job_id)
    with force_locale(job.language):
        try:
            return _check_and_write(job)
        except Exception:
            log.exception("import job %s failed", job_id)
            db.session.rollback()
            _finish(db.session.get(ImportJob, job_id), JOB_FAILED, [[None, _(
                "The import stopped on an unexpected error. Nothing was imported; send the "
                "file again, or tell the secretariat if it happens again.")]])
            return "failed"


def _check_and_write(job: ImportJob) -> str:
    if job.consultation.statement.status not in (DRAFT, IN_VALIDATION):
        return _finish(job, JOB_REFUSED, [[None, _(
            "The statement of this consultation is submitted; its inputs can no longer "
            "change.")]])
    result = services.parse_inputs_csv(job.data, progress=lambda done, total: _progress(
        job, done, total))
    if not result.ok:
        return _finish(job, JOB_REFUSED, _kept(result.errors))
    job.people = result.people
    if job.dry_run:
        return _finish(job, JOB_DONE)
    job.status = JOB_WRITING
    db.session.commit()
    # One transaction from here: the inputs and the job's "done" are committed together.
    job.imported = services.import_inputs(job.consultation, result)
    return _finish(job, JOB_DONE)


def _progress(job: ImportJob, done: int, total: int) -> None:
    job.rows_done, job.rows_total = done, total
    db.session.commit()  # nothing else is pending while rows are checked


def _kept(errors: list) -> list:
    kept = [[line, str(message)] for line, message in errors[:MAX_ERRORS_KEPT]]
    if len(errors) > MAX_ERRORS_KEPT:
        kept.append([None, _("Further errors not shown: %(count)s.",
                             count=format_number(len(errors) - MAX_ERRORS_KEPT))])
    return kept


def _finish(job: ImportJob, status: str, errors: list | None = None) -> str:
    job.status, job.errors, job.data, job.finished_at = status, errors or [], None, utcnow()
    if status == JOB_DONE:
        job.rows_done = job.rows_total
    db.session.commit()
    return status


def import_with_progress_bar(consultation, data: bytes, dry_run: bool, quiet: bool = False):
    """The command line's import: in the foreground, with a progress bar on the terminal.

    Returns the checked file (errors or rows) and the number of inputs written; the caller
    commits.
    """
    with tqdm(total=max(data.count(b"\n") - 1, 1), desc="Checking", unit="row",
              disable=quiet) as bar:
        result = services.parse_inputs_csv(data, progress=lambda done, total: _advance(
            bar, done, total))
        _advance(bar, len(result.rows), len(result.rows))
    if not result.ok or dry_run:
        return result, 0
    with tqdm(total=len(result.rows), desc="Writing", unit="row", disable=quiet) as bar:
        written = services.import_inputs(consultation, result, progress=lambda done: _advance(
            bar, done, len(result.rows)))
    return result, written


def _advance(bar, done: int, total: int) -> None:
    bar.total = total
    bar.update(done - bar.n)
