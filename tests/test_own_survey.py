"""A city's own victimisation survey (issue 30): the XLSForm converts with pyxform in every language and asks
nothing that identifies anyone; the export is read with every problem located by row and column; the
estimates recover a synthetic population's truth at the stated coverage; nothing published holds a
respondent's row."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import survey_population as sp
from defusedxml import ElementTree
from pyxform.xls2xform import convert

from auditportal.compute import survey_estimates
from auditportal.read import questionnaire as q
from auditportal.read import survey_export
from auditportal.records import Geography
from auditportal.schema import Disclosure
from auditportal.schema.survey import OwnSurvey
from auditportal.write import forms
from helpers import problems


@pytest.mark.parametrize("lang", q.LANGUAGES)
def test_the_xlsform_converts_to_a_valid_xform(lang):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{forms.KIT}.{lang}.xlsx"
        path.write_bytes(forms.workbook(lang))
        result = convert(xlsform=str(path))
    root = ElementTree.fromstring(result.xform.encode("utf-8"))
    assert root.tag.endswith("html") and not result.warnings
    assert forms.TITLES[lang] in result.xform


def test_the_form_asks_nothing_that_identifies_anyone():
    for question in q.QUESTIONS:
        assert not any(word in question.name for word in q.IDENTIFYING), question.name
        assert question.kind.split()[0] in ("select_one", "select_multiple", "integer", "select_one_from_file") \
            or question.name == "cluster", question.kind  # the one text field: the sample's segment code
    assert forms.workbook("es") == forms.workbook("es")  # a build gives the same bytes twice


# --- the import --------------------------------------------------------------------------------------------

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "project"
SHOWN = "data/minicali/survey.csv"


def survey_config(**changes) -> OwnSurvey:
    declared = {"file": "minicali/survey.csv", "title": "Survey", "description": "Synthetic.", "year": 2025,
                "source": {"publisher": "Synthetic", "licence": "CC0-1.0", "terms": "Made up.",
                           "retrieved": "2026-12-05"}, "stratum_column": "district", "synthetic": True}
    return OwnSurvey.model_validate(declared | changes)


def read_text(tmp_path, text: str, **changes):
    (tmp_path / "data" / "minicali").mkdir(parents=True)
    (tmp_path / "data" / "minicali" / "survey.csv").write_text(text, encoding="utf-8")
    geo = Geography("polygon", ["01", "02", "03"], {c: f"Comuna {int(c)}" for c in ("01", "02", "03")}, {})
    return survey_export.read(tmp_path, "survey", survey_config(**changes), geo, 2)


@pytest.fixture(scope="module")
def people():
    return sp.population(7)


def small_sample(people, seed=3) -> pd.DataFrame:
    return sp.sample(people, np.random.default_rng(seed))


def test_the_export_reads_back_the_generators_sample(tmp_path, people):
    """The sample written as ODK Central's export and read back gives the respondents the estimates start from:
    metadata dropped, refusals left out and counted."""
    chosen = small_sample(people)
    read = read_text(tmp_path, sp.export(chosen, refusals=2))
    assert read.rows_read == len(chosen) + 2 and read.rows_excluded == {"no_consent": 2}
    for column in ["district", "sex", "age_group", "victim_any", "times_any", "unreported_any", "feels_unsafe",
                   "trusts_police", "avoids_parks"]:
        assert list(read.frame[column]) == list(chosen[column]), column
    assert np.allclose(read.frame["weight"], chosen["weight"], rtol=1e-4)
    assert not {"SubmitterName", "DeviceID", "KEY"} & set(read.frame.columns)


def broken(people) -> str:
    """An export with one of each problem (each comment says its line)."""
    rows = list(csv.DictReader(io.StringIO(sp.export(small_sample(people)))))
    rows[0]["sex"] = "mujer"                         # line 2
    rows[1]["weight"] = ""                           # line 3
    rows[2]["district"] = "09"                       # line 4
    rows[3]["age"] = "17"                            # line 5
    rows[5]["KEY"] = rows[4]["KEY"]                  # line 7
    rows[6]["crimes"] = "burglary stabbing"          # line 8
    rows[6]["times_burglary"], rows[6]["reported_burglary"] = "2", "3"
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_every_problem_of_the_export_is_located_by_line_and_column(tmp_path, people):
    found = problems(read_text, tmp_path, broken(people))
    assert f"{SHOWN}:2: sex: unknown answer 'mujer' (the form's answers: female, male, other, no_answer)" in found
    assert any(p.startswith(f"{SHOWN}:3: weight: expected a positive sampling weight, got ''") for p in found)
    assert any(p.startswith(f"{SHOWN}:4: district: district '09' is not in the districts file") for p in found)
    assert any(p.startswith(f"{SHOWN}:5: age: expected an age from 18 to 99, got '17'") for p in found)
    assert any(p.startswith(f"{SHOWN}:7: KEY: submission 'uuid:") and "also on line 6" in p for p in found)
    assert any(p.startswith(f"{SHOWN}:8: crimes: unknown answer 'stabbing'") for p in found)
    assert any(p.startswith(f"{SHOWN}:8: reported_burglary: expected a number of crimes reported from 0 to 2, "
                            "got '3'") for p in found)
    assert not any("Traceback" in p for p in found)


def test_a_column_missing_from_the_export_is_named(tmp_path, people):
    text = sp.export(small_sample(people)).replace(",weight\n", ",peso\n", 1)
    assert problems(read_text, tmp_path, text) == [
        f"{SHOWN}:1: weight: column missing from the export (the export must be of the portal's questionnaire "
        "(the victimisation_survey kit), unchanged)"]


def test_a_stratum_without_its_population_is_located(tmp_path, people):
    found = problems(read_text, tmp_path, sp.export(small_sample(people)), stratum_population={"01": 15000,
                                                                                              "02": 15000})
    assert any(p.startswith(f"{SHOWN}:") and ": district: stratum '03' has no population" in p for p in found)


def test_the_fixture_survey_is_the_generators():
    assert (FIXTURE / "data" / sp.FIXTURE_FILE).read_text(encoding="utf-8") == sp.fixture_export()


# --- the estimates -----------------------------------------------------------------------------------------

REPLICATIONS = 300
COVERED = ("victim_any", "incidence", "dark_figure", "feels_unsafe")


def test_the_intervals_cover_the_truth_at_the_stated_rate(people):
    """Over repeated stratified cluster samples of one population, the 95 % intervals hold the population's true
    value 93-97 % of the time (pooled over four measures of each kind: a prevalence, an incidence, a ratio and a
    perception), and no measure's alone strays below 90 %."""
    truth = sp.truth(people)
    measures = [m for m in survey_estimates.MEASURES if m.id in COVERED]
    rng = np.random.default_rng(2026)
    hits = {m.id: 0 for m in measures}
    for _ in range(REPLICATIONS):
        chosen = sp.sample(people, rng)
        for m in measures:
            row = survey_estimates.measure(chosen, m, "all").iloc[0]
            hits[m.id] += bool(row["lower"] <= truth[m.id] <= row["upper"])
    rates = {k: v / REPLICATIONS for k, v in hits.items()}
    pooled = sum(hits.values()) / (REPLICATIONS * len(measures))
    print("coverage", rates, "pooled", pooled)
    assert 0.93 <= pooled <= 0.97, rates
    assert min(rates.values()) >= 0.90, rates


