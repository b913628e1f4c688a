"""What every view needs: where it stands (the page, its language, its city), and the parts
several pages share (a figure with its table and downloads, a worded finding).

A view is plain data: the template renders it, and the same data is published beside the
page as JSON, so tests and other sites can read what a page says without parsing HTML.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

import pandas as pd
from pmtiles.tile import deserialize_header

from ...compute import charts, flags
from ...i18n import Locale
from ...records import CityBuild, Figure, Finding, Layer, Site
from ...schema import text_lang, tr
from .. import urls
from ..draw import drawing, narrow, orientation
from ..draw.drawing import labels as drawing_labels
from ..escaping import theme_text


@dataclass(frozen=True)
class Ctx:
    """Where a view is built: the whole site, one language, one page."""
    site: Site
    loc: Locale
    md: str  # the page's Markdown path, from urls.py

    def tr(self, text) -> str:
        return tr(text, self.loc.lang)

    def link(self, to_md: str, anchor: str = "") -> str:
        return urls.link(self.md, to_md, anchor)

    def to_site(self, path: str) -> str:
        return urls.to_site(self.md, path)

    def in_language(self, path: str) -> str:
        return urls.in_language(self.md, path)

    def absolute(self, path: str) -> str:
        return urls.absolute(self.site.portal.site_url, path)


@dataclass(frozen=True)
class CityCtx(Ctx):
    """Where a city's page is built: also the city."""
    city: CityBuild

    def tr(self, text) -> str:
        """City text in this language, else in the city's own languages."""
        return tr(text, self.loc.lang, self.city.config.languages)


def html_table(ctx: CityCtx, table: pd.DataFrame, dataset: str, labels: dict[str, str] | None = None) -> dict:
    """A table as the page shows it: headers in the page's language, values formatted, labels readable."""
    c, loc = ctx.city, ctx.loc
    ds = c.tables[dataset].config
    table = loc.worded(table, ds.period_notes, c.config.languages).drop(columns=["highlight"], errors="ignore")
    labels = loc.labels(ds, c.config.languages) if labels is None else labels
    headers = [loc.strings.get(f"col_{col}", col) for col in table.columns]
    rows = []
    for record in table.to_dict("records"):
        row = []
        for col, v in record.items():
            if col == "flag":
                row.append(loc.flags(v))
            elif col == "note":
                row.append(v or "")
            elif col == "weekday":
                row.append(loc.weekday(v))
            elif isinstance(v, float):
                row.append(loc.number(v, 0 if (pd.isna(v) or v.is_integer()) else 1))
            else:
                row.append(labels.get(str(v), str(v)) if v is not None else "")
        rows.append(row)
    numeric = [pd.api.types.is_numeric_dtype(table[col]) and col not in ("month", "year") for col in table.columns]
    return {"headers": headers, "rows": rows, "numeric": numeric}


def figure(ctx: CityCtx, fig: Figure, summary: str) -> dict:
    """One figure: its static image, the spec the interactive layer draws, its table and downloads."""
    c, loc = ctx.city, ctx.loc
    drawing = ctx.site.drawings[c.slug][(fig.kind, fig.id, loc.lang)]
    ds = c.tables[fig.dataset].config
    shown = loc.worded(fig.table, ds.period_notes, c.config.languages)
    notes = sorted({n for n in shown.get("note", pd.Series(dtype=str)).fillna("") if n})
    title = ctx.tr(fig.title)
    caption = summary.removeprefix(f"{title}: ")
    asset = lambda ext: ctx.in_language(urls.figure_file(c.slug, fig.kind, fig.id, ext))  # noqa: E731
    out = {
        "id": fig.id, "kind": fig.kind, "title": title, "summary": summary,
        "caption": caption[:1].upper() + caption[1:],
        "png": asset("png") if drawing.png is not None else "", "img": asset("svg"), "spec": asset("vl.json"),
        "embed": embed_snippet(ctx, fig, title, summary),
        "csv": ctx.to_site(urls.data(c.slug, fig.csv)),
        "dataset_page": ctx.in_language(urls.page_url(urls.dataset(c.slug, fig.dataset))),
        "dataset_title": ctx.tr(ds.title),
        "source": ctx.tr(ds.source.publisher), "source_url": ds.source.url,
        "area": ctx.tr(c.config.districts.label) if ds.area_level == "district" and c.config.districts
        else loc(f"level_{ds.area_level}"),
        "notes": notes,
        "suppressed": flags.count(fig.table, flags.SUPPRESSED),
        "table": html_table(ctx, fig.table, fig.dataset, drawing_labels(c, fig, loc)),
        "size": narrow.size(drawing.svg), "narrow": asset("narrow.svg"), "narrow_size": narrow.size(drawing.narrow),
        "method": "", "geojson": "", "map_data": "", "map_config": "",
        "reconciled": reconciled(ctx, fig),
        "withheld": withheld_together(ctx, fig),
    }
    if fig.layer is not None:
        out.update(map_extras(ctx, fig, fig.layer, title))
    drawn_from = [fig.dataset] + ([fig.chart.against.dataset] if fig.chart is not None and fig.chart.against else [])
    surveys = [s for s in (c.tables[slug].config.survey for slug in drawn_from) if s is not None]
    if surveys:  # estimates with their (unpublished) margins of error, said beside the figure
        out["method"] = loc("survey_estimates") + " " + (ctx.tr(surveys[0].margins) if surveys[0].margins
                                                         else loc("margins_none"))
    if fig.chart is not None and fig.chart.type == "weekday_hour":
        out["method"] = loc("times_local", zone=ds.time_zone or "?")
        out["area"] = loc("level_city")
    return out


