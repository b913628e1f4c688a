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

POINTS = "data/minicali/incident_points.csv"


def spanish(text: str) -> str:
    """The incident points as a spreadsheet set to Spanish saves them: ';' between columns, decimal commas."""
    return "".join(row.replace(",", ";").replace(".", ",") + "\n" for row in text.splitlines())


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
    ("semicolons undeclared", POINTS, lambda t: spanish(t)),
    ("a point in no district", POINTS, lambda t: t.replace("-76.529600,3.465000", "-76.600000,3.400000", 1)),
    ("coordinates written NA", POINTS, lambda t: t.replace("-76.529600,3.465000", "NA,NA", 1)),
    ("repeated point records", POINTS, lambda t: t + t.splitlines()[-1] + "\n"),
    ("a text split at a comma", CITY, lambda t: t.replace("title: Homicides per year",
                                                          "title: {en: Homicides, per year}")),
    ("an unknown time zone", CITY, lambda t: t.replace("    date_column: fecha\n",
                                                       "    date_column: fecha\n    time_zone: Mars/Olympus\n")),
    ("a key out of its block's column", CITY, lambda t: t.replace("  code_property: comuna", " code_property: comuna")),
    ("a recommendation of an unknown indicator", "cities/minicali/recommendations.yml",
     lambda t: t.replace("indicators: [homicide_rate]", "indicators: [homicide_cnt]")),
    ("a survey beside an unknown crime", CITY, lambda t: t.replace("crimes: [street_robbery, vehicle_theft]",
                                                                  "crimes: [car_theft]")),
    ("an invalid polygon", "data/minicali/comunas.geojson", lambda t: json.dumps(
        {**json.loads(t), "features": nested_shells(json.loads(t)["features"])})),
]


@pytest.mark.parametrize("what, rel, change", BREAKS, ids=[b[0] for b in BREAKS])
def test_bad_input_is_reported_never_a_traceback(project, tmp_path, what, rel, change):
    """`validate` (load_site) and `build` both name the problem: neither ends in a traceback."""
    edit(project, rel, change)
    with pytest.raises(ValidationFailed) as caught:
        load_site(project)
    assert caught.value.problems and all(p.file for p in caught.value.problems)
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


# ---------------------------------------------------------------- a publisher's files as shipped

def declare(project, options: str) -> str:
    """Options added to the incident points' dataset in city.yml (its lines after lon_column)."""
    return edit(project, CITY, lambda t: t.replace("    lon_column: lon\n", f"    lon_column: lon\n{options}", 1))


def test_a_spanish_spreadsheet_reads_once_its_delimiter_and_decimal_comma_are_declared(project):
    edit(project, POINTS, spanish)
    assert problems(load_site, project) == [
        f"{POINTS}:1: delimiter: the header reads as one column ('year;month;tipo;lon;lat'): its columns are "
        "separated by ';' (declare delimiter: ';' for this dataset (spreadsheets set to Spanish or Portuguese "
        "save CSV with ';'))"]
    declare(project, "    delimiter: ';'\n")
    found = problems(load_site, project)
    assert found[0] == (f"{POINTS}:2: lon: expected a longitude between -180 and 180 (WGS84), got '-76,530000' "
                        "(a decimal comma needs decimal_separator: ',')")
    assert found[-1] == f"{POINTS}: lat: 35 more rows with the same problem (a latitude with a decimal comma)"
    declare(project, "    decimal_separator: ','\n")
    points = next(c for c in load_site(project).cities).tables["incident_points"]
    assert (points.rows_read, points.rows_kept) == (45, 45)


def test_coordinates_written_na_are_missing_once_declared(project):
    text = edit(project, POINTS, lambda t: t.replace("-76.529600,3.465000", "NA,NA", 1))
    hint = ("rows without a location need their empty value in missing_values (e.g. [\"\", NA]); a row with a "
            "wrong location can be left out with drop:")
    assert problems(load_site, project) == [
        f"{POINTS}:{line(text, 'NA,NA')}: lon: expected a longitude between -180 and 180 (WGS84), got 'NA' ({hint})",
        f"{POINTS}:{line(text, 'NA,NA')}: lat: expected a latitude between -90 and 90 (WGS84), got 'NA' ({hint})"]
    declare(project, "    missing_values: [NA]\n")
    points = next(c for c in load_site(project).cities).tables["incident_points"]
    assert (points.rows_read, points.rows_kept) == (45, 44)
    assert points.rows_excluded == {"no location (lon or lat is 'NA')": 1}


