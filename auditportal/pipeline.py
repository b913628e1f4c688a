"""The build, stage by stage: load and validate, compute, write pages and data, run MkDocs, swap.

Problems from every city and dataset are gathered before anything is written, so
`validate` prints them all and a failed build publishes nothing.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import charts, config, findings, geography, hotspots, i18n, indicators, maps, sources
from .problems import Problem, ValidationFailed


@dataclass(frozen=True)
class CityBuild:
    """Everything computed for one city: the plain values pages and publish read."""
    slug: str
    config: config.City
    geo: geography.Geography | None
    tables: dict[str, sources.Table]
    charts: list[charts.ChartData]
    maps: list[maps.MapData]
    indicators: list[indicators.IndicatorSeries]
    findings: list[findings.Finding]
    recommendations: list[config.Recommendation]
    gaps: dict[str, list[str]]  # dataset -> "name (code)" of mapped areas it has no rows for
    grids: list[hotspots.GridData]

    def gap_report(self) -> list[str]:
        total = len(self.geo.codes) if self.geo else 0
        return [f"{self.slug}/{ds}: no rows for {len(names)} of {total} areas: {', '.join(names)}"
                for ds, names in self.gaps.items() if names]


@dataclass(frozen=True)
class Inputs:
    root: Path
    portal: config.Portal
    registry: dict[str, config.Indicator]
    strings: dict[str, i18n.Strings]
    cities: list[CityBuild]


@dataclass
class Summary:
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    rows: list[tuple[str, str, int, int, int]] = field(default_factory=list)  # city, dataset, read, kept, excluded
    gaps: list[str] = field(default_factory=list)

    def report(self) -> str:
        lines = ["rows per dataset (read / kept / excluded by a declared filter):"]
        for city, ds, read, kept, excluded in self.rows:
            lines.append(f"  {city}/{ds}: {read} / {kept} / {excluded}")
        lines.append("  total: " + " / ".join(str(sum(r[i] for r in self.rows)) for i in (2, 3, 4)))
        lines += self.gaps
        lines.append("outputs: " + ", ".join(f"{v} {k}" for k, v in self.counts.items()))
        lines.append("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in self.seconds.items()))
        return "\n".join(lines)


@contextmanager
def stage(summary: Summary, name: str, progress):
    progress(f"[{name}] ...")
    start = time.perf_counter()
    yield
    summary.seconds[name] = summary.seconds.get(name, 0.0) + time.perf_counter() - start


def load_inputs(root: Path, progress=lambda s: None) -> Inputs:
    """Read and check every input, gathering all problems before failing."""
    problems: list[Problem] = []

    def attempt(fn, *args):
        try:
            return fn(*args)
        except ValidationFailed as err:
            problems.extend(err.problems)
            return None

    portal = attempt(config.load_portal, root)
    registry = attempt(config.load_registry, root) or {}
    strings = attempt(i18n.load, root, portal.languages) if portal else None
    cities = []
    for slug in config.city_slugs(root):
        progress(f"  {slug}: reading")
        city = attempt(config.load_city, root, slug, registry)
        recommendations = attempt(config.load_recommendations, root, slug)
        if city is None:
            continue
        geo = attempt(geography.load, root, city.districts) if city.districts else None
        known = geo.known_codes() if geo else None
        tables = {}
        for ds_slug, ds in city.datasets.items():
            table = attempt(sources.read_dataset, root, ds_slug, ds, known)
            if table is not None:
                tables[ds_slug] = table
        if len(tables) < len(city.datasets) or (city.districts and geo is None) or recommendations is None:
            continue
        try:
            cities.append(compute_city(slug, city, geo, tables, registry, recommendations))
        except ValueError as err:
            problems.append(Problem(f"cities/{slug}/city.yml", None, "", str(err)))
    if problems:
        raise ValidationFailed(problems)
    return Inputs(root, portal, registry, strings, cities)


def compute_city(slug, city, geo, tables, registry, recommendations) -> CityBuild:
    names = dict(geo.names) if geo else {}
    if geo:
        names.update({code: config.tr(text, city.languages[0]) for code, text in city.districts.extra_codes.items()})
    chart_data = [charts.chart_data(c, tables[c.dataset], city, names) for c in city.charts]
    map_data = [maps.map_data(m, tables[m.dataset], tables[m.population.dataset] if m.population else None, geo, city)
                for m in city.maps]
    series = [indicators.compute(choice.id, registry[choice.id], choice, tables, city, names)
              for choice in city.indicators]
    found = [f for c in chart_data for f in findings.for_chart(c)]
    for m in map_data:
        found += findings.map_highest(m) + findings.concentration(m.spec.id, m.table, m.measure_col)
    gaps = {ds: _missing_areas(geo, set(t.frame["area_code"]))
            for ds, t in tables.items() if geo and t.config.area_level in ("district", "station")}
    grids = [hotspots.grid_data(spot, tables[spot.dataset], city) for spot in city.hotspots]
    for g in grids:
        found += findings.concentration(g.map.spec.id, g.map.table)
    return CityBuild(slug, city, geo, tables, chart_data, map_data, series, found, recommendations, gaps, grids)


def _missing_areas(geo, present: set[str]) -> list[str]:
    return [f"{geo.names[code]} ({code})" for code in geo.codes if code not in present]


def build(root: Path, out: Path, strict: bool = False, progress=print, work: Path | None = None) -> Summary:
    from . import pages, publish, site  # drawing and MkDocs are only needed for a build, not to validate
    summary = Summary()
    with stage(summary, "load and validate", progress):
        inputs = load_inputs(root, progress)
    for c in inputs.cities:
        for slug, t in c.tables.items():
            summary.rows.append((c.slug, slug, t.rows_read, t.rows_kept, sum(t.rows_excluded.values())))
        summary.gaps += c.gap_report()
    work = work or root / "build"  # generated Markdown and MkDocs configs; git-ignored
    with stage(summary, "charts and maps", progress):
        drawings = pages.draw_all(inputs, progress)
    with stage(summary, "pages", progress):
        summary.counts["pages"] = pages.write_all(inputs, drawings, work / "docs")
    with site.staging(out) as staging:
        with stage(summary, "data", progress):
            summary.counts.update(publish.write_all(inputs, staging))
        with stage(summary, "mkdocs", progress):
            site.run_mkdocs(inputs, work, staging, strict, progress)
    summary.counts["charts"] = sum(len(c.charts) for c in inputs.cities)
    summary.counts["maps"] = sum(len(c.maps) + len(c.grids) for c in inputs.cities)
    summary.counts["cities"] = len(inputs.cities)
    return summary
