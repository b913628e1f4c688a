"""The build, stage by stage: load and validate, compute, draw, write pages and data, run MkDocs, swap.

Problems from every city and dataset are gathered before anything is written, so
`validate` prints them all and a failed build publishes nothing.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from . import cache, i18n, schema
from .compute import figures, findings, indicators, walks
from .problems import ConfigProblem, Problem, ValidationFailed
from .read import citycheck, config, geography, incidents, practices, sources

_MISSING = object()


@dataclass(frozen=True)
class CityBuild:
    """Everything computed for one city: the plain values pages and publish read."""
    slug: str
    config: schema.City
    geo: geography.Geography | None
    tables: dict[str, sources.Table]
    indicators: list[indicators.IndicatorSeries]
    figures: list[figures.Figure]
    findings: list[findings.Finding]
    recommendations: list[schema.Recommendation]
    gaps: dict[str, list[str]]  # dataset -> "name (code)" of mapped areas it has no rows for
    timespan: tuple[str, str, date] | None  # first and last periods of its counts, and the last day covered
    datasets: dict[str, pd.DataFrame]  # each dataset as published (not incident points), through the gate
    description: schema.Text  # city.yml's description, each language overridden by description.<lang>.md
    points: dict[str, sources.Table]  # incident records, one row each (never published; counted)
    revisions: dict[str, pd.DataFrame]  # dataset -> values its newer releases changed, as published
    walks: list[walks.WalkSet] = field(default_factory=list)  # safety-walk records, through the gate
    current: str | None = None  # for an earlier edition: the id of the city's current edition
    key: str = ""  # the hash of everything it was made from (cache.py)

    def figure(self, key: tuple[str, str], default=_MISSING):
        """The figure with this (kind, id)."""
        for fig in self.figures:
            if fig.key == key:
                return fig
        if default is _MISSING:
            raise KeyError(key)
        return default

    def gap_report(self) -> list[str]:
        total = len(self.geo.codes) if self.geo else 0
        return [f"{self.slug}/{ds}: no rows for {len(names)} of {total} areas: {', '.join(names)}"
                for ds, names in self.gaps.items() if names]


@dataclass
class Site:
    """The whole portal once computed; drawings are added by the draw stage."""
    root: Path
    portal: schema.Portal
    registry: dict[str, schema.Indicator]
    locales: dict[str, i18n.Locale]
    cities: list[CityBuild]
    notices: list[Problem] = field(default_factory=list)   # deprecated keys and other warnings
    drawings: dict[str, dict] = field(default_factory=dict)  # city -> (kind, id, lang) -> Drawing
    comparisons: list = field(default_factory=list)  # comparison.Comparison per reported indicator
    practices: list = field(default_factory=list)  # practices.Shared, in file-name order
    archives: list[CityBuild] = field(default_factory=list)  # earlier editions, oldest first per city

    def editions(self, slug: str) -> list[CityBuild]:
        """A city's earlier editions, oldest first."""
        return [a for a in self.archives if a.current == slug]

    @property
    def built(self) -> list[CityBuild]:
        """Every city folder built: current editions, then earlier ones."""
        return self.cities + self.archives
    comparison_drawings: dict = field(default_factory=dict)  # (indicator id, group, lang) -> Drawing


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


@contextmanager
def stage(summary: Summary, name: str, progress):
    progress(f"[{name}] ...")
    start = time.perf_counter()
    yield
    summary.seconds[name] = summary.seconds.get(name, 0.0) + time.perf_counter() - start


def load_site(root: Path, progress=lambda s: None, store: cache.Cache | None = None,
              only: list[str] | None = None) -> Site:
    """Read and check every input and compute every city (or the cities in `only`, with their earlier
    editions), gathering all problems before failing. A city whose inputs and code are unchanged since a
    build that kept `store` is taken from it."""
    problems: list[Problem] = []
    notices: list[Problem] = []
    store = store or cache.NoCache()

    attempt = partial(_attempt, problems)
    portal = attempt(config.load_portal, root, notices)
    registry = attempt(config.load_registry, root, notices) or {}
    locales = attempt(i18n.load, root, portal.languages) if portal else None
    cities: list[CityBuild] = []
    problems += config.slug_problems(root)
    archives: list[CityBuild] = []
    code = cache.code_version()
    for slug, current in config.cities_and_editions(root):
        if only is not None and slug.split("/")[0] not in only:
            continue
        key = cache.city_key(root, slug, code)
        found = store.get(slug, key)
        if found is None:
            progress(f"  {slug}: reading")
            city_problems: list[Problem] = []
            city_notices: list[Problem] = []
            built = read_city(root, slug, registry, locales, city_problems, city_notices, progress)
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
    if problems or portal is None or locales is None:
        raise ValidationFailed(problems)
    from .compute.comparison import for_portal  # it reads CityBuild, defined here
    return Site(root, portal, registry, locales, cities, notices, comparisons=for_portal(cities, registry),
                practices=shared or [], archives=sorted(archives, key=lambda a: (a.current, a.config.edition)))


