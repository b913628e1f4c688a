"""A city's own survey drawn: each estimate as a dot on its 95 % interval, overall by crime type and by
district for the main measures, as Vega-Lite specs and static SVGs per language beside the pages (the survey
page shows them; charts.js makes them interactive). Withheld estimates are not drawn; unreliable ones are drawn
hollow. The values drawn are the published CSV's."""
from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import pandas as pd

from ...compute import survey_estimates as se
from ...i18n import Locale
from ...read import geography
from ...read import questionnaire as q
from ...records import Geography, SurveyEstimates
from .. import urls
from .charts import CATEGORICAL, finish
from .drawing import svg

WIDTH = 560
MAIN = ("victim_any", "dark_figure", "feels_unsafe", "trusts_police")
"""The measures drawn by district."""
CRIME_MEASURES = ("victim_any", *(f"victim_{crime}" for crime in q.CRIMES))


def measure_name(measure: str, loc: Locale) -> str:
    """A measure in the page's language: crime types and places in the questionnaire's words."""
    lang = loc.lang if loc.lang in q.LANGUAGES else "en"
    if measure.startswith("victim_") and measure[7:] in q.CRIMES:
        return q.CRIMES[measure[7:]][lang]
    if measure.startswith("avoids_"):
        return loc("survey_avoids", place=next(c.label[lang] for c in q.CHOICE_LISTS["place"]
                                                  if c.code == measure[7:]))
    return loc(f"survey_m_{measure}")


def group_name(breakdown: str, group: str, name: str, loc: Locale) -> str:
    """A breakdown's group in the page's language: the district's name, the form's word for a sex, an age
    group's years."""
    lang = loc.lang if loc.lang in q.LANGUAGES else "en"
    if breakdown == "all":
        return loc("survey_all")
    if breakdown == "sex":
        return next(c.label[lang] for c in q.CHOICE_LISTS["sex"] if c.code == group)
    if breakdown == "age_group":
        low, high = q.AGE_GROUPS[group]
        return loc("survey_age_plus", low=low) if high == q.MAX_AGE else f"{low}–{high}"
    return name or group


def figure_ids(s: SurveyEstimates, geo: Geography | None = None) -> tuple[str, ...]:
    """The figures' ids (the map only over district polygons): their files are <city>/surveys/<id>.svg and
    .vl.json in each language."""
    mapped = (f"{s.slug}_map",) if geo is not None and geo.kind == "polygon" else ()
    return f"{s.slug}_crimes", f"{s.slug}_districts", *mapped


MAPPED = "feels_unsafe"
"""The perception measure the map colours by district."""


def map_spec(s: SurveyEstimates, geo: Geography, title: str, loc: Locale) -> dict:
    """Feeling unsafe after dark by district: each district coloured by its estimate (a withheld one grey),
    its interval and CV in the tooltip."""
    t = s.estimates
    rows = t[(t["breakdown"] == "district") & (t["measure"] == MAPPED)]
    props = {r.group: {"estimate": None if r.flag == se.WITHHELD else r.estimate, "lower": r.lower,
                       "upper": r.upper, "cv": r.cv, "note": loc(f"survey_flag_{r.flag}") if r.flag else ""}
             for r in rows.itertuples()}
    features = geography.feature_collection(geography.simplified(geo, WIDTH), props, for_vega=True)["features"]
    shapes = alt.Chart(alt.Data(values=features), title=title, width=WIDTH, height=360).mark_geoshape(
        stroke="#ffffff", strokeWidth=1).encode(
        color=alt.Color("properties.estimate:Q", title=measure_name(MAPPED, loc) + " (%)",
                        scale=alt.Scale(scheme="oranges", zero=True),
                        legend=alt.Legend(orient="bottom", titleLimit=500)),
        tooltip=[alt.Tooltip("properties.name:N", title=loc("survey_group")),
                 alt.Tooltip("properties.estimate:Q", title=loc("survey_estimate")),
                 alt.Tooltip("properties.lower:Q", title=loc("survey_lower")),
                 alt.Tooltip("properties.upper:Q", title=loc("survey_upper")),
                 alt.Tooltip("properties.cv:Q", title=loc("survey_cv")),
                 alt.Tooltip("properties.note:N", title=loc("survey_flag"))])
    return finish(shapes.project(type="mercator"))


