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
from ..tidy import period_time
from . import flags, uncertainty


def _complete(t: pd.DataFrame) -> pd.DataFrame:
    return t[~t["partial"] & t["value"].notna()]


def _tested(t: pd.DataFrame) -> bool:
    """Whether the table's values carry intervals (counts of cases; a survey's estimates do not)."""
    return "lower" in t and bool(t["lower"].notna().any())


def change_over(key: tuple[str, str], t: pd.DataFrame, sentence: str, said: dict) -> Finding | None:
    """How a series of counts moved: with five complete periods or more, its average annual change fitted
    over all of them (uncertainty.Trend); with two to four, the change from the first to the last tested
    (uncertainty.Change, per day, so that a month is compared with a month of its own length). The sentence
    calls a rise or a fall only when the interval excludes no change; otherwise it says there is no clear
    one and gives both values. `sentence` is the family (finding, finding_line), `said` what it names."""
    if len(t) < 2 or not t["value"].iloc[0]:
        return None
    first, last = t.iloc[0], t.iloc[-1]
    said = said | {"first_period": first["period"], "first": first["value"], "last_period": last["period"],
                   "last": last["value"]}
    times, days = zip(*(period_time(p) for p in t["period"]))
    trend = uncertainty.Trend.fit(times, t["value"], days)
    if trend is not None:
        return Finding(key, f"{sentence}_trend_{trend.verdict}", said | {
            "change_pct": trend.change, "lower_pct": trend.lower, "upper_pct": trend.upper, "periods": trend.periods,
            "model": trend.model})
    change = uncertainty.Change.of_rates(first["value"], days[0], last["value"], days[-1])
    if change is None:
        return None
    return Finding(key, f"{sentence}_change_{change.verdict}", said | {
        "change_pct": change.change_pct, "lower_pct": (change.lower - 1) * 100,
        "upper_pct": (change.upper - 1) * 100, "p_value": change.p_value})


def lines(key: tuple[str, str], table: pd.DataFrame, unit: str | None) -> list[Finding]:
    """A chart of several lines: how each moved (change_over), or, for a survey's estimates, which publish
    no margins of error, both values without calling a change; for two datasets side by side (surveyed and
    recorded crime), how many times the one is the other in the latest year both have."""
    out = []
    for line, t in _complete(table).groupby("line", sort=False):
        if len(t) < 2:
            continue
        if _tested(t):
            found = change_over(key, t, "finding_line", {"line": line})
            out += [found] if found else []
        else:
            first, last = t.iloc[0], t.iloc[-1]
            out.append(Finding(key, "finding_line_values", {
                "line": line, "first_period": first["period"], "first": first["value"],
                "last_period": last["period"], "last": last["value"]}))
    if table.attrs.get("joined"):
        wide = _complete(table).pivot(index="period", columns="line", values="value").dropna()
        a, b = list(dict.fromkeys(table["line"]))[:2]
        if len(wide) and wide[b].iloc[-1]:
            row = wide.iloc[-1]
            out.append(Finding(key, "finding_ratio", {"period": wide.index[-1], "a_line": a, "a": row[a],
                                                      "b_line": b, "b": row[b], "times": row[a] / row[b]}))
    return out


def trend(key: tuple[str, str], table: pd.DataFrame, dim: str, k: int) -> list[Finding]:
    """How the series moved (change_over), and its highest and lowest complete period."""
    t = _complete(table)
    if len(t) < 2:
        return []
    peak = t.loc[t["value"].idxmax()]
    low = t.loc[t["value"].idxmin()]
    out = [Finding(key, "finding_peak", {"peak_period": peak["period"], "peak": peak["value"],
                                         "low_period": low["period"], "low": low["value"]})]
    moved = change_over(key, t, "finding", {}) if _tested(t) else None
    return ([moved] if moved else []) + out


