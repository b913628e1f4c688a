"""Maps drawn: a map's table (compute/maps.py) as a static Vega-Lite map in one language, and the data
the interactive map fetches.

Polygons become a choropleth; station points become proportional symbols, since the data says nothing
about the area a station serves; districts without data are drawn grey and listed as such.

Outlines are simplified for the size they are shown at: the static map at its width, the interactive map
for a large screen zoomed in a few times (`display`, the file Leaflet fetches: about a tenth of the
published GeoJSON, which stays the download at full precision).
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from ...compute import disclosure
from ...compute.maps import class_of
from ...i18n import Locale
from ...read import geography
from ...records import Geography, Layer
from .charts import finish

RAMP = ["#deebf7", "#9ecae1", "#4292c6", "#08519c", "#08306b"]
NO_DATA = "#bdbdbd"
WIDTH, HEIGHT = 560, 480  # the static map, in pixels; its outlines keep about a vertex per pixel
SCREEN_PIXELS = 2000      # the interactive map: a phone or laptop screen, zoomed in two levels
SCREEN_PRECISION = 5      # decimals of the interactive map's coordinates (about 1 m)


def class_labels(values: pd.Series, breaks: list[float], loc: Locale) -> list[str]:
    """'low – high' per class; the first class starts at the smallest value shown."""
    lows = [values.min(), *breaks[:-1]]
    return [f"{loc.number(lo, 1)} – {loc.number(hi, 1)}" for lo, hi in zip(lows, breaks)]


def ramp(n: int) -> list[str]:
    """n colours spread over the whole ramp, so that two classes are not two pale blues."""
    if n <= 1:
        return RAMP[2:2 + n]
    return [RAMP[round(i * (len(RAMP) - 1) / (n - 1))] for i in range(n)]


def spec(layer: Layer, t: pd.DataFrame, title: str, value_title: str, loc: Locale) -> dict:
    """The static map. A layer's `outline` draws district boundaries underneath, for a grid to be read against."""
    geo = layer.geo
    labels = class_labels(t[layer.value_col], layer.breaks, loc)
    no_data = loc("map_no_data")
    values = dict(zip(t["area_code"], t[layer.value_col]))
    props = {}
    for code in geo.codes:  # every mapped area, those the table lacks drawn as having no data
        k = class_of(values.get(code), layer.breaks)
        props[code] = {"value": _clean(values.get(code)), "class": labels[k] if k is not None else no_data}
    collection = geography.feature_collection(geography.simplified(geo, WIDTH), props, for_vega=True)
    domain = labels + [no_data]
    colours = ramp(len(labels)) + [NO_DATA]
    color = alt.Color("properties.class:N", title=value_title,
                      scale=alt.Scale(domain=domain, range=colours),
                      legend=alt.Legend(orient="bottom-left" if geo.kind == "polygon" else "bottom", labelLimit=300))
    tooltip = [alt.Tooltip("properties.name:N", title=loc("chart_area")),
               alt.Tooltip("properties.value:Q", title=value_title, format=",.1f")]
    base = alt.Chart(alt.Data(values=collection["features"]), title=title, width=WIDTH, height=HEIGHT)
    if geo.kind == "polygon":
        drawn = base.mark_geoshape(stroke="#ffffff", strokeWidth=0.8).encode(color=color, tooltip=tooltip)
        if layer.outline is not None:
            outline = geography.feature_collection(geography.simplified(layer.outline, WIDTH), {},
                                                   for_vega=True)["features"]
            under = alt.Chart(alt.Data(values=outline))
            drawn = alt.layer(under.mark_geoshape(fill="#f2f2f2", stroke="#8a8a8a", strokeWidth=0.6), drawn)
        return finish(drawn.project(type="mercator"))
    ring = base.mark_circle(color="#ffffff", stroke="#555555", strokeWidth=0.5, size=12).encode(
        longitude="geometry.coordinates[0]:Q", latitude="geometry.coordinates[1]:Q")
    dots = base.mark_circle(opacity=0.85, stroke="#333333", strokeWidth=0.6).encode(
        longitude="geometry.coordinates[0]:Q", latitude="geometry.coordinates[1]:Q",
        size=alt.Size("properties.value:Q", title=value_title, scale=alt.Scale(range=[20, 900]),
                      legend=alt.Legend(orient="bottom")),
        color=color, tooltip=tooltip)
    return finish(alt.layer(ring, dots).project(type="mercator"))


def display(layer: Layer, t: pd.DataFrame) -> dict[str, dict]:
    """What the interactive map fetches, by file suffix: the areas with the value they are coloured by
    ("geojson"), and the district outlines under a hotspot grid ("outline.geojson"), both simplified for
    the screen. `t` is the figure's gated table, the one the published GeoJSON carries."""
    disclosure.require(t, "the interactive map's data")
    values = dict(zip(t["area_code"], t[layer.value_col]))
    props = {code: {layer.value_col: _clean(values.get(code))} for code in layer.geo.codes}
    out = {"geojson": _for_screen(layer.geo, props)}
    if layer.outline is not None:
        out["outline.geojson"] = _for_screen(layer.outline, {})
    return out


def _for_screen(geo: Geography, props: dict[str, dict]) -> dict:
    return geography.feature_collection(geography.simplified(geo, SCREEN_PIXELS), props, precision=SCREEN_PRECISION)


def _clean(v):
    return None if v is None or pd.isna(v) else float(v)
