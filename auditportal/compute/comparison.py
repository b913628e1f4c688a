"""Cities compared on one indicator: who reports it, how each city's figures were made, which of them may
share one axis, and what a reader must know before comparing them.

Figures share an axis only when they count the same kind of period (calendar or financial years) over the
same kind of area (a city, or a whole state): a state's homicide rate beside a city's on one line chart
would read as a comparison it is not. Everything else that differs (the source, how the population behind a
rate was found) is said in a note. Notes are language-free (a key and its values), worded by the view.
"""
from __future__ import annotations

import pandas as pd

from ..records import CityBuild, Comparison, Entry, IndicatorSeries, Note
from ..schema import Indicator
from . import disclosure, indicators

SCOPES = {"city": "city", "district": "city", "station": "city", "point": "city", "state": "state"}
"""The area a city's figure covers, by the area level of its dataset: districts and stations add up to the
city; a state-level dataset covers the whole state."""


def entry(city: CityBuild, s: IndicatorSeries) -> Entry:
    ds = city.tables[s.choice.dataset].config
    period_kind = "financial_year" if ds.period_type == "financial_year" else "year"
    h = indicators.headline(s)
    population = str(h["denominator_method"]) if h and s.indicator.unit == "per_100k" else ""
    return Entry(city, s, period_kind, SCOPES[s.area_level], ds.source.publisher, population)


def compare(ind_id: str, indicator: Indicator, cities: list[CityBuild]) -> Comparison:
    entries = [entry(c, s) for c in cities for s in c.indicators if s.id == ind_id]
    by_group: dict[tuple[str, str], list[Entry]] = {}
    for e in entries:
        by_group.setdefault(e.group, []).append(e)
    groups = sorted(by_group.values(), key=lambda g: (-len(g), g[0].group))
    return Comparison(ind_id, indicator, groups, notes(entries), table(groups))


def notes(entries: list[Entry]) -> list[Note]:
    """What differs between the cities' figures, each said once, naming the cities concerned."""
    out = []
    if len(entries) > 1:
        out.append(Note("compare_note_sources"))
    financial = tuple(e.city.slug for e in entries if e.period_kind == "financial_year")
    if financial and len(financial) < len(entries):
        out.append(Note("compare_note_financial", financial))
    state = tuple(e.city.slug for e in entries if e.scope == "state")
    if state and len(state) < len(entries):
        out.append(Note("compare_note_state", state))
    held = tuple(e.city.slug for e in entries if e.population == "nearest")
    if held:
        out.append(Note("compare_note_population_held", held))
    interpolated = tuple(e.city.slug for e in entries if e.population == "interpolated")
    if interpolated:
        out.append(Note("compare_note_population_interpolated", interpolated))
    if len({e.group for e in entries}) > 1:
        out.append(Note("compare_note_apart"))
    return out


COLUMNS = ["city", "group", "period", "numerator", "denominator", "value", "lower", "upper", "flag"]
"""A comparison's table: each city's values with their 95 % intervals and flags (a partial period says so)."""


def table(groups: list[list[Entry]]) -> pd.DataFrame:
    """Every city's values as its own indicator page publishes them (through the disclosure gate), side by
    side, with the group each city is drawn in."""
    parts = []
    for n, group in enumerate(groups, start=1):
        for e in group:
            t = e.series.table
            part = t[COLUMNS[2:]].assign(city=e.city.slug, group=n)
            part.attrs = t.attrs
            parts.append(part[COLUMNS])
    return disclosure.joined(parts) if parts else pd.DataFrame(columns=COLUMNS)


def for_portal(cities: list[CityBuild], registry: dict[str, Indicator]) -> list[Comparison]:
    """A comparison for every indicator that at least one city reports, in the registry's order."""
    reported = {s.id for c in cities for s in c.indicators}
    return [compare(ind_id, ind, cities) for ind_id, ind in registry.items() if ind_id in reported]
