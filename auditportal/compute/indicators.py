"""Indicator values per period and per area, each carrying its numerator and denominator,
and the progress status against a city's target.

Missing periods stay missing: a year with no count is never a year with zero.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..problems import ConfigProblem
from ..records import IndicatorSeries, Table
from ..schema import Indicator, IndicatorChoice, Selection
from ..tidy import FACTS, facts_by, latest_complete, span_years, yearly
from . import disclosure, flags, uncertainty
from .disclosure import CELLS

SCALE = {"per_100k": 100_000, "percent": 100, "count": 1}
DECIMALS = {"per_100k": 1, "percent": 1, "count": 0}
ON_TRACK_RATIO = 0.95   # observed change at least 95 % of the change needed
WHOLE = "_whole_cells"  # before the gate, for a share: the dataset cells its whole adds up


def select(frame: pd.DataFrame, sel: Selection) -> pd.DataFrame:
    rows = frame[frame["measure"].isin(sel.measures)]
    for dim, values in sel.where.items():
        rows = rows[rows[dim].isin(values)]
    return rows


def _sum(rows: pd.DataFrame, keys: list[str], name: str, cells: str) -> pd.DataFrame:
    grouped = rows.groupby(keys)
    out = grouped["value"].sum(min_count=1).rename(name).to_frame()
    out[cells] = grouped[CELLS].agg(disclosure.cells_of)
    return out.reset_index()


def _periods(rows: pd.DataFrame) -> pd.DataFrame:
    starts = rows.groupby("period", sort=True)["period_start"].first()
    return pd.concat([starts, facts_by(rows, ["period"])], axis=1).reset_index()


def _population(pop: pd.DataFrame, periods, years: str, keys: list[str]) -> pd.DataFrame:
    """Population per period (and area), by the city's declared policy:
    'same' the same period only; 'nearest' the nearest population year; 'interpolate' linear
    between the population years around it (none outside them). What was done is kept beside
    each value as data: denominator_method (same, nearest, interpolated) and
    denominator_periods (the population periods used)."""
    area = keys[1:]
    by_year = {}
    for period, rows in pop.groupby("period"):
        by_year[int(str(period)[:4])] = (period, rows.groupby(area)["value"].sum(min_count=1) if area
                                         else pd.Series([rows["value"].sum(min_count=1)]))
    out = []
    used: tuple[str, ...]
    for period in periods:
        year = int(str(period)[:4])
        exact = [y for y, (p, _) in by_year.items() if p == period]
        if exact:
            method, used, values = "same", (str(period),), by_year[exact[0]][1]
        elif years == "nearest" and by_year:
            y = min(by_year, key=lambda k: (abs(k - year), k))
            method, used, values = "nearest", (str(by_year[y][0]),), by_year[y][1]
        elif years == "interpolate" and any(k < year for k in by_year) and any(k > year for k in by_year):
            a, b = max(k for k in by_year if k < year), min(k for k in by_year if k > year)
            values = (by_year[a][1] + (by_year[b][1] - by_year[a][1]) * (year - a) / (b - a)).round()
            method, used = "interpolated", (str(by_year[a][0]), str(by_year[b][0]))
        else:
            continue
        part = values.reset_index() if area else pd.DataFrame({"value": values.values})
        part.columns = [*area, "value"]
        part["period"], part["denominator_method"] = period, method
        part["denominator_periods"] = [used] * len(part)
        out.append(part)
    if not out:
        empty = pd.DataFrame(columns=[*keys, "denominator_method", "denominator_periods"], dtype=object)
        return empty.assign(denominator=pd.Series(dtype=float))
    return pd.concat(out, ignore_index=True).rename(columns={"value": "denominator"})


def year_of(period: str) -> int | None:
    """The year a yearly period stands for: 2019, or 2012 for the financial year 2012/13."""
    return int(period[:4]) if re.fullmatch(r"\d{4}(/\d{2})?", str(period)) else None


def compute(ind_id: str, indicator: Indicator, choice: IndicatorChoice, tables: dict[str, Table],
            names: dict[str, str], only: tuple[str, str] | None = None) -> IndicatorSeries:
    """An indicator's values per period (and by area for the latest complete one), before the disclosure
    gate: each row knows the dataset cells its numerator (and, for a share, its whole) adds up. `only`
    (a breakdown and one of its groups) keeps that group's rows, after the cells are numbered, so that the
    gate sees a group's values as sums of the same cells as every other table of the dataset."""
    table = tables[choice.dataset]
    frame = disclosure.traced(table.frame)
    if only is not None:
        frame = frame[frame[only[0]] == only[1]]
    if choice.area is not None:  # one area of a dataset of several (the city's state in a national survey)
        frame = frame[frame["area_code"] == choice.area]
        if frame.empty:
            raise ConfigProblem("indicators", ind_id, "area", f"dataset '{choice.dataset}' has no rows for area "
                                f"{choice.area!r}", "area codes are those of the dataset's area_column")
    if (frame["period_type"] == "month").all():
        frame = yearly(frame)
    num_rows = select(frame, indicator.numerator)
    if num_rows.empty:
        raise ConfigProblem("indicators", ind_id, "dataset", f"dataset '{choice.dataset}' has no rows for the "
                            f"numerator of '{ind_id}' ({indicator.numerator.measures}"
                            f"{f', {indicator.numerator.where}' if indicator.numerator.where else ''})",
                            "map the file's labels to these measure ids with measure_map, or choose another dataset")
    by_area_keys = ["period", "area_code"]
    total = _periods(frame[frame["measure"].isin(indicator.numerator.measures)]).merge(
        _sum(num_rows, ["period"], "numerator", CELLS), on="period", how="left")
    area = (_sum(num_rows, by_area_keys, "numerator", CELLS) if table.config.area_level in ("district", "station")
            else None)
    denominator = indicator.denominator
    if indicator.unit == "percent" and denominator is not None:
        den_rows = select(frame, denominator)
        total = total.merge(_sum(den_rows, ["period"], "denominator", WHOLE), on="period", how="left")
        total["denominator_method"] = "same"
        total["denominator_periods"] = [(p,) for p in total["period"]]
        if area is not None:
            area = area.merge(_sum(den_rows, by_area_keys, "denominator", WHOLE), on=by_area_keys, how="left")
    elif indicator.unit == "per_100k" and denominator is not None:
        pop_frame = tables[choice.population.dataset].frame if choice.population else frame
        measure = choice.population.measure if choice.population else denominator.measures[0]
        years = choice.population.years if choice.population else "same"
        pop = pop_frame[pop_frame["measure"] == measure]
        source = choice.population.dataset if choice.population else choice.dataset
        if pop.empty:
            raise ConfigProblem("indicators", ind_id, "population" if choice.population else "dataset",
                                f"dataset '{source}' has no '{measure}' rows for the denominator of '{ind_id}'",
                                "name the dataset holding the population: population: {dataset: ..., measure: ...}")
        total = total.merge(_population(pop, total["period"], years, ["period"]), on="period", how="left")
        if total["denominator"].isna().all():
            raise ConfigProblem("indicators", ind_id, "population", f"no population in '{source}' for any period of "
                                f"'{ind_id}' ({', '.join(map(str, total['period']))}) with years: {years}; "
                                f"population years: {', '.join(sorted(map(str, pop['period'].unique())))}",
                                "for a city with one census, set population.years: nearest (or interpolate "
                                "between two censuses)")
        if area is not None:
            area = area.merge(_population(pop, area["period"].unique(), years, by_area_keys),
                              on=by_area_keys, how="left")
    else:
        total["denominator"], total["denominator_method"] = math.nan, ""
        total["denominator_periods"] = [()] * len(total)
        if area is not None:
            area["denominator"] = math.nan
    survey = table.config.survey is not None
    if indicator.unit == "per_100k":
        total["years"] = total["period"].map(span_years)
    total["value"] = _ratio(total, indicator.unit)
    total["lower"], total["upper"] = _limits(total, indicator.unit, survey)
    if "denominator_method" in total:  # periods with no population found: no method, no periods
        total["denominator_method"] = total["denominator_method"].fillna("")
        total["denominator_periods"] = [p if isinstance(p, tuple) else () for p in total["denominator_periods"]]
    traced_columns = [CELLS, *([WHOLE] if WHOLE in total else [])]
    span = ["years"] if indicator.unit == "per_100k" else []
    total = total.sort_values("period_start")[["period", "numerator", "denominator", *span, "denominator_periods",
                                               "denominator_method", "value", "lower", "upper", *FACTS,
                                               *traced_columns]]
    total = _no_cells_as_empty(total.reset_index(drop=True), traced_columns)
    if area is not None:
        if indicator.unit == "per_100k":
            area["years"] = area["period"].map(span_years)
        area["value"] = _ratio(area, indicator.unit)
        area["lower"], area["upper"] = _limits(area, indicator.unit, survey)
        latest = latest_complete(frame[frame["measure"].isin(indicator.numerator.measures)])
        area = area[area["period"] == latest]
        area = area.assign(area_name=area["area_code"].map(names).fillna(area["area_code"]))
        area = _no_cells_as_empty(area[["period", "area_code", "area_name", "numerator", "denominator", *span,
                                        "value", "lower", "upper", *traced_columns]]
                                  .sort_values("area_code").reset_index(drop=True), traced_columns)
    return IndicatorSeries(ind_id, indicator, choice, total, area, table.config.area_level)


