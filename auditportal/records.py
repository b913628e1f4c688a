"""The records that travel between the stages: what reading gives computing, what computing gives
writing. Plain, frozen values with no behaviour beyond looking things up in themselves, so that every
stage can take them without importing another stage, and a test can build one by hand.

In the order data flows: a dataset read and reshaped (`Table`) over a city's areas (`Geography`); then
computed and gated (`IndicatorSeries`, `Figure` with its `Layer`, `Finding`, `WalkSet`, `Comparison`);
a city's whole computation (`CityBuild`) and the portal's (`Site`), to which drawing adds `Drawing`s.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal, overload

import pandas as pd

from .i18n import Locale
from .problems import Problem
from .schema import Chart, City, Dataset, Indicator, IndicatorChoice, Portal, Recommendation, Text
from .schema.practice import Practice
from .schema.survey import OwnSurvey

# --- read ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """One dataset, reshaped into tidy observations (tidy.py), with the count of what happened to its rows."""
    slug: str
    config: Dataset
    frame: pd.DataFrame
    dimensions: list[str]
    rows_read: int
    rows_excluded: dict[str, int] = field(default_factory=dict)
    located: dict[str, int] = field(default_factory=dict)  # incidents counted by district: inside one, or nearest
    area_names: dict[str, str] = field(default_factory=dict)  # from area_name_column: areas not in districts
    revisions: pd.DataFrame | None = None  # cells a newer release changed (read.releases.merged)

    @property
    def rows_kept(self) -> int:
        return self.rows_read - sum(self.rows_excluded.values())


@dataclass(frozen=True)
class Geography:
    """A city's districts (polygons) or police stations (points), as read.geography checked them."""
    kind: str                      # "polygon" or "point"
    codes: list[str]               # in file order
    names: dict[str, str]
    shapes: dict[str, object]      # code -> shapely geometry
    extra_codes: tuple[str, ...] = ()  # codes data may use that have no shape (e.g. 'rural')

    def known_codes(self) -> set[str]:
        return set(self.codes) | set(self.extra_codes)


@dataclass(frozen=True)
class Shared:
    """A promising practice, read and checked (read.practices)."""
    id: str
    practice: Practice
    body: str                  # what was done, Markdown, in practice.language
    lines: dict[tuple, int]    # each key's line in the file, for problems found later


@dataclass(frozen=True)
class SurveyResponses:
    """A city's own survey export, read and checked (read.survey_export): one row per respondent who consented,
    with the design (stratum, cluster, weight), district, sex, age group and the answers as 0/1 indicators and
    counts. Never published: compute.survey_estimates turns it into estimates."""
    slug: str
    config: OwnSurvey
    frame: pd.DataFrame
    rows_read: int
    rows_excluded: dict[str, int] = field(default_factory=dict)  # why -> rows (no consent)


@dataclass(frozen=True)
class CityInputs:
    """One city folder read and checked (read.city): what computing the city starts from."""
    slug: str
    config: City
    recommendations: list[Recommendation]
    description: Text  # city.yml's description, each language overridden by description.<lang>.md
    geo: Geography | None
    tables: dict[str, Table]  # every dataset, incident records counted by district where there are districts
    points: dict[str, Table]  # incident records, one row each (never published; counted)
    participants: dict[str, dict[str, float]]  # safety-walk dataset -> walk -> how many took part
    surveys: dict[str, SurveyResponses] = field(default_factory=dict)  # the city's own surveys, never published


# --- compute ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSeries:
    """An indicator's values per period, and by area for the latest complete one (compute.indicators)."""
    id: str
    indicator: Indicator
    choice: IndicatorChoice
    table: pd.DataFrame          # period, numerator, denominator, [years,] denominator_periods, denominator_method,
    #                              value, lower, upper, coverage_months, partial, note_keys, flag
    by_area: pd.DataFrame | None  # period, area_code, area_name, numerator, denominator, [years,] value, lower,
    #                               upper, flag
    area_level: str
    # by each breakdown its dataset holds (sex, age group, weapon): period, the breakdown's column, numerator,
    # denominator, [years,] value, lower, upper, facts, flag; what a reader picks on the indicator's page
    breakdowns: dict[str, pd.DataFrame] = field(default_factory=dict)


