"""Where two datasets of a city count the same measure for the same year and area and give different totals
(947 recorded homicides in one file, 952 victims in another), they are set side by side: which is which, by
how much they differ and why (the city's `differs_from`), so that no reader meets two numbers for one thing
without a word.

Only yearly totals of datasets that cover one whole area (the city, or the state) are compared; months make a
year only when all twelve are there. The totals are released through the disclosure gate with the dataset
they add up (`releases`), and only gated totals are compared.
"""
from __future__ import annotations

import re

import pandas as pd

from ..records import Table
from ..tidy import yearly
from . import disclosure

COLUMNS = ["period", "area_code", "measure", "dataset", "value", "other_dataset", "other_value", "difference"]


def totals(t: Table) -> pd.DataFrame | None:
    """A dataset's totals per year, area and measure, each knowing the dataset cells it adds up; None for a
    dataset that is not comparable this way (a survey's estimates, areas within the city, a multi-year total)."""
    if t.config.survey is not None or t.config.unit != "count" or t.config.area_level not in ("city", "state"):
        return None
    frame = disclosure.traced(t.frame)
    if len(frame) and (frame["period_type"] == "month").all():
        frame = yearly(frame)
    frame = frame[~frame["partial"] & frame["period"].astype(str).map(lambda p: bool(re.fullmatch(r"\d{4}", p)))]
    if frame.empty:
        return None
    grouped = frame.groupby(["period", "area_code", "measure"], sort=True)
    out = grouped["value"].sum(min_count=1).to_frame()
    out[disclosure.CELLS] = grouped[disclosure.CELLS].agg(disclosure.cells_of)
    return out.reset_index()


def shared(tables: dict[str, Table]) -> dict[str, pd.DataFrame]:
    """The totals of every dataset that shares a measure with another dataset of the city, before the gate."""
    found = {slug: tot for slug, t in tables.items() if (tot := totals(t)) is not None}
    counts = pd.Series([m for tot in found.values() for m in set(tot["measure"])]).value_counts()
    common = set(counts[counts > 1].index)
    return {slug: tot[tot["measure"].isin(common)].reset_index(drop=True) for slug, tot in found.items()
            if tot["measure"].isin(common).any()}


def release(tot: pd.DataFrame) -> disclosure.Release:
    return disclosure.Release(tot)


def differences(gated: dict[str, pd.DataFrame], declared: dict[str, set[str]]) -> pd.DataFrame:
    """Every pair of gated totals that disagree for one year, area and measure. Each pair is said once, from
    the dataset that declares why it differs (`declared`: dataset -> the datasets its differs_from names), else
    from the first in the city's order."""
    rows = []
    slugs = list(gated)
    for i, a in enumerate(slugs):
        for b in slugs[i + 1:]:
            first, second = (b, a) if a in declared.get(b, set()) and b not in declared.get(a, set()) else (a, b)
            both = gated[first].merge(gated[second], on=["period", "area_code", "measure"], suffixes=("", "_other"))
            both = both[both["value"].notna() & both["value_other"].notna() & (both["value"] != both["value_other"])]
            rows += [{"period": r.period, "area_code": r.area_code, "measure": r.measure, "dataset": first,
                      "value": r.value, "other_dataset": second, "other_value": r.value_other,
                      "difference": r.value - r.value_other} for r in both.itertuples()]
    out = pd.DataFrame(rows, columns=COLUMNS).sort_values(["measure", "period", "dataset", "other_dataset"],
                                                          ignore_index=True)
    out.attrs = {disclosure.MARK: True, "total": float("nan")}  # made of gated totals only
    return out
