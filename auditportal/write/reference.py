"""The config schema as documentation: a JSON Schema per file and the reference of every option, both
walked from the pydantic models the build validates with (auditportal/schema), never written twice.

`build.py schema` writes the JSON Schemas into schema/ (each YAML file names its own on its first
line, so editors complete and check keys); the build publishes them under /schema/ and renders the
reference page from the same schemas (views/toolkit.py). A test holds the committed files against
what the models give today.
"""
from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema

from ..problems import ValidationFailed
from ..read import yamlfile
from ..schema import City, Indicator, Portal, Recommendations
from ..schema import types as t

FOLDER = "schema"
"""Where the JSON Schemas are committed, and where the site publishes them."""


@dataclass(frozen=True)
class ConfigFile:
    name: str          # the schema's file name stem: city -> schema/city.schema.json
    path: str          # where such a file lives in a project
    model: Any         # the pydantic model (or type) its content validates against
    about: str         # one sentence on what the file is, in English like the docstrings


FILES = [
    ConfigFile("city", "cities/<city>/city.yml", City,
               "One city's audit: its datasets and how to reshape them, charts, maps and indicators."),
    ConfigFile("recommendations", "cities/<city>/recommendations.yml", Recommendations,
               "The audit's recommendations, followed on the city's tracker."),
    ConfigFile("indicators", "indicators.yml", dict[t.Slug, Indicator],
               "The indicator registry all cities share: indicator id -> indicator."),
    ConfigFile("portal", "portal.yml", Portal, "The site: title, languages, address, publisher."),
]
MODELINE = "# yaml-language-server: $schema="


class _Generator(GenerateJsonSchema):
    """Pydantic's JSON Schema, with what editors show tidied: no titles made up from key names, each
    docstring on one line, and mappings keyed by ids closed to other keys (the build refuses them)."""

    def field_title_should_be_set(self, schema) -> bool:
        return False

    def generate(self, schema, mode="validation"):
        return _tidy(super().generate(schema, mode))


def _tidy(node):
    if isinstance(node, dict):
        out = {k: _tidy(v) for k, v in node.items()}
        if isinstance(out.get("description"), str):
            out["description"] = " ".join(out["description"].split())
        if "patternProperties" in out:
            out["additionalProperties"] = False
        return out
    if isinstance(node, list):
        return [_tidy(v) for v in node]
    return node


def model_schema(model) -> dict:
    """A model's (or type's) JSON Schema as published: what editors and the reference page read."""
    return TypeAdapter(model).json_schema(schema_generator=_Generator)


def json_schema(cfg: ConfigFile) -> dict:
    found = model_schema(cfg.model)
    head = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": posixpath.basename(cfg.path),
            "description": f"{cfg.about} Every option is described on the portal's page <lang>/reference/."}
    return {**head, **{k: v for k, v in found.items() if k not in ("title", "description")}}


def schema_text(cfg: ConfigFile) -> str:
    return json.dumps(json_schema(cfg), indent=2, ensure_ascii=False) + "\n"


def schema_file(cfg: ConfigFile) -> str:
    return f"{FOLDER}/{cfg.name}.schema.json"


