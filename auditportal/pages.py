"""Pages: Jinja templates turned into one Markdown tree per language under build/docs/<lang>/.

Values from data files reach HTML only through Jinja's autoescaping. Hand-written
Markdown from a city's folder is trusted (it is reviewed in a pull request) and
passed through as it is.
"""
from __future__ import annotations

import json
import re
from html import escape
import shutil
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pandas as pd
import vl_convert

from . import charts, i18n, indicators, maps, metadata, publish
from .config import MapSpec, tr, text_lang
from .disclosure import FLAG

STATUS_ORDER = ["planned", "in_progress", "implemented", "dropped"]


def sdg_url(sdg: str | None) -> str | None:
    """The UN SDG indicators metadata repository, filtered to the goal."""
    if not sdg:
        return None
    return f"https://unstats.un.org/sdgs/metadata/?Text=&Goal={sdg.split('.')[0]}&Target={'.'.join(sdg.split('.')[:2])}"

PREVIEW_ROWS = 10


@dataclass(frozen=True)
class Drawing:
    spec: dict
    svg: str

    @property
    def png(self) -> bytes:
        """For readers who need a bitmap (slides, social media); drawn from the same SVG."""
        return vl_convert.svg_to_png(self.svg, scale=1.5)


def draw_all(inputs, progress) -> dict[tuple, Drawing]:
    """Every chart and map drawn once per language, keyed by (city, kind, id, lang)."""
    out = {}
    for c in inputs.cities:
        progress(f"  {c.slug}: {len(c.charts)} charts, {len(c.maps)} maps, {len(c.indicators)} indicators")
        for lang in inputs.portal.languages:
            strings = inputs.strings[lang]
            fallbacks = c.config.languages
            for data in c.charts:
                spec = charts.spec(data, lang, strings, labels(c.tables[data.chart.dataset].config, lang, fallbacks))
                out[(c.slug, "charts", data.chart.id, lang)] = Drawing(spec, charts.svg(spec, lang))
            for data in c.maps:
                spec = maps.spec(data, c.geo, lang, strings)
                out[(c.slug, "maps", data.spec.id, lang)] = Drawing(spec, charts.svg(spec, lang))
            for grid in c.grids:
                outline = c.geo if c.geo is not None and c.geo.kind == "polygon" else None
                spec = maps.spec(grid.map, grid.geo, lang, strings, outline=outline)
                out[(c.slug, "hotspots", grid.map.spec.id, lang)] = Drawing(spec, charts.svg(spec, lang))
            for series in c.indicators:
                for kind, spec in indicator_drawings(c, series, lang, strings):
                    out[(c.slug, kind, series.id, lang)] = Drawing(spec, charts.svg(spec, lang))
    return out


def labels(ds, lang: str, fallbacks) -> dict[str, str]:
    """Readable names of a dataset's published values and measure ids, in one language."""
    return {k: tr(v, lang, fallbacks) for k, v in {**ds.value_labels, **ds.measure_labels}.items()}


def indicator_drawings(c, series, lang: str, strings):
    """An indicator's trend chart, and its map where it has values by mapped area."""
    unit_title = strings(f"unit_{series.indicator.unit}")
    title = tr(series.indicator.name, lang)
    target = series.choice.target
    label = strings("target_label", value=i18n.number(target.value, lang, indicators.DECIMALS[series.indicator.unit]),
                    year=target.year) if target else ""
    yield "indicators", charts.indicator_spec(series.table, title, unit_title,
                                              (target.value, target.year) if target else None, label, lang, strings)
    protected = set(series.indicator.numerator.measures) & set(c.config.disclosure.protected_measures)
    if series.by_area is not None and c.geo is not None and not (protected and c.geo.kind == "point"):
        spec = MapSpec(id=series.id, dataset=series.choice.dataset, measures=series.indicator.numerator.measures,
                       title=series.indicator.name)
        data = maps.indicator_map_data(series, c.geo, spec)
        yield "indicator_maps", maps.spec(data, c.geo, lang, strings, value_title=unit_title)


