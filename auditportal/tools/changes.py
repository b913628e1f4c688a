"""What a publisher's new release changes, as the lines of the refresh's report: in the dataset (new
periods, values revised with the old and the new, cells dropped or added, new areas and codes) and on the site
(indicator values, statuses, findings). And the checks that stop a release that looks wrong: fewer rows than
the last release, most values changed at once, a code the dataset's rules do not map."""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..compute import indicators
from ..records import CityBuild, Table
from ..schema import Dataset

SHOWN = 40
"""Revised values listed one by one in a report; the rest are counted (every one is on the dataset page)."""


@dataclass(frozen=True)
class Diff:
    new_periods: list[str]
    revised: pd.DataFrame   # the keys, previous and revised, of each value both releases hold that changed
    added: int              # cells only the new release holds
    dropped: int            # cells only the earlier releases hold (they stay published from them)
    compared: int           # cells both hold
    new_areas: list[str]
    new_values: dict[str, list[str]]  # measure or breakdown -> values it did not hold before

    @property
    def changed(self) -> bool:
        return bool(self.added or self.dropped or len(self.revised))


def _cells(t: Table) -> pd.DataFrame:
    keys = ["area_code", "period", "measure", *t.dimensions]
    return t.frame.groupby(keys, dropna=False, sort=True)["value"].sum(min_count=1).reset_index()


def compare(before: Table, after: Table) -> Diff:
    """The new release against the dataset as published now (every earlier release merged)."""
    a, b = _cells(before), _cells(after)
    keys = [c for c in a.columns if c != "value"]
    both = a.merge(b, on=keys, how="outer", suffixes=("_previous", "_revised"), indicator=True)
    held = both[both["_merge"] == "both"]
    moved = held[~np.isclose(held["value_previous"].fillna(-1), held["value_revised"].fillna(-1))]
    revised = moved[keys + ["value_previous", "value_revised"]].rename(
        columns={"value_previous": "previous", "value_revised": "revised"}).reset_index(drop=True)
    new_values = {col: sorted(set(b[col].astype(str)) - set(a[col].astype(str))) for col in ["measure",
                                                                                            *after.dimensions]}
    return Diff(sorted(set(b["period"]) - set(a["period"])), revised, int((both["_merge"] == "right_only").sum()),
                int((both["_merge"] == "left_only").sum()), len(held),
                sorted(set(b["area_code"]) - set(a["area_code"])), {k: v for k, v in new_values.items() if v})


def refused(diff: Diff, ds: Dataset, rows: int, rows_before: int, data_file: Path, shown: str) -> list[tuple[str, str]]:
    """Why the release must not be proposed, each with what to do: (what, hint) pairs."""
    out = []
    if rows < rows_before:
        out.append((f"{rows:,} rows, fewer than the {rows_before:,} of the last release",
                    "a release cut short? The next scheduled refresh tries again; if the publisher truly withdrew "
                    "rows, update the dataset by hand (CONTRIBUTING.md)"))
    share = ds.refresh.max_revised_share if ds.refresh else 0.5
    if diff.compared and len(diff.revised) / diff.compared > share:
        out.append((f"{len(diff.revised):,} of the {diff.compared:,} values both releases hold changed "
                    f"({len(diff.revised) / diff.compared:.0%}, more than refresh.max_revised_share {share:g})",
                    "a change of unit or definition? Compare the files; if the publisher truly revised them all, "
                    "raise max_revised_share in city.yml and run build.py refresh again"))
    unmapped = {"measure": (ds.measure_column, set(ds.measure_map.values()) if ds.measure_map else None)}
    unmapped |= {dim: (col, set(ds.value_maps[col].values()) if col in ds.value_maps else None)
                 for dim, col in ds.dimensions.items()}
    for key, values in diff.new_values.items():
        column, known = unmapped.get(key, (None, None))
        for value in [v for v in values if known is not None and v not in known]:
            line = _first_line(data_file, column, value) if column else None
            out.append((f"{shown}{f':{line}' if line else ''}: {column}: new code {value!r}, which "
                        f"{'measure_map' if key == 'measure' else 'value_maps'} does not map",
                        f"map it in city.yml ({'measure_map' if key == 'measure' else f'value_maps.{column}'}) "
                        "to the id it belongs with, then run build.py refresh again"))
    return out


