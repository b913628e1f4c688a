"""How sure a figure is: intervals for counts, rates and shares, the test of a change between two periods,
and the average annual change over a series. Each estimate comes with its inference beside it, and every
statistic is statsmodels', never a formula of ours. The methodology page says the same in each language.

- A count, and a rate made from it: exact Poisson (Garwood) 95 % limits of the count (`confint_poisson`,
  method "exact-c"), divided by what the count is a count of (people and years). Exact limits are
  conservative: they hold the true value at least 95 % of the time, more often for small counts.
- A share (a part of a whole): exact binomial (Clopper-Pearson) 95 % limits.
- Fewer than 20 events: the value is flagged unreliable (its relative standard error is above about 22 %;
  the US NCHS rule).
- A change between two periods: the ratio of the two rates with its 95 % interval and the score test of
  no change (`confint_poisson_2indep`, `test_poisson_2indep`); for shares, their difference in points
  (`confint_proportions_2indep`, `test_proportions_2indep`). A change is called a rise or a fall only when
  the interval excludes no change; otherwise there is no clear change.
- A trend over five periods or more: the average annual change from a Poisson regression of the counts on
  time, with the log of what they are counts of as offset. Where the counts vary more than Poisson counts do
  (Pearson dispersion above 1, as yearly homicide counts do), the errors are scaled by that dispersion and
  read on a t distribution (quasi-Poisson). A negative binomial fitted by maximum likelihood was tried and
  not kept: in a simulation of trendless overdispersed series of 5 to 8 periods it called 15 to 20 % of them
  a change at the 5 % level, the quasi-Poisson 4 to 6 %.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    test_proportions_2indep,
)
from statsmodels.stats.rates import confint_poisson, confint_poisson_2indep, test_poisson_2indep

ALPHA = 0.05
"""95 % intervals and tests at the 5 % level, everywhere."""
FEW_EVENTS = 20
"""A value standing on fewer events than this is flagged unreliable."""
TREND_PERIODS = 5
"""A series is summed up by its fitted average annual change from this many periods on."""
DAYS_PER_YEAR = 365.25

Verdict = Literal["rise", "fall", "no_clear_change"]


def count_limits(counts) -> tuple[np.ndarray, np.ndarray]:
    """Exact Poisson (Garwood) 95 % limits of each count; missing where the count is missing."""
    k = np.asarray(counts, dtype=float)
    lower, upper = np.full(k.shape, np.nan), np.full(k.shape, np.nan)
    known = ~np.isnan(k)
    if known.any():
        low, high = confint_poisson(k[known], np.ones(known.sum()), method="exact-c", alpha=ALPHA)
        lower[known], upper[known] = low, high
    return lower, upper


def rate_limits(counts, exposure, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """A rate's limits: its count's, divided by its exposure (people × years) and multiplied by `scale`
    (100,000 for a rate per 100,000); missing where there is no exposure."""
    lower, upper = count_limits(counts)
    e = np.asarray(exposure, dtype=float)
    e = np.where(e > 0, e, np.nan)
    return lower / e * scale, upper / e * scale


def share_limits(parts, wholes) -> tuple[np.ndarray, np.ndarray]:
    """Exact binomial (Clopper-Pearson) 95 % limits of each share, in per cent."""
    k, n = np.asarray(parts, dtype=float), np.asarray(wholes, dtype=float)
    lower, upper = np.full(k.shape, np.nan), np.full(k.shape, np.nan)
    known = ~np.isnan(k) & ~np.isnan(n) & (n > 0) & (k <= n)
    if known.any():
        low, high = proportion_confint(k[known], n[known], alpha=ALPHA, method="beta")
        lower[known], upper[known] = np.asarray(low) * 100, np.asarray(high) * 100
    return lower, upper


def unreliable(counts) -> np.ndarray:
    """True where a value stands on fewer than FEW_EVENTS events (a missing count is not judged)."""
    k = np.asarray(counts, dtype=float)
    return ~np.isnan(k) & (k < FEW_EVENTS)


def days(period_start: str, period_end: str) -> float:
    """The length of a period in days, both ends included: what a count is a count of, per period."""
    return float((pd.Timestamp(period_end) - pd.Timestamp(period_start)).days + 1)


@dataclass(frozen=True)
class Change:
    """Two periods compared. For rates (and counts): `ratio` of the later rate to the earlier with its 95 %
    interval; for shares: `difference` in percentage points with its interval. `p_value` is the score test
    of no change. The verdict calls a rise or a fall only when the interval excludes no change."""
    kind: Literal["ratio", "difference"]
    estimate: float
    lower: float
    upper: float
    p_value: float

    @property
    def verdict(self) -> Verdict:
        none = 1.0 if self.kind == "ratio" else 0.0
        if self.lower > none:
            return "rise"
        if self.upper < none:
            return "fall"
        return "no_clear_change"

    @property
    def change_pct(self) -> float:
        """For a ratio: the change in per cent of the earlier value."""
        return (self.estimate - 1) * 100

    @staticmethod
    def of_rates(count1: float, exposure1: float, count2: float, exposure2: float) -> Change | None:
        """From period 1 to period 2, counts over exposures (people × years, or days); None if the earlier
        count is zero or an exposure is missing (no ratio can be formed)."""
        if not (count1 > 0 and exposure1 > 0 and exposure2 > 0) or any(map(math.isnan, (count1, count2))):
            return None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            low, high = confint_poisson_2indep(count2, exposure2, count1, exposure1, method="score",
                                               compare="ratio", alpha=ALPHA)
            test = test_poisson_2indep(count2, exposure2, count1, exposure1, method="score", compare="ratio")
        ratio = (count2 / exposure2) / (count1 / exposure1)
        return Change("ratio", float(ratio), float(low), float(high), float(test.pvalue))

    @staticmethod
    def of_shares(part1: float, whole1: float, part2: float, whole2: float) -> Change | None:
        """From period 1 to period 2, parts of wholes; the difference in percentage points."""
        if not (whole1 > 0 and whole2 > 0) or any(map(math.isnan, (part1, part2))):
            return None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            low, high = confint_proportions_2indep(part2, whole2, part1, whole1, method="score", compare="diff",
                                                   alpha=ALPHA)
            test = test_proportions_2indep(part2, whole2, part1, whole1, method="score", compare="diff")
        diff = (part2 / whole2 - part1 / whole1) * 100
        return Change("difference", float(diff), float(low) * 100, float(high) * 100, float(test.pvalue))


@dataclass(frozen=True)
class Trend:
    """The average annual change over a series, in per cent a year, with its 95 % interval, from a Poisson
    regression of the counts on time with the log of their exposure as offset (quasi-Poisson where the
    counts are overdispersed: `dispersion` > 1)."""
    change: float
    lower: float
    upper: float
    periods: int
    dispersion: float
    centre: float = 0.0  # the mean of the times fitted
    level: float = 0.0   # the fitted rate per unit of exposure at the centre

    @property
    def model(self) -> str:
        return "quasi_poisson" if self.dispersion > 1 else "poisson"

    @property
    def verdict(self) -> Verdict:
        if self.lower > 0:
            return "rise"
        if self.upper < 0:
            return "fall"
        return "no_clear_change"

    def fitted(self, time: float) -> float:
        """The fitted rate per unit of exposure at `time` (a year): where the trend line stands then."""
        return self.level * (1 + self.change / 100) ** (time - self.centre)

    @staticmethod
    def fit(times, counts, exposure) -> Trend | None:
        """`times` in years (2019, or 2019.5 for a month in mid-year), `counts` and `exposure` per period;
        None with fewer than TREND_PERIODS periods or no event at all."""
        t, y, e = (np.asarray(x, dtype=float) for x in (times, counts, exposure))
        keep = ~np.isnan(t) & ~np.isnan(y) & ~np.isnan(e) & (e > 0)
        t, y, e = t[keep], y[keep], e[keep]
        if len(t) < TREND_PERIODS or y.sum() == 0 or np.ptp(t) == 0:
            return None
        exog = sm.add_constant(t - t.mean())
        model = sm.GLM(y, exog, family=sm.families.Poisson(), offset=np.log(e))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = model.fit()
            dispersion = float(fit.pearson_chi2 / fit.df_resid) if fit.df_resid > 0 else 1.0
            if dispersion > 1:
                fit = model.fit(scale="X2", use_t=True)
        intercept, slope = (float(b) for b in np.asarray(fit.params))
        low, high = np.asarray(fit.conf_int(alpha=ALPHA))[1]
        pct = lambda b: (math.exp(b) - 1) * 100  # noqa: E731
        return Trend(pct(slope), pct(float(low)), pct(float(high)), int(len(t)), dispersion, float(t.mean()),
                     math.exp(intercept))
