"""Datasets: reshaping by declared rules, and every row problem named by file, line and column."""
from __future__ import annotations

import json

from auditportal.read import cells, config, csvfile, geography, sources
from helpers import problems as reported


def read(project, slug: str):
    city = config.load_city(project, "minicali", config.load_registry(project))
    geo = geography.load(project, city.districts)
    return sources.read_dataset(project, slug, city.datasets[slug], geo.known_codes())


def problems(project, file: str, edit) -> list[str]:
    path = project / "data" / "minicali" / file
    path.write_bytes(edit(path.read_bytes()))
    slug = {"homicides.csv": "homicides", "incidents.csv": "incidents", "victims.csv": "victims",
            "incident_points.csv": "incident_points"}[file]
    return reported(read, project, slug)


def line_of(project, file: str, needle: str) -> int:
    text = (project / "data" / "minicali" / file).read_text(encoding="utf-8", errors="replace")
    return text[: text.index(needle)].count("\n") + 1


def test_wide_columns_become_tidy_observations(project):
    table = read(project, "homicides")
    assert table.rows_read == 11 and table.rows_kept == 11  # 2015-2024, and the planted partial 2025
    row = table.frame[(table.frame.measure == "homicide") & (table.frame.period == "2018")].iloc[0]
    assert (row.value, row.period_start, row.period_end, row.note_keys, row.partial) == (
        1159.0, "2018-01-01", "2018-12-31", "2018", False)


def test_codes_are_padded_to_the_boundary_codes(project):
    assert read(project, "incidents").frame["area_code"].tolist() == ["01", "02", "03"]


def test_missing_column(project):
    assert problems(project, "homicides.csv", lambda b: b.replace(b"total_homicides", b"homicidios", 1)) == [
        "data/minicali/homicides.csv:1: total_homicides: column not found in the header (did you mean 'homicidios'?)"]


def test_missing_column_without_close_match_lists_the_header(project):
    assert problems(project, "homicides.csv", lambda b: b.replace(b"total_homicides", b"muertes", 1)) == [
        "data/minicali/homicides.csv:1: total_homicides: column not found in the header (columns in the file: "
        "departamento, municipio, year, muertes, municipio_code, region, population, homic_rate)"]


def test_misspelt_column_gets_a_close_match(project):
    assert problems(project, "homicides.csv", lambda b: b.replace(b"total_homicides", b"total_homicide", 1)) == [
        "data/minicali/homicides.csv:1: total_homicides: column not found in the header "
        "(did you mean 'total_homicide'?)"]


def test_bad_year(project):
    found = problems(project, "homicides.csv", lambda b: b.replace(b",2019,", b",20I9,"))
    assert found == [f"data/minicali/homicides.csv:{line_of(project, 'homicides.csv', '20I9')}: year: expected a year "
                     "such as 2019, got '20I9'"]


def test_negative_count(project):
    found = problems(project, "incidents.csv", lambda b: b.replace(b"2,12378", b"2,-12378"))
    assert found == [f"data/minicali/incidents.csv:{line_of(project, 'incidents.csv', '-12378')}: "
                     "incidents_total_2010_2019: negative count, got '-12378' (counts cannot be below zero)"]


def test_not_a_number(project):
    found = problems(project, "incidents.csv", lambda b: b.replace(b"3,12369", b"3,about 12000"))
    assert found == [f"data/minicali/incidents.csv:{line_of(project, 'incidents.csv', 'about')}: "
                     "incidents_total_2010_2019: expected a number written like 1234.5, got 'about 12000' "
                     "(declare how the file writes numbers: decimal_separator (. or ,) and thousands_separator)"]


def test_unknown_district(project):
    found = problems(project, "incidents.csv", lambda b: b.replace(b"\n3,", b"\n23,"))
    assert found == [f"data/minicali/incidents.csv:{line_of(project, 'incidents.csv', '23,')}: comuna: unknown "
                     "district code '23' (codes must match the districts file or its extra_codes)"]


def test_wrong_encoding(project):
    found = problems(project, "victims.csv", lambda b: b.replace(b"MASCULINO", "MASCULINÓ".encode("latin-1"), 1))
    assert found == [f"data/minicali/victims.csv:{line_of(project, 'victims.csv', 'MASCULIN')}: not UTF-8 (byte 0xd3) "
                     "(open the file in a spreadsheet and save it as 'CSV UTF-8')"]


def test_geojson_in_the_wrong_encoding_gets_a_geojson_hint(project):
    path = project / "data" / "minicali" / "comunas.geojson"
    path.write_bytes(path.read_bytes().replace("Comuna".encode(), "Comuñá".encode("latin-1"), 1))
    city = config.load_city(project, "minicali", config.load_registry(project))
    [found] = reported(geography.load, project, city.districts)
    assert found.endswith("(GeoJSON must be UTF-8 (RFC 7946): re-export it from your GIS as GeoJSON with UTF-8 "
                          "encoding)")


def test_many_bad_rows_are_listed_then_counted(project):
    def break_all(b: bytes) -> bytes:
        lines = b.split(b"\n")
        return b"\n".join([lines[0]] + [b"x" + line for line in lines[1:] if line])
    found = problems(project, "victims.csv", break_all)
    assert len(found) == cells.MAX_ROW_PROBLEMS + 1
    assert found[-1] == ("data/minicali/victims.csv: year: 14 more rows with the same problem "
                         "(expected a year such as 2019)")


