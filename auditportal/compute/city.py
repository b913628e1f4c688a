"""One city computed from what was read of it (read.city): its indicators, every figure through the
disclosure gate, the findings those figures support, its safety walks as published, its own surveys
estimated, and what its data cover. A config asking for what the data cannot give raises ConfigProblem,
located by the caller."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from ..read import geography
from ..records import CityBuild, CityInputs, Geography, SurveyResponses, Table
from ..schema import Indicator, tr
from . import breakdowns, figures, findings, indicators, survey_estimates, survey_recorded, walks


def compute_city(inputs: CityInputs, registry: dict[str, Indicator]) -> CityBuild:
    city, geo, tables, points = inputs.config, inputs.geo, inputs.tables, inputs.points
    names = dict(geo.names) if geo else {}
    if geo and city.districts:
        names.update({code: tr(text, city.languages[0]) for code, text in city.districts.extra_codes.items()})
    for t in tables.values():  # areas outside the districts file (the states of a national survey)
        names.update({code: name for code, name in t.area_names.items() if code not in names})
    area_names = {**names, **{t.config.area_code: tr(t.config.area_name or city.name, city.languages[0])
                              for t in tables.values() if t.config.area_code}}
    series = [replace(indicators.compute(choice.id, registry[choice.id], choice, tables, names),
                      breakdowns=breakdowns.by_breakdown(choice.id, registry[choice.id], choice, tables, names))
              for choice in city.indicators]
    published = figures.for_city(city, tables, points, geo, names, area_names, series)
    found = findings.distinct([f for fig in published.figures for f in findings.for_figure(fig, city.disclosure)])
    gaps = {ds: _missing_areas(geo, set(t.frame["area_code"]))
            for ds, t in tables.items() if geo and t.config.area_level in ("district", "station")}
    return CityBuild(inputs.slug, city, geo, tables, published.series, published.figures, found,
                     inputs.recommendations, gaps, timespan(list(tables.values())), published.datasets,
                     inputs.description, points, published.revisions, published.reconciliation,
                     walks=walks.for_city(city, tables, geo, inputs.participants),
                     surveys=[_survey(r, names, city, published.datasets) for r in inputs.surveys.values()],
                     download=geography.for_download(geo, city.districts.full_precision)
                     if geo and city.districts else None)


def _survey(responses: SurveyResponses, names: dict[str, str], city, datasets: dict[str, pd.DataFrame]):
    """The survey's estimates, and recorded crime beside them where the city declared which."""
    out = survey_estimates.estimate(responses, names, city.disclosure)
    rec = responses.config.recorded
    if rec is None or rec.dataset not in datasets:
        return out
    return replace(out, recorded=survey_recorded.beside(responses, datasets[rec.dataset], rec, names,
                                                        city.disclosure))


def timespan(tables: list[Table]) -> tuple[str, str, date] | None:
    """The first and last periods a city's counts cover, labelled as the data define them (2003/04 for
    a financial year; a month counts as its year), and the last day covered. Multi-year totals count
    only where nothing finer exists."""
    frames = [t.frame for t in tables if t.config.unit == "count" and len(t.frame)]
    if not frames:
        return None
    rows = pd.concat([f[["period", "period_type", "period_start", "period_end"]] for f in frames])
    finer = rows[rows["period_type"] != "span"]
    rows = finer if len(finer) else rows
    label = lambda r: r["period"][:4] if r["period_type"] == "month" else r["period"]
    first = rows.sort_values(["period_start", "period_end"]).iloc[0]
    last = rows.sort_values(["period_end", "period_start"]).iloc[-1]
    return label(first), label(last), date.fromisoformat(last["period_end"])



def _missing_areas(geo: Geography, present: set[str]) -> list[str]:
    return [f"{geo.names[code]} ({code})" for code in geo.codes if code not in present]