@dataclass(frozen=True)
class Layer:
    """What a map colours: the shapes, the column shown and its class breaks."""
    geo: Geography
    value_col: str                     # "rate", "value", or "class" (a hot-spot grid's significance)
    breaks: list[float]
    outline: Geography | None = None   # district boundaries drawn under a hotspot grid
    alternative: str | None = None     # another column one click away on the same classes (the raw rate)


Kind = Literal["charts", "maps", "hotspots", "indicators", "indicator_maps", "left_behind", "breakdowns"]
"""The kind of a figure, also the folder of its files (data/<city>/<kind>/<id>.csv)."""


@dataclass(frozen=True)
class Figure:
    """A figure computed once (compute.figures): pages, findings, drawings and downloads all read it."""
    kind: Kind
    id: str
    title: Text
    dataset: str                      # the dataset it is drawn from
    table: pd.DataFrame               # exactly what is published as its CSV
    csv: str                          # that CSV's path under data/<city>/
    chart: Chart | None = None        # charts: type, breakdown
    layer: Layer | None = None        # maps, hotspots, indicator maps: what is coloured (none: a table only)
    unit: str | None = None           # maps of rates and indicator figures: per_100k, percent, count
    series: IndicatorSeries | None = None  # indicator figures: values, target
    cell_m: int = 0                   # hotspots: the side of a cell in metres
    hidden_cells: int = 0             # hotspots: cells whose count the disclosure rule withholds

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.id


@dataclass(frozen=True)
class Finding:
    """A key finding, language-free: which sentence, and the numbers it is worded with (compute.findings)."""
    source: tuple[str, str]  # key (kind, id) of the figure whose table backs it
    key: str                 # which sentence (a key in templates/strings.yml)
    numbers: dict = field(default_factory=dict)
    clauses: tuple[str, ...] = ()  # further sentences, worded with the same numbers


@dataclass(frozen=True)
class WalkSet:
    """One dataset of safety-walk records, through the gate (compute.walks): the records (places), the walks
    with how many took part, and the records counted by district and category and by category and follow-up;
    `outline` is the districts drawn under the points."""
    slug: str
    config: Dataset
    records: pd.DataFrame
    walks: pd.DataFrame
    by_area: pd.DataFrame
    by_category: pd.DataFrame
    outline: Geography | None

    def answers(self) -> dict[str, list[int]]:
        """Recommendation id -> the records (source lines) it answers, in file order."""
        out: dict[str, list[int]] = {}
        for record, ids in zip(self.records["record"], self.records["answered_by"]):
            for rec_id in filter(None, ids.split(";")):
                out.setdefault(rec_id, []).append(int(record))
        return out


@dataclass(frozen=True)
class SurveyEstimates:
    """A city's own survey, estimated (compute.survey_estimates): each measure overall and by district, sex and
    age group, with its standard error, 95 % interval, coefficient of variation, respondents and flag, exactly
    as published in data/<city>/surveys/<slug>_estimates.csv; no respondent's row."""
    slug: str
    config: OwnSurvey
    estimates: pd.DataFrame
    respondents: int
    strata: int
    clusters: int
    recorded: pd.DataFrame | None = None  # police-recorded crime beside the survey's (compute.survey_recorded)


_MISSING = object()


