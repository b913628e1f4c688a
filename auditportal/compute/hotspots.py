"""Hot spots: where incidents cluster more than chance would put them, found as crime analysts find them (the
optimized hot-spot analysis of common GIS packages), and never shown as points.

1. Cells. A square grid over the city's districts (or, without district polygons, over the incidents' extent),
   on a local equirectangular projection anchored at the south-west corner (accurate to well under 1 % across a
   city). Its side comes from the data: twice the average distance from each distinct incident location to its
   nearest neighbour (the scale at which incidents sit together), but no smaller than gives MAX_CELLS cells over
   the area (a grid a phone can draw) and no larger than leaves MIN_CELLS (below which Gi* says little); a city
   may declare its own side instead.
2. Counts per cell, zeros included: an empty cell is part of the pattern.
3. Getis-Ord Gi* of every cell over itself and its eight neighbours (esda.G_Local, star, binary weights from
   libpysal): its sign says hot or cold. Its significance is read from the exact distribution of the same
   statistic under complete spatial randomness (every incident equally likely in any cell): the count in a
   cell's neighbourhood is then binomial. esda's other two readings fail here: 999 permutations cannot give a
   p-value small enough to survive the correction below over thousands of cells, and the normal approximation
   of sparse counts called 11 to 38 % of random patterns hot.
4. False discovery rate: the p-values are corrected for testing every cell at once (esda.fdr) at 90, 95 and 99 %.
5. Classes: hot or cold at 99, 95 or 90 % confidence, or not significant; every cell's class is published.

Counts pass the disclosure gate: a cell's count is published only where it is not 1 to k-1 and cannot be worked
out from the grid's stated total and the districts' totals (published elsewhere), which the gate treats as fixed.
The gate works on the incidents of each cell within each district, so a cell across two districts is protected
from both. What the analysis cannot show: why a place is hot, a trend over time, or anything about the victims;
and incidents recorded at a district's centre or a police station pull that cell up.
"""
from __future__ import annotations

import math

import esda
import libpysal
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import cKDTree
from scipy.stats import binom

from ..problems import ConfigProblem
from ..read import incidents
from ..records import Geography, Table
from ..schema import City, Hotspot
from . import disclosure

METRES_PER_DEGREE = 111_320.0
MAX_CELLS = 2_000
MIN_CELLS = 30
LEVELS = ((99, 0.01), (95, 0.05), (90, 0.10))
CLASSES = ["hot_99", "hot_95", "hot_90", "not_significant", "cold_90", "cold_95", "cold_99"]
"""Every class a cell may have, hottest first (the legend's order)."""


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


def cell_side(lon: np.ndarray, lat: np.ndarray, area_m2: float) -> int:
    """The grid's side in metres, from the data (see the module's docstring), rounded up to 50 m."""
    kx = METRES_PER_DEGREE * math.cos(math.radians(float(np.mean(lat))))
    xy = np.unique(np.c_[lon * kx, lat * METRES_PER_DEGREE].round(), axis=0)
    nearest = cKDTree(xy).query(xy, k=2)[0][:, 1].mean() if len(xy) > 1 else 0.0
    side = max(2 * nearest, math.sqrt(area_m2 / MAX_CELLS))
    side = min(side, math.sqrt(area_m2 / MIN_CELLS))
    return int(math.ceil(side / 50) * 50)


