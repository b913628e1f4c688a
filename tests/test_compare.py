"""Cities compared on one indicator, and each district against its city: what the real site says, and every
number recomputed from the published CSVs."""
import json
from types import SimpleNamespace

import numpy as np
import pandas as pd

from auditportal.compute import comparison, disclosure, left_behind
from auditportal.records import Apart, Entry
from auditportal.schema import Disclosure


def twin(site, lang: str, page: str) -> dict:
    return json.loads((site / "api" / "v1" / lang / f"{page}.json").read_text(encoding="utf-8"))


def test_homicide_rate_charts_the_comparable_cities_and_lists_the_others_with_the_reason(built_real):
    view = twin(built_real, "en", "compare/homicide_rate")
    assert [c["slug"] for c in view["cities"]] == ["cali"]
    assert [(c["slug"], c["reason"]) for c in view["apart"]] == [
        ("queretaro", "its figures are for the whole state, not the city")]
    assert view["chart"]["alt"] == ("Intentional homicide rate by year: Santiago de Cali; no other city has "
                                    "comparable figures")
    assert view["notes"] == [
        "Each city's figures come from its own source (police, prosecutors or national statistics), with its own "
        "recording and classification rules: a difference between cities may come from how crime is recorded, not "
        "only from how much happens.",
        "The figures of Querétaro are for the whole state, not the city: they are shown apart.",
        "The rates of Querétaro use one population (the nearest year with data) for every year: a change in the "
        "rate is a change in the counts."]
    for c in view["cities"] + view["apart"]:
        own = pd.read_csv(built_real / "data" / c["slug"] / "indicators" / "homicide_rate.csv", dtype={"period": str})
        assert f"{own.set_index('period').loc[c['period'], 'value']:.1f}" == c["value"]
    page = (built_real / "en" / "compare" / "homicide_rate" / "index.html").read_text(encoding="utf-8")
    assert 'srcset="../../compare/homicide_rate-1.narrow.svg"' in page  # a phone gets the narrow drawing
    assert "calendar years, the city or its metropolitan area" not in page  # no data label as a heading
    assert not (built_real / "en" / "compare" / "homicide_rate-2.svg").exists()  # no chart of one city apart


def test_financial_years_are_never_drawn_with_calendar_years(built_real):
    view = twin(built_real, "en", "compare/homicide_count")
    assert [c["slug"] for c in view["cities"]] == ["cali", "saopaulo"]
    apart = {c["slug"]: c["reason"] for c in view["apart"]}
    assert apart == {"durban": "it counts financial years (April to March), not calendar years",
                     "queretaro": "its figures are for the whole state, not the city"}
    assert ("Durban (eThekwini) counts financial years (April to March), not calendar years: its figures are "
            "shown apart.") in view["notes"]
    table = pd.read_csv(built_real / "data" / "compare" / "homicide_count.csv", dtype={"period": str})
    assert sorted(set(table.loc[table["group"] == 1, "city"])) == ["cali", "saopaulo"]
    assert set(table["city"]) == {"cali", "saopaulo", "durban", "queretaro"}  # the CSV holds every city
    spec = json.loads((built_real / "en" / "compare" / "homicide_count-1.vl.json").read_text())
    inline = [layer["data"]["values"] for layer in [spec, *spec.get("layer", [])] if "values" in layer.get("data", {})]
    drawn = {r["name"] for values in [*spec.get("datasets", {}).values(), *inline] for r in values}
    assert drawn == {"Santiago de Cali", "São Paulo (immediate region)"}


def test_an_indicator_one_city_reports_is_not_compared(built_real):
    index = twin(built_real, "en", "compare/index")
    assert all(i["cities"] >= 2 for i in index["indicators"])
    assert "theft_rate" not in {i["id"] for i in index["indicators"]}  # Cali's alone
    assert not (built_real / "en" / "compare" / "theft_rate").exists()
    assert not (built_real / "data" / "compare" / "theft_rate.csv").exists()


