"""city.yml, portal.yml and indicators.yml: every error names file, line and key, with a hint."""
from __future__ import annotations

import pytest

from auditportal import config, i18n
from auditportal.problems import ValidationFailed

CITY = "cities/minicali/city.yml"


def errors(project, edit) -> list[str]:
    path = project / CITY
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    registry = config.load_registry(project)
    with pytest.raises(ValidationFailed) as caught:
        config.load_city(project, "minicali", registry)
    return [str(p) for p in caught.value.problems]


def test_fixture_city_is_valid(project):
    city = config.load_city(project, "minicali", config.load_registry(project))
    assert list(city.datasets) == ["homicides", "victims", "incidents", "population", "incident_points"]


def test_misspelt_key_names_line_and_close_match(project):
    assert errors(project, lambda t: t.replace("period_column: year", "period_colum: year", 1)) == [
        f"{CITY}:32: datasets.homicides.period_colum: unknown key (did you mean 'period_column'?)",
    ]


def test_unknown_top_level_key_lists_nothing_it_cannot_match(project):
    assert errors(project, lambda t: t + "zzz: 1\n") == [
        f"{CITY}:104: zzz: unknown key (allowed keys: area_km2, area_source, basemap, charts, contacts, country, "
        "datasets, description, disclosure, districts, edition, hotspots, indicators, languages, licence, maps, name, "
        "period, population, updated)",
    ]


def test_missing_required_key_quotes_its_documentation(project):
    assert errors(project, lambda t: t.replace("country: CO\n", "")) == [
        f"{CITY}:1: country: required key is missing (ISO 3166-1 alpha-2 country code (CO, ZA, MX).)",
    ]


def test_wrong_type(project):
    assert errors(project, lambda t: t.replace("period: {start: 2015", "period: {start: soon")) == [
        f"{CITY}:10: period.start: input should be a valid integer, unable to parse string as an integer, "
        "got 'soon'",
    ]


def test_bad_date(project):
    assert errors(project, lambda t: t.replace("updated: 2026-11-25", "updated: 2026-13-45")) == [
        f"{CITY}:9: updated: input should be a valid date or datetime, month value is outside expected range "
        "of 1-12, got '2026-13-45'",
    ]


def test_text_must_be_text_or_text_per_language(project):
    assert errors(project, lambda t: t.replace("    title: Victims\n", "    title: [Victims]\n")) == [
        f"{CITY}:37: datasets.victims.title: expected text, or text per language such as "
        "{es: '...', en: '...'}",
    ]


def test_reference_to_unknown_dataset_suggests_one(project):
    assert errors(project, lambda t: t.replace("dataset: incidents\n    measures", "dataset: incident\n    measures")) == [
        f"{CITY}:94: maps.0.dataset: no such dataset (did you mean 'incidents'?)",
    ]


def test_unknown_indicator(project):
    assert errors(project, lambda t: t.replace("id: homicide_rate", "id: homicide_rat")) == [
        f"{CITY}:84: indicators.0.id: no such indicator in indicators.yml (did you mean 'homicide_rate'?)",
    ]


def test_missing_data_file(project):
    assert errors(project, lambda t: t.replace("minicali/victims.csv", "minicali/victim.csv")) == [
        f"{CITY}:36: datasets.victims.file: file not found: data/minicali/victim.csv",
    ]


def test_duplicate_key(project):
    assert errors(project, lambda t: t.replace("country: CO\n", "country: CO\ncountry: ZA\n")) == [
        f"{CITY}:7: country: key appears twice (keep one)",
    ]


def test_broken_yaml_names_line(project):
    assert errors(project, lambda t: t.replace("country: CO", "country: [CO")) == [
        f"{CITY}:7: not valid YAML: expected ',' or ']', but got ':'",
    ]


def test_all_schema_problems_reported_at_once(project):
    found = errors(project, lambda t: t.replace("country: CO", "country: Colombia")
                   .replace("edition: \"2026-11\"", "edition: next"))
    assert [p.split(": ", 1)[1].split(":")[0] for p in found] == ["country", "edition"]


