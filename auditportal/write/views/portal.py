"""The views of the site-wide pages: the home page and the hand-written text pages."""
from __future__ import annotations

from ...compute import indicators
from ...records import CityBuild
from .. import urls
from .common import CityCtx, Ctx, city_summary
from .indicator import indicator_summary

SPARK = (120, 32, 3)
"""A trend's small drawing on the home page: width, height and margin, in CSS pixels."""


def home_page(ctx: Ctx) -> dict:
    intro = (ctx.site.root / "content" / ctx.loc.lang / "index.md").read_text(encoding="utf-8")
    # no title of its own: the theme titles the home page with the site's name alone (not "Portal - Portal")
    return {"meta": {}, "intro": intro,
            "description": ctx.loc.text(ctx.site.portal.description),
            "latest": [latest(ctx, c) for c in ctx.site.cities],
            "compare": ctx.link(urls.comparisons()) if ctx.site.comparisons else None,
            "cities": [city_summary(ctx, c) for c in ctx.site.cities],
            "offline": ctx.site.portal.offline_url or ctx.to_site(urls.offline_zip())}


def latest(ctx: Ctx, c: CityBuild) -> dict:
    """A city at a glance: its headline indicator (the first it lists that has a value) with its latest value
    as its own indicator page shows it, the period of that value, its change and its trend as a small drawing."""
    cctx = CityCtx(ctx.site, ctx.loc, ctx.md, c)
    name = ctx.loc.text(c.config.name, c.config.languages)
    # links in raw HTML, which MkDocs leaves alone: the pages' published addresses
    out: dict = {"slug": c.slug, "name": name, "link": ctx.in_language(urls.page_url(urls.city(c.slug))),
                 "indicator": None}
    for s in c.indicators:
        h = indicators.headline(s)
        if h is None:
            continue
        v = indicator_summary(cctx, s)
        shown = s.table.dropna(subset=["value"])
        whole = ~shown["partial"].fillna(False).astype(bool)
        shown = shown[whole] if whole.any() else shown  # a partial period is never a trend's end
        periods = [str(p) for p in shown["period"]]
        out["indicator"] = {
            "id": s.id, "name": v["name"], "link": ctx.in_language(urls.page_url(urls.indicator(c.slug, s.id))),
            "value": v["value"], "unit": v["unit"] if s.indicator.unit != "count" else "",
            "period": v["period"], "change": v["change"], "data_to": ctx.loc("home_data_to", period=v["period"]),
            "spark": sparkline(list(shown["value"])) if len(shown) > 1 else "",
            "alt": ctx.loc("home_trend_alt", name=v["name"], city=name, first=periods[0], last=periods[-1]),
        }
        break
    return out


def sparkline(values: list[float]) -> str:
    """The points of a polyline drawing `values` in order, scaled to SPARK; the shape only, no number."""
    w, h, m = SPARK
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    step = (w - 2 * m) / (len(values) - 1)
    return " ".join(f"{m + i * step:.1f},{h - m - (v - lo) / span * (h - 2 * m):.1f}" for i, v in enumerate(values))


def text_page(ctx: Ctx, name: str) -> dict:
    return {"body": (ctx.site.root / "content" / ctx.loc.lang / f"{name}.md").read_text(encoding="utf-8")}
