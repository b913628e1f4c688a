"""Every figure of a city, computed once: charts, maps, hotspot grids, indicator trends and
indicator maps, each with its identity, its published table and what drawing it needs.

Pages, findings, drawings, downloads and the API all read this one collection, so a figure
shown on a page and the CSV behind it cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..problems import ConfigProblem
from ..records import Figure, Geography, IndicatorSeries, Layer, Table
from ..schema import City
from ..tidy import FACTS
from . import (
    breakdowns,
    charts,
    disclosure,
    flags,
    hotspots,
    indicators,
    left_behind,
    maps,
    reconcile,
    revisions,
    uncertainty,
)


@dataclass(frozen=True)
class Published:
    """A city's tables once through the disclosure gate: its figures, indicators and datasets."""
    figures: list[Figure]
    series: list[IndicatorSeries]
    datasets: dict[str, pd.DataFrame]  # each dataset as published (incident points are not), by id
    revisions: dict[str, pd.DataFrame]  # values a newer release changed, as published (compute.revisions)
    reconciliation: pd.DataFrame  # where two datasets give one measure different totals (compute.reconcile)


def dataset_table(t: Table, names: dict[str, str]) -> pd.DataFrame:
    """A dataset as published, before the gate: its tidy observations with each area's name."""
    frame = disclosure.traced(t.frame)
    frame.insert(2, "area_name", frame["area_code"].map(names).fillna(""))
    return frame[["area_level", "area_code", "area_name", "period", "period_type", "period_start", "period_end",
                  "measure", "measure_label", *t.dimensions, "value", *FACTS, disclosure.CELLS]]


def flagged(frame: pd.DataFrame, count: str = "") -> pd.DataFrame:
    """A gated table with what a reader must know beside each value (compute/flags.py): its period partial,
    and, where the table carries an interval, fewer than 20 events behind it."""
    if "partial" in frame:
        frame = flags.mark(frame, flags.PARTIAL, frame["partial"].fillna(False))
    if count and "lower" in frame and frame["lower"].notna().any():
        frame = flags.mark(frame, flags.UNRELIABLE, uncertainty.unreliable(frame[count]))
    return frame


