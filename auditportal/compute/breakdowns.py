"""An indicator by each breakdown its dataset holds (sex, age group, weapon): what a reader picks on the
indicator's page. Each group is the indicator computed on that group's rows alone (indicators.compute), and
published through the same disclosure gate as the indicator itself."""
from __future__ import annotations

import pandas as pd

from ..problems import ConfigProblem
from ..records import IndicatorSeries, Table
from ..schema import Indicator, IndicatorChoice
from . import disclosure
from .indicators import WHOLE, compute, release

NOT_BROKEN_DOWN = {"edition"}  # a survey's edition is a period of its own, not a group of people or events


def by_breakdown(ind_id: str, indicator: Indicator, choice: IndicatorChoice, tables: dict[str, Table],
                 names: dict[str, str]) -> dict[str, pd.DataFrame]:
    """The indicator for each group of every breakdown its dataset holds (sex, age group, weapon), before the
    gate: what a reader picks on the indicator's page, as Open SDG's readers do. A breakdown the indicator
    itself selects on (a share of female victims by sex) is left out, as is one with a single group.

    Each group is the indicator computed on that group's rows alone: a share is the share within the group;
    a count is the group's count; a rate is the group's count per 100,000 of the population its dataset
    gives, which is the whole population unless the dataset holds one per group (the page says which), so the
    groups of a rate add up to the rate of all."""
    table = tables[choice.dataset]
    chosen = set(indicator.numerator.where) | set(indicator.denominator.where if indicator.denominator else {})
    out = {}
    for dim in table.dimensions:
        if dim in chosen or dim in NOT_BROKEN_DOWN:
            continue
        groups = sorted(str(g) for g in table.frame[dim].dropna().unique() if str(g) != "")
        parts = []
        for group in groups:
            try:
                part = compute(ind_id, indicator, choice, tables, names, only=(dim, group)).table
            except ConfigProblem:  # a group with none of the numerator's rows: nothing to show for it
                continue
            parts.append(part.assign(**{dim: group}))
        if len(parts) < 2:
            continue
        t = pd.concat(parts, ignore_index=True)
        t = t[["period", dim, *[c for c in parts[0].columns if c not in ("period", dim)]]]
        out[dim] = t.sort_values(["period", dim], kind="stable").reset_index(drop=True)
    return out


def breakdown_releases(series: IndicatorSeries) -> dict[str, disclosure.Release]:
    """How each breakdown's table is published: as the indicator's own (its numerator the count, a share's
    whole beside it), gated with every other table of the dataset."""
    return {dim: release(t, WHOLE in t) for dim, t in series.breakdowns.items()}
