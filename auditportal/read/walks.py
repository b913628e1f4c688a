"""Safety-walk records checked row by row (compute/walks.py publishes them): each row's category and
follow-up as the city declared them, one count of people per walk (never names), and the recommendations
it names known. Every problem names its line."""
from __future__ import annotations

import typing

import numpy as np
import pandas as pd

from ..problems import ValidationFailed
from ..records import Table
from ..schema import City, Dataset, Recommendation
from ..schema.dataset import WalkStatus
from . import cells

STATUSES: list[str] = list(typing.get_args(WalkStatus))


def participants(slug: str, city: City, tables: dict[str, Table],
                 recommendations: list[Recommendation]) -> dict[str, dict[str, float]]:
    """Every safety-walk dataset of a city, its rows checked: dataset -> walk -> how many took part; every
    problem of every dataset at once."""
    out, problems = {}, []
    known = {r.id for r in recommendations}
    for ds_slug, ds in city.datasets.items():
        if ds.walk is None or ds_slug not in tables:
            continue
        try:
            out[ds_slug] = _checked(tables[ds_slug].frame.reset_index(drop=True), ds, known, slug)
        except ValidationFailed as err:
            problems += err.problems
    if problems:
        raise ValidationFailed(problems)
    return out


def _checked(frame: pd.DataFrame, ds: Dataset, known_recs: set[str], city_slug: str) -> dict[str, float]:
    """Each row's category, follow-up and recommendations as declared; returns each walk's participants."""
    walk = ds.walk
    assert walk is not None
    rows = cells.RowProblems(f"data/{ds.file}")
    people: dict[str, float] = {}
    first: dict[str, int] = {}
    for r in frame.itertuples(index=False):
        if r.measure not in walk.categories:
            rows.add(r.line, ds.measure_column or "", "unknown category", f"unknown category {r.measure_label!r}",
                     f"declare it under walk.categories ({', '.join(walk.categories)}), or map the file's word "
                     "to one of them with measure_map")
        text = str(r.participants)
        number = cells.number(text, ds.decimal_separator, ds.thousands_separator)
        if text not in ds.missing_values and (number is None or number < 0 or number % 1):
            rows.add(r.line, walk.participants_column, "not a count of people",
                     f"expected how many people took part in the walk, a whole number (never names), got {text!r}")
        elif number is not None and not np.isnan(people.get(r.walk, np.nan)) and people[r.walk] != number:
            rows.add(r.line, walk.participants_column, "two counts for one walk",
                     f"walk {r.walk!r} had {people[r.walk]:g} participants on line {first[r.walk]}, here {text}",
                     "give each walk one number of participants (or leave it empty after its first row)")
        elif number is not None:
            people[r.walk], first[r.walk] = number, r.line
        people.setdefault(r.walk, np.nan)
        if r.follow_up not in STATUSES:
            rows.add(r.line, walk.status_column, "unknown follow-up",
                     f"expected one of {', '.join(STATUSES)}, got {r.follow_up!r}",
                     "turn the file's own words into these with value_maps")
        for rec_id in ids(getattr(r, "answered_by", "")):
            if rec_id not in known_recs:
                rows.add(r.line, walk.recommendations_column or "", "unknown recommendation",
                         f"no recommendation {rec_id!r} in cities/{city_slug}/recommendations.yml",
                         "known: " + (", ".join(sorted(known_recs)) or "none yet"))
    if rows.all():
        raise ValidationFailed(rows.all())
    return people


def ids(text: str) -> list[str]:
    return [part.strip() for part in str(text).split(";") if part.strip()]
