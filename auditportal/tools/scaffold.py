"""`build.py new-city`: every file a city needs, which validates and builds at once, ready to fill in:
city.yml with its name and description per language, a findings file per language with the sections of
an audit's findings, an empty recommendations.yml, and data/<city>/SOURCES.md with its sections."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import jinja2

from ..problems import ValidationFailed
from ..read import strings
from ..write import reference

FINDINGS_SECTIONS = ["context", "crime", "places", "groups", "voices", "responses", "priorities"]
"""The sections of a new findings file (strings findings_section_<key>), under the page's own heading."""
NEXT_STEPS = """Next (CONTRIBUTING.md, "Add a city"):
  1. For each dataset, fill a kit from the Data templates page (/{lang}/templates/) and save its CSV in data/{slug}/
  2. Say where each file comes from in data/{slug}/SOURCES.md
  3. Replace `datasets: {{}}` in cities/{slug}/city.yml with the kit's city.yml snippet; set file: and period:
  4. .venv/bin/python build.py validate
  5. .venv/bin/python build.py serve"""
"""What `new-city` prints after writing the files: the commands as README and CONTRIBUTING write them."""


def languages_of(values: list[str]) -> list[str]:
    """--language es --language en, or --language es,en: the city's languages, its main one first."""
    found = [code.strip() for value in values for code in value.split(",") if code.strip()]
    bad = [code for code in found if not re.fullmatch(r"[a-z]{2}", code)]
    if bad or not found:
        raise SystemExit(f"--language {', '.join(bad) or '(none)'}: use two-letter codes such as es or en")
    return list(dict.fromkeys(found))


def new_city(root: Path, slug: str, name: str, country: str, languages: list[str]) -> list[Path]:
    """Write the city's files; returns them. Refuses an id or a language the portal cannot use."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_]*", slug):
        raise SystemExit(f"city id {slug!r}: use lower-case letters, digits and '_' (e.g. san_jose)")
    if not re.fullmatch(r"[A-Za-z]{2}", country):
        raise SystemExit(f"--country {country!r}: use the two-letter ISO 3166-1 code, e.g. CO")
    folder = root / "cities" / slug
    if folder.exists():
        raise SystemExit(f"cities/{slug} already exists")
    try:
        locales = strings.load(root, languages)
    except ValidationFailed as err:
        raise SystemExit(f"{err.report()}\nThe interface strings (templates/strings.yml) need every language "
                         "of the city: see CONTRIBUTING.md, 'Add a language'.")
    # YAML, not HTML: values are quoted as JSON strings (valid YAML) instead of HTML-escaped
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(root / "templates"), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = lambda s: json.dumps(s, ensure_ascii=False)
    today = date.today()
    city_yml = f"cities/{slug}/city.yml"
    files = {
        city_yml: env.get_template("new_city.yml.j2").render(
            modeline=reference.modeline(reference.config_file("city"), city_yml), slug=slug, name=name,
            country=country.upper(), languages=languages, year=today.year, edition=today.strftime("%Y-%m"),
            today=today.isoformat(),
            descriptions={lang: locales[lang]("scaffold_description", name=name) for lang in languages}),
        **{f"cities/{slug}/findings.{lang}.md": env.get_template("new_findings.md.j2").render(
            t=locales[lang], sections=FINDINGS_SECTIONS).rstrip("\n") + "\n" for lang in languages},
        f"cities/{slug}/recommendations.yml": reference.modeline(
            reference.config_file("recommendations"), f"cities/{slug}/recommendations.yml") + "\nrecommendations: []\n",
    }
    sources = f"data/{slug}/SOURCES.md"
    if not (root / sources).exists():  # a folder someone already filled keeps its own
        files[sources] = env.get_template("new_sources.md.j2").render(name=name)
    written = []
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def next_steps(slug: str, lang: str) -> str:
    return NEXT_STEPS.format(slug=slug, lang=lang)
