"""The schema of the files beside the cities: `portal.yml` (the site), `indicators.yml` (the
indicator registry all cities share) and each city's `recommendations.yml`."""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, WithJsonSchema, model_validator

from . import rules
from .types import Lang, Licence, SiteUrl, Slug, Strict, Text, Url

ORIGIN_PATTERN = r"^https://[^/\s?#]+$"


def _origin(value: str) -> str:
    """Decap takes the sign-in's answer only from the exact origin it opened: with a path or a final '/',
    every sign-in would wait for an answer it then ignores."""
    if not re.fullmatch(ORIGIN_PATTERN, value):
        raise ValueError("expected https:// and the endpoint's host only, with no path and no final '/', e.g. "
                         "https://sveltia-cms-auth.example.workers.dev (a path goes in editor.auth_path)")
    return value


Origin = Annotated[str, AfterValidator(_origin), WithJsonSchema({"type": "string", "pattern": ORIGIN_PATTERN})]


class Editor(Strict):
    auth_url: Origin | None = None
    """Address of the OAuth endpoint that signs city staff in to the editor at /admin/ with GitHub on the
    published site: https:// and the host only (e.g. https://sveltia-cms-auth.example.workers.dev, a Cloudflare
    Worker running sveltia-cms-auth; CONTRIBUTING, "Edit in the browser", sets one up). It keeps the GitHub OAuth
    App's client secret, which goes neither in the repository nor in the site. Left out, the editor's "Login with
    GitHub" opens a page of the site saying that sign-in is not set up, rather than Netlify's service (Decap's
    default), which cannot sign anyone in to a site on GitHub Pages."""
    auth_path: str = Field(default="auth", pattern=r"^[A-Za-z0-9_.~-]+(/[A-Za-z0-9_.~-]+)*$")
    """Where sign-in starts on that endpoint, after its address and a '/' (Decap's auth_endpoint): 'auth' for
    sveltia-cms-auth and most others."""


class Portal(Strict):
    title: Text
    """Site title shown in the header and browser tab."""
    description: Text
    """One or two sentences on what the portal is; shown on the home page and in search results."""
    languages: list[Lang] = Field(min_length=1)
    """Languages the site is built in, the default first; each gets its own site under /<lang>/."""
    site_url: SiteUrl
    """Public address of the site, ending in '/', used for canonical links and absolute download URLs."""
    repo_url: Url | None = None
    """Address of the source repository, linked from every page."""
    publisher: Text
    """Who runs the portal; credited in citations next to each original publisher."""
    licence: Licence
    """SPDX identifier of the licence of the portal's own text and code outputs, e.g. CC-BY-4.0."""
    themes: dict[Slug, Text] = {}
    """Themes promising practices are filed under: id -> name per language (e.g. youth: {es: Jóvenes, ...})."""
    stale_after_years: int = Field(default=3, ge=1)
    """A city whose latest figures end more than this many years before its edition date shows a notice on
    every page saying which period its latest figures are for."""
    editor: Editor = Editor()
    """The browser editor at /admin/: how city staff sign in to it on the published site. Its interface is in
    the first of `languages`, with a choice of the others."""
    offline_url: Url | None = None
    """Where the offline edition (the whole site in one zip, to read from a folder without a connection) is
    published, when not in the site: e.g. a release asset of the repository
    (https://github.com/OWNER/REPO/releases/download/offline-edition/portal-offline.zip, which the Publish site
    workflow uploads). The build then writes the zip beside the site folder (site-offline/portal-offline.zip)
    rather than in it, so that its size does not count against the site's (max_site_bytes), and the home pages
    link here. Left out, the zip is published in the site, as /portal-offline.zip."""
    png_downloads: bool = False
    """Whether each figure is also published as a PNG (drawn from its SVG, at 1.5 times its size) beside its SVG,
    with a download link: for readers who need a bitmap (slides). Off by default: a PNG per figure and language is
    the largest part of a city's bytes, and the SVG (which the embed snippet uses) serves the others."""
    max_site_bytes: int = Field(default=1_000_000_000, ge=1)
    """Largest size of the built site, in bytes (every file under site/, the offline edition too when it is in
    the site): `build.py check` and `build --strict` fail above it, naming the largest contributors. Default:
    GitHub Pages' limit for a published site, 1 GB."""


class Selection(Strict):
    measures: list[Slug] = Field(min_length=1)
    """Measure ids summed (e.g. [homicide, femicide])."""
    where: dict[Slug, list[str]] = {}
    """Keep only rows whose breakdown holds one of these values (e.g. weapon: [firearm])."""


class Reference(Strict):
    title: str
    """Title of the methodological reference (e.g. the SDG metadata sheet)."""
    url: Url | None = None
    """Where to read it."""


Breakdown = Literal["district", "sex", "age_group", "crime_type", "year", "month"]
Unit = Literal["per_100k", "percent", "count"]


class Indicator(Strict):
    name: Text
    """Name of the indicator."""
    definition: Text
    """What it measures, in one sentence."""
    unit: Unit
    """per_100k: rate per 100,000 people; percent: share of the denominator; count: number of events."""
    sdg: str | None = Field(default=None, pattern=r"^\d{1,2}\.[0-9a-c]{1,2}(\.\d{1,2})?$")
    """SDG target (16.1) or indicator (16.1.1) it serves; empty for a local indicator."""
    numerator: Selection
    """What is counted."""
    denominator: Selection | None = None
    """What it is divided by: population for rates, the whole for percentages; required unless unit is count."""
    higher_is_better: bool = False
    """Whether a rise is good news (false for crime, true e.g. for feeling safe)."""
    breakdowns: list[Breakdown] = []
    """Disaggregations shown where a city's data has them."""
    method: Text
    """How it is computed and what to watch for when comparing."""
    reference: Reference | None = None
    """Methodological source."""

    @model_validator(mode="after")
    def _rates_need_a_denominator(self):
        rules.check([("unit", "a rate or percent needs a denominator")]
                    if self.unit != "count" and not self.denominator else [])
        return self


Status = Literal["planned", "in_progress", "implemented", "dropped"]
STATUS_ORDER: list[str] = ["planned", "in_progress", "implemented", "dropped"]


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
    status: Status
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
