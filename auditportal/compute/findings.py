"""Key findings generated from the published chart and map tables, with their numbers.

Findings read the disclosed tables, never the raw data, so every number in a
finding can be recomputed from a CSV a reader can download. Each finding is
language-free (a key and its numbers); pages word it in each language.
"""
from __future__ import annotations

import math

import pandas as pd

from ..records import Figure, Finding
from ..schema import Disclosure


def _complete(t: pd.DataFrame) -> pd.DataFrame:
    return t[~t["partial"] & t["value"].notna()]


def lines(key: tuple[str, str], table: pd.DataFrame, unit: str | None) -> list[Finding]:
    """A chart of several lines: each line from its first to its last value (a percentage's change in
    points: a relative change of a share misleads); for two datasets side by side (surveyed and recorded
    crime), how many times the one is the other in the latest year both have."""
    out = []
    for line, t in _complete(table).groupby("line", sort=False):
        if len(t) >= 2 and t["value"].iloc[0]:
            first, last = t.iloc[0], t.iloc[-1]
            said = {"line": line, "first_period": first["period"], "first": first["value"],
                    "last_period": last["period"], "last": last["value"]}
            if unit == "percent":
                points = last["value"] - first["value"]
                out.append(Finding(key, "finding_change_line_points", said | {"points": points}))
            else:
                out.append(Finding(key, "finding_change_line", said | {
                    "change_pct": (last["value"] - first["value"]) / first["value"] * 100}))
    if table.attrs.get("joined"):
        wide = _complete(table).pivot(index="period", columns="line", values="value").dropna()
        a, b = list(dict.fromkeys(table["line"]))[:2]
        if len(wide) and wide[b].iloc[-1]:
            row = wide.iloc[-1]
            out.append(Finding(key, "finding_ratio", {"period": wide.index[-1], "a_line": a, "a": row[a],
                                                      "b_line": b, "b": row[b], "times": row[a] / row[b]}))
    return out


def trend(key: tuple[str, str], table: pd.DataFrame, dim: str, k: int) -> list[Finding]:
    """First to last complete period, and the highest and lowest; nothing with fewer than two values."""
    t = _complete(table)
    if len(t) < 2:
        return []
    first, last = t.iloc[0], t.iloc[-1]
    peak = t.loc[t["value"].idxmax()]
    low = t.loc[t["value"].idxmin()]
    out = [Finding(key, "finding_peak", {"peak_period": peak["period"], "peak": peak["value"],
                                         "low_period": low["period"], "low": low["value"]})]
    if first["value"]:
        out.insert(0, Finding(key, "finding_change", {
            "first_period": first["period"], "first": first["value"], "last_period": last["period"],
            "last": last["value"], "change_pct": (last["value"] - first["value"]) / first["value"] * 100}))
    return out


def seasonality(key: tuple[str, str], table: pd.DataFrame, dim: str, k: int) -> list[Finding]:
    """The month with the most and the fewest cases on average, over whole years without a suppressed month."""
    t = table[table["value"].notna()]
    years = t.groupby("year")["month"].count()
    t = t[t["year"].isin(years[years == 12].index)]  # whole years only, or months are unevenly weighted
    if t.empty:
        return []
    by_month = t.groupby("month")["value"].mean()
    high, low = int(by_month.idxmax()), int(by_month.idxmin())
    if not by_month[low]:
        return []
    first, last = t["year"].min(), t["year"].max()
    return [Finding(key, "finding_season" if first != last else "finding_season_year", {
        "high_month": high, "high": by_month[high], "low_month": low, "low": by_month[low],
        "ratio_pct": (by_month[high] / by_month[low] - 1) * 100,
        "years": f"{first}–{last}" if first != last else str(first)})]


def profile(key: tuple[str, str], table: pd.DataFrame, dim: str, k: int) -> list[Finding]:
    """The largest group's share of the real total (suppressed groups counted in it)."""
    t = table[table["value"].notna()]
    if t.empty:
        return []
    top = t.loc[t["share"].idxmax()]
    return [Finding(key, "finding_profile", {"group": top[dim], "share": top["share"], "period": top["period"],
                                             "total": table.attrs["total"]})]


def composition(key: tuple[str, str], table: pd.DataFrame, dim: str, k: int) -> list[Finding]:
    """The largest category of the latest complete period; not said when a category of it is suppressed,
    since its share of a total that leaves cases out would overstate it."""
    t = table[table["value"].notna()]
    complete = _complete(t)
    if t.empty:
        return []
    period = (complete if not complete.empty else t)["period"].iloc[-1]
    latest = table[table["period"] == period]
    if latest["value"].isna().any():
        return []
    top = latest.loc[latest["value"].idxmax()]
    return [Finding(key, "finding_composition", {
        "group": top[dim], "share": top["value"] / latest["value"].sum() * 100, "period": period})]


