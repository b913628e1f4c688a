"""Charts: from a dataset to the exact table a chart shows (write/draw/charts.py draws it).

The table is computed once, passed through the disclosure rule, published as the chart's
CSV, and is the only thing drawn: what a reader downloads is what they saw.
"""
from __future__ import annotations

import pandas as pd

from ..problems import ConfigProblem
from ..records import Table
from ..schema import Chart
from ..tidy import FACTS, latest_complete, sum_by, yearly
from . import disclosure, uncertainty
from .disclosure import CELLS


def table(chart: Chart, source: Table, names: dict[str, str]) -> pd.DataFrame:
    """The table behind one chart, language-free, with the facts about each value as columns, and the
    dataset cells each value adds up (for the disclosure gate, which the caller applies)."""
    frame = disclosure.traced(source.frame)
    rows = frame[frame["measure"].isin(chart.measures)]
    if rows.empty:
        raise ConfigProblem("charts", chart.id, "measures", f"dataset '{chart.dataset}' has no rows for "
                            f"measures {chart.measures}", "measure ids come from the dataset's measures or measure_map")
    kind = chart.type
    monthly = (rows["period_type"] == "month").all()
    if monthly and (kind in ("profile", "composition", "ranking") or (kind == "trend" and chart.by_year)):
        rows = yearly(rows)
    if chart.areas:
        rows = rows[rows["area_code"].isin(chart.areas)]
    rows = rows[~rows["area_code"].isin(chart.leave_out)]
    if kind == "trend" and len(chart.areas) > 1:  # one line per area
        out = sum_by(rows, ["period", "period_start", "area_code"]).sort_values(["period_start", "area_code"])
        out = out.rename(columns={"area_code": "line"})[["period", "line", "value", *FACTS, CELLS]]
    elif kind == "trend":
        out = sum_by(rows, ["period", "period_start"]).sort_values("period_start")
        out = out[["period", "value", *FACTS, CELLS]]
    elif kind == "seasonality":
        out = sum_by(rows, ["period"])
        out["year"] = out["period"].str[:4]
        out["month"] = out["period"].str[5:7].astype(int)
        # months are compared per day: a December has 31 days, a February 28 or 29
        out["per_day"] = out["value"] / [pd.Timestamp(int(y), m, 1).days_in_month for y, m in zip(out["year"],
                                                                                                   out["month"])]
        out = out[["year", "month", "value", "per_day", *FACTS, CELLS]].sort_values(["year", "month"])
    elif kind in ("profile", "composition"):
        dim = chart.dimension or "measure"
        if kind == "profile":
            period = chart.period or latest_complete(rows)
            rows = rows[rows["period"] == period]
        out = sum_by(rows, ["period", "period_start", dim]).sort_values(["period_start", dim])
        out = out[["period", dim, "value", *FACTS, CELLS]]
    else:  # ranking
        period = chart.period or latest_complete(rows)
        out = sum_by(rows[rows["period"] == period], ["period", "area_code"])
        out.insert(2, "area_name", out["area_code"].map(names).fillna(out["area_code"]))
        out = out.sort_values(["value", "area_code"], ascending=[False, True])
        out = out[["period", "area_code", "area_name", "value", *FACTS, CELLS]]
        if chart.highlight:
            out.insert(3, "highlight", out["area_code"] == chart.highlight)
    out = out.reset_index(drop=True)
    if kind in ("trend", "ranking") and source.config.survey is None:  # counts of cases: how sure each is
        at = list(out.columns).index("value") + 1
        lower, upper = uncertainty.count_limits(out["value"])
        out.insert(at, "lower", lower)
        out.insert(at + 1, "upper", upper)
    if kind == "profile":  # shares of the real total, suppressed cells included in it
        out.insert(list(out.columns).index("value") + 1, "share", out["value"] / out["value"].sum() * 100)
    return out


def second_line(chart: Chart, other: Table) -> Chart:
    """The chart's second line as a chart of its own, so that it is computed and gated like any other."""
    a = chart.against
    assert a is not None
    measures = a.measures or sorted(other.frame["measure"].unique())
    return chart.model_copy(update={"dataset": a.dataset, "measures": measures, "areas": [a.area] if a.area else [],
                                    "against": None})


def unit(chart: Chart, ds) -> str:
    """What a chart's values are: counts, or a survey's estimates, percentages or rates."""
    if ds.survey is None:
        return "count"
    units = {ds.survey.units.get(m, "estimate") for m in chart.measures}
    return units.pop() if len(units) == 1 else "estimate"


def with_line(table: pd.DataFrame, line: str) -> pd.DataFrame:
    """A one-line trend's table as one line of a chart that draws two (its label: the dataset's title)."""
    return table.assign(line=line)[["period", "line", *[c for c in table.columns if c != "period"]]]


def weekday_hour_table(chart: Chart, points: Table) -> pd.DataFrame:
    """Incidents by weekday and hour, local time, over every period of the records (or the chart's period)."""
    rows = points.frame
    if chart.period:
        rows = rows[rows["period"].str.startswith(chart.period)]
    out = weekday_hour(rows, chart.measures)
    if out["value"].sum() == 0:
        raise ConfigProblem("charts", chart.id, "type", f"dataset '{chart.dataset}' has no times of day for "
                            f"measures {chart.measures}", "a weekday-hour chart needs date_column with times")
    return out.assign(_cells=[(i,) for i in range(len(out))])


def weekday_hour(points: pd.DataFrame, measures: list[str]) -> pd.DataFrame:
    """Counts by weekday (0 Monday) and hour of the day, every cell present (an hour with no incident is 0)."""
    rows = points[points["measure"].isin(measures) & points["hour"].notna()]
    grid = pd.MultiIndex.from_product([range(7), range(24)], names=["weekday", "hour"])
    counts = rows.groupby(["weekday", "hour"])["value"].sum().reindex(grid, fill_value=0.0)
    out = counts.reset_index()
    out["hour"] = out["hour"].astype(int)
    return out


def release(chart: Chart, raw: pd.DataFrame) -> disclosure.Release:
    """How a chart's table is published: a profile's shares go with their counts; a ranking's and a
    profile's totals are stated by their findings, as a composition's are by its stacked bars."""
    derived = ("share",) if chart.type == "profile" else tuple(c for c in ("lower", "upper", "per_day") if c in raw)
    return disclosure.Release(raw, derived=derived,
                              total=chart.type in ("ranking", "profile", "composition", "weekday_hour"))