def _attempt(problems: list[Problem], fn, *args):
    """fn(*args), or None with its problems added to `problems`: every problem is gathered before failing."""
    try:
        return fn(*args)
    except ValidationFailed as err:
        problems.extend(err.problems)
        return None


LARGE_FILE = 20_000_000
"""Bytes from which reading a file is reported as it starts and ends, so that a long read shows the build
is alive."""


def read_city(root: Path, slug: str, registry, locales, problems: list[Problem],
              notices: list[Problem], progress=lambda s: None) -> CityBuild | None:
    """One city folder read, checked and computed; None (with `problems` filled) if it cannot be."""
    attempt = partial(_attempt, problems)

    city = attempt(config.load_city, root, slug, registry, notices)
    recommendations = attempt(config.load_recommendations, root, slug, notices)
    if city is None:
        return None
    problems += citycheck.sources_files(root, city)
    problems += citycheck.findings_headings(root, slug, city, locales) if locales else []
    geo = attempt(geography.load, root, city.districts) if city.districts else None
    known = geo.known_codes() if geo else None
    extent = geography.bounds(geo, city.districts.extent) if geo and city.districts else None
    tables = {}
    for ds_slug, ds in city.datasets.items():
        limits = (city.period.start, city.period.end, city.updated)
        path = root / "data" / ds.file
        size = path.stat().st_size if path.is_file() else 0
        started = time.perf_counter()
        if size >= LARGE_FILE:
            progress(f"  {slug}/{ds_slug}: reading data/{ds.file} ({size / 1e6:,.0f} MB)")
        table = attempt(sources.read_dataset, root, ds_slug, ds, known, limits, extent, geo.names if geo else None)
        if table is not None:
            tables[ds_slug] = table
            if size >= LARGE_FILE:
                progress(f"  {slug}/{ds_slug}: {table.rows_read:,} rows read and checked "
                         f"in {time.perf_counter() - started:.0f} s")
    if len(tables) < len(city.datasets) or (city.districts and geo is None) or recommendations is None:
        return None
    notices += citycheck.unmapped_population(slug, city, geo, tables)
    walk_sets = attempt(walks.for_city, slug, city, tables, geo, recommendations)
    if walk_sets is None:
        return None
    # incident records are counted; safety walks are places, published as such (walks.py)
    points = {slug: t for slug, t in tables.items() if t.config.area_level == "point" and not t.config.walk}
    if geo is not None and geo.kind == "polygon":  # incidents are published as counts by district
        for ds_slug, t in points.items():
            if len(t.frame) >= 100_000:
                progress(f"  {slug}/{ds_slug}: counting {len(t.frame):,} incident records by district")
            tables[ds_slug] = attempt(incidents.counted, t, geo, f"data/{t.config.file}") or t
    progress(f"  {slug}: computing {len(city.indicators)} indicators and the figures")
    try:
        return replace(compute_city(root, slug, city, geo, tables, points, registry, recommendations),
                       walks=walk_sets)
    except ConfigProblem as err:
        problems.append(config.locate(root, slug, city, err))
        return None


