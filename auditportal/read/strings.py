"""The interface strings (templates/strings.yml): every text of the site's interface in every language the
portal publishes, read and checked, one Locale per language (i18n.py words and formats with it).

A missing translation is a build error, not an English fallback, so that a new language is added completely
or not at all. English strings are always loaded: published files (CSV notes, Data Packages) are written in
English whatever the site's languages.
"""
from __future__ import annotations

from pathlib import Path

from ..i18n import PUBLISHED, Locale
from ..problems import Problem, ValidationFailed
from . import yamlfile


def load(root: Path, languages: list[str]) -> dict[str, Locale]:
    shown = "templates/strings.yml"
    data, lines = yamlfile.load(root / shown, shown)
    if not isinstance(data, dict):
        raise ValidationFailed([Problem(shown, 1, "", "expected a mapping of string ids to texts per language")])
    wanted = list(dict.fromkeys([*languages, PUBLISHED]))
    problems = [Problem(shown, lines.get((key,)), key, f"no text for language '{lang}'")
                for key, texts in data.items() for lang in wanted if lang not in texts]
    problems += [Problem(shown, lines.get((key, other)), key, f"unexpected key {other!r}",
                         "quote texts that contain a comma: {en: \"a, b\"}")
                 for key, texts in data.items() for other in texts if not (isinstance(other, str)
                                                                            and len(other) == 2)]
    if problems:
        raise ValidationFailed(problems)
    return {lang: Locale(lang, {k: v[lang] for k, v in data.items()}) for lang in wanted}
