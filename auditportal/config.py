"""The schema of `portal.yml` and of each `cities/<slug>/city.yml`, in one place.

Every option is a typed declaration whose docstring is its documentation; a test
fails when one has none. Errors name the file, the line and the key, with a hint.
"""
from __future__ import annotations

import difflib
import re
import types
import typing
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationError

from . import yamlfile
from .problems import Problem, ValidationFailed

LANG_RE = re.compile(r"^[a-z]{2}$")
SLUG_PATTERN = r"^[a-z0-9][a-z0-9_]*$"


def _text(value: Any) -> str | dict[str, str]:
    if isinstance(value, str) and value.strip():
        return value
    if (isinstance(value, dict) and value
            and all(isinstance(k, str) and LANG_RE.match(k) and isinstance(v, str) and v.strip()
                    for k, v in value.items())):
        return dict(value)
    raise ValueError("expected text, or text per language such as {es: '...', en: '...'}")


Text = Annotated[Any, PlainValidator(_text)]
"""A user-facing string: one text, or one per language code."""

Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
Lang = Annotated[str, Field(pattern=r"^[a-z]{2}$")]


def tr(text: str | dict[str, str] | None, lang: str, fallbacks: typing.Sequence[str] = ()) -> str:
    """Pick the text for lang, else the first fallback language that has one."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    for candidate in (lang, *fallbacks):
        if candidate in text:
            return text[candidate]
    return next(iter(text.values()))


def text_lang(text: str | dict[str, str] | None, lang: str, fallbacks: typing.Sequence[str] = ()) -> str:
    """The language that tr() will actually return, so pages can mark untranslated text."""
    if text is None or isinstance(text, str):
        return fallbacks[0] if fallbacks else lang
    for candidate in (lang, *fallbacks):
        if candidate in text:
            return candidate
    return next(iter(text))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


# ---------------------------------------------------------------- portal.yml

class Portal(Strict):
    title: Text
    """Site title shown in the header and browser tab."""
    description: Text
    """One or two sentences on what the portal is; shown on the home page and in search results."""
    languages: list[Lang] = Field(min_length=1)
    """Languages the site is built in, the default first; each gets its own site under /<lang>/."""
    site_url: str
    """Public address of the site, ending in '/', used for canonical links and absolute download URLs."""
    repo_url: str | None = None
    """Address of the source repository, linked from every page."""
    publisher: Text
    """Who runs the portal; credited in citations next to each original publisher."""
    licence: str
    """SPDX identifier of the licence of the portal's own text and code outputs, e.g. CC-BY-4.0."""


# ---------------------------------------------------------------- indicators.yml

class Selection(Strict):
    measures: list[Slug] = Field(min_length=1)
    """Measure ids summed (e.g. [homicide, femicide])."""
    where: dict[Slug, list[str]] = {}
    """Keep only rows whose breakdown holds one of these values (e.g. weapon: [firearm])."""


class Reference(Strict):
    title: str
    """Title of the methodological reference (e.g. the SDG metadata sheet)."""
    url: str | None = None
    """Where to read it."""


class Indicator(Strict):
    name: Text
    """Name of the indicator."""
    definition: Text
    """What it measures, in one sentence."""
    unit: Literal["per_100k", "percent", "count"]
    """per_100k: rate per 100,000 people; percent: share of the denominator; count: number of events."""
    sdg: str | None = Field(default=None, pattern=r"^\d{1,2}\.[0-9a-c]{1,2}(\.\d{1,2})?$")
    """SDG target (16.1) or indicator (16.1.1) it serves; empty for a local indicator."""
    numerator: Selection
    """What is counted."""
    denominator: Selection | None = None
    """What it is divided by: population for rates, the whole for percentages; required unless unit is count."""
    higher_is_better: bool = False
    """Whether a rise is good news (false for crime, true e.g. for feeling safe)."""
    breakdowns: list[Literal["district", "sex", "age_group", "crime_type", "year", "month"]] = []
    """Disaggregations shown where a city's data has them."""
    method: Text
    """How it is computed and what to watch for when comparing."""
    reference: Reference | None = None
    """Methodological source."""


