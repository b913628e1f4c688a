"""Helpers shared by the tests: the problems a call reports, and line numbers found in a text
rather than written down, so that editing a fixture does not silently shift every expectation."""
from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "project"
SHARED = ["portal.yml", "indicators.yml", "mkdocs.yml", "content", "templates", "overrides"]
sys.path.insert(0, str(ROOT))

from auditportal.problems import ValidationFailed  # noqa: E402


def make_project(dest: Path) -> Path:
    """A whole project: the fixture city beside the repository's own shared files and templates."""
    dest.mkdir(parents=True)
    for name in SHARED:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")  # the pinned browser libraries
    shutil.copytree(FIXTURE / "cities", dest / "cities")
    shutil.copytree(FIXTURE / "data", dest / "data")
    shutil.copytree(FIXTURE / "practices", dest / "practices")
    return dest


def two_cities(dest: Path) -> Path:
    """The fixture project with a second city, `minitwo`: minicali's folder and data under another id."""
    root = make_project(dest)
    shutil.copytree(root / "cities" / "minicali", root / "cities" / "minitwo")
    shutil.copytree(root / "data" / "minicali", root / "data" / "minitwo")
    yml = root / "cities" / "minitwo" / "city.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("minicali/", "minitwo/"), encoding="utf-8")
    return root


def hashes(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def quiet(_message: str) -> None:
    pass


def problems(fn, *args, **kwargs) -> list[str]:
    """The problems `fn` reports, as printed; fails the test if it reports none."""
    with pytest.raises(ValidationFailed) as caught:
        fn(*args, **kwargs)
    return [str(p) for p in caught.value.problems]


def line(text: str, needle: str, after: str = "") -> int:
    """The 1-based line of the first `needle` in `text` (after the first `after`, if given)."""
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


NUMBER = r"-?\d+\.\d+"


def published_texts(site):
    """Every text a build publishes, with its name: pages, data, specs, SVGs and each zip member."""
    import zipfile
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    yield f"{path.name}:{name}", z.read(name).decode("utf-8", errors="ignore")
        elif path.suffix in (".csv", ".json", ".geojson", ".jsonld", ".html", ".svg", ".md", ".xml"):
            yield str(path.relative_to(site)), path.read_text(encoding="utf-8", errors="ignore")


def leaked_points(site, points: list[tuple[float, float]], places: int = 5) -> list[str]:
    """Files in which some source point's longitude and latitude appear side by side (to `places` decimals,
    about a metre), in either order: [lon, lat], a CSV row, {"lat": .., "lon": ..}. Side by side, because
    boundary files hold thousands of numbers, and a point's longitude and latitude may each be some vertex's."""
    import re

    import numpy as np

    def key(a, b):
        return (np.rint(np.asarray(a) * 10**places).astype(np.int64) << 32) + np.rint(
            np.asarray(b) * 10**places).astype(np.int64)
    known = key([p[0] for p in points], [p[1] for p in points])
    leaks = []
    for name, text in published_texts(site):
        numbers = np.array(re.findall(NUMBER, text), dtype=float)
        found: set[int] = set()
        a, b = numbers[:-1], numbers[1:]
        for pair in (key(a, b), key(b, a)):
            found.update(np.flatnonzero(np.isin(known, pair)).tolist())
        if found:
            leaks.append(f"{name}: {len(found)} points, e.g. {points[min(found)]}")
    return leaks


def refit(t) -> tuple[float, float, float]:
    """A trend chart's average annual change and its 95 % interval, from its CSV, as the methodology page
    says: a Poisson regression of the yearly counts on time, per day of each year, widened where the counts are
    overdispersed (quasi-Poisson, t intervals)."""
    import numpy as np
    import statsmodels.api as sm
    years = t["period"].astype(int).to_numpy()
    days = np.array([366.0 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 365.0 for y in years])
    exog = sm.add_constant(years + 0.5 - (years + 0.5).mean())
    model = sm.GLM(t["value"].to_numpy(float), exog, family=sm.families.Poisson(), offset=np.log(days))
    fit = model.fit()
    if fit.pearson_chi2 / fit.df_resid > 1:
        fit = model.fit(scale="X2", use_t=True)
    low, high = np.asarray(fit.conf_int())[1]
    pct = lambda b: (np.exp(b) - 1) * 100  # noqa: E731
    return pct(np.asarray(fit.params)[1]), pct(low), pct(high)


def mvt_square(layer: str = "earth") -> bytes:
    """A Mapbox Vector Tile holding one polygon that fills the tile, in layer `layer` (what a basemap draws as
    land), encoded by hand with the protobuf wire format: enough for a test to see a basemap drawn."""
    def varint(n: int) -> bytes:
        out = b""
        while True:
            byte, n = n & 0x7F, n >> 7
            out += bytes([byte | (0x80 if n else 0)])
            if not n:
                return out

    def field(number: int, wire: int, payload: bytes) -> bytes:
        return varint(number << 3 | wire) + (varint(len(payload)) + payload if wire == 2 else payload)

    def zigzag(n: int) -> int:
        return (n << 1) ^ (n >> 31)

    extent = 4096
    commands = [9, zigzag(0), zigzag(0), 26, zigzag(extent), zigzag(0), zigzag(0), zigzag(extent),
                zigzag(-extent), zigzag(0), 15]  # MoveTo, LineTo x3, ClosePath
    feature = field(3, 0, varint(3)) + field(4, 2, b"".join(varint(c) for c in commands))
    tile_layer = (field(15, 0, varint(2)) + field(1, 2, layer.encode()) + field(2, 2, feature)
                  + field(5, 0, varint(extent)))
    return field(3, 2, tile_layer)


def write_pmtiles(path: Path, bounds: tuple[float, float, float, float], max_zoom: int = 2) -> None:
    """A small PMTiles basemap (pmtiles' own writer): every tile from zoom 0 to `max_zoom` the same land square,
    its header's bounds `bounds` (west, south, east, north)."""
    import gzip

    from pmtiles.tile import Compression, TileType, zxy_to_tileid
    from pmtiles.writer import Writer
    tile = gzip.compress(mvt_square(), mtime=0)
    with path.open("wb") as f:
        writer = Writer(f)
        for z in range(max_zoom + 1):
            for x in range(2 ** z):
                for y in range(2 ** z):
                    writer.write_tile(zxy_to_tileid(z, x, y), tile)
        west, south, east, north = bounds
        writer.finalize({"tile_type": TileType.MVT, "tile_compression": Compression.GZIP, "min_zoom": 0,
                         "max_zoom": max_zoom, "min_lon_e7": int(west * 1e7), "min_lat_e7": int(south * 1e7),
                         "max_lon_e7": int(east * 1e7), "max_lat_e7": int(north * 1e7), "center_zoom": 0,
                         "center_lon_e7": int((west + east) / 2 * 1e7),
                         "center_lat_e7": int((south + north) / 2 * 1e7)},
                        {"vector_layers": [{"id": "earth", "fields": {}}], "attribution": "test tiles"})
