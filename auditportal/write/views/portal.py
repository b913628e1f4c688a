"""The views of the site-wide pages: the home page and the hand-written text pages."""
from __future__ import annotations

from .. import urls
from .common import Ctx, city_summary


def home_page(ctx: Ctx) -> dict:
    intro = (ctx.site.root / "content" / ctx.loc.lang / "index.md").read_text(encoding="utf-8")
    # no title of its own: the theme titles the home page with the site's name alone (not "Portal - Portal")
    return {"meta": {}, "intro": intro,
            "description": ctx.loc.text(ctx.site.portal.description),
            "cities": [city_summary(ctx, c) for c in ctx.site.cities],
            "offline": ctx.to_site(urls.offline_zip())}


def text_page(ctx: Ctx, name: str) -> dict:
    return {"body": (ctx.site.root / "content" / ctx.loc.lang / f"{name}.md").read_text(encoding="utf-8")}
