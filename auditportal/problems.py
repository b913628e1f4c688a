"""One shape for every validation problem, so that the CLI can print them all at once.

A problem names where it is (file, line or row, field) and what was expected,
because the reader is often a city officer, not a programmer.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class ValidationFailed(Exception):
    """Raised with every problem found, never just the first."""

    def __init__(self, problems: list[Problem]):
        # grouped by file, in the order found (rows come in file order; a summary follows its rows)
        self.problems = sorted(dict.fromkeys(problems), key=lambda p: p.file)
        super().__init__(f"{len(self.problems)} problem(s) found")

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        lines.append(f"{len(self.problems)} problem(s) found; nothing was published.")
        return "\n".join(lines)
