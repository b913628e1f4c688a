"""The disclosure gate: primary and complementary suppression checked by hand and by solving every
published table for its suppressed cells; protected measures planted in every kind of output; and
every file the build writes traced back to the gate."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from auditportal.compute import disclosure
from auditportal.compute.figures import _with_breakdowns
from auditportal.pipeline import build
from auditportal.schema import Disclosure
from auditportal.write.publish import Files
from helpers import problems, quiet


def cells(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(_cells=[(i,) for i in range(len(frame))])


def solvable(n: int, published: list[tuple[set, bool]], hidden: set[int]) -> list[int]:
    """Which hidden cells the published sums determine (each sum: its cells, and whether it is shown)."""
    unknown = sorted(hidden)
    rows = [[1.0 if c in cells_ else 0.0 for c in unknown] for cells_, shown in published if shown]
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    _, s, vt = np.linalg.svd(np.array(rows), full_matrices=False)
    return [c for c, x in zip(unknown, ((vt[s > 1e-9] ** 2).sum(axis=0)) > 1 - 1e-9) if x]


def test_a_suppressed_cell_that_a_total_would_give_away_gets_a_complement():
    # the case: a protected count of 3 in one comuna, and the city total published beside the comunas
    comunas = cells(pd.DataFrame({"period": "2020", "area_code": ["01", "02", "03", "04"],
                                  "value": [3.0, 40.0, 12.0, 25.0]}))
    [out] = disclosure.protect(4, np.zeros(4, dtype=int), [disclosure.Release(comunas, total=True)], Disclosure())
    assert out["flag"].tolist() == ["suppressed", "", "suppressed", ""]  # 12, the smallest other, goes too
    # one withheld as a small count, one only to protect it: the findings say them apart
    assert out.attrs == {"gated": True, "total": 80.0, "withheld": (1, 1)}
    [alone] = disclosure.protect(4, np.zeros(4, dtype=int), [disclosure.Release(comunas)], Disclosure())
    assert alone["flag"].tolist() == ["suppressed", "", "", ""]  # no total published: nothing to give away
    assert alone.attrs["withheld"] == (1, 0)


def test_a_number_is_suppressed_in_every_table_or_in_none():
    # areas x sex: the dataset's cells, a chart by area and a chart by sex, each with its total stated
    t = cells(pd.DataFrame({"period": "2020", "area_code": ["01", "01", "02", "02", "03", "03"],
                            "sex": ["f", "m"] * 3, "value": [2.0, 30.0, 20.0, 40.0, 9.0, 50.0]}))
    by_area = t.groupby("area_code", as_index=False).agg(period=("period", "first"), value=("value", "sum"),
                                                         _cells=("_cells", disclosure.cells_of))
    by_sex = t.groupby("sex", as_index=False).agg(period=("period", "first"), value=("value", "sum"),
                                                  _cells=("_cells", disclosure.cells_of))
    releases = [disclosure.Release(t), disclosure.Release(by_area, total=True), disclosure.Release(by_sex, total=True)]
    data, areas, sexes = disclosure.protect(6, np.zeros(6, dtype=int), releases, Disclosure())
    hidden = set(np.flatnonzero(data["flag"] == "suppressed"))
    published = [({i}, i not in hidden) for i in range(6)]
    published += [(set(c), f != "suppressed") for c, f in zip(by_area["_cells"], areas["flag"])]
    published += [(set(c), f != "suppressed") for c, f in zip(by_sex["_cells"], sexes["flag"])]
    published += [(set(range(6)), True)]
    assert 0 in hidden and solvable(6, published, hidden) == []


def test_no_published_number_gives_a_suppressed_count_away(built_fixture, built_real):
    from attack import given_away

    from helpers import ROOT
    found = given_away(built_fixture, built_fixture / "site", "minicali")
    for slug in ("cali", "durban", "queretaro"):
        found += given_away(ROOT, built_real, slug)
    assert found == []


def test_the_check_finds_a_count_given_away(built_fixture, tmp_path):
    """The check above can fail: a comuna suppressed in the dataset's CSV but shown on its ranking chart."""
    import shutil

    from attack import given_away
    site = tmp_path / "site"
    shutil.copytree(built_fixture / "site", site)
    path = site / "data" / "minicali" / "incidents.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["value"], rows[0]["flag"] = "", "suppressed"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    [found] = given_away(built_fixture, site, "minicali")
    assert found.startswith("minicali/incidents: {'area_level': 'district', 'area_code': '01'")


