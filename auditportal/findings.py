"""Key findings generated from the published chart and map tables, with their numbers.

Findings read the disclosed tables, never the raw data, so every number in a
finding can be recomputed from a CSV a reader can download. Each finding is
language-free (a key and its numbers); pages word it in each language.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from .figures import Figure


@dataclass(frozen=True)
class Finding:
    source: tuple[str, str]  # key (kind, id) of the figure whose table backs it
    key: str                 # which sentence (a key in templates/strings.yml)
    numbers: dict = field(default_factory=dict)


def _complete(t: pd.DataFrame) -> pd.DataFrame:
    return t[~t["partial"] & t["value"].notna()]


def trend(key: tuple[str, str], table: pd.DataFrame, dim: str) -> list[Finding]:
    t = _complete(table)
    if len(t) < 2:
        return []
    first, last = t.iloc[0], t.iloc[-1]
    change = (last["value"] - first["value"]) / first["value"] * 100 if first["value"] else math.nan
    peak = t.loc[t["value"].idxmax()]
    low = t.loc[t["value"].idxmin()]
    cid = key
    return [
        Finding(cid, "finding_change", {"first_period": first["period"], "first": first["value"],
                                        "last_period": last["period"], "last": last["value"],
                                        "change_pct": round(change, 1)}),
        Finding(cid, "finding_peak", {"peak_period": peak["period"], "peak": peak["value"],
                                      "low_period": low["period"], "low": low["value"]}),
    ]


def seasonality(key: tuple[str, str], table: pd.DataFrame, dim: str) -> list[Finding]:
    t = table.dropna(subset=["value"])
    years = t.groupby("year")["month"].count()
    t = t[t["year"].isin(years[years == 12].index)]  # whole years only, or months are unevenly weighted
    if t.empty:
        return []
    by_month = t.groupby("month")["value"].mean()
    high, low = int(by_month.idxmax()), int(by_month.idxmin())
    return [Finding(key, "finding_season", {
        "high_month": high, "high": round(by_month[high], 1), "low_month": low, "low": round(by_month[low], 1),
        "ratio_pct": round((by_month[high] / by_month[low] - 1) * 100, 1) if by_month[low] else math.nan,
        "years": f"{t['year'].min()}–{t['year'].max()}"})]


def profile(key: tuple[str, str], table: pd.DataFrame, dim: str) -> list[Finding]:
    t = table.dropna(subset=["value"])
    if t.empty:
        return []
    top = t.loc[t["share"].idxmax()]
    return [Finding(key, "finding_profile", {
        "group": top[dim], "share": top["share"], "period": top["period"],
        "total": t["value"].sum()})]


def composition(key: tuple[str, str], table: pd.DataFrame, dim: str) -> list[Finding]:
    t = table.dropna(subset=["value"])
    if t.empty:
        return []
    period = _complete(t)["period"].iloc[-1] if not _complete(t).empty else t["period"].iloc[-1]
    latest = t[t["period"] == period]
    top = latest.loc[latest["value"].idxmax()]
    return [Finding(key, "finding_composition", {
        "group": top[dim], "share": round(top["value"] / latest["value"].sum() * 100, 1),
        "period": period})]


def concentration(source: tuple[str, str], t: pd.DataFrame, column: str = "value") -> list[Finding]:
    """Share of the total held by the top fifth of districts (rounded up), a standard concentration measure."""
    t = t.dropna(subset=[column]).sort_values(column, ascending=False)
    if len(t) < 5 or not t[column].sum():
        return []
    top_n = math.ceil(len(t) / 5)
    share = t[column].iloc[:top_n].sum() / t[column].sum() * 100
    return [Finding(source, "finding_concentration", {
        "top_n": top_n, "districts": len(t), "share": round(share, 1),
        "top_name": t["area_name"].iloc[0], "top_value": t[column].iloc[0], "period": t["period"].iloc[0]})]


def ranking(key: tuple[str, str], table: pd.DataFrame, dim: str) -> list[Finding]:
    return concentration(key, table)


def map_highest(key: tuple[str, str], table: pd.DataFrame, column: str) -> list[Finding]:
    t = table.dropna(subset=[column])
    if t.empty:
        return []
    top = t.loc[t[column].idxmax()]
    sentence = "finding_map_rate" if column == "rate" else "finding_map_count"
    return [Finding(key, sentence, {"name": top["area_name"], "value": top[column],
                                    "period": top["period"], "median": t[column].median()})]


BY_CHART = {"trend": trend, "seasonality": seasonality, "profile": profile,
            "composition": composition, "ranking": ranking}


def for_figure(fig: Figure) -> list[Finding]:
    """The findings a figure's table supports, in the order pages show them."""
    if fig.chart is not None:
        return BY_CHART[fig.chart.type](fig.key, fig.table, fig.chart.dimension or "measure")
    if fig.kind == "maps" and fig.layer is not None:
        return map_highest(fig.key, fig.table, fig.layer.value_col) + concentration(fig.key, fig.table,
                                                                                   fig.layer.value_col)
    if fig.kind == "hotspots":
        return concentration(fig.key, fig.table)
    return []
