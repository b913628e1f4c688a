"""The views of a city's audit text: its findings and recommendations, and the tracker that
follows each recommendation with the indicators it is meant to move."""
from __future__ import annotations

from ...schema import STATUS_ORDER
from .. import urls
from . import practices as practice_views
from .common import CityCtx, Ctx, city_header, generated_findings
from .indicator import indicator_summary


def findings_page(ctx: CityCtx) -> dict:
    return {**city_header(ctx, ctx.loc("nav_findings")), "own": own_markdown(ctx, "findings"),
            "generated": generated_findings(ctx), "recommendations": recommendations(ctx),
            "links": {"tracker": ctx.link(urls.tracker(ctx.city.slug))}}


def tracker_page(ctx: CityCtx) -> dict:
    recs = recommendations(ctx)
    return {**city_header(ctx, ctx.loc("nav_tracker")), "recommendations": recs,
            "by_status": counts(ctx, recs, "status_key", STATUS_ORDER), "by_lead": counts(ctx, recs, "lead")}


def recommendations(ctx: CityCtx) -> list[dict]:
    """Each recommendation with the current trend of each indicator it targets that the city reports."""
    c = ctx.city
    reported = {s.id: s for s in c.indicators}
    out = []
    for r in c.recommendations:
        trends = [{key: view[key] for key in ("id", "name", "value", "period", "change", "status", "status_key")}
                  | {"link": ctx.link(urls.indicator(c.slug, ind))}
                  for ind in r.indicators if ind in reported for view in [indicator_summary(ctx, reported[ind])]]
        out.append({
            "id": r.id, "anchor": f"rec-{r.id.lower()}", "indicator_ids": list(r.indicators), "trends": trends,
            "title": ctx.tr(r.title), "text": ctx.tr(r.text), "theme": ctx.tr(r.theme), "lead": ctx.tr(r.lead),
            "partners": [ctx.tr(p) for p in r.partners], "status": ctx.loc(f"status_{r.status}"),
            "status_key": r.status, "start": r.start.isoformat() if r.start else "",
            "due": r.due.isoformat() if r.due else "",
            "budget": f"{ctx.loc.number(r.budget.amount)} {r.budget.currency}" if r.budget else "",
            "indicators": [ctx.loc.text(ctx.site.registry[i].name) if i in ctx.site.registry else i
                           for i in r.indicators],
            "example": r.example, "link": ctx.link(urls.tracker(c.slug), f"rec-{r.id.lower()}"),
            "practices": practice_views.answering(ctx, c.slug, r.id)})
    return out


def counts(ctx: Ctx, items: list[dict], key: str, order: list[str] | None = None) -> list[dict]:
    found: dict[str, int] = {}
    for item in items:
        found[item[key]] = found.get(item[key], 0) + 1
    keys = order if order else sorted(found)
    return [{"key": k, "label": ctx.loc(f"status_{k}") if order else k, "count": found.get(k, 0)}
            for k in keys if order or found.get(k)]


def own_markdown(ctx: CityCtx, name: str) -> dict | None:
    """The city's own Markdown for this page, in this language or else in one of the city's languages."""
    folder = ctx.site.root / "cities" / ctx.city.slug
    for lang in (ctx.loc.lang, *ctx.city.config.languages):
        path = folder / f"{name}.{lang}.md"
        if path.is_file():
            return {"lang": lang, "body": path.read_text(encoding="utf-8")}
    return None
