"""Data files published beside the pages, at URLs that stay put between builds:

    data/<city>/<dataset>.csv            every dataset (after the disclosure rule)
    data/<city>/charts/<id>.csv          the exact table behind each chart
    data/<city>/maps/<id>.csv, .geojson  the table and geography behind each map
    data/<city>/indicators/<id>.csv      indicator values (and <id>_by_area.csv)
    data/<city>/indicator_maps/<id>.geojson  indicator values by area, as drawn
    api/v1/<lang>/<page>.json            the data twin of every page: the view it was rendered from
    data/<city>/districts.geojson        the boundary or station layer
    data/<city>/datapackage.json         Frictionless Data Package v2
    data/<city>.zip                      all of the above with a README, byte-identical when unchanged
    data/datapackage.json, data/catalog.jsonld, api/v1/...   portal-wide indexes (see metadata.py)

CSV choices (documented on the methodology page): UTF-8 without a byte-order mark,
a header row, '.' as decimal separator, ISO dates, LF line ends, empty cell for
missing. A text cell starting with = + - or @ gets a leading apostrophe so that a
spreadsheet shows it instead of running it as a formula.
"""
from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from .. import i18n
from ..compute import disclosure, indicators
from ..read import geography
from ..records import CityBuild, WalkSet
from . import metadata, urls

FORMULA_START = ("=", "+", "-", "@")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed entry time: an unchanged city gives a byte-identical zip


def column_type(series: pd.Series) -> str:
    if series.name in ("period_start", "period_end"):
        return "date"
    if pd.api.types.is_bool_dtype(series):  # written True / False, which a Table Schema boolean accepts
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    return "number" if pd.api.types.is_numeric_dtype(series) else "string"


def tidy_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Whole-number float columns become integers, so 2117.0 is written 2117."""
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_float_dtype(s) and s.dropna().apply(float.is_integer).all():
            out[col] = s.astype("Int64")
    return out


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v)
    return out


def simplified_note(metres: float) -> str:
    """The description of a boundary file published simplified (geography.for_download); '' if as read."""
    if not metres:
        return ""
    return (f"Outlines simplified for download to about {metres:,.0f} m (shared borders stay shared), because the "
            "boundary file is large; the city can publish them as read with districts.full_precision: true.")


class Files:
    """Writes one city's files and remembers each one, so packages, bundles and indexes list
    exactly what was written."""

    def __init__(self, base: Path):
        self.base = base
        self.written: dict[str, dict] = {}

    def csv(self, rel: str, frame: pd.DataFrame, title: str, description: str = "") -> None:
        disclosure.require(frame, rel)
        path = self.base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        frame = tidy_numbers(frame)
        neutralise(frame).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        self.written[rel] = {"kind": "csv", "title": title, "description": description, "from": "gated table",
                             "fields": [{"name": c, "type": column_type(frame[c])} for c in frame.columns]}

    def geojson(self, rel: str, data: dict, title: str, source: pd.DataFrame | None, description: str = "") -> None:
        """Shapes with the values of `source` (a gated table), or boundaries alone (`source` None)."""
        if source is not None:
            disclosure.require(source, rel)
        write_json(data, self.base / rel)
        self.written[rel] = {"kind": "geojson", "title": title, "description": description,
                             "from": "gated table" if source is not None else "boundaries"}


def write_json(data, path: Path, indent: int | None = 1) -> None:
    """JSON as every reader parses it: a missing number is null, never NaN (which JSON does not have)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_no_nan(data), ensure_ascii=False, indent=indent, sort_keys=True, default=_plain,
                               allow_nan=False) + "\n", encoding="utf-8")


