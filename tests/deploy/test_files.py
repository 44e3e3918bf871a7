"""The deploy/ folder works as it is: gunicorn accepts its configuration, the systemd units
run commands that exist, and the environment example names every setting."""
import configparser
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from portal import ROOT, config

DEPLOY = ROOT / "deploy"
VENV_BIN = Path(sys.executable).parent
INSTALLED_ROOT = "/srv/portal"


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / name)
    return parser


def _env(tmp_path, **extra) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PORTAL_INSTANCE_DIR": str(tmp_path),
            **extra}


def test_gunicorn_accepts_the_configuration_and_loads_the_app(tmp_path):
    result = subprocess.run(
        [str(VENV_BIN / "gunicorn"), "--check-config", "--config",
         str(DEPLOY / "gunicorn.conf.py"), "wsgi:app"],
        cwd=ROOT, env=_env(tmp_path, PORTAL_TRUSTED_PROXIES="1"),
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gunicorn_configuration_leaves_forwarded_headers_to_the_portal():
    settings = {}
    exec((DEPLOY / "gunicorn.conf.py").read_text(), settings)
    # ProxyFix (PORTAL_TRUSTED_PROXIES) alone decides which forwarded headers count.
    assert settings["forwarded_allow_ips"] == ""
    assert settings["worker_class"] == "gthread" and settings["workers"] >= 1
    # No access log, which would keep query strings: the portal logs each request itself.
    assert settings["accesslog"] is None
    assert settings["logconfig_dict"]["loggers"]["gunicorn.access"]["handlers"] == []


@pytest.mark.parametrize("name", ["portal-web.service", "portal-worker.service",
                                  "portal-notify-digest.service",
                                  "portal-notify-send.service"])
def test_units_run_commands_that_exist(name):
    unit = _unit(name)
    command = shlex.split(unit["Service"]["ExecStart"])
    program = Path(command[0])
    assert str(program).startswith(f"{INSTALLED_ROOT}/.venv/bin/")
    assert (VENV_BIN / program.name).exists(), f"{program.name} is not installed"
    for argument in command[1:]:
        if argument.startswith("deploy/"):
            assert (ROOT / argument).is_file(), argument
    for setting in ("EnvironmentFile", "User", "WorkingDirectory"):
        assert unit["Service"].get(setting), f"{name} has no {setting}"
    subcommand = [] if command[1].startswith("-") else command[1:2]  # "rq worker"
    help_run = subprocess.run([str(VENV_BIN / program.name), *subcommand, "--help"],
                              capture_output=True, text=True, timeout=60)
    assert help_run.returncode == 0, help_run.stderr


def test_worker_listens_on_the_queue_the_portal_fills():
    import importlib

    from portal.consultations import imports
    from portal.notifications import delivery
    from portal.records import tasks

    command = shlex.split(_unit("portal-worker.service")["Service"]["ExecStart"])
    assert command[1] == "worker"
    queues = set(command[2:command.index("--url")])
    assert {tasks.QUEUE_NAME, imports.QUEUE_NAME, delivery.QUEUE_NAME} <= queues
    module, name = command[command.index("--worker-class") + 1].rsplit(".", 1)
    assert getattr(importlib.import_module(module), name)


def test_environment_example_names_every_setting_and_no_secret():
    example = (DEPLOY / "portal.env.example").read_text()
    named = set(re.findall(r"^#?(PORTAL_[A-Z_]+)=", example, re.M))
    settings = {f"PORTAL_{name}" for name in (*config.DEFAULTS, *config.OPTIONAL)}
    settings |= {"PORTAL_DATABASE_URL", "PORTAL_STORAGE_DIR", "PORTAL_INSTANCE_DIR",
                 "PORTAL_MAIL_OUTBOX_DIR", "PORTAL_TRUSTED_PROXIES"}
    secrets = {"PORTAL_SECRET_KEY", "PORTAL_MAIL_SMTP_PASSWORD"}
    assert settings - secrets - named == set()
    assert not named & secrets
