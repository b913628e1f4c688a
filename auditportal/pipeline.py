"""The build, stage by stage: load and validate, compute, draw, write pages and data, run MkDocs, swap.

Problems from every city and dataset are gathered before anything is written, so
`validate` prints them all and a failed build publishes nothing.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import NamedTuple

from . import cache
from .compute import comparison, editions
from .compute.city import compute_city
from .i18n import Locale
from .problems import ConfigProblem, MkDocsFailed, Problem, ValidationFailed
from .read import config, practices, strings
from .read.city import attempt as read_attempt
from .read.city import read_city
from .records import CityBuild, Site
from .schema import Indicator


class RowCount(NamedTuple):
    city: str
    dataset: str
    read: int
    kept: int
    excluded: int


@dataclass
class Summary:
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    rows: list[RowCount] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)  # each published data file and what it was made from
    recomputed: list[str] = field(default_factory=list)  # what was not found in the cache (cache.py)

    def report(self) -> str:
        lines = [f"notice: {n}" for n in self.notices]
        lines.append("rows per dataset (read / kept / excluded by a declared keep_only or drop):")
        for city, ds, read, kept, excluded in self.rows:
            lines.append(f"  {city}/{ds}: {read} / {kept} / {excluded}")
        totals = (sum(r.read for r in self.rows), sum(r.kept for r in self.rows), sum(r.excluded for r in self.rows))
        lines.append("  total: " + " / ".join(map(str, totals)))
        lines += self.gaps
        lines.append("outputs: " + ", ".join(f"{v} {k}" for k, v in self.counts.items()))
        if self.recomputed:
            lines.append("computed (not in the cache): " + ", ".join(self.recomputed))
        lines.append("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in self.seconds.items()))
        return "\n".join(lines)


HEARTBEAT_SECONDS = 30.0


@contextmanager
def stage(summary: Summary, name: str, progress):
    """Times a stage, and says every HEARTBEAT_SECONDS that it is still running: a large boundary file or a
    national portal keeps a stage busy for minutes, and a silent terminal reads as a hung one."""
    progress(f"[{name}] ...")
    start = time.perf_counter()
    done = threading.Event()

    def beat() -> None:
        while not done.wait(HEARTBEAT_SECONDS):
            progress(f"[{name}] still running ({time.perf_counter() - start:.0f} s)")
    threading.Thread(target=beat, daemon=True).start()
    try:
        yield
    finally:
        done.set()
        summary.seconds[name] = summary.seconds.get(name, 0.0) + time.perf_counter() - start


def load_site(root: Path, progress=lambda s: None, store: cache.Cache | None = None,
              only: list[str] | None = None, prepared: bool = False) -> Site:
    """Read and check every input and compute every city (or the cities in `only`, with their earlier
    editions), gathering all problems before failing. A city whose inputs and code are unchanged since a
    build that kept `store` is taken from it. `prepared`: every city must be (a CI matrix prepared them all),
    and one that is not is a problem, not computed here."""
    problems: list[Problem] = []
    notices: list[Problem] = []
    store = store or cache.NoCache()

    attempt = partial(read_attempt, problems)
    portal = attempt(config.load_portal, root, notices)
    registry = attempt(config.load_registry, root, notices) or {}
    locales = attempt(strings.load, root, portal.languages) if portal else None
    cities: list[CityBuild] = []
    problems += config.slug_problems(root)
    archives: list[CityBuild] = []
    code = cache.code_version()
    for slug, current in config.cities_and_editions(root):
        if only is not None and slug.split("/")[0] not in only:
            continue
        key = cache.city_key(root, slug, code)
        found = store.get(slug, key)
        if found is None and prepared:
            problems.append(unprepared(store, slug))
            continue
        if found is None:
            progress(f"  {slug}: reading")
            city_problems: list[Problem] = []
            city_notices: list[Problem] = []
            built = build_city(root, slug, registry, locales, city_problems, city_notices, progress)
            problems += city_problems
            if built is None or city_problems:
                notices += city_notices
                continue
            found = (replace(built, current=current, key=key), city_notices)
            store.put(slug, key, found)
        else:
            progress(f"  {slug}: unchanged, from the cache")
        (cities if current is None else archives).append(found[0])
        notices += found[1]
    # a city that failed to load is known by name, its recommendations unknown (not reported twice)
    recommended: dict[str, set[str] | None] = {slug: None for slug in config.city_slugs(root)} | {
        c.slug: {r.id for r in c.recommendations} for c in cities}
    shared = attempt(practices.load, root, portal.themes if portal else {}, registry or {}, recommended)
    problems += editions.out_of_order(cities, archives)
    if problems or portal is None or locales is None:
        raise ValidationFailed(problems)
    return Site(root, portal, registry, locales, cities, notices, comparisons=comparison.for_portal(cities, registry),
                practices=shared or [], archives=sorted(archives, key=lambda a: (a.current, a.config.edition)))


def unprepared(store: cache.Cache, what: str) -> Problem:
    """A city (or its drawings) that a `prepare` job should have left in the cache and did not."""
    found = "an entry under another key" if store.held(what) else "no entry"
    return Problem(str(store.folder or "the cache"), None, what,
                   f"computed (not in the cache): the merged cache holds {found} for it",
                   "its prepare job failed, its artifact is missing, or it ran on other inputs, code or Python "
                   "than this job; the site is not published from a recomputed city (build --prepared)")


def build_city(root: Path, slug: str, registry: dict[str, Indicator], locales: dict[str, Locale] | None,
               problems: list[Problem], notices: list[Problem], progress=lambda s: None) -> CityBuild | None:
    """One city folder read and checked, then computed; None (with `problems` filled) if it cannot be."""
    inputs = read_city(root, slug, registry, locales, problems, notices, progress)
    if inputs is None:
        return None
    progress(f"  {slug}: computing {len(inputs.config.indicators)} indicators and the figures")
    try:
        return compute_city(inputs, registry)
    except ConfigProblem as err:
        problems.append(config.locate(root, slug, inputs.config, err))
    except ValidationFailed as err:  # a safety-walk place in no district
        problems += err.problems
    return None


def build(root: Path, out: Path, strict: bool = False, progress=print, work: Path | None = None,
          store: cache.Cache | None = None, preview: bool = False, prepared: bool = False) -> Summary:
    """The whole site into `out`. `store` keeps each city's computation and drawings between builds
    (default: work/cache; cache.NoCache() for none). `preview`: for build.py serve, not for publishing (the
    editor at /admin/ also offers the local decap-server). `prepared`: every city and its drawings must be in
    `store` (the merging job of a CI matrix); any that is not fails the build, naming it."""
    # drawing, MkDocs and the offline edition are only needed for a build, not to validate
    from .write import budget, offline, pages, publish, site, sitesize
    from .write.draw import surveychart, walkmap  # the safety walks' map and chart, the survey's intervals
    summary = Summary()
    work = work or root / "build"  # generated Markdown and MkDocs configs; git-ignored
    store = store if store is not None else cache.Cache(work / "cache")
    with stage(summary, "load and validate", progress):
        s = load_site(root, progress, store, prepared=prepared)
    summary.notices = s.notices
    for c in s.cities:
        for slug, t in c.tables.items():
            summary.rows.append(RowCount(c.slug, slug, t.rows_read, t.rows_kept, sum(t.rows_excluded.values())))
        summary.gaps += c.gap_report()
    with stage(summary, "charts and maps", progress):
        draw(s, store, progress, prepared=prepared)
    summary.recomputed = sorted(set(store.misses))
    with stage(summary, "pages", progress):
        rendered = pages.write_all(s, work / "docs")
        walkmap.write_drawings(s, work / "docs")
        surveychart.write_drawings(s, work / "docs")
        summary.counts["pages"] = len(rendered)
    with site.staging(out) as staging:
        with stage(summary, "data", progress):
            summary.written = publish.write_all(s, staging, rendered)
        summary.counts["data files"] = sum(1 for p in summary.written if p.startswith("data/"))
        with stage(summary, "mkdocs", progress):
            site.run_mkdocs(s, work, staging, strict, progress, store, preview)
        with stage(summary, "offline edition", progress):
            summary.counts["bytes of offline edition"] = offline.publish(s, staging, site.build_epoch(s),
                                                                         offline.beside(out))
        if strict:  # the same gates as `build.py check`, before the site replaces the previous one
            with stage(summary, "page weights", progress):
                heavy = budget.over_budget(staging)
            failed = "\n  ".join(["pages over their weight budget (build.py check says the same):", *heavy]) \
                if heavy else sitesize.over_limit(staging, s.portal.max_site_bytes, [c.slug for c in s.cities])
            if failed:
                offline.settle(offline.beside(out), keep=False)
                raise MkDocsFailed(failed)
    offline.settle(offline.beside(out))
    summary.counts["charts"] = sum(1 for c in s.cities for f in c.figures if f.kind == "charts")
    summary.counts["maps"] = sum(1 for c in s.cities for f in c.figures if f.kind in ("maps", "hotspots"))
    summary.counts["cities"] = len(s.cities)
    return summary


def prepare(root: Path, cities: list[str], store: cache.Cache, progress=print) -> None:
    """The half of a build that is done city by city (read, check, compute, draw), for some cities, into
    `store`: a CI matrix runs one job per city, and the job that merges their caches builds the site from
    them as if it had computed every city itself (README, .github/workflows/publish.yml)."""
    known = config.city_slugs(root)
    unknown = [c for c in cities if c not in known]
    if unknown:
        raise ValidationFailed([Problem("cities/", None, "--city", f"no city {c!r}",
                                        f"the cities are: {', '.join(known)}") for c in unknown])
    draw(load_site(root, progress, store, only=cities), store, progress, comparisons=False)


BATCH = 10
"""Cities drawn between two progress lines."""

MAX_JOBS = 256
"""GitHub Actions runs at most this many jobs in one matrix."""


def batches(cities: list[str], max_jobs: int = MAX_JOBS) -> list[list[str]]:
    """The cities in as many `prepare` jobs as they need, at most `max_jobs`: one city per job up to
    `max_jobs` cities, then as even batches as the count allows, in order, each city in exactly one."""
    jobs = min(len(cities), max_jobs)
    size, extra = divmod(len(cities), jobs) if jobs else (0, 0)
    out, start = [], 0
    for i in range(jobs):
        end = start + size + (i < extra)
        out.append(cities[start:end])
        start = end
    return out


def draw(s: Site, store: cache.Cache, progress, comparisons: bool = True, prepared: bool = False) -> None:
    """Every figure of every city and comparison drawn, or taken from the cache where its inputs are
    unchanged; the drawing processes are started only if something needs drawing. `prepared`: every city's
    drawings must be in the cache (load_site)."""
    from .write.draw import drawing
    todo = []
    for c in s.built:
        drawn = store.get(f"{c.slug}/drawings", c.key)
        if drawn is None:
            todo.append(c)
        else:
            s.drawings[c.slug] = drawn
    if prepared and todo:
        raise ValidationFailed([unprepared(store, f"{c.slug}/drawings") for c in todo])
    pool = drawing.Workers()
    try:
        if todo:
            progress(f"  drawing {sum(len(c.figures) for c in todo)} figures of {len(todo)} cities "
                     f"in {len(s.portal.languages)} languages")
        for start in range(0, len(todo), BATCH):  # so that progress shows and memory stays bounded
            batch = todo[start:start + BATCH]
            for slug, drawn in drawing.draw_cities(batch, s.locales, s.portal.languages, pool, store,
                                                      s.portal.png_downloads).items():
                store.put(f"{slug}/drawings", next(c.key for c in batch if c.slug == slug), drawn)
                s.drawings[slug] = drawn
            if len(todo) > BATCH:
                progress(f"  drawn: {min(start + BATCH, len(todo))} of {len(todo)} cities")
        if not comparisons:
            return
        key = cache.combined_key([c.key for c in s.cities])
        drawn = store.get("comparisons", key)
        if drawn is None:
            drawn = drawing.draw_comparisons(s.comparisons, s.locales, s.portal.languages, pool, store)
            store.put("comparisons", key, drawn)
        s.comparison_drawings = drawn
    finally:
        pool.shutdown()
