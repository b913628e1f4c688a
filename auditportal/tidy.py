"""The tidy table every dataset is reshaped into, and the operations every stage does on it.

One row per area, period, measure and breakdown (the KEYS), with its value and the facts about the value
as columns (FACTS): `coverage_months` (months a yearly value covers, when known), `partial` (the period is
not complete) and `note_keys` (periods with a note declared in city.yml). Facts travel as data, never as
sentences; i18n.Locale words them per language.
"""
from __future__ import annotations

import re

import pandas as pd

KEYS = ["area_level", "area_code", "period", "period_type", "period_start", "period_end", "measure"]
FACTS = ["coverage_months", "partial", "note_keys"]


def join_keys(keys: pd.Series) -> str:
    """The distinct note keys of rows summed together, in a stable order."""
    return ";".join(sorted({k for ks in keys if ks for k in ks.split(";")}))


def facts_by(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The facts of rows grouped by `keys`: the fewest months covered, partial if any part is,
    every note key."""
    grouped = frame.groupby(keys, sort=True, observed=True)
    out = grouped["coverage_months"].min().astype("Int64").to_frame()
    out["partial"] = grouped["partial"].any()
    out["note_keys"] = grouped["note_keys"].agg(join_keys) if frame["note_keys"].astype(bool).any() else ""
    return out


def sum_by(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sum values over rows sharing `keys` (all-missing stays missing), carrying the facts along, and,
    in a table traced for the disclosure gate, the cells each sum adds up. Keys held as categories (incident
    records: read.sources) group only the combinations present and come out as text, as other keys do."""
    grouped = frame.groupby(keys, sort=True, observed=True)
    parts = [grouped["value"].sum(min_count=1), facts_by(frame, keys)]
    if "_cells" in frame:
        parts.append(grouped["_cells"].agg(lambda s: tuple(sorted(c for cells in s for c in cells))))
    out = pd.concat(parts, axis=1).reset_index()
    return out.astype({k: object for k in keys if isinstance(out[k].dtype, pd.CategoricalDtype)})


def yearly(rows: pd.DataFrame) -> pd.DataFrame:
    """Monthly rows as calendar years; a year with fewer than 12 months is partial."""
    out = rows.copy()
    year = out["period"].str[:4]
    months = out.groupby(year)["period"].nunique()
    out["period"] = year
    out["period_start"] = year + "-01-01"
    out["coverage_months"] = year.map(months).astype("Int64")
    out["partial"] = out["partial"] | (out["coverage_months"] < 12)
    return out


def latest_complete(frame: pd.DataFrame) -> str:
    """The last period that is not partial: a partial year would look like a fall."""
    periods = frame.sort_values("period_start")
    complete = periods[~periods["partial"]]
    return (complete if not complete.empty else periods)["period"].iloc[-1]


def span_years(period: str) -> int:
    """The calendar years a period spans: 17 for a total over 2010-2026, 1 for a year or a financial year."""
    found = re.fullmatch(r"(\d{4})-(\d{4})", str(period))
    return int(found.group(2)) - int(found.group(1)) + 1 if found else 1


def period_time(period: str) -> tuple[float, float]:
    """Where a period sits in time, in years (its middle: 2019.5 for 2019, 2019.2 for March 2019, 2012.75 for
    the financial year 2012/13, which runs April to March), and how many days it lasts: what a count in it is
    a count of, so that months and years are compared per day."""
    text = str(period)
    month = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if month:
        start = pd.Timestamp(int(month.group(1)), int(month.group(2)), 1)
        days = start.days_in_month
        return start.year + (start.dayofyear - 1 + days / 2) / (366 if start.is_leap_year else 365), float(days)
    financial = re.fullmatch(r"(\d{4})/\d{2}", text)
    if financial:
        year = int(financial.group(1))
        return year + 0.75, float((pd.Timestamp(year + 1, 4, 1) - pd.Timestamp(year, 4, 1)).days)
    year = int(text[:4])
    return year + 0.5, float(366 if pd.Timestamp(year, 1, 1).is_leap_year else 365)
