"""Interface strings per language (templates/strings.yml) and number formatting.

A missing translation is a build error, not an English fallback, so that a new
language is added completely or not at all.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from . import yamlfile
from .problems import Problem, ValidationFailed

SEPARATORS = {"es": (".", ","), "en": (",", ".")}  # thousands, decimal
MONTHS = {
    "es": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
MONTHS_FULL = {
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}
VEGA_LOCALE = {"es": "es-ES", "en": "en-US"}


@dataclass(frozen=True)
class Strings:
    lang: str
    table: dict[str, str]

    def __call__(self, key: str, **values) -> str:
        return self.table[key].format(**values) if values else self.table[key]


def load(root: Path, languages: list[str]) -> dict[str, Strings]:
    shown = "templates/strings.yml"
    data, lines = yamlfile.load(root / shown, shown)
    problems = [Problem(shown, lines.get((key,)), key, f"no text for language '{lang}'")
                for key, texts in data.items() for lang in languages if lang not in texts]
    problems += [Problem(shown, lines.get((key, other)), key, f"unexpected key {other!r}",
                         "quote texts that contain a comma: {en: \"a, b\"}")
                 for key, texts in data.items() for other in texts if not (isinstance(other, str)
                                                                            and len(other) == 2)]
    if problems:
        raise ValidationFailed(problems)
    return {lang: Strings(lang, {k: v[lang] for k, v in data.items()}) for lang in languages}


def number(value: float | None, lang: str, decimals: int = 0) -> str:
    """Format with the language's separators; missing stays visibly missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    thousands, decimal = SEPARATORS.get(lang, (",", "."))
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
