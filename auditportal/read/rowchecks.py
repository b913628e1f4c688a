"""Checks across the rows of a dataset, each naming the line it stops at: a row or record repeated (counted twice
without a word), a period counted outside the audit's years. Rows are read in parts (read.csvfile), so each
check is made of what a part gives and what the whole concludes.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from ..problems import ValidationFailed
from ..schema import Dataset
from .cells import RowProblems


def refuse_repeated_rows(long: pd.DataFrame, ds: Dataset, shown: str) -> None:
    """Two rows for the same area, period, measure and breakdown (as written in the file) would be added up
    without a word: an error, unless the dataset declares that such rows are parts to add up."""
    keys = ["area", "period_text", "month", "measure_label", *[c for c in long if c.startswith("dim:")]]
    repeated = long[long.duplicated(keys, keep=False)]
    if repeated.empty:
        return
    rows = RowProblems(shown)
    reported = set()
    for _, group in repeated.groupby(keys, sort=False):
        lines = group["line"].tolist()
        if lines[1] in reported:  # a row repeats all its measures at once: said once
            continue
        reported.add(lines[1])
        rows.add(lines[1], group["source_column"].iloc[0], "repeated row",
                 f"the same area, period, measure and breakdown as line {lines[0]}",
                 "if such rows are parts to add up (the barrios of a comuna), declare combine: sum; "
                 "if one is a mistake, remove it")
    raise ValidationFailed(rows.all())


def record_keys(raw: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """Each kept record's line and a hash of every column the dataset reads, for refuse_repeated_records:
    two records alike may lie in different parts of a file read in parts."""
    columns = [c for c in referenced_columns(ds) if c in raw]
    return pd.DataFrame({"_line": raw["_line"].to_numpy(),
                         "_key": pd.util.hash_pandas_object(raw[columns], index=False).to_numpy()})


def refuse_repeated_records(keys: pd.DataFrame, ds: Dataset, shown: str) -> None:
    """Incident records alike in every column the dataset reads (time, place, category, breakdown): an export
    run twice, or two victims of one event? Counted twice without a word either way, so an error unless the
    dataset declares them distinct."""
    repeated = keys[keys.duplicated("_key", keep=False)]
    if repeated.empty:
        return
    columns = ", ".join(referenced_columns(ds))
    rows = RowProblems(shown)
    for _, group in repeated.groupby("_key", sort=False):
        lines = group["_line"].tolist()
        for line in lines[1:]:
            rows.add(line, "(record)", "repeated record", f"the same as line {lines[0]} in {columns}",
                     "if they are distinct incidents (two victims of one event), declare combine: sum; "
                     "if the export repeated them, remove the repeats")
    raise ValidationFailed(rows.all())


def periods_outside(frame: pd.DataFrame, long: pd.DataFrame,
                     limits: tuple[int, int, date]) -> dict[str, tuple[int, str]]:
    """Each period counted outside the audit's years, or not begun by its edition: the first line of its year
    and why."""
    first, last, edition = limits
    start = frame["period_start"].str[:4].astype(int)
    end = frame["period_end"].str[:4].astype(int)
    begun = pd.to_datetime(frame["period_start"]).dt.date <= edition
    outside = (end < first) | (start > last) | ~begun
    found = {}
    for period in sorted(set(frame.loc[outside, "period"])):
        line = int(long.loc[long["period_text"].str[:4] == period[:4], "line"].min()) if len(long) else 0
        found[period] = (line, "it had not begun by this edition" if not begun[frame["period"] == period].all()
                         else f"it lies outside the audit's years ({first}–{last})")
    return found


def refuse_periods_outside(outside: dict[str, tuple[int, str]], ds: Dataset, shown: str) -> None:
    rows = RowProblems(shown)
    for period, (line, reason) in sorted(outside.items()):
        rows.add(line, ds.period_column or "(year columns)", "period outside", f"period {period}: {reason}",
                 "if the file is right, extend period in city.yml (and the edition); if not, correct the year")
    raise ValidationFailed(rows.all())


def referenced_columns(ds: Dataset) -> list[str]:
    cols = [ds.area_column, ds.area_name_match.column if ds.area_name_match else None, ds.area_name_column,
            ds.lon_column, ds.lat_column, ds.period_column, ds.date_column, ds.month_column, ds.measure_column,
            ds.value_column, ds.coverage_column, *ds.measures.values(), *ds.dimensions.values(), *ds.keep_only,
            *ds.drop, *ds.value_maps]
    return list(dict.fromkeys(c for c in cols if c))
