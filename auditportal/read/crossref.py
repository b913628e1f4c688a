"""References between the parts of one city.yml, and from it to indicators.yml and data/:
each must name something that exists. Rules within one model live in the model itself."""
from __future__ import annotations

import difflib
import json
import zoneinfo
from importlib import resources
from pathlib import Path

from ..problems import Problem, ValidationFailed
from ..schema.city import City, Districts
from ..schema.portal import Indicator
from . import datafiles, questionnaire, yamlfile


def cross_check(city: City, lines: dict, shown: str, root: Path, registry: dict[str, Indicator]) -> list[Problem]:
    problems: list[Problem] = []

    def bad(loc: tuple, message: str, choices=()):
        close = difflib.get_close_matches(str(_get(city, loc)), list(choices), n=1)
        hint = f"did you mean '{close[0]}'?" if close else ("known: " + ", ".join(sorted(choices)) if choices else "")
        problems.append(Problem(shown, yamlfile.line_of(lines, loc), ".".join(map(str, loc)), message, hint))

    datasets = city.datasets
    points = city.districts is not None and _is_points(root, city.districts)
    protected = set(city.disclosure.protected_measures)
    if city.population and city.population.dataset not in datasets:
        bad(("population", "dataset"), "no such dataset", datasets)
    for i, choice in enumerate(city.indicators):
        if choice.id not in registry:
            bad(("indicators", i, "id"), "no such indicator in indicators.yml", registry)
        elif choice.dataset in datasets:
            indicator, ds = registry[choice.id], datasets[choice.dataset]
            wanted = {**indicator.numerator.where, **(indicator.denominator.where if indicator.denominator else {})}
            for dim in wanted:
                if dim not in ds.dimensions:
                    bad(("indicators", i, "dataset"), f"indicator '{choice.id}' needs breakdown '{dim}', "
                        f"which dataset '{choice.dataset}' does not have", ds.dimensions)
        if choice.dataset not in datasets:
            bad(("indicators", i, "dataset"), "no such dataset", datasets)
        if choice.population and choice.population.dataset not in datasets:
            bad(("indicators", i, "population", "dataset"), "no such dataset", datasets)
    for kind in ("charts", "maps"):
        seen = set()
        for i, item in enumerate(getattr(city, kind)):
            if item.id in seen:
                bad((kind, i, "id"), f"id used by another of the {kind}")
            seen.add(item.id)
            if item.dataset not in datasets:
                bad((kind, i, "dataset"), "no such dataset", datasets)
            elif kind == "charts" and item.dimension and item.dimension not in datasets[item.dataset].dimensions:
                bad((kind, i, "dimension"), f"dataset '{item.dataset}' has no such dimension",
                    datasets[item.dataset].dimensions)
    polygons = city.districts is not None and not points
    for i, m in enumerate(city.maps):
        level = datasets[m.dataset].area_level if m.dataset in datasets else None
        if level is not None and level not in ("district", "station") and not (level == "point" and polygons):
            bad(("maps", i, "dataset"), "a map needs a district- or station-level dataset, or incident records "
                "and district polygons to count them in")
        if m.population and m.population.dataset not in datasets:
            bad(("maps", i, "population", "dataset"), "no such dataset", datasets)
        if city.districts is None:
            bad(("maps", i, "dataset"), "a map needs a 'districts' layer in this city.yml")
        if set(m.measures) & protected and points:
            bad(("maps", i, "measures"), f"protected measure(s) {sorted(set(m.measures) & protected)} cannot be "
                "drawn at points; show them in a table or on an area map")
    for i, spot in enumerate(city.hotspots):
        if spot.dataset not in datasets:
            bad(("hotspots", i, "dataset"), "no such dataset", datasets)
        elif datasets[spot.dataset].area_level != "point":
            bad(("hotspots", i, "dataset"), "a hotspot map needs a point-level dataset")
        if set(spot.measures) & protected:
            bad(("hotspots", i, "measures"), f"protected measure(s) {sorted(set(spot.measures) & protected)} cannot "
                "be mapped below district level")
    for i, chart in enumerate(city.charts):
        if chart.dataset in datasets and chart.type == "weekday_hour" and not datasets[chart.dataset].date_column:
            bad(("charts", i, "type"), "a weekday-hour chart needs incident records with date_column (and times)")
    walks = {slug for slug, ds in datasets.items() if ds.walk}
    for kind in ("charts", "maps", "hotspots", "indicators"):
        for i, item in enumerate(getattr(city, kind)):
            if item.dataset in walks:
                bad((kind, i, "dataset"), "a safety-walk dataset is shown on the city's safety-walks page (its map "
                    "and summary), not in charts, maps, hotspots or indicators")
    for slug, sv in city.surveys.items():
        rec = sv.recorded
        if rec is None:
            continue
        if rec.dataset not in datasets:
            bad(("surveys", slug, "recorded", "dataset"), "no such dataset", datasets)
        elif datasets[rec.dataset].area_level not in ("district", "point"):
            bad(("surveys", slug, "recorded", "dataset"), "recorded crime is compared district by district: "
                "a district-level dataset, or incident records counted by district")
        for i, crime in enumerate(rec.crimes):
            if crime not in questionnaire.CRIMES:
                bad(("surveys", slug, "recorded", "crimes", i), "no such crime type in the questionnaire",
                    questionnaire.CRIMES)
    for slug, ds in datasets.items():
        for other in ds.differs_from:
            if other not in datasets or other == slug:
                others = [d for d in datasets if d != slug]
                close = difflib.get_close_matches(other, others, n=1)
                problems.append(Problem(shown, yamlfile.line_of(lines, ("datasets", slug, "differs_from", other)),
                                        f"datasets.{slug}.differs_from.{other}", "no other dataset with this id",
                                        f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(others)))
        if ds.time_zone and ds.time_zone not in zoneinfo.available_timezones():
            problems.append(Problem(shown, yamlfile.line_of(lines, ("datasets", slug, "time_zone")),
                                    f"datasets.{slug}.time_zone", f"no such time zone: {ds.time_zone!r}",
                                    _zones_hint(ds.time_zone, city.country)))
        if ds.area_level in ("district", "station") and city.districts is None:
            bad(("datasets", slug, "area_level"), "district-level data needs a 'districts' layer in this city.yml")
    for loc, rel in _files(city):
        try:
            datafiles.resolve(root, rel)
        except datafiles.Refused as why:
            bad(loc, str(why))
    return problems


