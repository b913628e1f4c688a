"""What a journalist downloads: valid Data Packages, JSON-LD, DCAT, the static API, bundles,
and chart figures that can be recomputed from the chart's CSV."""
from __future__ import annotations

import html
import io
import json
import re
import zipfile

import frictionless
import pandas as pd
import pytest

from helpers import refit


def packages(site):
    return sorted((site / "data").rglob("datapackage.json"))


def test_every_data_package_validates(built_fixture):
    found = packages(built_fixture / "site")
    assert [p.relative_to(built_fixture / "site").as_posix() for p in found] == [
        "data/datapackage.json", "data/minicali/datapackage.json"]
    for path in found:
        report = frictionless.validate(str(path))
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
        package = json.loads(path.read_text(encoding="utf-8"))
        assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
        assert all(r.get("type") == "table" for r in package["resources"] if r["path"].endswith(".csv"))
        assert package["licenses"][0]["name"] == "CC-BY-4.0"


def test_every_json_ld_block_parses_and_describes_its_dataset(built_fixture):
    pages = sorted((built_fixture / "site").rglob("*.html"))
    blocks = {}
    for page in pages:
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.read_text(), re.S):
            blocks[page] = json.loads(block)
    dataset_pages = {p for p in pages if "/data/" in p.as_posix() and p.parent.name != "data"}
    assert set(blocks) == dataset_pages and len(dataset_pages) == 18  # 6 published datasets x 3 languages
    for doc in blocks.values():
        assert doc["@type"] == "Dataset" and 50 <= len(doc["description"]) <= 5000
        assert doc["distribution"][0]["contentUrl"].endswith(".csv")
        assert doc["distribution"][0]["encodingFormat"] == "text/csv"
        assert {"license", "creator", "spatialCoverage", "temporalCoverage", "variableMeasured"} <= set(doc)


def test_dcat_catalogue_lists_every_dataset(built_fixture):
    doc = json.loads((built_fixture / "site" / "data" / "catalog.jsonld").read_text(encoding="utf-8"))
    assert doc["@type"] == "dcat:Catalog"
    assert sorted(d["dct:identifier"] for d in doc["dcat:dataset"]) == [
        "minicali/homicides", "minicali/incident_points", "minicali/incidents", "minicali/population",
        "minicali/safety_walks", "minicali/victims"]


def test_static_api_points_at_files_that_exist(built_fixture):
    site = built_fixture / "site"
    index = json.loads((site / "api" / "v1" / "index.json").read_text(encoding="utf-8"))
    base = index["site"]
    assert index["version"] == "v1" and [c["id"] for c in index["cities"]] == ["minicali"]
    city = json.loads((site / "api" / "v1" / "cities" / "minicali.json").read_text(encoding="utf-8"))
    urls = [d["csv"] for d in city["datasets"]] + [i["csv"] for i in city["indicators"]] + city["files"]
    assert urls and all((site / u.removeprefix(base)).is_file() for u in urls)


def test_bundle_holds_every_file_with_a_readme(built_fixture):
    data = built_fixture / "site" / "data"
    with zipfile.ZipFile(data / "minicali.zip") as z:
        names = z.namelist()
        readme = z.read("minicali/README.md").decode("utf-8")
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in z.infolist())
    assert names[0] == "minicali/README.md" and names[1:] == sorted(names[1:])
    assert "minicali/datapackage.json" in names and "minicali/homicides.csv" in names
    assert "How to cite" in readme and "suppressed" in readme


def test_csv_conventions(built_fixture):
    for path in (built_fixture / "site" / "data").rglob("*.csv"):
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw, path
        raw.decode("utf-8")


def test_geojson_is_rounded_to_six_decimals(built_fixture):
    doc = json.loads((built_fixture / "site" / "data" / "minicali" / "districts.geojson").read_text())
    numbers = re.findall(r"-?\d+\.(\d+)", json.dumps([f["geometry"] for f in doc["features"]]))
    assert numbers and max(len(n) for n in numbers) <= 6
    assert "crs" not in doc


@pytest.mark.parametrize("lang, words", [
    ("en", "a clear fall from {first_period} to {last_period}, {change}% a year on average (95% interval: {lower} "
           "to {upper}%)"),
    ("es", "un descenso claro de {first_period} a {last_period}, de {change} % al año en promedio (intervalo del "
           "95 %: {lower} a {upper} %)")])
def test_chart_headline_recomputes_from_its_downloaded_csv(built_fixture, lang, words):
    """Download the trend chart's CSV from the built site and recompute the sentence under the chart: the
    average annual change of its whole years, fitted as the methodology page says, with its interval."""
    site = built_fixture / "site"
    table = pd.read_csv(io.StringIO((site / "data" / "minicali" / "charts" / "trend.csv").read_text()),
                        dtype={"period": str, "flag": str}, keep_default_na=False)
    whole = table[~table["flag"].str.contains("partial")]
    assert len(whole) == len(table) - 1  # the planted partial 2025 is left out
    change, low, high = refit(whole)
    sep = "," if lang == "es" else "."
    pct = lambda x: f"{x:+.1f}".replace(".", sep)  # noqa: E731
    expected = words.format(first_period=whole["period"].iloc[0], last_period=whole["period"].iloc[-1],
                            change=pct(change), lower=pct(low), upper=pct(high))
    page = (site / lang / "minicali" / "index.html").read_text(encoding="utf-8")
    assert html.escape(expected, quote=False) in page


def test_every_data_package_of_the_real_cities_validates(built_real):
    """Querétaro's state chart once declared its `highlight` column a number and wrote True/False in it."""
    found = packages(built_real)
    assert len(found) == 6  # the portal's and each of the five cities'
    invalid = {}
    for path in found:
        report = frictionless.validate(str(path))
        if not report.valid:
            invalid[path.relative_to(built_real).as_posix()] = report.flatten(["rowNumber", "fieldName", "note"])[:5]
    assert invalid == {}
