"""Two releases of one series (Durban's SAPS station figures): newer values win, revisions are listed,
and stations named in the newer file are matched to the districts file's codes by name."""
from __future__ import annotations

import pandas as pd
import pytest

from auditportal import tidy
from auditportal.compute import revisions as revision
from auditportal.read import config, geography, releases, sources
from auditportal.schema import Disclosure
from helpers import ROOT
from helpers import problems as reported

KEYS = tidy.KEYS


def frame(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    """A read table: (area, period, label, value) rows of one measure."""
    return pd.DataFrame([{"area_level": "station", "area_code": a, "period": p, "period_type": "financial_year",
                          "period_start": p[:4] + "-04-01", "period_end": "", "measure": "homicide",
                          "measure_label": label, "value": v, "coverage_months": pd.NA, "partial": False,
                          "note_keys": ""} for a, p, label, v in rows])


def test_the_newer_release_wins_and_its_changes_are_listed():
    old = frame([("A", "2011/12", "Murder", 10), ("A", "2012/13", "Murder", 12), ("B", "2012/13", "Murder", 3)])
    new = frame([("A", "2012/13", "Murder", 11), ("B", "2012/13", "Murder", 3), ("A", "2013/14", "Murder", 9)])
    series, revised = releases.merged([old, new], [], ["old.csv", "new.csv"])
    assert series[["area_code", "period", "value"]].values.tolist() == [
        ["A", "2011/12", 10.0], ["A", "2012/13", 11.0], ["A", "2013/14", 9.0], ["B", "2012/13", 3.0]]
    assert revised.to_dict("records") == [{"area_code": "A", "period": "2012/13", "measure": "homicide",
                                           "previous": 12.0, "revised": 11.0, "difference": -1.0,
                                           "release": "new.csv"}]


def test_labels_mapped_to_one_measure_are_added_up_before_comparing():
    old = frame([("A", "2012/13", "Total Sexual Crimes", 30)])
    new = frame([("A", "2012/13", "Sexual Offences", 20), ("A", "2012/13", "Sexual offences as result of police "
                                                                               "action", 10)])
    series, revised = releases.merged([old, new], [], ["old.csv", "new.csv"])
    assert series["value"].tolist() == [30.0] and revised.empty
    assert series["measure_label"].tolist() == ["Sexual Offences; Sexual offences as result of police action"]


def test_a_revision_is_withheld_where_the_dataset_suppresses_the_revised_value():
    revisions = pd.DataFrame({"area_code": ["A", "B", "C"], "period": ["2012/13"] * 3, "measure": ["m"] * 3,
                              "previous": [12.0, 9.0, 4.0], "revised": [11.0, 8.0, 5.0],
                              "difference": [-1.0, -1.0, 1.0], "release": ["new.csv"] * 3})
    dataset = pd.DataFrame({"area_code": ["A", "B", "C"], "period": ["2012/13"] * 3, "measure": ["m"] * 3,
                            "value": [11.0, None, 5.0]})
    shown = revision.published(revisions, dataset, Disclosure(suppress_below=5))
    assert shown[["previous", "revised", "flag"]].fillna("–").values.tolist() == [
        [12.0, 11.0, ""], ["–", "–", "suppressed"], ["–", "–", "suppressed"]]
    assert revision.summary(shown)[["cells", "withheld", "net"]].values.tolist() == [[3, 2, -1.0]]


def test_durban_series_runs_to_2015_16_with_the_newer_figures(built_real):
    data = built_real / "data" / "durban"
    published = pd.read_csv(data / "crime_by_station.csv")
    murders = pd.read_csv(data / "charts" / "murder_trend.csv").set_index("period")["value"]
    assert murders["2015/16"] == 1537 and murders["2005/06"] == 1995  # the newer release's (the older said 2003)
    revisions = pd.read_csv(data / "crime_by_station_revisions.csv")
    assert len(revisions) == 2054
    shown = revisions[revisions["flag"].isna()]
    assert not shown.empty and (shown["difference"] == shown["revised"] - shown["previous"]).all()
    merged = shown.merge(published, on=["area_code", "period", "measure"])
    assert len(merged) == len(shown) and (merged["revised"] == merged["value"]).all()
    assert not revisions[revisions["flag"] == "suppressed"][["previous", "revised", "difference"]].notna().any().any()


@pytest.fixture()
def durban(tmp_path):
    import shutil
    project = tmp_path / "project"
    for name in ("cities/durban", "data/durban"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "indicators.yml", project / "indicators.yml")
    return project


def read_durban(project):
    city = config.load_city(project, "durban", config.load_registry(project))
    geo = geography.load(project, city.districts)
    return sources.read_dataset(project, "crime_by_station", city.datasets["crime_by_station"], geo.known_codes(),
                                district_names=geo.names)


def test_station_names_match_the_districts_file_or_are_reported_with_the_nearest(durban):
    assert read_durban(durban).frame["area_code"].notna().all()
    path = durban / "cities" / "durban" / "city.yml"
    path.write_text(path.read_text().replace("aliases: {Mayville-Kzn: Mayville}", "aliases: {}"))
    assert reported(read_durban, durban) == [
        "data/durban/saps_ethekwini_stations_2005-06_to_2015-16.csv:79: Station: name 'Mayville-Kzn' matches no "
        "district (add it to area_name_match.aliases, e.g. 'Mayville-Kzn': 'Mayville')"]
