"""Maps: the table of one value per district (or station), and its classes (write/draw/maps.py draws it).

Classes are quantiles (each class holds about the same number of districts), at most five, so that every
class is visible whatever the skew.
"""
from __future__ import annotations

import math

import mapclassify
import numpy as np
import pandas as pd
from esda.smoothing import Empirical_Bayes

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


def breaks(values: pd.Series, whole: bool = False, classes: int = MAX_CLASSES) -> list[float]:
    """Upper bounds of quantile classes (mapclassify.Quantiles: each class holds about as many areas), fewer
    where values repeat; for counts (`whole`) whole numbers, else one decimal, each rounded up so that the
    largest value stays inside."""
    present = values.dropna().to_numpy(dtype=float)
    if not len(present):
        return []
    found = mapclassify.Quantiles(present, k=min(classes, len(np.unique(present)))).bins
    step = 1 if whole else 10
    return sorted({math.ceil(b * step - 1e-9) / step for b in found})


def smoothed(t: pd.DataFrame) -> pd.DataFrame:
    """A gated rate map's table with each district's empirical-Bayes rate (esda.smoothing.Empirical_Bayes):
    a rate from few people is drawn towards the rate of all districts, as much as its own uncertainty warrants,
    so that small districts do not top or tail the map by chance. Only published counts enter it: a withheld
    count would otherwise move every other district's smoothed rate, and could be worked out from them."""
    out = t.copy()
    known = out["value"].notna() & (out["population"] > 0)
    out["smoothed"] = np.nan
    if known.sum() >= 2:
        eb = Empirical_Bayes(out.loc[known, "value"].to_numpy(float),
                             (out.loc[known, "population"] * out.loc[known, "years"]).to_numpy(float))
        out.loc[known, "smoothed"] = np.asarray(eb.r).ravel() * 100_000
    at = list(out.columns).index("rate") + 1
    out.insert(at, "smoothed", out.pop("smoothed"))
    out.attrs = dict(t.attrs)
    return out


def smooth_by_default(t: pd.DataFrame) -> bool:
    """The smoothed rate is the map's default where some district's rate stands on fewer than 20 events."""
    return bool((t["value"].dropna() < uncertainty.FEW_EVENTS).any())


def class_of(value: float | None, breaks: list[float]) -> int | None:
    if value is None or pd.isna(value):
        return None
    return next(i for i, b in enumerate(breaks) if value <= b + 1e-9)
