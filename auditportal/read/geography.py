"""Read a city's districts (polygons) or stations (points) and check every feature.

Two copies leave this module: the published one follows RFC 7946 (lon/lat,
exterior rings counter-clockwise, coordinates rounded to 6 decimals, about 10 cm);
the one Vega draws is rewound clockwise, because Vega's spherical projection
reads a counter-clockwise ring as "the globe minus the polygon". Drawings and the
interactive map get outlines simplified for the size they are shown at (`simplified`).
"""
from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pyproj
import shapely
import shapely.ops
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient
from shapely.validation import explain_validity

from ..problems import Problem, ValidationFailed
from ..records import Geography
from ..schema import Districts
from . import datafiles

PRECISION = 6          # decimals in published GeoJSON (RFC 7946 §11.2: about 10 cm)


WGS84 = ("urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326", "EPSG:4326", "OGC:CRS84")


def read_collection(root: Path, rel: str):
    """A GeoJSON FeatureCollection, and the function that brings its coordinates to WGS 84 longitude and
    latitude when the file declares another CRS (an old-style `crs` member, as GIS exports still write:
    São Paulo's polygons are in SIRGAS 2000). The member is never passed on: published files are RFC 7946."""
    shown = f"data/{rel}"
    text = datafiles.read_text(root, rel, "geojson")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValidationFailed([Problem(shown, err.lineno, "", f"not valid JSON: {err.msg}")])
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise ValidationFailed([Problem(shown, None, "type", "expected a GeoJSON FeatureCollection")])
    crs = doc.get("crs")
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) and isinstance(crs.get("properties"), dict) \
        else None
    if crs is None or name in WGS84:
        return doc, None
    try:
        transformer = pyproj.Transformer.from_crs(pyproj.CRS.from_user_input(name), "EPSG:4326", always_xy=True)
    except (pyproj.exceptions.CRSError, TypeError):
        raise ValidationFailed([Problem(shown, None, "crs", f"unknown coordinate reference system {name!r}",
                                        "re-export the file in WGS 84 (EPSG:4326), longitude then latitude")])
    return doc, transformer.transform


def load(root: Path, districts: Districts, notices: list[Problem] | None = None) -> Geography:
    """The checked districts; an invalid polygon is refused, or repaired where `districts.repair` says so,
    with a notice naming the feature and its change of area (a repair can drop a sliver or a whole ring)."""
    shown = f"data/{districts.file}"
    doc, to_wgs84 = read_collection(root, districts.file)
    problems, codes, names, shapes, kinds = [], [], {}, {}, set()
    for i, feature in enumerate(doc["features"]):
        where = f"features[{i}]"
        if not isinstance(feature, dict) or not isinstance(feature.get("properties") or {}, dict):
            problems.append(Problem(shown, None, where, "expected a GeoJSON Feature with a properties object"))
            continue
        props = feature.get("properties") or {}
        raw_code = props.get(districts.code_property)
        if raw_code in (None, ""):
            problems.append(Problem(shown, None, f"{where}.properties.{districts.code_property}",
                                    "missing district code", f"each feature needs '{districts.code_property}'"))
            continue
        code = str(int(raw_code)) if isinstance(raw_code, float) and raw_code.is_integer() else str(raw_code)
        if districts.code_width and code.isdigit():
            code = code.zfill(districts.code_width)
        if districts.keep_only and code not in districts.keep_only:
            continue
        where = f"{where} (code {code})"
        if code in names:
            problems.append(Problem(shown, None, where, "district code used by two features"))
        geom, problem = _geometry(feature.get("geometry"), to_wgs84)
        if geom is not None and not geom.is_valid:
            if not districts.repair:
                problems.append(Problem(shown, None, f"{where}.geometry",
                                        f"invalid geometry: {explain_validity(geom)}",
                                        "correct it in a GIS, or declare districts.repair: true to repair it "
                                        "with make_valid (each repair is listed with its change of area)"))
                continue
            geom, problem = _repaired(geom)
            if geom is not None and notices is not None:
                notices.append(Problem(shown, None, f"{where}.geometry", problem, "districts.repair: true"))
        if geom is None:
            problems.append(Problem(shown, None, f"{where}.geometry", problem))
            continue
        kinds.add("point" if geom.geom_type == "Point" else "polygon")
        codes.append(code)
        names[code] = str(props.get(districts.name_property, code))
        shapes[code] = geom
    problems += [Problem(shown, None, "keep_only", f"no feature has code {code!r}",
                         f"codes in {shown} are in the property '{districts.code_property}'")
                 for code in districts.keep_only if code not in names]
    if len(kinds) > 1:
        problems.append(Problem(shown, None, "features", "mixes points and polygons; use one kind per layer"))
    problems += _far_away(shown, codes, shapes, districts.extent)
    if problems:
        raise ValidationFailed(problems)
    return Geography(kinds.pop() if kinds else "polygon", codes, names, shapes, tuple(districts.extra_codes))


