"""Maps drawn: a map's table (compute/maps.py) as a static Vega-Lite map in one language, and the data the
interactive map fetches, both from one legend (`key`): the same classes, colours and words, passed as data.

Polygons become a choropleth; station points become proportional symbols, since the data says nothing about
the area a station serves; a hot-spot grid is coloured by its cells' significance. A withheld value and a
missing one are two legend entries and two fills. Every area is named for the reader (its name, its value
with its unit, or that it is withheld), never by an internal id.

Outlines are simplified for the size they are shown at: the static map at its width, the interactive map for
a large screen zoomed in a few times (`display`, the file Leaflet fetches: about a tenth of the published
GeoJSON, which stays the download at full precision).
"""
from __future__ import annotations

import gzip
import json
from dataclasses import dataclass

import altair as alt
import pandas as pd
import shapely

from ...compute import disclosure, flags
from ...compute.hotspots import CLASSES
from ...compute.maps import class_of
from ...i18n import Locale
from ...read import geography
from ...records import Geography, Layer
from . import orientation
from .charts import finish

RAMP = ["#deebf7", "#9ecae1", "#4292c6", "#08519c", "#08306b"]
NO_DATA = "#d9d9d9"
WITHHELD = "#737373"
SIGNIFICANCE = dict(zip(CLASSES, ["#b2182b", "#ef8a62", "#fddbc7", "#f0f0f0", "#d1e5f0", "#67a9cf", "#2166ac"]))
"""Hot reds, cold blues, not significant near white (ColorBrewer RdBu, safe for colour-vision deficiencies)."""
WIDTH, HEIGHT = 560, 480  # the static map, in pixels; its outlines keep about a vertex per pixel
SCREEN_PIXELS = 2000      # the interactive map: a phone or laptop screen, zoomed in two levels
SCREEN_PRECISION = 5      # decimals of the interactive map's coordinates (about 1 m)
SCREEN_BYTES = 60_000     # the interactive map's data, gzip-compressed: a fifth of a page's budget


@dataclass(frozen=True)
class Key:
    """A map's legend in one language: each entry's words and colour, and each area's entry and words."""
    title: str
    labels: list[str]
    colours: list[str]
    entry: dict[str, int]   # area code -> its entry
    text: dict[str, str]    # area code -> what a reader hears: name, value and unit, or that it is withheld


def ramp(n: int) -> list[str]:
    """n colours spread over the whole ramp, so that two classes are not two pale blues."""
    if n <= 1:
        return RAMP[2:2 + n]
    return [RAMP[round(i * (len(RAMP) - 1) / (n - 1))] for i in range(n)]


def key(layer: Layer, t: pd.DataFrame, column: str, unit: str, loc: Locale, k: int) -> Key:
    """The legend of one column of a map's table (`k`: the largest count withheld)."""
    values = dict(zip(t["area_code"], t[column]))
    counts = dict(zip(t["area_code"], t["value"]))
    withheld = set(t.loc[flags.has(t["flag"], flags.SUPPRESSED), "area_code"]) if "flag" in t else set()
    decimals = 0 if column in ("value", "class") and unit in ("", "count") else 1
    if column == "class":
        unit = loc("hotspot_legend")
        labels = [c for c in CLASSES if c in set(t["class"])]
        colours, words = [SIGNIFICANCE[c] for c in labels], [loc(f"hotspot_{c}") for c in labels]
        found = {code: labels.index(v) for code, v in values.items()}
    else:
        shown = pd.Series([v for v in values.values() if v is not None and not pd.isna(v)], dtype=float)
        # a class holds the values above the break before it, up to its own: for whole counts "14 – 23",
        # never "13 – 23" beside "0 – 13", which would put 13 in two classes
        step = 1 if decimals == 0 else 0
        lows = [shown.min() if len(shown) else 0.0, *(b + step for b in layer.breaks[:-1])]
        words = [f"{loc.number(lo, decimals)} – {loc.number(hi, decimals)}" for lo, hi in zip(lows, layer.breaks)]
        colours = ramp(len(words))
        found = {code: i for code, v in values.items() if (i := class_of(v, layer.breaks)) is not None}
    entry, text = {}, {}
    for code in layer.geo.codes:
        name = layer.geo.names.get(code) or loc("map_cell")
        if code in withheld and column != "class":
            entry[code], said = len(words), loc("map_withheld_area", k=k)
        elif code in found:
            entry[code] = found[code]
            said = (_class_words(loc, words[found[code]], counts.get(code), k) if column == "class"
                    else f"{loc.number(values[code], decimals)} {unit}".strip())
        else:
            entry[code], said = -1, loc("map_no_data")
        text[code] = f"{name}: {said}"
    extra = [(loc("map_withheld", k=k), WITHHELD)] if any(e == len(words) for e in entry.values()) else []
    extra += [(loc("map_no_data"), NO_DATA)] if any(e < 0 for e in entry.values()) else []
    entry = {code: (len(words) + len(extra) - 1 if e < 0 else e) for code, e in entry.items()}
    return Key(unit or loc("axis_count"), words + [w for w, _ in extra], colours + [c for _, c in extra],
               entry, text)


