"""Querétaro's victimisation survey (INEGI's ENVIPE) as the real site publishes it: the values shown equal
INEGI's own, the recorded line equals SESNSP's file summed, and the missing margins of error are said."""
import html
import json
import re

import pandas as pd

from helpers import ROOT

DATA = ROOT / "data" / "queretaro"


def text_of(page) -> str:
    """A page's article as a reader reads it: tags and scripts out, spaces collapsed."""
    source = page.read_text(encoding="utf-8")
    article = re.sub(r"<script.*?</script>", "", source[source.find("<article"):source.find("</article>")], flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", article)))


def test_dark_figure_shown_equals_inegis_for_queretaro_2024(built_real):
    """INEGI, ENVIPE 2025, table 3.3: Querétaro, 2024: 842,305 crimes, 91.3 % not reported or investigated."""
    indicator = pd.read_csv(built_real / "data" / "queretaro" / "indicators" / "unreported_crime_share.csv")
    latest = indicator[indicator["period"] == 2024].iloc[0]
    assert (latest["numerator"], latest["denominator"], round(latest["value"], 1)) == (769213, 842305, 91.3)
    page = text_of(built_real / "en" / "queretaro" / "indicators" / "unreported_crime_share" / "index.html")
    assert "Latest value 91.3 percent (2024) Numerator 769,213 Denominator 842,305" in page
    assert "Change since baseline +1.2 points" in page
    assert "no standard errors or confidence intervals" in page
    twin = json.loads((built_real / "api" / "v1" / "en" / "queretaro" / "index.json").read_text())
    said = [f["text"] for f in twin["findings"]]
    # a survey's estimates without published margins: both values, and no change called
    assert ("Dark figure: crimes not reported or not investigated (%), Querétaro and the country, Querétaro: "
            "88.8% in 2012 and 91.3% in 2024; the source publishes no margins of error, so whether the change is "
            "real cannot be told.") in said
    assert ("Dark figure by state (%), Querétaro highlighted: Querétaro ranks 27 of 32 in 2024 (91.3%); the "
            "highest is Tamaulipas (97.2%) and the lowest Colima (90.0%).") in said


def test_surveyed_and_recorded_lines_recompute_from_their_files(built_real):
    chart = pd.read_csv(built_real / "data" / "queretaro" / "charts" / "surveyed_and_recorded.csv")
    survey = pd.read_csv(DATA / "envipe_cifra_negra_by_state_2012_2024.csv")
    expected = survey[survey["cve_ent"] == 22].set_index("reference_year")["delitos_ocurridos"]
    shown = chart[chart["line"] == "envipe_crime"].set_index("period")["value"]
    assert shown.to_dict() == expected.to_dict()
    recorded = pd.read_csv(DATA / "qro_state_crime_incidence_by_type_year.csv").groupby("n_year")["n_delitos"].sum()
    assert chart[chart["line"] == "state_crime"].set_index("period")["value"].to_dict() == recorded.to_dict()
    twin = json.loads((built_real / "api" / "v1" / "en" / "queretaro" / "index.json").read_text())
    assert any(f["text"].endswith("in 2024, Crimes that occurred (estimate): 842,305; Crimes recorded by the police "
                                  "(SESNSP): 59,371 (14.2 times as many).") for f in twin["findings"])


def test_survey_estimates_are_not_suppressed_and_keep_their_edition(built_real):
    published = pd.read_csv(built_real / "data" / "queretaro" / "envipe_crime.csv", dtype={"area_code": str})
    assert len(published) == 429 * 3 and published["flag"].isna().all()
    qro = published[(published["area_code"] == "22") & (published["period"] == 2024)]
    assert set(qro["edition"]) == {2025} and set(qro["area_name"]) == {"Querétaro"}


def test_wide_columns_turn_each_measure_and_year_into_rows(built_real):
    """México Evalúa's file holds one column per measure and year (pre2013, inc2013, ins2014, ...):
    wide_columns reads them into rows, every value as the file has it."""
    source = pd.read_csv(DATA / "mexicoevalua_envipe_states_2010_2013_utf8.csv").set_index("codigo")
    published = pd.read_csv(built_real / "data" / "queretaro" / "envipe_2010_2013.csv", dtype={"area_code": str})
    assert len(published) == 33 * 12  # 32 states and the country, 3 measures x 4 years
    qro = published[published["area_code"] == "22"].set_index(["measure", "period"])["value"]
    measures = {"pre": "victimisation_prevalence", "inc": "crime_incidence", "ins": "feel_unsafe_pct"}
    for prefix, measure in measures.items():
        for column in (c for c in source.columns if c.startswith(prefix)):
            assert qro[(measure, int(column[3:]))] == source.loc[22, column], column
    chart = pd.read_csv(built_real / "data" / "queretaro" / "charts" / "victimisation_prevalence_trend.csv",
                        dtype={"area_code": str})
    assert sorted(chart["period"].unique()) == [2010, 2011, 2012, 2013]
