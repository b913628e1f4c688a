"""The view of a city's own surveys: how each was run (design, respondents, the rule for withheld and
unreliable estimates), its estimates drawn with their intervals and listed with standard errors and CVs, the
questionnaire and the download of the estimates (survey_estimates.py computes them, surveychart.py draws them).
Every number shown is the published CSV's value, formatted in the page's language."""
from __future__ import annotations

import pandas as pd

from ...compute import survey_estimates as se
from ...records import SurveyEstimates
from .. import toolkit, urls
from ..draw import surveychart
from ..forms import KIT
from .common import CityCtx, city_header


def survey_page(ctx: CityCtx) -> dict:
    head = city_header(ctx, ctx.loc("nav_survey"))
    head["meta"].update(charts=True)
    return {**head, "surveys": [survey_view(ctx, s) for s in ctx.city.surveys],
            "rule_text": ctx.loc("survey_rule", n=se.MIN_RESPONDENTS, cv=se.MAX_CV_PERCENT)}


def survey_view(ctx: CityCtx, s: SurveyEstimates) -> dict:
    c, loc, cfg = ctx.city, ctx.loc, s.config
    ids = surveychart.figure_ids(s, c.geo)
    titles = dict(zip(ids, (loc("survey_chart_crimes"), loc("survey_chart_districts"), loc("survey_map"))))
    summaries = dict(zip(ids, (loc("survey_chart_summary"), loc("survey_chart_summary"), loc("survey_map_summary"))))
    figures = [{"id": fig_id, "title": titles[fig_id], "summary": summaries[fig_id],
                "width": surveychart.WIDTH + 200,
                "img": ctx.in_language(urls.figure_file(c.slug, "surveys", fig_id, "svg")),
                "spec": ctx.in_language(urls.figure_file(c.slug, "surveys", fig_id, "vl.json"))}
               for fig_id in ids]
    t = s.estimates
    return {"slug": s.slug, "anchor": f"survey-{s.slug}", "title": ctx.tr(cfg.title),
            "description": ctx.tr(cfg.description), "synthetic": cfg.synthetic,
            "caveats": [ctx.tr(x) for x in cfg.caveats], "figures": figures,
            "design": loc("survey_design", year=cfg.year, n=loc.number(s.respondents), strata=loc.number(s.strata),
                          clusters=loc.number(s.clusters)),
            "publisher": ctx.tr(cfg.source.publisher), "licence": cfg.source.licence,
            "table": _table(ctx, t), "withheld": int((t["flag"] == se.WITHHELD).sum()),
            "unreliable": int((t["flag"] == se.UNRELIABLE).sum()), "recorded": _recorded(ctx, s),
            "downloads": {"estimates": ctx.to_site(urls.data(c.slug, f"surveys/{s.slug}_estimates.csv")),
                          "recorded": ctx.to_site(urls.data(c.slug, f"surveys/{s.slug}_recorded.csv")),
                          "form": ctx.to_site(f"{toolkit.KITS}/{KIT}.zip")}}


RECORDED = ("district", "surveyed", "interval", "recorded", "share", "flag")


def _recorded(ctx: CityCtx, s: SurveyEstimates) -> dict | None:
    """Surveyed crime beside police-recorded crime, by area (survey_recorded.py), as the page lists it."""
    rec, t, loc = s.config.recorded, s.recorded, ctx.loc
    if rec is None or t is None:
        return None
    num = lambda v, d=0: "" if pd.isna(v) else loc.number(v, d)  # noqa: E731
    rows = [[r.district_name, num(r.surveyed),
             f"{num(r.surveyed_lower)} – {num(r.surveyed_upper)}" if not pd.isna(r.surveyed_lower) else "",
             num(r.recorded), num(r.recorded_share, 1), loc(f"survey_flag_{r.flag}") if r.flag else ""]
            for r in t.itertuples()]
    crimes = ", ".join(surveychart.measure_name(f"victim_{c}", loc) for c in rec.crimes)
    return {"intro": loc("survey_recorded_intro", crimes=crimes, year=int(t["year"].iloc[0]) if len(t) else "",
                         recorded=ctx.tr(ctx.city.config.datasets[rec.dataset].title)),
            "table": {"headers": [loc(f"survey_col_{col}") for col in RECORDED], "rows": rows,
                      "numeric": [col in ("surveyed", "recorded", "share") for col in RECORDED]}}


COLUMNS = ("measure", "group", "estimate", "interval", "se", "cv", "respondents", "flag")


def _table(ctx: CityCtx, t) -> dict:
    """Every estimate as the page lists it: the measure, the group, the estimate with its interval, SE and CV,
    how many respondents, and the flag."""
    loc = ctx.loc
    rows = []
    for r in t.itertuples():
        shown = {k: "" if pd.isna(getattr(r, k)) else loc.number(getattr(r, k), d) for k, d in se.DECIMALS.items()}
        rows.append([surveychart.measure_name(r.measure, loc),
                     surveychart.group_name(r.breakdown, r.group, r.group_name, loc), shown["estimate"],
                     f"{shown['lower']} – {shown['upper']}" if shown["lower"] else "", shown["se"], shown["cv"],
                     "" if pd.isna(r.respondents) else loc.number(r.respondents),
                     loc(f"survey_flag_{r.flag}") if r.flag else ""])
    return {"headers": [loc(f"survey_col_{col}") for col in COLUMNS], "rows": rows,
            "numeric": [col in ("estimate", "se", "cv", "respondents") for col in COLUMNS]}
