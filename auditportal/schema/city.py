"""The schema of `cities/<slug>/city.yml`: one typed, documented declaration per option.

Rules between keys of one model are model validators here; references between parts of
the file (a chart naming a dataset) are checked in crossref.py.
"""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from . import rules
from .dataset import Dataset, Source
from .survey import OwnSurvey
from .types import DataPath, Lang, Licence, Slug, Strict, Text, Url


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
    repair: bool = False
    """Repair invalid polygons (rings that cross, nested shells, as GIS exports often write them) with GEOS'
    make_valid instead of refusing them. Each repaired feature is listed, with its change of area, when the
    site is validated and built."""
    full_precision: bool = False
    """Publish the boundaries as read even when they are large. By default a boundary file whose published
    copy would exceed 2 MB is published simplified (shared borders kept shared), and its dataset page says so:
    densified GIS exports otherwise become downloads of tens of MB, copied into the offline edition."""
    source: Source
    """Provenance of the boundary file."""


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
    illustrative: bool = False
    """True for a target that is not the city's own (an example's): every status against it is then shown as
    illustrative (on the city page, the indicator pages, the JSON twins, the API and the status CSV)."""


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
    """Dataset mapped. Accepted: a district-level dataset over district polygons (a choropleth); a
    station-level dataset over station points (proportional symbols); incident records (area_level: point)
    over district polygons, counted by district first (Mexico City's car-jacking map). Incident records over
    station points are not: nothing says which station's area a record lies in. To show incident records
    as a grid of cells, use hotspots."""
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
    cell_m: int | None = Field(default=None, ge=100, le=5000)
    """Side of a grid cell in metres; by default chosen from the data (twice the average distance between
    neighbouring incidents, within what a phone can draw): see the methodology page."""
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
    file: DataPath
    """A vector-tile extract of the city as one PMTiles file under data/ (e.g. from the Protomaps basemap, cut
    with `pmtiles extract --bbox=...`): published with the site and drawn under its interactive maps, so that
    no map asks another host for anything. The build checks that it covers the city's districts."""
    attribution: str
    """Attribution its licence requires, shown on the map (e.g. "© OpenStreetMap contributors")."""
    licence: Licence
    """Its licence, as an SPDX identifier (OpenStreetMap data: ODbL-1.0)."""


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
    surveys: dict[Slug, OwnSurvey] = {}
    """The city's own victimisation surveys by id, each read from the export of the portal's questionnaire with
    its sample design: only estimates with their margins of error are published (the city's survey page and
    data/<city>/surveys/<id>_estimates.csv), never a respondent's answers."""
    indicators: list[IndicatorChoice] = []
    """Indicators the city reports."""
    charts: list[Chart] = []
    """Charts on the city's pages, each with its data published."""
    maps: list[MapSpec] = []
    """Maps on the city's pages, each with its data published."""
    hotspots: list[Hotspot] = []
    """Hot-spot maps: incidents counted in square grid cells, each cell's significance by Getis-Ord Gi* (counts
    under the disclosure threshold withheld)."""
    contacts: list[Contact] = []
    """Who to contact about the audit."""
    licence: Licence
    """SPDX identifier of the licence of the city's own text (findings, recommendations)."""
    disclosure: Disclosure = Disclosure()
    """Rule protecting victims in published figures."""
    basemap: Basemap | None = None
    """Optional basemap (streets, places) under the interactive maps, as a PMTiles file on the site itself;
    without one the maps show the land and coastline, the district names and a scale bar."""