def withheld_together(ctx: CityCtx, fig: Figure) -> str:
    """A breakdown whose total is stated (a profile) with groups withheld: how much they hold together, which
    the total gives anyway, so that it agrees with a share quoted elsewhere (4.5 % of victims were minors)."""
    if fig.chart is None or fig.chart.type != "profile" or not flags.count(fig.table, flags.SUPPRESSED):
        return ""
    total = fig.table.attrs["total"]
    hidden = total - fig.table["value"].sum()
    return ctx.loc("withheld_together", n=ctx.loc.number(hidden), share=ctx.loc.number(hidden / total * 100, 1))


def reconciled(ctx: CityCtx, fig: Figure) -> str:
    """Where another dataset of the city gives this figure's measure another total for a year it shows
    (compute/reconcile.py): both values, which dataset is which, and why they differ."""
    c, loc = ctx.city, ctx.loc
    t = c.reconciliation
    measures = (fig.chart.measures if fig.chart is not None else
                fig.series.indicator.numerator.measures if fig.series is not None else [])
    periods = set(fig.table["period"].astype(str)) if "period" in fig.table else set()
    rows = t[((t["dataset"] == fig.dataset) | (t["other_dataset"] == fig.dataset)) & t["measure"].isin(measures)
             & t["period"].astype(str).isin(periods)]
    if rows.empty:
        return ""
    r = rows.iloc[-1]
    mine, theirs = (r["dataset"], r["other_dataset"]) if r["dataset"] == fig.dataset else (r["other_dataset"],
                                                                                         r["dataset"])
    value = r["value"] if mine == r["dataset"] else r["other_value"]
    other = r["other_value"] if mine == r["dataset"] else r["value"]
    why = c.tables[r["dataset"]].config.differs_from.get(r["other_dataset"])
    return loc("reconcile_note", period=r["period"], this=ctx.tr(c.tables[mine].config.title), value=loc.number(value),
               other=ctx.tr(c.tables[theirs].config.title), other_value=loc.number(other),
               reason=ctx.tr(why) if why else loc("reconcile_no_reason"))


def basemap_zoom(path) -> int:
    """The deepest zoom a PMTiles basemap holds: beyond it, the map draws its deepest tiles larger."""
    with path.open("rb") as f:
        return int(deserialize_header(f.read(127))["max_zoom"])


def map_extras(ctx: CityCtx, fig: Figure, layer: Layer, title: str) -> dict:
    """What maps.js needs to draw the published GeoJSON as the static map was drawn."""
    c, loc = ctx.city, ctx.loc
    basemap = c.config.basemap
    keys = drawing.map_keys(fig, c, loc)
    asset = lambda suffix: ctx.in_language(urls.figure_file(c.slug, fig.kind, fig.id, suffix))  # noqa: E731
    config = {  # the legend as data: the same entries, words and colours as the static map's
        "views": [{"id": col, "name": loc(f"map_view_{col}") if layer.alternative else "", "title": k.title,
                   "labels": k.labels, "colours": k.colours} for col, k in keys.items()],
        "help": loc("map_view_help") if layer.alternative else "", "label": title,
        "points": layer.geo.kind == "point", "land": asset("land.geojson"),
        "outline": asset("outline.geojson") if layer.outline is not None else None,
        "bounds": [round(b, 5) for b in orientation.frame(layer.outline or layer.geo)],
        "basemap": {"url": ctx.to_site(f"data/{basemap.file}"), "attribution": basemap.attribution,
                    "maxZoom": basemap_zoom(ctx.site.root / "data" / basemap.file)} if basemap else None,
    }
    method = "map_method_points" if c.geo and c.geo.kind == "point" else "map_method_quantiles"
    if fig.kind == "hotspots":
        method_text = loc("hotspot_method", m=loc.number(fig.cell_m), k=c.config.disclosure.suppress_below - 1,
                          cells=loc.number(fig.hidden_cells))
    else:
        method_text = loc(method)
    return {"geojson": ctx.to_site(urls.data(c.slug, f"{fig.kind}/{fig.id}.geojson")), "method": method_text,
            "map_data": ctx.in_language(urls.figure_file(c.slug, fig.kind, fig.id, "geojson")),
            "map_config": json.dumps(config, ensure_ascii=False, sort_keys=True)}


