"""The views of the promising-practices catalogue: every practice grouped by theme, city and strength of
evidence (plain lists that work without JavaScript; practices.js filters them, keeping the choice in the
URL), one page per practice, and the practices that name an indicator or a recommendation."""
from __future__ import annotations

from ...records import Shared
from ...schema.practice import EVIDENCE_SCALE
from .. import urls
from .common import Ctx, meta


def _city(ctx: Ctx, slug: str):
    return next((c for c in ctx.site.cities if c.slug == slug), None)


def summary(ctx: Ctx, s: Shared) -> dict:
    """What a list shows of one practice."""
    loc, p = ctx.loc, s.practice
    city = _city(ctx, p.city)
    return {"id": s.id, "title": loc.text(p.title, [p.language]), "link": ctx.link(urls.practice(s.id)),
            "href": ctx.in_language(urls.page_url(urls.practice(s.id))),  # for raw HTML, which MkDocs leaves as is
            "city": p.city, "city_name": loc.text(city.config.name, city.config.languages) if city else p.city,
            "themes": [{"id": t, "name": loc.text(ctx.site.portal.themes[t])} for t in p.themes],
            "evidence": p.evidence.strength, "evidence_name": loc(f"evidence_{p.evidence.strength}"),
            "period": f"{p.period.start}–{p.period.end or ''}", "example": p.example}


def catalogue_page(ctx: Ctx) -> dict:
    loc = ctx.loc
    items = [summary(ctx, s) for s in ctx.site.practices]
    themes = ctx.site.portal.themes
    by_theme = [{"id": t, "name": loc.text(name), "entries": [i for i in items if t in [x["id"] for x in i["themes"]]]}
                for t, name in themes.items()]
    cities = sorted({(i["city"], i["city_name"]) for i in items}, key=lambda c: c[1])
    by_city = [{"id": slug, "name": name, "entries": [i for i in items if i["city"] == slug]} for slug, name in cities]
    by_evidence = [{"id": e, "name": loc(f"evidence_{e}"), "entries": [i for i in items if i["evidence"] == e]}
                   for e in reversed(EVIDENCE_SCALE)]
    head = meta(loc("nav_practices"), practices=True)
    return {**head, "practices": items,
            "by_theme": [g for g in by_theme if g["entries"]], "by_city": by_city,
            "by_evidence": [g for g in by_evidence if g["entries"]],
            "scale": [{"id": e, "name": loc(f"evidence_{e}"), "text": loc(f"evidence_{e}_text")}
                      for e in EVIDENCE_SCALE]}


def practice_page(ctx: Ctx, practice_id: str) -> dict:
    loc = ctx.loc
    s = next(x for x in ctx.site.practices if x.id == practice_id)
    p = s.practice
    city = _city(ctx, p.city)
    reported = {i.id for i in city.indicators} if city else set()
    fallback = [p.language]
    return {**meta(loc.text(p.title, fallback)), **summary(ctx, s),
            "body_lang": p.language, "body": s.body,
            "target_group": loc.text(p.target_group, fallback), "lead": loc.text(p.lead, fallback),
            "partners": [loc.text(x, fallback) for x in p.partners],
            "cost": ({"amount": loc.number(p.cost.amount) if p.cost.amount is not None else "",
                      "currency": p.cost.currency or "", "note": loc.text(p.cost.note, fallback) if p.cost.note else ""}
                     if p.cost else None),
            "evidence_summary": loc.text(p.evidence.summary, fallback), "evidence_sources": p.evidence.sources,
            "evidence_rank": EVIDENCE_SCALE.index(p.evidence.strength) + 1, "evidence_of": len(EVIDENCE_SCALE),
            "contacts": [{"name": loc.text(c.name, fallback), "role": loc.text(c.role, fallback), "url": c.url}
                         for c in p.contacts],
            "indicators": [{"name": loc.text(ctx.site.registry[i].name),
                            "link": ctx.link(urls.indicator(p.city, i)) if i in reported
                            else ctx.link(urls.framework(), i)} for i in p.indicators],
            "recommendations": [{"id": r, "link": ctx.link(urls.tracker(p.city), f"rec-{r.lower()}")}
                                for r in p.recommendations],
            "related": [summary(ctx, x) for x in ctx.site.practices if x.id in p.related],
            "catalogue": ctx.link(urls.practices())}


def naming_indicator(ctx: Ctx, ind_id: str) -> list[dict]:
    """Practices, of any city, that aim to move this indicator."""
    return [summary(ctx, s) for s in ctx.site.practices if ind_id in s.practice.indicators]


def answering(ctx: Ctx, city: str, rec_id: str) -> list[dict]:
    """Practices of this city that answer this recommendation."""
    return [summary(ctx, s) for s in ctx.site.practices
            if s.practice.city == city and rec_id in s.practice.recommendations]
