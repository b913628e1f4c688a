"""Progress status on hand-computed cases, and indicator values recomputed from their published CSV."""
from __future__ import annotations

import csv
import json

import pytest

from auditportal.compute.indicators import status


@pytest.mark.parametrize("values, baseline, target, year, higher, expected", [
    # 100 -> 80 over 4 years: -5/year; needed (50-100)/10 = -5/year: exactly on pace
    ({2015: 100, 2019: 80}, 2015, 50, 2025, False, "on_track"),
    # -2/year observed against -5 needed: right direction, too slow
    ({2015: 100, 2019: 92}, 2015, 50, 2025, False, "some_progress"),
    # rising while it should fall
    ({2015: 100, 2019: 110}, 2015, 50, 2025, False, "off_track"),
    # no change at all
    ({2015: 100, 2019: 100}, 2015, 50, 2025, False, "off_track"),
    # target already met
    ({2015: 100, 2019: 45}, 2015, 50, 2025, False, "on_track"),
    # 95 % of the pace is on track, 94 % is not: needed -5/year; -4.75 vs -4.7
    ({2015: 100, 2019: 81}, 2015, 50, 2025, False, "on_track"),
    ({2015: 100, 2019: 81.2}, 2015, 50, 2025, False, "some_progress"),
    # higher is better: 40 -> 60 in 5 years (+4/year), needed (80-40)/10 = +4/year
    ({2015: 40, 2020: 60}, 2015, 80, 2025, True, "on_track"),
    # too few data points: only the baseline, or no baseline value, or a missing later value
    ({2015: 100}, 2015, 50, 2025, False, "not_enough_data"),
    ({2016: 100, 2019: 80}, 2015, 50, 2025, False, "not_enough_data"),
    ({2015: 100, 2019: float("nan")}, 2015, 50, 2025, False, "not_enough_data"),
    # no target: no status
    ({2015: 100, 2019: 80}, 2015, None, None, False, "no_target"),
])
def test_status(values, baseline, target, year, higher, expected):
    assert status(values, baseline, target, year, higher).key == expected


def test_status_reports_both_paces():
    s = status({2015: 100, 2019: 92}, 2015, 50, 2025, False)
    assert (s.observed, s.required) == (-2.0, -5.0)


def test_indicator_page_figures_recompute_from_the_csv(built_fixture):
    """Every figure of every indicator page equals its published CSV rounded once (half away from zero)."""
    site = built_fixture / "site"
    for twin in sorted((site / "api" / "v1" / "en" / "minicali" / "indicators").glob("*.json")):
        if twin.stem == "index":
            continue
        view = json.loads(twin.read_text(encoding="utf-8"))["i"]
        with open(site / "data" / "minicali" / "indicators" / f"{twin.stem}.csv", encoding="utf-8") as f:
            rows = {r["period"]: r for r in csv.DictReader(f)}
        latest = rows[view["period"]]
        decimals = 0 if view["unit"] == "count" else 1
        assert view["value"] == en_number(latest["value"], decimals)
        assert view["numerator"] == en_number(latest["numerator"])
        assert view["denominator"] == en_number(latest["denominator"])
        exact = float(latest["numerator"]) / float(latest["denominator"]) * 100_000
        assert float(latest["value"]) == exact  # published at full precision, not rounded twice
        base_period = view["baseline"].split("(")[1].rstrip(")")
        assert view["baseline"] == f"{en_number(rows[base_period]['value'], decimals)} ({base_period})"
        change = (float(latest["value"]) - float(rows[base_period]["value"])) / float(rows[base_period]["value"]) * 100
        assert view["change"] == ("+" if change > 0 else "") + en_number(repr(change), 1) + " %"


def en_number(text: str, decimals: int = 0) -> str:
    """What a reader computes by hand from the CSV's text: round half away from zero, English separators."""
    from decimal import ROUND_HALF_UP, Decimal
    return f"{Decimal(text).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):,.{decimals}f}"


