"""Safety walks: participatory data. Residents walk their neighbourhood with the audit team and record the
risk factors they find at public spaces (poor lighting, an abandoned building, no transport at night, a
place where women feel unsafe), with how many took part and what has been done since.

These are places, not victims, so each record is published as a point (its coordinates rounded to about
10 m) with its category, period, district, follow-up and the recommendations that answer it. How many
people took part in each walk is a count of people: it passes the disclosure gate like any other. Nothing
else about the people who walked is read or published.
"""
from __future__ import annotations

import typing
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..problems import ValidationFailed
from ..read import cells, incidents
from ..read.geography import Geography
from ..read.sources import Table
from ..schema import City, Dataset, Disclosure, Recommendation
from ..schema.dataset import WalkStatus
from . import disclosure

STATUSES: list[str] = list(typing.get_args(WalkStatus))
OPEN = ("open", "in_progress")
PRECISION = 4  # decimals of a published coordinate: about 10 m, a public space rather than a doorway
PLACES = Disclosure.model_construct(suppress_below=0, protected_measures=[])
"""The gate's rule for counts of places: nothing to withhold (every place is on the map already)."""


@dataclass(frozen=True)
class WalkSet:
    """One dataset of safety-walk records, through the gate: the records (places), the walks with how many
    took part, and the records counted by district and category and by category and follow-up; `outline`
    is the districts drawn under the points."""
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


def for_city(slug: str, city: City, tables: dict[str, Table], geo: Geography | None,
             recommendations: list[Recommendation]) -> list[WalkSet]:
    """Every safety-walk dataset of a city, its rows checked; every problem of every dataset at once."""
    out, problems = [], []
    for ds_slug, ds in city.datasets.items():
        if ds.walk is None or ds_slug not in tables:
            continue
        try:
            out.append(walk_set(ds_slug, tables[ds_slug], city, geo, {r.id for r in recommendations}, slug))
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
        for rec_id in _ids(getattr(r, "answered_by", "")):
            if rec_id not in known_recs:
                rows.add(r.line, walk.recommendations_column or "", "unknown recommendation",
                         f"no recommendation {rec_id!r} in cities/{city_slug}/recommendations.yml",
                         "known: " + (", ".join(sorted(known_recs)) or "none yet"))
    if rows.all():
        raise ValidationFailed(rows.all())
    return people


def _ids(text: str) -> list[str]:
    return [part.strip() for part in str(text).split(";") if part.strip()]


def walk_set(slug: str, table: Table, city: City, geo: Geography | None, known_recs: set[str],
             city_slug: str) -> WalkSet:
    ds, frame = table.config, table.frame.reset_index(drop=True)
    people = _checked(frame, ds, known_recs, city_slug)
    outline = geo if geo is not None and geo.kind == "polygon" else None
    shown = f"data/{ds.file}"
    codes = incidents.districts_of(frame, outline, shown)[0] if outline and len(frame) else [""] * len(frame)
    names = [outline.names.get(code, "") if outline else "" for code in codes]
    records = pd.DataFrame({
        "record": frame["line"].astype(int), "walk": frame["walk"], "period": frame["period"],
        "period_start": frame["period_start"], "area_code": codes, "area_name": names, "category": frame["measure"],
        "lon": frame["lon"].round(PRECISION), "lat": frame["lat"].round(PRECISION), "follow_up": frame["follow_up"],
        "answered_by": [";".join(_ids(x)) for x in frame.get("answered_by", pd.Series("", index=frame.index))],
    }).sort_values(["period_start", "record"], kind="stable", ignore_index=True).drop(columns=["period_start"])
    grouped = records.groupby("walk", sort=False)
    walks = pd.DataFrame({"period": grouped["period"].first(), "areas": grouped["area_name"].agg(
        lambda s: "; ".join(dict.fromkeys(n for n in s if n))), "records": grouped.size()}).reset_index()
    walks["participants"] = walks["walk"].map(people).astype(float)
    walks[disclosure.CELLS] = [(i,) for i in range(len(walks))]
    [walks] = disclosure.protect(len(walks), np.zeros(len(walks), dtype=int),
                                 [disclosure.Release(walks, count="participants")], city.disclosure)
    places = [_summary(records, keys) for keys in (["area_code", "area_name", "category"], ["category"])]
    gated = disclosure.protect(len(records), np.zeros(len(records), dtype=int),
                               [disclosure.Release(t, count="observations")
                                for t in (records.assign(observations=1, **{disclosure.CELLS: [
                                    (i,) for i in range(len(records))]}), *places)], PLACES)
    return WalkSet(slug, ds, gated[0].drop(columns=["observations", "flag"]), walks,
                   gated[1].drop(columns=["flag"]), gated[2].drop(columns=["flag"]), outline)


def _summary(records: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Records (places) counted by `keys`: how many, how many still open, and how many at each follow-up."""
    grouped = records.groupby(keys, sort=True)
    out = grouped.size().rename("observations").to_frame()
    out["still_open"] = grouped["follow_up"].agg(lambda s: int(s.isin(OPEN).sum()))
    for status in STATUSES:
        out[status] = grouped["follow_up"].agg(lambda s, st=status: int((s == st).sum()))
    out[disclosure.CELLS] = [tuple(int(i) for i in idx) for idx in grouped.indices.values()]
    return out.reset_index()


def publish(c, files, title) -> None:
    """A city's safety-walk files (publish.Files): the records at data/<city>/<dataset>.csv, as points in
    walks/<dataset>.geojson, the walks with their participants, and the two summaries; `title` words a config
    text in English."""
    for w in c.walks:
        name = title(w.config.title)
        files.csv(f"{w.slug}.csv", w.records, name, "Safety-walk records: one risk factor at a public space per "
                  "row, coordinates rounded to 4 decimals (about 10 m).")
        files.csv(f"walks/{w.slug}_walks.csv", w.walks, f"Safety walks and their participants: {name}",
                  "One row per walk; participants follow the disclosure rule.")
        files.csv(f"walks/{w.slug}_by_area.csv", w.by_area, f"Safety walks by district and category: {name}")
        files.csv(f"walks/{w.slug}_by_category.csv", w.by_category, f"Safety walks by category: {name}")
        files.geojson(f"walks/{w.slug}.geojson", points(w), f"Safety-walk places: {name}", w.records)


def points(w: WalkSet) -> dict:
    """The records as GeoJSON points (RFC 7946), each with what was found there."""
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                 "properties": {k: v for k, v in r.items() if k not in ("lon", "lat")}}
                for r in w.records.to_dict("records")]
    return {"type": "FeatureCollection", "features": features}
