"""Draw every figure in every language: its Vega-Lite spec (for the interactive layer) and the
static SVG rendered from that spec (what every reader sees first, with or without JavaScript).

Drawing is the most expensive stage, so each figure is drawn exactly once per language, and the work
(vl-convert does not run two renders at once in one process) is spread over one process per core: a
city in one language is one job, its specs made in the worker too; a drawing made before from the same
spec is taken from the cache (cache.py).
"""
from __future__ import annotations

import multiprocessing
import os
import re
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import pandas as pd
import shapely
import vl_convert

from ...cache import Cache, render_key
from ...compute import indicators
from ...compute.charts import unit as chart_unit
from ...i18n import VEGA_LOCALE, Locale
from ...records import CityBuild, Drawing, Figure
from ...schema import tr
from . import charts, maps, narrow


def labels(city: CityBuild, fig: Figure, loc: Locale) -> dict[str, str]:
    """Readable names of what a figure's table holds: breakdown values and measures, and for a chart of
    several lines, the areas or the datasets they come from."""
    fallbacks = city.config.languages
    out = loc.labels(city.tables[fig.dataset].config, fallbacks)
    chart = fig.chart
    if chart is not None and chart.against is not None:  # each line: what it counts
        measure = chart.measures[0] if len(chart.measures) == 1 else ""
        out |= {chart.dataset: out.get(measure, loc.text(city.tables[chart.dataset].config.title, fallbacks)),
                chart.against.dataset: loc.text(chart.against.label, fallbacks)}
    elif "line" in fig.table:
        for t in city.tables.values():
            out |= t.area_names
    return out


def spec(fig: Figure, city: CityBuild, loc: Locale) -> dict | None:
    """The figure's spec in one language; None for a figure that is a table only."""
    ds = city.tables[fig.dataset].config
    fallbacks = city.config.languages
    if fig.chart is not None:
        shown = loc.worded(fig.table, ds.period_notes, fallbacks)
        return charts.spec(fig.chart, shown, loc, labels(city, fig, loc), chart_unit(fig.chart, ds))
    if fig.kind == "indicators" and fig.series is not None:
        unit = fig.series.indicator.unit
        target = fig.series.choice.target
        label = loc("target_label", value=loc.number(target.value, indicators.DECIMALS[unit]),
                    year=target.year) if target else ""
        return charts.indicator_spec(loc.worded(fig.table, ds.period_notes, fallbacks), tr(fig.title, loc.lang),
                                     charts.axis_title(unit, loc), (target.value, target.year) if target else None,
                                     label, loc)
    if fig.kind == "breakdowns" and fig.series is not None:
        dim = breakdown_of(fig)
        unit = fig.series.indicator.unit
        return charts.breakdown_spec(loc.worded(fig.table, ds.period_notes, fallbacks), dim,
                                     loc("breakdown_title", name=tr(fig.title, loc.lang),
                                         breakdown=loc(f"breakdown_{dim}")),
                                     charts.axis_title(unit, loc), labels(city, fig, loc),
                                     indicators.DECIMALS[unit], loc)
    if fig.layer is None:
        return None
    return maps.spec(fig.layer, fig.table, tr(fig.title, loc.lang), map_keys(fig, city, loc)[fig.layer.value_col],
                     loc)


def breakdown_of(fig: Figure) -> str:
    """The breakdown an indicator's breakdown figure is by (sex, age_group, weapon): its table's second column."""
    return str(fig.table.columns[1])


def map_keys(fig: Figure, city: CityBuild, loc: Locale) -> dict[str, maps.Key]:
    """The legend of each column a map can show (its default, and the one a click away), in one language."""
    assert fig.layer is not None
    unit = "" if fig.unit in (None, "count") else loc("map_rate") if fig.kind == "maps" else loc(f"unit_{fig.unit}")
    k = city.config.disclosure.suppress_below - 1
    return {col: maps.key(fig.layer, fig.table, col, unit, loc, k)
            for col in filter(None, (fig.layer.value_col, fig.layer.alternative))}