def write_schemas(folder: Path) -> list[str]:
    """Write every file's JSON Schema into `folder`; returns the names of those that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for cfg in FILES:
        path = folder / f"{cfg.name}.schema.json"
        text = schema_text(cfg)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path.name)
    return changed


def modeline(cfg: ConfigFile, yaml_path: str) -> str:
    """The first line of a config file at `yaml_path` (from the project root): its schema, relative to it."""
    return MODELINE + posixpath.relpath(schema_file(cfg), posixpath.dirname(yaml_path) or ".")


def config_file(name: str) -> ConfigFile:
    return next(cfg for cfg in FILES if cfg.name == name)


# ---------------------------------------------------------------- the reference, from the same schemas

@dataclass(frozen=True)
class Option:
    key: str           # full key path: datasets.<id>.period_column
    type: str
    allowed: str
    default: str       # as YAML; "" when required
    required: bool
    doc: str
    example: str       # `key: value` as YAML, from the project's own files where one uses it
    example_from: str  # the file it comes from ("" for one made up from the schema)
    section: str       # the anchor of the section describing its value, for an object


@dataclass
class Section:
    anchor: str
    name: str          # the model's name
    doc: str
    paths: list[str]   # every key path it is found at, the first one shown
    options: list[Option] = field(default_factory=list)


NAMED = [(t.TEXT_SCHEMA, "text (or text per language)", "one text, or {es: ..., en: ..., pt: ...}"),
         (t.URL_SCHEMA, "web address", "https://, http:// or mailto:"),
         (t.SITE_URL_SCHEMA, "web address", "https:// or http://, ending in /"),
         (t.LICENCE_SCHEMA, "licence", "an SPDX identifier (https://spdx.org/licenses/)"),
         (t.SOURCE_LICENCE_SCHEMA, "licence", "an SPDX identifier, or unverified"),
         (t.DATA_PATH_SCHEMA, "file path", "a path inside data/, with /, no .."),
         ({"type": "string", "pattern": t.SLUG_PATTERN}, "id", "a-z, 0-9 and _, starting with a letter or digit"),
         ({"type": "string", "pattern": r"^[a-z]{2}$"}, "language code", "two letters (ISO 639-1): es, en, pt")]


def _bare(node: dict) -> dict:
    return {k: v for k, v in node.items() if k not in ("description", "default", "deprecated")}


def _ref(node: dict) -> str | None:
    return node["$ref"].rsplit("/", 1)[-1] if "$ref" in node else None


def _optional(node: dict) -> dict:
    """X from anyOf [X, null] (pydantic writes Text | None as anyOf [string, object, null])."""
    options = [o for o in node.get("anyOf", []) if o != {"type": "null"}]
    if "anyOf" not in node or len(options) == len(node["anyOf"]):
        return node
    return options[0] if len(options) == 1 else {"anyOf": options}


def describe(node: dict) -> tuple[str, str, str | None]:
    """A schema node in words: its type, its allowed values and the model it holds (if any)."""
    node = _bare(_optional(node))
    for known, name, allowed in NAMED:
        if node == known:
            return name, allowed, None
    if (ref := _ref(node)) is not None:
        return ref, "", ref
    if "enum" in node:
        return "one of", ", ".join(v if v.isidentifier() else json.dumps(v) for v in map(str, node["enum"])), None
    kind = node.get("type")
    if kind == "string":
        if node.get("format") == "date":
            return "date", "YYYY-MM-DD", None
        return "text", f"matching {node['pattern']}" if "pattern" in node else "", None
    if kind in ("integer", "number"):
        low, high = node.get("minimum", node.get("exclusiveMinimum")), node.get("maximum")
        bounds = [f"at least {low}" if "minimum" in node else f"more than {low}" if low is not None else "",
                  f"at most {high}" if high is not None else ""]
        return "whole number" if kind == "integer" else "number", ", ".join(b for b in bounds if b), None
    if kind == "boolean":
        return "true or false", "true, false", None
    if kind == "array" and "prefixItems" in node:
        return f"list of {len(node['prefixItems'])} numbers", "", None
    if kind == "array":
        item, allowed, ref = describe(node.get("items", {}))
        least = f"at least {node['minItems']}" if "minItems" in node else ""
        return f"list of {item}", ", ".join(x for x in (least, allowed) if x), ref
    if kind == "object" and "patternProperties" in node:
        (pattern, value), = node["patternProperties"].items()
        key = describe({"type": "string", "pattern": pattern})[0]
        value_type, allowed, ref = describe(value)
        return f"mapping {key} → {value_type}", allowed, ref
    if kind == "object":
        value = node.get("additionalProperties")
        value_type, allowed, ref = describe(value) if isinstance(value, dict) else ("value", "", None)
        return f"mapping → {value_type}", allowed, ref
    return "value", "", None


def _child(node: dict) -> tuple[dict, str] | None:
    """The node of the model a property holds, and how its key path continues into it."""
    node = _optional(node)
    if "$ref" in node:
        return node, ""
    if node.get("type") == "array" and "$ref" in _optional(node.get("items", {})):
        return _optional(node["items"]), "[]"
    if node.get("type") == "object":
        value = next(iter(node.get("patternProperties", {}).values()), node.get("additionalProperties"))
        if isinstance(value, dict) and "$ref" in _optional(value):
            return _optional(value), ".<id>"
    return None


class _Dumper(yaml.SafeDumper):
    """Dates, kept as text by the loader (yamlfile.py), are written as a person writes them: unquoted."""


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def yaml_value(value) -> str:
    return yaml.dump(value, Dumper=_Dumper, default_flow_style=True, allow_unicode=True, width=10_000,
                     sort_keys=False).strip().removesuffix("...").strip()


def yaml_block(value) -> str:
    """YAML as a person writes a config file: blocks, keys in their order, dates unquoted."""
    return yaml.dump(value, Dumper=_Dumper, default_flow_style=False, allow_unicode=True, width=110, sort_keys=False)


def _default(node: dict) -> str:
    if "default" not in node:
        return ""
    return "none" if node["default"] is None else yaml_value(node["default"])


def sections(cfg: ConfigFile, examples: dict[str, tuple[str, str]]) -> list[Section]:
    """Every model a file holds, in the order its keys lead to them, each with every option it has.
    `examples` maps a key path to (YAML text, the file it comes from)."""
    schema = json_schema(cfg)
    defs = schema.get("$defs", {})
    found: dict[str, Section] = {}
    anchor = lambda model: f"{cfg.name}-{model.lower()}"  # noqa: E731 - unique on a page of every file

    def visit(name: str, node: dict, path: str) -> None:
        if name in found:
            found[name].paths.append(path)
            return
        section = found[name] = Section(anchor(name), name, node.get("description", ""), [path])
        required = set(node.get("required", []))
        for key, prop in node.get("properties", {}).items():
            if prop.get("deprecated"):
                continue
            full = f"{path}.{key}" if path else key
            kind, allowed, ref = describe(prop)
            child = _child(prop)
            example, source = examples.get(full, ("", ""))
            if not example and child is None:
                example = f"{key}: {_made_up(prop)}"
            section.options.append(Option(full, kind, allowed, _default(prop), key in required,
                                          prop.get("description", ""), example, source,
                                          anchor(ref) if ref else ""))
            if child is not None:
                ref_name = _ref(child[0]) or ""
                visit(ref_name, defs[ref_name], full + child[1])

    if "properties" in schema:
        visit(cfg.name, schema, "")
        found[cfg.name].name, found[cfg.name].doc = posixpath.basename(cfg.path), cfg.about
    else:  # indicators.yml: a mapping of ids to one model
        child = _child(schema)
        assert child is not None
        ref_name = _ref(child[0]) or ""
        visit(ref_name, defs[ref_name], "<id>")
    return list(found.values())


def _made_up(node: dict) -> str:
    """A value the schema allows, for an option no file of the project uses yet."""
    node = _bare(_optional(node))
    for known, _, _ in NAMED:
        if node == known:
            return {"text (or text per language)": "{es: ..., en: ...}"}.get(describe(node)[0], "...")
    if "enum" in node:
        return yaml_value(node["enum"][0])
    kind = node.get("type")
    if kind == "boolean":
        return "true"
    if kind in ("integer", "number"):
        return str(node.get("minimum", 1))
    if kind == "array":
        return "[...]"
    if kind == "object":
        return "{...}"
    return "..."


# ---------------------------------------------------------------- examples, from the project's own files

EXAMPLE_LENGTH = 90


def project_files(root: Path) -> dict[str, list[str]]:
    """The project's config files of each kind, as paths from the root, in a stable order."""
    cities = sorted(p for p in (root / "cities").glob("*/"))
    return {"city": [f"cities/{c.name}/city.yml" for c in cities if (c / "city.yml").is_file()],
            "recommendations": [f"cities/{c.name}/recommendations.yml" for c in cities
                                if (c / "recommendations.yml").is_file()],
            "indicators": ["indicators.yml"], "portal": ["portal.yml"]}


