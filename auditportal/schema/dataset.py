"""The schema of a city's datasets: where each file comes from (Source) and where its publisher releases it
(Refresh: a Socrata portal, a file at an address, or by hand), how its rows are read
(Dataset: periods, areas, measures, wide columns, incident points, surveys, safety walks, newer releases)
and the checks between its options. Read by sources.py; city.py holds the rest of city.yml.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from . import rules
from .types import DataPath, Slug, SourceLicence, Strict, Text, Url


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


class Socrata(Strict):
    """A dataset on a Socrata open-data portal, asked through its SODA API: Colombia's datos.gov.co holds the
    National Police's homicides as m8fd-ahd9, one row per event, so Cali's homicides per month are
    `select: date_extract_y(fecha_hecho) AS year, date_extract_m(fecha_hecho) AS month, sum(cantidad) AS
    homicides`, `where: cod_muni = '76001'`, `group: year, month`, `order: year, month`. The answer must have the
    columns the dataset reads; it comes in pages, kept together as the snapshot. The publisher's date is the
    dataset's own metadata (rowsUpdatedAt)."""
    domain: str = Field(pattern=r"^[A-Za-z0-9.-]+(:\d+)?$")
    """The portal's host name, e.g. www.datos.gov.co (asked over https)."""
    dataset: str = Field(pattern=r"^[a-z0-9]{4}-[a-z0-9]{4}$")
    """The dataset's id on the portal, four and four characters (m8fd-ahd9)."""
    format: Literal["csv", "json"] = "csv"
    """Ask for CSV (kept as sent, the header once) or JSON (its rows written as CSV, columns in the order
    they first appear)."""
    select: str | None = None
    """SoQL $select: the columns, named as the dataset reads them (... AS year); default every column."""
    where: str | None = None
    """SoQL $where: the rows of this city, e.g. cod_muni = '76001'."""
    group: str | None = None
    """SoQL $group, when select sums rows (sum(cantidad))."""
    order: str
    """SoQL $order: an order that makes every page follow the one before (Socrata's advice for paging)."""
    date_column: str | None = None
    """With since: the portal's date column, so that only rows from that date on are asked for."""
    since: date | None = None
    """First date asked for ($where date_column >= since), e.g. the audit's first year."""
    page_rows: int = Field(default=50_000, ge=1, le=50_000)
    """Rows per page ($limit); the pages are asked for until one comes back short."""


class FileAtUrl(Strict):
    """A file the publisher offers at a fixed address: a CSV, a workbook (XLSX) or a ZIP holding either. The
    file is kept exactly as published beside what the dataset reads: the CSV itself (in UTF-8), the declared
    sheet of a workbook, the declared member of a ZIP. The publisher's date is the server's Last-Modified."""
    url: Url
    """Where to download it, e.g. https://www.datos.gov.co/api/views/m8fd-ahd9/rows.csv?accessType=DOWNLOAD."""
    format: Literal["csv", "xlsx", "zip"]
    """What the address serves."""
    member: str | None = None
    """For a ZIP: the file inside it to read (a .csv or .xlsx), e.g. datos/homicidios.csv."""
    sheet: str | None = None
    """For a workbook: the sheet to read; needed when it has more than one. A sheet added or gone since the last
    refresh stops it: the publisher changed the layout."""
    header_row: int = Field(default=1, ge=1)
    """For a workbook: the row holding the column names (the rows above it, a title, are left out)."""
    encoding: str = "utf-8"
    """How the CSV is encoded (utf-8, latin-1, cp1252): the file read by the dataset is written in UTF-8."""


class Refresh(Strict):
    """Where the publisher releases the dataset, for `build.py refresh`: exactly one of socrata, file or manual.
    Refresh fetches it into data/<city>/releases/<dataset>/<date>/ with its origin (URL, date accessed,
    publisher's date, bytes, SHA-256, licence), reads it with this dataset's rules and adds it as a newer
    release, or stops, naming the city, dataset and URL, when the publisher changed the layout or the answer
    looks wrong. Without refresh, or with manual, the dataset is updated by hand (CONTRIBUTING.md). The build
    never fetches anything."""
    socrata: Socrata | None = None
    """A Socrata portal's dataset (SODA API)."""
    file: FileAtUrl | None = None
    """A file at a fixed address (CSV, XLSX or a ZIP member)."""
    manual: Text | None = None
    """Why the dataset is updated by hand, for the maintainers: e.g. the publisher's file is named anew each
    month and holds the months as columns (SESNSP's IDM_NM), or the data file is someone's aggregation."""
    timeout: int = Field(default=60, ge=1, le=600)
    """Seconds to wait for the publisher to answer each request."""
    max_revised_share: float = Field(default=0.5, gt=0, le=1)
    """Largest share of the values both releases hold that a release may change: more stops the refresh (a
    change of unit or definition?). Raise it after checking a release that truly revises that much."""

    @model_validator(mode="after")
    def _one(self):
        rules.check([] if sum(x is not None for x in (self.socrata, self.file, self.manual)) == 1 else
                    [("", "declare exactly one of socrata, file or manual")])
        if self.file and self.file.format == "zip" and not self.file.member:
            rules.check([("file.member", "a ZIP needs the member to read (its path inside the ZIP)")])
        return self


