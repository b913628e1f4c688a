"""A data file as rows of text cells, as a spreadsheet shows them: a CSV file read by pyarrow's columnar reader
(pandas for the file it cannot read, whose errors name the line), incident records a part at a time so that
millions of them fit in memory, and the parts of a table joined again with their text held as categories.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
from pandas.api.types import union_categoricals

from ..problems import Problem, ValidationFailed
from ..schema import Dataset
from . import datafiles, incidents

CHUNK_ROWS = 500_000  # incident records read, checked and parsed this many at a time: memory stays bounded


def raw_parts(root: Path, ds: Dataset, shown: str) -> Iterator[pd.DataFrame]:
    """The file's rows as text cells with their `_line`: incident records in parts of CHUNK_ROWS (millions of
    them would otherwise be held as Python strings several times over), any other dataset whole."""
    if ds.file.endswith((".geojson", ".json")):  # incident records as points; a 'line' is a feature's number
        raw = incidents.read_features(root, ds.file)
        raw.insert(0, "_line", range(1, len(raw) + 1))
        yield raw
        return
    parts = _csv_parts(datafiles.read_bytes(root, ds.file, "csv"), ds, shown)
    if ds.area_level == "point":
        yield from parts
    else:
        yield pd.concat(list(parts), ignore_index=True)


def _csv_parts(data: bytes, ds: Dataset, shown: str) -> Iterator[pd.DataFrame]:
    """A CSV file read by pyarrow's columnar reader, every column as text. A file it cannot read (a row with
    too many cells, a header naming a column twice) is read again by pandas, whose errors name the line; so
    is the rest of a file whose reading failed part way."""
    header = next(csv.reader([data.split(b"\n", 1)[0].decode()], delimiter=ds.delimiter), [])
    done = 0
    if header and len(set(header)) == len(header):
        try:
            reader = pacsv.open_csv(
                io.BytesIO(data), read_options=pacsv.ReadOptions(block_size=1 << 22),
                parse_options=pacsv.ParseOptions(delimiter=ds.delimiter, newlines_in_values=True),
                convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in header},
                                                     strings_can_be_null=False, quoted_strings_can_be_null=False))
            pending = pa.Table.from_batches([], reader.schema)
            for batch in reader:
                pending = pa.concat_tables([pending, pa.Table.from_batches([batch])])
                while len(pending) >= CHUNK_ROWS:
                    yield _numbered(pending.slice(0, CHUNK_ROWS).to_pandas(), done)
                    done, pending = done + CHUNK_ROWS, pending.slice(CHUNK_ROWS)
            if len(pending) or not done:
                yield _numbered(pending.to_pandas(), done)
            return
        except pa.ArrowInvalid:
            pass
    try:
        whole = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, sep=ds.delimiter)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        found = re.search(r"line (\d+)", str(err))
        raise ValidationFailed([Problem(shown, int(found.group(1)) if found else None, "",
                                        f"not a readable CSV table: {err}")])
    yield _numbered(whole.iloc[done:].reset_index(drop=True), done)


def _numbered(raw: pd.DataFrame, before: int) -> pd.DataFrame:
    """Rows numbered by their line in the file (the header is line 1), `before` rows having come earlier."""
    raw.insert(0, "_line", range(before + 2, before + 2 + len(raw)))
    return raw


def compact(frame: pd.DataFrame) -> pd.DataFrame:
    """Incident records' text columns as categories: millions of rows repeat a few periods, measures and
    categories, and each repeat as a Python string costs about 60 bytes."""
    text = [c for c in frame.columns if frame[c].dtype == object and c != "note_keys"]
    return frame.astype({c: "category" for c in text})


def joined(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The parts of incident records as one table, each text column's categories the union of the parts',
    sorted and ordered, so that sorting, grouping and min() go by the text, as they would on strings."""
    if not parts:
        return pd.DataFrame()
    columns = {}
    for c in list(parts[0].columns):
        if isinstance(parts[0][c].dtype, pd.CategoricalDtype):
            joined = union_categoricals([p[c] for p in parts], sort_categories=True, ignore_order=True)
            columns[c] = pd.Series(joined.as_ordered())
        else:
            columns[c] = pd.concat([p[c] for p in parts], ignore_index=True)
        for p in parts:  # each column let go once joined: the parts and the table are not held twice over
            del p[c]
    return pd.DataFrame(columns, copy=False)
