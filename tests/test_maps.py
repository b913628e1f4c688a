"""Maps that show where: hot spots found on a hand-made pattern and not found in random ones, smoothed district
rates as esda's empirical Bayes gives them (checked by hand), classes in whole numbers for counts, a withheld
value and a missing one told apart, and every map of the built sites oriented and named for its readers."""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from auditportal.compute import hotspots
from auditportal.compute.maps import breaks, smooth_by_default, smoothed


def lattice(side: int) -> np.ndarray:
    cols, rows = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    return np.c_[cols.ravel(), rows.ravel()]


def test_a_hand_made_hot_cluster_is_found_hot_and_nothing_else_is():
    """400 incidents at random over 20 x 20 cells, and 12 more in each of the four cells in the middle: those
    four are hot spots at 99 %, and no cell far from them is."""
    rng = np.random.default_rng(1)
    cells = lattice(20)
    counts = np.bincount(rng.integers(0, 400, 400), minlength=400).astype(float)
    middle = [i for i, (c, r) in enumerate(cells) if c in (9, 10) and r in (9, 10)]
    counts[middle] += 12
    found, _ = hotspots.classes(counts, cells)
    assert {found[i] for i in middle} == {"hot_99"}
    far = [i for i, (c, r) in enumerate(cells) if max(abs(c - 9.5), abs(r - 9.5)) > 3]
    assert not [found[i] for i in far if found[i].startswith("hot")]


def test_random_patterns_show_no_hot_or_cold_spot_at_least_90_percent_of_the_time():
    """Complete spatial randomness: 300 patterns of one incident per cell on average (the real grids' density)."""
    rng = np.random.default_rng(2)
    cells = lattice(20)
    quiet = 0
    for _ in range(300):
        counts = np.bincount(rng.integers(0, 400, 400), minlength=400).astype(float)
        found, _ = hotspots.classes(counts, cells)
        quiet += all(c == "not_significant" for c in found)
    assert quiet / 300 >= 0.90


def test_the_cells_side_comes_from_the_incidents_spacing():
    # 100 incidents on a 100 m lattice over 1 km2: nearest neighbours 100 m apart, so 200 m cells, unless that
    # would make more than 2,000 cells over the area (here 25) or fewer than 30 (here: at most 182 m)
    lon = np.repeat(np.arange(10), 10) * 100 / 111_320
    lat = np.tile(np.arange(10), 10) * 100 / 111_320
    assert hotspots.cell_side(lon, lat, 1_000_000) == 200
    assert hotspots.cell_side(lon, lat, 100_000_000) == 250   # sqrt(1e8 / 2,000) = 224 m, rounded up to 50 m
    assert hotspots.cell_side(lon[:2], lat[:2], 10_000) == 50  # no smaller grid than 30 cells allow


def test_smoothed_rates_are_esdas_empirical_bayes_by_hand():
    """Marshall's global empirical Bayes, worked out by hand for three districts: rates 10/1,000, 20/5,000 and
    3/200 per person; m = 33/6,200; s2 = sum(b (r - m)^2) / sum(b) - m / mean(b); w = s2 / (s2 + m / b)."""
    t = pd.DataFrame({"area_code": ["a", "b", "c", "d"], "value": [10.0, 20.0, 3.0, np.nan],
                      "population": [1000.0, 5000.0, 200.0, 800.0], "years": 1, "rate": [1000.0, 400.0, 1500.0, np.nan],
                      "flag": ["", "", "unreliable", "suppressed"]})
    e, b = np.array([10.0, 20.0, 3.0]), np.array([1000.0, 5000.0, 200.0])
    m = e.sum() / b.sum()
    s2 = max((b * (e / b - m) ** 2).sum() / b.sum() - m / b.mean(), 0)
    w = s2 / (s2 + m / b)
    expected = (w * e / b + (1 - w) * m) * 100_000
    out = smoothed(t)
    assert out["smoothed"].iloc[:3].tolist() == pytest.approx(expected.tolist())
    assert math.isnan(out["smoothed"].iloc[3])  # a withheld count has no smoothed rate, and moves no other
    assert list(out.columns).index("smoothed") == list(out.columns).index("rate") + 1
    assert smooth_by_default(out)  # some district stands on fewer than 20 events


def test_count_classes_are_whole_numbers():
    assert breaks(pd.Series([3.0, 7, 8, 12, 40, 41, 60, 100, 3000]), whole=True) == [8, 18, 41, 76, 3000]
    assert breaks(pd.Series([1.04, 2.22, 3.31]), whole=False) == [1.9, 2.6, 3.4]  # terciles, rounded up


