"""The package's layout is its architecture: the folders are the stages, data flows one way through them,
and no module grows past what a reader takes in at once. The rule is .importlinter's, run with the pinned
import-linter, and a planted upward import shows that it can fail."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from helpers import ROOT

LINT = Path(sys.executable).with_name("lint-imports")
MAX_LINES = 400


def lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--config", ".importlinter", "--no-cache", "--no-logo"], cwd=root,
                          capture_output=True, text=True, timeout=120)


def test_stages_import_only_earlier_stages_and_no_module_imports_itself_round():
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 2 kept, 0 broken." in done.stdout


def test_an_upward_import_or_a_circle_breaks_the_contracts(tmp_path):
    shutil.copytree(ROOT / "auditportal", tmp_path / "auditportal", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path)
    charts = tmp_path / "auditportal" / "compute" / "charts.py"
    charts.write_text(charts.read_text(encoding="utf-8") + "\nfrom ..write import urls  # noqa\n", encoding="utf-8")
    urls = tmp_path / "auditportal" / "write" / "urls.py"
    urls.write_text(urls.read_text(encoding="utf-8") + "\nfrom . import pages  # noqa\n", encoding="utf-8")
    done = lint(tmp_path)
    assert done.returncode == 1
    assert "auditportal.compute is not allowed to import auditportal.write" in done.stdout
    assert "auditportal.compute.charts -> auditportal.write.urls" in done.stdout
    assert "No cycles are allowed in auditportal.write." in done.stdout


def test_no_module_is_longer_than_a_reader_takes_in():
    long = {p.relative_to(ROOT).as_posix(): n for p in sorted((ROOT / "auditportal").rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
