"""Whole-project fixtures: a small real city built with the repository's own templates.

Nothing here needs a browser: the browser tests have their own conftest in tests/browser/, so
the unit and build tests run where Playwright or Chromium are not installed.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from auditportal.pipeline import build
from helpers import ROOT, make_project, quiet


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory) -> Path:
    """The fixture project built once, strictly; tests read its site/ but never change it."""
    root = make_project(tmp_path_factory.mktemp("fixture") / "project")
    build(root, root / "site", strict=True, progress=quiet)
    return root


@pytest.fixture(scope="session")
def built_real(tmp_path_factory) -> Path:
    """The repository's real cities built strictly into a temporary folder."""
    tmp = tmp_path_factory.mktemp("real")
    build(ROOT, tmp / "site", strict=True, progress=quiet, work=tmp / "build")
    return tmp / "site"
