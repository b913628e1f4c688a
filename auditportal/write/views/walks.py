"""The view of a city's safety walks: the places recorded on a map, their summary by district and category,
every record, and the recommendations that answer them (walks.py computes them, walkmap.py draws them)."""
from __future__ import annotations

import pandas as pd

from ...compute import flags
from ...compute.walks import STATUSES
from ...records import WalkSet
from .. import urls
from ..draw import walkmap
from .common import CityCtx, city_header


def walks_page(ctx: CityCtx) -> dict:
    head = city_header(ctx, ctx.loc("nav_walks"))
    head["meta"].update(charts=True)
    return {**head, "walks": [walk_view(ctx, w) for w in ctx.city.walks]}


def walk_view(ctx: CityCtx, w: WalkSet) -> dict:
    c, loc, cfg = ctx.city, ctx.loc, w.config
    names = walkmap.category_names(w, loc, c.config.languages)
    counts = walkmap.summary_counts(w)
    still_open = int(w.records["follow_up"].isin(("open", "in_progress")).sum())
    map_id, chart_id = walkmap.figure_ids(w)
    busiest = w.by_area.groupby("area_name")["observations"].sum().sort_values(ascending=False, kind="stable")
    summaries = {
        map_id: loc("walk_map_summary", n=loc.number(len(w.records)), open=loc.number(still_open),
                    top=names.get(counts.index[0], counts.index[0]) if len(counts) else "–",
                    top_n=loc.number(counts.iloc[0]) if len(counts) else "0"),
        chart_id: loc("walk_chart_summary", area=busiest.index[0] or loc("level_city") if len(busiest) else "–",
                      count=loc.number(busiest.iloc[0]) if len(busiest) else "0"),
    }
    titles = {map_id: ctx.tr(cfg.title), chart_id: loc("walks_by_area")}
    figures = [{"id": fig_id, "title": titles[fig_id], "summary": summaries[fig_id], "width": walkmap.WIDTH + 80,
                "img": ctx.in_language(urls.figure_file(c.slug, "walks", fig_id, "svg")),
                "spec": ctx.in_language(urls.figure_file(c.slug, "walks", fig_id, "vl.json"))}
               for fig_id in (map_id, chart_id)]
    answers = w.answers()
    recs = {r.id: r for r in c.recommendations}
    answered = {int(r) for ids in answers.values() for r in ids}
    src = cfg.source
    return {
        "slug": w.slug, "anchor": f"walks-{w.slug}", "title": ctx.tr(cfg.title), "description": ctx.tr(cfg.description),
        "caveats": [ctx.tr(x) for x in cfg.caveats], "map": figures[0], "chart": figures[1],
        "publisher": ctx.tr(src.publisher), "publisher_url": src.url, "licence": src.licence,
        "dataset_page": ctx.in_language(urls.page_url(urls.dataset(c.slug, w.slug))),  # in raw HTML
        "walks": _table(ctx, w, w.walks, ["walk", "period", "areas", "records", "participants"]),
        "by_area": _table(ctx, w, w.by_area, ["area_name", "category", "observations", "still_open"]),
        "by_category": _table(ctx, w, w.by_category, ["category", "observations", *STATUSES]),
        "records": _table(ctx, w, w.records, ["record", "walk", "period", "area_name", "category", "follow_up",
                                              "answered_by"]),
        "answers": [{"id": rec_id, "title": ctx.tr(recs[rec_id].title), "status": loc(f"status_{recs[rec_id].status}"),
                     "link": ctx.link(urls.tracker(c.slug), f"rec-{rec_id.lower()}"), "records": len(lines),
                     "categories": sorted({names[cat] for cat in w.records.loc[w.records["record"].isin(lines),
                                                                                "category"]})}
                    for rec_id, lines in answers.items()],
        "unanswered": int((w.records["follow_up"].isin(("open", "in_progress"))
                           & ~w.records["record"].isin(answered)).sum()),
        "withheld": flags.count(w.walks, flags.SUPPRESSED),
        "downloads": {"records": ctx.to_site(urls.dataset_csv(c.slug, w.slug)),
                      "geojson": ctx.to_site(urls.data(c.slug, f"walks/{w.slug}.geojson")),
                      "walks": ctx.to_site(urls.data(c.slug, f"walks/{w.slug}_walks.csv")),
                      "by_area": ctx.to_site(urls.data(c.slug, f"walks/{w.slug}_by_area.csv")),
                      "by_category": ctx.to_site(urls.data(c.slug, f"walks/{w.slug}_by_category.csv"))},
    }


HEADERS = {"area_name": "chart_area", "areas": "chart_area", "category": "walk_category",
           "observations": "walk_observations", "records": "walk_observations", "walk": "walk_walk",
           "still_open": "walk_still_open", "participants": "walk_participants", "record": "walk_record",
           "period": "col_period", "follow_up": "walk_follow_up", "answered_by": "walk_answered_by",
           **{s: f"walk_status_{s}" for s in STATUSES}}


def _table(ctx: CityCtx, w: WalkSet, frame: pd.DataFrame, columns: list[str]) -> dict:
    """A summary or the records as the page shows them: headers and values in the page's language, a
    withheld count of people said as such."""
    loc = ctx.loc
    names = walkmap.category_names(w, loc, ctx.city.config.languages)
    rows = []
    for r in frame.to_dict("records"):
        row = []
        for col in columns:
            v = r[col]
            if col == "participants":
                row.append(loc.flags(r.get("flag")) if r.get("flag") else loc.number(v))
            elif col == "category":
                row.append(names.get(v, v))
            elif col == "follow_up":
                row.append(loc(f"walk_status_{v}"))
            elif col in ("area_name", "areas"):
                row.append(v or loc("level_city"))
            elif col == "answered_by":
                row.append(", ".join(v.split(";")))
            else:
                row.append(loc.number(v) if col in ("observations", "records", "still_open", *STATUSES) else str(v))
        rows.append(row)
    numeric = [col in ("observations", "records", "still_open", "participants", *STATUSES) for col in columns]
    return {"headers": [loc(HEADERS[col]) for col in columns], "rows": rows, "numeric": numeric}
