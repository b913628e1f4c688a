"""Progress status on hand-computed cases, and indicator values recomputed from their published CSV."""
from __future__ import annotations

import csv
import re

import pytest

from auditportal.indicators import status


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
    site = built_fixture / "site"
    with open(site / "data" / "minicali" / "indicators" / "homicide_rate.csv", encoding="utf-8") as f:
        rows = {r["period"]: r for r in csv.DictReader(f)}
    latest, base = rows["2024"], rows["2015"]
    value = int(latest["numerator"]) / int(latest["denominator"]) * 100_000
    baseline = int(base["numerator"]) / int(base["denominator"]) * 100_000
    assert float(latest["value"]) == round(value, 2)
    page = (site / "en" / "minicali" / "indicators" / "homicide_rate" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    assert f"{value:.1f} per 100,000 people (2024)" in text
    assert f"{int(latest['numerator']):,}" in text and f"{int(latest['denominator']):,}" in text
    assert f"{baseline:.1f} (2015)" in text
    change = round((round(value, 2) - round(baseline, 2)) / round(baseline, 2) * 100, 1)
    assert f"{change:+.1f} %" in text


def test_population_policies():
    import pandas as pd

    from auditportal.indicators import _population
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
