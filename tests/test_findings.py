"""Generated findings and indicators: each sentence type on a case computed by hand and on a case
where it must not be said, then on the real files in data/."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from auditportal.compute import disclosure, findings, indicators, uncertainty
from auditportal.pipeline import load_site
from auditportal.records import Finding
from auditportal.schema import Disclosure
from helpers import ROOT

RULE = Disclosure()
KEY = ("charts", "x")


def gated(frame: pd.DataFrame, fixed=(), breakdowns=(), derived=()) -> pd.DataFrame:
    """A table through the gate, its rows the dataset's cells; with `breakdowns`, its total is stated."""
    traced = frame.assign(_cells=[(i,) for i in range(len(frame))])
    blocks = pd.factorize(frame[fixed[0]])[0] if fixed else np.zeros(len(frame), dtype=int)
    release = disclosure.Release(traced, derived=derived, total=bool(breakdowns))
    return disclosure.protect(len(frame), blocks, [release], RULE)[0]


def yearly(values: list[float | None], partial: tuple[str, ...] = ()) -> pd.DataFrame:
    """A trend chart's table: counts with their intervals, as compute/charts.py makes it."""
    periods = [str(2015 + i) for i in range(len(values))]
    counts = [math.nan if v is None else v for v in values]
    lower, upper = uncertainty.count_limits(counts)
    return gated(pd.DataFrame({"period": periods, "value": counts, "lower": lower, "upper": upper,
                               "partial": [p in partial for p in periods]}), fixed=("period",),
                 derived=("lower", "upper"))


# ---------------------------------------------------------------- each sentence: said, and not said

def test_change_and_peak_by_hand():
    # 1,000 -> 800 over two whole years is -20 %: the score test's 95 % interval of the change, -27.1 % to
    # -12.2 %, excludes none, so a fall is said; the partial 2018 (10) is neither the end point nor the low
    change, peak = findings.trend(KEY, yearly([1000, 1200, 800, 10], partial=("2018",)), "measure", 4)
    assert change.key == "finding_change_fall"
    assert {k: change.numbers[k] for k in ("first_period", "first", "last_period", "last")} == {
        "first_period": "2015", "first": 1000, "last_period": "2017", "last": 800}
    assert change.numbers["change_pct"] == pytest.approx(-20.0)
    assert (change.numbers["lower_pct"], change.numbers["upper_pct"]) == pytest.approx((-27.10, -12.21), abs=0.01)
    assert peak.numbers == {"peak_period": "2016", "peak": 1200, "low_period": "2017", "low": 800}


def test_a_change_within_chance_is_not_called_one():
    # 100 -> 80 is also -20 %, but from counts this small the interval of the change (-40.3 % to +7.2 %) holds 0
    [change, _] = findings.trend(KEY, yearly([100, 120, 80]), "measure", 4)
    assert change.key == "finding_change_no_clear_change"
    assert change.numbers["lower_pct"] < 0 < change.numbers["upper_pct"]
    # the case: 14 -> 19 is not a rise of 35.7 %
    [change, _] = findings.trend(KEY, yearly([14, 19]), "measure", 4)
    assert change.key == "finding_change_no_clear_change"


def test_five_periods_or_more_give_the_fitted_average_change():
    [trend, _] = findings.trend(KEY, yearly([1000, 950, 900, 860, 810, 770]), "measure", 4)
    assert trend.key == "finding_trend_fall" and trend.numbers["periods"] == 6
    assert trend.numbers["upper_pct"] < 0 and trend.numbers["change_pct"] == pytest.approx(-5.1, abs=0.2)
    [flat, _] = findings.trend(KEY, yearly([100, 104, 97, 101, 99, 103]), "measure", 4)
    assert flat.key == "finding_trend_no_clear_change"
    assert flat.numbers["lower_pct"] < 0 < flat.numbers["upper_pct"]


