"""One city folder read and checked: its city.yml and recommendations, its districts, every dataset it
declares (large files reported as they are read), its safety-walk records, its own surveys' exports, and its
incident records counted by district. Every problem of the folder is gathered before the city is given up."""
from __future__ import annotations

import time
from functools import partial
from pathlib import Path

from ..i18n import Locale
from ..problems import Problem, ValidationFailed
from ..records import CityInputs, Table
from ..schema import City, Indicator, Text
from . import citycheck, config, geography, incidents, sources, survey_export, walks

LARGE_FILE = 20_000_000
"""Bytes from which reading a file is reported as it starts and ends, so that a long read shows the build
is alive."""


def attempt(problems: list[Problem], fn, *args):
    """fn(*args), or None with its problems added to `problems`: every problem is gathered before failing."""
    try:
        return fn(*args)
    except ValidationFailed as err:
        problems.extend(err.problems)
        return None


def read_city(root: Path, slug: str, registry: dict[str, Indicator], locales: dict[str, Locale] | None,
              problems: list[Problem], notices: list[Problem], progress=lambda s: None) -> CityInputs | None:
    """One city folder read and checked; None (with `problems` filled) if it cannot be."""
    attempt_ = partial(attempt, problems)

    city = attempt_(config.load_city, root, slug, registry, notices)
    recommendations = attempt_(config.load_recommendations, root, slug, notices,
                               [c.id for c in city.indicators] if city else None)
    if city is None:
        return None
    problems += citycheck.sources_files(root, city)
    problems += citycheck.findings_headings(root, slug, city, locales) if locales else []
    geo = attempt_(geography.load, root, city.districts, notices) if city.districts else None
    problems += citycheck.basemap(root, city, geo)
    known = geo.known_codes() if geo else None
    extent = geography.bounds(geo, city.districts.extent) if geo and city.districts else None
    tables: dict[str, Table] = {}
    for ds_slug, ds in city.datasets.items():
        limits = (city.period.start, city.period.end, city.updated)
        path = root / "data" / ds.file
        size = path.stat().st_size if path.is_file() else 0
        started = time.perf_counter()
        if size >= LARGE_FILE:
            progress(f"  {slug}/{ds_slug}: reading data/{ds.file} ({size / 1e6:,.0f} MB)")
        table = attempt_(sources.read_dataset, root, ds_slug, ds, known, limits, extent, geo.names if geo else None)
        if table is not None:
            tables[ds_slug] = table
            if size >= LARGE_FILE:
                progress(f"  {slug}/{ds_slug}: {table.rows_read:,} rows read and checked "
                         f"in {time.perf_counter() - started:.0f} s")
    if len(tables) < len(city.datasets) or (city.districts and geo is None) or recommendations is None:
        return None
    notices += citycheck.unmapped_population(slug, city, geo, tables)
    participants = attempt_(walks.participants, slug, city, tables, recommendations)
    if participants is None:
        return None
    width = city.districts.code_width if city.districts else None
    surveys = {s: attempt_(survey_export.read, root, s, survey, geo, width) for s, survey in city.surveys.items()}
    if None in surveys.values():  # the export's problems are said, and nothing is estimated from it
        return None
    # incident records are counted; safety walks are places, published as such (compute/walks.py)
    points = {slug: t for slug, t in tables.items() if t.config.area_level == "point" and not t.config.walk}
    if geo is not None and geo.kind == "polygon":  # incidents are published as counts by district
        for ds_slug, t in points.items():
            if len(t.frame) >= 100_000:
                progress(f"  {slug}/{ds_slug}: counting {len(t.frame):,} incident records by district")
            counted = attempt_(incidents.counted, t, geo, f"data/{t.config.file}")
            if counted is None:  # a record in no district: said, and nothing computed from the uncounted rows
                return None
            tables[ds_slug] = counted
    return CityInputs(slug, city, recommendations, description(root, slug, city), geo, tables, points, participants,
                      {s: r for s, r in surveys.items() if r is not None})


def description(root: Path, slug: str, city: City) -> Text:
    """The city's description: city.yml's, and for each language a `description.<lang>.md` beside it where
    one exists (what the browser editor writes, so that city.yml itself stays a reviewed config)."""
    texts = dict(city.description) if isinstance(city.description, dict) else {city.languages[0]: city.description}
    for path in sorted((root / "cities" / slug).glob("description.*.md")):
        text = path.read_text(encoding="utf-8").strip()
        if text:
            texts[path.name.split(".")[1]] = " ".join(text.split())
    return texts
