"""The values a publisher's newer release revised (read.releases finds them), as they are published: through
the disclosure gate, so that the list of revisions never tells more than the dataset does, and summed up by
measure and period for the dataset's page."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import Disclosure
from . import disclosure


def published(revisions: pd.DataFrame, dataset: pd.DataFrame, rule: Disclosure) -> pd.DataFrame:
    """The revisions as published: a revision is shown only where the revised value is published in the
    dataset itself and the previous value is not a small count; otherwise both are withheld and flagged, so
    the list never tells more than the dataset does."""
    shown = dataset.dropna(subset=["value"]).groupby(["area_code", "period", "measure"])["value"].sum()
    at = pd.MultiIndex.from_frame(revisions[["area_code", "period", "measure"]])
    ok = at.isin(shown.index) & ~revisions["previous"].between(1, rule.suppress_below - 1)
    out = revisions.copy()
    out.loc[~ok, ["previous", "revised", "difference"]] = np.nan
    out["flag"] = np.where(ok, "", "suppressed")
    out.attrs = {disclosure.MARK: True, "total": float("nan")}
    return out


def summary(shown: pd.DataFrame) -> pd.DataFrame:
    """Published revisions by measure and period: how many, how many withheld, and the net change of those
    shown (of all of them, it would give a withheld one away)."""
    return (shown.assign(withheld=shown["flag"] != "")
            .groupby(["measure", "period"], sort=True)
            .agg(cells=("area_code", "size"), withheld=("withheld", "sum"), net=("difference", "sum"))
            .reset_index())
