"""How sure a figure is: the intervals against published tables and against their promised coverage, the
change and trend tests against series with no change, and, on the built sites, every partial period marked
and no change called that its own interval does not support."""
from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from scipy.stats import poisson

from auditportal.compute.uncertainty import Change, Trend, count_limits, rate_limits, share_limits

# ---------------------------------------------------------------- intervals

@pytest.mark.parametrize("count, lower, upper", [
    # Garwood's exact 95 % limits, as tabulated (e.g. Ulm 1990, Am J Epidemiol 131:373)
    (0, 0.0, 3.689), (1, 0.0253, 5.5716), (5, 1.6235, 11.6683), (10, 4.7954, 18.3904), (20, 12.2165, 30.8884),
])
def test_exact_poisson_limits_match_the_published_table(count, lower, upper):
    low, high = count_limits([count])
    assert (low[0], high[0]) == (pytest.approx(lower, abs=1e-3), pytest.approx(upper, abs=1e-3))


def test_a_rate_is_its_counts_limits_over_its_people_and_years():
    low, high = rate_limits([10], [200_000 * 2], 100_000)  # 10 cases in 2 years among 200,000 people
    assert (low[0], high[0]) == pytest.approx((4.795 / 4, 18.390 / 4), abs=1e-3)
    assert np.isnan(rate_limits([10], [0], 100_000)[0][0])  # no people, no rate


def test_a_share_has_exact_binomial_limits():
    low, high = share_limits([5], [10])  # Clopper-Pearson, 5 of 10: 18.7 % to 81.3 %
    assert (low[0], high[0]) == pytest.approx((18.709, 81.291), abs=1e-3)


def test_the_intervals_cover_the_true_rate_at_least_95_percent_of_the_time():
    """Exactly, over 400 expected counts from 0.1 to 1,000 (the sum of the Poisson probabilities of the counts
    whose interval holds the mean), and by simulation (many seeded Poisson series). Exact intervals are
    conservative: most above 95 % where few events are expected."""
    counts = np.arange(0, 1400)
    low, high = count_limits(counts)
    means = np.geomspace(0.1, 1000, 400)
    exact = np.array([poisson.pmf(counts[(low <= m) & (m <= high)], m).sum() for m in means])
    assert exact.min() >= 0.95
    assert exact[means < 5].mean() == pytest.approx(0.987, abs=0.001)     # the methodology page's figures
    assert exact[means > 100].mean() == pytest.approx(0.953, abs=0.001)
    rng = np.random.default_rng(2026)
    simulated = []
    for mean in (0.5, 3, 12, 50, 200):
        k = rng.poisson(mean, 20_000)
        lo, hi = count_limits(k)
        simulated.append(((lo <= mean) & (mean <= hi)).mean())
    assert min(simulated) >= 0.95 - 3 * np.sqrt(0.95 * 0.05 / 20_000)  # within three standard errors
    assert np.mean(simulated) > 0.96


# ---------------------------------------------------------------- changes and trends

def test_no_clear_change_is_said_for_at_least_90_percent_of_pairs_with_no_change():
    rng = np.random.default_rng(7)
    for mean in (5, 20, 100, 1000):
        pairs = [Change.of_rates(a, 1, b, 1) for a, b in zip(rng.poisson(mean, 2000), rng.poisson(mean, 2000))]
        verdicts = [c.verdict for c in pairs if c is not None]
        assert sum(v == "no_clear_change" for v in verdicts) / len(verdicts) >= 0.90, mean


def test_no_clear_trend_is_said_for_at_least_90_percent_of_series_with_no_trend():
    """Series of 5 to 15 years at one rate, Poisson and overdispersed (gamma-Poisson, as yearly homicides)."""
    rng = np.random.default_rng(11)
    for periods in (5, 8, 15):
        for mean, spread in ((15, 0.0), (200, 0.0), (200, 0.05), (1000, 0.02)):
            said = []
            for _ in range(400):
                rates = rng.gamma(1 / spread, mean * spread, periods) if spread else np.full(periods, mean)
                trend = Trend.fit(np.arange(periods), rng.poisson(rates), np.ones(periods))
                said.append(trend.verdict)
            assert said.count("no_clear_change") / len(said) >= 0.90, (periods, mean, spread)


def test_a_real_change_is_found():
    assert Change.of_rates(1000, 1, 1300, 1).verdict == "rise"
    assert Trend.fit(np.arange(8), [1000 * 0.9 ** i for i in range(8)], np.ones(8)).verdict == "fall"
    assert Change.of_shares(40, 100, 60, 100).verdict == "rise"   # 40 % -> 60 % of 100: beyond chance
    assert Change.of_shares(40, 100, 45, 100).verdict == "no_clear_change"


# ---------------------------------------------------------------- the built sites

def twins(site):
    return sorted((site / "api" / "v1").rglob("*.json"))


