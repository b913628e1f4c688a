"""`build.py bench`: measured figures, not goals in a timed test. Builds the project into a
temporary folder (site/ is left alone) and prints build time per stage, time per page, and the
weight of each page type, raw and gzipped (what GitHub Pages sends)."""
from __future__ import annotations

import gzip
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from . import checks
from .pipeline import build


def _gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), mtime=0))


def bench(root: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        start = time.perf_counter()
        summary = build(root, site, strict=True, progress=lambda s: None, work=Path(tmp) / "build")
        total = time.perf_counter() - start
        pages = sorted(site.rglob("index.html"))
        print(f"build: {total:.1f} s for {len(pages)} pages ({total / len(pages) * 1000:.0f} ms per page)")
        for name, seconds in summary.seconds.items():
            print(f"  {name}: {seconds:.1f} s")
        weights = defaultdict(list)
        for page in pages:
            weights[checks.page_type(checks.url_of(site, page))].append(checks.page_weight(site, page))
        print("page weight (HTML + CSS + scripts + images loaded), bytes: min / median / max; budget")
        for kind, values in sorted(weights.items()):
            print(f"  {kind:9} {len(values):3} pages: {min(values):>9,} / {int(statistics.median(values)):>9,} / "
                  f"{max(values):>9,}; {checks.BUDGETS[kind]:,}")
        vendor = site / "assets" / "vendor"
        for asset in (vendor / "vega.js", vendor / "leaflet" / "leaflet.js"):
            print(f"  {asset.relative_to(site)}: {asset.stat().st_size:,} bytes, {_gz(asset):,} gzipped")
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        print(f"site: {size / 1e6:.1f} MB in {sum(1 for p in site.rglob('*') if p.is_file())} files")
    return 0