def releases(series: IndicatorSeries) -> list[disclosure.Release]:
    """How an indicator's tables are published: the numerator is the count; for a share, its whole too."""
    share = WHOLE in series.table
    return [release(t, share) for t in (series.table, series.by_area) if t is not None]


def release(t: pd.DataFrame, share: bool) -> disclosure.Release:
    """One table of an indicator (or of one of its breakdowns) as the disclosure gate takes it."""
    return disclosure.Release(t, count="numerator", derived=("value", "lower", "upper"), whole=WHOLE if share else "",
                              whole_count="denominator" if share else "")


def _no_cells_as_empty(t: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    for col in columns:
        t[col] = [c if isinstance(c, tuple) else () for c in t[col]]
    return t


def _ratio(t: pd.DataFrame, unit: str) -> pd.Series:
    """The value at full precision (pages round it once, per language): a zero or missing denominator
    leaves it empty. A rate is per year: a total over several years is divided by its years too (an annual
    average), never read as one year's rate."""
    if unit == "count":
        return t["numerator"]
    if unit == "per_100k":
        return t["numerator"] / (t["denominator"].where(t["denominator"] > 0) * t["years"]) * SCALE[unit]
    return t["numerator"] / t["denominator"].where(t["denominator"] > 0) * SCALE[unit]


def _limits(t: pd.DataFrame, unit: str, survey: bool) -> tuple:
    """The value's 95 % interval (compute/uncertainty.py): exact Poisson for counts and rates, exact binomial
    for shares; none for a survey's estimates, whose margins are the survey's to publish."""
    if survey:
        return np.nan, np.nan
    if unit == "count":
        return uncertainty.count_limits(t["numerator"])
    if unit == "per_100k":
        return uncertainty.rate_limits(t["numerator"], t["denominator"] * t["years"], SCALE[unit])
    return uncertainty.share_limits(t["numerator"], t["denominator"])


def flagged(series: IndicatorSeries) -> IndicatorSeries:
    """A gated series with what a reader must know beside each value: a partial period, and fewer than 20
    events behind it (for a share, in its whole)."""
    events = "denominator" if series.indicator.unit == "percent" else "numerator"

    def marked(t: pd.DataFrame) -> pd.DataFrame:
        if "partial" in t:
            t = flags.mark(t, flags.PARTIAL, t["partial"].fillna(False))
        return flags.mark(t, flags.UNRELIABLE, uncertainty.unreliable(t[events]) & t["lower"].notna())

    return replace(series, table=marked(series.table),
                   by_area=marked(series.by_area) if series.by_area is not None else None,
                   breakdowns={dim: marked(t) for dim, t in series.breakdowns.items()})


def exposure(t: pd.DataFrame, unit: str) -> pd.Series:
    """What each value's numerator is counted out of: people × years for a rate, the whole for a share, one
    period for a count."""
    if unit == "per_100k":
        return t["denominator"] * t["years"]
    if unit == "percent":
        return t["denominator"]
    return pd.Series(1.0, index=t.index)


def change(series: IndicatorSeries, earlier: pd.Series, later: pd.Series) -> uncertainty.Change | None:
    """The change between two of a series' periods with its interval and test; None for a survey's estimates
    (their margins are the survey's) or where no ratio can be formed."""
    if series.indicator.unit == "percent":
        return uncertainty.Change.of_shares(earlier["numerator"], earlier["denominator"], later["numerator"],
                                            later["denominator"]) if _tested(series) else None
    t = pd.DataFrame([earlier, later])
    e = exposure(t, series.indicator.unit).tolist()
    return uncertainty.Change.of_rates(earlier["numerator"], e[0], later["numerator"], e[1]) if _tested(series) \
        else None


def _tested(series: IndicatorSeries) -> bool:
    return not series.table["lower"].isna().all()


def headline(series: IndicatorSeries) -> dict | None:
    """Latest complete value, and its change since the baseline year where one is set: the change in per cent
    (a share's in points: "+2 %" of 90 % would mislead) and, where intervals exist, its test (`change`)."""
    t = series.table.dropna(subset=["value"])
    if t.empty:
        return None
    complete = t[~t["partial"]]
    last = (complete if not complete.empty else t).iloc[-1]
    out = {"period": last["period"], "value": last["value"], "numerator": last["numerator"],
           "denominator": last["denominator"], "denominator_method": last["denominator_method"],
           "denominator_periods": last["denominator_periods"], "lower": last["lower"], "upper": last["upper"],
           "flag": last.get("flag", "")}
    base = t[t["period"].map(year_of) == series.choice.baseline_year] if series.choice.baseline_year else t.iloc[:0]
    if not base.empty and base["value"].iloc[0] and base["period"].iloc[0] != last["period"]:
        out["baseline_period"] = base["period"].iloc[0]
        out["baseline"] = base["value"].iloc[0]
        if series.indicator.unit == "percent":
            out["change_points"] = last["value"] - out["baseline"]
        else:
            out["change_pct"] = (last["value"] - out["baseline"]) / out["baseline"] * 100
        out["change"] = change(series, base.iloc[0], last)
    return out


@dataclass(frozen=True)
class Status:
    """Progress towards a target (`status`): the verdict with the fitted trend it reads and the pace needed."""
    key: str  # on_track, some_progress, off_track, not_enough_evidence, not_enough_data or no_target
    trend: uncertainty.Trend | None = None  # average annual change since the baseline, with its interval
    required: float | None = None  # % a year needed from the baseline's fitted value to the target in time
    illustrative: bool = False      # the target is an example's, not the city's


def status(years, counts, exposures, scale: float, baseline_year: int | None, target: float | None,
           target_year: int | None, higher_is_better: bool, illustrative: bool = False) -> Status:
    """Progress towards a target, by the method the methodology page documents.

    The average annual change since the baseline is fitted over every complete period from the baseline year
    on (uncertainty.Trend: a Poisson regression, five periods at least), so one unusual year does not flip
    the verdict. It is set against the annual change needed to go from the baseline's fitted value to the
    target by the target year (Open SDG's progress measure, on the change per year). The target already met
    by the latest fitted value, or the whole interval at 95 % of the needed pace or more: on track; the whole
    interval in the right direction but slower: some progress; the whole interval at no change or the wrong
    way: off track; an interval across two verdicts: not enough evidence. Fewer than five periods since the
    baseline: not enough data.
    """
    if target is None or target_year is None:
        return Status("no_target", illustrative=illustrative)
    rows = [(y, c, e) for y, c, e in zip(years, counts, exposures)
            if y is not None and baseline_year is not None and y >= baseline_year and not pd.isna(c)]
    if baseline_year is None or baseline_year not in [y for y, _, _ in rows] or target_year <= baseline_year:
        return Status("not_enough_data", illustrative=illustrative)
    trend = uncertainty.Trend.fit(*zip(*rows))
    if trend is None:
        return Status("not_enough_data", illustrative=illustrative)
    base, latest = trend.fitted(baseline_year) * scale, trend.fitted(max(y for y, _, _ in rows)) * scale
    required = ((target / base) ** (1 / (target_year - baseline_year)) - 1) * 100 if target > 0 else -100.0
    sign = 1 if higher_is_better else -1
    out = lambda key: Status(key, trend, required, illustrative)  # noqa: E731
    if sign * (latest - target) >= 0:
        return out("on_track")
    need = sign * required
    if need <= 0:  # the baseline already met the target, and it has since been lost
        return out("off_track")
    low, high = sorted((sign * trend.lower, sign * trend.upper))
    if low >= ON_TRACK_RATIO * need:
        return out("on_track")
    if high <= 0:
        return out("off_track")
    if low > 0 and high < ON_TRACK_RATIO * need:
        return out("some_progress")
    return out("not_enough_evidence")


def series_status(series: IndicatorSeries) -> Status:
    """A series' status, read from its complete yearly periods (partial ones never count)."""
    t = series.table
    t = t[~t["partial"] & t["numerator"].notna() & t["period"].map(year_of).notna()]
    target = series.choice.target
    if target is not None and not _tested(series):  # a survey's estimates: no interval, no verdict
        return Status("not_enough_evidence", illustrative=target.illustrative)
    return status(t["period"].map(year_of).tolist(), t["numerator"].tolist(),
                  exposure(t, series.indicator.unit).tolist(), SCALE[series.indicator.unit],
                  series.choice.baseline_year, target.value if target else None, target.year if target else None,
                  series.indicator.higher_is_better, bool(target and target.illustrative))


def status_table(series: list[IndicatorSeries]) -> pd.DataFrame:
    """Each indicator's latest value, its change since the baseline, the fitted trend and the status against
    its target, as the city's pages show them: the data twin of their status column. Made of gated values."""
    rows = []
    for s in series:
        h, st = headline(s), series_status(s)
        ch = h.get("change") if h else None
        target = s.choice.target
        rows.append({
            "indicator": s.id, "unit": s.indicator.unit, "period": h["period"] if h else "",
            "value": h["value"] if h else math.nan, "lower": h["lower"] if h else math.nan,
            "upper": h["upper"] if h else math.nan, "flag": h["flag"] if h else "",
            "baseline_period": h.get("baseline_period", "") if h else "",
            "baseline": h.get("baseline", math.nan) if h else math.nan,
            "change": (h.get("change_points", h.get("change_pct", math.nan))) if h else math.nan,
            "change_unit": "points" if s.indicator.unit == "percent" else "percent",
            "change_lower": (ch.lower if ch.kind == "difference" else (ch.lower - 1) * 100) if ch else math.nan,
            "change_upper": (ch.upper if ch.kind == "difference" else (ch.upper - 1) * 100) if ch else math.nan,
            "change_p_value": ch.p_value if ch else math.nan,
            "change_verdict": ch.verdict if ch else ("not_tested" if h and "baseline" in h else ""),
            "trend_pct_per_year": st.trend.change if st.trend else math.nan,
            "trend_lower": st.trend.lower if st.trend else math.nan,
            "trend_upper": st.trend.upper if st.trend else math.nan,
            "trend_periods": st.trend.periods if st.trend else math.nan,
            "trend_model": st.trend.model if st.trend else "",
            "target": target.value if target else math.nan, "target_year": target.year if target else math.nan,
            "target_illustrative": bool(target and target.illustrative),
            "required_pct_per_year": st.required if st.required is not None else math.nan,
            "status": st.key})
    out = pd.DataFrame(rows)
    out.attrs = {disclosure.MARK: True, "total": math.nan}  # every number read from a gated series
    return out
