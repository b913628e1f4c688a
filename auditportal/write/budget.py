"""What a reader's phone receives for each page, and the budgets it must stay within: measured by
`build.py check` and bench, and by `build --strict` on the staged site before it replaces the previous one,
so that the two always agree. Sizes are gzip-compressed, as GitHub Pages sends text files."""
from __future__ import annotations

import gzip
import json
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from pmtiles.reader import MmapSource, Reader

COMPRESSED = {".html", ".css", ".js", ".json", ".jsonld", ".geojson", ".svg", ".csv", ".xml", ".txt", ".md"}
"""File types GitHub Pages sends gzip-compressed."""


@lru_cache(maxsize=4096)
def gzipped(path: Path, mtime_ns: int) -> bytes:
    return gzip.compress(path.read_bytes(), 6, mtime=0)


def compressed_size(path: Path) -> int:
    """Bytes a reader receives for this file: gzipped for text types, as is otherwise."""
    if path.suffix in COMPRESSED:
        return len(gzipped(path, path.stat().st_mtime_ns))
    return path.stat().st_size


# What a reader's phone receives for a page, gzip-compressed as GitHub Pages sends it (the same bytes
# bench.py reports): "first" is the page with what it loads before any optional script or data (its
# stylesheets, scripts and icon); "read" adds everything the page loads, unasked, as it is read top
# to bottom: each figure's image, and for each map the data maps.js fetches when it comes near the
# screen and Leaflet. What a reader asks for is not counted: an interactive chart (Vega and the
# chart's spec, about 300 KB: charts.js), search (Pagefind: search.js), downloads.
FIRST_MEDIAN = 100_000  # the median page of each type, before optional scripts and data
READ = 300_000          # any page, with everything it shows
ONE_FILE = 150_000      # any one file a page fetches without the reader asking for it


def url_of(site: Path, path: Path) -> str:
    rel = path.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def target_file(site: Path, url_path: str, prefix: str = "/") -> Path:
    """The file a URL path serves; `prefix` is the path the site is published under (404 pages use it)."""
    if url_path.startswith(prefix):
        url_path = "/" + url_path[len(prefix):]
    target = site / unquote(url_path).lstrip("/")
    if url_path.endswith("/") or target.is_dir():
        return target / "index.html"
    return target


def page_type(site: Path, url: str) -> str:
    """home, city, findings, tracker, indicator, dataset, comparison or text (every other page)."""
    parts = url.strip("/").split("/")
    if len(parts) <= 1:
        return "home"
    if parts[1] == "compare":
        return "comparison"
    city = (site / parts[0] / parts[1] / "findings" / "index.html").is_file()
    if len(parts) == 2:
        return "city" if city else "text"
    if city and len(parts) == 3 and parts[2] in ("findings", "tracker"):
        return parts[2]
    if city and len(parts) == 4 and parts[2] in ("indicators", "data"):
        return {"indicators": "indicator", "data": "dataset"}[parts[2]]
    return "text"


class _Loads(HTMLParser):
    """What a page loads: at once (stylesheets, scripts, icon, eager images), as it is read (figure
    images), and what the portal's scripts fetch unasked (a map's data, Leaflet)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.first: list[str] = []
        self.read: list[str] = []
        self.basemaps: list[tuple[str, list[float]]] = []
        self.basemap_script = ""    # named once, on <html>, before any map

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and a.get("rel") in ("stylesheet", "icon") or tag == "script" and a.get("src"):
            self.first.append(a.get("href") or a["src"])
        if tag == "img" and a.get("src"):
            (self.read if a.get("loading") == "lazy" else self.first).append(a["src"])
        self.read += [a[k] for k in ("data-geojson", "data-leaflet", "data-leaflet-css") if a.get(k)]
        self.basemap_script = a.get("data-basemap") or self.basemap_script
        if a.get("data-map"):
            config = json.loads(a["data-map"])
            self.read += [config[k] for k in ("outline", "land") if config.get(k)]
            if config.get("basemap"):  # the library that draws it, and the bytes of its first view
                self.read.append(self.basemap_script)
                self.basemaps.append((config["basemap"]["url"], config["bounds"]))


@dataclass(frozen=True)
class Weight:
    first: int              # compressed bytes before optional scripts and data
    read: int               # with everything the page loads unasked as it is read
    files: dict[str, int]   # each file fetched unasked (path from the site root): compressed bytes


def weight(site: Path, page: Path) -> Weight:
    """What a reader's phone receives for one page (see FIRST_MEDIAN); files missing are left to links()."""
    loads = _Loads()
    loads.feed(page.read_text(encoding="utf-8"))
    base = url_of(site, page)
    sizes: dict[str, int] = {}
    own = first = compressed_size(page)
    for group in (loads.first, loads.read):
        for link in group:
            target = target_file(site, urlparse(urljoin(base, link)).path)
            name = target.relative_to(site).as_posix() if target.is_relative_to(site) else str(target)
            if name not in sizes and target.is_file() and not urlparse(link).scheme:
                sizes[name] = compressed_size(target)
                first += sizes[name] if group is loads.first else 0
    for link, bounds in loads.basemaps:
        target = target_file(site, urlparse(urljoin(base, link)).path)
        if target.is_file():
            sizes[target.relative_to(site).as_posix()] = basemap_view(target, bounds)
    return Weight(first, own + sum(sizes.values()), sizes)


