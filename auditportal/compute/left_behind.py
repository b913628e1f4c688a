"""Who is left behind: each district's rate against the city's as a whole.

The city's rate is every case of the period (suppressed districts included: the total is stated, so the
disclosure gate protects it like any other published number) over the population of the districts with
data. A district's ratio is its rate over the city's: 2.0 means twice the risk of the city as a whole.
A ratio is derived from the district's count, so it is withheld wherever the count is.
"""
from __future__ import annotations

import pandas as pd

from . import disclosure


def table(map_table: pd.DataFrame) -> pd.DataFrame:
    """From a rate map's table (before the gate): each district's count, population, rate and ratio to the
    city, the city's own rate in `city_rate`."""
    have = map_table["value"].notna() & (map_table["population"] > 0)
    person_years = map_table.loc[have, "population"] * map_table.loc[have, "years"]
    city_rate = map_table.loc[have, "value"].sum() / person_years.sum() * 100_000
    out = map_table[["area_code", "area_name", "period", "value", "population", "years", "rate", "lower", "upper",
                     disclosure.CELLS]].copy()
    out["city_rate"] = city_rate
    out["ratio"] = out["rate"] / city_rate if city_rate else float("nan")
    return out.sort_values(["ratio", "area_code"], ascending=[False, True], na_position="last", ignore_index=True)


def release(t: pd.DataFrame) -> disclosure.Release:
    """Rate and ratio go with their count; the city's total is stated (its rate is printed)."""
    return disclosure.Release(t, derived=("rate", "lower", "upper", "ratio"), total=True)
