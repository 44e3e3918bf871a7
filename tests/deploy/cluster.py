"""Real servers on 127.0.0.1 for the deployment tests: each is stopped by ``Cluster.stop``.

Everything runs the way deploy/ describes production: gunicorn with deploy/gunicorn.conf.py,
``rq worker records``, settings only from PORTAL_* environment variables.
"""
from __future__ import annotations

import configparser
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from portal import ROOT
from tests.servers import free_port, wait_for_http

BIN = Path(sys.executable).parent
INSTALLED_ROOT = "/srv/portal"  # where deploy/*.service expect the checkout
SECRET_KEY = "the-same-key-on-every-machine-for-this-test"


class Cluster:
    def __init__(self, folder: Path):
        self.folder = folder
        self.processes: list[subprocess.Popen] = []
        self.named: dict[str, subprocess.Popen] = {}
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "PORTAL_SECRET_KEY": SECRET_KEY}

    def configure(self, **settings: str) -> None:
        self.env.update({f"PORTAL_{name}": value for name, value in settings.items()})

    def flask(self, *args: str) -> str:
        result = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT,
                                env=self.env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def _start(self, name: str, command: list[str], **env: str) -> subprocess.Popen:
        """A process in a working directory (and instance folder) of its own."""
        workdir = self.folder / name
        (workdir / "instance").mkdir(parents=True)
        log = (workdir / "log").open("wb")
        process = subprocess.Popen(
            command, cwd=workdir, stdout=log, stderr=subprocess.STDOUT,
            env={**self.env, "PORTAL_INSTANCE_DIR": str(workdir / "instance"), **env},
            start_new_session=True)  # its own process group: stopping it stops its children
        self.processes.append(process)
        self.named[name] = process
        return process

    def unit_command(self, unit: str) -> list[str]:
        """The ExecStart of a deploy/ unit, with this virtual environment and checkout."""
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.read(ROOT / "deploy" / unit)
        command = parser["Service"]["ExecStart"].replace(f"{INSTALLED_ROOT}/.venv/bin", str(BIN))
        command = re.sub(r"\$\{(\w+)\}", lambda m: self.env[m.group(1)], command)
        return [str(ROOT / part) if part.startswith("deploy/") else part
                for part in shlex.split(command)]

    def web(self, name: str) -> str:
        """A web server as portal-web.service starts it, on a free port, with 1 worker.

        Its workers count into a metrics folder of its own, as the unit's RuntimeDirectory.
        """
        port = free_port()
        metrics = self.folder / f"{name}-metrics"
        metrics.mkdir()
        self._start(name, [*self.unit_command("portal-web.service"), "--bind",
                           f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"],
                    PROMETHEUS_MULTIPROC_DIR=str(metrics))
        return f"http://127.0.0.1:{port}"

    def web_workers(self, name: str) -> list[int]:
        """The process ids of a web server's gunicorn workers (its master's children)."""
        master = self.named[name].pid
        return [int(child) for task in Path(f"/proc/{master}/task").iterdir()
                for child in (task / "children").read_text().split()]

    def wait_until_up(self, url: str) -> None:
        wait_for_http(f"{url}/", seconds=60)

    def worker(self, name: str) -> None:
        self._start(name, self.unit_command("portal-worker.service"))

    def log(self, name: str) -> str:
        return (self.folder / name / "log").read_text(errors="replace")

    def stop(self) -> None:
        """SIGTERM to every process group at once, then SIGKILL to any still running."""
        running = [p for p in self.processes if p.poll() is None]
        for process in running:
            os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in running:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)


def _wait_for(condition, message: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(message)


wait_for = _wait_for