def test_the_rule_withholds_and_marks(tmp_path, people):
    """Fewer than 30 respondents: withheld (no value); a CV above 30 %: published, marked unreliable; every value
    rounded once."""
    read = read_text(tmp_path, sp.export(small_sample(people)))
    est = survey_estimates.estimate(read, {"01": "Comuna 1"}, Disclosure()).estimates
    withheld = est[est["flag"] == "withheld"]
    assert len(withheld) and withheld["estimate"].isna().all() and withheld["se"].isna().all()
    shaky = est[est["flag"] == "unreliable"]
    assert len(shaky) and ((shaky["cv"] > 30) | shaky["cv"].isna()).all() and shaky["estimate"].notna().all()
    fine = est[est["flag"] == ""]
    assert (fine["cv"] <= 30).all() and (fine["respondents"] >= 30).all()
    assert (fine["estimate"] == fine["estimate"].round(1)).all() and (fine["se"] == fine["se"].round(2)).all()
    overall = est[(est["measure"] == "victim_any") & (est["breakdown"] == "all")].iloc[0]
    assert overall["lower"] < overall["estimate"] < overall["upper"] and overall["respondents"] == len(read.frame)


# --- the site ----------------------------------------------------------------------------------------------

ESTIMATES = "data/minicali/surveys/own_survey_estimates.csv"
SYNTHETIC = {"es": "Datos sintéticos", "en": "Synthetic data", "pt": "Dados sintéticos"}


def test_the_fixture_citys_survey_page_builds_in_every_language(built_fixture):
    site = built_fixture / "site"
    for lang, words in SYNTHETIC.items():
        page = (site / lang / "minicali" / "survey" / "index.html").read_text(encoding="utf-8")
        assert words in page and "victimisation_survey.zip" in page and "own_survey_estimates.csv" in page
        for fig in ("own_survey_crimes", "own_survey_districts", "own_survey_map"):
            assert (site / lang / "minicali" / "surveys" / f"{fig}.svg").is_file()
    for lang in q.LANGUAGES:
        assert (site / "kits" / forms.KIT / f"{forms.KIT}.{lang}.xlsx").is_file()
    assert (site / "kits" / f"{forms.KIT}.zip").is_file()
    templates = (site / "en" / "templates" / "index.html").read_text(encoding="utf-8")
    assert all(f"{forms.KIT}.{lang}.xlsx" in templates for lang in q.LANGUAGES)
    method = (site / "en" / "method" / "index.html").read_text(encoding="utf-8")
    assert 'id="own-survey"' in method and "What not to collect" in method