def svg(vl_spec: dict, lang: str) -> str:
    drawn = vl_convert.vegalite_to_svg(vl_spec, vl_version=charts.VL_VERSION, format_locale=VEGA_LOCALE[lang])
    return _numbered(drawn)


def _numbered(drawn: str) -> str:
    """Gradient ids numbered from 1 within each SVG: Vega counts them per process, so the same figure
    would otherwise get another id depending on what its worker drew before, and builds would differ."""
    ids: dict[str, str] = {}
    return re.sub(r"gradient_\d+", lambda m: ids.setdefault(m.group(0), f"gradient_{len(ids) + 1}"), drawn)


def draw_spec(job: tuple[dict, str, Path | None, bool]) -> Drawing:
    """A spec drawn in one language (its SVG, narrow SVG and, if asked, PNG: portal.yml's png_downloads),
    taken from the cache folder if it was drawn before, else rendered and kept there; runs in a worker process."""
    vl_spec, lang, folder, png = job
    store, key = Cache(folder), render_key(vl_spec, lang, png)
    found = store.recall(key)
    if found is None:
        wide = svg(vl_spec, lang)
        bitmap = vl_convert.svg_to_png(wide, scale=1.5) if png else None
        found = wide, narrow.svg(vl_spec, lambda s: svg(s, lang)), bitmap
        store.keep(key, found)
    return Drawing(vl_spec, *found)


