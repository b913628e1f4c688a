"""A reader picks a breakdown of an indicator (Open SDG's way): the page's chart and table are redrawn for it,
the choice is kept in the URL and survives a reload; without JavaScript every breakdown is on the page, the
indicator's own trend first. On the real site, served as GitHub Pages serves it (under /portal/, gzip)."""
from __future__ import annotations

import pandas as pd

from browsing import Visit

PAGE = "/en/saopaulo/indicators/homicide_count/"
SHOWN = """parts => parts.filter(p => !p.hidden).map(p => ({
    breakdown: p.dataset.breakdown,
    img: p.querySelector('figure img').getAttribute('src'),
    rows: [...p.querySelectorAll('details table tbody tr')].map(r => [...r.cells].map(c => c.textContent.trim()))}))"""


def test_a_breakdown_choice_redraws_the_chart_and_the_table(browser, site_url, built_real):
    v = Visit(browser, built_real, site_url + PAGE)
    assert v.page.is_visible("#choose-breakdown")
    choices = v.page.eval_on_selector_all("#choose-breakdown input", "is => is.map(i => i.value)")
    assert choices == ["", "place_type", "sex"]
    [total] = v.page.eval_on_selector_all(".sap-breakdown", SHOWN)
    assert total["breakdown"] == "" and total["img"].endswith("/indicators/homicide_count.svg")  # the default
    v.page.check("#choose-breakdown input[value=sex]")
    [sex] = v.page.eval_on_selector_all(".sap-breakdown", SHOWN)
    assert sex["breakdown"] == "sex" and sex["img"].endswith("/breakdowns/homicide_count_by_sex.svg")
    assert v.page.evaluate("location.search") == "?breakdown=sex"
    published = pd.read_csv(built_real / "data" / "saopaulo" / "indicators" / "homicide_count_by_sex.csv",
                            dtype={"period": str})
    assert set(published["sex"]) == {"female", "male", "unknown"}
    # every row of the table is a row of the CSV, its count rounded once
    assert len(sex["rows"]) == len(published)
    women = published[(published["sex"] == "female")].iloc[-1]
    row = next(r for r in sex["rows"] if r[0] == women["period"] and "Women" in r)
    assert f"{women['value']:,.0f}" in row
    assert sex["rows"] != total["rows"]
    v.page.reload(wait_until="networkidle")  # the choice survives a reload (and a shared link)
    assert v.page.is_checked("#choose-breakdown input[value=sex]")
    assert [p["breakdown"] for p in v.page.eval_on_selector_all(".sap-breakdown", SHOWN)] == ["sex"]
    v.page.check("#choose-breakdown input[value='']")
    assert [p["breakdown"] for p in v.page.eval_on_selector_all(".sap-breakdown", SHOWN)] == [""]
    assert v.page.evaluate("location.search") == ""
    assert v.axe() == []
    v.close()
    assert v.problems == [] and v.foreign == []


def test_without_javascript_every_breakdown_is_on_the_page_after_the_indicators_own_trend(browser, site_url,
                                                                                         built_real):
    v = Visit(browser, built_real, site_url + PAGE + "?breakdown=sex", java_script_enabled=False)
    assert not v.page.is_visible("#choose-breakdown")
    shown = [p["breakdown"] for p in v.page.eval_on_selector_all(".sap-breakdown", SHOWN)]
    v.close()
    assert shown == ["", "place_type", "sex"]
