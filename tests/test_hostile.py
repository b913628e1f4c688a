"""Careless and hostile input, class by class: each is refused with its file, line, key or column and a
hint, and nothing is published; no input makes the build end in a traceback."""
from __future__ import annotations

import json

import pytest

from auditportal.pipeline import build, load_site
from auditportal.problems import ValidationFailed
from helpers import line, problems, quiet

CITY = "cities/minicali/city.yml"


def edit(project, rel: str, change) -> str:
    path = project / rel
    text = change(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    return text


# ---------------------------------------------------------------- files outside the project

@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "minicali/../../portal.yml", "C:/x.csv",
                                  "minicali\\\\victims.csv"])
def test_a_data_path_must_stay_inside_data(project, path):
    text = edit(project, CITY, lambda t: t.replace("file: minicali/victims.csv", f"file: '{path}'"))
    [found] = problems(load_site, project)
    assert found.startswith(f"{CITY}:{line(text, 'victims.csv' if 'victims' in path else path)}: datasets.victims.file")


# ---------------------------------------------------------------- numbers read wrong without a word

def test_a_thousands_separator_is_an_error_unless_declared(project):
    text = edit(project, "data/minicali/incidents.csv", lambda t: t.replace("2,12378", '2,"12,378"'))
    [found] = problems(load_site, project)
    assert found == (f"data/minicali/incidents.csv:{line(text, '12,378')}: incidents_total_2010_2019: expected a "
                     "number written like 1234.5, got '12,378' (declare how the file writes numbers: "
                     "decimal_separator (. or ,) and thousands_separator)")
    edit(project, CITY, lambda t: t.replace("period_value: \"2010-2019\"", "period_value: \"2010-2019\"\n"
                                            "    thousands_separator: ','"))
    incidents = next(c for c in load_site(project).cities).tables["incidents"].frame
    assert incidents.loc[incidents["area_code"] == "02", "value"].tolist() == [12378.0]


def test_a_dot_separating_thousands_is_never_a_fraction_of_a_count(project):
    text = edit(project, "data/minicali/incidents.csv", lambda t: t.replace("2,12378", "2,12.378"))
    [found] = problems(load_site, project)
    assert found == (f"data/minicali/incidents.csv:{line(text, '12.378')}: incidents_total_2010_2019: expected a "
                     "whole number (count), got '12.378' (if the '.' or ',' in it separates thousands, declare "
                     "thousands_separator)")


def test_a_decimal_comma_is_an_error_unless_declared(project):
    text = edit(project, "data/minicali/homicides.csv", lambda t: t.replace(",2369821,", ',"2369821,0",', 1))
    found = problems(load_site, project)
    assert f"data/minicali/homicides.csv:{line(text, '2369821,0')}: population: expected a number written like " \
           "1234.5, got '2369821,0' (declare how the file writes numbers: decimal_separator (. or ,) and " \
           "thousands_separator)" in found


def test_a_repeated_row_is_an_error_unless_the_dataset_adds_them_up(project):
    text = edit(project, "data/minicali/homicides.csv", lambda t: t + t.splitlines()[-1] + "\n")
    [found] = problems(load_site, project)
    last = len(text.splitlines())
    assert found.startswith(f"data/minicali/homicides.csv:{last}: total_homicides: the same area, period, measure "
                            f"and breakdown as line {last - 1} (if such rows are parts to add up")


def test_a_year_after_the_edition_is_an_error(project):
    text = edit(project, "data/minicali/homicides.csv", lambda t: t.replace(",2024,", ",2031,"))
    found = problems(load_site, project)
    assert f"data/minicali/homicides.csv:{line(text, '2031')}: year: period 2031: it had not begun by this " \
           "edition (if the file is right, extend period in city.yml (and the edition); if not, correct the " \
           "year)" in found


def test_a_zero_population_leaves_the_rate_empty_with_a_note(project, tmp_path):
    edit(project, "data/minicali/homicides.csv", lambda t: t.replace(",2283846,", ",0,"))
    build(project, tmp_path / "site", strict=True, progress=quiet, work=tmp_path / "w")
    rows = (tmp_path / "site" / "data" / "minicali" / "indicators" / "homicide_rate.csv").read_text().splitlines()
    [latest] = [r for r in rows if r.startswith("2024,")]
    # population 0 over 1 year, the population's year and how it was found; no rate and no interval
    assert latest.split(",")[2:] == ["0", "1", "2024", "same", "", "", "", "no rate: the population for this period "
                                     "is zero or missing", ""]


# ---------------------------------------------------------------- places that cannot be

