"""A city's own survey read from its server's CSV export (ODK Central or KoboToolbox) of the portal's
questionnaire (questionnaire.py), with the sample design declared in city.yml (schema.dataset.OwnSurvey).

Every problem is located by line and column, all at once: a missing column, a submission exported twice, an
answer code the form does not have, a missing weight or cluster, a district not in the districts file, an age
outside the form's range, more crimes reported than suffered. The server's metadata columns (submitter,
device, dates, review state) and the split select_multiple columns are never read. Respondents who did not
consent are left out and counted. What comes out is one row per respondent, never published."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..problems import Problem, ValidationFailed
from ..records import Geography, SurveyResponses
from ..schema.survey import OwnSurvey
from . import cells
from . import questionnaire as q

FORM_HINT = "the export must be of the portal's questionnaire (the victimisation_survey kit), unchanged"


def read(root: Path, slug: str, survey: OwnSurvey, geo: Geography | None, code_width: int | None) -> SurveyResponses:
    """The export read and checked; ValidationFailed with every problem, each at its line and column."""
    shown = f"data/{survey.file}"
    text_path = root / "data" / survey.file
    if not text_path.is_file():
        raise ValidationFailed([Problem(shown, None, "", "file not found", "check surveys." + slug + ".file")])
    raw = pd.read_csv(text_path, dtype=str, keep_default_na=False, sep=survey.delimiter, encoding="utf-8-sig")
    missing = [col for col in _needed(survey) if col not in raw.columns]
    if missing:
        raise ValidationFailed([Problem(shown, 1, col, "column missing from the export", FORM_HINT)
                                for col in missing])
    raw = raw[_needed(survey)].apply(lambda s: s.str.strip())
    raw.index = pd.RangeIndex(2, len(raw) + 2)  # each row's line in the file, after the header
    rows = cells.RowProblems(shown)
    _duplicates(raw[survey.ids()], rows)
    consent = raw["consent"]
    _codes(consent, "yes_no", rows)
    kept = raw[consent == "yes"]
    known = geo.known_codes() if geo else None
    frame = pd.DataFrame({
        "line": kept.index, "stratum": kept[survey.stratum_column] if survey.stratum_column else "all",
        "cluster": kept[survey.cluster_column], "weight": _weights(kept[survey.weight_column], rows),
        "district": _districts(kept["district"], known, code_width, rows), "sex": _codes(kept["sex"], "sex", rows),
        "age_group": _ages(kept["age"], rows)}, index=kept.index)
    for line, cluster in kept[survey.cluster_column].items():
        if not cluster:
            rows.add(int(line), survey.cluster_column, "no cluster", "no cluster (primary sampling unit)",
                     "every respondent needs the sample segment they were interviewed in")
    _strata(frame["stratum"], survey, rows)
    frame = frame.join(_victimisation(kept, rows)).join(_perception(kept, rows))
    if rows.all():
        raise ValidationFailed(rows.all())
    return SurveyResponses(slug, survey, frame.reset_index(drop=True), len(raw),
                           {"no_consent": int((consent == "no").sum())})


def _needed(survey: OwnSurvey) -> list[str]:
    """The columns read: the form's questions and the design's; every other column is dropped."""
    design = [survey.ids(), survey.cluster_column, survey.weight_column, *filter(None, [survey.stratum_column])]
    return list(dict.fromkeys([*design, *(question.name for question in q.QUESTIONS)]))


def _duplicates(ids: pd.Series, rows: cells.RowProblems) -> None:
    first: dict[str, int] = {}
    for line, value in ids.items():
        if not value:
            rows.add(int(line), str(ids.name), "no submission id", "no submission id",
                     "export the server's submission id column unchanged")
        elif value in first:
            rows.add(int(line), str(ids.name), "duplicate submission", f"submission {value!r} is also on line "
                     f"{first[value]}", "a submission exported twice would count its respondent twice: remove one")
        else:
            first[value] = int(line)


def _codes(column: pd.Series, list_name: str, rows: cells.RowProblems, multiple: bool = False) -> pd.Series:
    """The column's answers, each an answer code of the form's choice list (a select_multiple's codes are
    separated by spaces); an unknown one is reported."""
    allowed = q.codes(list_name)
    for line, value in column.items():
        for code in (value.split() if multiple else [value]):
            if code not in allowed:
                rows.add(int(line), str(column.name), "unknown choice",
                         f"unknown answer {code!r}", f"the form's answers: {', '.join(allowed)}")
    return column


def _integers(column: pd.Series, low: int, high: pd.Series | int, rows: cells.RowProblems, what: str) -> pd.Series:
    """Whole numbers from `low` to `high` (a number, or each row's own bound); others reported."""
    values = pd.to_numeric(column.where(column.str.fullmatch(r"-?\d+(\.0+)?"), None), errors="coerce")
    bound = high if isinstance(high, pd.Series) else pd.Series(high, index=column.index)
    wrong = values.isna() | (values < low) | (values > bound)
    for line in column.index[wrong]:
        rows.add(int(line), str(column.name), f"{what} out of range",
                 f"expected {what} from {low} to {bound[line]:g}, got {column[line]!r}", "as the form's constraint")
    return values


def _weights(column: pd.Series, rows: cells.RowProblems) -> pd.Series:
    values = pd.to_numeric(column.where(column.str.fullmatch(r"\d+(\.\d+)?([eE][+-]?\d+)?"), None), errors="coerce")
    for line in column.index[values.isna() | (values <= 0)]:
        rows.add(int(line), str(column.name), "missing weight", f"expected a positive sampling weight, got "
                 f"{column[line]!r}", "every respondent needs the weight the sample design gives them")
    return values


def _districts(column: pd.Series, known: set[str] | None, width: int | None, rows: cells.RowProblems) -> pd.Series:
    codes = column.map(lambda c: c.zfill(width) if width and c.isdigit() else c)
    for line, code in codes.items():
        if not code or (known is not None and code not in known):
            rows.add(int(line), str(column.name), "unknown district", f"district {column[line]!r} is not in the "
                     "districts file", "the form's districts.csv must hold the districts file's codes")
    return codes


def _ages(column: pd.Series, rows: cells.RowProblems) -> pd.Series:
    ages = _integers(column, q.MIN_AGE, q.MAX_AGE, rows, "an age")
    return ages.map(lambda a: q.age_group(int(a)) if a == a and q.MIN_AGE <= a <= q.MAX_AGE else "")


def _strata(strata: pd.Series, survey: OwnSurvey, rows: cells.RowProblems) -> None:
    for line, stratum in strata.items():
        if not stratum or (survey.stratum_population and stratum not in survey.stratum_population):
            rows.add(int(line), survey.stratum_column or "", "unknown stratum", f"stratum {stratum!r} has no "
                     "population in stratum_population", "list every stratum's residents, or none")


def _victimisation(kept: pd.DataFrame, rows: cells.RowProblems) -> pd.DataFrame:
    """Per crime type: whether the respondent suffered it (0/1), how many times and how many were reported;
    and the same over every type."""
    crimes = _codes(kept["crimes"], "crime", rows, multiple=True).str.split()
    out = pd.DataFrame(index=kept.index)
    for crime in q.CRIMES:
        suffered = crimes.map(lambda codes, c=crime: c in codes)
        times = _integers(kept.loc[suffered, q.times(crime)], 1, q.MAX_TIMES, rows, "a number of times")
        told = _integers(kept.loc[suffered, q.reported(crime)], 0, times.fillna(q.MAX_TIMES), rows,
                         "a number of crimes reported")
        out[f"victim_{crime}"] = suffered.astype(float)
        out[f"times_{crime}"] = times.reindex(kept.index).fillna(0.0)
        out[f"reported_{crime}"] = told.reindex(kept.index).fillna(0.0)
    out["victim_any"] = (out[[f"victim_{c}" for c in q.CRIMES]].sum(axis=1) > 0).astype(float)
    out["times_any"] = out[[f"times_{c}" for c in q.CRIMES]].sum(axis=1)
    out["reported_any"] = out[[f"reported_{c}" for c in q.CRIMES]].sum(axis=1)
    out["unreported_any"] = out["times_any"] - out["reported_any"]
    return out


def _perception(kept: pd.DataFrame, rows: cells.RowProblems) -> pd.DataFrame:
    safety = _codes(kept["feel_safe_dark"], "safety", rows)
    trust = _codes(kept["trust_police"], "trust", rows)
    places = _codes(kept["places_avoided"], "place", rows, multiple=True).str.split()
    out = pd.DataFrame({"feels_unsafe": safety.isin(["unsafe", "very_unsafe"]).astype(float),
                        "trusts_police": trust.isin(["a_lot", "some"]).astype(float)}, index=kept.index)
    for place in q.codes("place"):
        if place != "none":
            out[f"avoids_{place}"] = places.map(lambda codes, p=place: p in codes).astype(float)
    return out.astype(np.float64)