def _no_nan(v):
    if isinstance(v, dict):
        return {k: _no_nan(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_no_nan(x) for x in v]
    if isinstance(v, float) and np.isnan(v):
        return None
    return v


FIGURE_TITLES = {"charts": ("Chart", ""), "maps": ("Map", "Map"), "hotspots": ("Hotspot grid", "Hotspot grid"),
                 "indicators": ("Indicator", ""), "indicator_maps": ("Indicator by area", "Indicator map"),
                 "left_behind": ("Districts against the city", ""), "breakdowns": ("Indicator by breakdown", "")}
"""How each kind of figure names its table and its GeoJSON in the Data Package."""


def write_city(s, c, data_dir: Path) -> dict:
    """One city's files: datasets, each figure's table (and GeoJSON), boundaries, package and zip."""
    files = Files(data_dir / c.slug)
    en = s.locales[i18n.PUBLISHED]
    langs = c.config.languages
    text = lambda value: en.text(value, langs)  # noqa: E731 - file titles are in English, like columns
    full = bool(c.config.districts and c.config.districts.full_precision)
    for slug, table in c.datasets.items():  # incident points are not among them: only their grid counts are
        cfg = c.tables[slug].config
        files.csv(f"{slug}.csv", en.worded(table, cfg.period_notes, langs), text(cfg.title), text(cfg.description))
    for slug, revised in c.revisions.items():
        files.csv(urls.revisions_csv(slug), revised, f"Revisions: {text(c.tables[slug].config.title)}",
                  "Values a newer release of the publisher's series changed: previous and revised value.")
    for fig in c.figures:
        table_kind, layer_kind = FIGURE_TITLES[fig.kind]
        files.csv(fig.csv, en.worded(fig.table, c.tables[fig.dataset].config.period_notes, langs),
                  f"{table_kind}: {text(fig.title)}")
        if fig.layer is not None:
            geo, metres = c.download if c.download and fig.layer.geo is c.geo \
                else geography.for_download(fig.layer.geo, full)
            shapes = geography.feature_collection(geo, _props(fig.table))
            files.geojson(f"{fig.kind}/{fig.id}.geojson", shapes, f"{layer_kind}: {text(fig.title)}", fig.table,
                          simplified_note(metres))
    write_walks(c, files, text)  # the records of safety walks, as places, and their summaries
    for sv in c.surveys:  # a city's own survey: its estimates only, never a respondent's row
        synthetic = " Synthetic: made-up answers, not a real survey." if sv.config.synthetic else ""
        files.csv(f"surveys/{sv.slug}_estimates.csv", sv.estimates, f"Survey estimates: {text(sv.config.title)}",
                  "Weighted estimates with design-based standard errors, 95% confidence intervals and coefficients "
                  "of variation (%); flag: withheld (fewer than 30 respondents) or unreliable (CV above 30%)."
                  + synthetic)
        if sv.recorded is not None:
            files.csv(f"surveys/{sv.slug}_recorded.csv", sv.recorded,
                      f"Surveyed and police-recorded crime: {text(sv.config.title)}",
                      "By district: the crimes of the declared types residents say they suffered in the year "
                      "(a weighted total, rounded, with its 95% interval and CV), the police's recorded count as "
                      "published (the sum of the year's published months; empty where one was withheld), and the "
                      "share recorded (recorded / surveyed x 100)." + synthetic)
    if c.indicators:
        files.csv("indicators/status.csv", indicators.status_table(c.indicators), "Indicators: status",
                  "Each indicator's latest value with its 95% interval, its change since the baseline with its "
                  "test, the fitted average annual change, and the status against its target (illustrative "
                  "targets marked).")
    if len(c.reconciliation):
        t = c.reconciliation
        reasons = [text(c.tables[a].config.differs_from[b]) if b in c.tables[a].config.differs_from else ""
                   for a, b in zip(t["dataset"], t["other_dataset"])]
        files.csv("reconciliation.csv", disclosure.require(t, "reconciliation").assign(reason=reasons),
                  "Where two datasets disagree", "Years in which two datasets of the city give one measure "
                  "different totals: both values, their difference and, where the city has said it, why.")
    if c.geo and c.config.districts:
        geo, metres = c.download or (c.geo, 0.0)
        files.geojson("districts.geojson", geography.feature_collection(geo, {}),
                      f"Boundaries: {text(c.config.districts.label)}", None, simplified_note(metres))
    package = metadata.city_package(c, files.written, s)
    write_json(package, files.base / "datapackage.json")
    write_bundle(data_dir / f"{c.slug}.zip", files.base, [*files.written, "datapackage.json"],
                 metadata.bundle_readme(c, package, s))
    return files.written


def write_walks(c: CityBuild, files: Files, title) -> None:
    """A city's safety-walk files (publish.Files): the records at data/<city>/<dataset>.csv, as points in
    walks/<dataset>.geojson, the walks with their participants, and the two summaries; `title` words a config
    text in English."""
    for w in c.walks:
        name = title(w.config.title)
        files.csv(f"{w.slug}.csv", w.records, name, "Safety-walk records: one risk factor at a public space per "
                  "row, coordinates rounded to 4 decimals (about 10 m).")
        files.csv(f"walks/{w.slug}_walks.csv", w.walks, f"Safety walks and their participants: {name}",
                  "One row per walk; participants follow the disclosure rule.")
        files.csv(f"walks/{w.slug}_by_area.csv", w.by_area, f"Safety walks by district and category: {name}")
        files.csv(f"walks/{w.slug}_by_category.csv", w.by_category, f"Safety walks by category: {name}")
        files.geojson(f"walks/{w.slug}.geojson", walk_points(w), f"Safety-walk places: {name}", w.records)


def walk_points(w: WalkSet) -> dict:
    """The records as GeoJSON points (RFC 7946), each with what was found there."""
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                 "properties": {k: v for k, v in r.items() if k not in ("lon", "lat")}}
                for r in w.records.to_dict("records")]
    return {"type": "FeatureCollection", "features": features}


