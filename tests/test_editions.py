"""A city republishes its audit: the earlier edition stays browsable and downloadable beside the current
one, and a page lists what changed between them (here: one revised homicide count, so one dataset value
and the homicide rate of that year, and one recommendation's status)."""
import json
import shutil

import pandas as pd
import pytest

from auditportal.pipeline import build
from auditportal.tools import checks
from helpers import make_project, problems, quiet

EARLIER = "2025-06"


@pytest.fixture(scope="module")
def republished(tmp_path_factory):
    """The fixture city with an earlier edition whose 2016 homicide count (1,290) the current one revised
    to 1,281, and whose recommendation R1 was still planned."""
    project = make_project(tmp_path_factory.mktemp("editions") / "project")
    city, data = project / "cities" / "minicali", project / "data" / "minicali"
    old, old_data = city / "editions" / EARLIER, data / "editions" / EARLIER
    old.mkdir(parents=True)
    old_data.mkdir(parents=True)
    text = (city / "city.yml").read_text(encoding="utf-8")
    text = text.replace('edition: "2026-11"', f'edition: "{EARLIER}"').replace("updated: 2026-11-25",
                                                                             "updated: 2025-06-30")
    text = text.replace("file: minicali/homicides.csv", f"file: minicali/editions/{EARLIER}/homicides.csv")
    (old / "city.yml").write_text(text, encoding="utf-8")
    shutil.copy(city / "findings.es.md", old / "findings.es.md")
    recs = (city / "recommendations.yml").read_text(encoding="utf-8").replace("status: in_progress", "status: planned")
    (old / "recommendations.yml").write_text(recs, encoding="utf-8")
    homicides = (data / "homicides.csv").read_text(encoding="utf-8").replace(",2016,1281,", ",2016,1290,")
    (old_data / "homicides.csv").write_text(homicides, encoding="utf-8")
    shutil.copy(data / "SOURCES.md", old_data / "SOURCES.md")
    build(project, project / "site", strict=True, progress=quiet)
    return project / "site"


def twin(site, page: str) -> dict:
    return json.loads((site / "api" / "v1" / "en" / f"{page}.json").read_text(encoding="utf-8"))


def test_what_changed_lists_the_revised_value_and_the_status_change(republished):
    view = twin(republished, "minicali/changes")
    assert view["previous"]["edition"] == EARLIER and view["current"] == "2026-11"
    assert [(d["title"], d["changed"]) for d in view["revised"]] == [("Homicides per year", "1")]
    assert [(m["indicator"], m["period"], m["previous"], m["current"]) for m in view["moved"]] == [
        ("Intentional homicide rate", "2016", "53.9", "53.5")]  # 1,290 and 1,281 over 2,394,925 people
    assert [(r["id"], r["previous"], r["current"]) for r in view["restatused"]] == [("R1", "Planned", "In progress")]
    assert view["added"] == view["removed"] == view["retargeted"] == []


def test_the_earlier_edition_stays_browsable_and_downloadable(republished):
    page = republished / "en" / "minicali" / "editions" / EARLIER / "index.html"
    assert page.is_file() and "This is an earlier edition of the audit" in page.read_text(encoding="utf-8")
    old = pd.read_csv(republished / "data" / "minicali" / "editions" / EARLIER / "homicides.csv")
    assert old[(old["period"] == 2016) & (old["measure"] == "homicide")]["value"].tolist() == [1290]
    assert (republished / "data" / "minicali" / "editions" / f"{EARLIER}.zip").is_file()
    assert checks.links(republished, "/portal/") == []
    current = twin(republished, "minicali/index")
    assert [(e["edition"], e["current"]) for e in current["editions"]] == [("2026-11", True), (EARLIER, False)]
    nav = (republished / "en" / "minicali" / "index.html").read_text(encoding="utf-8")
    assert f"editions/{EARLIER}/" in nav


def earlier(project, folder: str, edition: str, updated: str) -> None:
    """An earlier edition of the fixture city: its current files, with another edition id and date."""
    city = project / "cities" / "minicali"
    old = city / "editions" / folder
    old.mkdir(parents=True)
    text = (city / "city.yml").read_text(encoding="utf-8")
    (old / "city.yml").write_text(text.replace('edition: "2026-11"', f'edition: "{edition}"')
                                  .replace("updated: 2026-11-25", f"updated: {updated}"), encoding="utf-8")
    for name in ("findings.es.md", "recommendations.yml"):
        shutil.copy(city / name, old / name)


def test_an_edition_folder_named_with_an_accent_or_a_space_is_an_error(tmp_path):
    from auditportal.pipeline import load_site
    project = make_project(tmp_path / "project")
    earlier(project, "edición 2021", "2021", "2021-06-30")
    assert problems(load_site, project) == [
        "cities/minicali/editions/edición 2021: an edition's folder name is its id in URLs: use ASCII letters, "
        "digits, '_', '.' and '-' only (rename the folder, e.g. cities/minicali/editions/edicion_2021)"]


def test_an_earlier_edition_dated_after_the_current_one_is_an_error(tmp_path):
    from auditportal.pipeline import load_site
    project = make_project(tmp_path / "project")
    earlier(project, "2027-01", "2027-01", "2027-01-31")
    earlier(project, "2026-01", "2026-01", "2026-12-01")
    assert problems(load_site, project) == [
        "cities/minicali/editions/2026-01/city.yml: updated: 2026-12-01 is after the current edition's update "
        "(2026-11-25) (correct the date of one of them)",
        "cities/minicali/editions/2027-01/city.yml: edition: '2027-01' is not earlier than the current edition "
        "'2026-11' (cities/minicali/city.yml) (an earlier edition's folder keeps an older audit; if this one is "
        "newer, make it cities/minicali/city.yml and move the current one into editions/)"]