def test_a_planted_partial_year_is_marked_in_every_output_that_holds_it(built_fixture):
    """The fixture's 2025 is half a year (partial: ["2025"]): every CSV that holds it flags it, its chart draws
    it apart, and it is never the latest value, a trend's end or the status's."""
    site = built_fixture / "site"
    data = site / "data" / "minicali"
    holding = {}
    for path in sorted(site.joinpath("data").rglob("*.csv")):
        t = pd.read_csv(path, dtype=str, keep_default_na=False)
        if "period" in t and (t["period"] == "2025").any():
            holding[path.relative_to(site).as_posix()] = set(t.loc[t["period"] == "2025", "flag"])
    # one city: no comparison (an indicator one city reports is not compared)
    assert set(holding) == {"data/minicali/homicides.csv", "data/minicali/charts/trend.csv",
                            "data/minicali/indicators/homicide_rate.csv"}
    assert all(flags and all("partial" in f.split(";") for f in flags) for flags in holding.values()), holding
    status = pd.read_csv(data / "indicators" / "status.csv", dtype=str)
    assert status.loc[status["indicator"] == "homicide_rate", "period"].tolist() == ["2024"]
    for spec_path in (site / "en" / "minicali" / "charts" / "trend.vl.json",
                      site / "en" / "minicali" / "indicators" / "homicide_rate.vl.json"):
        spec = json.loads(spec_path.read_text())
        rows = [r for layer in spec["layer"] for r in layer.get("data", {}).get("values", [])]
        rows += [r for values in spec.get("datasets", {}).values() for r in values]
        assert {r["period"] for r in rows if r.get("segment") == "partial period"} == {"2024", "2025"}  # dashed
        assert any(r["period"] == "2025" and r["partial"] for r in rows)  # the hollow point
        assert "partial period" in json.dumps(spec)  # its legend entry
    page = json.loads((site / "api" / "v1" / "en" / "minicali" / "index.json").read_text())
    assert not any("2025" in f["text"] for f in page["findings"])


CHANGE = re.compile(r"_(rise|fall)$")


def test_no_page_calls_a_change_its_own_interval_does_not_support(built_fixture, built_real):
    checked = 0
    for site in (built_fixture / "site", built_real):
        for path in twins(site):
            view = json.loads(path.read_text(encoding="utf-8"))
            for f in view.get("findings", []):
                n, said = f["numbers"], CHANGE.search(f["sentence"])
                if said:
                    assert (n["lower_pct"] > 0) if said.group(1) == "rise" else (n["upper_pct"] < 0), (path, f)
                    checked += 1
                elif "no_clear_change" in f["sentence"]:
                    assert n["lower_pct"] <= 0 <= n["upper_pct"], (path, f)
        for status in site.joinpath("data").glob("*/indicators/status.csv"):
            for r in pd.read_csv(status).itertuples():
                if r.change_verdict in ("rise", "fall"):
                    none = 0.0  # a change in per cent or points: its interval must exclude no change
                    assert (r.change_lower > none) if r.change_verdict == "rise" else (r.change_upper < none), r
                    checked += 1
    assert checked > 10


def test_the_issue_cases_read_as_they_should(built_real):
    """Querétaro's half 2025 apart in the comparison; Cali's thefts per year; the months per day; the status
    marked illustrative; 947 recorded homicides and 952 victims explained."""
    compare = pd.read_csv(built_real / "data" / "compare" / "homicide_rate.csv", dtype={"period": str})
    assert compare.loc[(compare["city"] == "queretaro") & (compare["period"] == "2025"), "flag"].tolist() == [
        "partial"]
    theft = pd.read_csv(built_real / "data" / "cali" / "indicators" / "theft_rate.csv").iloc[0]
    assert theft["years"] == 17 and theft["value"] == theft["numerator"] / (theft["denominator"] * 17) * 100_000
    page = json.loads((built_real / "api" / "v1" / "en" / "cali" / "index.json").read_text())
    season = next(f for f in page["findings"] if f["figure"] == "charts/homicides_seasonality")
    assert "per day" in season["text"] and "December" in season["text"]
    assert all(i["status"].endswith("(illustrative target)") for i in page["indicators"] if i["target"] != "–")
    status = pd.read_csv(built_real / "data" / "cali" / "indicators" / "status.csv")
    assert status.loc[status["target"].notna(), "target_illustrative"].all()
    reconciled = pd.read_csv(built_real / "data" / "cali" / "reconciliation.csv", dtype={"period": str})
    row = reconciled[(reconciled["period"] == "2024") & (reconciled["other_dataset"] == "homicides_yearly")
                     & (reconciled["dataset"] == "homicide_victims")]  # said from the dataset that says why
    assert row[["value", "other_value", "difference"]].values.tolist() == [[952, 947, 5]]
    assert "one row per victim" in row["reason"].iloc[0]
    sex = next(fig for fig in page["figures"] if fig["id"] == "homicide_victims_sex")
    assert "952" in sex["reconciled"] and "947" in sex["reconciled"] and "DIJIN" in sex["reconciled"]
