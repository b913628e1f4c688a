"""Indicator values per period, each carrying its numerator and denominator so a reader can check it.

Missing periods stay missing: a year with no count is never a year with zero.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import disclosure
from .config import City, Indicator, IndicatorChoice
from .sources import Table

SCALE = {"per_100k": 100_000, "percent": 100, "count": 1}


@dataclass(frozen=True)
class IndicatorSeries:
    id: str
    indicator: Indicator
    choice: IndicatorChoice
    table: pd.DataFrame   # period, numerator, denominator, value, note, flag


def compute(ind_id: str, indicator: Indicator, choice: IndicatorChoice, tables: dict[str, Table],
            city: City) -> IndicatorSeries:
    frame = tables[choice.dataset].frame
    top = frame[frame["area_level"].isin(["city", "state"])]
    top = top if not top.empty else frame
    num_rows = top[top["measure"].isin(indicator.numerator)]
    if num_rows.empty:
        raise ValueError(f"indicator '{ind_id}': dataset '{choice.dataset}' has no measure {indicator.numerator}")
    num = num_rows.groupby(["period", "period_start"]).agg(
        numerator=("value", lambda s: s.sum(min_count=1)),
        note=("note", lambda s: "; ".join(sorted({n for n in s if n})))).reset_index()
    if indicator.denominator:
        den_frame = tables[choice.population.dataset].frame if choice.population else top
        den_measure = choice.population.measure if choice.population else indicator.denominator
        den = den_frame[den_frame["measure"] == den_measure].groupby("period")["value"].sum(min_count=1)
        num["denominator"] = num["period"].map(den)
        num["value"] = (num["numerator"] / num["denominator"] * SCALE[indicator.unit]).round(2)
    else:
        num["denominator"] = float("nan")
        num["value"] = num["numerator"]
    out = num.sort_values("period_start")[["period", "numerator", "denominator", "value", "note"]]
    out = disclosure.suppress(out.reset_index(drop=True), city.disclosure, count="numerator", derived=("value",))
    return IndicatorSeries(ind_id, indicator, choice, out)


def headline(series: IndicatorSeries) -> dict | None:
    """Latest value, and change since the baseline year where one is set."""
    t = series.table.dropna(subset=["value"])
    if t.empty:
        return None
    last = t.iloc[-1]
    out = {"period": last["period"], "value": last["value"], "numerator": last["numerator"],
           "denominator": last["denominator"]}
    base = t[t["period"] == str(series.choice.baseline_year)] if series.choice.baseline_year else t.iloc[:0]
    if not base.empty and base["value"].iloc[0]:
        out["baseline_period"] = base["period"].iloc[0]
        out["baseline"] = base["value"].iloc[0]
        out["change_pct"] = round((last["value"] - out["baseline"]) / out["baseline"] * 100, 1)
    return out
