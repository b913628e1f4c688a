"""The views of a city's pages: overview, findings, recommendation tracker, datasets."""
from __future__ import annotations

import pandas as pd

from ...compute import flags, revisions
from .. import metadata, urls
from ..publish import column_type
from .common import CityCtx, city_header, figure, generated_findings, html_table, period_span
from .editions import edition_links
from .indicator import indicator_summary

PREVIEW_ROWS = 10
HIGH_RATIO = 1.5  # a district at one and a half times the city's rate or more is named as carrying more risk


def overview_page(ctx: CityCtx) -> dict:
    c, cfg = ctx.city, ctx.city.config
    found = generated_findings(ctx)
    first: dict[str, str] = {}
    for f in found:
        first.setdefault(f["figure"], f["text"])
    figures = {kind: [figure(ctx, fig, first.get("/".join(fig.key), ctx.tr(fig.title)))
                      for fig in c.figures if fig.kind in kinds]
               for kind, kinds in (("figures", ("charts",)), ("maps", ("maps", "hotspots")))}
    head = city_header(ctx)
    head["meta"].update(charts=bool(figures["figures"]), maps=bool(figures["maps"]))
    editions = edition_links(ctx) if ctx.site.editions(c.current or c.slug) else []
    changes = ctx.link(urls.changes(c.slug)) if editions and c.current is None else ""
    return {**head, "overview": overview(ctx), "availability": availability(ctx), "editions": editions,
            "changes": changes,
            "findings": found, **figures,
            "indicators": [indicator_summary(ctx, s) for s in c.indicators],
            "contacts": [{"name": ctx.tr(x.name), "role": ctx.tr(x.role), "url": x.url} for x in cfg.contacts],
            "links": {"findings": ctx.link(urls.findings(c.slug)), "indicators": ctx.link(urls.indicators(c.slug)),
                      "tracker": ctx.link(urls.tracker(c.slug)), "left_behind": ctx.link(urls.left_behind(c.slug)),
                      "survey": ctx.link(urls.survey(c.slug)) if c.surveys and c.current is None else ""}}


def datasets_page(ctx: CityCtx) -> dict:
    slug = ctx.city.slug
    return {**city_header(ctx, ctx.loc("nav_data")), "availability": availability(ctx),
            "has_geo": ctx.city.geo is not None,
            "simplified_m": round(ctx.city.download[1]) if ctx.city.download else 0,
            "links": {"package": ctx.to_site(urls.data(slug, "datapackage.json")),
                      "boundaries": ctx.to_site(urls.data(slug, "districts.geojson"))}}


def overview(ctx: CityCtx) -> dict:
    c, cfg, loc = ctx.city, ctx.city.config, ctx.loc
    pop = None
    if cfg.population:
        frame = c.tables[cfg.population.dataset].frame
        rows = frame[frame["measure"] == cfg.population.measure].dropna(subset=["value"])
        if not rows.empty:  # district rows add up to the whole area covered
            totals = rows.groupby(["period_start", "period"])["value"].sum().reset_index()
            last = totals.sort_values("period_start").iloc[-1]
            pop = {"value": loc.number(last["value"]), "period": last["period"],
                   "source": ctx.tr(c.tables[cfg.population.dataset].config.source.publisher)}
    return {"population": pop,
            "area": loc.number(cfg.area_km2, 1) if cfg.area_km2 else None,
            "area_source": ctx.tr(cfg.area_source) if cfg.area_source else None,
            "period": period_span(c), "edition": cfg.edition,
            "updated": cfg.updated.isoformat(),
            "districts": len(c.geo.codes) if c.geo else 0,
            "district_label": ctx.tr(cfg.districts.label) if cfg.districts else "",
            "sources": sorted({ctx.tr(t.config.source.publisher) for t in c.tables.values()})}


def availability(ctx: CityCtx) -> list[dict]:
    c, loc = ctx.city, ctx.loc
    rows = []
    for slug, t in c.tables.items():
        f = t.frame.sort_values("period_start")
        periods = f["period"].drop_duplicates().tolist()
        measures = [ctx.tr(t.config.measure_labels.get(m)) or label
                    for m, label in f[["measure", "measure_label"]].drop_duplicates().itertuples(index=False)]
        rows.append({
            "slug": slug, "title": ctx.tr(t.config.title), "link": ctx.link(urls.dataset(c.slug, slug)),
            "measures": measures[:6], "more_measures": max(0, len(measures) - 6),
            "level": loc(f"level_{t.config.area_level}"), "areas": int(f["area_code"].nunique()),
            "periods": f"{periods[0]} – {periods[-1]}" if len(periods) > 1 else (periods[0] if periods else "–"),
            "period_type": loc(f"period_{f['period_type'].iloc[0]}") if len(f) else "",
            "partial": sorted(set(f.loc[f["partial"], "period"])), "source": ctx.tr(t.config.source.publisher),
            "licence": t.config.source.licence,
        })
    return rows


def release_view(ctx: CityCtx, r) -> dict:
    return {"file": r.file, "publisher": ctx.tr(r.source.publisher), "publisher_url": r.source.url,
            "licence": r.source.licence, "terms": ctx.tr(r.source.terms), "copied_from": r.source.copied_from,
            "retrieved": r.source.retrieved.isoformat(), "caveats": [ctx.tr(x) for x in r.caveats],
            "transformations": ctx.tr(r.source.transformations) if r.source.transformations else ""}


