"""The CI matrix past 256 cities (issue 32): publish.yml's prepare jobs take the cities in batches, at most 256
jobs covering every city exactly once, and the merging job (`build --prepared`) refuses to publish when a city
that had a job left no cache entry, or one under another key, rather than computing it again."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
import yaml

from auditportal import cache
from auditportal.pipeline import MAX_JOBS, batches, build, prepare
from auditportal.problems import ValidationFailed
from helpers import ROOT, quiet, two_cities

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def matrix(root) -> list[dict]:
    """The prepare jobs publish.yml's `cities` job hands the matrix, for the project at `root`."""
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "cities", "--batches"],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_the_workflow_takes_its_matrix_from_the_batches():
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    assert "build.py cities --batches" in jobs["cities"]["steps"][-1]["run"]
    assert jobs["prepare"]["strategy"]["matrix"] == {"batch": "${{ fromJSON(needs.cities.outputs.batches) }}"}
    assert "scripts/site --prepared" in [step.get("run") for step in jobs["build"]["steps"]]


@pytest.mark.parametrize("count, jobs, largest", [(5, 5, 1), (256, 256, 1), (300, 256, 2), (1000, 256, 4)])
def test_the_matrix_covers_every_city_once_in_at_most_256_jobs(tmp_path, count, jobs, largest):
    cities = [f"city{i:04d}" for i in range(count)]
    for slug in cities:
        (tmp_path / "cities" / slug).mkdir(parents=True)
        (tmp_path / "cities" / slug / "city.yml").write_text("{}\n", encoding="utf-8")
    found = matrix(tmp_path)
    assert len(found) == jobs <= MAX_JOBS
    assert len({job["name"] for job in found}) == jobs
    named = [city for job in found for city in job["cities"].split()]
    assert named == cities  # each exactly once, in order
    assert max(len(job["cities"].split()) for job in found) == largest
    assert min(len(job["cities"].split()) for job in found) >= largest - 1


def test_batches_of_no_city():
    assert batches([]) == []


def test_the_merge_refuses_a_missing_or_differently_keyed_cache_entry(tmp_path):
    root = two_cities(tmp_path / "project")
    for city in ("minicali", "minitwo"):  # two prepare jobs, two caches
        prepare(root, [city], cache.Cache(tmp_path / "parts" / city), progress=quiet)

    def merged(name: str, *left_out: str):
        folder = tmp_path / name
        for part in sorted((tmp_path / "parts").iterdir()):
            shutil.copytree(part, folder, dirs_exist_ok=True)
        for what in left_out:
            shutil.rmtree(folder / what)
        return cache.Cache(folder)

    def refused(store: cache.Cache) -> list[str]:
        site = tmp_path / "site"
        with pytest.raises(ValidationFailed) as failed:
            build(root, site, progress=quiet, work=tmp_path / "work", store=store, prepared=True)
        assert not site.exists()  # nothing published
        return [str(p) for p in failed.value.problems]

    # an artifact missing: the city's entry is not there
    store = merged("without-minicali", "minicali", "minicali~drawings")
    assert refused(store) == [
        f"{store.folder}: minicali: computed (not in the cache): the merged cache holds no entry for it (its prepare "
        "job failed, its artifact is missing, or it ran on other inputs, code or Python than this job; the site is "
        "not published from a recomputed city (build --prepared))"]
    # the city's computation is there but not its drawings
    [problem] = refused(merged("without-drawings", "minitwo~drawings"))
    assert ": minitwo/drawings: computed (not in the cache): the merged cache holds no entry for it (" in problem

    # both there, but minitwo's was made from other inputs than the merging job's (another key)
    data = root / "data" / "minitwo" / "homicides.csv"
    original = data.read_text(encoding="utf-8")
    data.write_text(original.replace(",2024,", ",2024,1", 1), encoding="utf-8")
    [problem] = refused(merged("other-key"))
    assert ": minitwo: computed (not in the cache): the merged cache holds an entry under another key for it (" \
        in problem

    data.write_text(original, encoding="utf-8")  # the same inputs: published, nothing of a city computed again
    summary = build(root, tmp_path / "site", progress=quiet, work=tmp_path / "work", store=merged("whole"),
                    prepared=True)
    assert summary.recomputed == ["comparisons"]
