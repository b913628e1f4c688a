"""Promising practices: the catalogue and its pages from the fixture's two practices, the links back from
the indicators and recommendations they name, and every problem a contributor's file can have, located."""
import json

from auditportal.read import config, practices
from helpers import line, problems

REGISTRY_CITIES = {"minicali": {"R1"}}


def twin(site, page: str, lang: str = "en") -> dict:
    return json.loads((site / "api" / "v1" / lang / f"{page}.json").read_text(encoding="utf-8"))


def test_the_catalogue_groups_every_practice_by_theme_city_and_evidence(built_fixture):
    view = twin(built_fixture / "site", "practices/index")
    assert [(g["id"], [p["id"] for p in g["entries"]]) for g in view["by_theme"]] == [
        ("youth", ["minicali_youth_mentoring"]), ("urban_design", ["minicali_street_lighting"]),
        ("community", ["minicali_youth_mentoring"])]
    assert [(g["id"], [p["id"] for p in g["entries"]]) for g in view["by_evidence"]] == [
        ("comparison_group", ["minicali_youth_mentoring"]), ("before_after", ["minicali_street_lighting"])]
    assert [g["name"] for g in view["by_city"]] == ["Mini Cali"]


def test_a_practice_page_links_what_it_names_and_they_link_back(built_fixture):
    site = built_fixture / "site"
    page = twin(site, "practices/minicali_youth_mentoring")
    assert (page["title"], page["evidence_name"], page["evidence_rank"], page["period"]) == (
        "Mentoring for young people in Comuna 3", "With a comparison group", 4, "2022–2024")
    assert page["cost"] == {"amount": "250,000,000", "currency": "COP", "note": ""}
    assert page["indicators"] == [{"name": "Intentional homicide rate",
                                   "link": "../minicali/indicators/homicide_rate.md"}]
    assert page["recommendations"] == [{"id": "R1", "link": "../minicali/tracker.md#rec-r1"}]
    assert [p["id"] for p in page["related"]] == ["minicali_street_lighting"]
    indicator = twin(site, "minicali/indicators/homicide_rate")
    assert [p["id"] for p in indicator["practices"]] == ["minicali_youth_mentoring"]
    tracker = twin(site, "minicali/tracker")
    assert [[p["id"] for p in r["practices"]] for r in tracker["recommendations"]] == [["minicali_youth_mentoring"]]
    html = (site / "es" / "practices" / "minicali_street_lighting" / "index.html").read_text(encoding="utf-8")
    assert '<div lang="en">' in html and "Ejemplo" in html


def test_every_problem_of_a_practice_file_is_located_with_its_fix(project):
    path = project / "practices" / "minicali_youth_mentoring.md"
    text = path.read_text(encoding="utf-8")
    text = (text.replace("themes: [youth, community]", "themes: [youth, comunity]")
            .replace("indicators: [homicide_rate]", "indicators: [homicide_rte]")
            .replace("recommendations: [R1]", "recommendations: [R9]")
            .replace("related: [minicali_street_lighting]", "related: [minicali_lighting]"))
    path.write_text(text, encoding="utf-8")
    themes = config.load_portal(project).themes
    registry = config.load_registry(project)
    assert problems(practices.load, project, themes, registry, REGISTRY_CITIES) == [
        f"practices/minicali_youth_mentoring.md:{line(text, 'themes:')}: themes.1: no such theme in portal.yml "
        "(did you mean 'community'?)",
        f"practices/minicali_youth_mentoring.md:{line(text, 'indicators:')}: indicators.0: no such indicator in "
        "indicators.yml (did you mean 'homicide_rate'?)",
        f"practices/minicali_youth_mentoring.md:{line(text, 'recommendations:')}: recommendations.0: no such "
        "recommendation in cities/minicali/recommendations.yml (known: R1)",
        f"practices/minicali_youth_mentoring.md:{line(text, 'related:')}: related.0: no such practice "
        "(did you mean 'minicali_street_lighting'?)"]


def test_a_practice_without_evidence_or_text_is_refused(project):
    path = project / "practices" / "minicali_street_lighting.md"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("evidence:"), text.index("example: true")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    themes, registry = config.load_portal(project).themes, config.load_registry(project)
    found = problems(practices.load, project, themes, registry, REGISTRY_CITIES)
    assert found == ["practices/minicali_street_lighting.md:2: evidence: required key is missing (Evidence of "
                     "effect and its strength.)"]
    path.write_text(text.split("---\nTest text")[0] + "---\n", encoding="utf-8")
    assert problems(practices.load, project, themes, registry, REGISTRY_CITIES) == [
        "practices/minicali_street_lighting.md: body: no text after the front matter (say what was done, for "
        "whom and how, below the second '---')"]
