"""Cities compared on one indicator, and each district against its city: what the real site says, and every
number recomputed from the published CSVs."""
import json

import numpy as np
import pandas as pd

from auditportal.compute import disclosure, left_behind
from auditportal.schema import Disclosure


def twin(site, lang: str, page: str) -> dict:
    return json.loads((site / "api" / "v1" / lang / f"{page}.json").read_text(encoding="utf-8"))


def test_homicide_rate_compares_every_reporting_city_with_the_notes_its_configs_imply(built_real):
    view = twin(built_real, "en", "compare/homicide_rate")
    assert [[c["slug"] for c in g["cities"]] for g in view["groups"]] == [["cali"], ["queretaro"]]
    assert [g["label"] for g in view["groups"]] == ["calendar years, the city or its metropolitan area",
                                                    "calendar years, the whole state"]
    assert view["notes"] == [
        "Each city's figures come from its own source (police, prosecutors or national statistics), with its own "
        "recording and classification rules: a difference between cities may come from how crime is recorded, not "
        "only from how much happens.",
        "The figures of Querétaro are for the whole state, not the city: they are shown apart.",
        "The rates of Querétaro use one population (the nearest year with data) for every year: a change in the "
        "rate is a change in the counts.",
        "Cities whose figures are not comparable are shown in separate charts, each with its own axis."]
    shown = {c["slug"]: (c["value"], c["period"]) for g in view["groups"] for c in g["cities"]}
    for slug, (value, period) in shown.items():
        own = pd.read_csv(built_real / "data" / slug / "indicators" / "homicide_rate.csv", dtype={"period": str})
        assert f"{own.set_index('period').loc[period, 'value']:.1f}" == value


def test_financial_years_are_never_drawn_with_calendar_years(built_real):
    view = twin(built_real, "en", "compare/homicide_count")
    groups = [[c["slug"] for c in g["cities"]] for g in view["groups"]]
    assert ["durban"] in groups and not any("durban" in g and len(g) > 1 for g in groups)
    assert ("Durban (eThekwini) counts financial years (April to March), not calendar years: its figures are "
            "shown apart.") in view["notes"]
    table = pd.read_csv(built_real / "data" / "compare" / "homicide_count.csv", dtype={"period": str})
    assert table.groupby("group")["city"].apply(lambda s: sorted(set(s))).tolist() == [sorted(g) for g in groups]
    spec = json.loads((built_real / "en" / "compare" / "homicide_count-1.vl.json").read_text())
    inline = [layer["data"]["values"] for layer in [spec, *spec.get("layer", [])] if "values" in layer.get("data", {})]
    drawn = {r["name"] for values in [*spec.get("datasets", {}).values(), *inline] for r in values}
    assert drawn == {"Santiago de Cali", "São Paulo (immediate region)"}


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
