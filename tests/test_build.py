"""Whole builds of the fixture project: what a reader and a journalist get, and what a failed build leaves."""
from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from auditportal.pipeline import build
from auditportal.problems import MkDocsFailed, ValidationFailed
from helpers import FIXTURE, ROOT, leaked_points, quiet

DATASETS = ["homicides", "victims", "incidents", "population"]  # incident_points is never published


def tree(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_pages_exist_in_every_language(built_fixture):
    site = built_fixture / "site"
    for lang in ("es", "en"):
        for page in ["index.html", "about/index.html", "methodology/index.html", "minicali/index.html",
                     "minicali/findings/index.html", "minicali/indicators/index.html",
                     "minicali/data/index.html", *[f"minicali/data/{d}/index.html" for d in DATASETS]]:
            assert (site / lang / page).is_file(), f"{lang}/{page}"
    assert (site / "index.html").is_file()


def test_navigation_lists_every_city(built_fixture):
    for lang in ("es", "en"):
        html = (built_fixture / "site" / lang / "about" / "index.html").read_text(encoding="utf-8")
        assert 'href="../minicali/"' in html
        assert "Mini Cali" in html


def test_every_dataset_is_published_with_its_rows(built_fixture):
    data = built_fixture / "site" / "data" / "minicali"
    for slug in DATASETS:
        with open(data / f"{slug}.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert rows, slug
        assert list(rows[0])[:8] == ["area_level", "area_code", "area_name", "period", "period_type",
                                     "period_start", "period_end", "measure"]
        assert all(r["area_name"] for r in rows)  # codes come with their names
    assert (data / "datapackage.json").is_file()
    assert (data / "districts.geojson").is_file()


def test_small_counts_are_suppressed_in_downloads(built_fixture):
    with open(built_fixture / "site" / "data" / "minicali" / "victims.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    small = [r for r in rows if r["flag"] == "suppressed"]
    assert small and all(r["value"] == "" for r in small)
    assert all(r["value"] == "" or int(r["value"]) == 0 or int(r["value"]) >= 5 for r in rows)


def test_pages_say_where_the_language_differs(built_fixture):
    en = (built_fixture / "site" / "en" / "minicali" / "findings" / "index.html").read_text(encoding="utf-8")
    assert "Hallazgo escrito a mano" in en and "not translated yet" in en
    es = (built_fixture / "site" / "es" / "minicali" / "findings" / "index.html").read_text(encoding="utf-8")
    assert "Ejemplo" in es and "no es texto oficial" in es


def test_two_builds_are_byte_identical(built_fixture, tmp_path):
    build(built_fixture, tmp_path / "again", strict=True, progress=quiet, work=tmp_path / "work")
    assert tree(tmp_path / "again") == tree(built_fixture / "site")


def test_failed_validation_leaves_the_previous_site_untouched(project):
    site = project / "site"
    build(project, site, strict=True, progress=quiet)
    before = tree(site)
    data = project / "data" / "minicali" / "homicides.csv"
    data.write_text(data.read_text().replace(",2019,", ",2O19,"), encoding="utf-8")
    with pytest.raises(ValidationFailed):
        build(project, site, strict=True, progress=quiet)
    assert tree(site) == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site", "site-offline"]


def test_failed_mkdocs_leaves_the_previous_site_untouched(project):
    site = project / "site"
    build(project, site, strict=True, progress=quiet)
    before = tree(site)
    (project / "cities" / "minicali" / "findings.es.md").write_text("[roto](no-such-page.md)\n", encoding="utf-8")
    with pytest.raises(MkDocsFailed) as caught:
        build(project, site, strict=True, progress=quiet)
    assert "no-such-page.md" in str(caught.value)
    assert tree(site) == before


def test_values_from_data_are_escaped_and_formulas_neutralised(project):
    data = project / "data" / "minicali" / "victims.csv"
    data.write_text(data.read_text().replace("ARMA BLANCA / CORTOPUNZANTE", "<script>alert(1)</script>")
                    .replace("ARMA DE FUEGO", "=HYPERLINK(\"http://x\")"), encoding="utf-8")
    city = project / "cities" / "minicali" / "city.yml"
    city.write_text(city.read_text().replace("dimension: sex", "dimension: weapon"), encoding="utf-8")
    build(project, project / "site", strict=True, progress=quiet)
    page = (project / "site" / "es" / "minicali" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    published = (project / "site" / "data" / "minicali" / "victims.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in published and "\n=HYPERLINK" not in published and ",=HYPERLINK" not in published


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True)


def test_validate_prints_every_problem_with_its_location(project):
    data = project / "data" / "minicali"
    (data / "incidents.csv").write_text("comuna,incidents_total_2010_2019\n1,3238\n2,-5\n9,12369\n", encoding="utf-8")
    homicides = data / "homicides.csv"
    homicides.write_text(homicides.read_text().replace(",2016,", ",2016a,"), encoding="utf-8")
    result = run_cli("--root", str(project), "validate")
    assert result.returncode == 1
    assert result.stderr.splitlines()[:4] == [
        "data/minicali/homicides.csv:3: year: expected a year such as 2019, got '2016a'",
        "data/minicali/incidents.csv:3: incidents_total_2010_2019: negative count, got '-5' "
        "(counts cannot be below zero)",
        "data/minicali/incidents.csv:4: comuna: unknown district code '09' "
        "(codes must match the districts file or its extra_codes)",
        "3 problem(s) found; nothing was published.",
    ]


def test_new_city_builds_at_once(project):
    result = run_cli("--root", str(project), "new-city", "villa_nueva", "--name", "Villa Nueva",
                     "--country", "gt", "--language", "es")
    assert result.returncode == 0, result.stderr
    build(project, project / "site", strict=True, progress=quiet)
    assert (project / "site" / "es" / "villa_nueva" / "index.html").is_file()
    assert "Villa Nueva" in (project / "site" / "en" / "index.html").read_text(encoding="utf-8")


def test_incident_points_are_published_only_as_counts(built_fixture):
    """Incident locations are never published: only counts by district and in grid cells are."""
    site = built_fixture / "site"
    with open(site / "data" / "minicali" / "incident_points.csv", encoding="utf-8") as f:
        counted = list(csv.DictReader(f))
    assert {r["area_level"] for r in counted} == {"district"} and "lon" not in counted[0]
    assert sum(int(r["value"] or 0) for r in counted) + sum(1 for r in counted if r["flag"]) > 0
    grid = json.loads((site / "data" / "minicali" / "hotspots" / "theft_grid.geojson").read_text())
    counts = [f["properties"]["value"] for f in grid["features"]]
    assert grid["features"] and all(v is None or v == 0 or v >= 5 for v in counts)
    assert {f["properties"]["class"] for f in grid["features"]} >= {"hot_99", "not_significant"}
    with open(FIXTURE / "data" / "minicali" / "incident_points.csv", encoding="utf-8") as f:
        points = [(float(r["lon"]), float(r["lat"])) for r in csv.DictReader(f)]
    assert len(points) == 45
    assert leaked_points(site, points) == []
    page = json.loads((site / "api" / "v1" / "en" / "minicali" / "index.json").read_text(encoding="utf-8"))
    [grid_figure] = [m for m in page["maps"] if m["kind"] == "hotspots"]
    assert "Points are never shown" in grid_figure["method"] and "Getis-Ord Gi*" in grid_figure["method"]
    assert "250 m a side" in grid_figure["method"]  # the fixture declares its cells' side
    dataset = json.loads((site / "api" / "v1" / "en" / "minicali" / "data" / "incident_points.json").read_text())
    assert dataset["ds"]["located"] == ["45 inside a district", "0 outside every polygon, in the nearest district "
                                                                "(within about 200 m)"]
    assert dataset["ds"]["grids"] == [{"id": "theft_grid", "title": "Hot spots of theft, 250 m cells (test points)",
                                       "link": "../index.md#hotspot-theft_grid"}]


def test_point_leak_check_finds_a_planted_point(built_fixture, tmp_path):
    """The check above can fail: one source point written into one published file is found."""
    import shutil
    site = tmp_path / "site"
    shutil.copytree(built_fixture / "site", site)
    (site / "data" / "minicali" / "charts" / "trend.csv").write_text("x,y\n-76.5246,3.445\n")
    assert leaked_points(site, [(-76.5246, 3.445), (-76.0, 3.0)]) == [
        "data/minicali/charts/trend.csv: 1 points, e.g. (-76.5246, 3.445)"]


FIXTURE_PAGES = sorted([
    ".", "about", "compare", "indicators", "method", "methodology", "minicali",
    "minicali/data",
    "minicali/data/homicides", "minicali/data/incident_points", "minicali/data/incidents", "minicali/data/population",
    "minicali/data/safety_walks", "minicali/data/victims", "minicali/findings", "minicali/indicators",
    "minicali/indicators/homicide_rate", "minicali/left-behind", "minicali/survey", "minicali/tracker",
    "minicali/walks", "practices",
    "practices/minicali_street_lighting", "practices/minicali_youth_mentoring", "reference", "templates"])
"""Every page of the fixture site, per language, as folders below /<lang>/."""


def test_every_page_has_its_view_as_json(built_fixture):
    """The data twin of each page: the view it was rendered from, at api/v1/<lang>/<page>.json."""
    site = built_fixture / "site"
    pages = sorted(p.parent.relative_to(site / "es").as_posix() for p in (site / "es").rglob("index.html")
                   if "assets" not in p.parts)
    assert pages == FIXTURE_PAGES
    twins = sorted(p.relative_to(site / "api" / "v1" / "es").as_posix().removesuffix(".json").removesuffix("index")
                   .rstrip("/") or "." for p in (site / "api" / "v1" / "es").rglob("*.json"))
    assert twins == FIXTURE_PAGES
    city = json.loads((site / "api" / "v1" / "es" / "minicali" / "index.json").read_text(encoding="utf-8"))
    assert city["city"]["name"] == "Mini Cali"
    assert [f["id"] for f in city["figures"]] == ["trend", "by_sex", "ranking"]
    assert city["links"] == {"findings": "findings.md", "indicators": "indicators/index.md", "tracker": "tracker.md",
                             "left_behind": "left-behind.md", "survey": "survey.md"}


def test_every_page_declares_its_alternates_in_every_language(built_fixture):
    """hreflang per page, in the sitemap: the head has none, so Material fetches no sitemap beside it."""
    import xml.etree.ElementTree as ET
    site = built_fixture / "site"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    base = "https://safety-audit-portal.github.io/portal/"
    for lang in ("es", "en", "pt"):
        urls = ET.parse(site / lang / "sitemap.xml").getroot().findall("s:url", ns)
        assert len(urls) == len(FIXTURE_PAGES)
        for url in urls:
            loc = url.find("s:loc", ns).text
            page = loc.removeprefix(f"{base}{lang}/")
            assert [(a.get("hreflang"), a.get("href")) for a in url.findall("x:link", ns)] == [
                ("es", f"{base}es/{page}"), ("en", f"{base}en/{page}"), ("pt", f"{base}pt/{page}")]
        assert 'rel="alternate"' not in (site / lang / "minicali" / "index.html").read_text()
