"""The build split as a CI matrix runs it: one `prepare` job per city, each a separate process writing
its own cache folder; the folders merged; one build from the merged cache. Its site is byte-identical
to the site one machine builds from nothing."""
from __future__ import annotations

import shutil
import subprocess
import sys

from auditportal import cache
from auditportal.pipeline import build
from helpers import ROOT, hashes, quiet, two_cities


def test_split_jobs_merged_give_the_single_machine_site(tmp_path):
    root = two_cities(tmp_path / "project")
    jobs = [subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(root), "prepare",
                              "--city", city, "--cache", str(tmp_path / "parts" / city)],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for city in ("minicali", "minitwo")]
    for job in jobs:
        output, _ = job.communicate()
        assert job.returncode == 0, output
    merged = tmp_path / "merged"
    for part in sorted((tmp_path / "parts").iterdir()):  # as actions/download-artifact's merge-multiple does
        shutil.copytree(part, merged, dirs_exist_ok=True)
    assert sorted(p.name for p in merged.iterdir()) == ["minicali", "minicali~drawings", "minitwo",
                                                       "minitwo~drawings", "renders"]

    summary = build(root, tmp_path / "merged-site", progress=quiet, work=tmp_path / "work",
                    store=cache.Cache(merged))
    assert summary.recomputed == ["comparisons"]  # made from every city, so only the merging job can
    build(root, tmp_path / "single-site", progress=quiet, work=tmp_path / "single", store=cache.NoCache())
    assert hashes(tmp_path / "merged-site") == hashes(tmp_path / "single-site")


def test_prepare_names_an_unknown_city(tmp_path):
    root = two_cities(tmp_path / "project")
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "prepare",
                           "--city", "minicalli"], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == "cities/: --city: no city 'minicalli' (the cities are: minicali, minitwo)"
