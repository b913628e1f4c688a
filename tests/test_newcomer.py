"""The newcomer's path: `new-city` writes every file a city needs, in each of its languages, and `validate`
names what a newcomer gets wrong that the schema cannot see (a data folder that does not say where its files
come from, findings that repeat the page's own headings, areas with people but no shape on the map)."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys

from auditportal.pipeline import load_site
from auditportal.read import strings
from auditportal.write import kits
from helpers import ROOT, make_project, problems

NEXT = """Next (CONTRIBUTING.md, "Add a city"):
  1. For each dataset, fill a kit from the Data templates page (/es/templates/) and save its CSV in data/villa_nueva/
  2. Say where each file comes from in data/villa_nueva/SOURCES.md
  3. Replace `datasets: {}` in cities/villa_nueva/city.yml with the kit's city.yml snippet; set file: and period:
  4. .venv/bin/python build.py validate
  5. .venv/bin/python build.py serve
"""


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True)


def test_new_city_writes_every_file_in_each_language(project):
    result = run_cli("--root", str(project), "new-city", "villa_nueva", "--name", "Villa Nueva", "--country", "gt",
                     "--language", "es", "--language", "en")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "".join(f"created {p}\n" for p in [
        "cities/villa_nueva/city.yml", "cities/villa_nueva/findings.es.md", "cities/villa_nueva/findings.en.md",
        "cities/villa_nueva/recommendations.yml", "data/villa_nueva/SOURCES.md"]) + NEXT
    city = (project / "cities" / "villa_nueva" / "city.yml").read_text(encoding="utf-8")
    assert city.startswith("# yaml-language-server: $schema=../../schema/city.schema.json\n")
    assert 'name:\n  es: "Villa Nueva"\n  en: "Villa Nueva"\n' in city and "languages: [es, en]\n" in city
    assert '  en: "Villa Nueva local safety audit. Describe the city and its audit here, in one paragraph."' in city
    headings = [line for line in (project / "cities" / "villa_nueva" / "findings.es.md").read_text().splitlines()
                if line.startswith("#")]
    assert headings == ["### Contexto", "### Delitos y violencias", "### Factores de riesgo y lugares",
                        "### Grupos más afectados", "### Lo que dicen los habitantes", "### Respuestas existentes",
                        "### Prioridades"]
    assert (project / "cities" / "villa_nueva" / "findings.en.md").read_text().startswith("### Context\n")
    assert (project / "cities" / "villa_nueva" / "recommendations.yml").read_text() == (
        "# yaml-language-server: $schema=../../schema/recommendations.schema.json\nrecommendations: []\n")
    sources = (project / "data" / "villa_nueva" / "SOURCES.md").read_text()
    assert [line for line in sources.splitlines() if line.startswith("#")] == [
        "# Villa Nueva: where each data file comes from", "## <file name, e.g. homicides_by_year.csv>", "## Gaps"]
    site = load_site(project)
    assert [c.slug for c in site.cities] == ["minicali", "villa_nueva"]


def test_languages_as_a_list_and_one_language_alone(project):
    for slug, flags in (("uno", ["--language", "pt,en"]), ("dos", ["--language", "es"])):
        result = run_cli("--root", str(project), "new-city", slug, "--name", slug, "--country", "BR", *flags)
        assert result.returncode == 0, result.stderr
    assert "languages: [pt, en]\n" in (project / "cities" / "uno" / "city.yml").read_text()
    assert sorted(p.name for p in (project / "cities" / "dos").iterdir()) == [
        "city.yml", "findings.es.md", "recommendations.yml"]
    refused = run_cli("--root", str(project), "new-city", "tres", "--name", "Tres", "--country", "FR",
                      "--language", "fr")
    assert refused.returncode == 1 and "templates/strings.yml" in refused.stderr and "fr" in refused.stderr
    assert not (project / "cities" / "tres").exists()


SOURCES_HINT = ("for each file: who published it, where you found it, its licence and terms, the date you copied "
                "it and what you did to it (build.py new-city writes one with these sections)")


def test_a_data_folder_must_say_where_its_files_come_from(project):
    sources = project / "data" / "minicali" / "SOURCES.md"
    sources.unlink()
    assert problems(load_site, project) == [
        f"data/minicali/SOURCES.md: missing: a data folder says where its files come from ({SOURCES_HINT})"]
    sources.write_text("# Mini Cali\n\n<!-- to do -->\n\n## homicides.csv\n", encoding="utf-8")
    assert problems(load_site, project) == [
        f"data/minicali/SOURCES.md: empty: it has headings or comments only ({SOURCES_HINT})"]


def test_findings_must_not_repeat_the_headings_of_their_page(project):
    findings = project / "cities" / "minicali"
    (findings / "findings.es.md").write_text(
        "## Hallazgos de la auditoría\n\nTexto.\n\n```\n## Recomendaciones\n```\n\n### Lugares\n\n"
        "## Recomendaciones:\n", encoding="utf-8")
    (findings / "findings.en.md").write_text("# Findings and recommendations: Mini Cali\n\nText.\n", encoding="utf-8")
    hint = "remove it: the page shows this file under its own heading '{}'; start your sections at ###"
    assert problems(load_site, project) == [
        "cities/minicali/findings.en.md:1: repeats the heading 'Findings and recommendations: Mini Cali', which the "
        f"findings page writes itself ({hint.format('Audit findings')})",
        "cities/minicali/findings.es.md:1: repeats the heading 'Hallazgos de la auditoría', which the findings page "
        f"writes itself ({hint.format('Hallazgos de la auditoría')})",
        "cities/minicali/findings.es.md:11: repeats the heading 'Recomendaciones', which the findings page writes "
        f"itself ({hint.format('Hallazgos de la auditoría')})"]


def test_areas_with_population_but_no_shape_are_named_with_the_option(project):
    city = project / "cities" / "minicali" / "city.yml"
    city.write_text(city.read_text().replace("  label: comuna\n", "  label: comuna\n  extra_codes: {\"99\": Rural}\n"),
                    encoding="utf-8")
    population = project / "data" / "minicali" / "population.csv"
    population.write_text(population.read_text() + "99,5120\n", encoding="utf-8")
    assert [str(n) for n in load_site(project).notices] == [
        "cities/minicali/city.yml: datasets.population: 1 area(s) with a population but no geometry: 99 (Rural); "
        "no map draws them (they are declared in districts.extra_codes; to leave their rows out, add "
        "drop: {comuna: ['99']} to the dataset; to map them, add their shapes to minicali/comunas.geojson)"]


def contributing_commands() -> list[list[str]]:
    """The commands of CONTRIBUTING's "Add a city", as written there."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("\n## Add a city\n", 1)[1].split("\n## ", 1)[0]
    return [shlex.split(line) for block in re.findall(r"```sh\n(.*?)```", section, re.S)
            for line in block.splitlines() if line.strip()]


