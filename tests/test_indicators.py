"""Progress status on hand-computed cases, and indicator values recomputed from their published CSV."""
from __future__ import annotations

import csv
import json
import re

import pytest
from statsmodels.stats.rates import confint_poisson_2indep

from auditportal.compute.indicators import status
from helpers import refit

YEARS = list(range(2015, 2021))  # six whole years from the baseline, 2015
PEOPLE = [1_000_000.0] * 6        # a million people: a count of 1,000 is a rate of 100 per 100,000


def series(start: float, change: float, years=YEARS) -> list[float]:
    """Counts moving by `change` (0.9: -10 %) a year from `start`."""
    return [round(start * change ** i) for i in range(len(years))]


def check(counts, target, higher=False, years=YEARS, baseline=2015, target_year=2025):
    return status(years, counts, PEOPLE[:len(counts)], 100_000, baseline, target, target_year, higher)


@pytest.mark.parametrize("counts, target, higher, expected", [
    # -10 % a year, far from chance (counts of about 1,000); the target needs -5 % a year: on track
    (series(1000, 0.90), 60, False, "on_track"),
    # -2 % a year from counts of 100,000: the whole interval is short of 95 % of the -5 % needed
    (series(100_000, 0.98), 6000, False, "some_progress"),
    # rising 3 % a year while it should fall
    (series(100_000, 1.03), 6000, False, "off_track"),
    # counts of about 20 moving little: the interval spans no change and the needed pace
    ([20, 19, 22, 18, 20, 17], 1.2, False, "not_enough_evidence"),
    # the target is already met by the latest fitted value
    (series(1000, 0.90), 70, False, "on_track"),
    # higher is better: +10 % a year, +5 % needed
    (series(1000, 1.10), 160, True, "on_track"),
])
def test_status_reads_the_fitted_trend(counts, target, higher, expected):
    assert check(counts, target, higher).key == expected


def test_one_unusual_year_does_not_flip_the_status():
    # on pace for five years, then one high year: comparing 2015 with 2020 alone would say off track
    steady = series(1000, 0.90)[:5] + [1100]
    assert check(steady, 50).key != "off_track"


@pytest.mark.parametrize("years, counts, baseline, target, expected", [
    (YEARS[:4], series(1000, 0.9)[:4], 2015, 60, "not_enough_data"),  # fewer than five years since the baseline
    (YEARS, series(1000, 0.9), 2014, 60, "not_enough_data"),          # no value for the baseline year
    (YEARS, series(1000, 0.9), 2015, None, "no_target"),
])
def test_status_without_enough_data_or_a_target(years, counts, baseline, target, expected):
    assert check(counts, target, years=years, baseline=baseline).key == expected


def test_status_reports_the_trend_and_the_pace_needed():
    s = check(series(1000, 0.90), 60)
    assert s.trend is not None and s.trend.change == pytest.approx(-10.0, abs=0.1)
    assert s.trend.lower < s.trend.change < s.trend.upper < 0
    # from the baseline's fitted value (100 per 100,000) to 60 in ten years: (60/100)^(1/10) - 1 = -4.98 % a year
    assert s.required == pytest.approx(((60 / (s.trend.fitted(2015) * 100_000)) ** 0.1 - 1) * 100)
    assert s.required == pytest.approx(-4.98, abs=0.05)


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
        exact = float(latest["numerator"]) / (float(latest["denominator"]) * float(latest["years"])) * 100_000
        assert float(latest["value"]) == exact  # published at full precision, not rounded twice
        base_period = view["baseline"].split("(")[1].rstrip(")")
        assert view["baseline"] == f"{en_number(rows[base_period]['value'], decimals)} ({base_period})"
        change = (float(latest["value"]) - float(rows[base_period]["value"])) / float(rows[base_period]["value"]) * 100
        amount = ("+" if change > 0 else "") + en_number(repr(change), 1) + " %"
        # called a rise or a fall only when the interval of the ratio, from the CSV's counts, excludes none
        base, exposure = rows[base_period], lambda r: float(r["denominator"]) * float(r["years"])
        low, high = confint_poisson_2indep(float(latest["numerator"]), exposure(latest), float(base["numerator"]),
                                           exposure(base), method="score", compare="ratio")
        verdict = "a clear fall" if high < 1 else "a clear rise" if low > 1 else None
        assert view["change"] == (f"{amount}: {verdict}" if verdict else f"no clear change ({amount})")
        # the latest value's interval, as the CSV gives it
        assert view["interval"] == (f"95% interval: {en_number(latest['lower'], decimals)} to "
                                    f"{en_number(latest['upper'], decimals)}")


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
        if f["sentence"].startswith("finding_trend_"):
            complete = shown[~shown["flag"].fillna("").str.contains("partial")]
            change, low, high = refit(complete)
            signed = lambda x: ("+" if x > 0 else "") + r(x, 1)  # noqa: E731
            verdict = "fall" if high < 0 else "rise" if low > 0 else "no_clear_change"
            assert f["sentence"] == f"finding_trend_{verdict}"
            assert (f"{signed(change)}% a year" in text or f"{signed(change)}% a year on average" in text)
            assert f"{signed(low)} to {signed(high)}%" in text
            assert f"from {complete['period'].iloc[0]} to {complete['period'].iloc[-1]}" in text
        elif f["sentence"] == "finding_peak":  # of whole periods: the planted partial 2025 is not the low
            shown = shown[~shown["flag"].fillna("").str.contains("partial")]
            top, low = shown.loc[shown["value"].idxmax()], shown.loc[shown["value"].idxmin()]
            assert (f"the highest value was {r(top['value'])} in {top['period']} and the lowest "
                    f"{r(low['value'])} in {low['period']}") in text
        elif f["sentence"] == "finding_profile":
            top = shown.loc[shown["share"].idxmax()]
            total = top["value"] / top["share"] * 100
            assert f"for {r(top['share'], 1)}% of the total ({r(total)})" in text
        elif f["sentence"] == "finding_map_rate_interval":
            top = shown.loc[shown["rate"].idxmax()]
            assert (f"the highest rate is in {top['area_name']} ({r(top['rate'], 1)} per 100,000 a year; 95% "
                    f"interval: {r(top['lower'], 1)} to {r(top['upper'], 1)}), against a median of "
                    f"{r(shown['rate'].median(), 1)}") in text
            reaching = int((shown.drop(top.name)["upper"] >= top["lower"]).sum())
            said = "The interval of one other area reaches it" if reaching == 1 else \
                f"The intervals of {reaching} other areas reach it"
            assert (said in text) == (reaching > 0)
        elif f["sentence"] == "finding_hotspots":  # classes and published counts from the grid's CSV
            hot, cold = table["class"].str.startswith("hot"), table["class"].str.startswith("cold")
            held = table.loc[hot, "value"].sum()
            total = float(re.search(r"of the ([\d,]+) incidents", text)[1].replace(",", ""))
            assert total >= table["value"].sum()  # the withheld cells' counts are in the total, not the CSV
            assert (f"{r(hot.sum())} of the {r(len(table))} cells are hot spots (90% confidence or more) and "
                    f"hold at least {r(held / total * 100, 1)}% of the {r(total)} incidents ({r(held)}); "
                    f"{r(cold.sum())} are cold spots") in text
        else:
            raise AssertionError(f"no recomputation for {f['sentence']}")
        checked.add(f["sentence"])
    assert checked == {"finding_trend_fall", "finding_peak", "finding_profile", "finding_map_rate_interval",
                       "finding_hotspots"}