MAX_KM = 300  # from the median of a city's features: a metropolitan area fits; swapped coordinates do not


def _far_away(shown: str, codes: list[str], shapes: dict, extent) -> list[Problem]:
    """Features outside the declared extent, or far from all the others: swapped or mistyped coordinates."""
    if not codes:
        return []
    points = [shapes[c].representative_point() for c in codes]
    lon0 = sorted(p.x for p in points)[len(points) // 2]
    lat0 = sorted(p.y for p in points)[len(points) // 2]
    out = []
    for i, (code, p) in enumerate(zip(codes, points)):
        if extent is not None:
            west, south, east, north = extent
            if not (west <= p.x <= east and south <= p.y <= north):
                out.append(Problem(shown, None, f"features[{i}] (code {code}).geometry",
                                   f"lies outside the city's extent ({p.x:.4f}, {p.y:.4f})",
                                   "coordinates are longitude then latitude (RFC 7946); or correct districts.extent"))
            continue
        km = distance_km(p.x, p.y, lon0, lat0)
        if km > MAX_KM:
            out.append(Problem(shown, None, f"features[{i}] (code {code}).geometry",
                               f"lies {km:,.0f} km from the other features ({p.x:.4f}, {p.y:.4f})",
                               "coordinates are longitude then latitude (RFC 7946): are they swapped? "
                               "If the city really is that large, declare districts.extent"))
    return out


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def bounds(geo: Geography, extent=None, margin: float = 0.1) -> tuple[float, float, float, float]:
    """Where a city's incidents may lie: its declared extent, else its features' bounds and about 10 km."""
    if extent is not None:
        return tuple(extent)
    west, south, east, north = shapely.GeometryCollection(list(geo.shapes.values())).bounds
    return west - margin, south - margin, east + margin, north + margin


def _geometry(geometry, to_wgs84=None) -> tuple[BaseGeometry | None, str]:
    if not geometry:
        return None, "missing geometry"
    try:
        geom = shape(geometry)
        if to_wgs84 is not None:
            geom = shapely.ops.transform(to_wgs84, geom)
    except Exception as err:  # shapely raises several types for malformed input
        return None, f"malformed geometry: {err}"
    if geom.geom_type not in ("Polygon", "MultiPolygon", "Point"):
        return None, f"expected Polygon, MultiPolygon or Point, got {geom.geom_type}"
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        return None, (f"coordinates out of range (bounds {minx:.3f}, {miny:.3f}, {maxx:.3f}, {maxy:.3f}); "
                      "expected longitude/latitude in WGS84")
    return geom, ""


def _repaired(geom: BaseGeometry) -> tuple[BaseGeometry | None, str]:
    """make_valid keeps every part of the input; only its polygons are kept here (a repaired outline can
    also hold the crossing points and lines, which have no area). The area change is measured in an equal-area
    projection centred on the feature, so that it reads in km²."""
    why = explain_validity(geom)
    fixed = shapely.make_valid(geom)
    if fixed.geom_type == "GeometryCollection":
        fixed = shapely.union_all([g for g in fixed.geoms if g.geom_type in ("Polygon", "MultiPolygon")])
    if fixed.is_empty or fixed.geom_type not in ("Polygon", "MultiPolygon"):
        return None, f"invalid geometry ({why}) that make_valid cannot turn into an area"
    c = geom.representative_point()
    laea = pyproj.Transformer.from_crs("EPSG:4326", f"+proj=laea +lon_0={c.x} +lat_0={c.y}", always_xy=True)
    before, after = (shapely.ops.transform(laea.transform, g).area / 1e6 for g in (geom, fixed))
    change = f"{(after - before) / before:+.1%}" if before else "from nothing"
    return fixed, (f"repaired ({why}): area {before:,.3f} km² before, {after:,.3f} km² after ({change})")


DOWNLOAD_BYTES = 2_000_000
"""Published boundaries larger than this are simplified (Districts.full_precision)."""
BYTES_PER_VERTEX = 40  # a vertex as published (write_json, one value per line)


def for_download(geo: Geography, full_precision: bool = False) -> tuple[Geography, float]:
    """The boundaries to publish, and the tolerance they were simplified to in metres (0 if as read): the
    first simplification tried keeps a vertex per 1/16,000 of the city's width (a metre or a few), and each
    halving of that is tried only while the file stays over DOWNLOAD_BYTES."""
    vertices = lambda g: int(shapely.get_num_coordinates(list(g.shapes.values())).sum())  # noqa: E731
    if full_precision or geo.kind != "polygon" or vertices(geo) * BYTES_PER_VERTEX <= DOWNLOAD_BYTES:
        return geo, 0.0
    pixels, out = 16_000, geo
    while pixels >= 500:
        out = simplified(geo, pixels)
        if vertices(out) * BYTES_PER_VERTEX <= DOWNLOAD_BYTES:
            break
        pixels //= 2
    west, south, east, north = shapely.GeometryCollection(list(geo.shapes.values())).bounds
    return out, max(east - west, north - south) / pixels * 111_320 * math.cos(math.radians((south + north) / 2))


def simplified(geo: Geography, pixels: int) -> Geography:
    """The areas with outlines simplified for a map `pixels` wide (a vertex per pixel at most). Neighbours
    are simplified together (GEOS coverage simplification), so a shared border stays one line: no gap or
    overlap opens between districts, as it would if each polygon were simplified on its own."""
    if geo.kind != "polygon" or not geo.codes:
        return geo
    west, south, east, north = shapely.GeometryCollection(list(geo.shapes.values())).bounds
    shapes = shapely.coverage_simplify([geo.shapes[c] for c in geo.codes], max(east - west, north - south) / pixels)
    return replace(geo, shapes=dict(zip(geo.codes, shapes)))


def _prepared(geom, sign: float, precision: int):
    """Round, then wind exterior rings: +1 counter-clockwise, -1 clockwise."""
    if geom.geom_type == "Point":
        return geom
    geom = shapely.set_precision(geom, 10 ** -precision)
    polygons = [orient(p, sign) for p in getattr(geom, "geoms", [geom]) if p.geom_type == "Polygon"]
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def feature_collection(geo: Geography, properties: dict[str, dict], for_vega: bool = False,
                       precision: int = PRECISION) -> dict:
    """GeoJSON with the given properties per code; RFC 7946 unless for_vega."""
    features = []
    for code in geo.codes:
        geom = _prepared(geo.shapes[code], -1.0 if for_vega else 1.0, precision)
        props = {"code": code, "name": geo.names[code], **properties.get(code, {})}
        features.append({"type": "Feature", "properties": props, "geometry": _round_coords(mapping(geom), precision)})
    return {"type": "FeatureCollection", "features": features}


def _round_coords(geometry: dict, precision: int = PRECISION) -> dict:
    def r(c):
        return [round(c[0], precision), round(c[1], precision)] if isinstance(c[0], float | int) else [r(x) for x in c]
    return {"type": geometry["type"], "coordinates": r(list(geometry["coordinates"]))}