def load_registry(root: Path) -> dict[str, Indicator]:
    shown = "indicators.yml"
    data, lines = yamlfile.load(root / shown, shown)
    problems, registry = [], {}
    for key, value in (data or {}).items():
        try:
            registry[key] = Indicator.model_validate(value)
        except ValidationError as err:
            sub = {k[1:]: v for k, v in lines.items() if k[:1] == (key,)}
            problems += [Problem(p.file, p.line, f"{key}.{p.field}", p.message, p.hint)
                         for p in problems_from(err, Indicator, sub, shown)]
            continue
        if registry[key].unit != "count" and not registry[key].denominator:
            problems.append(Problem(shown, lines.get((key, "unit")), f"{key}.unit",
                                    "a rate or percent needs a denominator"))
    if problems:
        raise ValidationFailed(problems)
    return registry


# ---------------------------------------------------------------- city.yml

class Source(Strict):
    publisher: Text
    """Organisation that produced the original data (e.g. Policía Nacional de Colombia)."""
    url: str | None = None
    """Where the publisher offers the data, if known."""
    licence: str
    """SPDX identifier of the data's licence (e.g. CC-BY-4.0), or 'unverified' when the terms are not confirmed."""
    terms: Text
    """What is known of the terms of use, in words; shown on every dataset page."""
    copied_from: str | None = None
    """The public copy the file was taken from: repository, path and commit."""
    retrieved: date
    """Date the copy was taken (YYYY-MM-DD); cited as the access date."""
    transformations: Text | None = None
    """What was done to the file before it reached data/ (filtering, summing, name matching)."""


class Period(Strict):
    start: int = Field(ge=1900, le=2100)
    """First year the audit covers."""
    end: int = Field(ge=1900, le=2100)
    """Last year the audit covers (may be a partial year)."""


class Districts(Strict):
    file: str
    """GeoJSON file of the city's districts (polygons) or stations (points), relative to data/."""
    code_property: str
    """Feature property holding each district's code, which datasets use to refer to it."""
    name_property: str
    """Feature property holding each district's name."""
    code_width: int | None = Field(default=None, ge=1, le=12)
    """Pad numeric codes with leading zeros to this width (e.g. 2 turns 6 into '06')."""
    label: Text
    """What one district is called here (comuna, municipio, police station)."""
    extra_codes: dict[str, Text] = {}
    """Codes that datasets may use although they have no geometry (e.g. 'not specified'), with their names."""
    source: Source
    """Provenance of the boundary file."""