def for_city(city: City, tables: dict[str, Table], points: dict[str, Table], geo: Geography | None,
             names: dict[str, str], area_names: dict[str, str], series: list[IndicatorSeries]) -> Published:
    """Every table of the city, computed once, then through the gate one dataset at a time: all the tables
    drawn from a dataset are protected together, so that none gives away what another suppresses."""
    chart_tables = {c.id: charts.table(c, tables[c.dataset], names) for c in city.charts if c.type != "weekday_hour"}
    second = {c.id: charts.table(charts.second_line(c, tables[c.against.dataset]), tables[c.against.dataset], names)
              for c in city.charts if c.against}  # gated with the other dataset's tables, then drawn beside
    for c in city.charts:  # counted from the incident records themselves: gated on their own, total stated
        if c.type == "weekday_hour":
            raw = charts.weekday_hour_table(c, points[c.dataset])
            [chart_tables[c.id]] = disclosure.protect(len(raw), np.zeros(len(raw), dtype=int),
                                                      [charts.release(c, raw)], city.disclosure)
    map_tables = {}
    for m in city.maps:
        if geo is None:
            raise ConfigProblem("maps", m.id, "dataset", "the city has no districts layer to draw a map on",
                                "add districts: to city.yml")
        map_tables[m.id] = maps.table(m, tables[m.dataset], tables[m.population.dataset] if m.population else None,
                                      geo)
    left_tables = {m.id: left_behind.table(map_tables[m.id]) for m in city.maps if m.population}
    datasets = {slug: dataset_table(t, area_names) for slug, t in tables.items() if t.config.area_level != "point"}
    tables = {slug: t for slug, t in tables.items() if t.config.area_level != "point"}  # counted: in datasets
    gated_series = []
    reconciling, totals = reconcile.shared(tables), {}
    for slug, t in tables.items():
        parts: list[tuple[tuple, disclosure.Release]] = []
        if slug in datasets:
            parts.append((("dataset", slug), disclosure.Release(datasets[slug])))
        if slug in reconciling:
            parts.append((("totals", slug), reconcile.release(reconciling[slug])))
        parts += [(("chart", c.id), charts.release(c, chart_tables[c.id])) for c in city.charts
                     if c.dataset == slug and c.type != "weekday_hour"]
        parts += [(("second", c.id), charts.release(charts.second_line(c, t), second[c.id])) for c in city.charts
                     if c.against and c.against.dataset == slug]
        parts += [(("left_behind", m.id), left_behind.release(left_tables[m.id])) for m in city.maps
                  if m.dataset == slug and m.id in left_tables]
        parts += [(("map", m.id), disclosure.Release(map_tables[m.id], total=not m.population, derived=(
            "rate", "lower", "upper") if m.population else ("lower", "upper"))) for m in city.maps if m.dataset == slug]
        for s in series:
            if s.choice.dataset == slug:
                parts += [(("series", s.id, i), r) for i, r in enumerate(indicators.releases(s))]
        if not parts:
            continue
        blocks = pd.factorize(t.frame["period"].str[:4])[0]
        rule = city.disclosure if t.config.survey is None else disclosure.ESTIMATES  # not counts of victims
        offered = [(("breakdown", s.id, dim), r) for s in series if s.choice.dataset == slug
                   for dim, r in breakdowns.breakdown_releases(s).items()]
        gated = _with_breakdowns(parts, offered, len(t.frame), blocks, rule)
        second.update({key[1]: frame for key, frame in gated.items() if key[0] == "second"})
        datasets.update({key[1]: frame for key, frame in gated.items() if key[0] == "dataset"})
        chart_tables.update({key[1]: frame for key, frame in gated.items() if key[0] == "chart"})
        map_tables.update({key[1]: frame for key, frame in gated.items() if key[0] == "map"})
        left_tables.update({key[1]: frame for key, frame in gated.items() if key[0] == "left_behind"})
        totals.update({key[1]: frame for key, frame in gated.items() if key[0] == "totals"})
        for s in series:
            if s.choice.dataset == slug:
                gated_series.append(replace(s, table=gated[("series", s.id, 0)],
                                            by_area=gated.get(("series", s.id, 1)),
                                            breakdowns={dim: gated[("breakdown", s.id, dim)] for dim in s.breakdowns
                                                        if ("breakdown", s.id, dim) in gated}))
    for c in city.charts:
        if c.against:
            chart_tables[c.id] = disclosure.joined([charts.with_line(chart_tables[c.id], c.dataset),
                                                    charts.with_line(second[c.id], c.against.dataset)])
    order = {s.id: i for i, s in enumerate(series)}
    gated_series = [indicators.flagged(s) for s in sorted(gated_series, key=lambda s: order[s.id])]
    datasets = {slug: flagged(frame) for slug, frame in datasets.items()}
    chart_tables = {key: flagged(frame, "value") for key, frame in chart_tables.items()}
    map_tables = {key: flagged(frame, "value") for key, frame in map_tables.items()}
    left_tables = {key: flagged(frame, "value") for key, frame in left_tables.items()}
    revised = {slug: revisions.published(t.revisions, datasets[slug], city.disclosure)
               for slug, t in tables.items() if t.revisions is not None}
    found = _figures(city, points, geo, chart_tables, map_tables, gated_series)
    found += [Figure("left_behind", m.id, m.title, m.dataset, left_tables[m.id], f"left_behind/{m.id}.csv",
                     unit="ratio") for m in city.maps if m.id in left_tables]
    return Published(found, gated_series,
                     {slug: frame.drop(columns=["_cells"], errors="ignore") for slug, frame in datasets.items()},
                     revised, reconcile.differences(totals, {s: set(t.config.differs_from) for s, t in tables.items()}))


