"""build.py refresh against a recorded publisher on 127.0.0.1 (tests/publisher.py): the fixture city declares
its monthly homicides on a Socrata portal (SODA, CSV or JSON, in pages), its yearly homicides as a workbook and
its victims as a ZIP member. A new release is kept with its origin, read with the dataset's rules, added as a
newer release, reported (new periods, revisions old -> new, what moves on the site) and published by the next
build; a publisher that fails or changed its layout stops the city, names city, dataset and address, and
leaves every file as it was."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import yaml

from auditportal.pipeline import build
from auditportal.tools import fetch
from auditportal.tools.refresh import refresh, report
from helpers import ROOT, make_project, quiet
from publisher import (
    HTML,
    LICENCE,
    Publisher,
    Reply,
    cali_months,
    file_reply,
    fixture_rows,
    soda,
    soda_metadata,
    workbook,
    zipped,
)

TODAY = date(2027, 2, 1)
SODA = "/resource/cali-hmcd.csv"
XLSX, ZIP = "/estadisticas/homicidios.xlsx", "/estadisticas/victimas.zip"

MONTHLY = """  homicides_monthly:
    file: minicali/homicides_monthly.csv
    title: Homicides per month
    description: Homicides per month, summed from the National Police's records.
    source: *src
    area_level: city
    area_code: "76001"
    period_column: year
    period_type: month
    month_column: month
    measures: {{homicide: homicides}}
    refresh:
      socrata:
        domain: "{host}"
        dataset: cali-hmcd
        format: {kind}
        select: date_extract_y(fecha_hecho) AS year, date_extract_m(fecha_hecho) AS month, sum(cantidad) AS homicides
        where: cod_muni = '76001'
        group: year, month
        order: year, month
        date_column: fecha_hecho
        since: 2015-01-01
        page_rows: 50
      timeout: {timeout}
"""
DECLARED = {
    "homicides": "    refresh:\n      file: {{url: 'http://{host}" + XLSX + "', format: xlsx, sheet: Homicidios, "
                 "header_row: 3}}\n      timeout: {timeout}\n",
    "victims": "    refresh:\n      file: {{url: 'http://{host}" + ZIP + "', format: zip, "
               "member: datos/victimas.csv}}\n      timeout: {timeout}\n"}


def declare(root: Path, host: str, kind: str = "csv", timeout: int = 5) -> None:
    """The fixture city with Cali's monthly homicides (from data/cali) and where its publishers release them."""
    data = root / "data" / "minicali" / "homicides_monthly.csv"
    data.write_text("year,month,homicides\n" + "".join(f"{r['year']},{r['month']},{r['homicides']}\n"
                                                       for r in cali_months()), encoding="utf-8")
    city = root / "cities" / "minicali" / "city.yml"
    text = city.read_text(encoding="utf-8")
    for slug, block in DECLARED.items():
        text = text.replace(f"\n  {slug}:\n", f"\n  {slug}:\n" + block.format(host=host, timeout=timeout), 1)
    text = text.replace("\nindicators:\n", "\n" + MONTHLY.format(host=host, kind=kind, timeout=timeout)
                        + "indicators:\n", 1)
    city.write_text(text, encoding="utf-8")


def serve(publisher: Publisher, months=None, kind: str = "csv", homicides=None, victims=None) -> None:
    """The publisher's current releases: by default the same figures the city already publishes."""
    publisher.routes[f"/resource/cali-hmcd.{kind}"] = soda(cali_months() if months is None else months, kind)
    publisher.routes["/api/views/cali-hmcd.json"] = soda_metadata("cali-hmcd")
    publisher.routes[XLSX] = file_reply(workbook(fixture_rows("homicides.csv") if homicides is None else homicides),
                                        "xlsx")
    publisher.routes[ZIP] = file_reply(zipped(fixture_rows("victims.csv") if victims is None else victims), "zip")


@pytest.fixture
def publisher():
    p = Publisher()
    yield p
    p.close()


@pytest.fixture
def city(tmp_path, publisher) -> Path:
    root = make_project(tmp_path / "project")
    declare(root, publisher.host)
    serve(publisher)
    return root


def revised_months() -> list[dict]:
    """The portal's next release: March 2024 revised (59 -> 63) and January 2025 added."""
    rows = [dict(r) for r in cali_months()]
    next(r for r in rows if (r["year"], r["month"]) == ("2024", "3"))["homicides"] = "63"
    return rows + [{"year": "2025", "month": "1", "homicides": "77"}]


