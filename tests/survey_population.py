"""A synthetic city of residents with known victimisation, reporting and perceptions, and a stratified two-stage
cluster sample of it: the tests' own generator (seeded), for issue 30's survey path. Nothing here is real.

The population: districts (the strata), each of CLUSTERS segments (the primary sampling units) of PEOPLE
residents aged 18 or over. Each segment has its own random effect, so answers cluster as they do in a real
city (the design effect is then real, and an estimator that ignored the clusters would under-cover). The sample
draws SAMPLED segments per district by simple random sampling, then TAKEN residents per segment; each
respondent's weight is the inverse of their chance of selection.

`export` writes a sample as ODK Central would export the portal's form (its metadata columns included, which
the import drops), with the weight column the survey team adds; `truth` gives each measure's true value in
the whole population."""
from __future__ import annotations

import csv
import io
import uuid

import numpy as np
import pandas as pd

from auditportal.read import questionnaire as q

DISTRICTS = {"01": 1.0, "02": 1.5, "03": 0.7}  # district -> how much more crime than the base rates
CLUSTERS, PEOPLE = 100, 150
SAMPLED, TAKEN = 12, 10
BASE = {"street_robbery": 0.09, "burglary": 0.05, "vehicle_theft": 0.04, "assault": 0.03, "fraud": 0.06,
        "threats": 0.05, "harassment": 0.04}
REPORTED = {"street_robbery": 0.25, "burglary": 0.45, "vehicle_theft": 0.6, "assault": 0.3, "fraud": 0.15,
            "threats": 0.1, "harassment": 0.05}
PLACES = {"streets_at_night": 0.5, "public_transport": 0.25, "parks": 0.2, "markets": 0.1, "cash_machines": 0.3}
CLUSTER_SD = 0.5  # the segments' random effect, on the logit scale


def _expit(x):
    return 1 / (1 + np.exp(-x))


def _logit(p):
    return np.log(p / (1 - p))


def population(seed: int = 30) -> pd.DataFrame:
    """Every resident, with the columns read.survey_export gives a respondent (and the true age)."""
    rng = np.random.default_rng(seed)
    codes = np.repeat(list(DISTRICTS), CLUSTERS * PEOPLE)
    segment = np.tile(np.repeat(np.arange(1, CLUSTERS + 1), PEOPLE), len(DISTRICTS))
    effect = np.repeat(rng.normal(0, CLUSTER_SD, len(DISTRICTS) * CLUSTERS), PEOPLE)
    risk = np.repeat(list(DISTRICTS.values()), CLUSTERS * PEOPLE)
    n = len(codes)
    sex = rng.choice(["female", "male", "other"], n, p=[0.52, 0.47, 0.01])
    age = rng.integers(q.MIN_AGE, 86, n)
    out = pd.DataFrame({"stratum": codes, "cluster": [f"S{c}-{s:03d}" for c, s in zip(codes, segment)],
                        "district": codes, "sex": sex, "age": age, "age_group": [q.age_group(a) for a in age]})
    for crime, base in BASE.items():
        women = 2.5 if crime == "harassment" else 1.0
        p = _expit(_logit(base * risk * np.where(sex == "female", women, 1.0)) + effect)
        victim = rng.random(n) < p
        times = np.where(victim, 1 + rng.poisson(0.5, n), 0).clip(0, q.MAX_TIMES)
        out[f"victim_{crime}"] = victim.astype(float)
        out[f"times_{crime}"] = times.astype(float)
        out[f"reported_{crime}"] = rng.binomial(times, REPORTED[crime]).astype(float)
    crimes = list(BASE)
    out["victim_any"] = (out[[f"victim_{c}" for c in crimes]].sum(axis=1) > 0).astype(float)
    out["times_any"] = out[[f"times_{c}" for c in crimes]].sum(axis=1)
    out["reported_any"] = out[[f"reported_{c}" for c in crimes]].sum(axis=1)
    out["unreported_any"] = out["times_any"] - out["reported_any"]
    out["feels_unsafe"] = (rng.random(n) < _expit(_logit(0.4 * risk.clip(0, 2) / 1.2) + effect)).astype(float)
    out["trusts_police"] = (rng.random(n) < _expit(_logit(0.45) - effect)).astype(float)
    for place, share in PLACES.items():
        out[f"avoids_{place}"] = (rng.random(n) < _expit(_logit(share) + effect)).astype(float)
    return out


