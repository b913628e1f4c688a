"""Maps: the table of one value per district (or station), and its classes (write/draw/maps.py draws it).

Classes are quantiles (each class holds about the same number of districts), at most five, so that every
class is visible whatever the skew.
"""
from __future__ import annotations

import math

import pandas as pd

from ..problems import ConfigProblem
from ..records import Geography, Table
from ..schema import MapSpec
from ..tidy import latest_complete, span_years, yearly
from . import disclosure, uncertainty

MAX_CLASSES = 5


def table(spec: MapSpec, source: Table, population: Table | None, geo: Geography) -> pd.DataFrame:
    """One row per mapped area: area_code, area_name, period, value[, population, population_period, years,
    rate], the 95 % interval of the rate (or of the count) in lower and upper, and the dataset cells each value
    adds up (for the disclosure gate, which the caller applies)."""
    frame = disclosure.traced(source.frame)
    rows = frame[frame["measure"].isin(spec.measures)]
    if len(rows) and (rows["period_type"] == "month").all():  # a map shows a year, not a month
        rows = yearly(rows)
    if rows.empty:
        raise ConfigProblem("maps", spec.id, "measures", f"dataset '{spec.dataset}' has no rows for "
                            f"measures {spec.measures}", "measure ids come from the dataset's measures or measure_map")
    period = spec.period or latest_complete(rows)
    grouped = rows[rows["period"] == period].groupby("area_code")
    counts, cells = grouped["value"].sum(min_count=1), grouped[disclosure.CELLS].agg(disclosure.cells_of)
    out = pd.DataFrame({"area_code": geo.codes})
    out["area_name"] = out["area_code"].map(geo.names)
    out["period"] = period
    out["value"] = out["area_code"].map(counts)
    if population is not None and spec.population is not None:
        pop_rows = population.frame[population.frame["measure"] == spec.population.measure]
        pop_period = latest_complete(pop_rows)
        pop = pop_rows[pop_rows["period"] == pop_period].set_index("area_code")["value"]
        out["population"] = out["area_code"].map(pop)
        out["population_period"] = pop_period
        out["years"] = span_years(period)  # a rate is per year: a total over several years is averaged
        out["rate"] = out["value"] / (out["population"].where(out["population"] > 0) * out["years"]) * 100_000
        limits = uncertainty.rate_limits(out["value"], out["population"] * out["years"], 100_000)
    else:
        limits = uncertainty.count_limits(out["value"])
    out["lower"], out["upper"] = limits if source.config.survey is None else (float("nan"), float("nan"))
    out[disclosure.CELLS] = [cells.get(code, ()) for code in out["area_code"]]
    return out


def quantile_breaks(values: pd.Series, classes: int = MAX_CLASSES) -> list[float]:
    """Upper bounds of quantile classes; fewer classes when values repeat."""
    present = values.dropna()
    if present.empty:
        return []
    qs = [present.quantile(i / classes) for i in range(1, classes + 1)]
    return sorted(set(math.ceil(q * 10) / 10 for q in qs))  # rounded up, so the largest value is inside


def class_of(value: float | None, breaks: list[float]) -> int | None:
    if value is None or pd.isna(value):
        return None
    return next(i for i, b in enumerate(breaks) if value <= b + 1e-9)
