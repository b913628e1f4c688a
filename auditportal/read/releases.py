"""Several releases of one series: the publisher's later file revises some of the earlier file's values and
extends the years. Each release is read like a dataset of its own; then, cell by cell, the newest value is
kept and every value it changed is listed, so a reader can see what the publisher revised and by how much."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import Dataset
from ..tidy import KEYS, sum_by

REVISION_COLUMNS = ["area_code", "period", "measure", "previous", "revised", "difference", "release"]


def configs(ds: Dataset) -> list[Dataset]:
    """The dataset as each release is read: the first file as declared, each newer one with its overrides."""
    out = [ds.model_copy(update={"newer": []})]
    for release in ds.newer:
        update = {k: getattr(release, k) for k in release.model_fields_set if k not in ("caveats",)}
        if "area_name_match" in update:  # one way to find the area: the release's, not the dataset's too
            update.setdefault("area_column", None)
        elif "area_column" in update:
            update["area_name_match"] = None
        out.append(Dataset.model_validate({**ds.model_dump(exclude={"newer"}), **update, "newer": []}))
    return out


def _one_per_cell(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Labels mapped to one measure added up (new 'Sexual Offences' + '... as result of police action'),
    their original labels kept side by side."""
    labels = frame.groupby(keys, dropna=False)["measure_label"].transform(lambda s: "; ".join(sorted(set(s))))
    return sum_by(frame.assign(measure_label=labels), keys + ["measure_label"])


def merged(frames: list[pd.DataFrame], dims: list[str], files: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One series from several releases, oldest first: where a newer release has a cell, its value is kept.
    Returns the series and the revisions (cells both releases have, with different values)."""
    keys = KEYS + dims
    parts = [_one_per_cell(f, keys).assign(_release=i) for i, f in enumerate(frames)]
    revisions = []
    for i in range(1, len(parts)):
        earlier = pd.concat(parts[:i]).drop_duplicates(keys, keep="last")
        both = earlier.merge(parts[i][keys + ["value"]], on=keys, suffixes=("_previous", "_revised"))
        changed = both[~np.isclose(both["value_previous"].fillna(-1), both["value_revised"].fillna(-1))]
        revisions.append(pd.DataFrame({
            "area_code": changed["area_code"], "period": changed["period"], "measure": changed["measure"],
            "previous": changed["value_previous"], "revised": changed["value_revised"],
            "difference": changed["value_revised"] - changed["value_previous"], "release": files[i]}))
    out = pd.concat(parts, ignore_index=True).drop_duplicates(keys, keep="last").drop(columns="_release")
    out = out.sort_values(keys, kind="stable", ignore_index=True)
    found = pd.concat(revisions, ignore_index=True) if revisions else pd.DataFrame(columns=REVISION_COLUMNS)
    return out, found.sort_values(["measure", "period", "area_code"], ignore_index=True)
