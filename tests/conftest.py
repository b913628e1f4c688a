"""Whole-project fixtures: a small real city built with the repository's own templates."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "project"
SHARED = ["portal.yml", "indicators.yml", "mkdocs.yml", "content", "templates", "overrides"]
sys.path.insert(0, str(ROOT))

from auditportal.pipeline import build  # noqa: E402


def make_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in SHARED:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")  # the pinned browser libraries
    shutil.copytree(FIXTURE / "cities", dest / "cities")
    shutil.copytree(FIXTURE / "data", dest / "data")
    return dest


def quiet(_message: str) -> None:
    pass


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


@pytest.fixture(scope="module")
def site_url(built_real):
    from browsing import serve
    url, stop = serve(built_real)
    yield url
    stop()


from browsing import browser  # noqa: E402,F401  (the shared Chromium fixture)
