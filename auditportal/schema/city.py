"""The schema of `cities/<slug>/city.yml`: one typed, documented declaration per option.

Rules between keys of one model are model validators here; references between parts of
the file (a chart naming a dataset) are checked in crossref.py.
"""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from . import rules
from .types import DataPath, Lang, Licence, Slug, SourceLicence, Strict, Text, Url


class Source(Strict):
    publisher: Text
    """Organisation that produced the original data (e.g. Policía Nacional de Colombia)."""
    url: Url | None = None
    """Where the publisher offers the data, if known (https://...)."""
    licence: SourceLicence
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

    @model_validator(mode="after")
    def _ordered(self):
        rules.check([("end", f"the last year ({self.end}) is before the first ({self.start})")]
                    if self.end < self.start else [])
        return self


class Districts(Strict):
    file: DataPath
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
    keep_only: list[str] = []
    """Codes of the features to keep, when the boundary file covers more than the city's data does (the
    others would look like places with no crime at all). Empty keeps every feature."""
    extent: tuple[float, float, float, float] | None = None
    """The city's bounds as [west, south, east, north] in degrees; every feature and incident must lie inside
    (default: within 300 km of the features' median, and incidents within 10 km of the features)."""
    source: Source
    """Provenance of the boundary file."""


AreaLevel = Literal["city", "district", "state", "station", "point"]


class Survey(Strict):
    edition_column: str | None = None
    """Column holding the survey edition (the year it was run), when it differs from the period the answers
    refer to (the period column): ENVIPE 2025 asks about 2024."""
    units: dict[Slug, Literal["estimate", "percent", "per_100k"]]
    """What each measure is: 'estimate' (a weighted count: crimes, people), 'percent' or 'per_100k'."""
    margins: Text | None = None
    """What the publisher gives about sampling error (standard errors, confidence intervals), in words; when
    empty, every figure says that no margins of error are published with these tables."""
    definitions: dict[Slug, Text] = {}
    """What each measure means, as the publisher defines it (shown on the dataset page)."""


class NameMatch(Strict):
    column: str
    """Column holding each row's district or station name, as the districts file's name_property has it."""
    aliases: dict[str, str] = {}
    """Names in the file -> names in the districts file, where they differ by more than case, accents, spaces
    or punctuation (e.g. Mayville-Kzn: Mayville)."""


WalkStatus = Literal["open", "in_progress", "resolved", "no_action"]


class SafetyWalk(Strict):
    """Records of community safety walks: each row one risk factor that the people walking a neighbourhood
    recorded at a public space (a street corner, a park, a bus stop: never a home, never a person), with its
    category (measure_column), date (date_column) and place (lon_column, lat_column). These are places, not
    victims: each is published as a point, its coordinates rounded to about 10 m. How many people took part
    in each walk is a count, never a name, and is published only where the disclosure rule allows."""
    categories: dict[Slug, Text] = Field(min_length=1)
    """The city's categories of risk factor, each with its name: the ids found in measure_column (map the
    file's own words with measure_map), e.g. poor_lighting, abandoned_building, no_transport_at_night,
    unsafe_for_women. A row of another category is an error."""
    walk_column: str
    """Column naming the walk each row was recorded on (W1, or the walk's date): rows of one walk share its
    participants."""
    participants_column: str
    """Column holding how many people took part in the row's walk: a whole number, never names; the rows of one
    walk give the same number, or leave it empty after the first. Published per walk, and withheld under the
    disclosure rule (disclosure.suppress_below) like any count of people."""
    status_column: str
    """Column holding each risk factor's follow-up: open, in_progress, resolved or no_action (turn the file's
    own words into these with value_maps)."""
    recommendations_column: str | None = None
    """Column holding the ids of the recommendations (recommendations.yml) that answer the row, separated by
    ';'; empty while none does."""

    def columns(self) -> dict[str, str]:
        """The walk's own columns, carried beside each record as breakdowns (see Dataset)."""
        out = {"walk": self.walk_column, "participants": self.participants_column, "follow_up": self.status_column}
        return out | ({"answered_by": self.recommendations_column} if self.recommendations_column else {})