def _class_words(loc: Locale, label: str, count, k: int) -> str:
    number = loc("map_count_withheld", k=k) if count is None or pd.isna(count) else loc(
        "map_incidents", n=loc.number(count))
    return f"{label}, {number}"


def regions(layer: Layer, legend: Key, loc: Locale, by_district: bool) -> tuple[Geography, dict[str, dict]]:
    """A hot-spot grid's cells merged where they share a class (and, `by_district`, a district): what a reader
    sees and hears is "Iztapalapa: hot spot, 99 % confidence (42 cells)", not two thousand cells one by one. No
    count is added up: a region's incidents would sum withheld cells. Each cell stays in the downloads."""
    groups: dict[tuple[int, str], list[str]] = {}
    for code in layer.geo.codes:
        name = layer.geo.names.get(code, "") if by_district else ""
        groups.setdefault((legend.entry[code], name), []).append(code)
    shapes, names, props = {}, {}, {}
    for n, ((entry, name), codes) in enumerate(sorted(groups.items())):
        key = f"r{n}"
        shapes[key] = shapely.union_all([layer.geo.shapes[c] for c in codes])
        names[key] = name
        said = loc("map_cells", label=legend.labels[entry], n=loc.number(len(codes)))
        props[key] = {"class": legend.labels[entry], "entry": entry, "text": f"{name}: {said}" if name else said}
    return Geography("polygon", list(shapes), names, shapes), props


def spec(layer: Layer, t: pd.DataFrame, title: str, legend: Key, loc: Locale) -> dict:
    """The static map: the layer's areas coloured by the legend, on the land, the district outlines and their
    names, with a scale bar (orientation.py)."""
    geo = layer.geo
    props = {code: {"value": _clean(dict(zip(t["area_code"], t[layer.value_col])).get(code))
                    if layer.value_col != "class" else None,
                    "class": legend.labels[legend.entry[code]], "text": legend.text[code]} for code in geo.codes}
    if layer.value_col == "class":  # one shape per class: a grid of paths would weigh more than the page
        geo, props = regions(layer, legend, loc, by_district=False)
    collection = geography.feature_collection(geography.simplified(geo, WIDTH), props, for_vega=True)
    color = alt.Color("properties.class:N", title=legend.title,
                      scale=alt.Scale(domain=legend.labels, range=legend.colours),
                      legend=alt.Legend(orient="bottom", columns=2, labelLimit=300))
    tooltip = [alt.Tooltip("properties.text:N", title=loc("chart_area"))]
    base = alt.Chart(alt.Data(values=collection["features"]), title=title, width=WIDTH, height=HEIGHT)
    own_borders = layer.outline is None and layer.value_col != "class"  # the areas are the districts
    ground = orientation.layers(layer.outline or geo, WIDTH, loc, outline=not own_borders)
    if geo.kind == "polygon":
        stroke = (orientation.BORDER, 0.7) if own_borders else ("#ffffff", 0.2)
        drawn = base.mark_geoshape(stroke=stroke[0], strokeWidth=stroke[1]).encode(color=color, tooltip=tooltip)
        return finish(alt.layer(*ground["under"], drawn, *ground["over"]).project(type="mercator"))
    dots = base.mark_circle(opacity=0.85, stroke="#333333", strokeWidth=0.6).encode(
        longitude="geometry.coordinates[0]:Q", latitude="geometry.coordinates[1]:Q",
        size=alt.Size("properties.value:Q", title=legend.title, scale=alt.Scale(range=[20, 900]),
                      legend=alt.Legend(orient="bottom")),
        color=color, tooltip=tooltip)
    return finish(alt.layer(*ground["under"], dots, *ground["over"]).project(type="mercator"))


