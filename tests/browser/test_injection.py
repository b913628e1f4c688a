"""A pull request that writes script into every text field of a city: the fixture city gets an
injection string (HTML, Markdown, front matter, attribute and JSON breaking) in each of them, builds,
and in Chromium no script runs, no `javascript:` link exists and every value shows as plain text."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml

from auditportal.pipeline import build
from auditportal.write import scan
from browsing import Visit, serve
from helpers import make_project, quiet

PAYLOAD = ('<img src=x onerror=alert(1)>"\'><svg/onload=alert(2)>[x](javascript:alert(3))'
           '</script><script>alert(4)</script>: --- | *y* _z_ {{7*7}} {: #id onclick=alert(5) } <!-- ')
CITY_TEXT = ["name", "description", "area_source"]
DATASET_TEXT = ["title", "description"]
SOURCE_TEXT = ["publisher", "terms", "transformations", "copied_from"]


def tagged(field: str) -> str:
    return f"{field.upper()}{PAYLOAD}"


def inject(project: Path) -> None:
    """The payload in every text field of the fixture city's files, each tagged with the field's name."""
    path = project / "cities" / "minicali" / "city.yml"
    city = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in CITY_TEXT:
        city[key] = tagged(key)
    city["districts"]["label"] = tagged("label")
    for slug, ds in city["datasets"].items():
        for key in DATASET_TEXT:
            ds[key] = tagged(f"{slug}-{key}")
        ds["caveats"] = [tagged(f"{slug}-caveat")]
        ds["source"] = {**ds["source"], **{k: tagged(f"{slug}-{k}") for k in SOURCE_TEXT}}
        ds["measure_labels"] = {m: tagged(f"{slug}-{m}") for m in (ds.get("measures") or {"theft": 0})}
    city["datasets"]["homicides"]["period_notes"] = {"2018": tagged("note")}
    city["datasets"]["victims"]["value_labels"] = {"female": tagged("female"), "male": tagged("male")}
    for group in ("charts", "maps", "hotspots"):
        for item in city[group]:
            item["title"] = tagged(f"{group}-{item['id']}")
    city["indicators"][0]["target"]["source"] = tagged("target")
    city["contacts"] = [{"name": tagged("contact"), "role": tagged("role"), "url": "https://example.org/?a=1&b=<2>"}]
    path.write_text(yaml.safe_dump(city, allow_unicode=True), encoding="utf-8")
    recs_path = project / "cities" / "minicali" / "recommendations.yml"
    recs = yaml.safe_load(recs_path.read_text(encoding="utf-8"))
    for r in recs["recommendations"]:
        for key in ("title", "text", "theme", "lead"):
            r[key] = tagged(f"rec-{key}")
        r["partners"] = [tagged("partner")]
    recs_path.write_text(yaml.safe_dump(recs, allow_unicode=True), encoding="utf-8")
    geo_path = project / "data" / "minicali" / "comunas.geojson"
    geo = json.loads(geo_path.read_text(encoding="utf-8"))
    for i, feature in enumerate(geo["features"]):
        feature["properties"]["nombre"] = tagged(f"district{i}")
    geo_path.write_text(json.dumps(geo, ensure_ascii=False), encoding="utf-8")
    victims = project / "data" / "minicali" / "victims.csv"
    rows = list(csv.DictReader(victims.open(encoding="utf-8")))
    for r in rows:
        r["weapon_means"] = tagged("weapon") if r["weapon_means"] == "ARMA DE FUEGO" else r["weapon_means"]
    with victims.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    findings = project / "cities" / "minicali" / "findings.es.md"
    findings.write_text(findings.read_text(encoding="utf-8") + "\n\n" + PAYLOAD + "\n\n[y](javascript:alert(6))\n"
                        "<iframe src=javascript:alert(7)></iframe>\n", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("hostile") / "project")
    inject(root)
    build(root, root / "site", strict=True, progress=quiet)
    return root / "site"


def test_the_injected_build_publishes_nothing_that_could_run(hostile_site):
    assert scan.unsafe(hostile_site) == []
    page = (hostile_site / "es" / "minicali" / "data" / "victims" / "index.html").read_text(encoding="utf-8")
    assert '<script type="application/ld+json">' in page  # the front matter held: the JSON-LD is there


PAGES = ["/es/", "/es/minicali/", "/en/minicali/", "/es/minicali/findings/", "/es/minicali/tracker/",
         "/es/minicali/indicators/", "/es/minicali/indicators/homicide_rate/", "/es/minicali/data/",
         "/es/minicali/data/victims/", "/en/minicali/data/incident_points/", "/es/indicators/", "/"]


@pytest.mark.parametrize("path", PAGES)
def test_no_script_runs_and_values_show_as_text(browser, hostile_site, path):
    url, stop = serve(hostile_site)
    v = Visit(browser, hostile_site, url + path)
    v.reveal()
    v.page.wait_for_timeout(300)
    for selector in (".sap-leaflet path[tabindex='0']", ".sap-interactive svg path", ".md-nav__link"):
        for element in v.page.locator(selector).all()[:6]:
            try:
                element.hover(timeout=500)
                element.focus(timeout=500)
            except Exception:  # an element out of view is not what this test is about
                pass
    found = v.page.evaluate("""() => ({
        scripts: [...document.querySelectorAll('a[href], [src], [action]')].map(e => e.getAttribute('href')
                 || e.getAttribute('src') || e.getAttribute('action')).filter(u => /^\\s*javascript:/i.test(u)),
        handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))
                 .filter(n => n.startsWith('on')),
        text: document.body.innerText})""")
    v.close()
    stop()
    assert v.dialogs == []
    assert found["scripts"] == [] and found["handlers"] == []
    if path.startswith("/es/minicali/"):
        assert "NAME<img src=x onerror=alert(1)>" in found["text"]
