"""Safety walks drawn: the places on a map (the districts underneath, each place coloured by its category of
risk factor) and the records counted by district and category, as Vega-Lite specs and static SVGs per
language, written beside the pages (the walks page shows them; charts.js makes them interactive)."""
from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import pandas as pd

from ...i18n import Locale
from ...read import geography
from ...records import WalkSet
from .. import urls
from .charts import CATEGORICAL, finish
from .drawing import svg

WIDTH, HEIGHT = 560, 480


def category_names(w: WalkSet, loc: Locale, fallbacks) -> dict[str, str]:
    assert w.config.walk is not None
    return {cat: loc.text(name, fallbacks) for cat, name in w.config.walk.categories.items()}


def _colour(w: WalkSet, loc: Locale, fallbacks) -> alt.Color:
    names = list(category_names(w, loc, fallbacks).values())
    colours = [CATEGORICAL[i % len(CATEGORICAL)] for i in range(len(names))]
    return alt.Color("category:N", title=loc("walk_category"), scale=alt.Scale(domain=names, range=colours),
                     legend=alt.Legend(orient="bottom", labelLimit=300, columns=2))


def map_spec(w: WalkSet, title: str, loc: Locale, fallbacks) -> dict:
    """The places as dots on the districts: a place is a public space, and the record says what was found."""
    names = category_names(w, loc, fallbacks)
    values = [{"lon": r.lon, "lat": r.lat, "category": names.get(r.category, r.category),
               "status": loc(f"walk_status_{r.follow_up}"), "area": r.area_name or "–", "period": r.period}
              for r in w.records.itertuples()]
    dots = alt.Chart(alt.Data(values=values), title=title, width=WIDTH, height=HEIGHT).mark_circle(
        size=110, opacity=0.9, stroke="#333333", strokeWidth=0.8).encode(
        longitude="lon:Q", latitude="lat:Q", color=_colour(w, loc, fallbacks),
        tooltip=[alt.Tooltip("category:N", title=loc("walk_category")),
                 alt.Tooltip("status:N", title=loc("walk_follow_up")),
                 alt.Tooltip("area:N", title=loc("chart_area")), alt.Tooltip("period:N", title=loc("col_period"))])
    if w.outline is None:
        return finish(dots.project(type="mercator"))
    outline = geography.feature_collection(geography.simplified(w.outline, WIDTH), {}, for_vega=True)["features"]
    under = alt.Chart(alt.Data(values=outline), width=WIDTH, height=HEIGHT).mark_geoshape(
        fill="#f2f2f2", stroke="#8a8a8a", strokeWidth=0.8, aria=False)  # the districts' outline: decoration
    return finish(alt.layer(under, dots, title=title).project(type="mercator"))


def chart_spec(w: WalkSet, title: str, loc: Locale, fallbacks) -> dict:
    """Records by district (or, without districts, by category), each bar split by category."""
    names = category_names(w, loc, fallbacks)
    table = w.by_area.assign(category=w.by_area["category"].map(names).fillna(w.by_area["category"]),
                             area=w.by_area["area_name"].where(w.by_area["area_name"] != "", loc("level_city")))
    values = table[["area", "category", "observations"]].to_dict("records")
    order = (table.groupby("area")["observations"].sum().sort_values(ascending=False, kind="stable").index.tolist())
    chart = alt.Chart(alt.Data(values=values), title=title, width=WIDTH).mark_bar().encode(
        y=alt.Y("area:N", title=None, sort=order),
        x=alt.X("sum(observations):Q", title=loc("walk_observations"), axis=alt.Axis(tickMinStep=1, format="d")),
        color=_colour(w, loc, fallbacks),
        tooltip=[alt.Tooltip("area:N", title=loc("chart_area")), alt.Tooltip("category:N", title=loc("walk_category")),
                 alt.Tooltip("observations:Q", title=loc("walk_observations"))])
    return finish(chart)


def figure_ids(w: WalkSet) -> tuple[str, str]:
    """The map's and the chart's ids: their files are <city>/walks/<id>.svg and .vl.json in each language."""
    return w.slug, f"{w.slug}_by_area"


def write_drawings(site, docs: Path) -> None:
    """Each city's safety-walk map and chart in every language, beside its pages under docs/<lang>/."""
    for c in site.built:
        fallbacks = c.config.languages
        for lang in site.portal.languages:
            loc = site.locales[lang]
            for w in c.walks:
                title = loc.text(w.config.title, fallbacks)
                specs = dict(zip(figure_ids(w), (map_spec(w, title, loc, fallbacks),
                                                 chart_spec(w, loc("walks_by_area"), loc, fallbacks))))
                for fig_id, spec in specs.items():
                    path = docs / lang / urls.figure_file(c.slug, "walks", fig_id, "svg")
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(svg(spec, lang), encoding="utf-8")
                    path.with_suffix(".vl.json").write_text(json.dumps(spec, sort_keys=True), encoding="utf-8")


def summary_counts(w: WalkSet) -> pd.Series:
    """Records by category, most first (for the figures' text)."""
    return w.by_category.set_index("category")["observations"].sort_values(ascending=False, kind="stable")