class Workers:
    """Rendering processes, one per core, started on the first batch worth sending them (none on one
    core). Spawned, not forked: the parent may already hold vl-convert's runtime."""

    def __init__(self):
        self.n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        self.pool: Executor | None = None

    def map(self, fn, jobs: list, chunksize: int = 1):
        if self.n < 2 or len(jobs) < 2:
            return map(fn, jobs)
        if self.pool is None:
            self.pool = ProcessPoolExecutor(self.n, mp_context=multiprocessing.get_context("spawn"))
        return self.pool.map(fn, jobs, chunksize=chunksize)

    def shutdown(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()


def render_all(specs: dict, pool: Workers | None, store: Cache | None = None) -> dict:
    """{key: (spec, lang)} drawn, in the keys' order, whichever process draws them; a spec drawn before
    in the same language is taken from `store` (so a changed city redraws only the figures that changed); no PNG
    (the comparisons' charts have none)."""
    jobs = [(vl_spec, lang, store.folder if store else None, False) for vl_spec, lang in specs.values()]
    return dict(zip(specs, pool.map(draw_spec, jobs, chunksize=4) if pool else map(draw_spec, jobs)))


def comparison_table(comp, group: int, lang: str) -> pd.DataFrame:
    """One group of a comparison as drawn: each city's values by period, the city by its name."""
    names = {e.city.slug: tr(e.city.config.name, lang, e.city.config.languages) for g in comp.groups for e in g}
    t = comp.table[comp.table["group"] == group]
    return t.assign(name=t["city"].map(names)).sort_values(["period", "name"])[
        ["period", "name", "value", "lower", "upper", "flag"]]


LATEST = "latest"  # a comparison's second drawing: each city's latest value as a bar
MAP = "map"  # and its third: the same values on a map, where every city has a map of its own areas


def comparison_latest(comp, lang: str) -> pd.DataFrame:
    """Each charted city's latest complete value (its latest value, where every period is partial), as the
    comparison's table and CSV hold it and each city's indicator page heads with it."""
    t = comparison_table(comp, 1, lang).dropna(subset=["value"])
    partial = t["flag"].fillna("").str.contains("partial")
    rows = [(g[~partial.loc[g.index]] if (~partial.loc[g.index]).any() else g).iloc[-1] for _, g in t.groupby("name")]
    return pd.DataFrame(rows, columns=t.columns).sort_values("name").reset_index(drop=True)


def comparison_places(comp, lang: str) -> pd.DataFrame | None:
    """The latest values with where each city lies (the middle of its areas' bounds), or None if a city has no
    areas to place it by."""
    t = comparison_latest(comp, lang)
    names = {e.city.slug: tr(e.city.config.name, lang, e.city.config.languages) for e in comp.charted}
    where = {}
    for e in comp.charted:
        if e.city.geo is None or not e.city.geo.shapes:
            return None
        west, south, east, north = shapely.total_bounds(list(e.city.geo.shapes.values()))
        where[names[e.city.slug]] = ((west + east) / 2, (south + north) / 2)
    return t.assign(lon=t["name"].map(lambda n: where[n][0]), lat=t["name"].map(lambda n: where[n][1]))


def draw_comparisons(comparisons: list, locales: dict[str, Locale], languages: list[str],
                     pool: Workers | None = None, store: Cache | None = None) -> dict:
    """Every comparison's chart (its first group: the comparable cities) drawn in each language, keyed
    (indicator id, 1, lang); the cities of other groups are listed beside it, not drawn."""
    out: dict[tuple[str, int | str, str], tuple[dict, str]] = {}
    for lang in languages:
        loc = locales[lang]
        for comp in comparisons:
            if comp.charted:
                title = loc.text(comp.indicator.name)
                drawn = charts.comparison_spec(comparison_table(comp, 1, lang), title,
                                               charts.axis_title(comp.indicator.unit, loc), loc)
                out[(comp.id, 1, lang)] = (drawn, lang)
                if len(comp.charted) > 1:
                    unit = comp.indicator.unit
                    out[(comp.id, LATEST, lang)] = (charts.latest_spec(
                        comparison_latest(comp, lang), loc("compare_latest_title", name=title),
                        charts.axis_title(unit, loc), indicators.DECIMALS[unit], loc), lang)
                    places = comparison_places(comp, lang)
                    if places is not None:
                        out[(comp.id, MAP, lang)] = (maps.cities_spec(
                            places, loc("compare_map_title", name=title), charts.axis_title(unit, loc),
                            indicators.DECIMALS[unit], loc), lang)
    return render_all(out, pool, store)


def draw_cities(cities: list[CityBuild], locales: dict[str, Locale], languages: list[str],
                pool: Workers | None = None, store: Cache | None = None, png: bool = False) -> dict[str, dict]:
    """Every figure of these cities drawn in each language: {city: {(kind, id, lang): Drawing}}. Each city
    in each language is one job for a drawing process, specs included (making Altair specs costs as much
    as rendering them); the processes look up and keep drawings in `store` themselves. `png`: each also as a PNG."""
    folder = store.folder if store else None
    jobs = [(_for_drawing(c), locales[lang], lang, folder, png) for c in cities for lang in languages]
    out: dict[str, dict] = {c.slug: {} for c in cities}
    for (city, *_), drawn in zip(jobs, pool.map(draw_city, jobs) if pool else map(draw_city, jobs)):
        out[city.slug].update(drawn)
    return out


def _for_drawing(city: CityBuild) -> CityBuild:
    """What drawing reads of a city, without what is large and never drawn (the incident records, the
    published datasets), since each job is sent to another process."""
    return replace(city, points={}, datasets={}, revisions={})


def draw_city(job: tuple[CityBuild, Locale, str, Path | None, bool]) -> dict[tuple[str, str, str], Drawing]:
    """Every figure of one city drawn in one language, keyed by (kind, id, lang); runs in a worker."""
    city, loc, lang, folder, png = job
    out: dict[tuple[str, str, str], Drawing] = {}
    for fig in city.figures:
        vl_spec = spec(fig, city, loc)
        if vl_spec is not None:
            out[(fig.kind, fig.id, lang)] = draw_spec((vl_spec, lang, folder, png))
    return out