def sample(people: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """A stratified two-stage sample: SAMPLED segments per district, TAKEN residents per segment, weighted."""
    members = people.groupby("cluster", sort=True).indices
    chosen, weights = [], []
    for district in DISTRICTS:
        segments = sorted(c for c in members if c.startswith(f"S{district}-"))
        for segment in rng.choice(segments, SAMPLED, replace=False):
            chosen.append(rng.choice(members[segment], TAKEN, replace=False))
            weights += [(len(segments) / SAMPLED) * (len(members[segment]) / TAKEN)] * TAKEN
    return people.iloc[np.concatenate(chosen)].assign(weight=weights).reset_index(drop=True)


def truth(people: pd.DataFrame) -> dict[str, float]:
    """Each measure's true value in the population, in its published unit."""
    out = {c: people[c].mean() * 100 for c in people.columns if c.startswith(("victim_", "avoids_"))}
    out |= {"feels_unsafe": people["feels_unsafe"].mean() * 100, "trusts_police": people["trusts_police"].mean() * 100,
            "incidence": people["times_any"].mean() * 1000,
            "dark_figure": people["unreported_any"].sum() / people["times_any"].sum() * 100}
    return out


def _answers(r, rng: np.random.Generator) -> dict[str, str]:
    """One respondent's row as ODK Central exports it: codes, space-separated select_multiple answers, empty
    cells for questions not asked."""
    crimes = [c for c in BASE if r[f"victim_{c}"]]
    places = [p for p in PLACES if r[f"avoids_{p}"]]
    unsafe = rng.choice(["unsafe", "very_unsafe"]) if r["feels_unsafe"] else rng.choice(["very_safe", "safe"])
    row = {"consent": "yes", "cluster": r["cluster"], "district": r["district"], "sex": r["sex"],
           "age": str(int(r["age"])), "crimes": " ".join(crimes) or "none",
           "why_not_reported": "waste_of_time" if r["unreported_any"] else "",
           "feel_safe_dark": unsafe, "trust_police": rng.choice(["a_lot", "some"]) if r["trusts_police"]
           else rng.choice(["little", "none"]), "places_avoided": " ".join(places) or "none"}
    for crime in BASE:
        asked = crime in crimes
        row[q.times(crime)] = str(int(r[f"times_{crime}"])) if asked else ""
        row[q.reported(crime)] = str(int(r[f"reported_{crime}"])) if asked else ""
    return row


def export(chosen: pd.DataFrame, seed: int = 30, refusals: int = 0) -> str:
    """The sample as ODK Central's CSV export of the portal's form, with the weight column added, and
    `refusals` people who did not consent (their other answers empty)."""
    rng = np.random.default_rng(seed)
    names = ["SubmissionDate", *(question.name for question in q.QUESTIONS), "meta-instanceID", "KEY",
             "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState",
             "DeviceID", "Edits", "FormVersion", "weight"]
    out = io.StringIO()
    writer = csv.DictWriter(out, names, lineterminator="\n", restval="")
    writer.writeheader()
    for i, r in chosen.iterrows():
        key = f"uuid:{uuid.UUID(int=int(rng.integers(2**63)) * 2 + i)}"
        meta = {"SubmissionDate": "2026-10-15T10:00:00.000Z", "meta-instanceID": key, "KEY": key,
                "SubmitterID": "7", "SubmitterName": "interviewer-7", "AttachmentsPresent": "0",
                "AttachmentsExpected": "0", "ReviewState": "approved", "DeviceID": "collect:X", "Edits": "0",
                "FormVersion": "2026120501", "weight": f"{r['weight']:.4f}"}
        writer.writerow(meta | _answers(r, rng))
    for i in range(refusals):
        key = f"uuid:{uuid.UUID(int=10**12 + i)}"
        writer.writerow({"consent": "no", "KEY": key, "meta-instanceID": key, "weight": "1"})
    return out.getvalue()


FIXTURE_FILE = "minicali/victimisation_survey.csv"
FIXTURE_SEED = 30


def fixture_export() -> str:
    """The fixture city's synthetic survey export (tests/fixtures/project/data/minicali/victimisation_survey.csv),
    made by this generator: `python tests/survey_population.py` writes it again."""
    people = population(FIXTURE_SEED)
    return export(sample(people, np.random.default_rng(FIXTURE_SEED)), FIXTURE_SEED, refusals=3)


if __name__ == "__main__":
    from pathlib import Path
    target = Path(__file__).resolve().parent / "fixtures" / "project" / "data" / FIXTURE_FILE
    target.write_text(fixture_export(), encoding="utf-8")
