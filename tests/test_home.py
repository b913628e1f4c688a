"""The home page: each city's latest headline figure as its indicator page shows it, the period of its data,
and its trend drawn small from the published values."""
import json

import pandas as pd

from auditportal.write.views import portal


def test_a_trend_is_drawn_inside_its_box_first_to_last():
    w, h, m = portal.SPARK
    points = [tuple(map(float, p.split(","))) for p in portal.sparkline([10.0, 30.0, 20.0]).split()]
    assert [x for x, _ in points] == [m, w / 2, w - m]
    assert points[1][1] == m and points[0][1] == h - m  # the highest value at the top, the lowest at the bottom
    flat = [tuple(map(float, p.split(","))) for p in portal.sparkline([5.0, 5.0]).split()]
    assert {y for _, y in flat} == {h - m}  # a flat line, not a division by zero


def test_each_citys_latest_figure_is_its_published_value_rounded_once(built_real):
    view = json.loads((built_real / "api" / "v1" / "en" / "index.json").read_text(encoding="utf-8"))
    assert "title" not in view["meta"]  # the theme titles the home page with the site's name, once
    shown = {c["slug"]: c["indicator"] for c in view["latest"]}
    assert shown["cdmx"] is None  # no indicator yet: the card says the period its data cover
    for slug, i in shown.items():
        if i is None:
            continue
        own = pd.read_csv(built_real / "data" / slug / "indicators" / f"{i['id']}.csv", dtype={"period": str})
        value = own.set_index("period").loc[i["period"], "value"]
        decimals = 0 if i["unit"] == "" else 1
        assert i["value"] == f"{value:,.{decimals}f}", (slug, i)
        assert i["data_to"] == f"data for {i['period']}"
        whole = own.dropna(subset=["value"])
        whole = whole[~whole["flag"].fillna("").str.contains("partial")]
        assert i["spark"].count(",") == len(whole), slug  # a point for each whole period, none withheld
