"""Hotspot maps: incidents counted in square grid cells, never shown as points.

Cells are squares of `cell_m` metres on a local equirectangular grid anchored at the city's
south-west corner (accurate to well under 1 % across a city). The disclosure rule applies per
cell: a cell with 1 to k-1 incidents is left out of the published grid altogether, since even
a shaded empty cell would say that something happened there; how many cells and incidents were
left out is stated under the map.
"""
from __future__ import annotations

import math

import pandas as pd
import shapely

from ..problems import ConfigProblem
from ..records import Geography, Table
from ..schema import City, Hotspot
from . import disclosure

METRES_PER_DEGREE = 111_320.0


def cell_index(lon: pd.Series, lat: pd.Series, cell_m: int, origin: tuple[float, float]) -> pd.DataFrame:
    """Column and row of the cell holding each point."""
    lon0, lat0 = origin
    scale_x = METRES_PER_DEGREE * math.cos(math.radians(lat0))
    return pd.DataFrame({"col": ((lon - lon0) * scale_x // cell_m).astype(int),
                         "row": ((lat - lat0) * METRES_PER_DEGREE // cell_m).astype(int)})


def cell_box(col: int, row: int, cell_m: int, origin: tuple[float, float]):
    lon0, lat0 = origin
    dx = cell_m / (METRES_PER_DEGREE * math.cos(math.radians(lat0)))
    dy = cell_m / METRES_PER_DEGREE
    return shapely.box(lon0 + col * dx, lat0 + row * dy, lon0 + (col + 1) * dx, lat0 + (row + 1) * dy)


def grid_counts(points: pd.DataFrame, cell_m: int, suppress_below: int) -> tuple[pd.DataFrame, int, int]:
    """Counts per cell, the cells under the threshold removed; returns (cells, hidden cells, hidden events)."""
    origin = (math.floor(points["lon"].min() * 100) / 100, math.floor(points["lat"].min() * 100) / 100)
    idx = cell_index(points["lon"], points["lat"], cell_m, origin)
    counts = points.assign(col=idx["col"], row=idx["row"]).groupby(["col", "row"])["value"].sum().reset_index()
    small = (counts["value"] > 0) & (counts["value"] < suppress_below)
    hidden = counts[small]
    shown = counts[~small].copy()
    shown["cell"] = shown["col"].astype(str) + "_" + shown["row"].astype(str)
    boxes = [cell_box(c, r, cell_m, origin) for c, r in zip(shown["col"], shown["row"])]
    shown["lon_min"] = [round(b.bounds[0], 6) for b in boxes]
    shown["lat_min"] = [round(b.bounds[1], 6) for b in boxes]
    shown["lon_max"] = [round(b.bounds[2], 6) for b in boxes]
    shown["lat_max"] = [round(b.bounds[3], 6) for b in boxes]
    shown["shape"] = boxes
    return shown.reset_index(drop=True), len(hidden), int(counts.loc[hidden.index, "value"].sum())


def grid(spot: Hotspot, source: Table, city: City) -> tuple[pd.DataFrame, Geography, int, int]:
    """The published cells (table and shapes) and how many cells and incidents were left out."""
    rows = source.frame[source.frame["measure"].isin(spot.measures)].dropna(subset=["value"])
    if spot.period:
        rows = rows[rows["period"].astype(str).str.startswith(spot.period)]
    if rows.empty:
        raise ConfigProblem("hotspots", spot.id, "measures", f"dataset '{spot.dataset}' has no rows for "
                            f"measures {spot.measures}" + (f" in {spot.period}" if spot.period else ""),
                            "measure ids come from the dataset's measure_map")
    cells, hidden_cells, hidden_events = grid_counts(rows, spot.cell_m, city.disclosure.suppress_below)
    period = spot.period or f"{rows['period_start'].min()[:7]} – {rows['period_end'].max()[:7]}"
    out = pd.DataFrame({"area_code": cells["cell"], "area_name": cells["cell"], "period": period,
                        "value": cells["value"].astype(float), "lon_min": cells["lon_min"],
                        "lat_min": cells["lat_min"], "lon_max": cells["lon_max"], "lat_max": cells["lat_max"]})
    out = disclosure.drop_small(out, city.disclosure)  # none is left: the small cells are out already
    geo = Geography("polygon", list(cells["cell"]), dict(zip(cells["cell"], cells["cell"])),
                    dict(zip(cells["cell"], cells["shape"])))
    return out, geo, hidden_cells, hidden_events
