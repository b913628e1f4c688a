"""Maps: the table of one value per district (or station), then its drawing.

Polygons become a choropleth; station points become proportional symbols, since
the data says nothing about the area a station serves. Classes are quantiles
(each class holds about the same number of districts), at most five, so that every
class is visible whatever the skew; districts without data are drawn grey and
listed as such.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt
import pandas as pd

from . import disclosure, geography, i18n
from .charts import latest_complete, _finish
from .config import City, MapSpec, tr
from .geography import Geography
from .sources import Table

RAMP = ["#deebf7", "#9ecae1", "#4292c6", "#08519c", "#08306b"]
NO_DATA = "#bdbdbd"
MAX_CLASSES = 5


@dataclass(frozen=True)
class MapData:
    spec: MapSpec
    table: pd.DataFrame   # area_code, area_name, period, value, population, rate, flag
    measure_col: str      # "rate" or "value": what the colour shows
    breaks: list[float]


def map_data(spec: MapSpec, table: Table, population: Table | None, geo: Geography, city: City) -> MapData:
    rows = table.frame[table.frame["measure"].isin(spec.measures)]
    if rows.empty:
        raise ValueError(f"map '{spec.id}': no rows for measures {spec.measures} in dataset '{spec.dataset}'")
    period = spec.period or latest_complete(rows)
    counts = rows[rows["period"] == period].groupby("area_code")["value"].sum(min_count=1)
    out = pd.DataFrame({"area_code": geo.codes})
    out["area_name"] = out["area_code"].map(geo.names)
    out["period"] = period
    out["value"] = out["area_code"].map(counts)
    measure_col = "value"
    if population is not None:
        pop_rows = population.frame[population.frame["measure"] == spec.population.measure]
        pop_period = latest_complete(pop_rows)
        pop = pop_rows[pop_rows["period"] == pop_period].set_index("area_code")["value"]
        out["population"] = out["area_code"].map(pop)
        out["population_period"] = pop_period
        out["rate"] = (out["value"] / out["population"] * 100_000).round(1)
        measure_col = "rate"
    out = disclosure.suppress(out, city.disclosure, derived=("rate",) if population is not None else ())
    return MapData(spec, out, measure_col, quantile_breaks(out[measure_col]))


def quantile_breaks(values: pd.Series, classes: int = MAX_CLASSES) -> list[float]:
    """Upper bounds of quantile classes; fewer classes when values repeat."""
    present = values.dropna()
    if present.empty:
        return []
    qs = [present.quantile(i / classes) for i in range(1, classes + 1)]
    return sorted(set(math.ceil(q * 10) / 10 for q in qs))  # rounded up, so the largest value is inside


def class_of(value: float | None, breaks: list[float]) -> int | None:
    if value is None or pd.isna(value):
        return None
    return next(i for i, b in enumerate(breaks) if value <= b + 1e-9)


def class_labels(data: MapData, lang: str) -> list[str]:
    """'low – high' per class; the first class starts at the smallest value shown."""
    low = data.table[data.measure_col].min()
    lows = [low, *data.breaks[:-1]]
    return [f"{i18n.number(lo, lang, 1)} – {i18n.number(hi, lang, 1)}" for lo, hi in zip(lows, data.breaks)]


def ramp(n: int) -> list[str]:
    """n colours spread over the whole ramp, so that two classes are not two pale blues."""
    if n <= 1:
        return RAMP[2:2 + n]
    return [RAMP[round(i * (len(RAMP) - 1) / (n - 1))] for i in range(n)]


def indicator_map_data(series, geo: Geography, spec: MapSpec) -> MapData:
    """An indicator's values by area, with every mapped area present (no data shown as such)."""
    table = pd.DataFrame({"area_code": geo.codes}).merge(
        series.by_area.drop(columns="area_name"), on="area_code", how="left")
    table.insert(1, "area_name", table["area_code"].map(geo.names))
    return MapData(spec, table, "value", quantile_breaks(table["value"]))


def spec(data: MapData, geo: Geography, lang: str, strings, value_title: str | None = None,
         outline: Geography | None = None) -> dict:
    """The static map. `outline` draws district boundaries underneath, for a grid to be read against."""
    labels = class_labels(data, lang)
    no_data = strings("map_no_data")
    props = {}
    for row in data.table.to_dict("records"):
        k = class_of(row[data.measure_col], data.breaks)
        props[row["area_code"]] = {"value": _clean(row[data.measure_col]),
                                   "class": labels[k] if k is not None else no_data}
    collection = geography.feature_collection(geo, props, for_vega=True)
    domain = labels + [no_data]
    colours = ramp(len(labels)) + [NO_DATA]
    value_title = value_title or (strings("map_rate") if data.measure_col == "rate" else strings("chart_value"))
    color = alt.Color("properties.class:N", title=value_title,
                      scale=alt.Scale(domain=domain, range=colours),
                      legend=alt.Legend(orient="bottom-left" if geo.kind == "polygon" else "bottom", labelLimit=300))
    tooltip = [alt.Tooltip("properties.name:N", title=strings("chart_area")),
               alt.Tooltip("properties.value:Q", title=value_title, format=",.1f")]
    base = alt.Chart(alt.Data(values=collection["features"]), title=tr(data.spec.title, lang),
                     width=560, height=480)
    if geo.kind == "polygon":
        layer = base.mark_geoshape(stroke="#ffffff", strokeWidth=0.8).encode(color=color, tooltip=tooltip)
        if outline is not None:
            under = alt.Chart(alt.Data(values=geography.feature_collection(outline, {}, for_vega=True)["features"]))
            layer = alt.layer(under.mark_geoshape(fill="#f2f2f2", stroke="#8a8a8a", strokeWidth=0.6), layer)
        return _finish(layer.project(type="mercator"))
    outline = base.mark_circle(color="#ffffff", stroke="#555555", strokeWidth=0.5, size=12).encode(
        longitude="geometry.coordinates[0]:Q", latitude="geometry.coordinates[1]:Q")
    dots = base.mark_circle(opacity=0.85, stroke="#333333", strokeWidth=0.6).encode(
        longitude="geometry.coordinates[0]:Q", latitude="geometry.coordinates[1]:Q",
        size=alt.Size("properties.value:Q", title=value_title, scale=alt.Scale(range=[20, 900]),
                      legend=alt.Legend(orient="bottom")),
        color=color, tooltip=tooltip)
    return _finish(alt.layer(outline, dots).project(type="mercator"))


def _clean(v):
    return None if v is None or pd.isna(v) else float(v)
