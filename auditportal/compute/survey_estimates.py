"""A city's own survey estimated with its design: weighted prevalence of each crime type, incidence, the dark
figure (the share of crimes not reported to the police) and perceptions, overall and by district, sex and age
group, each with its standard error, 95 % confidence interval and coefficient of variation.

Standard errors are samplics' Taylor linearisation for a stratified cluster sample (primary sampling units
within strata, with replacement), the method of INEGI's ENVIPE and most national offices; the intervals use
its t quantiles with the design's degrees of freedom (clusters minus strata), proportions on the logit scale.
Where the population of each stratum is known the weights are first post-stratified to it.

The rule, as national statistics offices state theirs: an estimate with fewer than MIN_RESPONDENTS respondents
behind it is withheld (nothing but its flag is published); one whose coefficient of variation exceeds
MAX_CV_PERCENT is published marked unreliable. Every value is rounded once, here: the pages show the
published CSV's values."""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..read import questionnaire as q
from ..records import SurveyEstimates, SurveyResponses
from ..schema import Disclosure
from . import disclosure

with warnings.catch_warnings():  # samplics says at import that svy succeeds it; svy is not yet on a stable API
    warnings.simplefilter("ignore", FutureWarning)
    from samplics import PopParam, SampleWeight, SinglePSUEst, TaylorEstimator

MIN_RESPONDENTS = 30
MAX_CV_PERCENT = 30.0
WITHHELD, UNRELIABLE = "withheld", "unreliable"
BREAKDOWNS = ("all", "district", "sex", "age_group")
DECIMALS = {"estimate": 1, "se": 2, "lower": 1, "upper": 1, "cv": 1}
COLUMNS = ["measure", "unit", "breakdown", "group", "group_name", "respondents", "estimate", "se", "lower",
           "upper", "cv", "flag"]


@dataclass(frozen=True)
class Measure:
    id: str
    kind: str          # prop (a share of residents), mean (crimes per resident) or ratio (a share of crimes)
    unit: str          # percent or per_1000
    y: str
    x: str = ""        # a ratio's denominator

    @property
    def scale(self) -> float:
        return 1000.0 if self.unit == "per_1000" else 100.0


MEASURES: list[Measure] = [
    Measure("victim_any", "prop", "percent", "victim_any"),
    *(Measure(f"victim_{crime}", "prop", "percent", f"victim_{crime}") for crime in q.CRIMES),
    Measure("incidence", "mean", "per_1000", "times_any"),
    Measure("dark_figure", "ratio", "percent", "unreported_any", "times_any"),
    Measure("feels_unsafe", "prop", "percent", "feels_unsafe"),
    Measure("trusts_police", "prop", "percent", "trusts_police"),
    *(Measure(f"avoids_{place}", "prop", "percent", f"avoids_{place}") for place in q.codes("place")
      if place != "none"),
]
"""Every measure estimated: prevalence (% of residents victim of each crime type and of any), incidence (crimes
per 1,000 residents), the dark figure (% of crimes not reported), feeling unsafe after dark, trusting the
police, and each place avoided."""


def estimate(responses: SurveyResponses, district_names: dict[str, str], rule: Disclosure) -> SurveyEstimates:
    """Every measure by every breakdown, with its margins and flag, as published."""
    frame = weighted(responses)
    parts = [measure(frame, m, b) for m in MEASURES for b in BREAKDOWNS]
    table = pd.concat(parts, ignore_index=True)
    table["group_name"] = [district_names.get(g, g) if b == "district" else ""
                           for b, g in zip(table["breakdown"], table["group"])]
    table = _flagged(table[[c for c in COLUMNS if c != "flag"]], rule)[COLUMNS]
    return SurveyEstimates(responses.slug, responses.config, table, len(frame), frame["stratum"].nunique(),
                           frame[["stratum", "cluster"]].drop_duplicates().shape[0])


def weighted(responses: SurveyResponses) -> pd.DataFrame:
    """The respondents with their weights post-stratified to the strata's populations, where declared."""
    frame = responses.frame.copy()
    totals: dict[str | float | int, float | int] = {k: v for k, v in responses.config.stratum_population.items()}
    if totals:
        frame["weight"] = SampleWeight().poststratify(frame["weight"].to_numpy(), control=totals,
                                                      domain=frame["stratum"].to_numpy())
    return frame


