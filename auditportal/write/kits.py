"""Download kits for collecting data: one per dataset layout the portal reads. Each kit is a dataset
declaration (what city.yml says) and one example row; everything else is generated from them and the schema:
the CSV template (header and example), its Table Schema (Frictionless), a field guide per language and the
city.yml snippet. The tests load every snippet through the real schema and read every example CSV through
sources.read_dataset, so a kit cannot drift from what the build accepts.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..compute.walks import STATUSES
from ..schema import Dataset
from . import publish, reference

SOURCE = {"publisher": "Who published the data (e.g. the national police)", "licence": "unverified",
          "terms": "What the publisher's terms say about reusing the data", "retrieved": "2026-01-31"}
"""The source every snippet starts with: to be replaced by the file's own (see SOURCES.md)."""


@dataclass(frozen=True)
class Kit:
    id: str                   # the kit's name, and the dataset's id in its snippet
    declaration: dict         # the dataset as city.yml declares it (without title, description and source)
    example: dict[str, str]   # one example row: column -> cell


ID = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
"""A recommendation id, as schema.portal.Recommendation checks it."""


def _declared(kit_id: str, title: str, **layout) -> dict:
    return {"file": f"your_city/{kit_id}.csv", "title": title, "description": "What the dataset holds, in one or "
            "two sentences.", "source": SOURCE, **layout}


KITS = [
    Kit("homicides_by_year", _declared(
        "homicides_by_year", "Homicides per year", area_level="city", area_code="00000", period_column="year",
        measures={"homicide": "homicides", "population": "population"}),
        {"year": "2024", "homicides": "412", "population": "1850000"}),
    Kit("homicides_by_month", _declared(
        "homicides_by_month", "Homicides per month", area_level="city", area_code="00000", period_column="year",
        period_type="month", month_column="month", measures={"homicide": "homicides"}),
        {"year": "2024", "month": "3", "homicides": "37"}),
    Kit("crimes_by_district", _declared(
        "crimes_by_district", "Crimes recorded per district and year", area_level="district",
        area_column="district", code_width=2, period_column="year", measure_column="crime", value_column="count",
        measure_map={"Homicide": "homicide", "Robbery": "robbery"}),
        {"district": "01", "year": "2024", "crime": "Robbery", "count": "214"}),
    Kit("crimes_wide_years", _declared(
        "crimes_wide_years", "Crimes recorded per district, years as columns", area_level="district",
        area_column="district", code_width=2, wide_periods=True, measure_column="crime",
        measure_map={"Homicide": "homicide", "Robbery": "robbery"}),
        {"district": "01", "crime": "Robbery", "2023": "198", "2024": "214"}),
    Kit("crimes_by_station", _declared(
        "crimes_by_station", "Crimes recorded per police station, by name", area_level="station",
        area_name_match={"column": "station", "aliases": {}}, period_column="year", measure_column="crime",
        value_column="count", measure_map={"Murder": "homicide"}),
        {"station": "Central", "year": "2024", "crime": "Murder", "count": "23"}),
    Kit("incident_records", _declared(
        "incident_records", "Robberies recorded, one row per incident", area_level="point", lon_column="lon",
        lat_column="lat", date_column="occurred_at", time_zone="America/Bogota", period_type="month",
        measure_column="crime", measure_map={"Robbery": "robbery"}),
        {"occurred_at": "2024-05-17T22:40:00", "lon": "-76.5301", "lat": "3.4512", "crime": "Robbery"}),
    Kit("survey_results", _declared(
        "survey_results", "Victimisation survey results", area_level="city", area_code="00000",
        period_column="year", measure_column="measure", value_column="value",
        measure_map={"Feels unsafe in the neighbourhood": "feels_unsafe", "Crimes not reported": "unreported"},
        survey={"edition_column": "edition", "units": {"feels_unsafe": "percent", "unreported": "percent"},
                "margins": "What the publisher says about sampling error, or that it says nothing."}),
        {"year": "2024", "edition": "2025", "measure": "Feels unsafe in the neighbourhood", "value": "61.3"}),
    Kit("safety_walks", _declared(
        "safety_walks", "Safety walks", area_level="point", lon_column="lon", lat_column="lat", date_column="date",
        measure_column="category", walk={
            "categories": {"poor_lighting": {"en": "Poor lighting", "es": "Iluminación deficiente"},
                           "abandoned_building": {"en": "Abandoned building", "es": "Edificio abandonado"},
                           "no_transport_at_night": {"en": "No transport at night", "es": "Sin transporte de noche"},
                           "unsafe_for_women": {"en": "Unsafe for women", "es": "Inseguro para las mujeres"}},
            "walk_column": "walk", "participants_column": "participants", "status_column": "follow_up",
            "recommendations_column": "recommendations"}),
        {"walk": "W1", "date": "2024-03-09", "lon": "-76.5285", "lat": "3.4718", "category": "poor_lighting",
         "participants": "12", "follow_up": "open", "recommendations": "R1"}),
]
"""Every layout the portal reads: years, months, districts, years as columns, stations by name, incident
records, survey results and safety walks."""


