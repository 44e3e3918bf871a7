"""The README's two Quick start commands are the ones CI and newcomers run."""
import re

from portal import ROOT


def _quick_start_blocks():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Quick start\n(.*?)(?=^## )", text, re.M | re.S).group(1)
    return re.findall(r"^```sh\n(.*?)^```", section, re.M | re.S)


def test_ci_runs_exactly_the_readme_test_block():
    run_block, test_block = _quick_start_blocks()[:2]
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_block.strip() in ci_script
    assert test_block.strip().splitlines()[-1] == ".venv/bin/python -m pytest"


def test_the_run_block_builds_the_database_loads_demo_data_and_serves():
    run_block = _quick_start_blocks()[0]
    for step in ("db upgrade", "demo load", "translate compile", "flask --app wsgi run"):
        assert step in run_block