MAP_PIXELS = (700, 420)
"""The interactive map's size on a large screen: what its first view of a basemap covers."""


def basemap_view(path: Path, bounds: list[float]) -> int:
    """Bytes a reader fetches from a PMTiles basemap for the map's first view: the first 16 KiB (header and root
    directory, as the pmtiles client reads them) and the tiles covering the map's extent at the zoom Leaflet
    fits it to (or the file's deepest, if shallower). Tiles are served as stored: range requests are not gzipped."""
    with path.open("rb") as f:
        reader = Reader(MmapSource(f))
        header = reader.header()
        west, south, east, north = bounds
        zoom = int(min(header["max_zoom"], max(0, math.floor(math.log2(360 * MAP_PIXELS[0] / 256 / max(east - west,
                                                                                                     1e-6))))))
        (x0, y0), (x1, y1) = _tile(west, north, zoom), _tile(east, south, zoom)
        tiles = sum(len(reader.get(zoom, x, y) or b"") for x in range(x0, x1 + 1) for y in range(y0, y1 + 1))
    return min(path.stat().st_size, 16_384) + tiles


def _tile(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    n = 2 ** zoom
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return min(n - 1, int((lon + 180) / 360 * n)), min(n - 1, max(0, int(y)))


def reader_pages(site: Path) -> list[Path]:
    """Every page a reader opens; the editor under /admin/ is not one."""
    return [p for p in sorted(site.rglob("index.html")) if not url_of(site, p).startswith("/admin/")]


def advice(name: str) -> str:
    """What lightens a file a page fetches unasked, by its kind: the option that fixes it, not just the size."""
    if name.endswith(".geojson"):
        return ("a map's areas, already simplified as far as they stay legible: simplify the boundary file "
                "(districts.file) in a GIS, or keep fewer features (districts.keep_only)")
    if name.endswith(".pmtiles"):
        return "the basemap's first view: cut it with a lower maximum zoom (basemap.file)"
    if name.endswith((".png", ".svg")):
        return "a figure: draw fewer series or areas in it (charts:, maps: in city.yml)"
    return "split the page's content over more pages"


def over_budget(site: Path) -> list[str]:
    """Pages over READ or fetching a file over ONE_FILE unasked, one line each with the file to lighten and
    how; page types whose median page is over FIRST_MEDIAN before optional scripts and data."""
    out, first = [], defaultdict(list)
    for page in reader_pages(site):
        url, w = url_of(site, page), weight(site, page)
        kind = page_type(site, url)
        first[kind].append(w.first)
        reasons = []
        if w.read > READ:
            own = ("the page itself", w.read - sum(w.files.values()))
            name, size = max([*w.files.items(), own], key=lambda f: f[1])
            reasons.append(f"{w.read:,} bytes compressed with all it shows (budget {READ:,}); the largest part is "
                           f"{name} ({size:,} bytes): {advice(name)}")
        reasons += [f"fetches {name} unasked: {size:,} bytes compressed (budget {ONE_FILE:,} for one file): "
                    f"{advice(name)}" for name, size in w.files.items() if size > ONE_FILE]
        if reasons:
            out.append(f"{url} ({kind}): " + "; ".join(reasons))
    for kind, values in sorted(first.items()):
        if statistics.median(values) > FIRST_MEDIAN:
            out.append(f"{kind} pages: the median is {int(statistics.median(values)):,} bytes compressed before "
                       f"optional scripts and data (budget {FIRST_MEDIAN:,})")
    return out
