"""The code passes the linter configured in ruff.toml (every ignored rule has its reason)."""
import subprocess
import sys

from portal import ROOT


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "portal", "tests",
                             "migrations", "deploy", "wsgi.py"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
