"""Safety walks: records of risk factors at public spaces, published as places (coordinates rounded to about
10 m), summarised by district and category, linked to the recommendations that answer them; how many people
took part is a count per walk, withheld under the disclosure rule, and never a name."""
from __future__ import annotations

import csv
import json
import re

from auditportal.pipeline import load_site
from auditportal.read import config
from helpers import line, problems

WALKS = "data/minicali/safety_walks.csv"


def rows(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_walks_and_their_participants_through_the_gate(built_fixture):
    data = built_fixture / "site" / "data" / "minicali"
    assert rows(data / "walks" / "safety_walks_walks.csv") == [
        {"walk": "C1", "period": "2024", "areas": "Comuna 2", "records": "4", "participants": "12", "flag": ""},
        {"walk": "C2", "period": "2024", "areas": "Comuna 1", "records": "3", "participants": "9", "flag": ""},
        {"walk": "C3", "period": "2024", "areas": "Comuna 3", "records": "3", "participants": "",
         "flag": "suppressed"},
        {"walk": "C4", "period": "2024", "areas": "Comuna 2", "records": "1", "participants": "7", "flag": ""},
        {"walk": "C5", "period": "2024", "areas": "Comuna 3", "records": "1", "participants": "8", "flag": ""}]
    records = rows(data / "safety_walks.csv")
    assert list(records[0]) == ["record", "walk", "period", "area_code", "area_name", "category", "lon", "lat",
                                "follow_up", "answered_by"]
    assert records[0] == {"record": "2", "walk": "C1", "period": "2024", "area_code": "02", "area_name": "Comuna 2",
                          "category": "poor_lighting", "lon": "-76.5285", "lat": "3.4718", "follow_up": "open",
                          "answered_by": "R1"}
    assert [r["follow_up"] for r in records].count("no_action") == 1  # "sin acción", through value_maps


def test_places_are_published_rounded_to_about_ten_metres(built_fixture):
    data = built_fixture / "site" / "data" / "minicali"
    places = json.loads((data / "walks" / "safety_walks.geojson").read_text(encoding="utf-8"))
    coordinates = [f["geometry"]["coordinates"] for f in places["features"]]
    assert len(coordinates) == 12
    assert all(re.fullmatch(r"-?\d+(\.\d{1,4})?", repr(x)) for pair in coordinates for x in pair)
    assert places["features"][0]["properties"] == {"record": 2, "walk": "C1", "period": "2024", "area_code": "02",
                                                   "area_name": "Comuna 2", "category": "poor_lighting",
                                                   "follow_up": "open", "answered_by": "R1"}


def test_summaries_by_district_and_category(built_fixture):
    data = built_fixture / "site" / "data" / "minicali" / "walks"
    by_area = {(r["area_name"], r["category"]): (r["observations"], r["still_open"])
               for r in rows(data / "safety_walks_by_area.csv")}
    assert by_area[("Comuna 2", "poor_lighting")] == ("2", "2")
    assert by_area[("Comuna 3", "poor_lighting")] == ("2", "1")
    assert sum(int(n) for n, _ in by_area.values()) == 12
    assert rows(data / "safety_walks_by_category.csv")[2] == {
        "category": "poor_lighting", "observations": "5", "still_open": "3", "open": "2", "in_progress": "1",
        "resolved": "1", "no_action": "1"}


def test_the_page_links_the_recommendations_that_answer_the_walks(built_fixture):
    site = built_fixture / "site"
    view = json.loads((site / "api" / "v1" / "en" / "minicali" / "walks.json").read_text(encoding="utf-8"))
    [walk] = view["walks"]
    assert walk["answers"] == [{"id": "R1", "title": "Violence interruption for young men", "status": "In progress",
                                "link": "tracker.md#rec-r1", "records": 5,
                                "categories": ["Abandoned building", "Poor lighting", "Unsafe for women"]}]
    assert (walk["unanswered"], walk["withheld"]) == (4, 1)
    assert walk["map"]["summary"] == ("12 risk factors recorded at public spaces, 9 still open; most often: "
                                      "Poor lighting (5).")
    html = (site / "es" / "minicali" / "walks" / "index.html").read_text(encoding="utf-8")
    assert 'href="../tracker/#rec-r1"' in html and "safety_walks.svg" in html
    assert 'href="../../walks/"' in (site / "en" / "minicali" / "data" / "safety_walks" / "index.html").read_text()


def test_a_walks_rows_are_checked_and_participants_are_never_names(project):
    path = project / WALKS
    text = path.read_text(encoding="utf-8")
    text = text.replace("C1,2024-03-09,-76.52897,3.47015,Iluminación deficiente,,", "C1,2024-03-09,-76.52897,3.47015,"
                        "Iluminación deficiente,11,")
    text = text.replace("C2,2024-04-20,-76.57477,3.45348,Iluminación deficiente,9,", "C2,2024-04-20,-76.57477,3.45348,"
                        "Iluminación deficiente,Ana y Luis,")
    text = text.replace("Edificio abandonado,9,abierto,", "Grafiti,9,pendiente,R9")
    path.write_text(text, encoding="utf-8")
    city = "cities/minicali/city.yml"
    (project / city).write_text((project / city).read_text().replace(
        "      Edificio abandonado: abandoned_building\n", "      Edificio abandonado: abandoned_building\n"
        "      Grafiti: graffiti\n"), encoding="utf-8")
    assert problems(load_site, project) == [
        f"{WALKS}:3: participantes: walk 'C1' had 12 participants on line 2, here 11 (give each walk one number of "
        "participants (or leave it empty after its first row))",
        f"{WALKS}:6: participantes: expected how many people took part in the walk, a whole number (never names), "
        "got 'Ana y Luis'",
        f"{WALKS}:8: categoria: unknown category 'Grafiti' (declare it under walk.categories (poor_lighting, "
        "abandoned_building, no_transport_at_night, unsafe_for_women), or map the file's word to one of them with "
        "measure_map)",
        f"{WALKS}:8: seguimiento: expected one of open, in_progress, resolved, no_action, got 'pendiente' (turn the "
        "file's own words into these with value_maps)",
        f"{WALKS}:8: recomendaciones: no recommendation 'R9' in cities/minicali/recommendations.yml (known: R1)"]


def test_safety_walk_records_are_points_with_a_date_and_a_category(project):
    path = project / "cities" / "minicali" / "city.yml"
    text = path.read_text(encoding="utf-8").replace("    date_column: fecha\n    measure_column: categoria\n",
                                                    "    period_column: fecha\n    measure_column: categoria\n")
    path.write_text(text, encoding="utf-8")
    assert problems(config.load_city, project, "minicali", config.load_registry(project)) == [
        f"cities/minicali/city.yml:{line(text, 'walk:', after='safety_walks:')}: datasets.safety_walks.walk: "
        "safety-walk records need area_level: point, date_column and measure_column (the category of each risk "
        "factor)"]


def test_safety_walks_are_shown_on_their_own_page_not_in_charts(project):
    path = project / "cities" / "minicali" / "city.yml"
    text = path.read_text(encoding="utf-8").replace(
        "  - {id: trend, type: trend, dataset: homicides,", "  - {id: walks, type: trend, dataset: safety_walks, "
        "measures: [poor_lighting], title: Walks}\n  - {id: trend, type: trend, dataset: homicides,")
    path.write_text(text, encoding="utf-8")
    assert problems(config.load_city, project, "minicali", config.load_registry(project)) == [
        f"cities/minicali/city.yml:{line(text, '- {id: walks')}: charts.0.dataset: a safety-walk dataset is shown on "
        "the city's safety-walks page (its map and summary), not in charts, maps, hotspots or indicators"]
