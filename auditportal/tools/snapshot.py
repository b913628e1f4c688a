"""What a fetched release becomes beside the data: the file exactly as the publisher sent it, the CSV the
dataset reads from it (a CSV itself, in UTF-8; a workbook's declared sheet; a ZIP's declared member; a portal's
JSON rows), and the record of its origin, as Our World in Data's ETL keeps each snapshot: address, date
accessed, the publisher's date, bytes, SHA-256 and licence. A file that is not what was declared (a web page,
a cut-off download, a sheet or member that is not there) is a fetch.Failed saying what the file holds.
Everything is written to a temporary file first and moved into place whole."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

from .fetch import Failed, Fetched

CHANGED_LAYOUT = ("the publisher changed the layout: update the dataset's rules (and refresh:) in city.yml by hand, "
                  "then run build.py refresh again")
ORIGIN = "origin.yml"


@dataclass(frozen=True)
class Extracted:
    text: str | None    # the CSV the dataset reads, when that is not the published file itself
    how: str            # what was done to the published file, in words
    sheets: list[str]   # a workbook's sheets, compared with the last refresh's


def extract(fetched: Fetched, kind: str, sheet: str | None = None, header_row: int = 1, member: str | None = None,
            encoding: str = "utf-8", sheets_before: list[str] | None = None) -> Extracted:
    """The CSV a dataset reads from a release of `kind` (csv, json, xlsx or zip)."""
    where = fetched.url
    if kind == "json":
        return Extracted(_json_rows(fetched.content, where), "the portal's JSON rows written as CSV", [])
    if kind == "csv":
        text = _csv(fetched.content, encoding, where)
        same = encoding.lower().replace("_", "-") in ("utf-8", "utf8")
        return Extracted(None if same else text,
                         "read as published" if same else f"re-encoded from {encoding} to UTF-8", [])
    raw, how = fetched.content, ""
    if kind == "zip":
        raw, how = _member(raw, member or "", where), f"member {member} of the ZIP"
        if not (member or "").lower().endswith(".xlsx"):
            return Extracted(_csv(raw, encoding, f"{where} ({member})"), how + " (in UTF-8)", [])
    text, names, used = _sheet(raw, sheet, header_row, where)
    if sheets_before is not None and sorted(names) != sorted(sheets_before):
        raise Failed(where, f"the workbook's sheets are now {names}, not {sheets_before} as at the last refresh",
                     f"check that the data are still on sheet {used!r}; {CHANGED_LAYOUT}")
    return Extracted(text, (f"{how}: " if how else "") + f"sheet {used!r} from row {header_row}, as CSV", names)


def _html(raw: bytes) -> bool:
    return raw.lstrip()[:15].lower().startswith((b"<!doctype", b"<html"))


def _csv(raw: bytes, encoding: str, where: str) -> str:
    """The CSV's text, refused when it is a web page, not in its encoding, empty, or cut off (a row shorter
    than the header, an unclosed quote)."""
    if _html(raw):
        raise Failed(where, "the file is a web page (HTML), not CSV", "check the address in a browser")
    try:
        text = raw.decode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding)
    except (UnicodeDecodeError, LookupError) as err:
        line = raw[: getattr(err, "start", 0)].count(b"\n") + 1
        raise Failed(where, f"line {line} is not {encoding} text", "declare refresh.file.encoding "
                                                                   "(utf-8, latin-1, cp1252)")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as err:
        raise Failed(where, f"not a readable CSV table ({err}): cut off?", "the next scheduled refresh tries again")
    if len(rows) < 2:
        raise Failed(where, "the CSV has no rows under its header", "the next scheduled refresh tries again")
    width = len(rows[0])
    short = next((i for i, row in enumerate(rows[1:], start=2) if row and len(row) < width), None)
    if short is not None:
        raise Failed(where, f"line {short} has {len(rows[short - 1])} of the header's {width} fields: the file "
                            "looks cut off", "the next scheduled refresh tries again")
    return text


def _member(raw: bytes, member: str, where: str) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            names = z.namelist()
            if member not in names:
                raise Failed(where, f"the ZIP holds no {member!r}; it holds {', '.join(names)}", CHANGED_LAYOUT)
            return z.read(member)
    except (zipfile.BadZipFile, zlib.error, EOFError) as err:
        raise Failed(where, f"not a readable ZIP ({err}): cut off, or another kind of file?",
                     "the next scheduled refresh tries again")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _sheet(raw: bytes, sheet: str | None, header_row: int, where: str) -> tuple[str, list[str], str]:
    """A workbook's sheet as CSV from its header row (empty rows and columns at the end left out), the
    workbook's sheet names and the sheet read."""
    from openpyxl import load_workbook  # only refresh reads workbooks
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises zipfile, KeyError or its own errors for what is no workbook
        kind = "a web page (HTML)" if _html(raw) else f"no readable workbook ({err.__class__.__name__})"
        raise Failed(where, f"the file is {kind}: cut off, or another kind of file?",
                     "the next scheduled refresh tries again")
    names = list(book.sheetnames)
    if sheet is None and len(names) > 1:
        raise Failed(where, f"the workbook has {len(names)} sheets ({', '.join(names)})",
                     "declare which one to read: refresh.file.sheet")
    used = sheet or names[0]
    if used not in names:
        raise Failed(where, f"the workbook has no sheet {used!r}; it has {', '.join(names)}", CHANGED_LAYOUT)
    rows = [[_cell(v) for v in row] for row in book[used].iter_rows(min_row=header_row, values_only=True)]
    book.close()
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows or not any(rows[0]):
        raise Failed(where, f"row {header_row} of sheet {used!r} is empty: no column names there", CHANGED_LAYOUT)
    width = max(i + 1 for i, name in enumerate(rows[0]) if name)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(row[:width] for row in rows)
    return out.getvalue(), names, used


def _json_rows(raw: bytes, where: str) -> str:
    rows = json.loads(raw)
    if not rows:
        raise Failed(where, "the portal gave no rows", "check the query in refresh.socrata")
    columns = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) if v is not None else ""
                         for v in (row.get(c) for c in columns)])
    return out.getvalue()


def origin(fetched: Fetched, dataset: str, publisher: str, licence: str, accessed: date, kept: str, data_file: str,
           how: str, sheets: list[str], rows: int) -> dict:
    """The snapshot's record: where it came from and what it is, as the next refresh and a reviewer read it;
    `kept` is the name the publisher's bytes have beside it (the data file itself, for a CSV read as published)."""
    record = {"dataset": dataset, "producer": publisher, "url_main": fetched.landing, "url_download": fetched.url,
              "date_accessed": accessed.isoformat(), "date_published": fetched.published or "not stated",
              "licence": licence, "licence_stated": fetched.licence or "not stated", "file": kept,
              "name_as_published": fetched.name, "bytes": len(fetched.content),
              "sha256": hashlib.sha256(fetched.content).hexdigest(), "pages": fetched.pages, "data_file": data_file,
              "transformations": how, "rows": rows}
    return record | ({"sheets": sheets} if sheets else {})


def last_origin(folder: Path) -> dict | None:
    """The record of the newest snapshot kept in a dataset's releases folder."""
    found = sorted(folder.glob(f"*/{ORIGIN}"))
    return yaml.safe_load(found[-1].read_text(encoding="utf-8")) if found else None


def origin_text(record: dict) -> str:
    return ("# What build.py refresh fetched, from where, and what it is (auditportal/tools/snapshot.py).\n"
            + yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=110))


def write_atomic(path: Path, data: bytes) -> None:
    """The whole file or none of it: written beside its place, then moved there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    part.write_bytes(data)
    os.replace(part, path)
