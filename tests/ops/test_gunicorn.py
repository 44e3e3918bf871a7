"""Under gunicorn every worker counts into one folder: any worker's /metrics shows the sum."""
import json
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from tests import servers

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = 60
GUNICORN_CONFIG = """
from portal.ops.logs import gunicorn_logconfig
from portal.ops.metrics import child_exit, on_starting  # noqa: F401  (gunicorn's hooks)

logconfig_dict = gunicorn_logconfig()
"""


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def _healthz_count(page: str) -> float:
    return sum(sample.value for family in text_string_to_metric_families(page)
               for sample in family.samples
               if sample.name == "portal_http_requests_total"
               and sample.labels.get("route") == "/healthz")


def _serve_and_scrape(tmp_path) -> list[float]:
    """Starts gunicorn, sends REQUESTS requests to /healthz, scrapes /metrics, stops it."""
    port = servers.free_port()
    environment = {
        "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        "PORTAL_DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "PORTAL_SECRET_KEY": "test-secret-not-for-production",
        "PORTAL_STORAGE_DIR": str(tmp_path / "files"),
    }
    log = (tmp_path / "gunicorn.log").open("a")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--config", str(tmp_path / "gunicorn_conf.py"), "wsgi:app"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        servers.wait_for_http(base + "/healthz", process)
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(_get, [base + "/healthz"] * (REQUESTS - 1)))
        return [_healthz_count(_get(base + "/metrics")) for _ in range(6)]
    finally:
        process.terminate()
        process.wait(10)
        log.close()


def test_metrics_add_up_every_worker_and_start_again_from_zero(tmp_path):
    (tmp_path / "metrics").mkdir()
    (tmp_path / "gunicorn_conf.py").write_text(GUNICORN_CONFIG)
    assert _serve_and_scrape(tmp_path) == [REQUESTS] * 6
    # Restarted on the same folder: the earlier run's counts are not added again.
    assert _serve_and_scrape(tmp_path) == [REQUESTS] * 6


def test_gunicorn_logs_its_own_lines_as_json_too(tmp_path):
    (tmp_path / "metrics").mkdir()
    (tmp_path / "gunicorn_conf.py").write_text(GUNICORN_CONFIG)
    _serve_and_scrape(tmp_path)
    lines = [json.loads(line) for line in (tmp_path / "gunicorn.log").read_text().splitlines()]
    booted = [line for line in lines if line["message"].startswith("Booting worker")]
    assert len(booted) == 2 and booted[0]["logger"] == "gunicorn.error"
    assert booted[0]["level"] == "INFO" and booted[0]["time"].endswith("+00:00")
