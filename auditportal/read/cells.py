"""Parse one cell of a source file: a period, a count, a coordinate, a number of months.

Each parser returns the value or None; the caller reports the row, column and what was
expected. Nothing here guesses: a value that does not parse as declared is an error.
"""
from __future__ import annotations

import re
from datetime import date

from ..problems import Problem

MAX_ROW_PROBLEMS = 10  # per dataset and kind of problem; the rest are counted, not listed
EXPECTED_PERIOD = {"year": "a year such as 2019", "month": "a year and a month number 1-12",
                   "financial_year": "the first year of a financial year, such as 2012 for 2012/13"}


class RowProblems:
    """Collects row problems, listing the first few of each kind and counting the rest."""

    def __init__(self, shown: str):
        self.shown = shown
        self.found: list[Problem] = []
        self.counts: dict[tuple[str, str], int] = {}

    def add(self, line: int, column: str, kind: str, message: str, hint: str = "") -> None:
        key = (column, kind)
        self.counts[key] = self.counts.get(key, 0) + 1
        if self.counts[key] <= MAX_ROW_PROBLEMS:
            self.found.append(Problem(self.shown, int(line), column, message, hint))

    def all(self) -> list[Problem]:
        more = [Problem(self.shown, None, column, f"{n - MAX_ROW_PROBLEMS} more rows with the same problem ({kind})")
                for (column, kind), n in self.counts.items() if n > MAX_ROW_PROBLEMS]
        return sorted(self.found, key=lambda p: p.line or 0) + more


def year(text: str) -> int | None:
    text = text.strip()
    if re.fullmatch(r"\d{4}(\.0)?", text):
        return int(float(text))
    return None


def span(value: str) -> tuple[str, str, str]:
    """A declared period_value: one year, or a span of years counted together."""
    first, _, last = value.partition("-")
    last = last or first
    return (value if first != last else first), f"{first}-01-01", f"{last}-12-31"


def period(text: str, month: str, kind: str) -> tuple[str, str, str] | None:
    """(period, first day, last day) of a year, financial year (April to March: 2012, 2012/13 or 2012-2013)
    or month."""
    both = re.fullmatch(r"(\d{4})[-/](\d{2}|\d{4})", text.strip())
    if kind == "financial_year" and both:
        if int(both[2][-2:]) != (int(both[1]) + 1) % 100:
            return None
        text = both[1]
    y = year(text)
    if y is None or not 1900 <= y <= 2100:
        return None
    if kind == "year":
        return str(y), f"{y}-01-01", f"{y}-12-31"
    if kind == "financial_year":
        return f"{y}/{(y + 1) % 100:02d}", f"{y}-04-01", f"{y + 1}-03-31"
    if not month.isdigit() or not 1 <= int(month) <= 12:
        return None
    m = int(month)
    last = (date(y + (m == 12), m % 12 + 1, 1) - date.resolution).isoformat()
    return f"{y}-{m:02d}", f"{y}-{m:02d}-01", last


def number(text: str, decimal: str = ".", thousands: str = "") -> float | None:
    """A number written exactly as the dataset declares (its decimal and thousands separators); None
    when it is written any other way. Nothing is guessed: '1.592' is 1.592 unless '.' separates
    thousands, and '2369821,0' is no number unless ',' is the decimal separator."""
    d, t = re.escape(decimal), re.escape(thousands)
    grouped = rf"\d{{1,3}}(?:{t}\d{{3}})+" if thousands else r"(?!)"
    if not re.fullmatch(rf"-?(?:{grouped}|\d+)(?:{d}\d+)?", text):
        return None
    return float(text.replace(thousands, "").replace(decimal, ".") if thousands else text.replace(decimal, "."))


def coordinate(text: str, limit: float, decimal_comma: bool = False) -> float | None:
    """A longitude or latitude in degrees, written with the dataset's decimal separator."""
    if decimal_comma:
        text = text.replace(",", ".", 1) if text.count(",") == 1 and "." not in text else text
    if not re.fullmatch(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*", text):
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if -limit <= value <= limit else None


def months(text: str) -> int | None:
    return int(text) if text.isdigit() and 1 <= int(text) <= 12 else None