def newer_homicides() -> list[dict]:
    """The workbook's next release: 2024 revised, 2025 completed (it was half a year), 2026 added."""
    rows = [dict(r) for r in fixture_rows("homicides.csv")]
    rows[-2]["total_homicides"] = "950"
    rows[-1].update(total_homicides="901", population="2290000", homic_rate="39.34")
    return rows + [dict(rows[-1], year="2026", total_homicides="880", population="2293000", homic_rate="38.38")]


def newer_victims() -> list[dict]:
    rows = [dict(r) for r in fixture_rows("victims.csv")]
    rows[0]["homicides"] = str(int(rows[0]["homicides"]) + 2)
    return rows + [dict(r, year="2025") for r in rows if r["year"] == "2024"]


def test_a_refresh_brings_the_city_forward_and_the_build_publishes_it_with_the_revisions(city, publisher):
    before = (city / "cities" / "minicali" / "city.yml").read_text()
    serve(publisher, revised_months(), homicides=newer_homicides(), victims=newer_victims())
    outcome, = refresh(city, ["minicali"], TODAY, quiet)
    assert outcome.failures == []
    day = "data/minicali/releases/{}/2027-02-01/"
    assert sorted(outcome.written) == sorted([
        *(day.format("homicides_monthly") + f for f in ("homicides_monthly.csv", "origin.yml")),
        *(day.format("homicides") + f for f in ("homicidios.xlsx", "homicides.csv", "origin.yml")),
        *(day.format("victims") + f for f in ("victimas.zip", "victims.csv", "origin.yml")),
        "cities/minicali/city.yml"])
    # the snapshot as published, with its origin
    monthly = city / day.format("homicides_monthly")
    origin = yaml.safe_load((monthly / "origin.yml").read_text())
    kept = (monthly / "homicides_monthly.csv").read_bytes()
    assert kept.startswith(b'"year","month","homicides"\n"2015","1",') and kept.count(b'"year"') == 1
    assert origin | {"url_download": ""} == {
        "dataset": "homicides_monthly", "producer": "Fixture publisher", "url_main": publisher.url("/d/cali-hmcd"),
        "url_download": "", "date_accessed": "2027-02-01", "date_published": "2027-01-15", "licence": "CC-BY-4.0",
        "licence_stated": LICENCE, "file": "homicides_monthly.csv", "name_as_published": "cali-hmcd.csv",
        "bytes": len(kept),
        "sha256": hashlib.sha256(kept).hexdigest(), "pages": 3, "data_file": "homicides_monthly.csv",
        "transformations": "read as published", "rows": 121}
    assert origin["url_download"].startswith(publisher.url(SODA))
    pages = [line for line in publisher.log if line.startswith(SODA)]
    assert len(pages) == 3 and all("cod_muni" in p and "fecha_hecho+%3E%3D+%272015-01-01T00%3A00%3A00%27" in p
                                   for p in pages)
    assert [p.split("%24offset=")[1].split("&")[0] for p in pages] == ["0", "50", "100"]
    sheet = city / day.format("homicides")
    assert (sheet / "homicidios.xlsx").read_bytes() == publisher.routes[XLSX].body
    last = (sheet / "homicides.csv").read_text().splitlines()[-1]
    assert last == "VALLE,CALI (CT),2026,880,76001,Pacifico,2293000,38.38"
    record = yaml.safe_load((sheet / "origin.yml").read_text())
    assert record["sheets"] == ["Homicidios", "Notas"] and record["file"] == "homicidios.xlsx"
    assert record["sha256"] == hashlib.sha256((sheet / "homicidios.xlsx").read_bytes()).hexdigest()
    # city.yml: each release added under newer, the period extended, comments and anchors kept
    after = (city / "cities" / "minicali" / "city.yml").read_text()
    config = yaml.safe_load(after)
    assert config["period"] == {"start": 2015, "end": 2026} and str(config["updated"]) == "2027-02-01"
    assert config["datasets"]["homicides_monthly"]["newer"] == [{
        "file": "minicali/releases/homicides_monthly/2027-02-01/homicides_monthly.csv",
        "source": {"publisher": "Fixture publisher", "url": publisher.url("/d/cali-hmcd"), "licence": "CC-BY-4.0",
                   "terms": "Test terms.", "retrieved": date(2027, 2, 1),
                   "transformations": "Fetched by build.py refresh (3 page(s)); read as published; origin in "
                                      "data/minicali/"
                                      "releases/homicides_monthly/2027-02-01/origin.yml"}}]
    assert "source: &src" in after and "# the synthetic 2025 row" in after and "&id0" not in after
    assert [line for line in before.splitlines() if line not in after.splitlines()] == [
        "updated: 2026-11-25", "period: {start: 2015, end: 2025}"]
    # the report
    text = report([outcome])
    for line in ["- new periods: 2025-01", "- revised 76001, 2024-03, homicide: 59 → 63 (+4)",
                 "- new periods: 2026", "- revised 76001, 2025, homicide: 470 → 901 (+431)",
                 "- revised 76001, 2024, homicide: 947 → 950 (+3)",
                 "- declared partial before: 2025: if the publisher has completed them, take them out of partial: "
                 "in city.yml", "- new periods: 2025", "### What changes on the site"]:
        assert line in text.splitlines(), line
    for line in ["- indicator homicide_rate (from homicides): 2024: 41.47 → 41.60; 2025: 20.55 → 39.34; "
                 "2026: new, 38.38",
                 "- finding finding_peak on charts/trend (from homicides): low_period: 2024 → 2026; low: 947 → 880",
                 "- city.yml: period 2015–2025 → 2015–2026; updated 2026-11-25 → 2027-02-01"]:
        assert line in text.splitlines(), line
    assert "- status of homicide_rate (from homicides): " in text
    # the next build publishes the new values and lists the revisions, without asking the publisher anything
    asked = len(publisher.log)
    build(city, city / "site", strict=True, progress=quiet)
    assert len(publisher.log) == asked
    data = city / "site" / "data" / "minicali"
    monthly_csv = pd.read_csv(data / "homicides_monthly.csv", dtype={"period": str}).set_index("period")["value"]
    assert monthly_csv["2025-01"] == 77 and monthly_csv["2024-03"] == 63
    revisions = pd.read_csv(data / "homicides_monthly_revisions.csv", dtype={"period": str})
    assert revisions[["period", "previous", "revised"]].values.tolist() == [["2024-03", 59, 63]]
    status = pd.read_csv(data / "indicators" / "status.csv").set_index("indicator")
    rate = status.loc["homicide_rate"]
    assert str(rate["period"]) == "2026" and round(rate["value"], 2) == 38.38
    page = (city / "site" / "en" / "minicali" / "data" / "homicides_monthly" / "index.html").read_text()
    assert "2024-03" in page and "59" in page and "63" in page
    # asked again, the publisher gives the same bytes: nothing new, nothing written
    again, = refresh(city, ["minicali"], date(2027, 2, 8), quiet)
    assert again.written == [] and again.failures == []
    assert report([again]).count("gives the same bytes as the release of 2027-02-01") == 3
    # then the workbook gains a sheet: the layout changed since the last refresh, and nothing is written
    publisher.routes[XLSX] = file_reply(workbook(newer_homicides(), extra="Homicidios 2027"), "xlsx")
    city_yml = (city / "cities" / "minicali" / "city.yml").read_text()
    changed, = refresh(city, ["minicali"], date(2027, 2, 15), quiet)
    assert changed.failures == [
        f"minicali/homicides: {publisher.url(XLSX)}: the workbook's sheets are now ['Homicidios', 'Notas', "
        "'Homicidios 2027'], not ['Homicidios', 'Notas'] as at the last refresh (check that the data are still on "
        "sheet 'Homicidios'; the publisher changed the layout: update the dataset's rules (and refresh:) in "
        "city.yml by hand, then run build.py refresh again)"]
    assert (city / "cities" / "minicali" / "city.yml").read_text() == city_yml and changed.written == []