def test_dropped_rows_are_counted_not_hidden(project):
    path = project / "cities" / "minicali" / "city.yml"
    path.write_text(path.read_text().replace("    dimensions: {weapon", "    drop: {age_group: [MENORES]}\n"
                                             "    dimensions: {weapon"), encoding="utf-8")
    table = read(project, "victims")
    assert table.rows_read == 24
    assert table.rows_excluded == {"age_group in ['MENORES']": 2}
    assert table.rows_kept == 22


def test_month_and_financial_year_periods():
    assert cells.period("2012", "", "financial_year") == ("2012/13", "2012-04-01", "2013-03-31")
    assert cells.period("2024", "2", "month") == ("2024-02", "2024-02-01", "2024-02-29")
    assert cells.period("2024", "13", "month") is None
    assert cells.period("2012-2013", "", "financial_year") == cells.period("2012/13", "", "financial_year") == \
        ("2012/13", "2012-04-01", "2013-03-31")
    assert cells.period("2012-2014", "", "financial_year") is None
    assert cells.span("2010-2019") == ("2010-2019", "2010-01-01", "2019-12-31")


def geometry_problems(project, index: int, geometry: dict) -> list[str]:
    path = project / "data" / "minicali" / "comunas.geojson"
    doc = json.loads(path.read_text())
    doc["features"][index]["geometry"] = geometry
    path.write_text(json.dumps(doc))
    city = config.load_city(project, "minicali", config.load_registry(project))
    return reported(geography.load, project, city.districts)


def test_invalid_geometry_is_named(project):
    ring = [[-76.5, 3.4], [-76.4, 3.5], [-76.4, 3.4], [-76.5, 3.5], [-76.5, 3.4]]
    bowtie = {"type": "Polygon", "coordinates": [ring]}
    assert geometry_problems(project, 1, bowtie) == [
        "data/minicali/comunas.geojson: features[1] (code 01).geometry: invalid geometry: "
        "Self-intersection[-76.45 3.45] (correct it in a GIS, or declare districts.repair: true to repair it with "
        "make_valid (each repair is listed with its change of area))"]


def test_out_of_range_geometry_is_named(project):
    assert geometry_problems(project, 0, {"type": "Point", "coordinates": [3.4, -276.5]}) == [
        "data/minicali/comunas.geojson: features[0] (code 02).geometry: coordinates out of range "
        "(bounds 3.400, -276.500, 3.400, -276.500); expected longitude/latitude in WGS84"]


def test_published_geojson_is_rfc7946_and_vega_copy_is_rewound(project):
    import shapely
    from shapely.geometry import shape
    city = config.load_city(project, "minicali", config.load_registry(project))
    geo = geography.load(project, city.districts)
    published = geography.feature_collection(geo, {})
    drawn = geography.feature_collection(geo, {}, for_vega=True)
    for feature in published["features"]:
        for polygon in getattr(shape(feature["geometry"]), "geoms", [shape(feature["geometry"])]):
            assert polygon.exterior.is_ccw
    for feature in drawn["features"]:
        for polygon in getattr(shape(feature["geometry"]), "geoms", [shape(feature["geometry"])]):
            assert not polygon.exterior.is_ccw
    coords = shapely.get_coordinates(shape(published["features"][0]["geometry"]))
    assert all(len(repr(float(c)).split(".")[1]) <= 6 for c in coords.ravel())


def _as_text(frame):
    return frame.astype({c: object for c in frame.columns if str(frame[c].dtype) == "category"})


def test_incident_records_read_in_parts_are_the_records_read_whole(project, monkeypatch):
    whole = read(project, "incident_points")
    monkeypatch.setattr(csvfile, "CHUNK_ROWS", 7)  # 45 records: 7 parts, the last of 3
    parts = read(project, "incident_points")
    assert parts.rows_read == whole.rows_read == 45
    assert str(parts.frame["period"].dtype) == "category" and parts.frame["period"].cat.ordered
    assert _as_text(parts.frame).equals(_as_text(whole.frame))
    assert parts.frame["period_start"].min() == "2024-01-01"  # min() goes by the text


def test_problems_in_different_parts_are_listed_together(project, monkeypatch):
    monkeypatch.setattr(csvfile, "CHUNK_ROWS", 7)

    def break_two(b: bytes) -> bytes:
        lines = b.split(b"\n")
        lines[3] = lines[3].replace(b"2024,3,", b"2024,13,")
        lines[40] = lines[40].replace(b"2024,10,", b"20x4,10,")
        return b"\n".join(lines)
    found = problems(project, "incident_points.csv", break_two)
    assert found == ["data/minicali/incident_points.csv:4: month: expected a year and a month number 1-12, got '13'",
                     "data/minicali/incident_points.csv:41: year: expected a year and a month number 1-12, got '20x4'"]


def test_a_record_repeated_in_another_part_is_refused(project, monkeypatch):
    monkeypatch.setattr(csvfile, "CHUNK_ROWS", 7)
    found = problems(project, "incident_points.csv", lambda b: b + b.split(b"\n")[2] + b"\n")
    assert found == ["data/minicali/incident_points.csv:47: (record): the same as line 3 in "
                     "lon, lat, year, month, tipo (if they are distinct incidents (two victims of one event), "
                     "declare combine: sum; if the export repeated them, remove the repeats)"]


def test_a_row_with_too_many_cells_is_named_by_its_line(project):
    found = problems(project, "incident_points.csv", lambda b: b.replace(b"2024,3,HURTO,", b"2024,3,HURTO,x,", 1))
    assert len(found) == 1 and found[0].startswith("data/minicali/incident_points.csv:4: not a readable CSV table")