class Release(Strict):
    """A newer release of the same series (the publisher's later file): read with the dataset's layout except
    what is set here; where both releases have a value, the newer one is published and the revision listed."""
    file: DataPath
    """The newer file, relative to data/."""
    source: Source
    """Its provenance."""
    caveats: list[Text] = []
    """What readers must know about this release."""
    area_column: str | None = None
    """As for the dataset, if the newer file differs."""
    area_name_match: NameMatch | None = None
    """As for the dataset, if the newer file names its areas instead of coding them."""
    measure_column: str | None = None
    """As for the dataset."""
    measure_map: dict[str, Slug] | None = None
    """As for the dataset: map the newer file's labels to the same measure ids (labels mapped to one id are
    added up)."""
    drop: dict[str, list[str]] | None = None
    """As for the dataset."""
    combine: Literal["none", "sum"] | None = None
    """As for the dataset."""


class Dataset(Strict):
    renamed = {"filters": "keep_only", "exclude": "drop"}

    file: DataPath
    """CSV file (or, for incident records, a GeoJSON file of points) relative to data/, kept exactly as
    published."""
    title: Text
    """Short title of the dataset."""
    description: Text
    """What the dataset holds, in one or two sentences."""
    source: Source
    """Provenance and terms."""
    caveats: list[Text] = []
    """Known limitations readers must know (partial years, changes of method, mixed sources)."""
    area_level: AreaLevel
    """Geography of each row: the whole city, one district, the whole state, one police station, or one
    incident's location ('point': never published as such, only counted in hotspot grid cells)."""
    area_code: str | None = None
    """Code of the one area every row refers to (for city or state data)."""
    area_name: Text | None = None
    """Name of that one area, published beside its code (default: the city's name)."""
    area_column: str | None = None
    """Column holding each row's district or station code (for district or station data), or each row's state
    code for state data covering several states (a national survey's table)."""
    area_name_match: NameMatch | None = None
    """Instead of area_column: the column naming each row's district or station, matched to the districts
    file's names (without case, accents, spaces or punctuation, then by aliases); unmatched names are errors."""
    newer: list[Release] = []
    """Later releases of the same series, oldest first: the newest value of each cell is published, and
    every revision of an earlier value is listed on the dataset page and in <dataset>_revisions.csv."""
    area_name_column: str | None = None
    """Column holding each row's area name, for areas that are not in the districts file (states)."""
    code_width: int | None = Field(default=None, ge=1, le=12)
    """Pad the codes in area_column with leading zeros to this width."""
    lon_column: str | None = None
    """Column holding each incident's longitude (WGS84), for point data (in a GeoJSON file: geometry_lon)."""
    lat_column: str | None = None
    """Column holding each incident's latitude (WGS84), for point data (in a GeoJSON file: geometry_lat)."""
    period_column: str | None = None
    """Column holding the year; not needed when wide_periods, period_value or date_column is set."""
    date_column: str | None = None
    """Column holding each row's date (2019-05-17) or date and time (2019-05-17T16:00:00), for incident
    records: the period (year or month, by period_type) comes from it, and with a time the weekday and hour."""
    time_zone: str | None = None
    """IANA time zone of the times in date_column (America/Mexico_City); stated beside every figure by hour."""
    local_times: bool = False
    """Set when the file's times are local although they end in 'Z' (UTC), as some exports write them:
    the 'Z' is ignored. Without it, times in UTC are converted to time_zone."""
    period_value: str | None = Field(default=None, pattern=r"^\d{4}(-\d{4})?$")
    """The period every row covers when the file has no period column: a year (2020) or a span (2010-2019)."""
    period_type: Literal["year", "month", "financial_year"] = "year"
    """'year' (calendar year), 'month' (needs month_column) or 'financial_year' (April to March, named by its
    first year)."""
    month_column: str | None = None
    """Column holding the month number 1-12, for monthly data."""
    wide_periods: bool = False
    """Set when years are columns (e.g. 2003, 2004, ...): they are turned into one row per year."""
    measures: dict[Slug, str] = {}
    """Measures held in their own columns: measure id -> column (e.g. homicide: total_homicides)."""
    measure_column: str | None = None
    """Column naming what each row counts (e.g. a crime category); used with value_column or wide_periods."""
    measure: Slug | None = None
    """For incident records of one kind with no column naming it: what every row counts (e.g. homicide)."""
    value_column: str | None = None
    """Column holding the number, when measure_column names what it counts (point data: each row counts 1)."""
    measure_map: dict[str, Slug] = {}
    """Measure ids for labels found in measure_column; labels not listed get an id made from the label."""
    measure_labels: dict[Slug, Text] = {}
    """Readable names of measures, per language."""
    dimensions: dict[Slug, str] = {}
    """Breakdowns held in columns: dimension id -> column (e.g. sex: genero)."""
    keep_only: dict[str, list[str]] = {}
    """Keep only the rows whose column holds one of the listed values (e.g. methodology: [CNSP/38/15]);
    the other rows are counted as excluded and the count is shown on the dataset page. Formerly `filters`."""
    drop: dict[str, list[str]] = {}
    """Drop the rows whose column holds one of the listed values (e.g. a state total row: cve_mun: ['000']);
    they are counted as excluded and the count is shown on the dataset page. Formerly `exclude`."""
    value_maps: dict[str, dict[str, str]] = {}
    """Per column, source value -> published value (e.g. sex: {FEMENINO: female})."""
    value_labels: dict[str, Text] = {}
    """Readable names, per language, of breakdown values as published (e.g. female: {es: Mujeres, en: Women})."""
    missing_values: list[str] = [""]
    """Cell values that mean 'no data' (kept as missing, never as zero)."""
    decimal_separator: Literal[".", ","] = "."
    """How the file writes decimals: '.' (2.5) or ',' (2,5). Numbers written otherwise are errors."""
    thousands_separator: Literal["", ",", ".", " ", "'"] = ""
    """How the file groups thousands, if it does: '' (none: 1592), ',' (1,592), '.' (1.592), ' ' or "'".
    Without it, '1,592' is an error and '1.592' is one and a half or so: never a count."""
    combine: Literal["none", "sum"] = "none"
    """Rows with the same area, period, measure and breakdown: 'none' reports them as an error (a repeated
    row would be counted twice); 'sum' adds them up (e.g. the barrios of one comuna, the subtypes of a
    crime)."""
    coverage_column: str | None = None
    """Column holding how many months a yearly value covers; fewer than 12 marks a partial year."""
    partial: list[str] = []
    """Periods the publisher has not completed (e.g. ["2025"]): shown as partial years and never used as the
    latest complete value, a trend's end point or an indicator's status."""
    period_notes: dict[str, Text] = {}
    """Notes attached to periods, shown beside values (e.g. '2018': population base changed)."""
    unit: Literal["count", "persons"] = "count"
    """What the values are: counts of events, or numbers of people (population)."""
    survey: Survey | None = None
    """Set for the published results of a survey (estimates weighted to the population, not records): the
    values may have decimals, are not counts of victims and are not suppressed; what the survey publishes
    about its margins of error is stated beside every figure."""
    walk: SafetyWalk | None = None
    """Set for the records of community safety walks (participatory data: risk factors at public spaces, with
    area_level: point, date_column and measure_column for the category): shown on the city's safety-walks page
    as a map of places and a summary by district and category, linked to the recommendations that answer
    them."""

    @model_validator(mode="after")
    def _layout(self):
        broken = []
        if self.area_level == "point" and not (self.lon_column and self.lat_column):
            broken.append(("area_level", "point data needs lon_column and lat_column"))
        if self.area_level == "city" and not self.area_code:
            broken.append(("area_level", "city-level data needs area_code"))
        if self.area_level == "state" and not (self.area_code or self.area_column):
            broken.append(("area_level", "state-level data needs area_code (one state) or area_column (several)"))
        if self.area_level in ("district", "station") and not (self.area_column or self.area_name_match):
            broken.append(("area_level", f"{self.area_level}-level data needs area_column or area_name_match"))
        if sum(map(bool, (self.wide_periods, self.period_column, self.period_value, self.date_column))) != 1:
            broken.append(("", "needs exactly one of period_column, period_value, date_column or wide_periods: true"))
        if self.local_times and not self.time_zone:
            broken.append(("local_times", "local times need the time_zone they are in"))
        if self.period_type == "month" and not (self.month_column or self.date_column):
            broken.append(("period_type", "monthly data needs month_column"))
        if self.decimal_separator == self.thousands_separator:
            broken.append(("thousands_separator", "the thousands separator cannot be the decimal separator too"))
        long = bool(self.measure_column and (self.value_column or self.wide_periods or self.area_level == "point"))
        long = long or bool(self.measure and self.area_level == "point")
        if self.measure and self.area_level != "point":
            broken.append(("measure", "a single measure without a column is for incident records (area_level: point)"))
        if bool(self.measures) == long:
            broken.append(("", "declare either measures (one column per measure) "
                               "or measure_column with value_column or wide_periods, not both"))
        if self.survey:
            unknown = sorted(set(self.measures) - set(self.survey.units)) if self.measures else []
            if unknown:
                broken.append(("survey.units", f"no unit for measures {unknown}"))
        rules.check(broken)
        if self.survey and self.survey.edition_column:  # a breakdown like any other: one edition per period
            object.__setattr__(self, "dimensions", {**self.dimensions, "edition": self.survey.edition_column})
        return self

    @model_validator(mode="after")
    def _walk(self):
        if self.walk is None:
            return self
        rules.check([("walk", "safety-walk records need area_level: point, date_column and measure_column (the "
                               "category of each risk factor)")]
                    if not (self.area_level == "point" and self.date_column and self.measure_column) else [])
        # read beside each record like any breakdown (sources.py), so value_maps apply to them too
        object.__setattr__(self, "dimensions", {**self.dimensions, **self.walk.columns()})
        return self


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
    area: str | None = None
    """For a dataset of several areas (the states of a national survey): the one area it is computed for."""
    baseline_year: int | None = None
    """Year progress is measured from."""
    target: Target | None = None
    """The city's target for this indicator."""


