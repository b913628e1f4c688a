"""city.yml, portal.yml and indicators.yml: every error names file, line and key, with a hint."""
from __future__ import annotations

from auditportal import schema
from auditportal.problems import Problem
from auditportal.read import config, strings
from helpers import line, problems

CITY = "cities/minicali/city.yml"


def city_errors(project, edit) -> tuple[list[str], str]:
    """The problems of the fixture city.yml after `edit`, and the edited text (to find lines in)."""
    path = project / CITY
    text = edit(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    return problems(config.load_city, project, "minicali", config.load_registry(project)), text


def test_fixture_city_is_valid(project):
    city = config.load_city(project, "minicali", config.load_registry(project))
    assert list(city.datasets) == ["homicides", "victims", "incidents", "population", "incident_points",
                                   "safety_walks"]


def test_misspelt_key_names_line_and_close_match(project):
    found, text = city_errors(project, lambda t: t.replace("period_column: year", "period_colum: year", 1))
    assert found == [f"{CITY}:{line(text, 'period_colum')}: datasets.homicides.period_colum: unknown key "
                     "(did you mean 'period_column'?)"]


def test_unknown_top_level_key_lists_nothing_it_cannot_match(project):
    found, text = city_errors(project, lambda t: t + "zzz: 1\n")
    assert found == [
        f"{CITY}:{line(text, 'zzz')}: zzz: unknown key (allowed keys: area_km2, area_source, basemap, charts, "
        "contacts, country, datasets, description, disclosure, districts, edition, hotspots, indicators, languages, "
        "licence, maps, name, period, population, surveys, updated)"]


def test_missing_required_key_quotes_its_documentation(project):
    found, _ = city_errors(project, lambda t: t.replace("country: CO\n", ""))
    assert found == [f"{CITY}:1: country: required key is missing (ISO 3166-1 alpha-2 country code (CO, ZA, MX).)"]


def test_wrong_type(project):
    found, text = city_errors(project, lambda t: t.replace("period: {start: 2015", "period: {start: soon"))
    assert found == [f"{CITY}:{line(text, 'start: soon')}: period.start: input should be a valid integer, unable to "
                     "parse string as an integer, got 'soon'"]


def test_bad_date(project):
    found, text = city_errors(project, lambda t: t.replace("updated: 2026-11-25", "updated: 2026-13-45"))
    assert found == [f"{CITY}:{line(text, 'updated:')}: updated: input should be a valid date or datetime, month "
                     "value is outside expected range of 1-12, got '2026-13-45'"]


def test_text_must_be_text_or_text_per_language(project):
    found, text = city_errors(project, lambda t: t.replace("    title: Victims\n", "    title: [Victims]\n"))
    assert found == [f"{CITY}:{line(text, 'title: [Victims]')}: datasets.victims.title: expected text, or text per "
                     "language such as {es: '...', en: '...'}"]


def test_reference_to_unknown_dataset_suggests_one(project):
    found, text = city_errors(project, lambda t: t.replace("dataset: incidents\n    measures",
                                                           "dataset: incident\n    measures"))
    at = line(text, "dataset: incident", after="\nmaps:")
    assert found == [f"{CITY}:{at}: maps.0.dataset: no such dataset "
                     "(did you mean 'incidents'?)"]


def test_unknown_indicator(project):
    found, text = city_errors(project, lambda t: t.replace("id: homicide_rate", "id: homicide_rat"))
    assert found == [f"{CITY}:{line(text, 'homicide_rat')}: indicators.0.id: no such indicator in indicators.yml "
                     "(did you mean 'homicide_rate'?)"]


def test_missing_data_file(project):
    found, text = city_errors(project, lambda t: t.replace("minicali/victims.csv", "minicali/victim.csv"))
    assert found == [f"{CITY}:{line(text, 'victim.csv')}: datasets.victims.file: file not found: "
                     "data/minicali/victim.csv"]


def test_duplicate_key(project):
    found, text = city_errors(project, lambda t: t.replace("country: CO\n", "country: CO\ncountry: ZA\n"))
    assert found == [f"{CITY}:{line(text, 'country: ZA')}: country: key appears twice (keep one)"]


def test_broken_yaml_names_line(project):
    found, text = city_errors(project, lambda t: t.replace("country: CO", "country: [CO"))
    # the parser finds the list unclosed on the line after it opens
    assert found == [f"{CITY}:{line(text, 'country: [CO') + 1}: not valid YAML: expected ',' or ']', but got ':'"]


def test_all_schema_problems_reported_at_once(project):
    found, _ = city_errors(project, lambda t: t.replace("country: CO", "country: Colombia")
                           .replace("edition: \"2026-11\"", "edition: next"))
    assert [p.split(": ", 1)[1].split(":")[0] for p in found] == ["country", "edition"]


def test_all_reference_problems_reported_at_once(project):
    """References are checked once the schema passes; then every broken one is listed."""
    found, _ = city_errors(project, lambda t: t.replace("dimension: sex", "dimension: gender")
                           .replace("dataset: homicides\n    baseline", "dataset: homicide\n    baseline"))
    assert [p.split(": ", 1)[1].split(":")[0] for p in found] == ["indicators.0.dataset", "charts.1.dimension"]


def test_rules_between_keys_of_one_dataset_point_at_each_key(project):
    """Rules inside one model are model validators; each broken one names its own key and line."""
    found, text = city_errors(project, lambda t: t.replace("    lon_column: lon\n", "")
                              .replace("    month_column: month\n", ""))
    points = line(text, "area_level: point")
    assert found == [f"{CITY}:{points}: datasets.incident_points.area_level: point data needs lon_column and "
                     "lat_column",
                     f"{CITY}:{line(text, 'period_type: month')}: datasets.incident_points.period_type: monthly data "
                     "needs month_column"]


def test_period_must_run_forwards(project):
    found, text = city_errors(project, lambda t: t.replace("period: {start: 2015, end: 2025}",
                                                           "period: {start: 2015, end: 2014}"))
    assert found == [f"{CITY}:{line(text, 'period:')}: period.end: the last year (2014) is before the first (2015)"]


def test_urls_must_be_web_or_mail_addresses(project):
    found, text = city_errors(project, lambda t: t + "contacts:\n  - {name: X, role: Y, url: 'javascript:alert(1)'}\n")
    assert found == [f"{CITY}:{line(text, 'javascript:')}: contacts.0.url: expected a web address starting with "
                     "https:// or http://, or a mailto: address, got 'javascript:alert(1)'"]


def test_licences_are_spdx_identifiers(project):
    found, text = city_errors(project, lambda t: t.replace("licence: CC-BY-4.0\ndistricts",
                                                           "licence: cc-by-4.0\ndistricts"))
    assert found == [f"{CITY}:{line(text, 'licence: cc-by-4.0')}: licence: expected an SPDX licence "
                     "identifier (did you mean 'CC-BY-4.0'?), got 'cc-by-4.0'"]


def test_data_paths_stay_inside_data(project):
    found, text = city_errors(project, lambda t: t.replace("file: minicali/victims.csv", "file: ../../etc/passwd"))
    assert found == [f"{CITY}:{line(text, 'etc/passwd')}: datasets.victims.file: expected a path inside "
                     "data/, such as cali/homicides.csv (no '..', no absolute path), got '../../etc/passwd'"]


def test_a_link_out_of_data_is_refused(project, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("year,total_homicides\n2020,1\n")
    (project / "data" / "minicali" / "linked.csv").symlink_to(secret)
    found, text = city_errors(project, lambda t: t.replace("file: minicali/victims.csv", "file: minicali/linked.csv"))
    assert found == [f"{CITY}:{line(text, 'linked.csv')}: datasets.victims.file: data/minicali/linked.csv lies outside "
                     "data/ (after following links); put the file itself in data/<city>/"]


def test_site_url_must_end_with_a_slash(project):
    path = project / "portal.yml"
    text = path.read_text().replace("github.io/portal/", "github.io/portal")
    path.write_text(text)
    assert problems(config.load_portal, project) == [
        f"portal.yml:{line(text, 'site_url')}: site_url: expected the site's address starting with "
        "https:// and ending in '/', e.g. https://example.org/portal/, got 'https://safety-audit-portal.github.io/portal'"]


def test_old_key_names_still_work_with_a_notice(project):
    path = project / CITY
    text = path.read_text().replace("disclosure:", "disclosure:") + "disclosure: {min_count: 3}\n"
    path.write_text(text)
    notices: list[Problem] = []
    city = config.load_city(project, "minicali", config.load_registry(project), notices)
    assert city.disclosure.suppress_below == 3
    assert [str(n) for n in notices] == [
        f"{CITY}:{line(text, 'min_count')}: disclosure.min_count: 'min_count' is deprecated (rename it to "
        "'suppress_below'; the old name will stop working after the next edition)"]


def test_old_and_new_name_together_is_an_error(project):
    found, text = city_errors(project, lambda t: t + "disclosure: {min_count: 3, suppress_below: 4}\n")
    assert found == [f"{CITY}:{line(text, 'min_count')}: disclosure.min_count: 'min_count' is the old name of "
                     "'suppress_below', which is also given (keep one)"]


def test_every_option_is_documented():
    undocumented = [f"{model.__name__}.{name}" for model in schema.all_models()
                    for name, field in model.model_fields.items() if not (field.description or "").strip()]
    assert undocumented == []


def test_missing_translation_is_an_error(project):
    path = project / "templates" / "strings.yml"
    path.write_text(path.read_text(encoding="utf-8") + "new_key: {es: Nuevo}\n", encoding="utf-8")
    assert problems(strings.load, project, ["es", "en"]) == [
        f"templates/strings.yml:{len(path.read_text().splitlines())}: new_key: no text for language 'en'"]


def test_registry_errors_name_the_indicator(project):
    path = project / "indicators.yml"
    text = path.read_text(encoding="utf-8").replace("unit: per_100k", "unit: per_1000", 1)
    path.write_text(text, encoding="utf-8")
    assert problems(config.load_registry, project) == [
        f"indicators.yml:{line(text, 'per_1000')}: homicide_rate.unit: input should be 'per_100k', 'percent' or "
        "'count', got 'per_1000'"]


def test_indicator_needing_a_breakdown_the_dataset_lacks(project):
    found, text = city_errors(project, lambda t: t.replace(
        "  - id: homicide_rate\n",
        "  - id: firearm_share_of_homicides\n    dataset: homicides\n  - id: homicide_rate\n"))
    assert found == [f"{CITY}:{line(text, 'dataset: homicides', after='firearm_share')}: indicators.0.dataset: "
                     "indicator 'firearm_share_of_homicides' needs breakdown 'weapon', which dataset 'homicides' "
                     "does not have"]


def test_unquoted_comma_in_interface_text_is_caught(project):
    path = project / "templates" / "strings.yml"
    path.write_text(path.read_text(encoding="utf-8") + "new_key: {es: Uno, dos, en: One}\n", encoding="utf-8")
    assert problems(strings.load, project, ["es", "en"]) == [
        f"templates/strings.yml:{len(path.read_text().splitlines())}: new_key: unexpected key 'dos' (quote texts "
        'that contain a comma: {en: "a, b"})']


def test_protected_measures_are_never_drawn_at_points(project):
    """Durban's stations are points: a map of sexual offences there is refused."""
    import shutil

    from helpers import ROOT
    shutil.copytree(ROOT / "cities" / "durban", project / "cities" / "durban")
    shutil.copytree(ROOT / "data" / "durban", project / "data" / "durban")
    path = project / "cities" / "durban" / "city.yml"
    text = path.read_text().replace("    measures: [homicide]\n    title: {en: \"Murders recorded per police",
                                    "    measures: [sexual_offences]\n    title: {en: \"Murders recorded per police")
    path.write_text(text, encoding="utf-8")
    assert problems(config.load_city, project, "durban", config.load_registry(project)) == [
        f"cities/durban/city.yml:{line(text, 'measures: [sexual_offences]', after='maps:')}: maps.0.measures: "
        "protected measure(s) "
        "['sexual_offences'] cannot be drawn at points; show them in a table or on an area map"]


def test_a_block_indented_wrongly_says_to_check_the_indentation(project):
    found, text = city_errors(project, lambda t: t.replace("country: CO", "country: CO\n   languages_x: 1", 1))
    assert found == [f"{CITY}:{line(text, 'languages_x')}: not valid YAML: mapping values are not allowed here "
                     "(a text holding ': ' needs quotes (title: 'Robos: 2019'); or this line is indented deeper "
                     "than its key allows)"]


def test_a_key_out_of_its_blocks_column_says_to_check_the_indentation(project):
    found, text = city_errors(project, lambda t: t.replace("  code_property: comuna", " code_property: comuna", 1))
    assert found == [f"{CITY}:{line(text, ' code_property: comuna')}: not valid YAML: expected <block end>, but found "
                     "'<block mapping start>' (check this line's indentation against the lines above: the keys of "
                     "one block start in the same column, indented with spaces)"]
