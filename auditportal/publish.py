"""Data files published beside the pages, at URLs that stay put between builds:
data/<city>/<dataset>.csv, data/<city>/charts/<id>.csv, data/<city>/maps/<id>.csv and
.geojson, data/<city>/indicators/<id>.csv, data/<city>/districts.geojson and a
datapackage.json per city.

CSV choices (documented on the methodology page): UTF-8 without a byte-order mark,
a header row, '.' as decimal separator, ISO dates, LF line ends, empty cell for
missing. A text cell starting with = + - or @ gets a leading apostrophe so that a
spreadsheet shows it instead of running it as a formula.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from . import disclosure, geography
from .config import Disclosure, tr
from .sources import Table

FORMULA_START = ("=", "+", "-", "@")


def published(t: Table, rule: Disclosure) -> pd.DataFrame:
    """The dataset as published: the tidy table after the disclosure rule."""
    out = disclosure.suppress(t.frame, rule)
    cols = ["area_level", "area_code", "period", "period_type", "period_start", "period_end", "measure",
            "measure_label", *t.dimensions, "value", "flag", "note"]
    return out[cols]


def column_type(series: pd.Series) -> str:
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


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    neutralise(tidy_numbers(frame)).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def write_json(data, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def write_all(inputs, staging: Path) -> dict[str, int]:
    files = 0
    for c in inputs.cities:
        base = staging / "data" / c.slug
        resources = []
        for slug, t in c.tables.items():
            frame = published(t, c.config.disclosure)
            write_csv(frame, base / f"{slug}.csv")
            resources.append(_resource(slug, f"{slug}.csv", tidy_numbers(frame), t.config, inputs))
        for data in c.charts:
            write_csv(data.table, base / "charts" / f"{data.chart.id}.csv")
        for data in c.maps:
            write_csv(data.table, base / "maps" / f"{data.spec.id}.csv")
            props = {r["area_code"]: {k: _plain(v) for k, v in r.items() if k not in ("area_code", "area_name")}
                     for r in data.table.to_dict("records")}
            write_json(geography.feature_collection(c.geo, props), base / "maps" / f"{data.spec.id}.geojson")
        for s in c.indicators:
            write_csv(s.table, base / "indicators" / f"{s.id}.csv")
            if s.by_area is not None:
                write_csv(s.by_area, base / "indicators" / f"{s.id}_by_area.csv")
                if c.geo is not None:
                    write_csv(s.by_area, base / "indicator_maps" / f"{s.id}.csv")
                    props = {r["area_code"]: {k: _plain(v) for k, v in r.items() if k not in ("area_code", "area_name")}
                             for r in s.by_area.to_dict("records")}
                    write_json(geography.feature_collection(c.geo, props), base / "indicator_maps" / f"{s.id}.geojson")
        if c.geo:
            write_json(geography.feature_collection(c.geo, {}), base / "districts.geojson")
        files += len(c.tables)
        write_json(_package(c, resources, inputs), base / "datapackage.json")
    return {"datasets": files}


def _plain(v):
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return None
    return v


def _licence(licence: str) -> dict:
    if licence == "unverified":
        return {"name": "unverified", "title": "Terms of use not verified; see the dataset page"}
    return {"name": licence, "path": f"https://spdx.org/licenses/{licence}.html"}


def _resource(slug: str, path: str, frame: pd.DataFrame, ds, inputs) -> dict:
    lang = inputs.portal.languages[0]
    return {
        "name": slug, "path": path, "type": "table", "format": "csv", "mediatype": "text/csv",
        "encoding": "utf-8", "title": tr(ds.title, "en"), "description": tr(ds.description, "en"),
        "licenses": [_licence(ds.source.licence)],
        "sources": [{"title": tr(ds.source.publisher, lang), **({"path": ds.source.url} if ds.source.url else {})}],
        "schema": {"fields": [{"name": col, "type": column_type(frame[col])} for col in frame.columns],
                   "missingValues": [""]},
    }


def _package(c, resources: list[dict], inputs) -> dict:
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": f"safety-audit-{c.slug}", "title": tr(c.config.name, "en"),
        "description": tr(c.config.description, "en"), "version": c.config.edition,
        "licenses": [_licence(inputs.portal.licence)],
        "contributors": [{"title": tr(inputs.portal.publisher, "en"), "roles": ["publisher"]}],
        "resources": resources,
    }