def measure(frame: pd.DataFrame, m: Measure, breakdown: str) -> pd.DataFrame:
    """One measure by one breakdown's groups, each a domain estimated within the whole sample's design."""
    domain = np.full(len(frame), "", dtype=object) if breakdown == "all" else frame[breakdown].to_numpy(object)
    behind = frame[m.x] > 0 if m.kind == "ratio" else pd.Series(True, index=frame.index)
    counts = pd.Series(behind.to_numpy()).groupby(domain).sum()
    values = (_shares if m.kind == "prop" else _ratios)(frame, m, domain, design(frame))
    return pd.DataFrame([{"measure": m.id, "unit": m.unit, "breakdown": breakdown, "group": str(group),
                          "respondents": int(counts[group]), **values[group]} for group in sorted(counts.index)])


def design(frame: pd.DataFrame) -> dict:
    """The sample design as samplics takes it: weights, strata, and clusters numbered within their stratum."""
    return {"samp_weight": frame["weight"].to_numpy(float), "stratum": frame["stratum"].to_numpy(object),
            "psu": (frame["stratum"] + "/" + frame["cluster"]).to_numpy(object), "single_psu": SinglePSUEst.skip}


def _shares(frame: pd.DataFrame, m: Measure, domain: np.ndarray, design: dict) -> dict:
    """A share of residents per domain: samplics' proportion, its interval on the logit scale."""
    est = TaylorEstimator(PopParam.prop)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        est.estimate(frame[m.y].to_numpy(float), domain=domain, **design)
    pick = lambda d, group: _get(d[group], 1)  # noqa: E731  (samplics answers per level; 1 is the share)
    return {group: _scaled(pick(est.point_est, group), pick(est.stderror, group), pick(est.lower_ci, group),
                           pick(est.upper_ci, group), m) for group in est.point_est}


def _ratios(frame: pd.DataFrame, m: Measure, domain: np.ndarray, design: dict) -> dict:
    """Crimes per resident, or unreported crimes per crime, per domain: samplics' ratio of the domain's totals
    (y and x are zero outside it, so the whole design counts). A domain where y is zero everywhere has the
    estimate 0 and no CV (samplics would divide by it)."""
    out = {}
    for group in pd.unique(domain):
        inside = (domain == group).astype(float)
        y, x = frame[m.y].to_numpy(float) * inside, (frame[m.x].to_numpy(float) if m.x else 1.0) * inside
        if not y.any() or not x.any():
            out[group] = _scaled(0.0, 0.0, 0.0, 0.0, m)
            continue
        est = TaylorEstimator(PopParam.ratio)
        est.estimate(y, x=x, **design)
        out[group] = _scaled(est.point_est, est.stderror, est.lower_ci, est.upper_ci, m)
    return out


def _scaled(point, se, lower, upper, m: Measure) -> dict[str, float]:
    """One domain's estimate, SE and interval in the measure's unit, and its CV in %."""
    point, se = float(point), float(se)
    cv = se / point * 100 if point > 0 else np.nan
    return {"estimate": point * m.scale, "se": se * m.scale, "lower": float(lower) * m.scale,
            "upper": float(upper) * m.scale, "cv": cv}


def _get(levels: dict, level: int) -> float:
    """A proportion's value at one level; 0 where no respondent of the domain gave it."""
    found = {int(k): v for k, v in levels.items()}
    return found.get(level, 0.0)


def _flagged(table: pd.DataFrame, rule: Disclosure) -> pd.DataFrame:
    """The rule applied and every value rounded once: withheld (too few respondents: nothing published but the
    flag), unreliable (CV above the threshold, or none computable), or published; then the disclosure gate
    (how many respondents, a count of people)."""
    out = table.copy()
    for column, decimals in DECIMALS.items():
        out[column] = out[column].astype(float).round(decimals)
    few = out["respondents"] < MIN_RESPONDENTS
    shaky = ~few & (out["cv"].isna() | (out["cv"] > MAX_CV_PERCENT))
    out["flag"] = np.where(few, WITHHELD, np.where(shaky, UNRELIABLE, ""))
    out.loc[few, list(DECIMALS)] = np.nan
    return disclosure.survey_respondents(out, rule)
