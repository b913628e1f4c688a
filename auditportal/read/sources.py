"""Read each dataset as published and reshape it, by the rules its city.yml declares,
into one tidy table of observations (one row per area, period, measure and breakdown).

Every source row is accounted for: read = kept + excluded by a declared keep_only or drop.
A row that cannot be read (bad date, negative count, unknown district) is an error
naming file, line and column; it is never dropped.

Facts about a value travel beside it as columns, never as sentences: `coverage_months`
(months a yearly value covers, when known), `partial` (the period is not complete) and
`note_keys` (periods with a note declared in city.yml). i18n.py words them per language.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from ..problems import Problem, ValidationFailed
from ..records import Table
from ..schema import Dataset
from ..tidy import FACTS, KEYS, sum_by
from . import cells, csvfile, incidents, names, releases, rowchecks
from .cells import RowProblems


def read_dataset(root: Path, slug: str, ds: Dataset, known_codes: set[str] | None,
                 limits: tuple[int, int, date] | None = None,
                 extent: tuple[float, float, float, float] | None = None,
                 district_names: dict[str, str] | None = None) -> Table:
    """Read, check and reshape one dataset, and merge its newer releases into it. `limits` are the audit's
    first and last years and its edition date: counts outside those years, or for periods that had not
    begun by the edition, are errors. `extent` [west, south, east, north] is where incidents may lie;
    `district_names` are what area_name_match matches."""
    if ds.newer:
        tables = [read_dataset(root, slug, release, known_codes, limits, extent, district_names)
                  for release in releases.configs(ds)]
        files = [ds.file] + [r.file for r in ds.newer]
        frame, revisions = releases.merged([t.frame for t in tables], tables[0].dimensions, files)
        return Table(slug, ds, frame, tables[0].dimensions, sum(t.rows_read for t in tables),
                     {f"{file}: {why}": n for file, t in zip(files, tables) for why, n in t.rows_excluded.items()},
                     revisions=revisions)

    shown = f"data/{ds.file}"
    points = ds.area_level == "point"
    rows = RowProblems(shown)  # row problems of every part, listed together
    excluded: Counter[str] = Counter()
    parts: list[pd.DataFrame] = []
    records: list[pd.DataFrame] = []
    named: dict[str, str] = {}
    outside: dict[str, tuple[int, str]] = {}
    rows_read = 0
    for number, raw in enumerate(csvfile.raw_parts(root, ds, shown)):
        raw = raw.apply(lambda col: col.str.strip() if col.dtype == object else col)
        if number == 0:
            _check_columns(raw, ds, shown)
        rows_read += len(raw)
        raw = _kept(raw, ds, excluded)
        if points and ds.combine == "none":
            records.append(rowchecks.record_keys(raw, ds))
        long = _to_long(raw, ds)
        del raw
        if ds.area_name_match is not None:
            long["area"] = names.codes(long["area"], long["line"], ds, district_names or {}, shown)
        if not points and ds.combine == "none":
            rowchecks.refuse_repeated_rows(long, ds, shown)
        for column, source in _mapped_columns(ds).items():
            if source in ds.value_maps:
                long[column] = long[column].replace(ds.value_maps[source])
        frame = _parse(long, ds, known_codes if ds.area_level != "state" else None, rows, extent)
        if frame is None:
            continue
        if ds.area_name_column:
            named.update(zip(long["area"].map(lambda a: _padded(a, ds)), long["area_name"]))
        if limits is not None and ds.unit == "count" and not ds.survey:
            for period, found in rowchecks.periods_outside(frame, long, limits).items():
                outside.setdefault(period, found)  # parts come in file order: the first has the lowest line
        parts.append(csvfile.compact(frame) if points and not ds.walk else frame)  # walks: a few places, as text
    if records:
        rowchecks.refuse_repeated_records(pd.concat(records, ignore_index=True), ds, shown)
    if rows.counts:
        raise ValidationFailed(rows.all())
    if outside:
        rowchecks.refuse_periods_outside(outside, ds, shown)
    frame = csvfile.joined(parts) if points else parts[0]
    dims = list(ds.dimensions)
    if not points:  # incidents stay one row each until they are counted in grid cells
        frame = sum_by(frame, KEYS + ["measure_label", *dims]) if len(frame) else frame
    order = [*(f"{column} not in {allowed}" for column, allowed in ds.keep_only.items()),
             *(f"{column} in {dropped}" for column, dropped in ds.drop.items())]
    excluded_in_order = {why: excluded[why] for why in sorted(excluded, key=lambda w: (w not in order, w))
                         if excluded[why]}
    return Table(slug, ds, frame, dims, rows_read=rows_read, rows_excluded=excluded_in_order, area_names=named)


def _kept(raw: pd.DataFrame, ds: Dataset, excluded: Counter[str]) -> pd.DataFrame:
    """The rows a dataset keeps (keep_only, drop, and for incident records, those with a location), each
    reason's rows counted in `excluded`: every row read is kept or counted out, never dropped unsaid."""
    for column, allowed in ds.keep_only.items():
        keep = raw[column].isin(allowed)
        excluded[f"{column} not in {allowed}"] += int((~keep).sum())
        raw = raw[keep]
    for column, dropped in ds.drop.items():
        gone = raw[column].isin(dropped)
        excluded[f"{column} in {dropped}"] += int(gone.sum())
        raw = raw[~gone]
    if ds.area_level == "point":  # a record without a location cannot be counted anywhere: said, not guessed
        nowhere = raw[ds.lon_column].isin(ds.missing_values) | raw[ds.lat_column].isin(ds.missing_values)
        shown_values = ", ".join(repr(v) for v in ds.missing_values)
        excluded[f"no location ({ds.lon_column} or {ds.lat_column} is {shown_values})"] += int(nowhere.sum())
        raw = raw[~nowhere]
    return raw