class Against(Strict):
    dataset: Slug
    """The other dataset."""
    measures: list[Slug] = []
    """Its measures, summed into one line (default: every measure it has, e.g. every crime recorded)."""
    area: str | None = None
    """For a dataset of several areas: the area drawn."""
    label: Text
    """What the line shows, as its legend says (crimes recorded by the police)."""


class Chart(Strict):
    id: Slug
    """Stable id; the chart's data is published as data/<city>/charts/<id>.csv."""
    type: Literal["trend", "composition", "ranking", "seasonality", "profile", "weekday_hour"]
    """trend: values over time; composition: shares by a breakdown over time; ranking: districts compared;
    seasonality: month by year; profile: one breakdown (sex, age group) in one period; weekday_hour: incidents
    by weekday and hour of the day (incident records with times only)."""
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
    by_year: bool = False
    """For a trend of monthly data: add the months up to years (a partial year is marked as such)."""
    areas: list[str] = []
    """For a dataset of several areas (states): a trend draws one line per listed area code; a ranking
    compares only these (default: all)."""
    leave_out: list[str] = []
    """Area codes a ranking leaves out (e.g. the national figure among the states)."""
    highlight: str | None = None
    """Area code a ranking picks out in colour (the city's own state among all the others)."""
    against: Against | None = None
    """For a trend: a second line from another dataset over the same years (crimes recorded by the police
    against crimes estimated by a survey)."""

    @model_validator(mode="after")
    def _profile_needs_dimension(self):
        rules.check([("type", "a profile chart needs a dimension")]
                    if self.type == "profile" and not self.dimension else [])
        rules.check([("against", "a second line is drawn on a trend only")]
                    if self.against and self.type != "trend" else [])
        rules.check([("areas", "a trend of several areas cannot also draw a second dataset")]
                    if self.against and len(self.areas) > 1 else [])
        return self


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
    url: Url | None = None
    """Web page (https://...) or mailto: address."""


class Basemap(Strict):
    url: str = Field(pattern=r"^https://.*\{z\}.*\{x\}.*\{y\}")
    """Tile URL template with {z}, {x} and {y}, e.g. from a tile provider whose terms allow it."""
    attribution: str
    """Attribution the tile provider requires, shown on the map."""


class Disclosure(Strict):
    renamed = {"min_count": "suppress_below"}

    suppress_below: int = Field(default=5, ge=1)
    """Counts from 1 up to this number minus one are suppressed in every published table (5: counts of 1 to 4
    are never shown, and neither is anything they could be worked out from). Formerly `min_count`."""
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
    licence: Licence
    """SPDX identifier of the licence of the city's own text (findings, recommendations)."""
    disclosure: Disclosure = Disclosure()
    """Rule protecting victims in published figures."""
    basemap: Basemap | None = None
    """Optional background tiles for the interactive maps; maps work without them (and offline)."""