def entry(period_kind: str, scope: str, periods: list[str]) -> Entry:
    series = SimpleNamespace(table=pd.DataFrame({"period": periods, "value": [1.0] * len(periods)}))
    return Entry(None, series, period_kind, scope, {}, "")  # type: ignore[arg-type]


def test_a_total_over_several_years_is_never_charted_as_a_year():
    assert comparison.total_span(entry("year", "city", ["2010-2026"]).series) == "2010-2026"
    assert comparison.total_span(entry("year", "city", ["2010", "2011"]).series) == ""
    assert comparison.total_span(entry("year", "city", ["2024-2024"]).series) == ""
    yearly, state, fy = entry("year", "city", ["2023"]), entry("year", "state", ["2023"]), entry(
        "financial_year", "city", ["2022/23"])
    total = entry("total", "city", ["2010-2026"])
    assert comparison.apart(total, yearly) == Apart(total, "total", "2010-2026")
    assert comparison.apart(state, yearly).reason == "state"
    assert comparison.apart(fy, yearly).reason == "financial_year"
    assert comparison.apart(yearly, fy).reason == "group"
    # the chart: the most cities; among equals yearly figures of cities before a state or financial years
    groups = sorted([[fy], [state], [yearly]], key=comparison.rank)
    assert groups[0] == [yearly]
    assert sorted([[yearly], [fy, fy]], key=comparison.rank)[0] == [fy, fy]


def test_each_district_ratio_recomputes_from_the_published_table(built_real):
    t = pd.read_csv(built_real / "data" / "cali" / "left_behind" / "incidents_rate.csv", dtype={"area_code": str})
    shown = t.dropna(subset=["value"])
    assert len(shown) == 22
    # a total over 2010-2019: rates per year, the city's too (the ratios are the same either way)
    assert (t["years"] == 10).all()
    city_rate = shown["value"].sum() / (shown["population"] * shown["years"]).sum() * 100_000
    assert abs(t["city_rate"].iloc[0] - city_rate) < 1e-9
    rate = shown["value"] / (shown["population"] * shown["years"]) * 100_000
    assert ((shown["ratio"] - rate / city_rate).abs() < 1e-9).all()
    view = twin(built_real, "en", "cali/left-behind")
    [section] = view["sections"]
    assert section["ahead"] == ("Areas at 1.5 times the city's rate or more: Comuna 3 (3.9×); Comuna 22 (2.4×); "
                                "Comuna 9 (2.2×); Comuna 4 (1.8×); Comuna 19 (1.6×).")


def test_a_withheld_count_withholds_its_ratio_and_the_city_rate_still_counts_it():
    """One small district: its count, rate and ratio are withheld, and so is a second district's, since the
    city's total is stated (otherwise the total minus the others would give the small count away)."""
    rates = pd.DataFrame({"area_code": ["a", "b", "c"], "area_name": ["A", "B", "C"], "period": "2024",
                          "value": [3.0, 50.0, 80.0], "population": [1000.0, 2000.0, 3000.0], "years": 1,
                          "_cells": [(0,), (1,), (2,)]})
    rates["rate"] = rates["value"] / rates["population"] * 100_000
    rates["lower"], rates["upper"] = rates["rate"] * 0.8, rates["rate"] * 1.2
    t = left_behind.table(rates)
    [gated] = disclosure.protect(3, np.zeros(3, dtype=int), [left_behind.release(t)], Disclosure(suppress_below=5))
    assert gated[["area_code", "flag"]].values.tolist() == [["c", ""], ["b", "suppressed"], ["a", "suppressed"]]
    assert gated.loc[gated["flag"] == "suppressed", ["value", "rate", "lower", "upper", "ratio"]].isna().all().all()
    assert gated["city_rate"].iloc[0] == 133 / 6000 * 100_000 and gated.attrs["total"] == 133


def test_a_city_without_population_says_why_it_has_no_ratios(built_real):
    assert twin(built_real, "en", "cdmx/left-behind")["no_rates"].startswith(
        "This city publishes no population by area, so there are no rates by area")
