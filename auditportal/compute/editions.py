"""What changed between two editions of a city's audit: datasets added, removed or revised, indicator
values that moved, targets changed, and recommendations whose status changed.

Both editions are compared as they were published (through the disclosure gate), so that nothing here
says more than either edition's pages: a value suppressed in either edition is not compared.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..problems import Problem
from ..records import CityBuild


@dataclass(frozen=True)
class Revised:
    dataset: str
    changed: int   # published values present in both editions that differ
    compared: int  # published values present in both editions


@dataclass(frozen=True)
class Moved:
    indicator: str
    period: str
    previous: float
    current: float


@dataclass(frozen=True)
class Retargeted:
    indicator: str
    previous: tuple[float, int] | None  # (value, year)
    current: tuple[float, int] | None


@dataclass(frozen=True)
class Restatused:
    recommendation: str
    previous: str | None  # None: new in this edition
    current: str | None   # None: no longer in this edition


@dataclass(frozen=True)
class Changes:
    previous: CityBuild
    added: list[str]
    removed: list[str]
    revised: list[Revised]
    moved: list[Moved]
    retargeted: list[Retargeted]
    restatused: list[Restatused]


def out_of_order(cities: list[CityBuild], archives: list[CityBuild]) -> list[Problem]:
    """An earlier edition must come before its city's current one, by its edition id and its update date:
    otherwise "what changed" would run backwards and readers would be sent to the older figures as current."""
    current = {c.slug: c.config for c in cities}
    out = []
    for a in archives:
        now = current.get(a.current or "")
        if now is None:
            continue
        shown = f"cities/{a.slug}/city.yml"
        if a.config.edition >= now.edition:
            out.append(Problem(shown, None, "edition", f"'{a.config.edition}' is not earlier than the current "
                               f"edition '{now.edition}' (cities/{a.current}/city.yml)",
                               "an earlier edition's folder keeps an older audit; if this one is newer, make it "
                               f"cities/{a.current}/city.yml and move the current one into editions/"))
        elif a.config.updated > now.updated:
            out.append(Problem(shown, None, "updated", f"{a.config.updated} is after the current edition's update "
                               f"({now.updated})", "correct the date of one of them"))
    return out


def _values(frame: pd.DataFrame) -> pd.Series:
    keys = [c for c in frame.columns if c not in ("value", "note", "flag", "measure_label", "area_name",
                                                  "coverage_months", "partial", "note_keys", "period_start",
                                                  "period_end")]
    return frame.dropna(subset=["value"]).set_index(keys)["value"]


def revised(previous: pd.DataFrame, current: pd.DataFrame, slug: str) -> Revised:
    a, b = _values(previous), _values(current)
    both = a.index.intersection(b.index)
    changed = int((~pd.Series(abs(a[both].to_numpy() - b[both].to_numpy()) < 1e-9)).sum()) if len(both) else 0
    return Revised(slug, changed, len(both))


def between(previous: CityBuild, current: CityBuild) -> Changes:
    old, new = set(previous.datasets), set(current.datasets)
    revisions = [revised(previous.datasets[s], current.datasets[s], s) for s in sorted(old & new)]
    moved, retargeted = [], []
    before = {s.id: s for s in previous.indicators}
    for s in current.indicators:
        if s.id not in before:
            continue
        p = before[s.id]
        both = p.table[["period", "value"]].merge(s.table[["period", "value"]], on="period",
                                                  suffixes=("_previous", "_current")).dropna()
        moved += [Moved(s.id, str(r.period), r.value_previous, r.value_current) for r in both.itertuples()
                  if abs(r.value_previous - r.value_current) > 1e-9]
        targets = [(t.value, t.year) if t else None for t in (p.choice.target, s.choice.target)]
        if targets[0] != targets[1]:
            retargeted.append(Retargeted(s.id, targets[0], targets[1]))
    was = {r.id: r.status for r in previous.recommendations}
    now = {r.id: r.status for r in current.recommendations}
    statuses = [Restatused(i, was.get(i), now.get(i)) for i in sorted(set(was) | set(now)) if was.get(i) != now.get(i)]
    return Changes(previous, sorted(new - old), sorted(old - new), [r for r in revisions if r.changed], moved,
                   retargeted, statuses)