def test_a_release_that_only_restates_the_figures_changes_nothing(city, publisher):
    yml = city / "cities" / "minicali" / "city.yml"
    yml.write_text(yml.read_text().replace("\n  incidents:\n", "\n  incidents:\n    refresh: {manual: a total of "
                                                                 "the city's own tables}\n"))
    before = yml.read_text()
    outcome, = refresh(city, ["minicali"], TODAY, quiet)
    assert outcome.failures == [] and outcome.written == []
    text = report([outcome])
    assert text.count("gives the same values as published") == 3
    assert text.splitlines()[1:3] == [
        "Updated by hand (no publisher source declared): population, incident_points, safety_walks.",
        "Updated by hand, incidents: a total of the city's own tables"]
    assert (city / "cities" / "minicali" / "city.yml").read_text() == before
    assert not (city / "data" / "minicali" / "releases").exists()


def test_a_json_answer_is_kept_and_read_as_csv(tmp_path, publisher):
    root = make_project(tmp_path / "project")
    declare(root, publisher.host, kind="json")
    months = revised_months()
    next(r for r in months if (r["year"], r["month"]) == ("2024", "4"))["homicides"] = "0"
    serve(publisher, months, kind="json")
    outcome, = refresh(root, ["minicali"], TODAY, quiet)
    assert outcome.failures == []
    folder = root / "data" / "minicali" / "releases" / "homicides_monthly" / "2027-02-01"
    kept = yaml.safe_load((folder / "cali-hmcd.json").read_text())
    assert len(kept) == 121 and kept[0] == {"year": "2015", "month": "1", "homicides": "127"}
    assert (folder / "homicides_monthly.csv").read_text().splitlines()[-2:] == ["2024,12,94", "2025,1,77"]
    lines = report([outcome]).splitlines()
    assert "- revised 76001, 2024-03, homicide: 59 → 63 (+4)" in lines
    assert "- revised 76001, 2024-04, homicide: 79 → 0 (-79): to zero, a missing value stored as 0?" in lines