def test_every_number_on_the_page_is_the_published_csvs(built_fixture):
    """The page's table (its JSON twin) shows each estimate, interval, SE and CV exactly as the CSV holds it."""
    site = built_fixture / "site"
    published = list(csv.DictReader(open(site / ESTIMATES, encoding="utf-8")))
    assert list(published[0]) == survey_estimates.COLUMNS
    view = json.loads((site / "api" / "v1" / "en" / "minicali" / "survey.json").read_text(encoding="utf-8"))
    table = view["surveys"][0]["table"]["rows"]
    assert len(table) == len(published)
    number = lambda text: float(text.replace(",", "")) if text else None  # noqa: E731
    for row, shown in zip(published, table):
        _, _, estimate, interval, se, cv, respondents, _ = shown
        lower, _, upper = interval.partition(" – ")
        for value, text in ((row["estimate"], estimate), (row["lower"], lower), (row["upper"], upper),
                            (row["se"], se), (row["cv"], cv), (row["respondents"], respondents)):
            assert (float(value) if value else None) == number(text), (row, shown)
    overall = published[0]
    assert overall["measure"] == "victim_any" and overall["breakdown"] == "all" and overall["flag"] == ""
    assert view["surveys"][0]["synthetic"] is True


def test_surveyed_crime_stands_beside_recorded_crime_that_recomputes_from_the_published_files(built_fixture):
    """The recorded count of each area is the sum of its 12 published months of thefts in 2024 (the year before
    the 2025 fieldwork), empty where a month was withheld; the share is recorded / surveyed; the page shows
    those values."""
    site = built_fixture / "site"
    beside = pd.read_csv(site / "data" / "minicali" / "surveys" / "own_survey_recorded.csv", dtype={"district": str})
    literal = beside[["district", "year", "surveyed", "recorded", "recorded_share", "flag"]].fillna("")
    assert literal.values.tolist() == [["01", 2024, 3625, 0.0, 0.0, ""],
                                       ["02", 2024, 5875, "", "", "recorded_withheld"],
                                       ["03", 2024, 2250, 0.0, 0.0, "unreliable"]]
    police = pd.read_csv(site / "data" / "minicali" / "incident_points.csv", dtype={"area_code": str})
    police = police[police["period"].str.startswith("2024-") & (police["measure"] == "theft")]
    for r in beside.itertuples():
        months = police[police["area_code"] == r.district]
        assert months["period"].nunique() == 12
        if months["value"].isna().any():
            assert pd.isna(r.recorded) and r.flag == "recorded_withheld"
        else:
            assert r.recorded == months["value"].sum()
            assert r.recorded_share == round(r.recorded / r.surveyed * 100, 1)
        assert r.surveyed_lower < r.surveyed < r.surveyed_upper
    view = json.loads((site / "api" / "v1" / "en" / "minicali" / "survey.json").read_text(encoding="utf-8"))
    shown = view["surveys"][0]["recorded"]["table"]["rows"]
    assert [row[0] for row in shown] == beside["district_name"].tolist()
    assert [row[1] for row in shown] == [f"{v:,}" for v in beside["surveyed"]]
    assert [row[3] for row in shown] == ["" if pd.isna(v) else f"{v:,.0f}" for v in beside["recorded"]]


def test_no_published_file_holds_a_respondent_row(built_fixture):
    """Only estimates leave the build: no submission id, interviewer, age or weight of the export is in any
    published file, and no published table has a respondent's columns."""
    export = list(csv.DictReader(open(FIXTURE / "data" / sp.FIXTURE_FILE, encoding="utf-8")))
    ids = {r["KEY"] for r in export}
    site = built_fixture / "site"
    for path in site.rglob("*"):
        if path.suffix not in (".csv", ".json", ".html", ".geojson", ".md", ".txt", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "interviewer-7" not in text and "uuid:00000000-0000-0000" not in text, path
        assert not any(key in text for key in ids if key), path
        if path.suffix == ".csv":
            header = text.split("\n", 1)[0].split(",")
            assert not {"weight", "cluster", "age", "KEY", "crimes"} & set(header), path


def test_validate_says_the_exports_problems_without_a_traceback(project):
    """`build.py validate` on the fixture city with a broken export: each problem at its line and column."""
    export = project / "data" / sp.FIXTURE_FILE
    lines = export.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace(",male,", ",hombre,", 1)
    export.write_text("\n".join(lines), encoding="utf-8")
    result = subprocess.run([sys.executable, str(Path(__file__).resolve().parents[1] / "build.py"), "--root",
                             str(project), "validate"], capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[:2] == [
        "data/minicali/victimisation_survey.csv:2: sex: unknown answer 'hombre' (the form's answers: female, male, "
        "other, no_answer)", "1 problem(s) found; nothing was published."]