def compute_city(root: Path, slug, city, geo, tables, points, registry, recommendations) -> CityBuild:
    names = dict(geo.names) if geo else {}
    if geo and city.districts:
        names.update({code: schema.tr(text, city.languages[0]) for code, text in city.districts.extra_codes.items()})
    for t in tables.values():  # areas outside the districts file (the states of a national survey)
        names.update({code: name for code, name in t.area_names.items() if code not in names})
    area_names = {**names, **{t.config.area_code: schema.tr(t.config.area_name or city.name, city.languages[0])
                              for t in tables.values() if t.config.area_code}}
    series = [indicators.compute(choice.id, registry[choice.id], choice, tables, names) for choice in city.indicators]
    published = figures.for_city(city, tables, points, geo, names, area_names, series)
    found = findings.distinct([f for fig in published.figures for f in findings.for_figure(fig, city.disclosure)])
    gaps = {ds: _missing_areas(geo, set(t.frame["area_code"]))
            for ds, t in tables.items() if geo and t.config.area_level in ("district", "station")}
    return CityBuild(slug, city, geo, tables, published.series, published.figures, found, recommendations, gaps,
                     sources.timespan(list(tables.values())), published.datasets, description(root, slug, city), points,
                     published.revisions)


def description(root: Path, slug: str, city: schema.City) -> schema.Text:
    """The city's description: city.yml's, and for each language a `description.<lang>.md` beside it where
    one exists (what the browser editor writes, so that city.yml itself stays a reviewed config)."""
    texts = dict(city.description) if isinstance(city.description, dict) else {city.languages[0]: city.description}
    for path in sorted((root / "cities" / slug).glob("description.*.md")):
        text = path.read_text(encoding="utf-8").strip()
        if text:
            texts[path.name.split(".")[1]] = " ".join(text.split())
    return texts


def _missing_areas(geo, present: set[str]) -> list[str]:
    return [f"{geo.names[code]} ({code})" for code in geo.codes if code not in present]


def build(root: Path, out: Path, strict: bool = False, progress=print, work: Path | None = None,
          store: cache.Cache | None = None) -> Summary:
    """The whole site into `out`. `store` keeps each city's computation and drawings between builds
    (default: work/cache; cache.NoCache() for none)."""
    # drawing, MkDocs and the offline edition are only needed for a build, not to validate
    from .write import offline, pages, publish, site
    from .write.draw import walkmap  # walkmap: the safety walks' map and chart
    summary = Summary()
    work = work or root / "build"  # generated Markdown and MkDocs configs; git-ignored
    store = store if store is not None else cache.Cache(work / "cache")
    with stage(summary, "load and validate", progress):
        s = load_site(root, progress, store)
    summary.notices = s.notices
    for c in s.cities:
        for slug, t in c.tables.items():
            summary.rows.append(RowCount(c.slug, slug, t.rows_read, t.rows_kept, sum(t.rows_excluded.values())))
        summary.gaps += c.gap_report()
    with stage(summary, "charts and maps", progress):
        draw(s, store, progress)
    summary.recomputed = sorted(set(store.misses))
    with stage(summary, "pages", progress):
        rendered = pages.write_all(s, work / "docs")
        walkmap.write_drawings(s, work / "docs")
        summary.counts["pages"] = len(rendered)
    with site.staging(out) as staging:
        with stage(summary, "data", progress):
            summary.written = publish.write_all(s, staging, rendered)
        summary.counts["data files"] = sum(1 for p in summary.written if p.startswith("data/"))
        with stage(summary, "mkdocs", progress):
            site.run_mkdocs(s, work, staging, strict, progress, store)
        with stage(summary, "offline edition", progress):
            summary.counts["bytes of offline edition"] = offline.publish(s, staging, site.build_epoch(s))
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


def draw(s: Site, store: cache.Cache, progress, comparisons: bool = True) -> None:
    """Every figure of every city and comparison drawn, or taken from the cache where its inputs are
    unchanged; the drawing processes are started only if something needs drawing."""
    from .write.draw import drawing
    pool = drawing.Workers()
    try:
        todo = []
        for c in s.built:
            drawn = store.get(f"{c.slug}/drawings", c.key)
            if drawn is None:
                todo.append(c)
            else:
                s.drawings[c.slug] = drawn
        if todo:
            progress(f"  drawing {sum(len(c.figures) for c in todo)} figures of {len(todo)} cities "
                     f"in {len(s.portal.languages)} languages")
        for start in range(0, len(todo), BATCH):  # so that progress shows and memory stays bounded
            batch = todo[start:start + BATCH]
            for slug, drawn in drawing.draw_cities(batch, s.locales, s.portal.languages, pool, store).items():
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