def _months(change) -> list[dict]:
    rows = [dict(r) for r in cali_months()]
    for r in rows:
        change(r)
    return rows


def _renamed(rows: list[dict]) -> list[dict]:
    return [{"year": r["year"], "month": r["month"], "homicidios": r["homicides"]} for r in rows]


def _cut_csv(query) -> Reply:
    """The last page ends in the middle of its last row."""
    page = soda(cali_months(), "csv")(query)
    short = page.body.count(b"\n") < 51
    return Reply(body=page.body.rsplit(b",", 1)[0] + b"\n" if short else page.body, headers=page.headers)


def _redirect(publisher: Publisher) -> Reply:
    publisher.routes["/login"] = HTML
    return Reply(302, headers={"Location": publisher.url("/login?next=/resource/cali-hmcd.csv")})


def _cut(route: Reply) -> Reply:
    return Reply(route.status, route.body, route.headers, cut=len(route.body) // 2)


# (the portal's answer, the workbook's, the ZIP's) -> what each failure says
FAILURES = {
    "error status, web page, cut-off ZIP": (
        lambda p: Reply(500, b'{"message": "internal error"}', {"Content-Type": "application/json"}),
        lambda p: HTML, lambda p: _cut(p.routes[ZIP]),
        ["the publisher answered 500", "the publisher sent a web page (HTML) instead of the XLSX file",
         "the download was cut off"]),
    "no answer, cut-off workbook, new code": (
        lambda p: Reply(body=b"[]", delay=3), lambda p: _cut(p.routes[XLSX]),
        lambda p: file_reply(zipped([dict(r, sex="SIN DATO") if i == 3 else r
                                     for i, r in enumerate(fixture_rows("victims.csv"))]), "zip"),
        ["no answer within 1 s", "the download was cut off",
         "data/minicali/releases/victims/2027-02-01/victims.csv:5: sex: new code 'SIN DATO', which value_maps "
         "does not map (map it in city.yml (value_maps.sex)"]),
    "login page, sheet gone, member gone": (
        _redirect, lambda p: file_reply(workbook(fixture_rows("homicides.csv"), sheet="Homicidios 2026"), "xlsx"),
        lambda p: file_reply(zipped(fixture_rows("victims.csv"), member="victimas.csv"), "zip"),
        ["instead of CSV after a redirect to " "http://", "/login?next=", "(a login page?)",
         "the workbook has no sheet 'Homicidios'; it has Homicidios 2026, Notas",
         "the ZIP holds no 'datos/victimas.csv'; it holds LEEME.txt, victimas.csv"]),
    "renamed column, fewer rows": (
        lambda p: soda(_renamed(cali_months()), "csv"),
        lambda p: file_reply(workbook(fixture_rows("homicides.csv")[1:], notes=False), "xlsx"),
        lambda p: p.routes[ZIP],
        ["homicides_monthly.csv:1: homicides: column not found in the header (did you mean 'homicidios'?)",
         "10 rows, fewer than the 11 of the last release"]),
    "every value changed": (
        lambda p: soda(_months(lambda r: r.update(homicides=str(int(r["homicides"]) * 10))), "csv"),
        lambda p: p.routes[XLSX], lambda p: p.routes[ZIP],
        ["120 of the 120 values both releases hold changed (100%, more than refresh.max_revised_share 0.5)"]),
    "a page cut mid-row": (
        lambda p: _cut_csv, lambda p: p.routes[XLSX], lambda p: p.routes[ZIP],
        ["line 121 has 2 of the header's 3 fields: the file looks cut off"]),
    "fewer rows than last time": (
        lambda p: soda(cali_months(2016), "csv"), lambda p: p.routes[XLSX], lambda p: p.routes[ZIP],
        ["108 rows, fewer than the 120 of the last release"]),
}


@pytest.mark.parametrize("case", list(FAILURES))
def test_a_failing_or_changed_publisher_stops_the_city_and_writes_nothing(tmp_path, publisher, case):
    root = make_project(tmp_path / "project")
    declare(root, publisher.host, timeout=1)
    serve(publisher)
    portal, sheet, archive, said = FAILURES[case]
    publisher.routes[SODA], publisher.routes[XLSX], publisher.routes[ZIP] = (
        portal(publisher), sheet(publisher), archive(publisher))
    city_yml = (root / "cities" / "minicali" / "city.yml").read_text()
    outcome, = refresh(root, ["minicali"], TODAY, quiet)
    failures = "\n".join(outcome.failures)
    for fragment in said:
        assert fragment in failures, failures
    for failure in outcome.failures:  # each names the city, the dataset and the address
        slug = failure.split(":")[0]
        address = {"minicali/homicides_monthly": publisher.url(SODA), "minicali/homicides": publisher.url(XLSX),
                   "minicali/victims": publisher.url(ZIP)}[slug]
        assert failure.startswith(f"{slug}: {address}")
    assert outcome.written == [] and "Nothing was written for minicali" in report([outcome])
    assert (root / "cities" / "minicali" / "city.yml").read_text() == city_yml
    assert not (root / "data" / "minicali" / "releases").exists()


def test_one_failing_city_does_not_stop_the_others_and_the_command_says_which(tmp_path, publisher):
    root = make_project(tmp_path / "project")
    declare(root, publisher.host)
    shutil.copytree(root / "cities" / "minicali", root / "cities" / "minitwo")
    shutil.copytree(root / "data" / "minicali", root / "data" / "minitwo")
    two = root / "cities" / "minitwo" / "city.yml"
    two.write_text(two.read_text().replace("minicali/", "minitwo/").replace("/estadisticas/", "/dos/")
                   .replace("cali-hmcd", "dos0-hmcd"))
    serve(publisher, revised_months())
    publisher.routes["/resource/dos0-hmcd.csv"] = Reply(500, b"down", {"Content-Type": "text/plain"})
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "refresh", "--report",
                             str(tmp_path / "report.md")], capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"refresh failed: minitwo/homicides_monthly: {publisher.url('/resource/dos0-hmcd.csv')}?"
            in result.stderr) and "the publisher answered 500" in result.stderr
    written = (tmp_path / "report.md").read_text()
    assert "- revised 76001, 2024-03, homicide: 59 → 63 (+4)" in written and "## Failed" in written
    day = fetch.today().isoformat()
    assert (root / "data" / "minicali" / "releases" / "homicides_monthly" / day / "origin.yml").is_file()
    assert not (root / "data" / "minitwo" / "releases").exists()


def test_a_declaration_that_is_not_one_source_is_refused_at_its_line(city):
    from auditportal.read import config
    from helpers import line, problems
    yml = city / "cities" / "minicali" / "city.yml"
    text = yml.read_text().replace("      timeout: 5\n", "      manual: an aggregation\n      timeout: 5\n", 1)
    text = text.replace("format: zip, member: datos/victimas.csv}", "format: zip}")
    yml.write_text(text)
    found = problems(config.load_city, city, "minicali", config.load_registry(city))
    assert found == [
        f"cities/minicali/city.yml:{line(text, 'refresh:')}: datasets.homicides.refresh: declare exactly one of "
        "socrata, file or manual",
        f"cities/minicali/city.yml:{line(text, 'refresh:', 'victims:')}: datasets.victims.refresh.file.member: a ZIP "
        "needs the member to read (its path inside the ZIP)"], found
