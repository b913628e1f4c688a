"""The schema as documentation: the committed JSON Schemas are those the models give, every config file
names its schema on its first line and validates against it, and the reference lists every option."""
from __future__ import annotations

import json
import typing
from dataclasses import replace
from pathlib import Path

import jsonschema
from pydantic import BaseModel

from auditportal import schema
from auditportal.read import yamlfile
from auditportal.schema.portal import Recommendations
from auditportal.write import reference
from helpers import FIXTURE, ROOT


def committed(cfg: reference.ConfigFile) -> str:
    return (ROOT / reference.schema_file(cfg)).read_text(encoding="utf-8")


def test_committed_schemas_are_those_the_models_give():
    stale = [cfg.name for cfg in reference.FILES if committed(cfg) != reference.schema_text(cfg)]
    assert stale == [], f"run: .venv/bin/python build.py schema ({stale} out of date)"


def test_a_changed_model_makes_the_committed_schema_stale():
    class Changed(Recommendations):
        recommendations: list[schema.Recommendation] = []
        """The audit's recommendations, as a changed docstring says."""

    cfg = replace(reference.config_file("recommendations"), model=Changed)
    assert reference.schema_text(cfg) != committed(cfg)
    assert "as a changed docstring says" in reference.schema_text(cfg)


def config_files() -> list[tuple[str, Path]]:
    found = reference.project_files(ROOT)
    out = [(kind, ROOT / rel) for kind, paths in found.items() for rel in paths]
    return out + [(kind, FIXTURE / "cities" / "minicali" / f"{kind}.yml") for kind in ("city", "recommendations")]


EDITED_IN_THE_BROWSER = {"recommendations"}
"""Files the editor at /admin/ rewrites whole, dropping comments: their schema line may be missing."""


def test_every_config_file_names_its_schema_on_its_first_line():
    for kind, path in config_files():
        rel = path.relative_to(ROOT).as_posix()
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if kind in EDITED_IN_THE_BROWSER and not first.startswith("#"):
            continue
        assert first == reference.modeline(reference.config_file(kind), rel), rel
        target = (path.parent / first.removeprefix(reference.MODELINE)).resolve()
        assert target == (ROOT / reference.schema_file(reference.config_file(kind))).resolve()


def test_every_config_file_validates_against_its_published_schema():
    for kind, path in config_files():
        validator = jsonschema.Draft202012Validator(json.loads(committed(reference.config_file(kind))))
        data, _ = yamlfile.load(path, path.name)
        assert [e.message for e in validator.iter_errors(data)] == [], path


def errors(kind: str, data) -> list[str]:
    validator = jsonschema.Draft202012Validator(reference.json_schema(reference.config_file(kind)))
    return sorted(f"{e.json_path}: {e.message}" for e in validator.iter_errors(data))


def test_the_schema_refuses_what_the_build_refuses():
    recs = {"recommendations": [{"id": "R1", "title": {"es": "Título", "english": "Title"}, "text": "T",
                                 "theme": "", "lead": "L", "status": "started",
                                 "budget": {"amount": -1, "currency": "COP"}}]}
    assert errors("recommendations", recs) == [
        "$.recommendations[0].budget: {'amount': -1, 'currency': 'COP'} is not valid under any of the given schemas",
        "$.recommendations[0].status: 'started' is not one of ['planned', 'in_progress', 'implemented', 'dropped']",
        "$.recommendations[0].theme: '' is not valid under any of the given schemas",
        "$.recommendations[0].title: {'es': 'Título', 'english': 'Title'} is not valid under any of the given schemas"]
    assert errors("portal", {"title": "P", "description": "D", "languages": ["es"], "site_url": "https://x.org",
                             "publisher": "P", "licence": "CC-BY-4.0", "colour": "red"}) == [
        "$.site_url: 'https://x.org' does not match '^https?://\\\\S*/$'",
        "$: Additional properties are not allowed ('colour' was unexpected)"]
    city = yamlfile.load(FIXTURE / "cities" / "minicali" / "city.yml", "city.yml")[0]
    city["datasets"]["Homicides!"] = city["datasets"].pop("homicides")
    city["datasets"]["victims"]["file"] = "../victims.csv"
    city["datasets"]["victims"]["period_colum"] = "year"
    assert errors("city", city) == [
        "$.datasets.victims.file: '../victims.csv' does not match "
        + repr(schema.types.DATA_PATH_SCHEMA["pattern"]),
        "$.datasets.victims: Additional properties are not allowed ('period_colum' was unexpected)",
        "$.datasets: 'Homicides!' does not match any of the regexes: '^[a-z0-9][a-z0-9_]*$'"]


def test_old_key_names_are_in_the_schema_marked_deprecated():
    dataset = reference.json_schema(reference.config_file("city"))["$defs"]["Dataset"]["properties"]
    assert dataset["filters"]["deprecated"] is True and "keep_only" in dataset["filters"]["description"]


def reachable(model: type[BaseModel]) -> set[type[BaseModel]]:
    """Every model a file's model holds, however deeply."""
    found = {model}
    for info in model.model_fields.values():
        for tp in _types(info.annotation):
            if isinstance(tp, type) and issubclass(tp, BaseModel) and tp not in found:
                found |= reachable(tp)
    return found


def _types(tp) -> list:
    return [tp, *[inner for arg in typing.get_args(tp) for inner in _types(arg)]]


def test_the_reference_lists_every_option_of_every_model_with_its_docstring():
    listed = {}
    for _, sections in reference.reference(ROOT):
        for s in sections:
            for o in s.options:
                listed[(s.name, o.key.rsplit(".", 1)[-1])] = o.doc
    models = set().union(*map(reachable, (schema.City, schema.Portal, schema.Indicator, Recommendations)))
    names = {schema.City: "city.yml", schema.Portal: "portal.yml", Recommendations: "recommendations.yml"}
    wanted = {(names.get(m, m.__name__), name): " ".join((info.description or "").split())
              for m in models for name, info in m.model_fields.items()}
    assert {k: listed.get(k) for k in wanted} == wanted


def test_the_reference_says_type_default_allowed_values_and_example():
    sections = dict(reference.reference(ROOT))[reference.config_file("city")]
    dataset = next(s for s in sections if s.name == "Dataset")
    option = next(o for o in dataset.options if o.key == "datasets.<id>.period_type")
    assert (option.type, option.allowed, option.default, option.required) == (
        "one of", "year, month, financial_year", "year", False)
    assert option.example == "period_type: month" and option.example_from == "cities/cali/city.yml"
    source = next(s for s in sections if s.name == "Source")
    assert source.paths == ["districts.source", "datasets.<id>.source", "datasets.<id>.newer[].source",
                            "surveys.<id>.source"]


