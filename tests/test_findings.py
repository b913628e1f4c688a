"""Generated findings and indicators, checked against values computed by hand from the real files in data/."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from auditportal import disclosure, findings, indicators
from auditportal.pipeline import load_site
from auditportal.schema import Disclosure
from helpers import ROOT


@pytest.fixture(scope="module")
def cities():
    return {c.slug: c for c in load_site(ROOT).cities}


def found(city, source: str, key: str, kind: str = "charts") -> dict:
    return next(f.numbers for f in city.findings if f.source == (kind, source) and f.key == key)


def test_cali_homicide_rate_2024(cities):
    # data/cali/cali_homicides_population_2003_2024.csv, row 2024: 947 homicides, population 2,283,846
    series = next(s for s in cities["cali"].indicators if s.id == "homicide_rate")
    row = series.table.set_index("period").loc["2024"]
    assert (row.numerator, row.denominator, row.value) == (947, 2_283_846, round(947 / 2_283_846 * 1e5, 2))
    assert row.value == 41.47
    head = indicators.headline(series)
    # baseline 2015: 1,350 / 2,369,821 -> 56.97; change (41.47 - 56.97) / 56.97 = -27.2 %
    assert (head["baseline"], head["change_pct"]) == (56.97, -27.2)


def test_cali_homicide_change_and_peak(cities):
    # 2,117 in 2003 -> 947 in 2024: -55.3 %; highest 2,129 (2004), lowest 947 (2024)
    change = found(cities["cali"], "homicides_trend", "finding_change")
    assert (change["first"], change["last"], change["change_pct"]) == (2117, 947, -55.3)
    peak = found(cities["cali"], "homicides_trend", "finding_peak")
    assert (peak["peak_period"], peak["peak"], peak["low_period"], peak["low"]) == ("2004", 2129, "2024", 947)


def test_cali_concentration_in_top_fifth_of_comunas(cities):
    # ceil(22 / 5) = 5 comunas (19, 2, 3, 14, 15): 59,265 of 165,417 incidents = 35.8 %
    c = found(cities["cali"], "incidents_ranking", "finding_concentration")
    assert (c["top_n"], c["districts"], c["share"], c["top_name"]) == (5, 22, 35.8, "Comuna 19")


def test_cali_victim_profile_2024(cities):
    # 890 of 952 homicide victims in 2024 were men: 93.5 %
    p = found(cities["cali"], "homicide_victims_sex", "finding_profile")
    assert (p["group"], p["share"], p["total"], p["period"]) == ("male", 93.5, 952, "2024")


def test_durban_uses_financial_years(cities):
    change = found(cities["durban"], "murder_trend", "finding_change")
    assert (change["first_period"], change["last_period"]) == ("2003/04", "2012/13")


def test_queretaro_partial_year_is_not_the_latest_complete_one(cities):
    change = found(cities["queretaro"], "state_homicides_trend", "finding_change")
    assert change["last_period"] == "2024"


def test_missing_years_stay_missing_not_zero():
    t = pd.DataFrame({"period": ["2019", "2020", "2021"], "value": [10.0, math.nan, 12.0], "note": ["", "", ""]})
    out = disclosure.suppress(t, Disclosure())
    assert out["value"].isna().tolist() == [False, True, False]
    assert out["flag"].tolist() == ["", "", ""]


def test_suppression_on_a_hand_made_grid():
    grid = pd.DataFrame({"cell": list("abcdefg"), "value": [0, 1, 4, 5, 12, math.nan, 3],
                         "rate": [0.0, 1.5, 6.0, 7.5, 18.0, math.nan, 4.5]})
    out = disclosure.suppress(grid, Disclosure(suppress_below=5), derived=("rate",))
    assert out["value"].fillna(-1).tolist() == [0, -1, -1, 5, 12, -1, -1]
    assert out["rate"].fillna(-1).tolist() == [0.0, -1, -1, 7.5, 18.0, -1, -1]
    assert out["flag"].tolist() == ["", "suppressed", "suppressed", "", "", "", "suppressed"]
    k3 = disclosure.suppress(grid, Disclosure(suppress_below=3))
    assert k3["flag"].tolist() == ["", "suppressed", "", "", "", "", ""]


def test_concentration_needs_enough_areas():
    few = pd.DataFrame({"area_name": list("abcd"), "value": [1.0, 2, 3, 4], "period": ["2020"] * 4})
    assert findings.concentration("x", few) == []


def test_hotspot_grid_counts_cells_and_hides_small_ones():
    from auditportal.hotspots import grid_counts
    # cell of 1 km; origin rounds down to (10.00, 0.00); 0.001 degree is about 111 m
    pts = [(10.0005, 0.0005)] * 6 + [(10.0005, 0.0095)] * 2 + [(10.0205, 0.0005)] * 5
    points = pd.DataFrame({"lon": [p[0] for p in pts], "lat": [p[1] for p in pts], "value": 1.0})
    cells, hidden_cells, hidden_events = grid_counts(points, 1000, suppress_below=5)
    assert cells[["cell", "value"]].values.tolist() == [["0_0", 6.0], ["2_0", 5.0]]
    assert (hidden_cells, hidden_events) == (1, 2)
    assert round(cells["lon_max"][0] - cells["lon_min"][0], 4) == round(1000 / 111_320, 4)
