"""The views of indicators: one city's dashboard, one indicator's page, and the framework of
every indicator with the cities that report it."""
from __future__ import annotations

import pandas as pd

from ...compute import indicators
from .. import urls
from .common import CityCtx, Ctx, city_header, figure, html_table, meta
from .practices import naming_indicator


def sdg_url(sdg: str | None) -> str | None:
    """The UN SDG indicators metadata repository, filtered to the goal."""
    if not sdg:
        return None
    goal, target = sdg.split(".")[0], ".".join(sdg.split(".")[:2])
    return f"https://unstats.un.org/sdgs/metadata/?Text=&Goal={goal}&Target={target}"


def indicator_summary(ctx: CityCtx, s) -> dict:
    """An indicator's latest value, change, target and status, as every page that lists it shows them."""
    loc = ctx.loc
    h = indicators.headline(s)
    unit = s.indicator.unit
    d = indicators.DECIMALS[unit]
    fmt = lambda v: loc.number(v, d)  # noqa: E731
    status = indicators.series_status(s)
    target = s.choice.target
    name = loc.text(s.indicator.name)
    view = {
        "id": s.id, "name": name, "definition": loc.text(s.indicator.definition),
        "link": ctx.link(urls.indicator(ctx.city.slug, s.id)),
        "sdg": s.indicator.sdg, "sdg_url": sdg_url(s.indicator.sdg), "unit": loc(f"unit_{unit}"),
        "value": fmt(h["value"]) if h else "–", "period": h["period"] if h else "–",
        "numerator": loc.number(h["numerator"]) if h else "–",
        "denominator": loc.number(h["denominator"]) if h and unit != "count" else "",
        "denominator_note": denominator_note(ctx, h) if h and unit == "per_100k" else "",
        "baseline": f"{fmt(h['baseline'])} ({h['baseline_period']})" if h and "baseline" in h else "–",
        "change": change_text(loc, h),
        "change_note": change_note(ctx, s, h),
        "denominator_method_text": denominator_method_text(ctx, s),
        "target": f"{fmt(target.value)} ({target.year})" if target else "–",
        "target_source": ctx.tr(target.source) if target else "",
        "interval": interval_text(loc, h, d),
        "reliability": loc("flag_unreliable") if h and "unreliable" in str(h["flag"]) else "",
        "status_key": status.key, "status": status_text(loc, status),
        "target_illustrative": status.illustrative,
        "status_detail": status_detail(loc, status),
        "csv": ctx.to_site(urls.data(ctx.city.slug, f"indicators/{s.id}.csv")),
        "csv_url": ctx.absolute(urls.data(ctx.city.slug, f"indicators/{s.id}.csv")),
        "method": loc.text(s.indicator.method),
        "reference": s.indicator.reference.model_dump() if s.indicator.reference else None,
        "area_level": loc(f"level_{s.area_level}"),
        "breakdowns": [loc(f"breakdown_{b}") for b in s.indicator.breakdowns],
        "summary": (loc("indicator_summary", name=name, value=fmt(h["value"]), period=h["period"],
                        unit=loc(f"unit_{unit}")) if h else name),
        "area_summary": name,
    }
    if view["interval"]:  # how sure it is, in the words read out with the chart
        view["summary"] = view["summary"].removesuffix(".") + f" ({view['interval']})."
    if s.by_area is not None and not s.by_area["value"].dropna().empty:
        top = s.by_area.loc[s.by_area["value"].idxmax()]
        view["area_summary"] = loc("indicator_area_summary", name=name, area=top["area_name"],
                                   value=fmt(top["value"]), period=top["period"])
    return view


def denominator_note(ctx: CityCtx, h: dict) -> str:
    """Where the population behind a rate comes from, when it is not the value's own period."""
    if h["denominator_method"] == "interpolated":
        return ctx.loc("denominator_interpolated", years="–".join(h["denominator_periods"]))
    if h["denominator_method"] == "nearest" and h["denominator_periods"] != (str(h["period"]),):
        return ctx.loc("denominator_nearest", year=h["denominator_periods"][0])
    return ""


