"""The one gate every published number passes through, protecting victims (stated on the
methodology page and in every bundle's README):

1. Geography: measures a city marks as protected (sexual and domestic violence) are published
   only by area (district, municipality, police precinct) and never drawn at a point: not an
   incident's location, and not a police station's (`may_draw_at_points`). Where a city's areas
   are police stations, protected measures are published per precinct in tables, named by the
   station that serves it, with no coordinates.
2. Primary suppression: a count from 1 to k-1 (k = suppress_below, 5 by default) is replaced by
   an empty cell flagged "suppressed", wherever it is published. Zero stays zero: it reveals no one.
3. Complementary suppression, across every table drawn from one dataset: each published number
   (a cell of the dataset, a chart's bar, a map's area, an indicator's numerator, a total a
   finding states) is the sum of some of the dataset's cells. Published numbers are equations;
   while they determine a suppressed number, the smallest published number among those involved
   is suppressed too. A number that is the same sum of cells is suppressed in every table or in
   none.
4. Derived values: a rate or share computed from a suppressed count is blanked with it; a share
   whose whole is suppressed is blanked with its part.

`protect` marks what it returns, and the writers of published files refuse a table without that
mark (publish.Files), so a new output cannot skip the gate.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from ..schema import Disclosure
from . import flags

FLAG = flags.SUPPRESSED
MARK = "gated"
CELLS = "_cells"  # in a table before the gate: the dataset cells each row adds up


# survey results: weighted estimates, no count of victims to hide (below the schema's minimum on purpose)
ESTIMATES = Disclosure.model_construct(suppress_below=0, protected_measures=[])


def joined(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Gated tables side by side (two lines of one chart): gated still, their total the sum of theirs."""
    for frame in frames:
        require(frame, "a part of a joined table")
    out = pd.concat(frames, ignore_index=True)
    out.attrs = {MARK: True, "total": sum(f.attrs["total"] for f in frames), "joined": True}
    return out


class Ungated(Exception):
    """A table reached a writer of published files without passing the gate."""


def may_draw_at_points(measures: list[str], rule: Disclosure) -> bool:
    """Rule 1: a protected measure is never placed at a point, whatever the point stands for."""
    return not set(measures) & set(rule.protected_measures)


@dataclass(frozen=True)
class Release:
    """One table to publish from a dataset: which column holds its counts, which column lists the dataset
    cells each row adds up, what is computed from the counts, and whether its total is stated too."""
    frame: pd.DataFrame
    count: str = "value"
    cells: str = CELLS
    derived: tuple[str, ...] = ()
    total: bool = False   # a finding states the whole table's total (per period)
    whole: str = ""       # for a share: the cells of its whole, whose count is in `whole_count`; a
    whole_count: str = ""  # suppressed whole blanks its part too


def protect(n_cells: int, blocks: np.ndarray, releases: list[Release], rule: Disclosure) -> list[pd.DataFrame]:
    """Rules 2 to 4 for every table drawn from one dataset of `n_cells` cells; `blocks` gives each cell's
    period (cells of different periods never add up together), so each period is solved apart."""
    items: dict[tuple[int, ...], float] = {}  # every published number: the cells it sums, and its value
    fixed: set[tuple[int, ...]] = set()       # numbers that must stay published (stated totals)
    tables: dict[tuple[int, ...], set[int]] = {}  # the tables (releases) each number appears in
    for n, r in enumerate(releases):
        counted = [(r.cells, r.count)] + ([(r.whole, r.whole_count)] if r.whole else [])
        for cells_column, count in counted:
            for cells, value in zip(r.frame[cells_column], r.frame[count]):
                if len(cells) and not pd.isna(value):
                    items[tuple(cells)] = float(value)
                    tables.setdefault(tuple(cells), set()).add(n)
        if r.total:
            for _, part in r.frame.groupby("period", sort=False) if "period" in r.frame else [((), r.frame)]:
                # a missing area adds nothing to the total, so it hides nothing either: its cells are
                # not among the total's unknowns
                whole = tuple(sorted(c for cells, value in zip(part[r.cells], part[r.count])
                                     if not pd.isna(value) for c in cells))
                if whole:
                    items[whole] = float(np.nansum(part[r.count]))
                    fixed.add(whole)
                    tables.setdefault(whole, set()).add(n)
    hidden = {key for key, v in items.items() if 0 < v < rule.suppress_below}
    primary = set(hidden)
    by_block: dict[int, list[tuple[int, ...]]] = {}
    for key in items:
        by_block.setdefault(int(blocks[key[0]]), []).append(key)
    for keys in by_block.values():
        _complement(keys, items, hidden, fixed, tables)
    out = []
    for r in releases:
        frame = r.frame.copy()
        flagged = np.array([tuple(cells) in hidden for cells in frame[r.cells]], dtype=bool)
        if r.whole:  # a small whole would reveal its part
            flagged_whole = np.array([tuple(c) in hidden for c in frame[r.whole]], dtype=bool)
            frame.loc[flagged_whole, [r.whole_count, r.count, *r.derived]] = np.nan
            flagged |= flagged_whole
        small = np.array([tuple(cells) in primary for cells in frame[r.cells]], dtype=bool)
        frame.loc[flagged, [r.count, *r.derived]] = np.nan
        frame = flags.mark(frame, FLAG, flagged)
        frame.attrs = {MARK: True, "total": float(np.nansum(r.frame[r.count])),
                       "withheld": (int((flagged & small).sum()), int((flagged & ~small).sum()))}
        out.append(frame.drop(columns=[c for c in (r.cells, r.whole) if c in frame and c.startswith("_")]))
    return out