def twins(site, slug):
    return json.loads((site / "api" / "v1" / "en" / slug / "index.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("slug", ["cdmx", "saopaulo"])
def test_hot_spot_grids_class_every_incident_and_say_how(built_real, slug):
    page = twins(built_real, slug)
    [grid] = [m for m in page["maps"] if m["kind"] == "hotspots"]
    table = pd.read_csv(built_real / "data" / slug / "hotspots" / grid["csv"].rsplit("/", 1)[1])
    assert table["class"].notna().all() and set(table["class"]) <= set(hotspots.CLASSES)
    assert "Getis-Ord Gi*" in grid["method"] and "What it cannot show" in grid["method"]
    finding = next(f for f in page["findings"] if f["figure"].startswith("hotspots/"))
    assert finding["sentence"] == "finding_hotspots"
    hot = table[table["class"].str.startswith("hot")]
    assert finding["numbers"]["held"] == hot["value"].sum() and finding["numbers"]["hot"] == len(hot)
    shown = json.loads((built_real / "en" / grid["map_data"].split("../", 1)[1]).read_text(encoding="utf-8"))
    said = [f["properties"]["t_class"] for f in shown["features"]]
    assert not [t for t in said if t.split(":")[0].startswith("c") and "_" in t.split(":")[0]]  # no internal ids
    assert any("Hot spot, 99% confidence" in t for t in said)


def test_maps_tell_withheld_from_missing_and_name_every_area(built_real):
    page = twins(built_real, "durban")
    [stations] = [m for m in page["maps"] if m["id"] == "murder_stations"]
    config = json.loads(stations["map_config"])
    labels = config["views"][0]["labels"]
    assert "No data" in labels and any(label.startswith("Withheld (1 to 4 cases") for label in labels)
    assert config["points"] and config["land"].endswith("murder_stations.land.geojson")
    land = json.loads((built_real / "en" / "durban" / "maps" / "murder_stations.land.geojson").read_text())
    assert land["features"]  # Durban is on the coast: the land stops at the sea
    shown = json.loads((built_real / "en" / "durban" / "maps" / "murder_stations.geojson").read_text())
    withheld = [f for f in shown["features"] if "withheld" in f["properties"]["t_value"]]
    assert withheld and all(f["properties"]["k_value"] == labels.index(next(
        label for label in labels if label.startswith("Withheld"))) for f in withheld)
    svg = (built_real / "en" / "durban" / "maps" / "murder_stations.svg").read_text(encoding="utf-8")
    assert "10 km" in svg or "5 km" in svg or "20 km" in svg  # a scale bar


def test_small_district_rates_are_smoothed_by_default_with_the_raw_rate_a_click_away(built_fixture):
    page = twins(built_fixture / "site", "minicali")
    [rates] = [m for m in page["maps"] if m["id"] == "incidents_rate"]
    views = [v["id"] for v in json.loads(rates["map_config"])["views"]]
    table = pd.read_csv(built_fixture / "site" / "data" / "minicali" / "maps" / "incidents_rate.csv")
    assert set(views) == {"rate", "smoothed"} and {"rate", "smoothed", "lower", "upper"} <= set(table.columns)
    assert views[0] == ("smoothed" if (table["value"].dropna() < 20).any() else "rate")


def test_a_basemap_that_does_not_cover_the_city_is_refused_with_the_bounds_to_extract(project):
    from auditportal.pipeline import load_site
    from helpers import problems, write_pmtiles
    write_pmtiles(project / "data" / "minicali" / "basemap.pmtiles", (-80.0, 0.0, -79.0, 1.0))
    found = [p for p in problems(load_site, project) if "basemap.pmtiles" in p]
    assert len(found) == 1 and found[0].startswith(
        "data/minicali/basemap.pmtiles: basemap.file: covers -80.000, 0.000, -79.000, 1.000 (west, south, east, "
        "north) but the districts reach -76.5")
    assert "(extract a larger area: pmtiles extract ... --bbox=-76.5" in found[0]
    (project / "data" / "minicali" / "basemap.pmtiles").write_bytes(b"not a basemap at all, not even close to one")
    [broken] = [p for p in problems(load_site, project) if "basemap.pmtiles" in p]
    assert "basemap.file: not a PMTiles file" in broken and "pmtiles extract" in broken


def test_count_legends_are_whole_numbers_in_classes_that_do_not_overlap(built_real):
    """A count legend reads "0 – 13", "14 – 23": no decimal ("9.0"), and no count in two classes."""
    page = twins(built_real, "durban")
    [stations] = [m for m in page["maps"] if m["id"] == "murder_stations"]
    labels = json.loads(stations["map_config"])["views"][0]["labels"]
    classes = [[int(n) for n in label.split(" – ")] for label in labels if " – " in label]
    assert len(classes) >= 3 and all(low <= high for low, high in classes)
    assert all(b[0] == a[1] + 1 for a, b in zip(classes, classes[1:])), classes