def dataset(kit: Kit, model: type[Dataset] = Dataset) -> Dataset:
    return model.model_validate(kit.declaration)


def columns(kit: Kit, model: type[Dataset] = Dataset) -> list[tuple[str, str]]:
    """(column, role) in the order the file holds them; a role is the option that names the column."""
    ds = dataset(kit, model)
    walk = ds.walk
    walk_columns = set(walk.columns().values()) if walk else set()
    edition = ds.survey.edition_column if ds.survey else None
    found = [("area_column", ds.area_column), ("area_name_match", ds.area_name_match and ds.area_name_match.column),
             ("walk_column", walk and walk.walk_column), ("date_column", ds.date_column),
             ("period_column", ds.period_column), ("edition_column", edition), ("month_column", ds.month_column),
             ("lon_column", ds.lon_column), ("lat_column", ds.lat_column), ("measure_column", ds.measure_column),
             ("value_column", ds.value_column), *[("measures", col) for col in ds.measures.values()],
             *[("wide_periods", col) for col in kit.example if ds.wide_periods and col.isdigit()],
             *[("dimensions", col) for col in ds.dimensions.values() if col not in walk_columns | {edition}],
             ("participants_column", walk and walk.participants_column), ("status_column", walk and walk.status_column),
             ("recommendations_column", walk and walk.recommendations_column)]
    return [(col, role) for role, col in found if col]


def table_schema(kit: Kit, model: type[Dataset] = Dataset, describe=lambda role: role) -> dict:
    """The CSV's Table Schema (Frictionless): each column's type and constraints as the portal reads it;
    `describe` words a role (the English field guide's words)."""
    ds = dataset(kit, model)
    number = {"type": "number"} if ds.survey else {"type": "integer", "constraints": {"minimum": 0}}
    year = {"type": "integer", "constraints": {"required": True, "minimum": 1900, "maximum": 2100}}
    if ds.period_type == "financial_year":
        year = {"type": "string", "constraints": {"required": True, "pattern": r"\d{4}([-/](\d{2}|\d{4}))?"}}
    dated = "T" in kit.example.get(ds.date_column or "", "")
    types: dict[str, dict] = {
        "area_column": {"type": "string", "constraints": {"required": True}},
        "area_name_match": {"type": "string", "constraints": {"required": True}},
        "walk_column": {"type": "string", "constraints": {"required": True}},
        "date_column": {"type": "datetime" if dated else "date", "constraints": {"required": True}},
        "period_column": year, "edition_column": {"type": "integer"},
        "month_column": {"type": "integer", "constraints": {"required": True, "minimum": 1, "maximum": 12}},
        "lon_column": {"type": "number", "constraints": {"required": True, "minimum": -180, "maximum": 180}},
        "lat_column": {"type": "number", "constraints": {"required": True, "minimum": -90, "maximum": 90}},
        "measure_column": {"type": "string", "constraints": {"required": True}},
        "value_column": number, "measures": number, "wide_periods": number, "dimensions": {"type": "string"},
        "participants_column": {"type": "integer", "constraints": {"minimum": 0}},
        "status_column": {"type": "string", "constraints": {"required": True, "enum": STATUSES}},
        "recommendations_column": {"type": "string", "constraints": {"pattern": f"{ID}(;{ID})*"}},
    }
    if ds.walk:
        types["measure_column"] = {"type": "string",
                                   "constraints": {"required": True, "enum": list(ds.walk.categories)}}
    fields = [{"name": col, **types[role], "description": describe(role)} for col, role in columns(kit, model)]
    return {"fields": fields, "missingValues": list(ds.missing_values)}