def test_writers_refuse_a_table_that_skipped_the_gate(tmp_path):
    with pytest.raises(disclosure.Ungated):
        Files(tmp_path).csv("x.csv", pd.DataFrame({"value": [3]}), "x")
    assert not (tmp_path / "x.csv").exists()


def test_every_published_file_comes_through_the_gate(project, tmp_path):
    summary = build(project, tmp_path / "site", strict=True, progress=quiet, work=tmp_path / "work")
    site = tmp_path / "site"
    on_disk = {p.relative_to(site).as_posix() for folder in ("data", "api") for p in (site / folder).rglob("*")
               if p.is_file()}
    assert on_disk == set(summary.written)
    with_values = {p: made for p, made in summary.written.items() if p.endswith((".csv", ".geojson"))}
    assert set(with_values.values()) == {"gated table", "boundaries"}
    assert [p for p, made in with_values.items() if made == "boundaries"] == ["data/minicali/districts.geojson"]


def points_variant(project: Path) -> Path:
    """The fixture city with its comunas as points (as a city whose areas are police stations) and its
    security incidents made a protected measure, reported as an indicator by area."""
    from shapely.geometry import mapping, shape
    path = project / "data" / "minicali" / "comunas.geojson"
    doc = json.loads(path.read_text())
    for f in doc["features"]:
        f["geometry"] = mapping(shape(f["geometry"]).representative_point())
    path.write_text(json.dumps(doc))
    city = project / "cities" / "minicali" / "city.yml"
    city.write_text(city.read_text()
                    .replace("licence: CC-BY-4.0\ndistricts:", "licence: CC-BY-4.0\n"
                             "disclosure: {protected_measures: [incidents]}\ndistricts:")
                    .replace("indicators:\n", "indicators:\n  - id: security_incident_rate\n    dataset: incidents\n"
                             "    population: {dataset: population, years: nearest}\n"), encoding="utf-8")
    return city


def test_protected_measures_at_points_are_refused_on_maps_and_hotspots(project):
    city = points_variant(project)
    text = city.read_text()
    city.write_text(text.replace("measures: [theft]", "measures: [incidents]"))
    from auditportal.read import config
    found = problems(config.load_city, project, "minicali", config.load_registry(project))
    assert [p.split(": ", 2)[1] for p in found] == ["maps.0.measures", "hotspots.0.measures"]