def test_a_point_in_no_district_is_named_even_where_a_map_counts_it(project, tmp_path):
    # the hot-spot grid counts these points by district: once a KeyError from the findings hid this message
    text = edit(project, POINTS, lambda t: t.replace("-76.529600,3.465000", "-76.600000,3.400000", 1))
    expected = [f"{POINTS}:{line(text, '-76.600000')}: lon, lat: (-76.6, 3.4) lies in no district of the boundary "
                "file (correct the coordinates, or leave the row out with drop:)"]
    assert problems(load_site, project) == expected
    assert problems(build, project, tmp_path / "site", strict=True, progress=quiet, work=tmp_path / "w") == expected


def test_repeated_point_records_are_refused_unless_they_add_up(project):
    text = edit(project, POINTS, lambda t: t + "".join(r + "\n" for r in t.splitlines()[1:3]))
    last = len(text.splitlines())
    hint = ("(if they are distinct incidents (two victims of one event), declare combine: sum; if the export "
            "repeated them, remove the repeats)")
    assert problems(load_site, project) == [
        f"{POINTS}:{last - 1}: (record): the same as line 2 in lon, lat, year, month, tipo {hint}",
        f"{POINTS}:{last}: (record): the same as line 3 in lon, lat, year, month, tipo {hint}"]
    declare(project, "    combine: sum\n")
    points = next(c for c in load_site(project).cities).tables["incident_points"]
    assert points.rows_kept == 47


def test_an_unknown_time_zone_is_refused_with_the_nearest_name(project):
    text = edit(project, CITY, lambda t: t.replace("    date_column: fecha\n",
                                                   "    date_column: fecha\n    time_zone: America/Bogata\n", 1))
    assert problems(load_site, project) == [
        f"{CITY}:{line(text, 'America/Bogata')}: datasets.safety_walks.time_zone: no such time zone: "
        "'America/Bogata' (did you mean 'America/Bogota'? (a name from the IANA time zone database))"]


def test_a_text_split_at_a_comma_says_to_quote_it(project):
    text = edit(project, CITY, lambda t: t.replace("title: Hot spots of theft, 250 m cells (test points)",
                                                   "title: {en: Hot spots of theft, 250 m cells}"))
    assert problems(load_site, project) == [
        f"{CITY}:{line(text, '{en: Hot spots')}: hotspots.0.title: expected text per language, but YAML split a "
        "text at a comma and read '250 m cells' as a key (quote texts that contain a comma: "
        "{en: 'Homicides, by year'})"]


BOUNDARIES = "data/minicali/comunas.geojson"


def boundaries(project, change) -> None:
    """The fixture's boundary file, its features changed by `change` (a list of features in, a list out)."""
    path = project / BOUNDARIES
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"] = change(doc["features"])
    path.write_text(json.dumps(doc), encoding="utf-8")


def nested_shells(features):
    """A shell inside another in one MultiPolygon, as common GIS exports write a district with a hole."""
    from shapely.geometry import shape
    outer = features[0]["geometry"]["coordinates"][0]
    centre = shape(features[0]["geometry"]).representative_point()
    x0, y0 = centre.x, centre.y
    inner = [[x0 - 0.002, y0 - 0.002], [x0 + 0.002, y0 - 0.002], [x0 + 0.002, y0 + 0.002], [x0 - 0.002, y0 + 0.002],
             [x0 - 0.002, y0 - 0.002]]
    features[0]["geometry"] = {"type": "MultiPolygon", "coordinates": [[outer], [inner]]}
    return features


def test_an_invalid_polygon_is_refused_with_the_option_that_repairs_it(project):
    boundaries(project, nested_shells)
    [found] = problems(load_site, project)
    assert found.startswith(f"{BOUNDARIES}: features[0] (code 02).geometry: invalid geometry: Nested shells[")
    assert found.endswith("(correct it in a GIS, or declare districts.repair: true to repair it with make_valid "
                          "(each repair is listed with its change of area))")
    edit(project, CITY, lambda t: t.replace("  code_width: 2\n", "  code_width: 2\n  repair: true\n", 1))
    site = load_site(project)
    [repaired] = [str(n) for n in site.notices if "repaired" in str(n)]
    assert repaired.startswith(f"{BOUNDARIES}: features[0] (code 02).geometry: repaired (Nested shells[")
    before, after = (float(v) for v in
                     __import__("re").findall(r"area ([\d.,]+) km² before, ([\d.,]+) km² after", repaired)[0])
    assert after == pytest.approx(before - 2 * 0.198, abs=0.005)  # the inner shell (0.445 km a side), now a hole
    assert repaired.endswith("(districts.repair: true)")
    assert site.cities[0].geo.shapes["02"].geom_type == "Polygon" and site.cities[0].geo.shapes["02"].is_valid