def csv_text(kit: Kit, model: type[Dataset] = Dataset) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = [col for col, _ in columns(kit, model)]
    writer.writerow(names)
    writer.writerow([kit.example.get(col, "") for col in names])
    return out.getvalue()


SNIPPET_HEAD = """# The {kit} kit's declaration. The first time, replace `datasets: {{}}` in cities/<your city>/city.yml
# with this block; for the next datasets, paste it without its first line. Then set file: (your city's id and
# the file's name under data/), title, description and source (as SOURCES.md says){area}.
# Every option: the reference page of the portal (/en/reference/).
"""


def snippet(kit: Kit, model: type[Dataset] = Dataset) -> str:
    dataset(kit, model)  # a declaration the build would refuse is no template
    area = ", and area_code (the city's official code)" if "area_code" in kit.declaration else ""
    return SNIPPET_HEAD.format(kit=kit.id, area=area) + reference.yaml_block({"datasets": {kit.id: kit.declaration}})


def options(kit: Kit, model: type[Dataset] = Dataset) -> list[dict[str, str]]:
    """The options the snippet sets (and those of the objects it sets, such as walk.*), each with its type,
    allowed values and docstring, as the reference page has them."""
    schema = reference.model_schema(model)
    out = []

    def visit(declared: dict, properties: dict, prefix: str) -> None:
        for key, value in declared.items():
            kind, allowed, ref = reference.describe(properties[key])
            out.append({"key": prefix + key, "type": kind, "allowed": allowed,
                        "doc": properties[key].get("description", "")})
            if ref and isinstance(value, dict) and kind == ref:  # an object: its own options follow
                visit(value, schema["$defs"][ref]["properties"], f"{prefix}{key}.")

    visit(kit.declaration, schema["properties"], "")
    return out


def files(kit: Kit, locales: dict, languages: list[str], templates: Path,
          model: type[Dataset] = Dataset) -> dict[str, str]:
    """Every file of a kit by name: the CSV, its Table Schema, the snippet and a field guide per language."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    english = locales["en"]
    out = {f"{kit.id}.csv": csv_text(kit, model), "city.yml": snippet(kit, model),
           f"{kit.id}.schema.json": json.dumps(table_schema(kit, model, lambda role: english(f"kitrole_{role}")),
                                               indent=2, ensure_ascii=False) + "\n"}
    for lang in languages:
        t = locales[lang]
        schema = table_schema(kit, model, lambda role, t=t: t(f"kitrole_{role}"))
        out[f"README.{lang}.md"] = env.get_template("kit_guide.md.j2").render(
            t=t, kit=kit, fields=schema["fields"], example=kit.example, snippet=out["city.yml"],
            roles=[role for _, role in columns(kit, model)], options=options(kit, model), lang=lang,
            files={"csv": f"{kit.id}.csv", "schema": f"{kit.id}.schema.json"}, dataset=dataset(kit, model))
    return out


def zipped(kit_id: str, contents: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    publish.write_zip(buffer, kit_id, [(name, contents[name].encode("utf-8")) for name in sorted(contents)])
    return buffer.getvalue()


def write(folder: Path, locales: dict, languages: list[str], templates: Path) -> dict[str, Any]:
    """Every kit under `folder` (the site's kits/): a folder of files and a zip each; returns the files by kit."""
    written = {}
    for kit in KITS:
        contents = files(kit, locales, languages, templates)
        (folder / kit.id).mkdir(parents=True, exist_ok=True)
        for name, text in contents.items():
            (folder / kit.id / name).write_text(text, encoding="utf-8")
        (folder / f"{kit.id}.zip").write_bytes(zipped(kit.id, contents))
        written[kit.id] = sorted(contents)
    return written
