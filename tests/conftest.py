"""Whole-project fixtures: a small real city built with the repository's own templates.

Nothing here needs a browser: the browser tests have their own conftest in tests/browser/, so
the unit and build tests run where Playwright or Chromium are not installed.
"""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from auditportal.pipeline import build
from helpers import ROOT, make_project, quiet


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


@contextmanager
def once(tmp_path_factory, name: str):
    """A folder shared by every pytest-xdist worker of this run, and whether it still needs making: the first
    worker to ask builds it while the others wait, instead of each building its own copy on the same cores."""
    shared = tmp_path_factory.getbasetemp()  # this run's folder; under xdist, each worker's is inside it
    shared = shared.parent if os.environ.get("PYTEST_XDIST_WORKER") else shared
    folder = shared / f"shared-{name}"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield folder, not (folder / "done").is_file()
            (folder / "done").touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory) -> Path:
    """The fixture project built once, strictly; tests read its site/ but never change it."""
    with once(tmp_path_factory, "fixture") as (folder, needed):
        if needed:
            make_project(folder / "project")
            build(folder / "project", folder / "project" / "site", strict=True, progress=quiet)
    return folder / "project"


@pytest.fixture(scope="session")
def built_real(tmp_path_factory) -> Path:
    """The repository's real cities built strictly into a temporary folder."""
    with once(tmp_path_factory, "real") as (folder, needed):
        if needed:
            build(ROOT, folder / "site", strict=True, progress=quiet, work=folder / "build")
    return folder / "site"
