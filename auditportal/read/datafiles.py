"""The one way to open a file a city's config names: inside data/ or not at all.

CI builds every pull request, so a path such as `../../secret.csv`, an absolute path or a
symbolic link pointing elsewhere would publish whatever the runner holds. Paths are resolved
(links followed) and must stay inside data/.
"""
from __future__ import annotations

from pathlib import Path

from ..problems import Problem, ValidationFailed, read_utf8, read_utf8_bytes

HINTS = {
    "csv": "open the file in a spreadsheet and save it as 'CSV UTF-8'",
    "geojson": "GeoJSON must be UTF-8 (RFC 7946): re-export it from your GIS as GeoJSON with UTF-8 encoding",
}


class Refused(Exception):
    """A config names a file that is missing or lies outside data/."""


def resolve(root: Path, rel: str) -> Path:
    base = (root / "data").resolve()
    path = (base / rel).resolve()
    if not path.is_relative_to(base):
        raise Refused(f"data/{rel} lies outside data/ (after following links); put the file itself in data/<city>/")
    if not path.is_file():
        raise Refused(f"file not found: data/{rel}")
    return path


def read_text(root: Path, rel: str, kind: str) -> str:
    """The file's text, strictly UTF-8, with a hint for its kind of file when it is not."""
    return read_utf8(_resolved(root, rel), f"data/{rel}", HINTS[kind])


def read_bytes(root: Path, rel: str, kind: str) -> bytes:
    """As read_text, the file's bytes (checked as UTF-8, without a byte-order mark): for a columnar reader."""
    return read_utf8_bytes(_resolved(root, rel), f"data/{rel}", HINTS[kind])


def _resolved(root: Path, rel: str) -> Path:
    """resolve(), a refusal said as the file's problem."""
    try:
        return resolve(root, rel)
    except Refused as why:
        raise ValidationFailed([Problem(f"data/{rel}", None, "", str(why))])
