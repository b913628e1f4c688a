"""The disclosure rule that protects victims, applied to every table before it is drawn or published.

Rule (stated on every page that applies it): a count from 1 to k-1 (k = suppress_below,
5 by default) is replaced by an empty cell flagged "suppressed", and any rate
computed from it is blanked too. Zero stays zero: it reveals no one. Measures a
city marks as protected (sexual and domestic violence) are published only by area
(district, municipality, precinct) and never drawn at a point, not even a police
station's; the schema has no geography finer than that, so no row can go lower.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .schema import Disclosure

FLAG = "suppressed"


def suppress(frame: pd.DataFrame, rule: Disclosure, count: str = "value",
             derived: tuple[str, ...] = ()) -> pd.DataFrame:
    """Blank small counts in `count` and the `derived` columns computed from them."""
    out = frame.copy()
    small = out[count].notna() & (out[count] > 0) & (out[count] < rule.suppress_below)
    out.loc[small, [count, *derived]] = np.nan
    previous = out["flag"] if "flag" in out else pd.Series("", index=out.index)
    out["flag"] = np.where(small, FLAG, previous)
    return out