def cities_spec(t: pd.DataFrame, title: str, value_title: str, decimals: int, loc: Locale) -> dict:
    """Cities on one map (`t`: name, lon, lat, period, value): a circle each, its area the city's latest value,
    named with the value, rounded once as the table and CSV give it, and its period; on the land, with a
    scale bar. The cities' field is `name`, as on the comparison's other charts, so a reader's choice of
    cities filters it too (charts.js)."""
    t = t.dropna(subset=["value"])
    span = max(t["lon"].max() - t["lon"].min(), t["lat"].max() - t["lat"].min(), 1.0)
    room = Geography("point", list(t["name"]), dict(zip(t["name"], t["name"])),  # the labels' room around them
                     {n: shapely.Point(x, y).buffer(span * 0.3) for n, x, y in zip(t["name"], t["lon"], t["lat"])})
    ground = orientation.layers(room, WIDTH, loc, outline=False)
    fmt = f",.{decimals}f"
    records = [{"name": n, "lon": float(x), "lat": float(y), "period": str(p), "value": float(v)}
               for n, x, y, p, v in zip(t["name"], t["lon"], t["lat"], t["period"], t["value"])]
    base = alt.Chart(alt.Data(values=records), title=title, width=WIDTH, height=HEIGHT).encode(
        longitude="lon:Q", latitude="lat:Q")
    dots = base.mark_circle(opacity=0.8, color="#0b5394", stroke="#ffffff", strokeWidth=1).encode(
        size=alt.Size("value:Q", title=value_title, scale=alt.Scale(range=[80, 1600], zero=True), legend=None),
        tooltip=[alt.Tooltip("name:N", title=loc("cities")), alt.Tooltip("period:O", title=loc("chart_period")),
                 alt.Tooltip("value:Q", title=value_title, format=fmt)])
    said = base.transform_calculate(shown=f"[datum.name, format(datum.value, '{fmt}') + ' (' + datum.period + ')']")
    labels = [said.mark_text(dy=26, fontSize=12, lineHeight=14, baseline="top", stroke="#ffffff", strokeWidth=3,
                             strokeOpacity=0.9).encode(text="shown:N"),
              said.mark_text(dy=26, fontSize=12, lineHeight=14, baseline="top", fill="#000000").encode(text="shown:N")]
    return finish(alt.layer(*ground["under"], dots, *labels, *ground["over"]).project(type="mercator"))


def display(layer: Layer, t: pd.DataFrame, keys: dict[str, Key], loc: Locale) -> dict[str, dict]:
    """What the interactive map fetches, by file suffix: the areas with, for each column it can show, their
    legend entry (`k_<column>`) and words (`t_<column>`) ("geojson"), and the district outlines under a
    hotspot grid ("outline.geojson"), both simplified for the screen. `t` is the figure's gated table."""
    disclosure.require(t, "the interactive map's data")
    if layer.value_col == "class":
        [(col, legend)] = keys.items()
        merged, said = regions(layer, legend, loc, by_district=True)
        out = {"geojson": _for_screen(merged, {key: {f"k_{col}": p["entry"], f"t_{col}": p["text"]}
                                               for key, p in said.items()})}
        if layer.outline is not None:
            out["outline.geojson"] = _for_screen(layer.outline, {})
        return out
    values = dict(zip(t["area_code"], t["value"]))
    props = {code: {"value": _clean(values.get(code)),
                    **{f"k_{col}": k.entry[code] for col, k in keys.items()},
                    **{f"t_{col}": k.text[code] for col, k in keys.items()}} for code in layer.geo.codes}
    out = {"geojson": _for_screen(layer.geo, props)}
    if layer.outline is not None:
        out["outline.geojson"] = _for_screen(layer.outline, {})
    return out


def _for_screen(geo: Geography, props: dict[str, dict]) -> dict:
    """Simplified for SCREEN_PIXELS, and further (halving, down to the static map's width) while the file
    would weigh more than SCREEN_BYTES compressed: a densified boundary file must not push the city page over
    its budget (write/budget.py)."""
    pixels = SCREEN_PIXELS
    while True:
        out = geography.feature_collection(geography.simplified(geo, pixels), props, precision=SCREEN_PRECISION)
        text = json.dumps(out, separators=(",", ":")).encode()
        if pixels <= WIDTH or len(text) <= SCREEN_BYTES or len(gzip.compress(text, 6)) <= SCREEN_BYTES:
            return out
        pixels //= 2


def _clean(v):
    return None if v is None or pd.isna(v) else float(v)
