"""One shape for every validation problem, so that the CLI can print them all at once.

A problem names where it is (file, line or row, field) and what was expected,
because the reader is often a city officer, not a programmer.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path


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


class ConfigProblem(Exception):
    """Something a city's config asks for that its data cannot give (a chart of measures the dataset lacks):
    found while computing, reported like a schema error, at the key of the item named `item` in `section`."""

    def __init__(self, section: str, item: str, key: str, message: str, hint: str = ""):
        super().__init__(message)
        self.section, self.item, self.key, self.message, self.hint = section, item, key, message, hint


class MkDocsFailed(Exception):
    """The site could not be written (MkDocs, the search index, the editor, the script scan failed); the
    previous site is left as it was."""


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


def read_utf8(path: Path, shown: str, hint: str) -> str:
    """Decode strictly as UTF-8 (a byte-order mark is allowed), so that a mis-saved file fails
    loudly with its line instead of garbling names; `hint` says how to fix it for that kind of file."""
    raw = _read_bytes(path, shown)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ValidationFailed([Problem(shown, line, "", f"not UTF-8 (byte 0x{raw[err.start]:02x})", hint)])


UTF8_BLOCK = 1 << 24


def read_utf8_bytes(path: Path, shown: str, hint: str) -> bytes:
    """The file's bytes without a byte-order mark, once checked as read_utf8 checks them; for a columnar reader
    of a large file, which would otherwise hold the file twice (as bytes and as text). Checked a block at a
    time; a file that fails is decoded whole, so that its problem names the same line as read_utf8's."""
    raw = _read_bytes(path, shown)
    raw = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(raw), UTF8_BLOCK):
            decoder.decode(raw[start:start + UTF8_BLOCK], final=start + UTF8_BLOCK >= len(raw))
    except UnicodeDecodeError:
        read_utf8(path, shown, hint)
    return raw


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ValidationFailed([Problem(shown, None, "", "file not found")])