def revisions_view(ctx: CityCtx, slug: str) -> dict | None:
    """What the newer releases changed, by measure and period, with the full list to download."""
    c, loc = ctx.city, ctx.loc
    revised = c.revisions.get(slug)
    if revised is None:
        return None
    labels = loc.labels(c.tables[slug].config, c.config.languages)
    rows = [[labels.get(r.measure, r.measure), r.period, loc.number(r.cells), loc.number(r.withheld),
             ("+" if r.net > 0 else "") + loc.number(r.net)]
            for r in revisions.summary(revised).itertuples()]
    return {"cells": loc.number(len(revised)), "rows": rows,
            "csv": ctx.to_site(urls.data(c.slug, urls.revisions_csv(slug)))}


def dataset_page(ctx: CityCtx, slug: str) -> dict:
    c, loc = ctx.city, ctx.loc
    t = c.tables[slug]
    cfg, src = t.config, t.config.source
    points = cfg.area_level == "point"
    frame = t.frame if points else loc.worded(c.datasets[slug], cfg.period_notes, c.config.languages)
    shown = [] if points else list(frame.columns)
    periods = frame.sort_values("period_start")["period"].drop_duplicates().tolist()
    columns = [{"name": col, "type": column_type(frame[col]),
                "unit": loc(f"unit_{cfg.unit}") if col == "value" else "",
                "description": loc(f"coldoc_{col}") if f"coldoc_{col}" in loc.strings else loc("coldoc_dimension")}
               for col in shown]
    preview = None if points else html_table(ctx, c.datasets[slug].head(PREVIEW_ROWS), slug)
    ds = {
        "slug": slug, "title": ctx.tr(cfg.title), "description": ctx.tr(cfg.description),
        "caveats": [ctx.tr(x) for x in cfg.caveats],
        "publisher": ctx.tr(src.publisher), "publisher_url": src.url, "licence": src.licence,
        "terms": ctx.tr(src.terms), "copied_from": src.copied_from,
        "retrieved": src.retrieved.isoformat(),
        "transformations": ctx.tr(src.transformations) if src.transformations else "",
        "file": cfg.file, "rows_read": t.rows_read, "rows_kept": t.rows_kept,
        "rows_excluded": [{"reason": k, "rows": v} for k, v in t.rows_excluded.items()],
        "gaps": c.gaps.get(slug, []),
        "observations": len(frame), "periods": f"{periods[0]} – {periods[-1]}" if periods else "–",
        "areas": int(frame["area_code"].nunique()), "level": loc(f"level_{cfg.area_level}"),
        "columns": columns, "preview": preview,
        "records": slug in c.points, "points_only": points,
        "walks": ctx.link(urls.walks(c.slug)) if cfg.walk else "",
        "located": [loc(f"located_{k}", n=loc.number(n)) for k, n in t.located.items()],
        "grids": [{"id": fig.id, "title": ctx.tr(fig.title), "link": ctx.link(urls.city(c.slug), f"hotspot-{fig.id}")}
                  for fig in c.figures if fig.kind == "hotspots" and fig.dataset == slug],
        "csv": ctx.to_site(urls.dataset_csv(c.slug, slug)),
        "releases": [release_view(ctx, r) for r in cfg.newer],
        "revisions": revisions_view(ctx, slug),
        "definitions": [{"measure": loc.labels(cfg, c.config.languages).get(m, m), "text": ctx.tr(text)}
                        for m, text in (cfg.survey.definitions.items() if cfg.survey else [])],
        "edition": c.config.edition, "updated": c.config.updated.isoformat(),
        "csv_url": ctx.absolute(urls.dataset_csv(c.slug, slug)),
    }
    head = city_header(ctx, ctx.tr(cfg.title))
    if not points or cfg.walk:
        head["meta"]["jsonld"] = metadata.dataset_jsonld(c, slug, ctx.site, loc.lang)
    return {**head, "ds": ds}


def left_behind_page(ctx: CityCtx) -> dict:
    """Each district against the city as a whole, for every map of rates: who carries more of the risk."""
    c, loc = ctx.city, ctx.loc
    sections = []
    for fig in (f for f in c.figures if f.kind == "left_behind"):
        t = fig.table
        ahead = t[t["ratio"] >= HIGH_RATIO]
        total = t.attrs["total"]
        population = t.loc[t["value"].notna() | flags.has(t["flag"], flags.SUPPRESSED), "population"].sum()
        sections.append({
            "id": fig.id, "title": ctx.tr(fig.title), "period": str(t["period"].iloc[0]),
            "city": loc("left_behind_city", rate=loc.number(t["city_rate"].iloc[0], 1), cases=loc.number(total),
                        population=loc.number(population), period=str(t["period"].iloc[0])),
            "ahead": loc("left_behind_ahead", ratio=loc.number(HIGH_RATIO, 1),
                         areas="; ".join(f"{r.area_name} ({loc.number(r.ratio, 1)}×)" for r in ahead.itertuples()))
            if len(ahead) else loc("left_behind_none", ratio=loc.number(HIGH_RATIO, 1)),
            "rows": [[r.area_name, "–" if pd.isna(r.value) else loc.number(r.value), loc.number(r.population),
                      "–" if pd.isna(r.rate) else loc.number(r.rate, 1),
                      "–" if pd.isna(r.ratio) else loc.number(r.ratio, 2) + "×",
                      loc.flags(r.flag)] for r in t.itertuples()],
            "csv": ctx.to_site(urls.data(c.slug, fig.csv)),
        })
    return {**city_header(ctx, loc("nav_left_behind")), "sections": sections,
            "no_rates": loc("left_behind_no_rates") if not sections else ""}