def test_a_planted_protected_measure_is_handled_by_the_rule_in_every_output(project, tmp_path):
    city = points_variant(project)
    text = city.read_text()
    city.write_text(text[:text.index("\nmaps:")] + text[text.index("\nhotspots:"):])  # its map is refused
    build(project, tmp_path / "site", strict=True, progress=quiet, work=tmp_path / "work")
    site = tmp_path / "site"
    data = site / "data" / "minicali"
    # by area, in tables: the precincts' counts, suppressed by the rule, without any coordinate
    with open(data / "indicators" / "security_incident_rate_by_area.csv", encoding="utf-8") as f:
        by_area = list(csv.DictReader(f))
    assert [r["area_code"] for r in by_area] == ["01", "02", "03"] and "lon" not in by_area[0]
    assert (data / "incidents.csv").is_file()
    # never at points: no GeoJSON of it, in the folder, the zip, the Data Package or the API
    assert not (data / "indicator_maps").exists()
    with zipfile.ZipFile(site / "data" / "minicali.zip") as z:
        assert not [n for n in z.namelist() if "indicator_maps" in n]
    package = (data / "datapackage.json").read_text()
    api = (site / "api" / "v1" / "cities" / "minicali.json").read_text()
    assert "indicator_maps" not in package and "indicator_maps" not in api
    for geojson in data.rglob("*.geojson"):
        assert "incidents" not in geojson.read_text(), geojson
    # the page and its JSON twin: a table and the reason there is no map
    view = json.loads((site / "api" / "v1" / "en" / "minicali" / "indicators" / "security_incident_rate.json")
                      .read_text())
    assert view["area_map"] is None and view["area_table"]["rows"]
    assert "never drawn on a point map" in view["area_note"]
    # the hotspot grid still counts thefts, which are not protected
    assert (data / "hotspots" / "theft_grid.geojson").is_file()


def test_durban_sexual_offences_follow_the_rule_in_pages_and_downloads(built_real):
    data = built_real / "data" / "durban"
    assert not (data / "indicator_maps" / "sexual_offences_count.geojson").exists()
    with zipfile.ZipFile(built_real / "data" / "durban.zip") as z:
        assert "durban/indicator_maps/sexual_offences_count.geojson" not in z.namelist()
        readme = z.read("durban/README.md").decode()
    assert "sexual_offences_count.geojson" not in (data / "datapackage.json").read_text()
    rows = list(csv.DictReader(io.StringIO((data / "indicators" / "sexual_offences_count_by_area.csv").read_text())))
    assert len(rows) == 42  # King Shaka Intl Airport is not in the 2015/16 release
    assert set(rows[0]) == {"period", "area_code", "area_name", "numerator", "denominator", "value", "lower", "upper",
                            "flag"}
    page = (built_real / "en" / "durban" / "indicators" / "sexual_offences_count" / "index.html").read_text()
    assert "never drawn on a point map" in page and 'data-geojson' not in page.split("By area")[1]
    assert "Protected measures (sexual_offences) are published by area only" in readme


def test_an_indicators_breakdown_is_published_only_if_it_blanks_nothing_already_published():
    # weapon x sex in one year: the dataset's cells and the indicator's total are published already
    t = cells(pd.DataFrame({"period": "2020", "sex": ["f", "f", "m", "m"], "weapon": ["gun", "knife"] * 2,
                            "value": [3.0, 10.0, 50.0, 40.0]}))
    total = pd.DataFrame({"period": ["2020"], "value": [103.0], "_cells": [(0, 1, 2, 3)]})

    def by(dim: str) -> disclosure.Release:
        return disclosure.Release(t.groupby(dim, as_index=False).agg(
            period=("period", "first"), value=("value", "sum"), _cells=("_cells", disclosure.cells_of)))

    parts = [(("dataset", "d"), disclosure.Release(t)), (("series", "n", 0), disclosure.Release(total))]
    alone = _with_breakdowns(parts, [], 4, np.zeros(4, dtype=int), Disclosure())
    offered = [(("breakdown", "n", "sex"), by("sex")), (("breakdown", "n", "weapon"), by("weapon"))]
    gated = _with_breakdowns(parts, offered, 4, np.zeros(4, dtype=int), Disclosure())
    # by sex (3 + 10 and 50 + 40) says nothing of the withheld 3 and 10 apart; by weapon, 3 + 50 beside the
    # published 50 would give the 3 away, so the gate would blank more of the dataset: it is left out
    assert set(gated) == {("dataset", "d"), ("series", "n", 0), ("breakdown", "n", "sex")}
    assert gated[("dataset", "d")]["flag"].tolist() == alone[("dataset", "d")]["flag"].tolist()
    assert gated[("breakdown", "n", "sex")]["value"].tolist() == [13.0, 90.0]
