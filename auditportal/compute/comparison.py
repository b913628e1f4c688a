"""Cities compared on one indicator: who reports it, how each city's figures were made, which of them may
share one axis, and what a reader must know before comparing them.

Figures share an axis only when they count the same kind of period (calendar or financial years) over the
same kind of area (a city, or a whole state): a state's homicide rate beside a city's on one line chart
would read as a comparison it is not; nor is one total over several years a year's figure. The largest group of
comparable cities is the comparison's chart; every other city is listed with the reason it is not on it. Only
indicators at least two cities report are compared. Everything else that differs (the source, how the
population behind a rate was found) is said in a note. Notes are language-free (a key and its values), worded
by the view.
"""
from __future__ import annotations

import re

import pandas as pd

from ..records import Apart, CityBuild, Comparison, Entry, IndicatorSeries, Note
from ..schema import Indicator
from . import disclosure, indicators

SCOPES = {"city": "city", "district": "city", "station": "city", "point": "city", "state": "state"}
"""The area a city's figure covers, by the area level of its dataset: districts and stations add up to the
city; a state-level dataset covers the whole state."""


SPAN = re.compile(r"^(\d{4})\s*[-–]\s*(\d{4})$")
"""A period over several calendar years ("2010-2026"), as a dataset that publishes one total labels it."""


def total_span(s: IndicatorSeries) -> str:
    """The span of a series that is one total over several years (its only period), or ''."""
    periods = [str(p) for p in s.table.dropna(subset=["value"])["period"]]
    found = SPAN.match(periods[0]) if len(periods) == 1 else None
    return periods[0] if found and found.group(1) != found.group(2) else ""


def entry(city: CityBuild, s: IndicatorSeries) -> Entry:
    ds = city.tables[s.choice.dataset].config
    period_kind = ("total" if total_span(s) else "financial_year" if ds.period_type == "financial_year"
                   else "year")
    h = indicators.headline(s)
    population = str(h["denominator_method"]) if h and s.indicator.unit == "per_100k" else ""
    return Entry(city, s, period_kind, SCOPES[s.area_level], ds.source.publisher, population)


def compare(ind_id: str, indicator: Indicator, cities: list[CityBuild]) -> Comparison:
    entries = [entry(c, s) for c in cities for s in c.indicators if s.id == ind_id]
    by_group: dict[tuple[str, str], list[Entry]] = {}
    for e in entries:
        by_group.setdefault(e.group, []).append(e)
    groups = sorted(by_group.values(), key=rank)
    return Comparison(ind_id, indicator, groups, notes(entries), table(groups),
                      [apart(e, groups[0][0]) for g in groups[1:] for e in g])


def rank(group: list[Entry]) -> tuple:
    """The group charted first: the most cities; among equals, yearly figures for cities before the rest."""
    kind, scope = group[0].group
    return -len(group), kind != "year", scope != "city", group[0].group


def apart(e: Entry, charted: Entry) -> Apart:
    """Why a city is not on the chart's axes, in the one word a reader needs."""
    if e.period_kind == "total":
        return Apart(e, "total", total_span(e.series))
    if e.scope != charted.scope and e.scope == "state":
        return Apart(e, "state")
    if e.period_kind != charted.period_kind and e.period_kind == "financial_year":
        return Apart(e, "financial_year")
    return Apart(e, "group")


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
    """A comparison for every indicator that at least two cities report, in the registry's order."""
    reporting = {ind_id: {c.slug for c in cities for s in c.indicators if s.id == ind_id} for ind_id in registry}
    return [compare(ind_id, ind, cities) for ind_id, ind in registry.items() if len(reporting[ind_id]) >= 2]