def densified(features, step: float = 0.000003):
    """Every edge cut into points `step` degrees apart (a third of a metre), as densifying GIS exports write them."""
    for f in features:
        ring = f["geometry"]["coordinates"][0]
        out = []
        for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
            n = max(1, int(max(abs(x2 - x1), abs(y2 - y1)) / step))
            out += [[x1 + (x2 - x1) * k / n, y1 + (y2 - y1) * k / n] for k in range(n)]
        f["geometry"]["coordinates"][0] = out + [out[0]]
    return features


def test_a_densified_boundary_file_is_simplified_for_readers_and_the_download_says_so(project, tmp_path):
    from auditportal.write import budget
    boundaries(project, densified)
    assert (project / BOUNDARIES).stat().st_size > 5_000_000
    site = tmp_path / "site"
    build(project, site, strict=True, progress=quiet, work=tmp_path / "w")  # strict: the page budgets hold
    assert budget.over_budget(site) == []
    published = site / "data" / "minicali" / "districts.geojson"
    assert published.stat().st_size < 2_000_000
    package = json.loads((site / "data" / "minicali" / "datapackage.json").read_text())
    [described] = [r["description"] for r in package["resources"] if r["path"] == "districts.geojson"]
    assert described.startswith("Outlines simplified for download to about ")
    assert described.endswith("the city can publish them as read with districts.full_precision: true.")
    page = (site / "en" / "minicali" / "data" / "index.html").read_text()
    assert "outlines simplified for download to about" in page


def test_a_strict_build_over_a_page_budget_fails_as_check_does_and_keeps_the_previous_site(project, tmp_path):
    import random

    from auditportal.problems import MkDocsFailed
    about = project / "content" / "en" / "about.md"
    about.write_text(about.read_text() + "\n\n" + random.Random(3).randbytes(200_000).hex() + "\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site")
    with pytest.raises(MkDocsFailed) as failed:
        build(project, site, strict=True, progress=quiet, work=tmp_path / "w")
    assert str(failed.value).splitlines() == [
        "pages over their weight budget (build.py check says the same):",
        "  /en/about/ (text): 302,429 bytes compressed with all it shows (budget 300,000); the largest part is "
        "the page itself (235,070 bytes): split the page's content over more pages"]
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "the previous site"


def test_a_recommendation_naming_an_indicator_the_city_lacks_is_refused(project):
    rel = "cities/minicali/recommendations.yml"
    text = edit(project, rel, lambda t: t.replace("indicators: [homicide_rate]", "indicators: [homicide_rat]"))
    assert problems(load_site, project) == [
        f"{rel}:{line(text, 'homicide_rat]')}: recommendations.0.indicators.0: 'homicide_rat' is not one of this "
        "city's indicators (did you mean 'homicide_rate'? the city's indicators (cities/minicali/city.yml): "
        "homicide_rate)"]


def test_a_record_at_zero_zero_in_a_spanish_spreadsheet_is_named_with_the_drop_that_leaves_it_out(project):
    text = edit(project, POINTS, lambda t: spanish(t).replace("-76,529600;3,465000", "0,0;0,0", 1))
    declare(project, "    delimiter: ';'\n    decimal_separator: ','\n")
    assert problems(load_site, project) == [
        f"{POINTS}:{line(text, '0,0;0,0')}: lon, lat: (0,0; 0,0) lies outside the city's extent (-76.68, 3.34, "
        "-76.40, 3.60) (check that the columns are longitude then latitude; rows without a real location (0, 0) "
        "can be left out with drop: {lon: ['0,0']})"]
    declare(project, "    drop: {lon: ['0,0']}\n")
    points = next(c for c in load_site(project).cities).tables["incident_points"]
    assert (points.rows_read, points.rows_kept) == (45, 44)