@dataclass(frozen=True)
class CityBuild:
    """Everything computed for one city: the plain values pages and publish read."""
    slug: str
    config: City
    geo: Geography | None
    tables: dict[str, Table]
    indicators: list[IndicatorSeries]
    figures: list[Figure]
    findings: list[Finding]
    recommendations: list[Recommendation]
    gaps: dict[str, list[str]]  # dataset -> "name (code)" of mapped areas it has no rows for
    timespan: tuple[str, str, date] | None  # first and last periods of its counts, and the last day covered
    datasets: dict[str, pd.DataFrame]  # each dataset as published (not incident points), through the gate
    description: Text  # city.yml's description, each language overridden by description.<lang>.md
    points: dict[str, Table]  # incident records, one row each (never published; counted)
    revisions: dict[str, pd.DataFrame]  # dataset -> values its newer releases changed, as published
    reconciliation: pd.DataFrame  # where two datasets give one measure different yearly totals (compute.reconcile)
    walks: list[WalkSet] = field(default_factory=list)  # safety-walk records, through the gate
    surveys: list[SurveyEstimates] = field(default_factory=list)  # the city's own surveys, estimated
    current: str | None = None  # for an earlier edition: the id of the city's current edition
    download: tuple[Geography, float] | None = None  # the boundaries as published, simplified to metres (0: as read)
    key: str = ""  # the hash of everything it was made from (cache.py)

    @overload
    def figure(self, key: tuple[str, str]) -> Figure: ...

    @overload
    def figure(self, key: tuple[str, str], default: None) -> Figure | None: ...

    def figure(self, key, default=_MISSING):
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


@dataclass(frozen=True)
class Entry:
    """One city's series in a comparison, with what decides whether it may share an axis."""
    city: CityBuild
    series: IndicatorSeries
    period_kind: str   # year | financial_year | total (one figure over several years, never drawn as a year)
    scope: str         # city | state
    publisher: Text
    population: str    # how the latest rate's population was found: same, nearest, interpolated ('' if no rate)

    @property
    def group(self) -> tuple[str, str]:
        return self.period_kind, self.scope


@dataclass(frozen=True)
class Note:
    """Something a reader must know before comparing (a key in templates/strings.yml)."""
    key: str
    cities: tuple[str, ...] = ()  # the city slugs it names


@dataclass(frozen=True)
class Apart:
    """A city reporting a compared indicator whose figures cannot share the chart's axes, and why: `reason` is
    state (a whole state against cities), financial_year or year (another kind of year), total (one figure over
    several years) or group (any other difference of period or area); `period` the total's span."""
    entry: Entry
    reason: str
    period: str = ""


@dataclass(frozen=True)
class Comparison:
    """An indicator across the cities that report it (compute.comparison)."""
    id: str
    indicator: Indicator
    groups: list[list[Entry]]   # entries that may share one axis; the first is the one charted, the others are
                                # listed with the reason they are not on its axes (`apart`)
    notes: list[Note]
    table: pd.DataFrame         # city, group, period, numerator, denominator, value, lower, upper, flag
    apart: list[Apart] = field(default_factory=list)  # the cities of every group but the first, and why

    @property
    def charted(self) -> list[Entry]:
        return self.groups[0] if self.groups else []


# --- write --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Drawing:
    """A figure drawn in one language (write.draw)."""
    spec: dict
    svg: str
    narrow: str  # the same figure drawn for a phone screen (write/draw/narrow.py)
    png: bytes | None  # for readers who need a bitmap (slides), drawn from the same SVG: portal.yml's png_downloads


@dataclass
class Site:
    """The whole portal once computed; drawings are added by the draw stage."""
    root: Path
    portal: Portal
    registry: dict[str, Indicator]
    locales: dict[str, Locale]
    cities: list[CityBuild]
    notices: list[Problem] = field(default_factory=list)   # deprecated keys and other warnings
    drawings: dict[str, dict[tuple[str, str, str], Drawing]] = field(default_factory=dict)  # city -> (kind, id, lang)
    comparisons: list[Comparison] = field(default_factory=list)  # one per reported indicator
    practices: list[Shared] = field(default_factory=list)  # in file-name order
    archives: list[CityBuild] = field(default_factory=list)  # earlier editions, oldest first per city
    # (indicator, group or drawing.LATEST, lang)
    comparison_drawings: dict[tuple[str, int | str, str], Drawing] = field(default_factory=dict)

    def editions(self, slug: str) -> list[CityBuild]:
        """A city's earlier editions, oldest first."""
        return [a for a in self.archives if a.current == slug]

    @property
    def built(self) -> list[CityBuild]:
        """Every city folder built: current editions, then earlier ones."""
        return self.cities + self.archives