def test_change_is_not_said_from_one_value_or_from_zero():
    assert findings.trend(KEY, yearly([100, None]), "measure", 4) == []
    assert [f.key for f in findings.trend(KEY, yearly([0, 50]), "measure", 4)] == ["finding_peak"]


def months(per_day: dict[int, float], years=("2019", "2021")) -> pd.DataFrame:
    """Two whole years of monthly counts at the given cases per day of each month (10 a day otherwise)."""
    rows = [(y, m, per_day.get(m, 10.0) * pd.Timestamp(int(y), m, 1).days_in_month) for y in years
            for m in range(1, 13)]
    return pd.DataFrame(rows, columns=["year", "month", "value"])


def test_season_by_hand_is_per_day():
    # December at 20 a day, every other month at 10: December has 100 % more per day, beyond chance
    [f] = findings.seasonality(KEY, gated(months({12: 20.0}), ("year",), ("month",)), "measure", 4)
    assert f.key == "finding_season"
    assert (f.numbers["high_month"], f.numbers["high"], f.numbers["low"]) == (12, 20.0, 10.0)
    assert f.numbers["ratio_pct"] == pytest.approx(100.0) and f.numbers["lower_pct"] > 0


def test_a_longer_month_is_not_a_busier_one():
    # the same 10 a day all year: December's total is larger than February's only by its days, so no
    # month is said to have more cases
    [f] = findings.seasonality(KEY, gated(months({}), ("year",), ("month",)), "measure", 4)
    assert f.key == "finding_season_none"
    assert f.numbers["high"] == pytest.approx(f.numbers["low"])


def test_season_is_not_said_without_a_whole_year():
    months = pd.DataFrame({"year": ["2020"] * 11, "month": list(range(1, 12)), "value": [10.0] * 11})
    assert findings.seasonality(KEY, gated(months, ("year",), ("month",)), "measure", 4) == []


def test_profile_share_is_of_the_real_total():
    t = pd.DataFrame({"period": "2024", "sex": ["male", "female", "unknown"], "value": [90.0, 7.0, 3.0]})
    t["share"] = t["value"] / t["value"].sum() * 100
    [f] = findings.profile(KEY, gated(t, ("period",), ("sex",), derived=("share",)), "sex", 4)
    # 3 is suppressed and so is 7 (the next smallest: with one hidden cell the total would give it away);
    # men are still 90 % of all 100
    assert f.numbers == {"group": "male", "share": 90.0, "period": "2024", "total": 100.0}


def test_composition_is_not_said_over_a_suppressed_category():
    t = pd.DataFrame({"period": ["2024"] * 3, "weapon": ["firearm", "knife", "other"],
                      "value": [80.0, 17.0, 3.0], "partial": False})
    assert findings.composition(KEY, gated(t, ("period",), ("weapon",)), "weapon", 4) == []
    whole = t.assign(value=[80.0, 15.0, 5.0])
    [f] = findings.composition(KEY, gated(whole, ("period",), ("weapon",)), "weapon", 4)
    assert (f.numbers["group"], f.numbers["share"]) == ("firearm", 80.0)


def areas(values: list[float | None]) -> pd.DataFrame:
    codes = [f"{i:02d}" for i in range(1, len(values) + 1)]
    t = pd.DataFrame({"period": "2020", "area_code": codes, "area_name": [f"Area {c}" for c in codes],
                      "value": [math.nan if v is None else v for v in values]})
    return gated(t, ("period",), ("area_code",))


def test_concentration_by_hand_with_suppressed_and_missing_areas():
    # 9 areas, 2 without data; 3 and then 6 (its complement) suppressed; 7 with data: the top 2 (ceil 7/5)
    # hold 50 + 40 = 90 of the real total 50+40+30+20+10+8+7+6+3 = 174; of the 2 withheld areas, 1 only
    # to protect the other (the case: never "2 areas with 1 to 4 cases")
    t = areas([50, 40, 30, 20, 10, 8, 7, 6, 3, None, None])
    [f] = findings.concentration(KEY, t, 4)
    assert f.numbers == {"top_n": 2, "areas": 7, "share": 90 / 174 * 100, "total": 174.0, "period": "2020",
                         "suppressed": 2, "protecting": 1, "missing": 2, "k": 4, "top_name": "Area 01"}
    assert f.clauses == ("finding_concentration_withheld", "finding_concentration_missing")


