"""What a reader must know about a published value before using it, as tokens of one `flag` column in every
table and CSV: `suppressed` (withheld by the disclosure rule), `partial` (its period is not complete, so it
is never compared as if whole) and `unreliable` (fewer than 20 events stand behind it). A value may carry
several, joined by ';' in a fixed order."""
from __future__ import annotations

import numpy as np
import pandas as pd

SUPPRESSED = "suppressed"
PARTIAL = "partial"
UNRELIABLE = "unreliable"
ORDER = (SUPPRESSED, PARTIAL, UNRELIABLE)


def tokens(flag) -> list[str]:
    """The tokens of one flag, in order; '' and missing carry none."""
    if not isinstance(flag, str) or not flag:
        return []
    found = set(flag.split(";"))
    return [t for t in ORDER if t in found]


def joined(found: set[str]) -> str:
    return ";".join(t for t in ORDER if t in found)


def has(flags: pd.Series, token: str) -> pd.Series:
    """Rows whose flag carries `token`."""
    return flags.fillna("").astype(str).map(lambda f: token in tokens(f)).astype(bool)


def count(frame: pd.DataFrame, token: str) -> int:
    return int(has(frame["flag"], token).sum()) if "flag" in frame else 0


def mark(frame: pd.DataFrame, token: str, where) -> pd.DataFrame:
    """`frame` with `token` added to the flag of the rows `where` is true (a boolean array or Series)."""
    out = frame.copy()
    previous = out["flag"] if "flag" in out else pd.Series("", index=out.index)
    where = np.asarray(where, dtype=bool)
    out["flag"] = [joined(set(tokens(f)) | ({token} if w else set())) for f, w in zip(previous, where)]
    out.attrs = dict(frame.attrs)
    return out