def examples(cfg: ConfigFile, documents: list[tuple[str, Any]]) -> dict[str, tuple[str, str]]:
    """For each key path, the first short value found in `documents` ((file, data) pairs): `key: value`."""
    schema = json_schema(cfg)
    defs = schema.get("$defs", {})
    out: dict[str, tuple[str, str]] = {}

    def walk(data, node: dict, path: str, source: str) -> None:
        node = _optional(node)
        if "$ref" in node:
            node = defs[_ref(node) or ""]
        if not isinstance(data, dict) or node.get("type") != "object":
            if isinstance(data, list) and node.get("type") == "array":
                for item in data:
                    walk(item, node.get("items", {}), path + "[]", source)
            return
        if "properties" not in node:  # a mapping of ids
            value = next(iter(node.get("patternProperties", {}).values()), node.get("additionalProperties"))
            if isinstance(value, dict) and _child(node) is not None:
                for item in data.values():
                    walk(item, value, path + ".<id>" if path else "<id>", source)
            return
        for key, value in data.items():
            if key not in node["properties"]:
                continue
            full = f"{path}.{key}" if path else str(key)
            text = _shown(key, value) if full not in out else ""
            if text:
                out[full] = (text, source)
            walk(value, node["properties"][key], full, source)

    for source, data in documents:
        walk(data, schema, "", source)
    return out


def _shown(key, value) -> str:
    """`key: value` in YAML when it is short, long texts cut (in a text per language too); a long list or
    mapping is left out, as is a key YAML can only write in its long form (an empty text)."""
    text = f"{key}: {yaml_value(value)}"
    for limit in (EXAMPLE_LENGTH, 30, 16):
        if len(text) <= EXAMPLE_LENGTH + len(str(key)):
            break
        text = f"{key}: {yaml_value(_cut(value, limit))}"
    return text if len(text) <= EXAMPLE_LENGTH + len(str(key)) and "? " not in text else ""


def _cut(value, limit: int):
    if isinstance(value, str) and len(value) > limit:
        return value[:limit].rsplit(" ", 1)[0] + " …"
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return {k: _cut(v, limit) for k, v in value.items()}
    return value


def load_documents(root: Path, paths: list[str]) -> list[tuple[str, Any]]:
    out = []
    for rel in paths:
        try:
            out.append((rel, yamlfile.load(root / rel, rel)[0]))
        except ValidationFailed:  # reported where the file is validated
            continue
    return out


def reference(root: Path, extra: dict[str, list[tuple[str, Any]]] | None = None) -> list[tuple[ConfigFile,
                                                                                              list[Section]]]:
    """Every file's sections, with examples from the project's files (and `extra` documents per file kind)."""
    files = project_files(root)
    out = []
    for cfg in FILES:
        documents = load_documents(root, files[cfg.name]) + (extra or {}).get(cfg.name, [])
        out.append((cfg, sections(cfg, examples(cfg, documents))))
    return out