def test_areas_withheld_only_as_small_counts_are_said_to_be_small():
    codes = [f"{i:02d}" for i in range(1, 8)]
    t = pd.DataFrame({"period": "2020", "area_code": codes, "area_name": codes,
                      "value": [50.0, 40, 30, 20, 10, 8, 3]})
    [f] = findings.concentration(KEY, gated(t, ("period",)), 4)  # no total stated: nothing to protect it from
    assert (f.numbers["suppressed"], f.numbers["protecting"]) == (1, 0)
    assert f.clauses == ("finding_concentration_suppressed",)


def ranked(values: list[float]) -> pd.DataFrame:
    t = areas(values)
    t["lower"], t["upper"] = uncertainty.count_limits(t["value"])
    return t


def test_ranking_neighbours_whose_intervals_overlap_are_said_to_be_uncertain():
    [f] = findings.concentration(KEY, ranked([100, 96, 60, 30, 10]), 4)
    # 100 (80.6-121.7) and 96 overlap; 96 (77.8-117.2) and 60 (45.8-77.2) do not; 60 and 30 do not; 30 and 10 do not
    assert (f.numbers["pairs"], f.numbers["overlapping"]) == (4, 1) and "finding_rank_overlap" in f.clauses
    [far] = findings.concentration(KEY, ranked([1000, 500, 250, 120, 60]), 4)
    assert far.numbers["overlapping"] == 0 and "finding_rank_overlap" not in far.clauses


def test_the_highest_area_is_said_with_who_could_be_as_high():
    [f] = findings.map_highest(KEY, ranked([60, 55, 20, 12]), "value")
    assert f.key == "finding_map_count_interval" and f.numbers["reaching"] == 1
    assert f.clauses == ("finding_top_overlap_one",)
    [alone] = findings.map_highest(KEY, ranked([600, 55, 20, 12]), "value")
    assert alone.numbers["reaching"] == 0 and alone.clauses == ()


def test_concentration_is_not_said_of_few_areas_or_of_rates():
    assert findings.concentration(KEY, areas([50, 40, 30, 20]), 4) == []
    from auditportal.records import Figure, Layer
    rates = areas([50, 40, 30, 20, 10]).assign(rate=[1.0, 2, 3, 4, 5])
    fig = Figure("maps", "m", "M", "d", rates, "maps/m.csv", layer=Layer(None, "rate", [5.0]))  # type: ignore
    assert [f.key for f in findings.for_figure(fig, RULE)] == ["finding_map_rate"]


def test_map_highest_by_hand():
    [f] = findings.map_highest(KEY, areas([5, 50, 8, None]), "value")
    assert (f.numbers["name"], f.numbers["value"], f.numbers["median"]) == ("Area 02", 50, 8.0)
    assert findings.map_highest(KEY, areas([None, None]), "value") == []


def test_the_same_statement_is_said_once():
    a = Finding(("charts", "ranking"), "finding_concentration", {"share": 35.8, "top_n": 5})
    b = Finding(("maps", "map"), "finding_concentration", {"share": 35.8, "top_n": 5})
    c = Finding(("maps", "map"), "finding_map_count", {"share": 35.8, "top_n": 5})
    assert findings.distinct([a, b, c]) == [a, c]


# ---------------------------------------------------------------- the real files

@pytest.fixture(scope="module")
def cities():
    return {c.slug: c for c in load_site(ROOT).cities}


def found(city, source: str, key: str, kind: str = "charts") -> dict:
    return next(f.numbers for f in city.findings if f.source == (kind, source) and f.key == key)