def signed(loc, v: float, decimals: int = 1) -> str:
    return ("+" if v > 0 else "") + loc.number(v, decimals)


def change_text(loc, h: dict | None) -> str:
    """Change since the baseline (in per cent of the baseline, or for a share in percentage points), called a
    rise or a fall only when its test says so; a survey's estimates, without margins, are not judged."""
    if not h or ("change_points" not in h and "change_pct" not in h):
        return "–"
    amount = (loc("change_points", points=signed(loc, h["change_points"])) if "change_points" in h
              else signed(loc, h["change_pct"]) + " %")
    verdict = h["change"].verdict if h.get("change") is not None else "untested"
    return loc(f"change_{verdict}", change=amount)


def interval_text(loc, h: dict | None, decimals: int) -> str:
    """The latest value's 95 % interval, where it has one."""
    if not h or pd.isna(h["lower"]):
        return ""
    return loc("interval_text", lower=loc.number(h["lower"], decimals), upper=loc.number(h["upper"], decimals))


def status_text(loc, status) -> str:
    """The status worded; against an illustrative target, said so wherever it is shown."""
    text = loc(f"status_{status.key}")
    return loc("status_illustrative", status=text) if status.illustrative and status.key != "no_target" else text


def status_detail(loc, status) -> str:
    """The fitted average change since the baseline, its interval, and the pace the target needs."""
    if status.trend is None or status.required is None:
        return ""
    return loc("status_detail", observed=signed(loc, status.trend.change), lower=signed(loc, status.trend.lower),
               upper=signed(loc, status.trend.upper), required=signed(loc, status.required))


def change_note(ctx: CityCtx, s, h: dict | None) -> str:
    """A rate whose population is the same for the baseline and the latest value changed only with its
    counts: say so, rather than let the change read as a change in risk per person."""
    if not h or "change_pct" not in h or s.indicator.unit != "per_100k":
        return ""
    t = s.table.set_index("period")
    base, last = t.loc[h["baseline_period"]], t.loc[h["period"]]
    if base["denominator_periods"] == last["denominator_periods"] and base["denominator"] == last["denominator"]:
        return ctx.loc("change_in_counts", year="–".join(last["denominator_periods"]))
    return ""


def denominator_method_text(ctx: CityCtx, s) -> str:
    """What the build did to find each rate's population, period by period, as the CSV records it."""
    if s.indicator.unit != "per_100k":
        return ""
    t = s.table.dropna(subset=["denominator"])
    # one sentence for all the years that have their own population, one per population year used otherwise
    used = ["" if m == "same" else "–".join(p) for m, p in zip(t["denominator_method"], t["denominator_periods"])]
    parts = []
    for (method, years), rows in t.groupby([t["denominator_method"], pd.Series(used, index=t.index)], sort=False):
        periods = list(rows["period"])
        span = periods[0] if len(periods) == 1 else f"{periods[0]}–{periods[-1]}"
        parts.append(ctx.loc(f"denominator_text_{method}", periods=span, years=years))
    return ctx.loc("denominator_text_intro") + " " + " ".join(parts) if parts else ""


def dashboard_page(ctx: CityCtx) -> dict:
    return {**city_header(ctx, ctx.loc("indicators")),
            "indicators": [indicator_summary(ctx, s) for s in ctx.city.indicators],
            "links": {"framework": ctx.link(urls.framework())}}