def classes(counts: np.ndarray, centres: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Each cell's class, and its two-sided p-value, from the counts of cells whose centres (in cell units)
    are `centres`."""
    w = libpysal.weights.DistanceBand(centres.astype(float), threshold=1.5, binary=True, silence_warnings=True)
    gi = esda.G_Local(counts.astype(float), w, transform="B", star=True, permutations=0)
    around = counts + w.sparse @ counts  # each cell's neighbourhood, itself included
    share = (np.asarray(w.sparse.sum(axis=1)).ravel() + 1) / len(counts)
    total = counts.sum()
    p = np.minimum(1.0, 2 * np.minimum(binom.sf(around - 1, total, share), binom.cdf(around, total, share)))
    out = np.array(["not_significant"] * len(counts), dtype=object)
    for level, alpha in LEVELS:
        threshold = esda.fdr(p, alpha)
        found = (p <= threshold) & (out == "not_significant")
        out[found] = np.where(np.asarray(gi.Zs)[found] > 0, f"hot_{level}", f"cold_{level}")
    return list(out), p


def grid(spot: Hotspot, source: Table, city: City, geo: Geography | None) -> tuple[pd.DataFrame, Geography, int, int]:
    """The published grid (table and shapes), the side of its cells and how many cells' counts are withheld."""
    rows = source.frame[source.frame["measure"].isin(spot.measures)].dropna(subset=["value"])
    if spot.period:
        rows = rows[rows["period"].astype(str).str.startswith(spot.period)]
    if rows.empty:
        raise ConfigProblem("hotspots", spot.id, "measures", f"dataset '{spot.dataset}' has no rows for "
                            f"measures {spot.measures}" + (f" in {spot.period}" if spot.period else ""),
                            "measure ids come from the dataset's measure_map")
    polygons = geo if geo is not None and geo.kind == "polygon" else None
    region = (shapely.union_all(list(polygons.shapes.values())) if polygons else
              shapely.convex_hull(shapely.multipoints(rows[["lon", "lat"]].to_numpy())))
    ds = source.config
    districts = incidents.districts_of(rows, polygons, f"data/{ds.file}", f"{ds.lon_column}, {ds.lat_column}")[0] \
        if polygons else ""
    # the grid covers every incident: one counted in a district it lies just outside of too
    west, south = min(region.bounds[0], rows["lon"].min()), min(region.bounds[1], rows["lat"].min())
    east, north = max(region.bounds[2], rows["lon"].max()), max(region.bounds[3], rows["lat"].max())
    kx = METRES_PER_DEGREE * math.cos(math.radians((south + north) / 2))
    area = shapely.area(region) * kx * METRES_PER_DEGREE
    side = spot.cell_m or cell_side(rows["lon"].to_numpy(), rows["lat"].to_numpy(), area)
    origin = (math.floor(west * 100) / 100, math.floor(south * 100) / 100)
    far = cell_index(pd.Series([east]), pd.Series([north]), side, origin).iloc[0]
    cols, rws = np.meshgrid(np.arange(far["col"] + 1), np.arange(far["row"] + 1), indexing="ij")
    boxes = [cell_box(c, r, side, origin) for c, r in zip(cols.ravel(), rws.ravel())]
    inside = shapely.intersects(region, shapely.centroid(boxes)) if len(boxes) else np.zeros(0, bool)
    at = cell_index(rows["lon"], rows["lat"], side, origin)
    held = set(zip(at["col"], at["row"]))  # a cell holding an incident is in, wherever its centre falls
    keep = [i for i, (c, r) in enumerate(zip(cols.ravel(), rws.ravel())) if inside[i] or (c, r) in held]
    cells = pd.DataFrame({"col": cols.ravel()[keep], "row": rws.ravel()[keep]})
    cells["cell"] = "c" + cells["col"].astype(str) + "_" + cells["row"].astype(str)
    shapes = [boxes[i] for i in keep]
    position = {(c, r): i for i, (c, r) in enumerate(zip(cells["col"], cells["row"]))}
    rows = rows.assign(_cell=[position[(c, r)] for c, r in zip(at["col"], at["row"])], area_code=districts)
    counts = np.bincount(rows["_cell"], weights=rows["value"], minlength=len(cells))
    found, _ = classes(counts, cells[["col", "row"]].to_numpy())
    names = _districts(shapes, polygons)
    period = spot.period or f"{rows['period_start'].min()[:7]} – {rows['period_end'].max()[:7]}"
    table = pd.DataFrame({
        "area_code": cells["cell"], "area_name": names, "period": period, "value": counts, "class": found,
        "lon_min": [round(b.bounds[0], 6) for b in shapes], "lat_min": [round(b.bounds[1], 6) for b in shapes],
        "lon_max": [round(b.bounds[2], 6) for b in shapes], "lat_max": [round(b.bounds[3], 6) for b in shapes]})
    gated = _gated(table, rows, polygons is not None, city)
    shown = Geography("polygon", list(table["area_code"]), dict(zip(table["area_code"], names)),
                      dict(zip(table["area_code"], shapes)))
    return gated, shown, side, disclosure_count(gated)


def disclosure_count(t: pd.DataFrame) -> int:
    return int(t["value"].isna().sum())


def _districts(shapes: list, polygons: Geography | None) -> list[str]:
    """The district each cell's centre lies in (the nearest for a cell whose centre is just outside), so that a
    reader hears a place, never a cell's internal id."""
    if polygons is None:
        return [""] * len(shapes)
    codes = polygons.codes
    tree = shapely.STRtree([polygons.shapes[c] for c in codes])
    centres = shapely.centroid(shapes)
    nearest = tree.query_nearest(centres, all_matches=False)
    found = np.full(len(shapes), -1)
    found[nearest[0]] = nearest[1]
    return [polygons.names[codes[i]] if i >= 0 else "" for i in found]


def _gated(table: pd.DataFrame, rows: pd.DataFrame, by_district: bool, city: City) -> pd.DataFrame:
    """The grid through the gate. Its cells are the incidents of one cell within one district, so that a
    district's published total, less the cells shown in it, never gives a withheld cell away."""
    atoms = rows.groupby(["_cell", "area_code"], sort=True)["value"].sum().reset_index()
    atoms["_i"] = range(len(atoms))
    per_cell = atoms.groupby("_cell")["_i"].agg(tuple)
    traced = table.assign(**{disclosure.CELLS: [per_cell.get(i, ()) for i in range(len(table))]})
    releases = [disclosure.Release(traced, total=True)]
    if by_district:  # each district's total over these incidents may be published with its map: a fixed number
        for _, part in atoms.groupby("area_code"):
            if part["value"].sum() < city.disclosure.suppress_below:  # withheld wherever it would stand
                continue
            row = pd.DataFrame({"period": [table["period"].iloc[0]], "value": [part["value"].sum()],
                                disclosure.CELLS: [tuple(part["_i"])]})
            releases.append(disclosure.Release(row, total=True))
    return disclosure.protect(len(atoms), np.zeros(len(atoms), dtype=int), releases, city.disclosure)[0]
