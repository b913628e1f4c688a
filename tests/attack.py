"""What a determined reader could work out: every number a built site publishes about a dataset (its
own CSV, and each chart, map and indicator CSV drawn from it, and the totals findings state) written
as a linear equation over the dataset's cells; a suppressed cell is given away when those equations
determine it. Used by the tests as an independent check of the disclosure gate."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from auditportal.read import config


def read(path: Path) -> pd.DataFrame:
    with open(path, encoding="utf-8") as f:
        return pd.DataFrame(list(csv.DictReader(f)))


def given_away(project: Path, site: Path, slug: str) -> list[str]:
    """The suppressed cells of each of a city's published datasets that its published numbers determine."""
    city = config.load_city(project, slug, config.load_registry(project))
    registry = config.load_registry(project)
    data = site / "data" / slug
    found = []
    for ds_slug, ds in city.datasets.items():
        if ds.area_level == "point":
            continue
        cells = read(data / f"{ds_slug}.csv")
        cells["year"] = cells["period"].str[:4]
        hidden = np.flatnonzero(cells["flag"].to_numpy() == "suppressed")
        if not len(hidden):
            continue
        rows = []  # each published aggregate, as the set of dataset cells it adds up
        for chart in city.charts:
            if chart.dataset == ds_slug:
                rows += _chart_rows(cells, chart, read(data / "charts" / f"{chart.id}.csv"))
        for m in city.maps:
            if m.dataset == ds_slug:
                rows += _area_rows(cells, m.measures, read(data / "maps" / f"{m.id}.csv"), "value")
        for choice in city.indicators:
            if choice.dataset == ds_slug:
                ind = registry[choice.id]
                rows += _indicator_rows(cells, ind, data / "indicators", choice.id)
        if not rows:
            continue
        matrix = np.array([[1.0 if i in row else 0.0 for i in hidden] for row in rows])
        matrix = matrix[matrix.any(axis=1)]
        if not len(matrix):
            continue
        _, s, vt = np.linalg.svd(matrix, full_matrices=False)
        solved = ((vt[s > 1e-9] ** 2).sum(axis=0)) > 1 - 1e-9
        found += [f"{slug}/{ds_slug}: {cells.iloc[i].to_dict()}" for i, x in zip(hidden, solved) if x]
    return found


def _select(cells: pd.DataFrame, measures: list[str], where: dict | None = None) -> pd.DataFrame:
    out = cells[cells["measure"].isin(measures)]
    for dim, values in (where or {}).items():
        out = out[out[dim].isin(values)]
    return out


def _period_of(cells: pd.DataFrame, period: str) -> pd.Series:
    """Cells of a period as charts count it: a month's cells count in their year."""
    return (cells["period"] == period) | ((cells["period_type"] == "month") & (cells["year"] == period))


def _known(rows: list[set], t: pd.DataFrame, members_of, column: str = "value") -> list[set]:
    """One equation per published (not suppressed) value of a figure's table."""
    for _, r in t.iterrows():
        if r.get(column, "") != "":
            rows.append(set(members_of(r)))
    return rows


def _chart_rows(cells: pd.DataFrame, chart, t: pd.DataFrame) -> list[set]:
    sel = _select(cells, chart.measures)
    dim = chart.dimension or "measure"
    rows: list[set] = []
    if chart.type == "trend":
        return _known(rows, t, lambda r: sel.index[_period_of(sel, r["period"])])
    if chart.type == "seasonality":
        return _known(rows, t, lambda r: sel.index[sel["period"] == f"{r['year']}-{int(r['month']):02d}"])
    if chart.type == "ranking":
        rows = _known(rows, t, lambda r: sel.index[_period_of(sel, r["period"]) & (sel["area_code"] == r["area_code"])])
        total = sel.index[_period_of(sel, t["period"].iloc[0])]  # stated by the concentration finding
        return rows + [set(total)]
    rows = _known(rows, t, lambda r: sel.index[_period_of(sel, r["period"]) & (sel[dim] == r[dim])])
    for period in t["period"].unique():  # the whole of each period: stated by findings, stacked in the chart
        rows.append(set(sel.index[_period_of(sel, period)]))
    return rows


def _area_rows(cells: pd.DataFrame, measures: list[str], t: pd.DataFrame, column: str) -> list[set]:
    sel = _select(cells, measures)
    rows = _known([], t, lambda r: sel.index[(sel["period"] == r["period"]) & (sel["area_code"] == r["area_code"])],
                  column)
    return rows + [set(sel.index[sel["period"] == t["period"].iloc[0]])]


def _indicator_rows(cells: pd.DataFrame, ind, folder: Path, ind_id: str) -> list[set]:
    sel = _select(cells, ind.numerator.measures, ind.numerator.where)
    rows = _known([], read(folder / f"{ind_id}.csv"), lambda r: sel.index[_period_of(sel, r["period"])], "numerator")
    if ind.denominator is not None and ind.unit == "percent":
        den = _select(cells, ind.denominator.measures, ind.denominator.where)
        rows = _known(rows, read(folder / f"{ind_id}.csv"), lambda r: den.index[_period_of(den, r["period"])],
                      "denominator")
    by_area = folder / f"{ind_id}_by_area.csv"
    if by_area.is_file():
        rows = _known(rows, read(by_area), lambda r: sel.index[(sel["period"] == r["period"])
                                                              & (sel["area_code"] == r["area_code"])], "numerator")
    for broken_down in sorted(folder.glob(f"{ind_id}_by_*.csv")):  # by sex, age group, weapon: each group's own
        if broken_down.stem != f"{ind_id}_by_area":
            rows += _group_rows(cells, ind, read(broken_down))
    return rows


def _group_rows(cells: pd.DataFrame, ind, t: pd.DataFrame) -> list[set]:
    """An indicator by a breakdown: each group's numerator (and, for a share, its whole) per period."""
    dim = t.columns[1]
    selections = [(_select(cells, ind.numerator.measures, ind.numerator.where), "numerator")]
    if ind.denominator is not None and ind.unit == "percent":
        selections.append((_select(cells, ind.denominator.measures, ind.denominator.where), "denominator"))
    rows: list[set] = []
    for sel, column in selections:
        rows = _known(rows, t, lambda r, sel=sel: sel.index[_period_of(sel, r["period"]) & (sel[dim] == r[dim])],
                      column)
    return rows