def test_all_reference_problems_reported_at_once(project):
    """References are checked once the schema passes; then every broken one is listed."""
    found = errors(project, lambda t: t.replace("dimension: sex", "dimension: gender")
                   .replace("dataset: homicides\n    baseline", "dataset: homicide\n    baseline"))
    assert [p.split(": ", 1)[1].split(":")[0] for p in found] == ["indicators.0.dataset", "charts.1.dimension"]


def test_every_option_is_documented():
    undocumented = [f"{model.__name__}.{name}" for model in config.all_models()
                    for name, field in model.model_fields.items() if not (field.description or "").strip()]
    assert undocumented == []


def test_every_interface_string_has_every_language(project):
    portal = config.load_portal(project)
    strings = i18n.load(project, portal.languages)
    assert set(strings) == {"es", "en"}
    assert strings["es"].table.keys() == strings["en"].table.keys()


def test_missing_translation_is_an_error(project):
    path = project / "templates" / "strings.yml"
    path.write_text(path.read_text(encoding="utf-8") + "new_key: {es: Nuevo}\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        i18n.load(project, ["es", "en"])
    assert [str(p) for p in caught.value.problems] == [
        f"templates/strings.yml:{len(path.read_text().splitlines())}: new_key: no text for language 'en'"]


def test_registry_errors_name_the_indicator(project):
    path = project / "indicators.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("unit: per_100k", "unit: per_1000", 1), encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        config.load_registry(project)
    assert [str(p) for p in caught.value.problems] == [
        "indicators.yml:11: homicide_rate.unit: input should be 'per_100k', 'percent' or 'count', got 'per_1000'"]


def test_indicator_needing_a_breakdown_the_dataset_lacks(project):
    city = project / CITY
    city.write_text(city.read_text().replace("  - id: homicide_rate\n", "  - id: firearm_share_of_homicides\n"
                                             "    dataset: homicides\n  - id: homicide_rate\n"), encoding="utf-8")
    registry = config.load_registry(project)
    with pytest.raises(ValidationFailed) as caught:
        config.load_city(project, "minicali", registry)
    assert [str(p) for p in caught.value.problems] == [
        f"{CITY}:85: indicators.0.dataset: indicator 'firearm_share_of_homicides' needs breakdown 'weapon', "
        "which dataset 'homicides' does not have"]


def test_unquoted_comma_in_interface_text_is_caught(project):
    path = project / "templates" / "strings.yml"
    path.write_text(path.read_text(encoding="utf-8") + "new_key: {es: Uno, dos, en: One}\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        i18n.load(project, ["es", "en"])
    line = len(path.read_text().splitlines())
    assert [str(p) for p in caught.value.problems] == [
        f"templates/strings.yml:{line}: new_key: unexpected key 'dos' (quote texts that contain a comma: "
        '{en: "a, b"})']


def test_protected_measures_are_never_drawn_at_points(project):
    """Durban's stations are points: a map of sexual offences there is refused."""
    import shutil
    from conftest import ROOT
    shutil.copytree(ROOT / "cities" / "durban", project / "cities" / "durban")
    shutil.copytree(ROOT / "data" / "durban", project / "data" / "durban")
    city = project / "cities" / "durban" / "city.yml"
    city.write_text(city.read_text().replace("    measures: [homicide]\n    title: {en: \"Murders recorded per police",
                                             "    measures: [sexual_offences]\n    title: {en: \"Murders recorded per police"),
                    encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        config.load_city(project, "durban", config.load_registry(project))
    [problem] = [str(p) for p in caught.value.problems]
    assert problem.startswith("cities/durban/city.yml:")
    assert problem.split(": ", 1)[1] == ("maps.0.measures: protected measure(s) ['sexual_offences'] cannot be drawn "
                                         "at points; show them in a table or on an area map")
