"""What lets a reader find their way on a map without leaving the site: the land and its coastline (Natural
Earth, 1:10 million, from the pinned npm package world-atlas, clipped to the map), the district outlines with
their names, and a scale bar. The static maps draw them here; the interactive map gets the land as data and
draws names and a scale itself (content/assets/maps.js).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import altair as alt
import numpy as np
import shapely
from shapely.geometry import mapping

from ...i18n import Locale
from ...read import geography
from ...records import Geography

LAND = Path(__file__).resolve().parents[3] / "node_modules" / "world-atlas" / "land-10m.json"
"""Natural Earth's land at 1:10 million as TopoJSON (world-atlas 2.0.2, installed by scripts/setup)."""
LAND_COLOUR, SEA_COLOUR, BORDER = "#f4f1ea", "#dcebf5", "#4d4d4d"
MAX_LABELS = 25
"""More district names than this would cover the map: the largest districts are named, the others are left to
the interactive map's zoom."""
NICE_KM = (0.5, 1, 2, 5, 10, 20, 50, 100, 200)


class LandMissing(Exception):
    """world-atlas is not installed (scripts/setup installs it with npm ci)."""


@lru_cache(maxsize=1)
def _land() -> shapely.STRtree:
    """Natural Earth's land as valid polygons, decoded from TopoJSON (quantized, delta-encoded arcs), in a tree
    that finds those near a map."""
    if not LAND.is_file():
        raise LandMissing(f"{LAND} is missing: run scripts/setup (it installs world-atlas with npm ci)")
    topo = json.loads(LAND.read_text(encoding="utf-8"))
    scale, translate = np.asarray(topo["transform"]["scale"]), np.asarray(topo["transform"]["translate"])
    # each arc's points as one array: as Python tuples the world's 10 million-scale coastline held 0.5 GB
    arcs = [np.cumsum(np.asarray(arc, dtype=np.int64), axis=0) * scale + translate for arc in topo.pop("arcs")]

    def ring(indices: list[int]) -> np.ndarray:
        pieces = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in indices]
        return np.concatenate([pieces[0], *(p[1:] for p in pieces[1:])])

    polygons = []
    for geometry in topo["objects"]["land"]["geometries"]:
        parts = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        polygons += [shapely.Polygon(ring(p[0]), [ring(h) for h in p[1:]]) for p in parts]
    # each polygon repaired on its own (125 cross themselves) and only polygons kept: repairing the whole world
    # at once took 10 s and held 0.5 GB for the rest of the build, for the same land
    repaired = shapely.get_parts(shapely.get_parts(shapely.make_valid(np.array(polygons, dtype=object))))
    return shapely.STRtree([p for p in repaired if p.geom_type == "Polygon"])


def frame(geo: Geography, margin: float = 0.08) -> tuple[float, float, float, float]:
    """The map's extent, a little wider than its areas: west, south, east, north."""
    west, south, east, north = shapely.total_bounds(list(geo.shapes.values()))
    dx, dy = max(east - west, 0.01) * margin, max(north - south, 0.01) * margin
    return west - dx, south - dy, east + dx, north + dy


def land(geo: Geography) -> Geography:
    """The land within the map's extent (empty where the map is all sea)."""
    west, south, east, north = frame(geo)
    tree = _land()
    near = tree.geometries.take(tree.query(shapely.box(west, south, east, north)))
    clipped = shapely.union_all(shapely.clip_by_rect(near, west, south, east, north))  # no seams where pieces meet
    clipped = shapely.simplify(clipped, (east - west) / 2000)
    parts = [p for p in shapely.get_parts(clipped) if p.geom_type == "Polygon" and not p.is_empty]
    return Geography("polygon", ["land"] if parts else [], {"land": ""},
                     {"land": shapely.MultiPolygon(parts)} if parts else {})


def scale_km(geo: Geography) -> float:
    """A round distance about a fifth of the map's width, for its scale bar."""
    west, south, east, north = frame(geo)
    width = (east - west) * 111.32 * math.cos(math.radians((south + north) / 2))
    return max([d for d in NICE_KM if d <= width / 5] or [NICE_KM[0]])


def layers(geo: Geography, width: int, loc: Locale, outline: bool = True) -> dict[str, list]:
    """The static map's layers under and over its data: the sea and land, then the district outlines, their
    names (up to MAX_LABELS) and a scale bar. `outline=False` where the data are the districts themselves and
    draw their own borders: drawing them twice doubled a district map's bytes."""
    west, south, east, north = frame(geo)
    water = Geography("polygon", ["sea"], {"sea": ""}, {"sea": shapely.box(west, south, east, north)})
    sea = alt.Chart(alt.Data(values=geography.feature_collection(water, {}, for_vega=True)["features"])).mark_geoshape(
        fill=SEA_COLOUR, stroke=None)
    shore = geography.feature_collection(land(geo), {}, for_vega=True)["features"]
    ground = alt.Chart(alt.Data(values=shore)).mark_geoshape(fill=LAND_COLOUR, stroke="#9c9c9c", strokeWidth=0.6)
    over = []
    if geo.kind == "polygon":
        if outline:
            borders = geography.feature_collection(geography.simplified(geo, width), {}, for_vega=True)["features"]
            over.append(alt.Chart(alt.Data(values=borders)).mark_geoshape(fill=None, stroke=BORDER, strokeWidth=0.7))
        largest = sorted(geo.codes, key=lambda code: -shapely.area(geo.shapes[code]))[:MAX_LABELS]
        names = [{"lon": p.x, "lat": p.y, "name": geo.names[code]}
                 for code in largest for p in [shapely.point_on_surface(geo.shapes[code])]]
        if names:
            text = alt.Chart(alt.Data(values=names)).encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
            over += [text.mark_text(fontSize=9, stroke="#ffffff", strokeWidth=2.5, strokeOpacity=0.9),
                     text.mark_text(fontSize=9, fill="#1a1a1a")]
    km = scale_km(geo)
    x0, y0 = west + (east - west) * 0.04, south + (north - south) * 0.04
    x1 = x0 + km / (111.32 * math.cos(math.radians(y0)))
    bar = alt.Chart(alt.Data(values=[_feature(shapely.LineString([(x0, y0), (x1, y0)]))])).mark_geoshape(
        filled=False, stroke="#000000", strokeWidth=2.5)
    label = alt.Chart(alt.Data(values=[{"lon": (x0 + x1) / 2, "lat": y0, "text": loc("map_scale", km=_km(km, loc))}]))
    over += [bar, label.mark_text(dy=-8, fontSize=10, fill="#000000").encode(longitude="lon:Q", latitude="lat:Q",
                                                                             text="text:N")]
    return {"under": [sea, ground], "over": over}


def _km(km: float, loc: Locale) -> str:
    return loc.number(km, 0 if km >= 1 else 1)


def _feature(geometry) -> dict:
    return {"type": "Feature", "properties": {}, "geometry": mapping(geometry)}
