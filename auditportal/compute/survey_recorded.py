"""Police-recorded crime beside the city's own survey, district by district: how many crimes of the declared
types the survey estimates residents suffered in the year (a weighted total, with its design-based interval,
from samplics), how many the police recorded, and the share recorded.

The recorded counts are taken from the dataset as published (through the disclosure gate), never from the
counts behind it: a year is the sum of its published months, and a district with a withheld month gets no
yearly count, since a total beside the published months would give the withheld one away. So every recorded
value and share here recomputes from the published CSVs. Only a whole calendar year is compared."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..records import SurveyResponses
from ..schema import Disclosure
from ..schema.survey import Recorded
from . import disclosure
from .survey_estimates import MAX_CV_PERCENT, MIN_RESPONDENTS, UNRELIABLE, WITHHELD, design, weighted

with warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)
    from samplics import PopParam, TaylorEstimator

COLUMNS = ["district", "district_name", "year", "respondents", "surveyed", "surveyed_lower", "surveyed_upper",
           "surveyed_cv", "recorded", "recorded_share", "flag"]
RECORDED_WITHHELD, NOT_WHOLE = "recorded_withheld", "not_a_whole_year"


def year_of(rec: Recorded, fieldwork: int) -> int:
    return rec.year if rec.year is not None else fieldwork - 1


def beside(responses: SurveyResponses, published: pd.DataFrame, rec: Recorded, names: dict[str, str],
           rule: Disclosure) -> pd.DataFrame:
    """One row per district of the survey: surveyed crimes (rounded to whole crimes), recorded crimes, the share
    recorded (%, from the two published values), and a flag: withheld (fewer than MIN_RESPONDENTS respondents),
    unreliable (CV above MAX_CV_PERCENT), recorded_withheld (a month withheld by the gate) or not_a_whole_year."""
    year = year_of(rec, responses.config.year)
    frame = weighted(responses)
    y = sum(frame[f"times_{crime}"].to_numpy(float) for crime in rec.crimes)
    domain = frame["district"].to_numpy(object)
    est = TaylorEstimator(PopParam.total)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        est.estimate(y, domain=domain, **design(frame))
    counts = frame.groupby("district").size()
    recorded = _recorded(published, rec.measures, year)
    rows = []
    for d in sorted(counts.index):
        point, se = float(est.point_est[d]), float(est.stderror[d])
        few = counts[d] < MIN_RESPONDENTS
        cv = se / point * 100 if point > 0 else np.nan
        surveyed = np.nan if few else round(point)
        got = recorded.get(str(d), (np.nan, NOT_WHOLE))
        flag = WITHHELD if few else (got[1] or (UNRELIABLE if not cv <= MAX_CV_PERCENT else ""))
        share = round(got[0] / surveyed * 100, 1) if surveyed and not np.isnan(got[0]) else np.nan
        rows.append({"district": str(d), "district_name": names.get(str(d), str(d)), "year": year,
                     "respondents": int(counts[d]), "surveyed": surveyed,
                     "surveyed_lower": np.nan if few else round(float(est.lower_ci[d])),
                     "surveyed_upper": np.nan if few else round(float(est.upper_ci[d])),
                     "surveyed_cv": np.nan if few else round(cv, 1), "recorded": got[0], "recorded_share": share,
                     "flag": flag})
    return disclosure.survey_respondents(pd.DataFrame(rows, columns=COLUMNS), rule)


def _recorded(published: pd.DataFrame, measures: list[str], year: int) -> dict[str, tuple[float, str]]:
    """Each district's recorded count for the year from the published rows, or why there is none."""
    t = published[(published["area_level"] == "district") & published["measure"].isin(measures)]
    t = t[t["period"].astype(str).str.fullmatch(rf"{year}(-\d\d)?")]
    out = {}
    for code, rows in t.groupby("area_code"):
        whole = rows["period_type"].eq("year").all() or (rows["period_type"].eq("month").all()
                                                           and rows["period"].nunique() == 12)
        if not whole:
            out[str(code)] = (np.nan, NOT_WHOLE)
        elif rows["value"].isna().any():
            out[str(code)] = (np.nan, RECORDED_WITHHELD)
        else:
            out[str(code)] = (float(rows["value"].sum()), "")
    return out
