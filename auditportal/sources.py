"""Read each dataset as published and reshape it, by the rules its city.yml declares,
into one tidy table of observations (one row per area, period, measure and breakdown).

Every source row is accounted for: read = kept + excluded by a declared filter.
A row that cannot be read (bad date, negative count, unknown district) is an error
naming file, line and column; it is never dropped.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from .config import Dataset, tr
from .problems import Problem, ValidationFailed, read_utf8

MAX_ROW_PROBLEMS = 10  # per dataset and kind of problem; the rest are counted, not listed
KEYS = ["area_level", "area_code", "period", "period_type", "period_start", "period_end", "measure"]


@dataclass(frozen=True)
class Table:
    """One dataset, reshaped, with the count of what happened to its rows."""
    slug: str
    config: Dataset
    frame: pd.DataFrame
    dimensions: list[str]
    rows_read: int
    rows_excluded: dict[str, int] = field(default_factory=dict)

    @property
    def rows_kept(self) -> int:
        return self.rows_read - sum(self.rows_excluded.values())


def read_text(path: Path, shown: str) -> str:
    return read_utf8(path, shown, "open the file in a spreadsheet and save it as 'CSV UTF-8'")


def join_notes(notes: pd.Series) -> str:
    """The distinct notes of rows summed together, in a stable order."""
    return "; ".join(sorted({n for n in notes if n}))


def read_dataset(root: Path, slug: str, ds: Dataset, known_codes: set[str] | None) -> Table:
    shown = f"data/{ds.file}"
    text = read_text(root / "data" / ds.file, shown)
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise ValidationFailed([Problem(shown, _parser_line(err), "", f"not a readable CSV table: {err}")])
    raw = raw.apply(lambda col: col.str.strip())
    raw.insert(0, "_line", range(2, len(raw) + 2))
    _check_columns(raw, ds, shown)

    excluded = {}
    for column, allowed in ds.filters.items():
        keep = raw[column].isin(allowed)
        if (~keep).sum():
            excluded[f"{column} not in {allowed}"] = int((~keep).sum())
        raw = raw[keep]
    for column, dropped in ds.exclude.items():
        drop = raw[column].isin(dropped)
        if drop.sum():
            excluded[f"{column} in {dropped}"] = int(drop.sum())
        raw = raw[~drop]
    for column, mapping in ds.value_maps.items():
        raw[column] = raw[column].replace(mapping)

    long = _to_long(raw, ds)
    problems: list[Problem] = []
    frame = _parse(long, ds, known_codes, shown, problems)
    if problems:
        raise ValidationFailed(problems)
    dims = list(ds.dimensions)
    if ds.area_level != "point":  # incidents stay one row each until they are counted in grid cells
        frame = _aggregate(frame, dims)
    return Table(slug, ds, frame, dims, rows_read=int(len(raw) + sum(excluded.values())), rows_excluded=excluded)


def _parser_line(err: Exception) -> int | None:
    found = re.search(r"line (\d+)", str(err))
    return int(found.group(1)) if found else None


def referenced_columns(ds: Dataset) -> list[str]:
    cols = [ds.area_column, ds.lon_column, ds.lat_column, ds.period_column, ds.month_column, ds.measure_column, ds.value_column,
            ds.coverage_column, *ds.measures.values(), *ds.dimensions.values(), *ds.filters, *ds.exclude,
            *ds.value_maps]
    return list(dict.fromkeys(c for c in cols if c))


def _check_columns(raw: pd.DataFrame, ds: Dataset, shown: str) -> None:
    import difflib
    present = [c for c in raw.columns if c != "_line"]
    problems = []
    for col in referenced_columns(ds):
        if col not in present:
            close = difflib.get_close_matches(col, present, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "columns in the file: " + ", ".join(present)
            problems.append(Problem(shown, 1, col, "column not found in the header", hint))
    if ds.wide_periods and not _year_columns(present):
        problems.append(Problem(shown, 1, "", "wide_periods is set but no column is named like a year (2019)"))
    if problems:
        raise ValidationFailed(problems)


def _year_columns(columns) -> list[str]:
    return [c for c in columns if re.fullmatch(r"\d{4}", str(c))]


def _to_long(raw: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """Bring every layout to: _line, area, period text, month, measure label, value text, dims, coverage."""
    base = pd.DataFrame({"_line": raw["_line"]})
    base["area"] = raw[ds.area_column] if ds.area_column else (ds.area_code or "")
    base["lon"] = raw[ds.lon_column] if ds.lon_column else ""
    base["lat"] = raw[ds.lat_column] if ds.lat_column else ""
    base["month"] = raw[ds.month_column] if ds.month_column else ""
    base["coverage"] = raw[ds.coverage_column] if ds.coverage_column else ""
    for dim, col in ds.dimensions.items():
        base[f"dim:{dim}"] = raw[col]
    if ds.wide_periods:
        years = _year_columns(raw.columns)
        parts = []
        for year in years:
            part = base.copy()
            part["period_text"], part["_column"] = year, year
            part["measure_label"] = raw[ds.measure_column] if ds.measure_column else ""
            part["value_text"] = raw[year]
            parts.append(part)
        return pd.concat(parts, ignore_index=True)
    base["period_text"] = raw[ds.period_column] if ds.period_column else ds.period_value
    if ds.measures:
        parts = []
        for measure, col in ds.measures.items():
            part = base.copy()
            part["measure_label"], part["_column"], part["value_text"] = measure, col, raw[col]
            parts.append(part)
        return pd.concat(parts, ignore_index=True)
    base["measure_label"] = raw[ds.measure_column]
    base["_column"] = ds.value_column
    base["value_text"] = raw[ds.value_column] if ds.value_column else "1"  # one incident per row
    return base


def slugify(label: str) -> str:
    import unicodedata
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_") or "value"


class _RowProblems:
    """Collects row problems, listing the first few of each kind and counting the rest."""

    def __init__(self, shown: str, out: list[Problem]):
        self.shown, self.out, self.counts = shown, out, {}

    def add(self, line: int, column: str, message: str, hint: str = ""):
        key = (column, message.split(",")[0])
        self.counts[key] = self.counts.get(key, 0) + 1
        if self.counts[key] <= MAX_ROW_PROBLEMS:
            self.out.append(Problem(self.shown, int(line), column, message, hint))

    def close(self):
        for (column, kind), n in self.counts.items():
            if n > MAX_ROW_PROBLEMS:
                self.out.append(Problem(self.shown, None, column,
                                        f"{n - MAX_ROW_PROBLEMS} more rows with the same problem ({kind})"))


def _parse(long: pd.DataFrame, ds: Dataset, known_codes: set[str] | None, shown: str,
           out: list[Problem]) -> pd.DataFrame:
    rows = _RowProblems(shown, out)
    records = []
    missing = set(ds.missing_values)
    period_col = ds.period_column or "(year columns)"
    for r in long.to_dict("records"):
        r = _Row(r)
        line = r._line
        ok = True
        period = _span(ds.period_value) if ds.period_value else _period(r.period_text, r.month, ds.period_type)
        if period is None:
            ok = False
            expected = {"year": "a year such as 2019", "month": "a year and a month number 1-12",
                        "financial_year": "the first year of a financial year, such as 2012 for 2012/13"}
            col = ds.month_column if ds.period_type == "month" and _year(r.period_text) else period_col
            got = r.month if col == ds.month_column else r.period_text
            rows.add(line, col, f"expected {expected[ds.period_type]}, got {got!r}")
        code = r.area
        if ds.code_width and code.isdigit():
            code = code.zfill(ds.code_width)
        if known_codes is not None and ds.area_column and code not in known_codes:
            ok = False
            rows.add(line, ds.area_column, f"unknown district code {code!r}",
                     "codes must match the districts file or its extra_codes")
        point = {}
        if ds.area_level == "point":
            for axis, col, limit in (("lon", ds.lon_column, 180), ("lat", ds.lat_column, 90)):
                try:
                    point[axis] = float(r[axis])
                    assert -limit <= point[axis] <= limit
                except (ValueError, AssertionError):
                    ok = False
                    rows.add(line, col, f"expected a {'longitude' if axis == 'lon' else 'latitude'} "
                             f"between -{limit} and {limit} (WGS84), got {r[axis]!r}")
        text = r.value_text
        value = None
        if text not in missing:
            try:
                value = float(text.replace(",", "")) if re.fullmatch(r"-?[\d,]*\.?\d+", text) else float("x")
            except ValueError:
                ok = False
                rows.add(line, r._column, f"expected a number, got {text!r}")
            else:
                if value < 0:
                    ok = False
                    rows.add(line, r._column, f"negative count, got {text!r}", "counts cannot be below zero")
        note = []
        if r.coverage:
            if not r.coverage.isdigit() or not 1 <= int(r.coverage) <= 12:
                ok = False
                rows.add(line, ds.coverage_column, f"expected a number of months 1-12, got {r.coverage!r}")
            elif int(r.coverage) < 12:
                note.append(f"partial year: {int(r.coverage)} of 12 months")
        if not ok:
            continue
        label = r.measure_label
        measure = ds.measure_map.get(label) or slugify(label)
        if period[0] in ds.period_notes:
            note.append(tr(ds.period_notes[period[0]], "en"))
        record = {"area_level": ds.area_level, "area_code": code, "period": period[0],
                  "period_type": "span" if ds.period_value and "-" in ds.period_value else ds.period_type, "period_start": period[1], "period_end": period[2],
                  "measure": measure, "measure_label": label,
                  "value": value, "note": "; ".join(note)}
        for dim in ds.dimensions:
            record[dim] = r.get("dim:" + dim)
        records.append({**record, **point})
    rows.close()
    columns = KEYS + ["measure_label", *ds.dimensions, "value", "note"] + (
        ["lon", "lat"] if ds.area_level == "point" else [])
    return pd.DataFrame.from_records(records, columns=columns)


class _Row(dict):
    __getattr__ = dict.__getitem__


def _year(text: str) -> int | None:
    text = text.strip()
    if re.fullmatch(r"\d{4}(\.0)?", text):
        return int(float(text))
    return None


def _span(value: str) -> tuple[str, str, str]:
    first, _, last = value.partition("-")
    last = last or first
    return (value if first != last else first), f"{first}-01-01", f"{last}-12-31"


def _period(text: str, month: str, kind: str) -> tuple[str, str, str] | None:
    year = _year(text)
    if year is None or not 1900 <= year <= 2100:
        return None
    if kind == "year":
        return str(year), f"{year}-01-01", f"{year}-12-31"
    if kind == "financial_year":
        return f"{year}/{(year + 1) % 100:02d}", f"{year}-04-01", f"{year + 1}-03-31"
    if not month.isdigit() or not 1 <= int(month) <= 12:
        return None
    m = int(month)
    last = (date(year + (m == 12), m % 12 + 1, 1) - date.resolution).isoformat()
    return f"{year}-{m:02d}", f"{year}-{m:02d}-01", last


def _aggregate(frame: pd.DataFrame, dims: list[str]) -> pd.DataFrame:
    """Sum rows that share every key (e.g. barrios of one comuna); all-missing stays missing."""
    keys = KEYS + ["measure_label", *dims]
    if frame.empty:
        return frame
    grouped = frame.groupby(keys, sort=True, dropna=False).agg(
        value=("value", lambda s: s.sum(min_count=1)),
        note=("note", join_notes))
    return grouped.reset_index()
