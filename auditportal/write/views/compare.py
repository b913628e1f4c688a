"""The views of cross-city comparison: the list of indicators cities report, and one indicator compared
across every city that reports it."""
from __future__ import annotations

from ...compute import indicators
from ...records import Apart, Comparison, Entry
from .. import urls
from ..draw import drawing, narrow
from .common import CityCtx, Ctx, meta
from .indicator import indicator_summary, sdg_url


def comparison_of(ctx: Ctx, ind_id: str) -> Comparison:
    return next(c for c in ctx.site.comparisons if c.id == ind_id)


def index_page(ctx: Ctx) -> dict:
    loc = ctx.loc
    rows = [{"id": comp.id, "name": loc.text(comp.indicator.name), "link": ctx.link(urls.comparison(comp.id)),
             "cities": sum(len(g) for g in comp.groups), "charted": len(comp.charted)}
            for comp in ctx.site.comparisons]
    return {**meta(loc("nav_compare")), "indicators": rows}


def city_row(ctx: Ctx, e: Entry) -> dict:
    """One city's figure as its own indicator page shows it, with what makes it comparable or not."""
    loc = ctx.loc
    v = indicator_summary(CityCtx(ctx.site, loc, ctx.md, e.city), e.series)
    return {"slug": e.city.slug, "name": loc.text(e.city.config.name, e.city.config.languages),
            "link": v["link"], "value": v["value"], "period": v["period"], "change": v["change"],
            "baseline": v["baseline"], "status": v["status"], "status_key": v["status_key"],
            "area": v["area_level"], "period_kind": loc(f"period_{e.period_kind}"),
            "source": loc.text(e.publisher, e.city.config.languages),
            "population": v["denominator_note"] or (loc("denominator_same_short") if e.population == "same" else "")}


def apart_row(ctx: Ctx, a: Apart) -> dict:
    """A city not on the chart: its own figure, and why it cannot share the chart's axes."""
    loc = ctx.loc
    kind, scope = a.entry.group
    reason = (loc("compare_reason_total", period=a.period) if a.reason == "total"
              else loc("compare_reason_group", period=loc(f"period_{kind}"), scope=loc(f"scope_{scope}"))
              if a.reason == "group" else loc(f"compare_reason_{a.reason}"))
    return {**city_row(ctx, a.entry), "reason": reason}


def other_drawing(ctx: Ctx, ind_id: str, kind: str, alt: str) -> dict | None:
    """A comparison's other view of the same cities (the latest values as bars, or on a map), if drawn."""
    drawn = ctx.site.comparison_drawings.get((ind_id, kind, ctx.loc.lang))
    if drawn is None:
        return None
    file = lambda ext: ctx.in_language(urls.comparison_figure(ind_id, kind, ext))  # noqa: E731
    return {"img": file("svg"), "narrow": file("narrow.svg"), "spec": file("vl.json"), "size": narrow.size(drawn.svg),
            "narrow_size": narrow.size(drawn.narrow), "alt": alt}


def since_periods(comp: Comparison) -> list[str]:
    """The years a reader can measure change from (the relative-change toggle): those every charted city has
    a value for, so that no city's line starts later than the others'."""
    t = comp.table[(comp.table["group"] == 1) & comp.table["value"].notna()]
    common = set.intersection(*[set(g["period"].astype(str)) for _, g in t.groupby("city")]) if len(t) else set()
    return sorted(common)[:-1]  # change since the last year would be nothing


def compare_page(ctx: Ctx, ind_id: str) -> dict:
    loc = ctx.loc
    comp = comparison_of(ctx, ind_id)
    names = {e.city.slug: loc.text(e.city.config.name, e.city.config.languages) for g in comp.groups for e in g}
    name = loc.text(comp.indicator.name)
    cities = [city_row(ctx, e) for e in comp.charted]
    drawn = ctx.site.comparison_drawings.get((ind_id, 1, loc.lang))
    listed = ", ".join(c["name"] for c in cities)
    chart = {
        "img": ctx.in_language(urls.comparison_figure(ind_id, 1, "svg")),
        "narrow": ctx.in_language(urls.comparison_figure(ind_id, 1, "narrow.svg")),
        "spec": ctx.in_language(urls.comparison_figure(ind_id, 1, "vl.json")),
        "size": narrow.size(drawn.svg) if drawn else (720, 400),
        "narrow_size": narrow.size(drawn.narrow) if drawn else (320, 400),
        "alt": loc("compare_alt" if len(cities) > 1 else "compare_alt_one", name=name, cities=listed),
    }
    bars = other_drawing(ctx, ind_id, drawing.LATEST, loc("compare_latest_alt", name=name, cities=listed))
    places = other_drawing(ctx, ind_id, drawing.MAP, loc("compare_map_alt", name=name, cities=listed))
    notes = [loc(note.key, cities=", ".join(names[s] for s in note.cities)) for note in comp.notes]
    return {**meta(loc("compare_title", name=name), charts=True, compare=len(cities) > 1), "id": ind_id,
            "name": name,
            "definition": loc.text(comp.indicator.definition), "unit": loc(f"unit_{comp.indicator.unit}"),
            "decimals": indicators.DECIMALS[comp.indicator.unit],
            "sdg": comp.indicator.sdg, "sdg_url": sdg_url(comp.indicator.sdg),
            "method": loc.text(comp.indicator.method), "chart": chart, "cities": cities, "latest": bars, "map": places,
            "since": since_periods(comp) if len(cities) > 1 else [], "since_axis": loc("compare_since_axis"),
            "apart": [apart_row(ctx, a) for a in comp.apart], "notes": notes,
            "csv": ctx.to_site(urls.comparison_csv(ind_id)),
            "framework": ctx.link(urls.framework(), ind_id)}
