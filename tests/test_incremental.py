"""Rebuilding after one change: only the changed city is recomputed and redrawn (cache.py), exactly the
files that depend on the change differ, and the result is what a build from nothing gives."""
from __future__ import annotations

from pathlib import Path

from auditportal import cache
from auditportal.pipeline import build
from auditportal.write import offline
from helpers import hashes, quiet, two_cities


def change_homicides_2024(root: Path) -> None:
    """One value: minicali's homicides in 2024, plus one."""
    path = root / "data" / "minicali" / "homicides.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    [i] = [i for i, line in enumerate(lines) if ",2024," in line]
    cells = lines[i].split(",")
    cells[3] = str(int(cells[3]) + 1)
    lines[i] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


PER_LANGUAGE = [
    "api/v1/{lang}/index.json", "{lang}/index.html",  # the home page shows each city's latest headline figure
    "api/v1/{lang}/compare/homicide_rate.json", "api/v1/{lang}/minicali/findings.json",
    "api/v1/{lang}/minicali/index.json", "api/v1/{lang}/minicali/indicators/homicide_rate.json",
    "api/v1/{lang}/minicali/indicators/index.json", "api/v1/{lang}/minicali/tracker.json",
    "{lang}/compare/homicide_rate-1.narrow.svg", "{lang}/compare/homicide_rate-1.svg",
    "{lang}/compare/homicide_rate-1.vl.json", "{lang}/compare/homicide_rate/index.html",
    "{lang}/minicali/charts/trend.narrow.svg", "{lang}/minicali/charts/trend.svg",
    "{lang}/minicali/charts/trend.vl.json", "{lang}/minicali/findings/index.html", "{lang}/minicali/index.html",
    "{lang}/minicali/indicators/homicide_rate.narrow.svg",
    "{lang}/minicali/indicators/homicide_rate.svg", "{lang}/minicali/indicators/homicide_rate.vl.json",
    "{lang}/minicali/indicators/homicide_rate/index.html", "{lang}/minicali/indicators/index.html",
    "{lang}/minicali/tracker/index.html",
]
DEPENDS_ON_HOMICIDES_2024 = sorted([
    # the data, its bundle, and everything computed from it: the trend chart, the homicide-rate indicator
    # (its page, the indicator list and the tracker that show its latest value, its status table), the
    # findings that describe it, where it disagrees with the victims' file, the cross-city comparison, their
    # JSON twins (the offline edition holding them all is published beside the site: portal.yml's offline_url)
    "api/v1/cities/minicali.json", "data/compare/homicide_rate.csv", "data/minicali.zip",
    "data/minicali/charts/trend.csv", "data/minicali/homicides.csv", "data/minicali/indicators/homicide_rate.csv",
    "data/minicali/indicators/status.csv", "data/minicali/reconciliation.csv",
    *[path.format(lang=lang) for lang in ("en", "es", "pt") for path in PER_LANGUAGE]])
"""Every file that shows minicali's 2024 homicides, or something computed from them; nothing of minitwo,
and not minicali's other datasets, maps or pages."""


def test_one_changed_value_rebuilds_only_what_depends_on_it(tmp_path):
    root = two_cities(tmp_path / "project")
    first = build(root, root / "site", progress=quiet)
    assert first.recomputed == ["comparisons", "minicali", "minicali/drawings", "minitwo", "minitwo/drawings"]
    before = hashes(root / "site")
    zipped = offline.beside(root / "site").read_bytes()
    assert build(root, root / "site", progress=quiet).recomputed == []  # nothing changed: all from the cache
    assert hashes(root / "site") == before

    renders = set((root / "build" / "cache" / "renders").iterdir())

    change_homicides_2024(root)
    again = build(root, root / "site", progress=quiet)
    assert again.recomputed == ["comparisons", "minicali", "minicali/drawings"]
    # drawn again: the trend chart, the homicide-rate chart and the comparison, in three languages
    assert len(set((root / "build" / "cache" / "renders").iterdir()) - renders) == 3 * 3
    after = hashes(root / "site")
    changed = sorted(p for p in after if before.get(p) != after[p] and not p.startswith("pagefind/"))
    assert changed == DEPENDS_ON_HOMICIDES_2024
    assert offline.beside(root / "site").read_bytes() != zipped  # the offline edition beside it holds them too
    # the search index names its files by their content: the changed pages' entries are new files
    assert {p.split("/")[0] for p in set(before) ^ set(after)} == {"pagefind"}
    # a build from nothing gives the same bytes: the cache is never stale
    build(root, tmp_path / "fresh", progress=quiet, store=cache.NoCache())
    assert hashes(tmp_path / "fresh") == after


def test_the_key_covers_code_shared_files_the_city_and_its_data(tmp_path):
    root = two_cities(tmp_path / "project")
    code = cache.code_version()
    key = cache.city_key(root, "minicali", code)
    assert cache.city_key(root, "minicali", code) == key
    assert cache.city_key(root, "minicali", code + "x") != key  # another version of the generator
    other = cache.city_key(root, "minitwo", code)
    for changed in ("templates/strings.yml", "indicators.yml", "portal.yml", "cities/minicali/findings.es.md",
                    "data/minicali/homicides.csv", "data/minicali/SOURCES.md"):
        with (root / changed).open("a", encoding="utf-8") as f:
            f.write("\n")
        assert cache.city_key(root, "minicali", code) != key, changed
        key = cache.city_key(root, "minicali", code)
    assert cache.city_key(root, "minitwo", code) != other  # the shared files changed too
    other = cache.city_key(root, "minitwo", code)
    (root / "data" / "minicali" / "homicides.csv").write_text("x", encoding="utf-8")
    assert cache.city_key(root, "minitwo", code) == other  # another city's data


def test_a_damaged_entry_is_recomputed(tmp_path):
    store = cache.Cache(tmp_path)
    store.put("minicali", "k1", {"a": 1})
    assert store.get("minicali", "k1") == {"a": 1}
    next((tmp_path / "minicali").glob("*.pickle")).write_bytes(b"not a pickle")
    assert store.get("minicali", "k1") is None
    store.put("minicali", "k2", 2)
    assert [p.name for p in (tmp_path / "minicali").iterdir()] == ["k2.pickle"]  # one entry per city and stage
    assert store.hits == ["minicali"] and store.misses == ["minicali"]