class Dataset(Strict):
    file: str
    """CSV file relative to data/, kept exactly as published."""
    title: Text
    """Short title of the dataset."""
    description: Text
    """What the dataset holds, in one or two sentences."""
    source: Source
    """Provenance and terms."""
    caveats: list[Text] = []
    """Known limitations readers must know (partial years, changes of method, mixed sources)."""
    area_level: Literal["city", "district", "state", "station", "point"]
    """Geography of each row: the whole city, one district, the whole state, one police station, or one
    incident's location ('point': never published as such, only counted in hotspot grid cells)."""
    area_code: str | None = None
    """Code of the one area every row refers to (for city or state data)."""
    area_column: str | None = None
    """Column holding each row's district or station code (for district or station data)."""
    code_width: int | None = Field(default=None, ge=1, le=12)
    """Pad the codes in area_column with leading zeros to this width."""
    lon_column: str | None = None
    """Column holding each incident's longitude (WGS84), for point data."""
    lat_column: str | None = None
    """Column holding each incident's latitude (WGS84), for point data."""
    period_column: str | None = None
    """Column holding the year (or the date); not needed when wide_periods is set."""
    period_value: str | None = Field(default=None, pattern=r"^\d{4}(-\d{4})?$")
    """The period every row covers when the file has no period column: a year (2020) or a span (2010-2019)."""
    period_type: Literal["year", "month", "financial_year"] = "year"
    """'year' (calendar year), 'month' (needs month_column) or 'financial_year' (April to March, named by its first year)."""
    month_column: str | None = None
    """Column holding the month number 1-12, for monthly data."""
    wide_periods: bool = False
    """Set when years are columns (e.g. 2003, 2004, ...): they are turned into one row per year."""
    measures: dict[Slug, str] = {}
    """Measures held in their own columns: measure id -> column (e.g. homicide: total_homicides)."""
    measure_column: str | None = None
    """Column naming what each row counts (e.g. a crime category); used with value_column or wide_periods."""
    value_column: str | None = None
    """Column holding the number, when measure_column names what it counts (point data: each row counts 1)."""
    measure_map: dict[str, Slug] = {}
    """Measure ids for labels found in measure_column; labels not listed get an id made from the label."""
    measure_labels: dict[Slug, Text] = {}
    """Readable names of measures, per language."""
    dimensions: dict[Slug, str] = {}
    """Breakdowns held in columns: dimension id -> column (e.g. sex: genero)."""
    exclude: dict[str, list[str]] = {}
    """Drop rows whose column holds one of the listed values (e.g. a state total row); counted as excluded."""
    value_maps: dict[str, dict[str, str]] = {}
    """Per column, source value -> published value (e.g. sex: {FEMENINO: female})."""
    value_labels: dict[str, Text] = {}
    """Readable names, per language, of breakdown values as published (e.g. female: {es: Mujeres, en: Women})."""
    filters: dict[str, list[str]] = {}
    """Keep only rows whose column holds one of the listed values; the rest are counted as excluded."""
    missing_values: list[str] = [""]
    """Cell values that mean 'no data' (kept as missing, never as zero)."""
    coverage_column: str | None = None
    """Column holding how many months a yearly value covers; fewer than 12 marks a partial year."""
    period_notes: dict[str, Text] = {}
    """Notes attached to periods, shown beside values (e.g. '2018': population base changed)."""
    unit: Literal["count", "persons"] = "count"
    """What the values are: counts of events, or numbers of people (population)."""


class PopulationRef(Strict):
    dataset: Slug
    """Dataset holding the population."""
    measure: Slug = "population"
    """Measure id of the population in that dataset."""


class Target(Strict):
    value: float
    """Value the city aims for."""
    year: int = Field(ge=1900, le=2100)
    """Year by which it should be reached."""
    source: Text
    """Where the target comes from (a plan or decree), or that it is illustrative; shown beside it."""


class Denominator(Strict):
    dataset: Slug
    """Dataset holding the population."""
    measure: Slug = "population"
    """Measure id of the population in that dataset."""
    years: Literal["same", "nearest", "interpolate"] = "same"
    """'same': only periods with a population of the same period get a rate; 'interpolate': linear
    between the population years around each year (census years, say); 'nearest': the nearest
    population year, for cities with a single census. The year used is shown beside every value."""


class IndicatorChoice(Strict):
    id: Slug
    """Indicator id from indicators.yml."""
    dataset: Slug
    """Dataset it is computed from."""
    population: Denominator | None = None
    """Population for rates, when it is not in the same dataset."""
    baseline_year: int | None = None
    """Year progress is measured from."""
    target: Target | None = None
    """The city's target for this indicator."""


class Chart(Strict):
    id: Slug
    """Stable id; the chart's data is published as data/<city>/charts/<id>.csv."""
    type: Literal["trend", "composition", "ranking", "seasonality", "profile"]
    """trend: values over time; composition: shares by a breakdown over time; ranking: districts compared;
    seasonality: month by year; profile: one breakdown (sex, age group) in one period."""
    dataset: Slug
    """Dataset drawn."""
    measures: list[Slug] = Field(min_length=1)
    """Measures drawn; several are summed unless the chart compares them."""
    dimension: Slug | None = None
    """Breakdown to draw (for composition and profile)."""
    period: str | None = None
    """Period for ranking and profile charts (default: the latest complete one)."""
    title: Text
    """Chart title."""


class MapSpec(Strict):
    id: Slug
    """Stable id; the map's data is published as data/<city>/maps/<id>.csv."""
    dataset: Slug
    """District- or station-level dataset mapped."""
    measures: list[Slug] = Field(min_length=1)
    """Measures summed for the map."""
    period: str | None = None
    """Period mapped (default: the latest complete one)."""
    population: PopulationRef | None = None
    """When set, map the rate per 100,000 people of that population instead of counts."""
    title: Text
    """Map title."""


