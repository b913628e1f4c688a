"""The schema of a city's own victimisation survey (city.yml's `surveys:`): the export of the portal's
questionnaire and its sample design. Read by read/survey_export.py, estimated by compute/survey_estimates.py.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .dataset import Source
from .types import DataPath, Slug, Strict, Text


class Recorded(Strict):
    """Police-recorded crime set beside the survey's estimate of the same crimes, district by district: the
    share of surveyed crimes the police recorded (the local dark figure seen from the other side)."""
    dataset: Slug
    """The police counts: a district-level dataset, or incident records (counted by district)."""
    measures: list[Slug] = Field(min_length=1)
    """The dataset's measures that record the survey's `crimes`."""
    crimes: list[str] = Field(min_length=1)
    """The questionnaire's crime types those measures record (e.g. street_robbery and vehicle_theft for the
    police's 'theft'): street_robbery, burglary, vehicle_theft, assault, fraud, threats, harassment."""
    year: int | None = Field(default=None, ge=1900, le=2100)
    """The calendar year of recorded crime compared (default: the year before the fieldwork, which most of
    the survey's 12 months fall in). Only a whole year is compared."""


class OwnSurvey(Strict):
    """A victimisation and perception survey the city ran itself with the portal's questionnaire (the
    victimisation_survey kit: an XLSForm for ODK Collect or KoboToolbox), read from the server's CSV export
    with its sample design, so that the portal estimates each figure with its margin of error. The export holds
    one row per respondent: it is read and checked, never published; only estimates are (with standard errors,
    95 % intervals and coefficients of variation, under the rule in the method page). The export's own
    metadata columns (submitter, device, dates, review state) are dropped on reading."""
    file: DataPath
    """The CSV export (ODK Central: "CSV file" without split select_multiple columns or with them;
    KoboToolbox: "XML values and headers"), relative to data/, with the design columns added by whoever
    drew the sample and computed the weights."""
    title: Text
    """Short title (e.g. Encuesta de victimización de Cali 2025)."""
    description: Text
    """Who ran the survey, when, and among whom (e.g. residents aged 18 or over)."""
    source: Source
    """Who carried out the fieldwork, and the terms of the estimates."""
    year: int = Field(ge=1900, le=2100)
    """The year of the fieldwork: victimisation questions ask about the 12 months before it."""
    server: Literal["odk_central", "kobotoolbox"] = "odk_central"
    """Where the export comes from: it says which column identifies each submission (KEY for ODK Central,
    _uuid for KoboToolbox) unless id_column says otherwise."""
    id_column: str | None = None
    """Column holding each submission's id, when it is not the server's usual one; two rows with one id are
    an error (a submission exported twice)."""
    stratum_column: str | None = None
    """Column holding each respondent's stratum (often the district column itself); without it the sample is
    one stratum."""
    cluster_column: str = "cluster"
    """Column holding each respondent's primary sampling unit (the form's cluster question: the sample's segment
    code)."""
    weight_column: str = "weight"
    """Column holding each respondent's sampling weight (how many residents they stand for), added to the export
    by whoever drew the sample; a row without a positive weight is an error."""
    stratum_population: dict[str, int] = {}
    """Residents of each stratum (the survey's population: aged 18 or over), where known: the weights of each
    stratum are then adjusted to add up to it (post-stratification). Every stratum of the export must be
    listed, or none."""
    delimiter: Literal[",", ";", "\t"] = ","
    """What separates the export's columns (KoboToolbox may export with ';')."""
    synthetic: bool = False
    """Set for made-up answers (the fixture city's test survey): every page and file that shows its estimates
    says so."""
    caveats: list[Text] = []
    """What readers must know (a low response rate, districts left out of the sample)."""
    recorded: Recorded | None = None
    """Police-recorded crime to set beside the survey's estimate of the same crimes, where the city has it
    by district."""

    def ids(self) -> str:
        return self.id_column or {"odk_central": "KEY", "kobotoolbox": "_uuid"}[self.server]
