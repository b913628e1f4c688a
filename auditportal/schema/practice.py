"""The schema of a promising practice: one file per practice, `practices/<id>.md`, its fields as YAML
front matter and what was done as the Markdown body. A city shares one by pull request; the template is
`practices/_template.md`."""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from . import rules
from .city import Contact
from .types import Lang, Slug, Strict, Text, Url

EVIDENCE_SCALE = ["no_evaluation", "monitoring", "before_after", "comparison_group", "experimental"]
"""How strong the evidence of effect is, weakest first: no evaluation; monitoring data only (activity and
outputs); a before-and-after comparison of the outcome; a comparison with a similar place or group that
did not get it; a randomised or quasi-experimental evaluation."""

Strength = Literal["no_evaluation", "monitoring", "before_after", "comparison_group", "experimental"]


class Evidence(Strict):
    strength: Strength
    """How strong the evidence of effect is, on the portal's scale (weakest first): no_evaluation, monitoring,
    before_after, comparison_group, experimental."""
    summary: Text
    """What the evidence shows, in one or two sentences, and what it does not."""
    sources: list[Url] = []
    """Evaluations, reports or data behind it."""


class Cost(Strict):
    amount: float | None = Field(default=None, ge=0)
    """What it cost, where known."""
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    """ISO 4217 code of the amount, e.g. COP."""
    note: Text | None = None
    """What the amount covers (years, staff, in-kind contributions), or why it is not known."""

    @model_validator(mode="after")
    def _amount_has_currency(self):
        rules.check([("currency", "an amount needs its currency")]
                    if self.amount is not None and not self.currency else [])
        return self


class Span(Strict):
    start: int = Field(ge=1900, le=2100)
    """Year it started."""
    end: int | None = Field(default=None, ge=1900, le=2100)
    """Year it ended; empty while it runs."""


class Practice(Strict):
    title: Text
    """Short title."""
    city: Slug
    """The city that carried it out (a folder under cities/)."""
    language: Lang
    """Language the body (what was done) is written in."""
    themes: list[Slug] = Field(min_length=1)
    """Themes, from the list in portal.yml (`themes:`), e.g. youth, gender_based_violence, urban_design."""
    target_group: Text
    """Who it is for (young people aged 14 to 24 in two comunas, women using night transport)."""
    lead: Text
    """Lead agency."""
    partners: list[Text] = []
    """Partner agencies."""
    period: Span
    """When it ran."""
    cost: Cost | None = None
    """What it cost, where known."""
    evidence: Evidence
    """Evidence of effect and its strength."""
    contacts: list[Contact] = []
    """Who to ask about it."""
    indicators: list[Slug] = []
    """Indicators (ids from indicators.yml) it aims to move."""
    recommendations: list[str] = []
    """Recommendation ids of its city's recommendations.yml that it answers."""
    related: list[Slug] = []
    """Other practices (their file names without .md) it relates to."""
    example: bool = False
    """True for an illustrative example drawn from an audit's recommendation, not a practice the city has
    reported; pages say so."""
