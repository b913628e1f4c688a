"""Everything worded or formatted per language, in one place: a language's interface strings (read from
templates/strings.yml by read.strings), numbers, months, the notes that facts carried as data turn into,
and the readable labels of a dataset's values.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Sequence

import pandas as pd

from .schema import Dataset, tr
from .tidy import FACTS

SEPARATORS = {"es": (".", ","), "en": (",", "."), "pt": (".", ",")}  # thousands, decimal
MONTHS = {
    "es": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "pt": ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"],
}
MONTHS_FULL = {
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
           "novembro", "dezembro"],
}
VEGA_LOCALE: dict[str, Any] = {"es": "es-ES", "en": "en-US", "pt": "pt-BR"}  # vl-convert's d3 number formats
THEME_LANGUAGE = {"pt": "pt-BR"}  # Material's translations: 'pt' is European Portuguese; the portal's is Brazil's
PUBLISHED = "en"  # the language of published files


def rounded(value: float, decimals: int) -> Decimal:
    """Round once, half away from zero, from the value as published: the shortest decimal text of the
    float, which is what the CSV holds. So 11.35 is 11.4 (binary arithmetic would give 11.3), and a
    reader who rounds the CSV's figure by hand gets the page's figure."""
    exact = Decimal(repr(float(value))) if not isinstance(value, int | Decimal) else Decimal(value)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Locale:
    """One language: its interface strings and how it writes numbers, months and notes."""
    lang: str
    strings: dict[str, str]

    def __call__(self, key: str, **values) -> str:
        return self.strings[key].format(**values) if values else self.strings[key]

    def number(self, value: float | None, decimals: int = 0) -> str:
        """Format with the language's separators; missing stays visibly missing. See `rounded`."""
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return "–"
        text = f"{rounded(value, decimals):,.{decimals}f}"
        thousands, decimal = SEPARATORS.get(self.lang, (",", "."))
        return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)

    def month(self, m: int, full: bool = False) -> str:
        return (MONTHS_FULL if full else MONTHS)[self.lang][m - 1]

    def weekday(self, d: int) -> str:
        """Monday is 0, as in Python and ISO 8601."""
        return self(f"weekday_{int(d)}")

    def text(self, value, fallbacks: Sequence[str] = ()) -> str:
        return tr(value, self.lang, fallbacks)

    def note(self, coverage_months, partial: bool, note_keys: str, period_notes: dict, fallbacks=()) -> str:
        """The facts about one value, worded: a partial year (with its months when known) and the
        notes the city declared for its period."""
        parts = []
        if partial:
            known = coverage_months is not None and coverage_months is not pd.NA and coverage_months < 12
            parts.append(self("note_partial", n=int(coverage_months)) if known else self("note_partial_declared"))
        parts += [self.text(period_notes[k], fallbacks) for k in filter(None, note_keys.split(";"))
                  if k in period_notes]
        return "; ".join(sorted(parts))

    def worded(self, table: pd.DataFrame, period_notes: dict, fallbacks=()) -> pd.DataFrame:
        """The table as readers get it: the facts about each value worded into a 'note' column where
        they stood, and the population periods an indicator used joined into 'denominator_period'
        (beside 'denominator_method': same, nearest or interpolated)."""
        out = table.copy()
        if "denominator_periods" in out:
            at = list(out.columns).index("denominator_periods")
            periods = ["-".join(p) if isinstance(p, tuple) else "" for p in out.pop("denominator_periods")]
            out.insert(at, "denominator_period", periods)
        if "partial" in out:
            at = list(out.columns).index(FACTS[0])
            notes = [self.note(c, p, k, period_notes, fallbacks)
                     for c, p, k in zip(out["coverage_months"], out["partial"], out["note_keys"])]
            out = out.drop(columns=FACTS)
            out.insert(at, "note", notes)
        if "denominator_method" in out and "note" in out:  # a count without a population: no rate, said so
            no_rate = (out["numerator"].notna() & out["value"].isna() & (out["denominator_method"] != "")
                       & ~(out["denominator"] > 0))
            out.loc[no_rate, "note"] = [f"{n}; {self('note_no_denominator')}" if n else self("note_no_denominator")
                                        for n in out.loc[no_rate, "note"]]
        out.attrs = dict(table.attrs)  # wording changes no number: a gated table stays gated
        return out

    def flags(self, flag) -> str:
        """A value's flag tokens (compute/flags.py: suppressed, partial, unreliable) worded."""
        found = flag.split(";") if isinstance(flag, str) and flag else []
        return "; ".join(self("suppressed") if t == "suppressed" else self(f"flag_{t}") for t in found)

    def labels(self, ds: Dataset, fallbacks: Sequence[str] = ()) -> dict[str, str]:
        """Readable names of a dataset's published values and measure ids."""
        return {k: self.text(v, fallbacks) for k, v in {**ds.value_labels, **ds.measure_labels}.items()}
