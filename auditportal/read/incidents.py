"""Incident records: one row per incident, with where and when it happened. The portal never
publishes them as such: it reads them (from CSV or a GeoJSON file of points), dates them in the
city's time zone, and counts them by district, in hotspot grid cells (hotspots.py) and by weekday
and hour. Only those counts, through the disclosure gate, are published.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from ..problems import ValidationFailed
from ..records import Geography, Table
from ..schema import Dataset
from ..tidy import FACTS, KEYS, sum_by
from . import geography
from .cells import RowProblems

POINTS_AT_ONCE = 500_000
NEAREST_DEGREES = 0.002  # about 200 m: a point just outside every polygon (a coastline, a survey error) counts
#                          in the nearest area, and the dataset page says how many did


def read_features(root: Path, rel: str) -> pd.DataFrame:
    """A GeoJSON file of points as a table of text cells, as a CSV would be read: one column per property,
    and geometry_lon and geometry_lat (WGS 84) from each point; `_line` is the feature's number from 1."""
    doc, to_wgs84 = geography.read_collection(root, rel)
    rows = []
    for feature in doc["features"]:
        props = feature.get("properties") or {} if isinstance(feature, dict) else {}
        row = {k: _text(v) for k, v in props.items()}
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        geometry = geometry if isinstance(geometry, dict) else {}
        lon = lat = ""
        if geometry.get("type") == "Point" and len(geometry.get("coordinates") or []) >= 2:
            x, y = geometry["coordinates"][:2]
            if to_wgs84 is not None:
                x, y = to_wgs84(x, y)
            lon, lat = _text(x), _text(y)
        rows.append({**row, "geometry_lon": lon, "geometry_lat": lat})
    return pd.DataFrame(rows).fillna("").astype(str)


def _text(value) -> str:
    if value is None:
        return ""
    return repr(float(value)) if isinstance(value, float) else str(value)


def moments(text: pd.Series, ds: Dataset) -> pd.DataFrame:
    """Each row's local date and time: year, month, weekday (0 Monday) and hour (missing for a date alone);
    NaT where the text is not a date. Times in UTC are converted to the dataset's time zone, unless the
    dataset declares that its 'Z' is wrong (local_times)."""
    cleaned = text.str.strip()
    has_time = cleaned.str.contains("T| \\d", regex=True)
    if ds.local_times:
        cleaned = cleaned.str.replace(r"(Z|[+-]\d\d:?\d\d)$", "", regex=True)
    when = pd.to_datetime(cleaned, errors="coerce", utc=not ds.local_times, format="ISO8601")
    if not ds.local_times and ds.time_zone:
        when = when.dt.tz_convert(ds.time_zone).dt.tz_localize(None)
    elif not ds.local_times:
        when = when.dt.tz_localize(None)
    return pd.DataFrame({"when": when, "weekday": when.dt.weekday, "hour": when.dt.hour.where(has_time)},
                        index=text.index)


def counted(points, geo: Geography, shown: str):
    """Incidents counted in the district whose polygon holds them (the first, in file order, where polygons
    overlap), or the nearest within about 200 m; further away is an error naming the row. The result is a
    district-level table of counts, which is what the dataset publishes."""
    frame = points.frame
    codes, inside = districts_of(frame, geo, shown, f"{points.config.lon_column}, {points.config.lat_column}")
    dims = list(points.dimensions)
    counted_by = {*KEYS, "measure_label", *dims, "value", *FACTS, "_cells"}  # not the coordinates, line or time
    located = frame[[c for c in frame.columns if c in counted_by]].assign(area_code=codes, area_level="district")
    table = sum_by(located, KEYS + ["measure_label", *dims]) if len(located) else located
    table = _with_zeros(table, geo.codes, dims)
    config = replace_config(points.config)
    return Table(points.slug, config, table, dims, points.rows_read, dict(points.rows_excluded),
                 located={"inside": inside, "nearest": len(frame) - inside})


def districts_of(frame: pd.DataFrame, geo: Geography, shown: str, columns: str) -> tuple[np.ndarray, int]:
    """The district holding each point (lon, lat, line), and how many lay inside one rather than near it;
    `columns` names the file's longitude and latitude columns for a point that lies in none. Points are made
    POINTS_AT_ONCE at a time: each is a GEOS geometry of about 100 bytes."""
    shapes = [geo.shapes[c] for c in geo.codes]
    tree = shapely.STRtree(shapes)
    lon, lat = frame["lon"].to_numpy(), frame["lat"].to_numpy()
    area = np.full(len(frame), -1)
    inside = 0
    for start in range(0, len(frame), POINTS_AT_ONCE):
        where = shapely.points(lon[start:start + POINTS_AT_ONCE], lat[start:start + POINTS_AT_ONCE])
        hits = tree.query(where, predicate="intersects")
        order = np.lexsort((hits[1], hits[0]))
        first = pd.Series(hits[1][order]).groupby(hits[0][order]).first()
        part = np.full(len(where), -1)
        part[first.index.to_numpy()] = first.to_numpy()
        inside += int((part >= 0).sum())
        outside = np.flatnonzero(part < 0)
        if len(outside):
            near = tree.query_nearest(where[outside], max_distance=NEAREST_DEGREES, all_matches=False)
            part[outside[near[0]]] = near[1]
        area[start:start + len(where)] = part
    lost = np.flatnonzero(area < 0)
    if len(lost):
        rows = RowProblems(shown)
        for i in lost:
            rows.add(int(frame["line"].iloc[i]), columns, "in no district",
                     f"({frame['lon'].iloc[i]}, {frame['lat'].iloc[i]}) lies in no district of the boundary file",
                     "correct the coordinates, or leave the row out with drop:")
        raise ValidationFailed(rows.all())
    return np.asarray(geo.codes, dtype=object)[area], inside


def _with_zeros(table: pd.DataFrame, codes: list[str], dims: list[str]) -> pd.DataFrame:
    """A district with no incident in a period has a count of 0, not a missing value: one row of 0 per
    district, period and measure without incidents, under the most common category of each dimension (a
    true statement: none of them happened there either)."""
    if table.empty:
        return table
    have = set(zip(table["area_code"], table["period"], table["measure"]))
    usual = {d: table[d].mode().iloc[0] for d in dims}
    templates = table.drop_duplicates(["period", "measure"])
    zeros = [row | {"area_code": code, "value": 0.0, **usual}
             for row in templates.to_dict("records") for code in codes
             if (code, row["period"], row["measure"]) not in have]
    if not zeros:
        return table
    return pd.concat([table, pd.DataFrame(zeros)], ignore_index=True).sort_values(
        ["period", "area_code", "measure"], kind="stable", ignore_index=True)


def replace_config(ds: Dataset) -> Dataset:
    """The dataset as its counts are published: by district."""
    return ds.model_copy(update={"area_level": "district"})
