"""The view of what changed since a city's previous edition, and the editions every city page lists."""
from __future__ import annotations

from ...compute import editions, indicators
from .. import urls
from .common import CityCtx, city_header


def edition_links(ctx: CityCtx) -> list[dict]:
    """Every edition of the city, newest first, each linking to its own pages."""
    site, c = ctx.site, ctx.city
    current = next(x for x in site.cities if x.slug == (c.current or c.slug))
    return [{"edition": e.config.edition, "link": ctx.link(urls.city(e.slug)),
             "href": ctx.in_language(urls.page_url(urls.city(e.slug))), "current": e.current is None,
             "here": e.slug == c.slug} for e in [current, *reversed(site.editions(current.slug))]]


def changes_page(ctx: CityCtx) -> dict:
    c, loc, site = ctx.city, ctx.loc, ctx.site
    previous = site.editions(c.slug)[-1]
    ch = editions.between(previous, c)
    names = {s.id: loc.text(s.indicator.name) for s in c.indicators}
    decimals = {s.id: indicators.DECIMALS[s.indicator.unit] for s in c.indicators}
    recs = {r.id: ctx.tr(r.title) for r in [*previous.recommendations, *c.recommendations]}
    title = lambda slug, city: ctx.tr(city.tables[slug].config.title)  # noqa: E731
    target = lambda t: f"{loc.number(t[0], 1)} ({t[1]})" if t else "–"  # noqa: E731
    status = lambda s: loc(f"status_{s}") if s else "–"  # noqa: E731
    return {**city_header(ctx, loc("nav_changes")),
            "previous": {"edition": previous.config.edition, "link": ctx.link(urls.city(previous.slug))},
            "current": c.config.edition,
            "added": [{"title": title(s, c), "link": ctx.link(urls.dataset(c.slug, s))} for s in ch.added],
            "removed": [{"title": title(s, previous), "link": ctx.link(urls.dataset(previous.slug, s))}
                        for s in ch.removed],
            "revised": [{"title": title(r.dataset, c), "link": ctx.link(urls.dataset(c.slug, r.dataset)),
                         "changed": loc.number(r.changed), "compared": loc.number(r.compared)} for r in ch.revised],
            "moved": [{"indicator": names[m.indicator], "link": ctx.link(urls.indicator(c.slug, m.indicator)),
                       "period": m.period, "previous": loc.number(m.previous, decimals[m.indicator]),
                       "current": loc.number(m.current, decimals[m.indicator])} for m in ch.moved],
            "retargeted": [{"indicator": names[r.indicator], "previous": target(r.previous),
                            "current": target(r.current)} for r in ch.retargeted],
            "restatused": [{"id": r.recommendation, "title": recs[r.recommendation], "previous": status(r.previous),
                            "current": status(r.current),
                            "link": ctx.link(urls.tracker(c.slug), f"rec-{r.recommendation.lower()}")
                            if r.current else ctx.link(urls.tracker(previous.slug),
                                                       f"rec-{r.recommendation.lower()}")}
                           for r in ch.restatused],
            "editions": edition_links(ctx)}
