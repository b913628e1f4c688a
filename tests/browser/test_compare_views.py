"""A comparison's views of one selection of cities (Our World in Data's way): the line chart, each city's latest
value as bars and on a map, and the table; the line chart as relative change since a chosen year. Adding or
removing a city changes every view and the URL, and a reload keeps the choices. On the real site, served as
GitHub Pages serves it (under /portal/, gzip)."""
from __future__ import annotations

import pandas as pd

from browsing import Visit

PAGE = "/en/compare/homicide_count/"
VISIBLE = "ps => ps.filter(p => !p.hidden).map(p => p.dataset.view)"
ROWS = "rs => rs.filter(r => !r.hidden).map(r => r.dataset.city)"


def params(v: Visit) -> dict:
    """The page's query: the choices it keeps."""
    return v.page.evaluate("Object.fromEntries(new URLSearchParams(location.search))")


def drawn(v: Visit, fig: str, text: str) -> str:
    """The interactive chart's text once it holds `text`."""
    v.page.wait_for_function(f"(document.querySelector('{fig} .sap-interactive svg') || {{}}).textContent"
                             f"?.includes({text!r})")
    return v.page.text_content(f"{fig} .sap-interactive svg")


def test_the_latest_value_bars_and_the_table_follow_the_cities_chosen_and_a_reload(browser, site_url, built_real):
    v = Visit(browser, built_real, site_url + PAGE)
    assert v.page.eval_on_selector_all(".sap-view", VISIBLE) == ["chart"]
    v.page.check("#choose-view input[value=latest]")
    assert v.page.eval_on_selector_all(".sap-view", VISIBLE) == ["latest"]
    assert params(v) == {"view": "latest"}
    published = pd.read_csv(built_real / "data" / "compare" / "homicide_count.csv", dtype={"period": str})
    cali = published[(published["city"] == "cali") & ~published["flag"].fillna("").str.contains("partial")]
    latest = cali.dropna(subset=["value"]).iloc[-1]
    v.page.uncheck("#choose-cities input[value=saopaulo]")
    bars = drawn(v, "#latest-homicide_count", "Santiago de Cali")
    assert "São Paulo" not in bars
    assert f"{latest['value']:,.0f} ({latest['period']})" in bars  # the CSV's value, rounded once
    assert params(v) == {"cities": "cali", "view": "latest"}
    v.page.check("#choose-view input[value=map]")  # the same values, where the cities are
    assert v.page.eval_on_selector_all(".sap-view", VISIBLE) == ["map"]
    placed = drawn(v, "#map-homicide_count", "Santiago de Cali")
    assert "São Paulo" not in placed and f"{latest['value']:,.0f} ({latest['period']})" in placed
    v.page.check("#choose-view input[value=table]")
    assert v.page.eval_on_selector_all(".sap-view", VISIBLE) == ["table"]
    assert v.page.eval_on_selector_all("tr[data-city]", ROWS) == ["cali"]
    v.page.reload(wait_until="networkidle")
    assert v.page.eval_on_selector_all(".sap-view", VISIBLE) == ["table"]
    assert v.page.eval_on_selector_all("tr[data-city]", ROWS) == ["cali"]
    v.page.check("#choose-view input[value=latest]")
    assert "São Paulo" not in drawn(v, "#latest-homicide_count", "Santiago de Cali")
    assert v.axe() == []
    v.close()
    assert v.problems == [] and v.foreign == [], (v.problems, v.foreign)


def test_relative_change_since_a_chosen_year_redraws_the_chart_and_survives_a_reload(browser, site_url, built_real):
    v = Visit(browser, built_real, site_url + PAGE)
    years = v.page.eval_on_selector_all("#choose-since option", "os => os.map(o => o.value)")
    assert years and v.page.is_visible("#choose-since")
    start = years[0]
    v.page.select_option("#choose-since select", start)
    v.page.check("#choose-since input[name=relative]")
    chart = drawn(v, "#compare-homicide_count", f"% change since {start}")
    assert "Santiago de Cali" in chart and "São Paulo" in chart
    assert params(v) == {"since": start}
    v.page.uncheck("#choose-cities input[value=cali]")
    chart = drawn(v, "#compare-homicide_count", f"% change since {start}")
    assert "Santiago de Cali" not in chart
    v.page.reload(wait_until="networkidle")
    assert v.page.is_checked("#choose-since input[name=relative]")
    chart = drawn(v, "#compare-homicide_count", f"% change since {start}")
    assert "Santiago de Cali" not in chart and "São Paulo" in chart
    v.page.uncheck("#choose-since input[name=relative]")
    v.page.wait_for_function("(svg => svg && !svg.textContent.includes('% change'))"
                             "(document.querySelector('#compare-homicide_count .sap-interactive svg'))")
    assert params(v) == {"cities": "saopaulo"}
    v.close()
    assert v.problems == [] and v.foreign == [], (v.problems, v.foreign)
