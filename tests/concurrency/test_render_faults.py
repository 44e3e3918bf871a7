"""Renders whose process dies half-way are queued again once their lease runs out.

A thread-pool render is interrupted (as a process that stops would leave it), and a real
``rq worker`` is SIGKILLed while it renders; the edition is rendered again and served whole.
"""
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portal import jobs
from portal.extensions import db
from portal.permissions import SECRETARIAT
from portal.records import pdf, tasks
from portal.records.models import FAILED, RENDERED, RENDERING, Edition
from portal.timeutil import utcnow
from tests import servers
from tests.records.factories import make_meeting, make_statement, publish

ROOT = Path(__file__).resolve().parents[2]
LONG_BODY = "\n\n".join(f"## Part {n}\n\n" + "Water and sanitation for all. " * 80
                        for n in range(1, 41))


def edition(edition_id) -> Edition:
    db.session.expire_all()
    return db.session.get(Edition, edition_id)


def wait_for(condition, seconds=120, what="the condition"):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def wait_for_the_lease_to_run_out(edition_id):
    lease = edition(edition_id).render_lease_until
    wait_for(lambda: utcnow() > lease, what="the end of the lease")


def assert_served_whole(app, client, edition_id):
    found = edition(edition_id)
    assert found.render_status == RENDERED and found.render_lease_until is None
    response = client.get(f"/records/pdf/{found.language}/{found.record.symbol}")
    assert response.status_code == 200
    content = response.get_data()
    assert content.startswith(b"%PDF") and content.rstrip().endswith(b"%%EOF")
    assert hashlib.sha256(content).hexdigest() == found.file.sha256
    # Every stored file is whole: its name is the hash of its bytes.
    for stored in Path(app.config["STORAGE_DIR"]).rglob("[0-9a-f]*.pdf"):
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == stored.stem


def interrupt_renders(monkeypatch, times):
    """The next renders stop half-way, as a process that dies would leave them."""
    real = pdf.html_to_pdf_with_pages
    left = [times]

    def stopping(html, assets=None):
        if left[0] > 0:
            left[0] -= 1
            raise SystemExit("the process stops")
        return real(html, assets=assets)

    monkeypatch.setattr(pdf, "html_to_pdf_with_pages", stopping)


@pytest.fixture
def thread_pool(app):
    app.config.update(RECORDS_RENDER_MODE="thread", RECORDS_RENDER_LEASE_SECONDS=1)
    yield
    tasks.wait_for_threads()


def test_an_interrupted_thread_render_is_queued_again_from_the_desk(
        app, thread_pool, monkeypatch, make_user, sign_in):
    interrupt_renders(monkeypatch, times=1)
    edition_id = publish(make_statement(make_meeting())).original.id
    db.session.commit()
    tasks.wait_for_threads()
    assert edition(edition_id).render_status == RENDERING  # stuck: nobody renders it
    wait_for_the_lease_to_run_out(edition_id)
    client = sign_in(make_user(role=SECRETARIAT))
    desk = client.get("/secretariat/records").get_data(as_text=True)
    assert "1 of 3 attempts made" in desk
    tasks.wait_for_threads()
    assert edition(edition_id).render_attempts == 2
    assert_served_whole(app, client, edition_id)


def test_a_render_interrupted_on_every_attempt_is_reported_failed(
        app, thread_pool, monkeypatch, make_user, sign_in):
    app.config["RECORDS_RENDER_ATTEMPTS"] = 2
    interrupt_renders(monkeypatch, times=2)
    edition_id = publish(make_statement(make_meeting())).original.id
    db.session.commit()
    client = sign_in(make_user(role=SECRETARIAT))
    for _attempt in range(2):
        tasks.wait_for_threads()
        wait_for_the_lease_to_run_out(edition_id)
        desk = client.get("/secretariat/records").get_data(as_text=True)
    assert edition(edition_id).render_status == FAILED
    assert "PDF editions that failed" in desk
    assert "stopped without finishing on every attempt" in desk and "2 attempts" in desk


@pytest.fixture
def redis_url(tmp_path):
    server = servers.Redis(tmp_path / "redis").start()
    yield server.url
    server.stop()


class Worker:
    """A real ``rq worker`` process (and its work horses) in a process group of its own."""

    def __init__(self, app, redis_url, log: Path, burst=False):
        env = {**os.environ, "PORTAL_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
               "PORTAL_STORAGE_DIR": app.config["STORAGE_DIR"],
               "PORTAL_MAIL_OUTBOX_DIR": app.config["MAIL_OUTBOX_DIR"],
               "PORTAL_SECRET_KEY": "worker-test-secret", "PORTAL_REDIS_URL": redis_url,
               "PORTAL_RECORDS_RENDER_LEASE_SECONDS": "600"}
        command = [sys.executable, "-m", "rq.cli", "worker", "records", "--url", redis_url,
                   "--path", str(ROOT), *(["--burst"] if burst else [])]
        self.log = open(log, "ab")  # noqa: SIM115  (closed in stop)
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def kill(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(30)
        self.log.close()

    def wait(self, seconds=300):
        self.process.wait(seconds)
        self.log.close()


def test_a_render_whose_rq_worker_is_killed_is_retried_by_the_queue_and_served(
        app, redis_url, monkeypatch, make_user, sign_in, tmp_path):
    from rq.registry import StartedJobRegistry

    app.config.update(REDIS_URL=redis_url, RECORDS_RENDER_MODE="rq")
    monkeypatch.setattr(jobs, "_worker_app", app)  # RQ's callbacks run here, for this app
    edition_id = publish(make_statement(make_meeting(), body=LONG_BODY)).original.id
    db.session.commit()
    worker = Worker(app, redis_url, tmp_path / "worker.log")
    try:
        wait_for(lambda: edition(edition_id).render_status == RENDERING, what="the render")
        worker.kill()  # SIGKILL, half-way through the render
    finally:
        worker.kill()
    assert edition(edition_id).render_status == RENDERING
    # The queue's maintenance finds the job abandoned (once its heartbeat is old enough)
    # and calls its failure callback, which queues the edition again.
    queue = tasks.rq_queue(app)
    StartedJobRegistry(queue=queue).cleanup(timestamp=time.time() + 3600)
    assert queue.count == 1
    second = Worker(app, redis_url, tmp_path / "worker.log", burst=True)
    try:
        second.wait()
    finally:
        second.kill()
    assert edition(edition_id).render_attempts == 2, (tmp_path / "worker.log").read_text()
    assert_served_whole(app, app.test_client(), edition_id)