@pytest.mark.parametrize("seed", range(5))
def test_pages_round_the_published_figure_once(seed, tmp_path):
    """Property: for many random numerators and denominators, the page's text is the CSV's text rounded once."""
    import random

    import numpy as np
    import pandas as pd

    from auditportal.compute import disclosure
    from auditportal.i18n import Locale
    from auditportal.schema import Disclosure
    from auditportal.write.publish import Files
    rng = random.Random(seed)
    numerators = [rng.randint(5, 5000) for _ in range(400)]
    denominators = [rng.randint(10_000, 9_000_000) for _ in range(400)]
    values = [n / d * 100_000 for n, d in zip(numerators, denominators)] + [11.35, 23.55, 0.05, 2.5, 1.25]
    frame = pd.DataFrame({"period": [str(i) for i in range(len(values))], "numerator": 10, "value": values,
                          "_cells": [(i,) for i in range(len(values))]})
    [table] = disclosure.protect(len(values), np.arange(len(values)), [
        disclosure.Release(frame, count="numerator", derived=("value",))], Disclosure())
    Files(tmp_path).csv("t.csv", table, "t")
    with open(tmp_path / "t.csv", encoding="utf-8") as f:
        published = [r["value"] for r in csv.DictReader(f)]
    en, es = Locale("en", {}), Locale("es", {})
    for value, text in zip(values, published):
        assert en.number(value, 1) == en_number(text, 1)
        assert es.number(value, 1) == en_number(text, 1).replace(",", "_").replace(".", ",").replace("_", ".")
def test_population_policies():
    import pandas as pd

    from auditportal.compute.indicators import _population
    pop = pd.DataFrame({"period": ["2010", "2020"], "value": [100.0, 200.0]})
    columns = ["period", "denominator", "denominator_method", "denominator_periods"]
    same = _population(pop, ["2010", "2015"], "same", ["period"])
    assert same[columns].values.tolist() == [["2010", 100.0, "same", ("2010",)]]
    between = _population(pop, ["2015", "2025"], "interpolate", ["period"])
    assert between[columns].values.tolist() == [
        ["2015", 150.0, "interpolated", ("2010", "2020")]]  # 2025 is outside the census years: no rate
    nearest = _population(pop, ["2014", "2016", "2025"], "nearest", ["period"])
    assert nearest[columns].values.tolist() == [["2014", 100.0, "nearest", ("2010",)],
                                                ["2016", 200.0, "nearest", ("2020",)],
                                                ["2025", 200.0, "nearest", ("2020",)]]


def test_every_key_finding_recomputes_from_the_published_csvs(built_fixture):
    """Each finding of the fixture city, recomputed with pandas from the CSV of its figure, equals the page's
    sentence (its numbers rounded once)."""
    import pandas as pd
    site = built_fixture / "site"
    page = json.loads((site / "api" / "v1" / "en" / "minicali" / "index.json").read_text(encoding="utf-8"))
    data = site / "data" / "minicali"
    checked = set()
    r = lambda x, decimals=0: en_number(repr(float(x)), decimals)  # noqa: E731 - as a reader rounds the CSV
    for f in page["findings"]:
        kind, fig = f["figure"].split("/")
        table = pd.read_csv(data / kind / f"{fig}.csv", dtype={"period": str})
        shown = table.dropna(subset=[c for c in ("value", "rate") if c in table][:1])
        text = f["text"]
        if f["sentence"] == "finding_change":
            complete = shown[~shown["note"].fillna("").str.contains("partial")]
            first, last = complete.iloc[0], complete.iloc[-1]
            change = (last["value"] - first["value"]) / first["value"] * 100
            assert (f"from {r(first['value'])} in {first['period']} to "
                    f"{r(last['value'])} in {last['period']} "
                    f"({'+' if change > 0 else ''}{r(change, 1)}%)") in text
        elif f["sentence"] == "finding_peak":
            top, low = shown.loc[shown["value"].idxmax()], shown.loc[shown["value"].idxmin()]
            assert (f"the highest value was {r(top['value'])} in {top['period']} and the lowest "
                    f"{r(low['value'])} in {low['period']}") in text
        elif f["sentence"] == "finding_profile":
            top = shown.loc[shown["share"].idxmax()]
            total = top["value"] / top["share"] * 100
            assert f"for {r(top['share'], 1)}% of the total ({r(total)})" in text
        elif f["sentence"] == "finding_map_rate":
            top = shown.loc[shown["rate"].idxmax()]
            assert (f"the highest rate is in {top['area_name']} ({r(top['rate'], 1)} per 100,000), "
                    f"against a median of {r(shown['rate'].median(), 1)}") in text
        else:
            raise AssertionError(f"no recomputation for {f['sentence']}")
        checked.add(f["sentence"])
    assert checked == {"finding_change", "finding_peak", "finding_profile", "finding_map_rate"}