def indicator_page(ctx: CityCtx, ind_id: str) -> dict:
    c = ctx.city
    s = next(x for x in c.indicators if x.id == ind_id)
    view = indicator_summary(ctx, s)
    chart = figure(ctx, c.figure(("indicators", s.id)), view["summary"])
    area_map, area_table = None, None
    by_area = c.figure(("indicator_maps", s.id), None)
    area_note = ""
    if by_area is not None:
        area_table = html_table(ctx, by_area.table, by_area.dataset)
        if by_area.layer is not None:
            area_map = figure(ctx, by_area, view["area_summary"])
        elif c.geo is not None:  # a protected measure where areas are police stations: a table, no points
            area_note = ctx.loc("protected_by_station", area=ctx.tr(c.config.districts.label) if c.config.districts
                                else "")
    ds = c.tables[s.choice.dataset].config
    targeting = [{"id": r.id, "title": ctx.tr(r.title), "status": ctx.loc(f"status_{r.status}"), "example": r.example,
                  "link": ctx.link(urls.tracker(c.slug), f"rec-{r.id.lower()}")}
                 for r in c.recommendations if s.id in r.indicators]
    shown = breakdowns(ctx, s, view["name"])
    head = city_header(ctx, view["name"])
    head["meta"].update(charts=True, maps=area_map is not None, breakdowns=bool(shown))
    return {**head, "i": view, "chart": chart, "breakdowns": shown, "area_map": area_map, "area_table": area_table,
            "area_note": area_note,
            "recommendations": targeting, "practices": naming_indicator(ctx, s.id),
            "dataset": {"slug": s.choice.dataset, "title": ctx.tr(ds.title), "publisher_url": ds.source.url,
                        "link": ctx.link(urls.dataset(c.slug, s.choice.dataset)),
                        "publisher": ctx.tr(ds.source.publisher), "licence": ds.source.licence,
                        "retrieved": ds.source.retrieved.isoformat()},
            "edition": c.config.edition, "updated": c.config.updated.isoformat()}


def breakdowns(ctx: CityCtx, s, name: str) -> list[dict]:
    """The breakdowns a reader can pick on an indicator's page (compute.breakdowns.by_breakdown), each its own
    figure, table and CSV; the page shows the indicator's own trend first, and every breakdown without
    JavaScript too. A rate's groups are per 100,000 of the whole population unless the dataset holds the
    population of each group: said beside the chart."""
    c, loc = ctx.city, ctx.loc
    out = []
    for dim in s.breakdowns:
        fig = c.figure(("breakdowns", f"{s.id}_by_{dim}"), None)
        if fig is None:
            continue
        label = loc(f"breakdown_{dim}")
        periods = fig.table.dropna(subset=["value"])["period"].astype(str)
        summary = loc("breakdown_summary", name=name, breakdown=label,
                      first=periods.min() if len(periods) else "–", last=periods.max() if len(periods) else "–")
        whole = s.indicator.unit == "per_100k" and (s.choice.population is not None
                                                    or dim not in c.tables[s.choice.dataset].dimensions)
        out.append({"dim": dim, "anchor": dim.replace("_", "-"), "label": label,
                    "heading": loc("breakdown_heading", breakdown=label),
                    "note": loc("breakdown_rate_note") if whole else "", "fig": figure(ctx, fig, summary)})
    return out


def framework_page(ctx: Ctx) -> dict:
    """Every indicator of the registry, with the cities that report it."""
    loc = ctx.loc
    rows = []
    compared = {comp.id for comp in ctx.site.comparisons}
    for ind_id, ind in ctx.site.registry.items():
        cities = []
        for c in ctx.site.cities:
            for s in c.indicators:
                if s.id == ind_id:
                    v = indicator_summary(CityCtx(ctx.site, loc, ctx.md, c), s)
                    cities.append({"slug": c.slug, "name": loc.text(c.config.name, c.config.languages),
                                   "value": v["value"], "period": v["period"], "status": v["status"],
                                   "area": v["area_level"], "link": v["link"]})
        rows.append({"id": ind_id, "name": loc.text(ind.name), "definition": loc.text(ind.definition),
                     "sdg": ind.sdg, "sdg_url": sdg_url(ind.sdg), "unit": loc(f"unit_{ind.unit}"),
                     "cities": cities,  # a comparison only where two cities or more report it
                     "compare": ctx.link(urls.comparison(ind_id)) if ind_id in compared else ""})
    return {**meta(loc("nav_framework")), "indicators": rows}