def embed_snippet(ctx: CityCtx, fig: Figure, title: str, summary: str) -> str:
    """HTML a journalist can paste: the image from its stable address, with its credit."""
    c, loc = ctx.city, ctx.loc
    img = ctx.absolute(f"{loc.lang}/{urls.figure_file(c.slug, fig.kind, fig.id, 'svg')}")
    page = ctx.absolute(f"{loc.lang}/{urls.page_url(urls.city(c.slug))}")
    credit = loc("embed_credit", source=ctx.tr(c.tables[fig.dataset].config.source.publisher),
                 portal=tr(ctx.site.portal.title, loc.lang))
    return (f'<figure><img src="{img}" alt="{escape(summary)}" style="max-width:100%">'
            f'<figcaption>{escape(title)}. {escape(credit)} <a href="{page}">{page}</a></figcaption></figure>')


def figure_title(ctx: CityCtx, key: tuple[str, str]) -> str:
    return ctx.tr(ctx.city.figure(key).title)


def finding_text(ctx: CityCtx, f: Finding) -> str:
    """A finding worded in the page's language, its numbers formatted and its values labelled."""
    c, loc = ctx.city, ctx.loc
    fig = c.figure(f.source)
    labels = drawing_labels(c, fig, loc) if fig.kind == "charts" else {}
    percent = fig.chart is not None and charts.unit(fig.chart, c.tables[fig.dataset].config) == "percent"
    values = {"title": ctx.tr(fig.title)}
    for key, v in f.numbers.items():
        if key.endswith("_month"):
            values[key] = loc.month(int(v), full=True)
        elif key == "weekday":
            values[key] = loc.weekday(v)
        elif key.endswith("hour"):
            values[key] = f"{int(v):02d}:00"
        elif key in ("change_pct", "lower_pct", "upper_pct", "points"):
            values[key] = ("+" if v > 0 else "") + loc.number(v, 1)
        elif isinstance(v, float) and not pd.isna(v):
            values[key] = loc.number(v, 0 if float(v).is_integer() else 1)
            if percent and key not in ("share", "times", "points") and not key.endswith("_pct"):  # a survey's %
                values[key] = loc("value_percent", value=values[key])
        elif isinstance(v, int):
            values[key] = loc.number(v)
        else:
            values[key] = labels.get(v, v)
    return " ".join(loc(key, **values) for key in (f.key, *f.clauses))


def meta(title: str, **loads) -> dict:
    """A page's front matter: its title (escaped, since the theme prints it as it is) and what it loads."""
    return {"meta": {"title": theme_text(title), **loads}}


def city_header(ctx: CityCtx, title: str | None = None) -> dict:
    """What every page of a city shows: its name and summary, the victim-protection rule, and a
    notice when its latest figures are older than the portal allows; `title` is the page's own part
    of its title (the city's name is added)."""
    cfg = ctx.city.config
    name = ctx.tr(cfg.name)
    archived = ({"edition": cfg.edition, "link": ctx.link(urls.city(ctx.city.current))}
                if ctx.city.current else None)  # an earlier edition, kept as it was published
    if archived:
        name = f"{name} ({ctx.loc('edition_label', edition=cfg.edition)})"
    return {**meta(f"{title} · {name}" if title else name), "city": city_summary(ctx, ctx.city),
            "slug": ctx.city.slug, "text_lang": text_lang(ctx.city.description, ctx.loc.lang, cfg.languages),
            "rule": ctx.loc("disclosure_rule", k=cfg.disclosure.suppress_below - 1), "stale": stale_notice(ctx),
            "archived": archived}


def stale_notice(ctx: CityCtx) -> str:
    """'The latest figures are for 2012/13' when the newest count is older than the portal's limit."""
    if ctx.city.timespan is None:
        return ""
    _, period, end = ctx.city.timespan
    age = (ctx.city.config.updated - end).days / 365.25
    limit = ctx.site.portal.stale_after_years
    if age <= limit:
        return ""
    return ctx.loc("stale_notice", period=period, years=limit, edition=ctx.city.config.edition)


def city_summary(ctx: Ctx, c: CityBuild) -> dict:
    fallbacks = c.config.languages
    return {"slug": c.slug, "name": ctx.loc.text(c.config.name, fallbacks), "country": c.config.country,
            "description": ctx.loc.text(c.description, fallbacks),
            "period": period_span(c), "datasets": len(c.tables),
            "link": ctx.link(urls.city(c.slug))}


def period_span(c: CityBuild) -> str:
    """The periods the city's data cover, as the data label them (2003/04–2012/13)."""
    if c.timespan is None:
        return f"{c.config.period.start}–{c.config.period.end}"
    first, last, _ = c.timespan
    return first if first == last else f"{first}–{last}"


def generated_findings(ctx: CityCtx) -> list[dict]:
    """Each finding worded, with the figure it comes from, its sentence and its numbers unrounded
    (the JSON twin lets anyone recompute them from the figure's CSV)."""
    return [{"text": finding_text(ctx, f), "figure": "/".join(f.source), "sentence": f.key, "numbers": f.numbers}
            for f in ctx.city.findings]