def _values(rows: pd.DataFrame, loc: Locale, label) -> list[dict]:
    return [{"label": label(r), "measure": measure_name(r.measure, loc), "estimate": r.estimate, "lower": r.lower,
             "upper": r.upper, "cv": r.cv, "reliable": r.flag != se.UNRELIABLE,
             "note": loc("survey_flag_unreliable") if r.flag == se.UNRELIABLE else ""}
            for r in rows.itertuples() if r.flag != se.WITHHELD]


def _intervals(values: list[dict], title: str, loc: Locale, y: str, colour: bool) -> dict:
    """Dots on interval bars; a hollow dot where the estimate is unreliable."""
    base = alt.Chart(alt.Data(values=values), title=title, width=WIDTH)
    y_enc = alt.Y(f"{y}:N", title=None, sort=None, axis=alt.Axis(labelLimit=260))
    offset = {"yOffset": alt.YOffset("measure:N", sort=None)} if colour else {}
    scale = alt.Scale(range=CATEGORICAL)
    colours = alt.Color("measure:N", title=None, sort=None, scale=scale,
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=300)) if colour \
        else alt.value(CATEGORICAL[0])
    unlabelled = alt.Color("measure:N", sort=None, scale=scale, legend=None) if colour else colours
    tooltip = [alt.Tooltip("label:N", title=loc("survey_group")), alt.Tooltip("measure:N", title=loc("survey_measure")),
               alt.Tooltip("estimate:Q", title=loc("survey_estimate")),
               alt.Tooltip("lower:Q", title=loc("survey_lower")), alt.Tooltip("upper:Q", title=loc("survey_upper")),
               alt.Tooltip("cv:Q", title=loc("survey_cv")), alt.Tooltip("note:N", title=loc("survey_flag"))]
    rules = base.mark_rule(strokeWidth=2).encode(
        y=y_enc, x=alt.X("lower:Q", title=loc("survey_axis_percent")), x2="upper:Q", color=colours, **offset)
    dots = base.mark_point(size=70, opacity=1, strokeWidth=2).encode(  # one legend: the bars'
        y=y_enc, x="estimate:Q", color=unlabelled, tooltip=tooltip, **offset,
        fill=alt.condition("datum.reliable", unlabelled, alt.value("#ffffff")))
    return finish(alt.layer(rules, dots))


def crimes_spec(s: SurveyEstimates, title: str, loc: Locale) -> dict:
    """Prevalence of each crime type (and of any), for the whole city."""
    t = s.estimates
    rows = t[(t["breakdown"] == "all") & t["measure"].isin(CRIME_MEASURES)]
    return _intervals(_values(rows, loc, lambda r: measure_name(r.measure, loc)), title, loc, "label", False)


def districts_spec(s: SurveyEstimates, title: str, loc: Locale) -> dict:
    """The main measures (percentages) by district."""
    t = s.estimates
    rows = t[(t["breakdown"] == "district") & t["measure"].isin(MAIN)]
    rows = rows.assign(_order=rows["measure"].map(MAIN.index)).sort_values(["group", "_order"], kind="stable")
    return _intervals(_values(rows, loc, lambda r: r.group_name or r.group), title, loc, "label", True)


def specs(s: SurveyEstimates, geo: Geography | None, loc: Locale) -> dict[str, dict]:
    ids = figure_ids(s, geo)
    out = {ids[0]: crimes_spec(s, loc("survey_chart_crimes"), loc),
           ids[1]: districts_spec(s, loc("survey_chart_districts"), loc)}
    if len(ids) > 2 and geo is not None:
        out[ids[2]] = map_spec(s, geo, loc("survey_map"), loc)
    return out


def write_drawings(site, docs: Path) -> None:
    """Each city's survey figures in every language, beside its pages under docs/<lang>/."""
    for c in site.built:
        for lang in site.portal.languages:
            loc = site.locales[lang]
            for s in c.surveys:
                for fig_id, spec in specs(s, c.geo, loc).items():
                    path = docs / lang / urls.figure_file(c.slug, "surveys", fig_id, "svg")
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(svg(spec, lang), encoding="utf-8")
                    path.with_suffix(".vl.json").write_text(json.dumps(spec, sort_keys=True), encoding="utf-8")
