"""Safety walks: participatory data. Residents walk their neighbourhood with the audit team and record the
risk factors they find at public spaces (poor lighting, an abandoned building, no transport at night, a
place where women feel unsafe), with how many took part and what has been done since.

These are places, not victims, so each record is published as a point (its coordinates rounded to about
10 m) with its category, period, district, follow-up and the recommendations that answer it. How many
people took part in each walk is a count of people: it passes the disclosure gate like any other. Nothing
else about the people who walked is read or published.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..read import incidents
from ..read.walks import STATUSES, ids
from ..records import Geography, Table, WalkSet
from ..schema import City, Disclosure
from . import disclosure

OPEN = ("open", "in_progress")
PRECISION = 4  # decimals of a published coordinate: about 10 m, a public space rather than a doorway
PLACES = Disclosure.model_construct(suppress_below=0, protected_measures=[])
"""The gate's rule for counts of places: nothing to withhold (every place is on the map already)."""


def for_city(city: City, tables: dict[str, Table], geo: Geography | None,
             participants: dict[str, dict[str, float]]) -> list[WalkSet]:
    """Every safety-walk dataset of a city (its rows checked by read.walks, with how many took part in each
    walk), as published."""
    return [walk_set(slug, tables[slug], city, geo, people) for slug, people in participants.items()]


def walk_set(slug: str, table: Table, city: City, geo: Geography | None, people: dict[str, float]) -> WalkSet:
    ds, frame = table.config, table.frame.reset_index(drop=True)
    outline = geo if geo is not None and geo.kind == "polygon" else None
    shown = f"data/{ds.file}"
    columns = f"{ds.lon_column}, {ds.lat_column}"
    codes = incidents.districts_of(frame, outline, shown, columns)[0] if outline and len(frame) else [""] * len(frame)
    names = [outline.names.get(code, "") if outline else "" for code in codes]
    records = pd.DataFrame({
        "record": frame["line"].astype(int), "walk": frame["walk"], "period": frame["period"],
        "period_start": frame["period_start"], "area_code": codes, "area_name": names, "category": frame["measure"],
        "lon": frame["lon"].round(PRECISION), "lat": frame["lat"].round(PRECISION), "follow_up": frame["follow_up"],
        "answered_by": [";".join(ids(x)) for x in frame.get("answered_by", pd.Series("", index=frame.index))],
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