class Hotspot(Strict):
    id: Slug
    """Stable id; the grid is published as data/<city>/hotspots/<id>.csv and .geojson."""
    dataset: Slug
    """Point dataset counted."""
    measures: list[Slug] = Field(min_length=1)
    """Measures counted (never a protected one)."""
    period: str | None = None
    """Period counted (default: every period in the file)."""
    cell_m: int = Field(default=500, ge=100, le=5000)
    """Side of a grid cell in metres."""
    title: Text
    """Map title."""


class Contact(Strict):
    name: Text
    """Office or person."""
    role: Text
    """What to contact them about."""
    url: str | None = None
    """Web page or mailto: link."""


class Basemap(Strict):
    url: str = Field(pattern=r"^https://.*\{z\}.*\{x\}.*\{y\}")
    """Tile URL template with {z}, {x} and {y}, e.g. from a tile provider whose terms allow it."""
    attribution: str
    """Attribution the tile provider requires, shown on the map."""


class Disclosure(Strict):
    min_count: int = Field(default=5, ge=1)
    """Counts from 1 to min_count - 1 are suppressed in every published table."""
    protected_measures: list[Slug] = []
    """Measures (e.g. sexual and domestic violence) published by area only, never drawn at points."""


class City(Strict):
    name: Text
    """City name as shown to readers."""
    description: Text
    """One paragraph introducing the city and its audit."""
    country: str = Field(pattern=r"^[A-Z]{2}$")
    """ISO 3166-1 alpha-2 country code (CO, ZA, MX)."""
    languages: list[Lang] = Field(min_length=1)
    """Languages the city writes its text in, its main language first."""
    edition: str = Field(pattern=r"^\d{4}(-\d{2})?$")
    """Edition of the audit (YYYY or YYYY-MM); cited on every dataset page."""
    updated: date
    """Date this edition was last updated."""
    period: Period
    """Years the audit covers."""
    population: PopulationRef | None = None
    """Dataset giving the city's population (for the overview)."""
    area_km2: float | None = Field(default=None, gt=0)
    """Area of the city in square kilometres, with its source in area_source."""
    area_source: Text | None = None
    """Where the area figure comes from."""
    districts: Districts | None = None
    """Boundary layer (or station points) that district-level data refers to."""
    datasets: dict[Slug, Dataset] = {}
    """The city's datasets by id; each is published at data/<city>/<id>.csv."""
    indicators: list[IndicatorChoice] = []
    """Indicators the city reports."""
    charts: list[Chart] = []
    """Charts on the city's pages, each with its data published."""
    maps: list[MapSpec] = []
    """Maps on the city's pages, each with its data published."""
    hotspots: list[Hotspot] = []
    """Hotspot maps: incidents counted in square grid cells, cells under the disclosure threshold hidden."""
    contacts: list[Contact] = []
    """Who to contact about the audit."""
    licence: str
    """SPDX identifier of the licence of the city's own text (findings, recommendations)."""
    disclosure: Disclosure = Disclosure()
    """Rule protecting victims in published figures."""
    basemap: Basemap | None = None
    """Optional background tiles for the interactive maps; maps work without them (and offline)."""


# ---------------------------------------------------------------- recommendations.yml

class Budget(Strict):
    amount: float = Field(ge=0)
    """Amount budgeted."""
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    """ISO 4217 currency code (COP, ZAR, MXN)."""


