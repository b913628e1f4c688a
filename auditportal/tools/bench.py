"""`build.py bench`: measured figures, not goals in a timed test. Builds the project into a
temporary folder (site/ is left alone) and prints build time per stage, time per page, and what a
reader receives for each page type, gzip-compressed as GitHub Pages sends it (write/budget.py): before
optional scripts and data, and with everything the page shows, the data maps fetch included.
With --synthetic, the project is synthetic.py's cities at the chosen scale instead of this one's."""
from __future__ import annotations

import resource
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from .. import cache
from ..pipeline import build
from ..write import budget, sitesize, urls
from . import lighthouse, synthetic

PRE_BUILD = ("load and validate", "charts and maps", "pages", "data")
"""The stages before MkDocs, compared with the MkDocs build on the same site."""


def bench(root: Path, with_lighthouse: bool = False, synthetic_scale: tuple[int, int, int, int] | None = None) -> int:
    """synthetic_scale: (cities, years, incident rows in all, seed), or None for this project."""
    with tempfile.TemporaryDirectory() as tmp:
        if synthetic_scale:
            cities, years, incidents, seed = synthetic_scale
            started = time.perf_counter()
            root = synthetic.project(root, Path(tmp) / "project", cities, years, incidents, seed)
            print(f"synthetic project: {cities} cities x {years} years, {incidents:,} incident rows, seed {seed} "
                  f"(written in {time.perf_counter() - started:.1f} s, not counted below)")
        site = Path(tmp) / "site"
        start = time.perf_counter()
        summary = build(root, site, strict=True, progress=lambda s: None, work=Path(tmp) / "build")
        total = time.perf_counter() - start
        pages = budget.reader_pages(site)
        print(f"build: {total:.1f} s for {len(pages)} pages ({total / len(pages) * 1000:.0f} ms per page)")
        for name, seconds in summary.seconds.items():
            print(f"  {name}: {seconds:.1f} s")
        pre = sum(summary.seconds.get(name, 0) for name in PRE_BUILD)
        print(f"  stages before MkDocs / MkDocs: {pre:.1f} / {summary.seconds['mkdocs']:.1f} s = "
              f"{pre / summary.seconds['mkdocs']:.1f}")
        print(f"figures: {summary.counts['charts']} charts, {summary.counts['maps']} maps; peak memory "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (this process), "
              f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB (largest child)")
        for line in weights(site, pages):
            print(line)
        print(rebuilt(root, site, Path(tmp) / "build"))
        print(size_lines(site, summary.counts["bytes of offline edition"], summary.counts["cities"]))
        if with_lighthouse:  # one page of each type, when the project has the real cities' pages
            paths = [p for p in lighthouse.PAGES.values() if (site / p.strip("/") / "index.html").is_file()]
            for line in lighthouse.lines(lighthouse.run(site, paths, runs=3)):
                print(line)
    return 0


def size_lines(site: Path, offline_bytes: int, cities: int) -> str:
    """The site's bytes and files, per city, its largest contributors, and the offline edition (in the site or
    beside it: portal.yml's offline_url)."""
    sizes = sitesize.files(site)
    total = sum(sizes.values())
    where = "in the site" if urls.offline_zip() in sizes else "beside the site, not counted"
    largest = ", ".join(f"{name} {sitesize.megabytes(size)}" for name, size in sitesize.contributors(sizes)[:6])
    return (f"site: {total / 1e6:.1f} MB in {len(sizes)} files, {total / 1e6 / max(cities, 1):.1f} MB per city "
            f"({cities} cities); offline edition {offline_bytes / 1e6:.1f} MB ({where})\n  largest: {largest}")


def rebuilt(root: Path, site: Path, work: Path) -> str:
    """The same build again after one city changed so that every one of its figures and the comparisons
    must be redrawn (the worst case for one city): its entries, its figures' and the comparisons' drawings
    are taken out of the cache, which is what such a change does to their keys (cache.py)."""
    folder = work / "cache"
    city = sorted(p.name.removesuffix("~drawings") for p in folder.glob("*~drawings"))[0]
    store = cache.Cache(folder)
    store.drop(city)
    for what in (f"{city}/drawings", "comparisons"):
        for (*_, lang), drawing in store.drop(what).items():
            store.forget(cache.render_key(drawing.spec, lang, drawing.png is not None))
    start = time.perf_counter()
    summary = build(root, site, strict=True, progress=lambda s: None, work=work)
    stages = ", ".join(f"{name} {seconds:.1f}" for name, seconds in summary.seconds.items())
    return (f"rebuild after one city changed, every figure of it redrawn ({city}; the others from the cache): "
            f"{time.perf_counter() - start:.1f} s ({stages})")


def weights(site: Path, pages: list[Path]) -> list[str]:
    """Compressed bytes per page type (min / median / max), the largest file fetched unasked, and what
    a reader gets on asking: an interactive chart, search."""
    first, read, largest = defaultdict(list), defaultdict(list), (0, "")
    for page in pages:
        w = budget.weight(site, page)
        kind = budget.page_type(site, budget.url_of(site, page))
        first[kind].append(w.first)
        read[kind].append(w.read)
        largest = max([largest, *[(size, name) for name, size in w.files.items()]])
    out = [f"what a page sends, gzip-compressed, bytes (min / median / max): before optional scripts and data "
           f"(budget: median {budget.FIRST_MEDIAN:,}) | with all it shows unasked (budget {budget.READ:,})"]
    for kind in sorted(first):
        a, b = first[kind], read[kind]
        out.append(f"  {kind:10} {len(a):3} pages: {min(a):>7,} / {int(statistics.median(a)):>7,} / {max(a):>7,} | "
                   f"{min(b):>7,} / {int(statistics.median(b)):>7,} / {max(b):>7,}")
    out.append(f"  largest file fetched unasked: {largest[1]}, {largest[0]:,} bytes (budget {budget.ONE_FILE:,})")
    vega = site / "assets" / "vendor" / "vega.js"
    out.append(f"  on asking for an interactive chart: {vega.relative_to(site)}, "
               f"{budget.compressed_size(vega):,} bytes")
    pagefind = site / "pagefind"
    ui = sum(budget.compressed_size(pagefind / n) for n in ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js"))
    index = sum(p.stat().st_size for p in (pagefind / "index").iterdir()) + sum(
        p.stat().st_size for p in pagefind.glob("*.pf_meta"))
    out.append(f"  on opening search: {ui:,} bytes of interface; the index, all languages, {index:,} bytes in "
               f"{sum(1 for _ in (pagefind / 'index').iterdir())} chunks (a query fetches a few)")
    return out