def _with_breakdowns(parts: list, offered: list, n_cells: int, blocks: np.ndarray, rule) -> dict:
    """A dataset's tables through the gate, with the indicators' breakdowns that cost nothing: a breakdown is
    published only if, gated together with what is already published, it withholds no value of the other
    tables (its groups' equations could otherwise uncover a suppressed cell, and the gate would then blank
    figures readers already had) and at least half of its own values stay published. One breakdown at a
    time, in the indicators' order."""
    def gate(chosen: list) -> dict:
        return dict(zip([key for key, _ in chosen], disclosure.protect(n_cells, blocks, [r for _, r in chosen], rule)))

    kept = list(parts)
    gated = gate(kept)
    for key, release in offered:
        trial = gate([*kept, (key, release)])
        mine = trial[key]
        if all(flags.count(trial[k], flags.SUPPRESSED) == flags.count(gated[k], flags.SUPPRESSED) for k in gated) \
                and flags.count(mine, flags.SUPPRESSED) * 2 <= len(mine):
            kept.append((key, release))
            gated = trial
    return gated


def _figures(city: City, points: dict[str, Table], geo: Geography | None, chart_tables: dict, map_tables: dict,
             series: list[IndicatorSeries]) -> list[Figure]:
    out = [Figure("charts", c.id, c.title, c.dataset, chart_tables[c.id], f"charts/{c.id}.csv", chart=c,
                  unit=charts.unit(c, city.datasets[c.dataset])) for c in city.charts]
    for m in city.maps:
        if geo is None:
            continue
        if m.population:  # the raw rate and the smoothed one, on the same classes, one click apart
            t = maps.smoothed(map_tables[m.id])
            shown, other = ("smoothed", "rate") if maps.smooth_by_default(t) else ("rate", "smoothed")
            layer = Layer(geo, shown, maps.breaks(pd.concat([t["rate"], t["smoothed"]])), alternative=other)
        else:
            t = map_tables[m.id]
            layer = Layer(geo, "value", maps.breaks(t["value"], whole=True))
        out.append(Figure("maps", m.id, m.title, m.dataset, t, f"maps/{m.id}.csv", layer=layer,
                          unit="per_100k" if m.population else None))
    outline = geo if geo is not None and geo.kind == "polygon" else None
    for spot in city.hotspots:
        t, cells, side, withheld = hotspots.grid(spot, points[spot.dataset], city, geo)
        out.append(Figure("hotspots", spot.id, spot.title, spot.dataset, t, f"hotspots/{spot.id}.csv",
                          layer=Layer(cells, "class", [], outline), cell_m=side, hidden_cells=withheld))
    for s in series:
        name, unit = s.indicator.name, s.indicator.unit
        out.append(Figure("indicators", s.id, name, s.choice.dataset, s.table, f"indicators/{s.id}.csv",
                          unit=unit, series=s))
        out += [Figure("breakdowns", f"{s.id}_by_{dim}", name, s.choice.dataset, t, f"indicators/{s.id}_by_{dim}.csv",
                       unit=unit, series=s) for dim, t in s.breakdowns.items()]
        if s.by_area is None:
            continue
        drawn: Layer | None = None  # a table only: no geography, or a protected measure at points, never drawn
        at_points = geo is not None and geo.kind == "point"
        if geo is not None and not (at_points and not disclosure.may_draw_at_points(s.indicator.numerator.measures,
                                                                                 city.disclosure)):
            drawn = Layer(geo, "value", maps.breaks(s.by_area["value"], whole=unit == "count"))
        out.append(Figure("indicator_maps", s.id, name, s.choice.dataset, s.by_area, f"indicators/{s.id}_by_area.csv",
                          layer=drawn, unit=unit, series=s))
    return out
