"""`build.py new-city`: a city folder that validates and builds at once, ready to fill in."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import jinja2


def new_city(root: Path, slug: str, name: str, country: str, language: str) -> Path:
    if not re.fullmatch(r"[a-z0-9][a-z0-9_]*", slug):
        raise SystemExit(f"city id {slug!r}: use lower-case letters, digits and '_' (e.g. san_jose)")
    folder = root / "cities" / slug
    if folder.exists():
        raise SystemExit(f"cities/{slug} already exists")
    # YAML, not HTML: values are quoted as JSON strings (valid YAML) instead of HTML-escaped
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(root / "templates"), undefined=jinja2.StrictUndefined)
    env.filters["q"] = lambda s: json.dumps(s, ensure_ascii=False)
    folder.mkdir(parents=True)
    today = date.today()
    (folder / "city.yml").write_text(env.get_template("new_city.yml.j2").render(
        name=name, country=country.upper(), language=language, year=today.year,
        edition=today.strftime("%Y-%m"), today=today.isoformat()), encoding="utf-8")
    (folder / f"findings.{language}.md").write_text(
        f"<!-- Write {name}'s audit findings here, in Markdown. -->\n", encoding="utf-8")
    (root / "data" / slug).mkdir(parents=True, exist_ok=True)
    return folder