def test_add_a_city_as_contributing_says_with_the_templates_alone(tmp_path):
    """CONTRIBUTING's "Add a city", step by step, on a fresh copy of the project holding no other city: the
    kit's CSV filled, SOURCES.md written, the kit's snippet pasted; then validate and build pass."""
    project = make_project(tmp_path / "project")
    for leftover in ("cities/minicali", "data/minicali", "practices"):  # one city, so the build stays small
        shutil.rmtree(project / leftover)
    (project / "practices").mkdir()
    new_city, validate, build = contributing_commands()
    assert [cmd[:3] for cmd in (new_city, validate, build)] == [[".venv/bin/python", "build.py", c]
                                                                 for c in ("new-city", "validate", "build")]

    def run(cmd: list[str], *more: str) -> subprocess.CompletedProcess:
        return run_cli("--root", str(project), *cmd[2:], *more)

    # 1. new-city
    assert run(new_city).returncode == 0
    # 2. the kit's CSV, filled: its header, one row per year
    kit = next(k for k in kits.KITS if k.id == "homicides_by_year")
    contents = kits.files(kit, strings.load(project, ["es", "en"]), ["es", "en"], project / "templates")
    header = contents["homicides_by_year.csv"].splitlines()[0]
    assert header == "year,homicides,population"
    (project / "data" / "villa_nueva" / "homicides_by_year.csv").write_text(
        f"{header}\n2023,398,1841000\n2024,412,1850000\n", encoding="utf-8")
    # 3. SOURCES.md: the file's section
    sources = project / "data" / "villa_nueva" / "SOURCES.md"
    sources.write_text(sources.read_text(encoding="utf-8").replace(
        "## <file name, e.g. homicides_by_year.csv>", "## homicides_by_year.csv\n\n- Publisher: Policía Nacional "
        "Civil.\n- Where: its yearly statistics page.\n- Licence and terms: unverified.\n- Copied on: 2026-11-02.\n"
        "- Transformations: none."), encoding="utf-8")
    # 4. the kit's snippet in place of `datasets: {}`: file, area_code and period set
    city = project / "cities" / "villa_nueva" / "city.yml"
    snippet = (contents["city.yml"].replace("file: your_city/", "file: villa_nueva/")
               .replace("area_code: '00000'", "area_code: '01801'"))
    text = city.read_text(encoding="utf-8")
    assert text.endswith("datasets: {}\n")
    text = re.sub(r"period: \{start: \d{4}, end: \d{4}\}", "period: {start: 2023, end: 2024}",
                  text.removesuffix("datasets: {}\n") + snippet)
    city.write_text(text, encoding="utf-8")
    # 5. validate, then build
    checked = run(validate)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "villa_nueva/homicides_by_year: 2 rows read, 2 kept, 0 excluded" in checked.stdout
    built = run(build, "--out", str(tmp_path / "site"))
    assert built.returncode == 0, built.stdout + built.stderr
    site = tmp_path / "site"
    assert (site / "es" / "villa_nueva" / "data" / "homicides_by_year" / "index.html").is_file()
    assert (site / "data" / "villa_nueva" / "homicides_by_year.csv").read_text().count("\n") == 5  # 2 years x 2
