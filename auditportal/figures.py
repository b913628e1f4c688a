"""Every figure of a city, computed once: charts, maps, hotspot grids, indicator trends and
indicator maps, each with its identity, its published table and what drawing it needs.

Pages, findings, drawings, downloads and the API all read this one collection, so a figure
shown on a page and the CSV behind it cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from . import charts, hotspots, maps
from .geography import Geography
from .indicators import IndicatorSeries
from .maps import Layer
from .schema import Chart, City, Text
from .sources import Table

Kind = Literal["charts", "maps", "hotspots", "indicators", "indicator_maps"]
"""The kind of a figure, also the folder of its files (data/<city>/<kind>/<id>.csv)."""


@dataclass(frozen=True)
class Figure:
    kind: Kind
    id: str
    title: Text
    dataset: str                      # the dataset it is drawn from
    table: pd.DataFrame               # exactly what is published as its CSV
    csv: str                          # that CSV's path under data/<city>/
    chart: Chart | None = None        # charts: type, breakdown
    layer: Layer | None = None        # maps, hotspots, indicator maps: what is coloured (none: a table only)
    unit: str | None = None           # maps of rates and indicator figures: per_100k, percent, count
    series: IndicatorSeries | None = None  # indicator figures: values, target
    cell_m: int = 0                   # hotspots: the side of a cell in metres
    hidden_cells: int = 0             # hotspots: cells left out by the disclosure rule
    hidden_events: int = 0            # ... and the incidents in them

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.id


def for_city(city: City, tables: dict[str, Table], geo: Geography | None, names: dict[str, str],
             series: list[IndicatorSeries]) -> list[Figure]:
    out = [Figure("charts", c.id, c.title, c.dataset, charts.table(c, tables[c.dataset], city, names),
                  f"charts/{c.id}.csv", chart=c) for c in city.charts]
    for m in city.maps:
        if geo is None:
            raise ValueError(f"map '{m.id}': the city has no districts layer to draw it on")
        t = maps.table(m, tables[m.dataset], tables[m.population.dataset] if m.population else None, geo, city)
        column = "rate" if m.population else "value"
        out.append(Figure("maps", m.id, m.title, m.dataset, t, f"maps/{m.id}.csv",
                          layer=Layer(geo, column, maps.quantile_breaks(t[column])),
                          unit="per_100k" if m.population else None))
    outline = geo if geo is not None and geo.kind == "polygon" else None
    for spot in city.hotspots:
        t, cells, hidden_cells, hidden_events = hotspots.grid(spot, tables[spot.dataset], city)
        out.append(Figure("hotspots", spot.id, spot.title, spot.dataset, t, f"hotspots/{spot.id}.csv",
                          layer=Layer(cells, "value", maps.quantile_breaks(t["value"]), outline),
                          cell_m=spot.cell_m, hidden_cells=hidden_cells, hidden_events=hidden_events))
    protected = set(city.disclosure.protected_measures)
    for s in series:
        name, unit = s.indicator.name, s.indicator.unit
        out.append(Figure("indicators", s.id, name, s.choice.dataset, s.table, f"indicators/{s.id}.csv",
                          unit=unit, series=s))
        if s.by_area is None:
            continue
        at_points = bool(set(s.indicator.numerator.measures) & protected) and geo is not None and geo.kind == "point"
        layer = None  # a table only: no geography, or a protected measure at points, which are never drawn
        if geo is not None and not at_points:
            layer = Layer(geo, "value", maps.quantile_breaks(s.by_area["value"]))
        out.append(Figure("indicator_maps", s.id, name, s.choice.dataset, s.by_area, f"indicators/{s.id}_by_area.csv",
                          layer=layer, unit=unit, series=s))
    return out