class Recommendation(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    """Stable id, e.g. R1; used in links."""
    title: Text
    """Short title."""
    text: Text
    """The recommendation as written in the audit."""
    theme: Text
    """Theme (e.g. youth violence, public space)."""
    lead: Text
    """Lead agency."""
    partners: list[Text] = []
    """Partner agencies of the multi-agency response."""
    status: Literal["planned", "in_progress", "implemented", "dropped"]
    """Where implementation stands."""
    start: date | None = None
    """Date work started."""
    due: date | None = None
    """Date it is due."""
    budget: Budget | None = None
    """Budget, where known."""
    indicators: list[Slug] = []
    """Indicators (ids from indicators.yml) it is meant to move."""
    example: bool = False
    """True for illustrative examples that are not the city's official text; pages say so."""


class Recommendations(Strict):
    recommendations: list[Recommendation] = []
    """The audit's recommendations."""


def load_recommendations(root: Path, slug: str) -> list[Recommendation]:
    shown = f"cities/{slug}/recommendations.yml"
    if not (root / shown).is_file():
        return []
    return _load(root / shown, shown, Recommendations).recommendations


# ---------------------------------------------------------------- loading

def load_portal(root: Path) -> Portal:
    return _load(root / "portal.yml", "portal.yml", Portal)


def load_city(root: Path, slug: str, registry: dict[str, Indicator]) -> City:
    shown = f"cities/{slug}/city.yml"
    city, lines = _load_with_lines(root / shown, shown, City)
    problems = cross_check(city, lines, shown, root, registry)
    if problems:
        raise ValidationFailed(problems)
    return city


def _load(path: Path, shown: str, model: type[BaseModel]):
    return _load_with_lines(path, shown, model)[0]


def _load_with_lines(path: Path, shown: str, model: type[BaseModel]):
    data, lines = yamlfile.load(path, shown)
    if not isinstance(data, dict):
        raise ValidationFailed([Problem(shown, 1, "", "expected a mapping of keys to values")])
    try:
        return model.model_validate(data), lines
    except ValidationError as err:
        raise ValidationFailed(problems_from(err, model, lines, shown))


def problems_from(err: ValidationError, model: type[BaseModel], lines: dict, shown: str) -> list[Problem]:
    problems = []
    for e in err.errors():
        loc = tuple(x for x in e["loc"] if not _is_type_tag(x))
        field = ".".join(map(str, loc))
        line = yamlfile.line_of(lines, loc)
        if e["type"] == "extra_forbidden":
            allowed = sorted(fields_at(model, loc[:-1]))
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "allowed keys: " + ", ".join(allowed)
            problems.append(Problem(shown, line, field, "unknown key", hint))
        elif e["type"] == "missing":
            doc = describe(model, loc)
            problems.append(Problem(shown, line, field, "required key is missing", doc))
        else:
            msg = e["msg"].removeprefix("Value error, ")
            got = e.get("input")
            if not isinstance(got, (dict, list)):
                msg += f", got {got!r}"
            problems.append(Problem(shown, line, field, msg[0].lower() + msg[1:]))
    return problems


def _is_type_tag(x) -> bool:
    return isinstance(x, str) and bool(re.match(r"^(int|str|float|bool|date|function-\w+|\w+\[.*\])$", x))


def _field_type(model_or_type, loc: tuple):
    """Follow loc through the models and containers to the declared type at its end."""
    current = model_or_type
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part)
            if info is None:
                return None
            current = info.annotation
        elif typing.get_origin(current) in (dict, list):
            current = typing.get_args(current)[-1]
        else:
            return None
    return _unwrap(current)


def _unwrap(tp):
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    tp = _field_type(model, loc)
    return list(tp.model_fields) if isinstance(tp, type) and issubclass(tp, BaseModel) else []


def describe(model: type[BaseModel], loc: tuple) -> str:
    """The docstring of the option at loc, used as the hint for a missing key."""
    if not loc:
        return ""
    parent = _field_type(model, loc[:-1])
    if isinstance(parent, type) and issubclass(parent, BaseModel) and loc[-1] in parent.model_fields:
        return " ".join((parent.model_fields[loc[-1]].description or "").split())
    return ""


def all_models() -> list[type[BaseModel]]:
    return [Portal, Selection, Reference, Indicator, Denominator, Source, Period, Districts, Dataset, PopulationRef, Target, IndicatorChoice,
            Chart, MapSpec, Hotspot, Contact, Basemap, Disclosure, City, Budget, Recommendation, Recommendations]


# ---------------------------------------------------------------- cross references