def _first_line(path: Path, column: str, value: str) -> int | None:
    with path.open(encoding="utf-8-sig", newline="") as f:
        for number, row in enumerate(csv.DictReader(f), start=2):
            if (row.get(column) or "").strip() == value:
                return number
    return None


def number(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def dataset_lines(diff: Diff, rows: int, rows_before: int) -> list[str]:
    """The report's lines about one dataset's new release."""
    lines = [f"- rows read: {rows:,} (last release: {rows_before:,}); values: {diff.added:,} added, "
             f"{diff.dropped:,} dropped (still published from the earlier release), {len(diff.revised):,} revised "
             f"of {diff.compared:,} both hold",
             "- new periods: " + (", ".join(diff.new_periods) or "none"),
             "- new areas: " + (", ".join(diff.new_areas) or "none")]
    lines += [f"- new {key}: {', '.join(values)}" for key, values in diff.new_values.items() if key != "measure"]
    for r in diff.revised.head(SHOWN).to_dict("records"):
        where = ", ".join(str(r[k]) for k in r if k not in ("previous", "revised"))
        change = r["revised"] - r["previous"] if not pd.isna(r["revised"]) and not pd.isna(r["previous"]) else None
        lines.append(f"- revised {where}: {number(r['previous'])} → {number(r['revised'])}"
                     + (f" ({'+' if change > 0 else ''}{number(change)})" if change is not None else "")
                     + (": to zero, a missing value stored as 0?" if r["revised"] == 0 and r["previous"] else ""))
    if len(diff.revised) > SHOWN:
        lines.append(f"- and {len(diff.revised) - SHOWN:,} more revised values: see the dataset's revisions")
    return lines


def _uses(s: indicators.IndicatorSeries, changed: set[str]) -> str | None:
    used = [s.choice.dataset] + ([s.choice.population.dataset] if s.choice.population else [])
    return next((d for d in used if d in changed), None)


def site_lines(before: CityBuild, after: CityBuild, changed: set[str]) -> list[str]:
    """What the new releases change on the city's pages: indicator values and statuses, findings."""
    lines = []
    was = {s.id: s for s in before.indicators}
    status = {r["indicator"]: r["status"] for r in indicators.status_table(before.indicators).to_dict("records")}
    now = {r["indicator"]: r["status"] for r in indicators.status_table(after.indicators).to_dict("records")}
    for s in after.indicators:
        source = _uses(s, changed)
        if source is None:
            continue
        old = dict(zip(was[s.id].table["period"], was[s.id].table["value"])) if s.id in was else {}
        moves = [f"{p}: {number(old[p])} → {number(v)}" if p in old else f"{p}: new, {number(v)}"
                 for p, v in zip(s.table["period"], s.table["value"])
                 if p not in old or not np.isclose(np.nan_to_num(old[p], nan=-1), np.nan_to_num(v, nan=-1))]
        if moves:
            lines.append(f"- indicator {s.id} (from {source}): " + "; ".join(moves))
        lines.append(f"- status of {s.id} (from {source}): " + (f"{status.get(s.id, 'none')} → {now.get(s.id)}"
                     if status.get(s.id) != now.get(s.id) else f"{now.get(s.id)}, unchanged"))
    figures = {f.key: f.dataset for f in after.figures} | {f.key: f.dataset for f in before.figures}
    found = {(f.source, f.key): f.numbers for f in before.findings}
    then = {(f.source, f.key): f.numbers for f in after.findings}
    for key in sorted(set(found) | set(then)):
        source = figures.get(key[0])
        if source not in changed or found.get(key) == then.get(key):
            continue
        where = f"finding {key[1]} on {'/'.join(key[0])} (from {source})"
        if key not in found:
            lines.append(f"- new {where}")
        elif key not in then:
            lines.append(f"- gone: {where}")
        else:
            shown = lambda v: number(v) if _num(v) else str(v)  # noqa: E731
            moved = [f"{k}: {shown(found[key].get(k))} → {shown(v)}" for k, v in then[key].items()
                     if shown(found[key].get(k)) != shown(v)]
            if moved:
                lines.append(f"- {where}: " + "; ".join(moved))
    return lines or ["- nothing: no indicator value, status or finding moves"]


def _num(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