def test_a_station_with_longitude_and_latitude_swapped_is_refused(project):
    path = project / "data" / "minicali" / "comunas.geojson"
    doc = json.loads(path.read_text())
    doc["features"] = [{"type": "Feature", "properties": {"comuna": f"{i}", "nombre": f"S{i}"},
                        "geometry": {"type": "Point", "coordinates": [-76.5 + i / 100, 3.4]}} for i in range(1, 4)]
    doc["features"][1]["geometry"]["coordinates"] = [3.4, -76.5]
    path.write_text(json.dumps(doc))
    text = edit(project, CITY, lambda t: t[:t.index("\nmaps:")] + t[t.index("\nhotspots:"):])
    found = problems(load_site, project)
    assert any(p.startswith("data/minicali/comunas.geojson: features[1] (code 02).geometry: lies ") and
               "km from the other features (3.4000, -76.5000) (coordinates are longitude then latitude" in p
               for p in found), found
    del text


def test_incidents_outside_the_city_are_refused(project):
    text = edit(project, "data/minicali/incident_points.csv",
                lambda t: t.replace("-76.530000,3.465000", "3.465000,-76.530000", 1))
    found = problems(load_site, project)
    assert found[0].startswith(f"data/minicali/incident_points.csv:{line(text, '3.465000,-76.530000')}: lon, lat: "
                               "(3.465000, -76.530000) lies outside the city's extent")


# ---------------------------------------------------------------- names that collide

def test_city_folders_are_lower_case_and_unique(project):
    import shutil
    shutil.copytree(project / "cities" / "minicali", project / "cities" / "MiniCali")
    shutil.copytree(project / "cities" / "minicali", project / "cities" / "mini cali")
    found = problems(load_site, project)
    assert found[:2] == [
        "cities/MiniCali: a city's folder name is its id in URLs: use lower-case letters, digits and '_' only "
        "(rename the folder, e.g. cities/minicali)",
        "cities/mini cali: a city's folder name is its id in URLs: use lower-case letters, digits and '_' only "
        "(rename the folder, e.g. cities/mini_cali)"]


# ---------------------------------------------------------------- never a traceback

BREAKS = [
    ("population with other years", CITY, lambda t: t.replace(
        "    dataset: homicides\n    baseline_year",
        "    dataset: homicides\n    population: {dataset: population}\n    baseline_year").replace(
        'period_value: "2020"', 'period_value: "2012"')),
    ("a chart of a measure the data lacks", CITY, lambda t: t.replace("measures: [homicide], title: Homicides per year",
                                                                     "measures: [robbery], title: Homicides per year")),
    ("a hotspot of another period", CITY, lambda t: t.replace("cell_m: 250", "cell_m: 250\n    period: '1999'")),
    ("an empty data file", "data/minicali/victims.csv", lambda t: ""),
    ("a header only", "data/minicali/victims.csv", lambda t: t.splitlines()[0] + "\n"),
    ("a ragged row", "data/minicali/incidents.csv", lambda t: t + "4,5,6,7\n"),
    ("GeoJSON that is a list", "data/minicali/comunas.geojson", lambda t: "[]"),
    ("a feature without properties", "data/minicali/comunas.geojson",
     lambda t: t.replace('"properties"', '"props"', 1)),
    ("YAML that is a list", CITY, lambda t: "- a\n- b\n"),
    ("a number where text goes", CITY, lambda t: t.replace("name: Mini Cali", "name: 12")),
    ("a tab in YAML", CITY, lambda t: t.replace("country: CO", "country:\tCO")),
    ("strings.yml that is text", "templates/strings.yml", lambda t: "hello"),
    ("indicators.yml with a list", "indicators.yml", lambda t: t + "bad_one: [1, 2]\n"),
    ("a recommendation that is text", "cities/minicali/recommendations.yml", lambda t: "recommendations: [hello]\n"),
]


@pytest.mark.parametrize("what, rel, change", BREAKS, ids=[b[0] for b in BREAKS])
def test_bad_input_is_reported_never_a_traceback(project, tmp_path, what, rel, change):
    edit(project, rel, change)
    with pytest.raises(ValidationFailed) as caught:
        build(project, tmp_path / "site", strict=True, progress=quiet, work=tmp_path / "w")
    assert caught.value.problems and all(p.file for p in caught.value.problems)
    assert not (tmp_path / "site").exists()


def test_population_of_other_years_names_the_option_that_fixes_it(project):
    text = edit(project, CITY, BREAKS[0][2])
    [found] = problems(load_site, project)
    assert found.startswith(f"{CITY}:{line(text, 'population: {dataset: population}')}: indicators.0.population: no "
                            "population in 'population' for any period of 'homicide_rate'")
    assert found.endswith("(for a city with one census, set population.years: nearest (or interpolate between two "
                          "censuses))")


def test_wide_columns_need_both_groups(project):
    pattern = "wide_columns: '(?P<measure>pre)[0-9]{4}'"
    text = edit(project, CITY, lambda t: t.replace('period_value: "2010-2019"', pattern))
    found = problems(load_site, project)
    assert (f"{CITY}:{line(text, 'wide_columns')}: datasets.incidents.wide_columns: expected a regular expression "
            "with the groups (?P<measure>...) and (?P<period>...)") in found