def test_cali_homicide_rate_2024(cities):
    # data/cali/cali_homicides_population_2003_2024.csv, row 2024: 947 homicides, population 2,283,846
    series = next(s for s in cities["cali"].indicators if s.id == "homicide_rate")
    row = series.table.set_index("period").loc["2024"]
    assert (row.numerator, row.denominator, row.value) == (947, 2_283_846, 947 / 2_283_846 * 1e5)
    head = indicators.headline(series)
    # baseline 2015: 1,350 / 2,369,821 -> 56.966...; change -27.2 %
    assert head["baseline"] == 1350 / 2_369_821 * 1e5
    assert round(head["change_pct"], 1) == -27.2
    # 1,350 -> 947 homicides over nearly the same population: far beyond chance
    assert head["change"].verdict == "fall" and head["change"].upper < 1


def test_cali_homicide_change_and_peak(cities):
    # 2,117 in 2003 -> 947 in 2024: 22 years, so the fitted average change, not first to last (-55.3 %)
    change = found(cities["cali"], "homicides_trend", "finding_trend_fall")
    assert (change["first"], change["last"], change["periods"]) == (2117, 947, 22)
    assert change["upper_pct"] < 0 and change["model"] == "quasi_poisson"
    peak = found(cities["cali"], "homicides_trend", "finding_peak")
    assert (peak["peak_period"], peak["peak"], peak["low_period"], peak["low"]) == ("2004", 2129, "2024", 947)


def test_cali_concentration_in_top_fifth_of_comunas(cities):
    # ceil(22 / 5) = 5 comunas (19, 2, 3, 14, 15): 59,265 of 165,417 incidents = 35.8 %
    c = found(cities["cali"], "incidents_ranking", "finding_concentration")
    assert (c["top_n"], c["areas"], round(c["share"], 1), c["total"], c["top_name"]) == (
        5, 22, 35.8, 165_417, "Comuna 19")
    # the rate map says nothing of concentration: a share of a sum of rates means nothing
    assert [f.key for f in cities["cali"].findings if f.source == ("maps", "incidents_rate")] == [
        "finding_map_rate_interval"]


def test_cali_victim_profile_2024(cities):
    # 890 of 952 homicide victims in 2024 were men: 93.5 %
    p = found(cities["cali"], "homicide_victims_sex", "finding_profile")
    assert (p["group"], round(p["share"], 1), p["total"], p["period"]) == ("male", 93.5, 952, "2024")


def test_durban_uses_financial_years(cities):
    change = found(cities["durban"], "murder_trend", "finding_trend_fall")
    assert (change["first_period"], change["last_period"]) == ("2003/04", "2015/16")
    assert (change["first"], change["last"]) == (2086, 1537)  # the newer SAPS release's 2015/16


def test_queretaro_partial_year_is_not_the_latest_complete_one(cities):
    change = found(cities["queretaro"], "state_homicides_trend", "finding_trend_no_clear_change")
    assert change["last_period"] == "2024"


def test_missing_years_stay_missing_not_zero():
    t = pd.DataFrame({"period": ["2019", "2020", "2021"], "value": [10.0, math.nan, 12.0]})
    out = gated(t, ("period",))
    assert out["value"].isna().tolist() == [False, True, False]
    assert out["flag"].tolist() == ["", "", ""]


def test_hotspot_cells_by_hand():
    from auditportal.compute.hotspots import cell_box, cell_index
    # cells of 1 km from (10.00, 0.00) at the equator; 0.001 degree is about 111 m
    lon = pd.Series([10.0005, 10.0005, 10.0205, 10.0095])
    lat = pd.Series([0.0005, 0.0085, 0.0005, 0.0095])
    at = cell_index(lon, lat, 1000, (10.0, 0.0))
    assert at.values.tolist() == [[0, 0], [0, 0], [2, 0], [1, 1]]
    box = cell_box(2, 0, 1000, (10.0, 0.0))
    assert [round(b, 6) for b in box.bounds] == [round(10 + 2000 / 111_320, 6), 0.0,
                                                 round(10 + 3000 / 111_320, 6), round(1000 / 111_320, 6)]