def seasonality(key: tuple[str, str], table: pd.DataFrame, dim: str, k: int) -> list[Finding]:
    """The month with the most and the fewest cases per day on average (a month's cases over its days: 31
    for December, 28 or 29 for February), over whole years without a suppressed month. A difference is
    called one only when the test of the two months' daily rates, over all those years, excludes none."""
    t = table[table["value"].notna()]
    years = t.groupby("year")["month"].count()
    t = t[t["year"].isin(years[years == 12].index)].copy()  # whole years only, or months are unevenly weighted
    if t.empty:
        return []
    t["days"] = [pd.Timestamp(int(y), int(m), 1).days_in_month for y, m in zip(t["year"], t["month"])]
    by_month = t.groupby("month")[["value", "days"]].sum()
    per_day = by_month["value"] / by_month["days"]
    high, low = int(per_day.idxmax()), int(per_day.idxmin())
    if not per_day[low]:
        return []
    change = uncertainty.Change.of_rates(by_month.loc[low, "value"], by_month.loc[low, "days"],
                                         by_month.loc[high, "value"], by_month.loc[high, "days"])
    first, last = t["year"].min(), t["year"].max()
    differs = change is not None and change.verdict == "rise"
    return [Finding(key, "finding_season" if differs else "finding_season_none", {
        "high_month": high, "high": per_day[high], "low_month": low, "low": per_day[low],
        "ratio_pct": (per_day[high] / per_day[low] - 1) * 100,
        "lower_pct": (change.lower - 1) * 100 if change else math.nan,
        "upper_pct": (change.upper - 1) * 100 if change else math.nan,
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
    suppressed = flags.count(table, flags.SUPPRESSED)
    protecting = table.attrs.get("withheld", (suppressed, 0))[1]  # withheld only to protect another area
    missing = int(table["value"].isna().sum()) - suppressed
    top_n = math.ceil(len(t) / 5)
    numbers = {"top_n": top_n, "areas": len(t), "share": t["value"].iloc[:top_n].sum() / total * 100,
               "total": total, "period": t["period"].iloc[0], "suppressed": suppressed, "protecting": protecting,
               "missing": missing, "k": k}
    if hidden is not None:
        numbers.update(suppressed=hidden[0], hidden_events=hidden[1])
        return [Finding(key, "finding_concentration_cells", numbers)]
    numbers["top_name"] = t["area_name"].iloc[0]
    numbers.update(overlaps(t))
    withheld = ("finding_concentration_withheld",) if protecting else ("finding_concentration_suppressed",)
    clauses = (withheld if suppressed else ()) + (("finding_concentration_missing",) if missing else ()) + (
        ("finding_rank_overlap",) if numbers.get("overlapping") else ())
    return [Finding(key, "finding_concentration", numbers, clauses)]


def overlaps(ranked: pd.DataFrame, column: str = "value") -> dict:
    """How many neighbouring pairs of a ranking (sorted by `column`, highest first) have overlapping 95 %
    intervals, whose order may then be chance; nothing where the table has no intervals."""
    t = ranked.dropna(subset=["lower", "upper"]) if "lower" in ranked else ranked.iloc[0:0]
    if len(t) < 2:
        return {}
    pairs = list(zip(t["lower"].iloc[:-1], t["upper"].iloc[1:]))
    return {"pairs": len(pairs), "overlapping": sum(1 for low, high in pairs if low <= high)}


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
    """The highest value against the median of the areas with data, with its interval where it has one: how
    many other areas' intervals reach it (it may not truly be the highest), and whether fewer than 20 cases
    stand behind it."""
    t = table.dropna(subset=[column]).sort_values([column, "area_code"], ascending=[False, True])
    if t.empty:
        return []
    top = t.iloc[0]
    sentence = "finding_map_rate" if column == "rate" else "finding_map_count"
    numbers = {"name": top["area_name"], "value": top[column], "period": top["period"],
               "median": t[column].median()}
    clauses: tuple[str, ...] = ()
    if "lower" in t and not pd.isna(top["lower"]):
        reach = int((t["upper"].iloc[1:] >= top["lower"]).sum())
        numbers.update(lower=top["lower"], upper=top["upper"], reaching=reach)
        sentence += "_interval"
        clauses += ("finding_top_overlap_one",) if reach == 1 else ("finding_top_overlap",) if reach else ()
        clauses += ("finding_top_unreliable",) if flags.UNRELIABLE in flags.tokens(top.get("flag", "")) else ()
    return [Finding(key, sentence, numbers, clauses)]


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


def hot_spots(key: tuple[str, str], table: pd.DataFrame) -> list[Finding]:
    """How many cells are hot and cold spots, and the share of all incidents the hot ones hold: at least the
    share their published counts add up to (a withheld count adds to it, unsaid)."""
    hot = table["class"].str.startswith("hot")
    cold = table["class"].str.startswith("cold")
    total = table.attrs["total"]
    numbers = {"cells": len(table), "hot": int(hot.sum()), "cold": int(cold.sum()), "total": total,
               "period": table["period"].iloc[0] if len(table) else ""}
    if not hot.any() and not cold.any():
        return [Finding(key, "finding_hotspots_none", numbers)]
    held = float(table.loc[hot, "value"].sum())
    return [Finding(key, "finding_hotspots", numbers | {"held": held, "share": held / total * 100 if total else 0.0})]


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
        column = "rate" if "rate" in fig.table else "value"  # the raw rate, with its interval
        return map_highest(fig.key, fig.table, column) + (concentration(fig.key, fig.table, k)
                                                           if column == "value" else [])
    if fig.kind == "hotspots":
        return hot_spots(fig.key, fig.table)
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