AreaLevel = Literal["city", "district", "state", "station", "point"]


def _groups(pattern: str) -> list[str]:
    try:
        return list(re.compile(pattern).groupindex)
    except re.error:
        return []


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
    delimiter: Literal[",", ";", "\t", "|"] | None = None
    """As for the dataset, if the newer file separates its columns otherwise."""


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
    incident's location ('point': never published as such, only counted in hotspot grid cells; safety-walk
    records, being places, are: see walk)."""
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
    every revision of an earlier value is listed on the dataset page and in <dataset>_revisions.csv.
    `build.py refresh` adds one for each release it fetches."""
    refresh: Refresh | None = None
    """Where the publisher releases this dataset, so that `build.py refresh` fetches each new release and
    proposes it for review; without it the dataset is updated by hand."""
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
    wide_columns: str | None = None
    """For a file whose columns each hold one measure in one period (pre2013, inc2013, ...): a regular
    expression with the named groups `measure` and `period` that those column names match, e.g.
    '(?P<measure>[a-z]+)(?P<period>\\d{4})'. Each matching column becomes rows; measure_map names the measures."""
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
    delimiter: Literal[",", ";", "\t", "|"] = ","
    """What separates the columns of the CSV file: ',' or ';' (what spreadsheets set to Spanish, Portuguese or
    French save as CSV), a tab or '|'."""
    missing_values: list[str] = [""]
    """Cell values that mean 'no data' (kept as missing, never as zero), e.g. ["", NA, "-"]. In incident
    records, a row whose longitude or latitude is one of them has no location: it is left out of the counts
    and the dataset page says how many were."""
    decimal_separator: Literal[".", ","] = "."
    """How the file writes decimals, in values and in coordinates: '.' (2.5, -75.56) or ',' (2,5, -75,56).
    Numbers written otherwise are errors."""
    thousands_separator: Literal["", ",", ".", " ", "'"] = ""
    """How the file groups thousands, if it does: '' (none: 1592), ',' (1,592), '.' (1.592), ' ' or "'".
    Without it, '1,592' is an error and '1.592' is one and a half or so: never a count."""
    combine: Literal["none", "sum"] = "none"
    """Rows with the same area, period, measure and breakdown: 'none' reports them as an error (a repeated
    row would be counted twice); 'sum' adds them up (e.g. the barrios of one comuna, the subtypes of a
    crime). Incident records alike in every column the dataset reads (the same time, place, category and
    breakdown) are an error too, unless 'sum' declares them distinct incidents (two victims of one event)."""
    coverage_column: str | None = None
    """Column holding how many months a yearly value covers; fewer than 12 marks a partial year."""
    differs_from: dict[Slug, Text] = {}
    """Why this dataset's values differ from those of another dataset of the city that counts the same measure
    (that dataset's id: the reason), e.g. victims rather than crimes, another release, other cleaning. Where two
    datasets give a measure different values for the same year, both figures' pages set them side by side, with
    this reason; the differences are published in reconciliation/<measure>.csv."""
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
        if sum(map(bool, (self.wide_periods, self.wide_columns, self.period_column, self.period_value,
                          self.date_column))) != 1:
            broken.append(("", "needs exactly one of period_column, period_value, date_column, wide_columns or "
                               "wide_periods: true"))
        if self.wide_columns and not {"measure", "period"} <= set(_groups(self.wide_columns)):
            broken.append(("wide_columns", "expected a regular expression with the groups (?P<measure>...) and "
                                           "(?P<period>...)"))
        if self.local_times and not self.time_zone:
            broken.append(("local_times", "local times need the time_zone they are in"))
        if self.period_type == "month" and not (self.month_column or self.date_column):
            broken.append(("period_type", "monthly data needs month_column"))
        if self.decimal_separator == self.thousands_separator:
            broken.append(("thousands_separator", "the thousands separator cannot be the decimal separator too"))
        long = bool(self.measure_column and (self.value_column or self.wide_periods or self.area_level == "point"))
        long = long or bool(self.measure and self.area_level == "point") or bool(self.wide_columns)
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
