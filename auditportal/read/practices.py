"""Promising practices: read each `practices/<id>.md` (YAML front matter, Markdown body), check it
against the schema and against what it names (its city, the portal's themes, indicators, the city's
recommendations, other practices), and hand on plain values. Every problem names the file and line."""
from __future__ import annotations

import difflib
from pathlib import Path

from pydantic import ValidationError

from ..problems import Problem, ValidationFailed, read_utf8
from ..records import Shared
from ..schema.practice import Practice
from . import yamlfile
from .config_errors import problems_from

FOLDER = "practices"


def split(text: str, shown: str) -> tuple[str, str]:
    """Front matter and body; the front matter's first line is the file's line 2."""
    if not text.startswith("---\n"):
        raise ValidationFailed([Problem(shown, 1, "", "expected YAML front matter between two '---' lines",
                                        f"start from {FOLDER}/_template.md")])
    end = text.find("\n---\n", 4)
    if end < 0:
        raise ValidationFailed([Problem(shown, 1, "", "the front matter has no closing '---' line")])
    return text[4:end + 1], text[end + 5:].strip()


def read(path: Path) -> Shared:
    shown = f"{FOLDER}/{path.name}"
    front, body = split(read_utf8(path, shown, "save the file with UTF-8 encoding"), shown)
    data, lines = yamlfile.loads(front, shown)
    lines = {k: v + 1 for k, v in lines.items()}  # below the opening '---'
    if not isinstance(data, dict):
        raise ValidationFailed([Problem(shown, 2, "", "expected the practice's fields as a mapping")])
    try:
        practice = Practice.model_validate(data)
    except ValidationError as err:  # located like every config file's
        raise ValidationFailed(problems_from(err, Practice, lines, shown)) from None
    if not body:
        raise ValidationFailed([Problem(shown, None, "body", "no text after the front matter",
                                        "say what was done, for whom and how, below the second '---'")])
    return Shared(path.stem, practice, body, lines)


def check(shared: list[Shared], ids: set[str], themes: dict, registry: dict,
          cities: dict[str, set[str] | None]) -> list[Problem]:
    """What each practice names must exist: `ids` are every practice file's, `cities` maps each city to its
    recommendation ids (None for a city that failed to load: its own problems are reported instead)."""
    problems = []
    for s in shared:
        shown = f"{FOLDER}/{s.id}.md"

        def bad(loc: tuple, message: str, choices, s=s, shown=shown) -> None:
            value = s.practice
            for part in loc:
                value = value[part] if isinstance(part, int) else getattr(value, part)
            close = difflib.get_close_matches(str(value), list(choices), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(sorted(choices))
            problems.append(Problem(shown, yamlfile.line_of(s.lines, loc), ".".join(map(str, loc)), message, hint))

        p = s.practice
        if p.city not in cities:
            bad(("city",), "no such city", cities)
        for i, theme in enumerate(p.themes):
            if theme not in themes:
                bad(("themes", i), "no such theme in portal.yml", themes)
        for i, ind in enumerate(p.indicators):
            if ind not in registry:
                bad(("indicators", i), "no such indicator in indicators.yml", registry)
        for i, rec in enumerate(p.recommendations):
            known = cities.get(p.city)
            if known is not None and rec not in known:
                bad(("recommendations", i), f"no such recommendation in cities/{p.city}/recommendations.yml", known)
        for i, other in enumerate(p.related):
            if other not in ids or other == s.id:
                bad(("related", i), "no such practice", ids - {s.id})
    return problems


def load(root: Path, themes: dict, registry: dict, cities: dict[str, set[str] | None]) -> list[Shared]:
    """Every practice, in file-name order; files starting with '_' (the template) are not practices."""
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    problems: list[Problem] = []
    shared = []
    paths = [p for p in sorted(folder.glob("*.md")) if not p.name.startswith("_")]
    for path in paths:
        try:
            shared.append(read(path))
        except ValidationFailed as err:
            problems += err.problems
    problems += check(shared, {p.stem for p in paths}, themes, registry, cities)
    if problems:
        raise ValidationFailed(problems)
    return shared