def write_all(s, staging: Path, rendered: list) -> dict[str, str]:
    """Every data file, index and view; returns what each written file was made from (the manifest a test
    holds against the files on disk: nothing is published that did not come through the gate)."""
    data_dir = staging / "data"
    files_by_city = {c.slug: write_city(s, c, data_dir) for c in s.built}
    manifest = {urls.data(slug, rel): info["from"] for slug, written in files_by_city.items()
                for rel, info in written.items()}
    manifest.update({urls.data(slug, "datapackage.json"): "index" for slug in files_by_city})
    manifest.update({urls.bundle(slug): "bundle of gated tables" for slug in files_by_city})
    for c in s.cities:  # a city's own basemap (streets and places, no data of its audit), as shipped
        if c.config.basemap:
            target = data_dir / c.config.basemap.file
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(s.root / "data" / c.config.basemap.file, target)
            manifest[f"data/{c.config.basemap.file}"] = "basemap"
    compared = Files(data_dir / "compare")
    en = s.locales[i18n.PUBLISHED]
    for comp in s.comparisons:
        compared.csv(f"{comp.id}.csv", comp.table, f"Cities compared: {en.text(comp.indicator.name)}")
    manifest.update({f"data/compare/{rel}": info["from"] for rel, info in compared.written.items()})
    write_json(metadata.portal_package(s, files_by_city), staging / urls.portal_package())
    write_json(metadata.dcat_catalogue(s), staging / urls.catalogue())
    manifest.update({urls.portal_package(): "index", urls.catalogue(): "index"})
    for rel, doc in metadata.api(s, files_by_city).items():
        write_json(doc, staging / rel)
        manifest[rel] = "index"
    for page in rendered:
        write_json(page.view, staging / urls.api_view(page.lang, page.md), indent=None)
        manifest[urls.api_view(page.lang, page.md)] = "view of gated tables"
    return manifest


def _props(table: pd.DataFrame) -> dict[str, dict]:
    return {r["area_code"]: {k: _plain(v) for k, v in r.items() if k not in ("area_code", "area_name")}
            for r in table.to_dict("records")}


def _plain(v):
    """A value as JSON has it: missing is null, numpy numbers are numbers, tuples are lists."""
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, tuple):
        return list(v)
    return v.item() if hasattr(v, "item") else v


def write_bundle(path: Path, base: Path, names: list[str], readme: str) -> None:
    """A city's zip: its README, then its files in name order."""
    write_zip(path, path.stem, [("README.md", readme.encode("utf-8"))] + [(n, (base / n).read_bytes())
                                                                           for n in sorted(names)])


COMPRESSED = (".zip", ".woff2", ".woff", ".gz", ".pf_fragment", ".pf_index", ".pf_meta")


def write_zip(dest: Path | BinaryIO, folder: str, entries: Iterable[tuple[str, bytes]]) -> None:
    """Every zip the site publishes (city bundles, data kits, the offline edition): entries under `folder/`
    in the order given, each at a fixed time, so the same files give the same bytes."""
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=ZIP_TIME)
            # compressed formats are stored: deflating them again costs time and saves nothing (not PNG:
            # vl-convert writes them loosely packed, and deflate takes 40 % off)
            info.compress_type = zipfile.ZIP_STORED if name.endswith(COMPRESSED) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