def cross_check(city: City, lines: dict, shown: str, root: Path, registry: dict[str, Indicator]) -> list[Problem]:
    """References between parts of one city.yml: each must name something that exists."""
    problems: list[Problem] = []

    def bad(loc: tuple, message: str, choices=()):
        close = difflib.get_close_matches(str(_get(city, loc)), list(choices), n=1)
        hint = f"did you mean '{close[0]}'?" if close else ("known: " + ", ".join(sorted(choices)) if choices else "")
        problems.append(Problem(shown, yamlfile.line_of(lines, loc), ".".join(map(str, loc)), message, hint))

    datasets = city.datasets
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
            if kind == "charts" and item.type == "profile" and not item.dimension:
                bad((kind, i, "type"), "a profile chart needs a dimension")
            if kind == "maps":
                if item.dataset in datasets and datasets[item.dataset].area_level not in ("district", "station"):
                    bad((kind, i, "dataset"), "a map needs a district- or station-level dataset")
                if item.population and item.population.dataset not in datasets:
                    bad((kind, i, "population", "dataset"), "no such dataset", datasets)
                if city.districts is None:
                    bad((kind, i, "dataset"), "a map needs a 'districts' layer in this city.yml")
                protected = set(item.measures) & set(city.disclosure.protected_measures)
                if protected and city.districts and _is_points(root, city.districts):
                    bad((kind, i, "measures"), f"protected measure(s) {sorted(protected)} cannot be drawn at points; "
                        "show them in a table or on an area map")
    for i, spot in enumerate(city.hotspots):
        if spot.dataset not in datasets:
            bad(("hotspots", i, "dataset"), "no such dataset", datasets)
        elif datasets[spot.dataset].area_level != "point":
            bad(("hotspots", i, "dataset"), "a hotspot map needs a point-level dataset")
        protected = set(spot.measures) & set(city.disclosure.protected_measures)
        if protected:
            bad(("hotspots", i, "measures"), f"protected measure(s) {sorted(protected)} cannot be mapped "
                "below district level")
    for slug, ds in datasets.items():
        loc = ("datasets", slug)
        if ds.area_level == "point" and not (ds.lon_column and ds.lat_column):
            bad(loc + ("area_level",), "point data needs lon_column and lat_column")
        if ds.area_level in ("city", "state") and not ds.area_code:
            bad(loc + ("area_level",), f"{ds.area_level}-level data needs area_code")
        if ds.area_level in ("district", "station"):
            if not ds.area_column:
                bad(loc + ("area_level",), f"{ds.area_level}-level data needs area_column")
            if city.districts is None:
                bad(loc + ("area_level",), "district-level data needs a 'districts' layer in this city.yml")
        if sum(map(bool, (ds.wide_periods, ds.period_column, ds.period_value))) != 1:
            bad(loc, "needs exactly one of period_column, period_value or wide_periods: true")
        if ds.period_type == "month" and not ds.month_column:
            bad(loc + ("period_type",), "monthly data needs month_column")
        has_long = bool(ds.measure_column and (ds.value_column or ds.wide_periods or ds.area_level == "point"))
        if bool(ds.measures) == has_long:
            bad(loc, "declare either measures (one column per measure) "
                     "or measure_column with value_column or wide_periods, not both")
        if not (root / "data" / ds.file).is_file():
            bad(loc + ("file",), f"file not found: data/{ds.file}")
    if city.districts and not (root / "data" / city.districts.file).is_file():
        bad(("districts", "file"), f"file not found: data/{city.districts.file}")
    return problems


def _is_points(root: Path, districts: Districts) -> bool:
    import json
    try:
        doc = json.loads((root / "data" / districts.file).read_text(encoding="utf-8"))
        return any((f.get("geometry") or {}).get("type") == "Point" for f in doc.get("features", []))
    except (OSError, ValueError):
        return False  # the districts file's own problems are reported when it is read


def _get(obj, loc: tuple):
    for part in loc:
        obj = obj[part] if isinstance(obj, (dict, list)) else getattr(obj, part, None)
    return obj


def city_slugs(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "cities").iterdir() if (p / "city.yml").is_file())