def environment(root: Path) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(root / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = lambda v, lang, d=0: i18n.number(v, lang, d)
    return env


def write_all(inputs, drawings: dict, docs: Path) -> int:
    if docs.exists():
        shutil.rmtree(docs)
    env = environment(inputs.root)
    count = 0
    for lang in inputs.portal.languages:
        writer = _Writer(inputs, env, docs / lang, lang, drawings)
        count += writer.all()
    return count


def up(page: str) -> str:
    """Relative prefix from a page's URL back to its language root (directory URLs)."""
    parts = page.removesuffix(".md").split("/")
    depth = len(parts) - (1 if parts[-1] == "index" else 0)
    return "../" * depth


class _Writer:
    def __init__(self, inputs, env, out: Path, lang: str, drawings: dict):
        self.inputs, self.env, self.out, self.lang, self.drawings = inputs, env, out, lang, drawings
        self.t = inputs.strings[lang]
        self.count = 0

    def page(self, path: str, template: str, **context) -> None:
        context.update(lang=self.lang, t=self.t, up=up(path), site_root=up(path) + "../",
                       portal_title=tr(self.inputs.portal.title, self.lang))
        text = self.env.get_template(template).render(**context)
        target = self.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.count += 1

    def all(self) -> int:
        root, lang = self.inputs.root, self.lang
        shutil.copytree(root / "content" / "assets", self.out / "assets")
        cities = [self.city_summary(c) for c in self.inputs.cities]
        intro = (root / "content" / lang / "index.md").read_text(encoding="utf-8")
        self.page("index.md", "home.md.j2", intro=intro, cities=cities,
                  description=tr(self.inputs.portal.description, lang))
        self.page("indicators.md", "framework.md.j2", indicators=self.framework())
        for name in ("about.md", "methodology.md"):
            self.page(name, "content.md.j2", body=(root / "content" / lang / name).read_text(encoding="utf-8"))
        for c in self.inputs.cities:
            self.city(c)
        return self.count

    # ------------------------------------------------------------ helpers

    def framework(self) -> list[dict]:
        """Every indicator of the registry, with the cities that report it."""
        rows = []
        for ind_id, ind in self.inputs.registry.items():
            cities = []
            for c in self.inputs.cities:
                for s in c.indicators:
                    if s.id == ind_id:
                        v = self.indicator_view(c, s)
                        cities.append({"slug": c.slug, "name": self.tr(c.config.name, c), "value": v["value"],
                                       "period": v["period"], "status": v["status"], "area": v["area_level"]})
            rows.append({"id": ind_id, "name": self.tr(ind.name), "definition": self.tr(ind.definition),
                         "sdg": ind.sdg, "sdg_url": sdg_url(ind.sdg), "unit": self.t(f"unit_{ind.unit}"),
                         "cities": cities})
        return rows

    def tr(self, text, city=None) -> str:
        return tr(text, self.lang, city.config.languages if city else ())

    def city_summary(self, c) -> dict:
        return {"slug": c.slug, "name": self.tr(c.config.name, c), "country": c.config.country,
                "description": self.tr(c.config.description, c),
                "period": f"{c.config.period.start}–{c.config.period.end}", "datasets": len(c.tables)}

    def labels(self, c, dataset: str) -> dict[str, str]:
        """Readable names of published values and measure ids, in this language."""
        return labels(c.tables[dataset].config, self.lang, c.config.languages)

    def finding_text(self, c, f) -> str:
        title = self.source_title(c, f.source)
        values = {"title": title}
        labels = {}
        for data in c.charts:
            if data.chart.id == f.source:
                labels = self.labels(c, data.chart.dataset)
        for key, v in f.numbers.items():
            if key.endswith("_month"):
                values[key] = i18n.MONTHS_FULL[self.lang][int(v) - 1]
            elif key == "change_pct":
                values[key] = ("+" if v > 0 else "") + i18n.number(v, self.lang, 1)
            elif isinstance(v, float) and not pd.isna(v):
                values[key] = i18n.number(v, self.lang, 0 if float(v).is_integer() else 1)
            elif isinstance(v, int):
                values[key] = i18n.number(v, self.lang)
            else:
                values[key] = labels.get(v, v)
        return self.t(f.key, **values)

    def note(self, c, note: str) -> str:
        """Notes are stored in English in the data; show them in the page's language."""
        parts = []
        for part in filter(None, str(note).split("; ")):
            partial = re.fullmatch(r"partial year: (\d+) of 12 months", part)
            if partial:
                parts.append(self.t("note_partial", n=partial.group(1)))
                continue
            for t in c.tables.values():
                for text in t.config.period_notes.values():
                    if tr(text, "en") == part:
                        part = self.tr(text, c)
            parts.append(part)
        return "; ".join(parts)

    def source_title(self, c, source_id: str) -> str:
        for data in c.charts:
            if data.chart.id == source_id:
                return self.tr(data.chart.title, c)
        for data in c.maps:
            if data.spec.id == source_id:
                return self.tr(data.spec.title, c)
        return source_id

    def figure(self, c, kind: str, item_id: str, title, table: pd.DataFrame, dataset: str, up_: str,
               summary: str, csv: str | None = None) -> dict:
        drawing = self.drawings[(c.slug, kind, item_id, self.lang)]
        folder = self.out / c.slug / kind
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{item_id}.svg").write_text(drawing.svg, encoding="utf-8")
        if not (folder / f"{item_id}.png").exists():  # same drawing, same bytes: once per language
            (folder / f"{item_id}.png").write_bytes(drawing.png)
        (folder / f"{item_id}.vl.json").write_text(json.dumps(drawing.spec, sort_keys=True), encoding="utf-8")
        ds = c.tables[dataset]
        notes = sorted({self.note(c, n) for n in table.get("note", pd.Series(dtype=str)).fillna("") if n})
        title = self.tr(title, c)
        caption = summary.removeprefix(f"{title}: ")
        return {
            "id": item_id, "kind": kind, "title": title, "summary": summary,
            "caption": caption[:1].upper() + caption[1:],
            "png": f"{up_}{c.slug}/{kind}/{item_id}.png",
            "embed": self.embed_snippet(c, kind, item_id, title, summary, ds),
            "img": f"{up_}{c.slug}/{kind}/{item_id}.svg",
            "csv": f"{up_}../data/{c.slug}/{csv or f'{kind}/{item_id}.csv'}",
            "dataset_page": f"{up_}{c.slug}/data/{dataset}/",
            "dataset_title": self.tr(ds.config.title, c),
            "source": self.tr(ds.config.source.publisher, c),
            "area": self.t(f"level_{ds.config.area_level}"),
            "notes": notes,
            "suppressed": int((table.get("flag", pd.Series(dtype=str)) == FLAG).sum()),
            "table": self.html_table(c, table, dataset),
            "width": drawing.spec.get("width"),
            "method": "", "geojson": "", "map_config": "",
            "spec": f"{up_}{c.slug}/{kind}/{item_id}.vl.json",
        }

    def embed_snippet(self, c, kind: str, item_id: str, title: str, summary: str, ds) -> str:
        """HTML a journalist can paste: the image from its stable address, with its credit."""
        site = metadata.site
        img = site(self.inputs, f"{self.lang}/{c.slug}/{kind}/{item_id}.svg")
        page = site(self.inputs, f"{self.lang}/{c.slug}/")
        credit = self.t("embed_credit", source=self.tr(ds.config.source.publisher, c),
                        portal=tr(self.inputs.portal.title, self.lang))
        return (f'<figure><img src="{img}" alt="{escape(summary)}" style="max-width:100%">'
                f'<figcaption>{escape(title)}. {escape(credit)} <a href="{page}">{page}</a></figcaption></figure>')

    def html_table(self, c, table: pd.DataFrame, dataset: str) -> dict:
        labels = self.labels(c, dataset)
        headers = [self.t.table.get(f"col_{col}", col) for col in table.columns]
        rows = []
        for record in table.to_dict("records"):
            row = []
            for col, v in record.items():
                if col == "flag":
                    row.append(self.t("suppressed") if v == FLAG else "")
                elif col == "note":
                    row.append(self.note(c, v or ""))
                elif isinstance(v, float):
                    row.append(i18n.number(v, self.lang, 0 if (pd.isna(v) or v.is_integer()) else 1))
                else:
                    row.append(labels.get(str(v), str(v)) if v is not None else "")
            rows.append(row)
        numeric = [pd.api.types.is_numeric_dtype(table[col]) and col not in ("month", "year") for col in table.columns]
        return {"headers": headers, "rows": rows, "numeric": numeric}

    # ------------------------------------------------------------ city pages

    def city(self, c) -> None:
        cfg, slug = c.config, c.slug
        findings_by_source = {}
        for f in c.findings:
            findings_by_source.setdefault(f.source, []).append(self.finding_text(c, f))
        generated = [t for texts in findings_by_source.values() for t in texts]
        here = up(f"{slug}/index.md")
        figures = []
        for data in c.charts:
            texts = findings_by_source.get(data.chart.id, [])
            figures.append(self.figure(c, "charts", data.chart.id, data.chart.title, data.table, data.chart.dataset,
                                       here, texts[0] if texts else self.tr(data.chart.title, c)))
        map_figures = []
        for data in c.maps:
            texts = findings_by_source.get(data.spec.id, [])
            fig = self.figure(c, "maps", data.spec.id, data.spec.title, data.table, data.spec.dataset,
                              here, texts[0] if texts else self.tr(data.spec.title, c))
            unit = self.t("unit_per_100k") if data.measure_col == "rate" else ""
            map_figures.append(self.map_extras(c, fig, here, data, unit))
        for grid in c.grids:
            spot = grid.map.spec
            texts = findings_by_source.get(spot.id, [])
            fig = self.figure(c, "hotspots", spot.id, spot.title, grid.map.table, spot.dataset, here,
                              texts[0] if texts else self.tr(spot.title, c))
            fig = self.map_extras(c, fig, here, grid.map, "", outline=c.geo is not None and c.geo.kind == "polygon")
            fig["method"] = self.t("hotspot_method", m=spot.cell_m, k=cfg.disclosure.min_count - 1,
                                   cells=grid.hidden_cells, events=grid.hidden_events)
            map_figures.append(fig)
        common = {"city": self.city_summary(c), "slug": slug,
                  "text_lang": text_lang(cfg.description, self.lang, cfg.languages),
                  "rule": self.t("disclosure_rule", k=cfg.disclosure.min_count - 1)}
        views = [self.indicator_view(c, s) for s in c.indicators]
        recs = [self.recommendation(c, r, {v["id"]: v for v in views}) for r in c.recommendations]
        self.page(f"{slug}/index.md", "city.md.j2", **common,
                  overview=self.overview(c), availability=self.availability(c), findings=generated,
                  figures=figures, maps=map_figures, indicators=views,
                  contacts=[{"name": self.tr(x.name, c), "role": self.tr(x.role, c), "url": x.url}
                            for x in cfg.contacts])
        self.page(f"{slug}/findings.md", "findings.md.j2", **common, own=self.own_markdown(c, "findings"),
                  generated=generated, recommendations=recs)
        self.page(f"{slug}/tracker.md", "tracker.md.j2", **common, recommendations=recs,
                  by_status=self.counts(recs, "status_key", [f"status_{k}" for k in STATUS_ORDER]),
                  by_lead=self.counts(recs, "lead"))
        self.page(f"{slug}/indicators/index.md", "indicators.md.j2", **common, indicators=views)
        for series, view in zip(c.indicators, views):
            self.indicator_page(c, series, view, common, recs)
        self.page(f"{slug}/data/index.md", "datasets.md.j2", **common, availability=self.availability(c),
                  has_geo=c.geo is not None)
        for ds_slug, table in c.tables.items():
            self.page(f"{slug}/data/{ds_slug}.md", "dataset.md.j2", **common, ds=self.dataset(c, ds_slug, table))

    def map_extras(self, c, fig: dict, here: str, data, unit: str, outline: bool = False) -> dict:
        """What maps.js needs to draw the published GeoJSON as the static map was drawn."""
        fig["geojson"] = f"{here}../data/{c.slug}/{fig['kind']}/{fig['id']}.geojson"
        fig["method"] = self.t("map_method_points" if c.geo and c.geo.kind == "point" else "map_method_quantiles")
        basemap = c.config.basemap
        fig["map_config"] = json.dumps({
            "field": data.measure_col, "breaks": data.breaks, "colours": maps.ramp(len(data.breaks)),
            "noDataColour": maps.NO_DATA, "noData": self.t("map_no_data"), "unit": unit, "label": fig["title"],
            "labels": maps.class_labels(data, self.lang), "legendTitle": unit or self.t("chart_value"),
            "tiles": {"url": basemap.url, "attribution": basemap.attribution} if basemap else None,
            "outline": f"{here}../data/{c.slug}/districts.geojson" if outline else None,
        }, ensure_ascii=False, sort_keys=True)
        return fig

    def counts(self, items: list[dict], key: str, order: list[str] | None = None) -> list[dict]:
        found: dict[str, int] = {}
        for item in items:
            found[item[key]] = found.get(item[key], 0) + 1
        keys = [k.removeprefix("status_") for k in order] if order else sorted(found)
        return [{"key": k, "label": self.t(f"status_{k}") if order else k, "count": found.get(k, 0)}
                for k in keys if order or found.get(k)]

    def indicator_page(self, c, series, view: dict, common: dict, recs: list[dict]) -> None:
        path = f"{c.slug}/indicators/{series.id}.md"
        here = up(path)
        chart = self.figure(c, "indicators", series.id, series.indicator.name, series.table, series.choice.dataset,
                            here, view["summary"])
        area_map, area_table = None, None
        if series.by_area is not None:
            area_table = self.html_table(c, series.by_area, series.choice.dataset)
            if (c.slug, "indicator_maps", series.id, self.lang) in self.drawings:
                area_map = self.map_extras(c, self.figure(
                    c, "indicator_maps", series.id, series.indicator.name, series.by_area, series.choice.dataset,
                    here, view["area_summary"], csv=f"indicators/{series.id}_by_area.csv"), here, maps.indicator_map_data(series, c.geo, None), view["unit"])
        targeting = [r for r in recs if series.id in r["indicator_ids"]]
        ds = c.tables[series.choice.dataset].config
        self.page(path, "indicator.md.j2", **common, i=view, chart=chart, area_map=area_map,
                  area_table=area_table, recommendations=targeting,
                  dataset={"slug": series.choice.dataset, "title": self.tr(ds.title, c),
                           "publisher": self.tr(ds.source.publisher, c), "licence": ds.source.licence,
                           "retrieved": ds.source.retrieved.isoformat()},
                  edition=c.config.edition, updated=c.config.updated.isoformat())

    def own_markdown(self, c, name: str) -> dict | None:
        folder = self.inputs.root / "cities" / c.slug
        for lang in (self.lang, *c.config.languages):
            path = folder / f"{name}.{lang}.md"
            if path.is_file():
                return {"lang": lang, "body": path.read_text(encoding="utf-8")}
        return None

    def overview(self, c) -> dict:
        cfg = c.config
        pop = None
        if cfg.population:
            frame = c.tables[cfg.population.dataset].frame
            rows = frame[frame["measure"] == cfg.population.measure].dropna(subset=["value"])
            if not rows.empty:  # district rows add up to the whole area covered
                totals = rows.groupby(["period_start", "period"])["value"].sum().reset_index()
                last = totals.sort_values("period_start").iloc[-1]
                pop = {"value": i18n.number(last["value"], self.lang), "period": last["period"],
                       "source": self.tr(c.tables[cfg.population.dataset].config.source.publisher, c)}
        return {"population": pop,
                "area": i18n.number(cfg.area_km2, self.lang, 1) if cfg.area_km2 else None,
                "area_source": self.tr(cfg.area_source, c) if cfg.area_source else None,
                "period": f"{cfg.period.start}–{cfg.period.end}", "edition": cfg.edition,
                "updated": cfg.updated.isoformat(),
                "districts": len(c.geo.codes) if c.geo else 0,
                "district_label": self.tr(cfg.districts.label, c) if cfg.districts else "",
                "sources": sorted({self.tr(t.config.source.publisher, c) for t in c.tables.values()})}

    def availability(self, c) -> list[dict]:
        rows = []
        for slug, t in c.tables.items():
            f = t.frame.sort_values("period_start")
            periods = f["period"].drop_duplicates().tolist()
            areas = f["area_code"].nunique()
            partial = sorted({p for p, n in zip(f["period"], f["note"]) if "partial" in str(n)})
            measures = [self.tr(t.config.measure_labels.get(m), c) or label
                        for m, label in f[["measure", "measure_label"]].drop_duplicates().itertuples(index=False)]
            rows.append({
                "slug": slug, "title": self.tr(t.config.title, c),
                "measures": measures[:6], "more_measures": max(0, len(measures) - 6),
                "level": self.t(f"level_{t.config.area_level}"), "areas": areas,
                "periods": f"{periods[0]} – {periods[-1]}" if len(periods) > 1 else (periods[0] if periods else "–"),
                "period_type": self.t(f"period_{f['period_type'].iloc[0]}") if len(f) else "",
                "partial": partial, "source": self.tr(t.config.source.publisher, c),
                "licence": t.config.source.licence,
            })
        return rows

    def indicator_view(self, c, s) -> dict:
        h = indicators.headline(s)
        unit = s.indicator.unit
        d = indicators.DECIMALS[unit]
        fmt = lambda v: i18n.number(v, self.lang, d)  # noqa: E731
        status = indicators.series_status(s)
        target = s.choice.target
        name = self.tr(s.indicator.name)
        view = {
            "id": s.id, "name": name, "definition": self.tr(s.indicator.definition),
            "sdg": s.indicator.sdg, "sdg_url": sdg_url(s.indicator.sdg), "unit": self.t(f"unit_{unit}"),
            "value": fmt(h["value"]) if h else "–", "period": h["period"] if h else "–",
            "numerator": i18n.number(h["numerator"], self.lang) if h else "–",
            "denominator": i18n.number(h["denominator"], self.lang) if h and unit != "count" else "",
            "denominator_note": self.denominator_note(h) if h and unit == "per_100k" else "",
            "baseline": f"{fmt(h['baseline'])} ({h['baseline_period']})" if h and "baseline" in h else "–",
            "change": (("+" if h["change_pct"] > 0 else "") + i18n.number(h["change_pct"], self.lang, 1) + " %"
                       if h and "change_pct" in h else "–"),
            "target": f"{fmt(target.value)} ({target.year})" if target else "–",
            "target_source": self.tr(target.source, c) if target else "",
            "status_key": status.key, "status": self.t(f"status_{status.key}"),
            "status_detail": (self.t("status_detail", observed=i18n.number(status.observed, self.lang, 2),
                                     required=i18n.number(status.required, self.lang, 2))
                              if status.observed is not None else ""),
            "csv": f"{up(c.slug + '/indicators/index.md')}../data/{c.slug}/indicators/{s.id}.csv",
            "csv_url": metadata.site(self.inputs, f"data/{c.slug}/indicators/{s.id}.csv"),
            "method": self.tr(s.indicator.method),
            "reference": s.indicator.reference,
            "area_level": self.t(f"level_{s.area_level}"),
            "breakdowns": [self.t(f"breakdown_{b}") for b in s.indicator.breakdowns],
            "summary": (self.t("indicator_summary", name=name, value=fmt(h["value"]), period=h["period"],
                               unit=self.t(f"unit_{unit}")) if h else name),
            "area_summary": name,
        }
        if s.by_area is not None and not s.by_area["value"].dropna().empty:
            top = s.by_area.loc[s.by_area["value"].idxmax()]
            view["area_summary"] = self.t("indicator_area_summary", name=name, area=top["area_name"],
                                          value=fmt(top["value"]), period=top["period"])
        return view

    def denominator_note(self, h: dict) -> str:
        used = str(h["denominator_period"])
        if used == str(h["period"]):
            return ""
        if used.endswith(" interpolated"):
            return self.t("denominator_interpolated", years=used.removesuffix(" interpolated").replace("-", "–"))
        return self.t("denominator_nearest", year=used)

    def recommendation(self, c, r, views: dict[str, dict]) -> dict:
        """A recommendation with the current trend of each indicator it targets that the city reports."""
        trends = [{key: views[ind][key] for key in ("id", "name", "value", "period", "change", "status", "status_key")}
                  for ind in r.indicators if ind in views]
        return {"id": r.id, "indicator_ids": list(r.indicators), "trends": trends, "indicator_link": "indicators/",
                "title": self.tr(r.title, c), "text": self.tr(r.text, c), "theme": self.tr(r.theme, c),
                "lead": self.tr(r.lead, c), "partners": [self.tr(p, c) for p in r.partners],
                "status": self.t(f"status_{r.status}"), "status_key": r.status,
                "start": r.start.isoformat() if r.start else "", "due": r.due.isoformat() if r.due else "",
                "budget": (f"{i18n.number(r.budget.amount, self.lang)} {r.budget.currency}" if r.budget else ""),
                "indicators": [self.tr(self.inputs.registry[i].name) if i in self.inputs.registry else i
                               for i in r.indicators],
                "example": r.example}

    def dataset(self, c, slug: str, t) -> dict:
        cfg = t.config
        src = cfg.source
        points = cfg.area_level == "point"
        frame = t.frame if points else publish.published(t, c.config.disclosure)
        published = [] if points else list(frame.columns)
        preview = frame.head(PREVIEW_ROWS)
        periods = frame.sort_values("period_start")["period"].drop_duplicates().tolist()
        columns = [{"name": col, "type": publish.column_type(frame[col]),
                    "unit": self.t(f"unit_{cfg.unit}") if col == "value" else "",
                    "description": self.t(f"coldoc_{col}") if f"coldoc_{col}" in self.t.table
                    else self.t("coldoc_dimension")} for col in published]
        return {
            "slug": slug, "title": self.tr(cfg.title, c), "description": self.tr(cfg.description, c),
            "caveats": [self.tr(x, c) for x in cfg.caveats],
            "publisher": self.tr(src.publisher, c), "url": src.url, "licence": src.licence,
            "terms": self.tr(src.terms, c), "copied_from": src.copied_from,
            "retrieved": src.retrieved.isoformat(),
            "transformations": self.tr(src.transformations, c) if src.transformations else "",
            "file": cfg.file, "rows_read": t.rows_read, "rows_kept": t.rows_kept,
            "rows_excluded": [{"reason": k, "rows": v} for k, v in t.rows_excluded.items()],
            "gaps": c.gaps.get(slug, []),
            "observations": len(frame), "periods": f"{periods[0]} – {periods[-1]}" if periods else "–",
            "areas": frame["area_code"].nunique(), "level": self.t(f"level_{cfg.area_level}"),
            "columns": columns, "preview": None if points else self.html_table(c, preview, slug),
            "grids": [{"id": g.map.spec.id, "title": self.tr(g.map.spec.title, c)} for g in c.grids
                      if g.map.spec.dataset == slug] if points else None,
            "csv": f"{up(c.slug + '/data/' + slug + '.md')}../data/{c.slug}/{slug}.csv",
            "edition": c.config.edition, "updated": c.config.updated.isoformat(),
            "url": metadata.site(self.inputs, f"data/{c.slug}/{slug}.csv"),
            "jsonld": "" if points else json.dumps(metadata.dataset_jsonld(c, slug, self.inputs, self.lang),
                                                   ensure_ascii=False, sort_keys=True),
        }