def concentration(key: tuple[str, str], table: pd.DataFrame, k: int,
                  hidden: tuple[int, int] | None = None) -> list[Finding]:
    """Share of all cases held by the fifth of the areas (or grid cells) with the most, of counts only:
    the total includes the suppressed areas; how many areas had data, were suppressed or had none is
    said. Needs at least five areas with data. For a hotspot grid, `hidden` is the cells and incidents
    left out, which the total includes."""
    t = table.dropna(subset=["value"]).sort_values(["value", "area_code"], ascending=[False, True])
    total = table.attrs["total"] + (hidden[1] if hidden else 0)
    if len(t) < 5 or not total:
        return []
    suppressed = int((table.get("flag", pd.Series(dtype=str)) == "suppressed").sum())
    missing = int(table["value"].isna().sum()) - suppressed
    top_n = math.ceil(len(t) / 5)
    numbers = {"top_n": top_n, "areas": len(t), "share": t["value"].iloc[:top_n].sum() / total * 100,
               "total": total, "period": t["period"].iloc[0], "suppressed": suppressed, "missing": missing, "k": k}
    if hidden is not None:
        numbers.update(suppressed=hidden[0], hidden_events=hidden[1])
        return [Finding(key, "finding_concentration_cells", numbers)]
    numbers["top_name"] = t["area_name"].iloc[0]
    clauses = (("finding_concentration_suppressed",) if suppressed else ()) + (
        ("finding_concentration_missing",) if missing else ())
    return [Finding(key, "finding_concentration", numbers, clauses)]


def ranking(key: tuple[str, str], table: pd.DataFrame, dim: str, k: int) -> list[Finding]:
    return concentration(key, table, k)


def ranked(key: tuple[str, str], table: pd.DataFrame) -> list[Finding]:
    """Percentages or rates compared (concentration means nothing for them): where the highlighted area
    stands, and the highest and lowest."""
    t = table.dropna(subset=["value"]).sort_values(["value", "area_code"], ascending=[False, True])
    if len(t) < 2:
        return []
    top, bottom = t.iloc[0], t.iloc[-1]
    said = {"period": top["period"], "top_area": top["area_name"], "top": top["value"],
            "bottom_area": bottom["area_name"], "bottom": bottom["value"], "n": len(t)}
    mine = t[t["highlight"]] if "highlight" in t else t.iloc[0:0]
    if mine.empty:
        return [Finding(key, "finding_range", said)]
    rank = int((t["value"] > mine["value"].iloc[0]).sum()) + 1
    return [Finding(key, "finding_rank", said | {"area": mine["area_name"].iloc[0], "value": mine["value"].iloc[0],
                                                 "rank": rank})]


def map_highest(key: tuple[str, str], table: pd.DataFrame, column: str) -> list[Finding]:
    """The highest value against the median of the areas with data."""
    t = table.dropna(subset=[column])
    if t.empty:
        return []
    top = t.loc[t[column].idxmax()]
    sentence = "finding_map_rate" if column == "rate" else "finding_map_count"
    return [Finding(key, sentence, {"name": top["area_name"], "value": top[column],
                                    "period": top["period"], "median": t[column].median()})]


def weekday_hour(key: tuple[str, str], table: pd.DataFrame, dim: str, k: int) -> list[Finding]:
    """The busiest hour of the week, and the share of all incidents in the busiest four-hour window of the
    day (any weekday): when prevention would reach most. Not said without enough incidents."""
    t = table[table["value"].notna()]
    total = table.attrs["total"]
    if t.empty or total < 20:
        return []
    top = t.loc[t["value"].idxmax()]
    by_hour = table.groupby("hour")["value"].sum(min_count=1).reindex(range(24), fill_value=0).fillna(0)
    window = [(h, sum(by_hour[(h + i) % 24] for i in range(4))) for h in range(24)]
    start, held = max(window, key=lambda w: (w[1], -w[0]))
    return [Finding(key, "finding_weekday_hour", {
        "weekday": int(top["weekday"]), "hour": int(top["hour"]), "top": top["value"], "total": total,
        "from_hour": start, "to_hour": (start + 4) % 24, "share": held / total * 100})]


BY_CHART = {"trend": trend, "seasonality": seasonality, "profile": profile,
            "composition": composition, "ranking": ranking, "weekday_hour": weekday_hour}


def for_figure(fig: Figure, rule: Disclosure) -> list[Finding]:
    """The findings a figure's table supports, in the order pages show them. Concentration is said of
    counts only (a share of a sum of rates means nothing)."""
    k = rule.suppress_below - 1
    if fig.chart is not None and "line" in fig.table:
        return lines(fig.key, fig.table, fig.unit)
    if fig.chart is not None and fig.chart.type == "ranking" and fig.unit in ("percent", "per_100k"):
        return ranked(fig.key, fig.table)
    if fig.chart is not None:
        return BY_CHART[fig.chart.type](fig.key, fig.table, fig.chart.dimension or "measure", k)
    if fig.kind == "maps" and fig.layer is not None:
        column = fig.layer.value_col
        return map_highest(fig.key, fig.table, column) + (concentration(fig.key, fig.table, k)
                                                           if column == "value" else [])
    if fig.kind == "hotspots":
        return concentration(fig.key, fig.table, k, hidden=(fig.hidden_cells, fig.hidden_events))
    return []


def distinct(found: list[Finding]) -> list[Finding]:
    """One of each statement: a ranking chart and a map of the same counts say the same thing once."""
    seen, out = set(), []
    for f in found:
        said = (f.key, tuple(sorted((k, str(v)) for k, v in f.numbers.items())))
        if said not in seen:
            seen.add(said)
            out.append(f)
    return out