def _zones_hint(name: str, country: str) -> str:
    """The IANA names of the city's country's time zones (tzdata's zone.tab), with the region each covers:
    a name in the city's own language (America/Ciudad_de_Mexico) is nearest to none of them by spelling."""
    rows = [line.split("\t") for line in (resources.files("tzdata.zoneinfo") / "zone.tab").read_text(
        encoding="utf-8").splitlines() if line and not line.startswith("#")]
    zones = [(r[2], r[3] if len(r) > 3 else "") for r in rows if r[0] == country.upper()]
    close = difflib.get_close_matches(name, sorted(zoneinfo.available_timezones()), n=1, cutoff=0.85)
    if close or len(zones) == 1:
        return f"did you mean '{close[0] if close else zones[0][0]}'? (a name from the IANA time zone database)"
    if zones:
        return (f"the IANA time zones of {country.upper()}: "
                + ", ".join(f"{z} ({where})" if where else z for z, where in zones))
    return f"did you mean '{close[0]}'?" if close else "use an IANA name such as America/Bogota"


def _files(city: City):
    if city.districts:
        yield ("districts", "file"), city.districts.file
    for slug, ds in city.datasets.items():
        yield ("datasets", slug, "file"), ds.file
    if city.basemap:
        yield ("basemap", "file"), city.basemap.file


def _is_points(root: Path, districts: Districts) -> bool:
    try:
        doc = json.loads(datafiles.resolve(root, districts.file).read_text(encoding="utf-8"))
        return any((f.get("geometry") or {}).get("type") == "Point" for f in doc.get("features", []))
    except (OSError, ValueError, AttributeError, datafiles.Refused, ValidationFailed):
        return False  # the districts file's own problems are reported when it is read


def _get(obj, loc: tuple):
    for part in loc:
        obj = obj[part] if isinstance(obj, (dict, list)) else getattr(obj, part, None)
    return obj