def _mapped_columns(ds: Dataset) -> dict[str, str]:
    """The columns of the long table and the source column each comes from (where value_maps apply)."""
    out = {f"dim:{dim}": col for dim, col in ds.dimensions.items()}
    if ds.area_column:
        out["area"] = ds.area_column
    if ds.measure_column:
        out["measure_label"] = ds.measure_column
    return out


def _check_columns(raw: pd.DataFrame, ds: Dataset, shown: str) -> None:
    present = [c for c in raw.columns if c != "_line"]
    other = _other_delimiter(present, ds)
    if other:  # the whole header read as one column: the file is separated by something else
        name = {"\t": "a tab", ";": "';'", ",": "','", "|": "'|'"}[other]
        raise ValidationFailed([Problem(shown, 1, "delimiter", f"the header reads as one column "
                                        f"({present[0][:60]!r}): its columns are separated by {name}",
                                        f"declare delimiter: {other!r} for this dataset (spreadsheets set to "
                                        "Spanish or Portuguese save CSV with ';')")])
    problems = []
    for col in rowchecks.referenced_columns(ds):
        if col not in present:
            close = difflib.get_close_matches(col, present, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "columns in the file: " + ", ".join(present)
            problems.append(Problem(shown, 1, col, "column not found in the header", hint))
    if ds.wide_columns and not any(re.fullmatch(ds.wide_columns, c) for c in present):
        problems.append(Problem(shown, 1, "wide_columns", f"no column name matches {ds.wide_columns!r}",
                                "columns in the file: " + ", ".join(present)))
    if ds.wide_periods and not _year_columns(present):
        problems.append(Problem(shown, 1, "", "wide_periods is set but no column is named like a year (2019)"))
    if problems:
        raise ValidationFailed(problems)


def _other_delimiter(present: list[str], ds: Dataset) -> str | None:
    """The delimiter a one-column header holds, when it is not the declared one and splits it into the
    columns the dataset names."""
    if len(present) != 1 or ds.file.endswith((".geojson", ".json")):
        return None
    wanted = set(rowchecks.referenced_columns(ds))
    for candidate in (";", "\t", ",", "|"):
        if candidate != ds.delimiter and candidate in present[0] and wanted & set(present[0].split(candidate)):
            return candidate
    return None


def _year_columns(columns) -> list[str]:
    """Columns named as years (2019) or financial years (2019-2020, 2019/20)."""
    return [c for c in columns if re.fullmatch(r"\d{4}([-/](\d{2}|\d{4}))?", str(c))]


def _to_long(raw: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """Bring every layout to: line, area, period text, month, measure label, value text, dims, coverage."""
    base = pd.DataFrame({"line": raw["_line"]})
    base["area"] = raw[ds.area_column] if ds.area_column else \
        raw[ds.area_name_match.column] if ds.area_name_match else (ds.area_code or "")
    base["area_name"] = raw[ds.area_name_column] if ds.area_name_column else ""
    base["lon"] = raw[ds.lon_column] if ds.lon_column else ""
    base["lat"] = raw[ds.lat_column] if ds.lat_column else ""
    base["month"] = raw[ds.month_column] if ds.month_column else ""
    base["coverage"] = raw[ds.coverage_column] if ds.coverage_column else ""
    base["date_text"] = raw[ds.date_column] if ds.date_column else ""
    for dim, col in ds.dimensions.items():
        base[f"dim:{dim}"] = raw[col]
    if ds.wide_columns:  # each column one measure in one period
        matched = [(col, re.fullmatch(ds.wide_columns, col)) for col in raw.columns if col != "_line"]
        return pd.concat([base.assign(period_text=m["period"], source_column=col, value_text=raw[col],
                                      measure_label=m["measure"]) for col, m in matched if m], ignore_index=True)
    if ds.wide_periods:
        parts = [base.assign(period_text=year, source_column=year, value_text=raw[year],
                             measure_label=raw[ds.measure_column] if ds.measure_column else "")
                 for year in _year_columns(raw.columns)]
        return pd.concat(parts, ignore_index=True)
    base["period_text"] = raw[ds.period_column] if ds.period_column else (ds.period_value or base["date_text"])
    if ds.measures:
        parts = [base.assign(measure_label=measure, source_column=col, value_text=raw[col])
                 for measure, col in ds.measures.items()]
        return pd.concat(parts, ignore_index=True)
    base["measure_label"] = raw[ds.measure_column] if ds.measure_column else ds.measure
    base["source_column"] = ds.value_column
    base["value_text"] = raw[ds.value_column] if ds.value_column else "1"  # one incident per row
    return base


def slugify(label: str) -> str:
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_") or "value"


def _by_unique(series: pd.Series, parse) -> pd.Series:
    """Parse each distinct value once: files repeat the same years, codes and counts many times."""
    return series.map({v: parse(v) for v in series.unique()})


def _parse(long: pd.DataFrame, ds: Dataset, known_codes: set[str] | None, rows: RowProblems,
           extent: tuple[float, float, float, float] | None = None) -> pd.DataFrame | None:
    """The long table's cells parsed into the tidy table; None, with its problems added to `rows`, when a cell
    does not parse as declared."""
    bad = pd.Series(False, index=long.index)

    def report(mask: pd.Series, column_of, kind: str, message_of, hint: str = "") -> None:
        nonlocal bad
        for r in long[mask].itertuples(index=False):
            rows.add(r.line, column_of(r), kind, message_of(r), hint)
        bad |= mask

    moment = None
    if ds.period_value:
        parsed = pd.Series([cells.span(ds.period_value)] * len(long), index=long.index, dtype=object)
    elif ds.date_column:
        moment = incidents.moments(long["date_text"], ds)
        keys = pd.Series(list(zip(moment["when"].dt.year.astype("Int64").astype(str),
                                  moment["when"].dt.month.astype("Int64").astype(str))), index=long.index)
        parsed = _by_unique(keys, lambda k: cells.period(k[0], k[1], ds.period_type)).where(moment["when"].notna())
    else:
        keys = pd.Series(list(zip(long["period_text"], long["month"])), index=long.index)
        parsed = _by_unique(keys, lambda k: cells.period(k[0], k[1], ds.period_type))
    period_col = ds.period_column or ds.date_column or "(year columns)"
    if ds.period_type == "month" and not ds.date_column:  # a year, so the month is what is wrong
        in_month = _by_unique(long["period_text"], lambda t: cells.year(t) is not None).astype(bool)
    else:
        in_month = pd.Series(False, index=long.index)
    expected = f"expected {cells.EXPECTED_PERIOD[ds.period_type]}" if not ds.date_column else \
        "expected a date such as 2019-05-17 or a date and time such as 2019-05-17T16:00"
    report(parsed.isna() & ~in_month, lambda r: period_col, expected,
           lambda r: f"{expected}, got {r.period_text!r}")
    report(parsed.isna() & in_month, lambda r: ds.month_column, expected, lambda r: f"{expected}, got {r.month!r}")

    code = long["area"]
    if ds.code_width:
        code = code.where(~code.str.isdigit(), code.str.zfill(ds.code_width))
    if known_codes is not None and ds.area_column:
        report(~code.isin(known_codes), lambda r: ds.area_column, "unknown district code",
               lambda r: f"unknown district code {_padded(r.area, ds)!r}",
               "codes must match the districts file or its extra_codes")

    point = {}
    if ds.area_level == "point":
        axes = (("lon", ds.lon_column, 180, "longitude"), ("lat", ds.lat_column, 90, "latitude"))
        comma = ds.decimal_separator == ","
        for axis, col, limit, name in axes:
            point[axis] = _by_unique(long[axis], lambda t, lim=limit: cells.coordinate(t, lim, comma))
            comma_in = long[axis].astype(str).str.contains(",", regex=False) & (ds.decimal_separator != ",")
            for mask, hint in ((point[axis].isna() & comma_in, "a decimal comma needs decimal_separator: ','"),
                               (point[axis].isna() & ~comma_in,
                                "rows without a location need their empty value in missing_values "
                                "(e.g. [\"\", NA]); a row with a wrong location can be left out with drop:")):
                kind = f"a {name} with a decimal comma" if "comma" in hint else f"not a {name}"
                report(mask, lambda r, c=col: c, kind,
                       lambda r, a=axis, n=name, lim=limit: f"expected a {n} between -{lim} and {lim} (WGS84), "
                                                             f"got {getattr(r, a)!r}", hint)
        if extent is not None:
            west, south, east, north = extent
            away = point["lon"].notna() & point["lat"].notna() & ~(
                point["lon"].between(west, east) & point["lat"].between(south, north))
            between = "; " if comma else ", "  # "(0,0; 0,0)": a decimal comma is not the separator
            written = long.loc[away, "lon"].iloc[0] if away.any() else "0"
            report(away, lambda r: f"{ds.lon_column}, {ds.lat_column}", "outside the city",
                   lambda r: f"({r.lon}{between}{r.lat}) lies outside the city's extent "
                             f"({west:.2f}, {south:.2f}, {east:.2f}, {north:.2f})",
                   "check that the columns are longitude then latitude; rows without a real location "
                   f"(0, 0) can be left out with drop: {{{ds.lon_column}: ['{written}']}}")

    missing = long["value_text"].isin(ds.missing_values)
    value = _by_unique(long["value_text"],
                       lambda t: cells.number(t, ds.decimal_separator, ds.thousands_separator)).where(~missing)
    written = f"1234{ds.decimal_separator}5" if not ds.thousands_separator else \
        f"1{ds.thousands_separator}234{ds.decimal_separator}5"
    report(value.isna() & ~missing, lambda r: r.source_column, "not a number as declared",
           lambda r: f"expected a number written like {written}, got {r.value_text!r}",
           "declare how the file writes numbers: decimal_separator (. or ,) and thousands_separator")
    report(value.notna() & (value % 1 != 0) & (ds.survey is None), lambda r: r.source_column, "not a whole number",
           lambda r: f"expected a whole number ({ds.unit}), got {r.value_text!r}",
           "if the '.' or ',' in it separates thousands, declare thousands_separator")
    report(value < 0, lambda r: r.source_column, "negative count", lambda r: f"negative count, got {r.value_text!r}",
           "counts cannot be below zero")

    if ds.survey is not None:  # an estimate's unit bounds it: a share of people or a rate per 100,000 people
        unit = _by_unique(long["measure_label"], lambda label: ds.survey.units.get(
            ds.measure_map.get(label) or slugify(label), "estimate"))
        for name, top in (("percent", 100), ("per_100k", 100_000)):
            report((unit == name) & (value > top), lambda r: r.source_column, f"{name} out of range",
                   lambda r, n=name, t=top: f"expected a value from 0 to {t:,} ({n}), got {r.value_text!r}",
                   "correct the value, or the measure's unit in survey.units (estimate, percent or per_100k)")

    given = long["coverage"] != ""
    months = _by_unique(long["coverage"], cells.months).where(given)
    report(given & months.isna(), lambda r: ds.coverage_column, "not a number of months",
           lambda r: f"expected a number of months 1-12, got {r.coverage!r}")

    if bad.any():
        return None
    periods = pd.DataFrame(parsed.tolist(), index=long.index, columns=["period", "period_start", "period_end"])
    period_type = "span" if ds.period_value and "-" in ds.period_value else ds.period_type
    frame = pd.DataFrame({
        "area_level": ds.area_level, "area_code": code, **periods, "period_type": period_type,
        "measure": _by_unique(long["measure_label"], lambda label: ds.measure_map.get(label) or slugify(label)),
        "measure_label": long["measure_label"], **{dim: long["dim:" + dim] for dim in ds.dimensions},
        "value": value.astype(float), "coverage_months": months.astype("Int64"),
    })
    frame["partial"] = (frame["coverage_months"] < 12).fillna(False).astype(bool) | frame["period"].isin(ds.partial)
    frame["note_keys"] = frame["period"].where(frame["period"].isin(list(ds.period_notes)), "")
    columns = KEYS + ["measure_label", *ds.dimensions, "value", *FACTS]
    if ds.area_level == "point":  # where and when, for hotspot grids and weekday-hour counts; never published
        frame["lon"], frame["lat"], frame["line"] = point["lon"], point["lat"], long["line"]
        frame["weekday"] = moment["weekday"] if moment is not None else np.nan
        frame["hour"] = moment["hour"] if moment is not None else np.nan
        columns += ["lon", "lat", "line", "weekday", "hour"]
    return frame[columns].reset_index(drop=True)


def _padded(area: str, ds: Dataset) -> str:
    return area.zfill(ds.code_width) if ds.code_width and area.isdigit() else area