def _complement(keys: list[tuple[int, ...]], items: dict, hidden: set, fixed: set, tables: dict) -> None:
    """Rule 3 within one period: while the published numbers determine a suppressed one, suppress another
    number among those it is worked out from: the smallest of its own table, else the smallest single
    cell, else the smallest (so a suppressed age group takes the next smallest age group with it, as a
    chart would, rather than a bar of another chart). A published single cell is a known value,
    so only the unknown cells make the equations' unknowns."""
    while True:
        shown = [k for k in keys if k not in hidden]
        known = {k[0] for k in shown if len(k) == 1}
        secret = [k for k in keys if k in hidden]
        # every cell not published on its own is unknown: a suppressed number's, and a published sum's
        unknown = sorted({c for k in keys if k in hidden or len(k) > 1 for c in k} - known)
        column = {c: j for j, c in enumerate(unknown)}
        vector = partial(_vector, column)
        sums = [k for k in shown if len(k) > 1 and set(k) & set(column)]
        matrix = np.array([vector(k) for k in sums]).reshape(len(sums), len(unknown))
        secrets = np.array([vector(k) for k in secret]).reshape(len(secret), len(unknown))
        basis = np.zeros((0, len(unknown)))
        if len(sums):
            _, sv, vt = np.linalg.svd(matrix, full_matrices=False)
            basis = vt[sv > 1e-9]
        solved = np.flatnonzero(np.linalg.norm(secrets - secrets @ basis.T @ basis, axis=1) < 1e-6)
        if not len(solved):
            return
        found = secret[solved[0]]
        weights = np.linalg.lstsq(matrix.T, secrets[solved[0]], rcond=None)[0] if len(sums) else np.zeros(0)
        used = {k: w for k, w in zip(sums, weights) if abs(w) > 1e-9}
        # a known cell helps when the equations weigh it otherwise than the suppressed number does
        weight: dict[int, float] = {}
        for k, w in used.items():
            for c in k:
                if c in known:
                    weight[c] = weight.get(c, 0.0) + w
        helpful = [(c,) for c in sorted(known) if abs(weight.get(c, 0.0) - (c in found)) > 1e-9]
        siblings = [k for k in used if tables[k] & tables[found]]
        for candidates in (siblings, helpful, list(used), shown):
            candidates = [k for k in candidates if k not in fixed]
            if candidates:
                hidden.add(min(candidates, key=lambda k: (items[k] == 0, items[k], k)))
                break
        else:
            return  # nothing left to give up: the totals stated elsewhere fix it (see methodology)


def _vector(column: dict[int, int], key: tuple[int, ...]) -> np.ndarray:
    """A number as an equation over the unknown cells (`column` numbers them)."""
    v = np.zeros(len(column))
    v[[column[c] for c in key if c in column]] = 1.0
    return v


def drop_small(frame: pd.DataFrame, rule: Disclosure, count: str = "value") -> pd.DataFrame:
    """Rule 2 for a hotspot grid: a cell under the threshold is left out altogether (even an empty shaded
    cell would say something happened there); only the number of cells and incidents left out is said."""
    out = frame[~((frame[count] > 0) & (frame[count] < rule.suppress_below))].copy()
    out.attrs = {MARK: True, "total": float(np.nansum(out[count]))}
    return out


def survey_respondents(frame: pd.DataFrame, rule: Disclosure, count: str = "respondents") -> pd.DataFrame:
    """Rule 2 for a city's own survey: its estimates are weighted shares and rates (no count of victims), but
    how many respondents stand behind one is a count of people, left empty under the threshold. The survey's
    own rule (compute.survey_estimates) has already withheld every estimate with fewer than 30 behind it."""
    out = frame.copy()
    out[count] = out[count].astype("Int64").mask(out[count] < rule.suppress_below)
    out.attrs = {MARK: True, "total": float(np.nansum(out[count].astype(float)))}
    return out


def traced(frame: pd.DataFrame) -> pd.DataFrame:
    """A dataset's cells, each knowing itself: tables built from it carry which cells each row adds up."""
    return frame.assign(**{CELLS: [(i,) for i in range(len(frame))]})


def cells_of(series: pd.Series) -> tuple[int, ...]:
    """The cells of rows added together."""
    return tuple(sorted(c for cells in series for c in cells))


def is_gated(frame: pd.DataFrame) -> bool:
    return bool(frame.attrs.get(MARK))


def require(frame: pd.DataFrame, what: str) -> pd.DataFrame:
    """For the writers of published files: only tables that passed the gate."""
    if not is_gated(frame):
        raise Ungated(f"{what}: this table did not pass the disclosure gate (disclosure.protect)")
    return frame
