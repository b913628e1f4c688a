"""What a reader sees on a phone (360 px) and on a desktop, on the real site served as GitHub Pages serves it
(under /portal/, gzip): the home page's latest figure of each city with its trend, a comparison's chart drawn
for the phone, key/value tables without an empty header, and axe-core's best-practice rules as well as WCAG."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from browsing import WCAG, Visit

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2}


def axe(v: Visit, tags: list[str]) -> list[str]:
    v.page.add_script_tag(path=str(__import__("browsing").AXE))
    return v.page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))", tags)


def test_the_home_page_shows_each_citys_latest_figure_with_its_trend_and_date(browser, site_url, built_real):
    v = Visit(browser, built_real, site_url + "/en/", **PHONE)
    assert v.page.title() == "Safety Audit Portal"  # once, not "Portal - Portal"
    cards = v.page.eval_on_selector_all(".sap-latest-city", """cs => cs.map(c => ({
        name: c.querySelector('.sap-latest-name').textContent.trim(),
        value: (c.querySelector('.sap-latest-value strong') || {}).textContent || '',
        period: (c.querySelector('.sap-latest-period') || {}).textContent || '',
        link: (c.querySelector('.sap-latest-value a') || {}).href || '',
        trend: (c.querySelector('svg.sap-spark') || {getAttribute: () => ''}).getAttribute('aria-label'),
        width: c.getBoundingClientRect().right}))""")
    wide = v.page.evaluate("document.documentElement.scrollWidth")
    broken = v.broken_links()
    v.close()
    assert [c["name"] for c in cards] == ["Santiago de Cali", "Mexico City", "Durban (eThekwini)", "Querétaro",
                                          "São Paulo (immediate region)"]
    cali = cards[0]
    own = pd.read_csv(built_real / "data" / "cali" / "indicators" / "homicide_rate.csv", dtype={"period": str})
    assert cali["period"] == "data for 2024"
    assert cali["value"] == f"{own.set_index('period').loc['2024', 'value']:.1f}"
    assert cali["link"].endswith("/portal/en/cali/indicators/homicide_rate/")
    assert cali["trend"] == "Trend of Intentional homicide rate in Santiago de Cali, 2003 to 2024"
    assert all(c["trend"] for c in cards if c["value"])
    assert wide <= 360 and all(c["width"] <= 360 for c in cards)  # nothing off a phone's screen
    assert broken == [] and v.problems == [] and v.foreign == []


def test_a_comparison_on_a_phone_is_drawn_for_the_phone_and_lists_the_cities_apart(browser, site_url, built_real):
    v = Visit(browser, built_real, site_url + "/en/compare/homicide_rate/", **PHONE)
    img = v.page.eval_on_selector("#compare-homicide_rate img", """i => { i.loading = 'eager'; i.scrollIntoView();
        return i.decode().then(() => ({src: i.currentSrc, width: i.getBoundingClientRect().width})); }""")
    headings = v.page.eval_on_selector_all("article h2", "hs => hs.map(h => h.firstChild.textContent.trim())")
    apart = v.page.eval_on_selector_all("#apart ~ * tbody tr", "rs => rs.map(r => r.innerText)")
    table_right = v.page.eval_on_selector_all("article table", """ts => ts.map(t => {
        const cells = t.querySelectorAll('tr:first-child > *');
        return Math.max(...[...cells].slice(0, 3).map(c => c.getBoundingClientRect().right)); })""")
    v.close()
    assert img["src"].endswith("/en/compare/homicide_rate-1.narrow.svg")
    svg = (built_real / "en" / "compare" / "homicide_rate-1.narrow.svg").read_text(encoding="utf-8")
    drawn_width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))
    smallest = min(float(s) for s in re.findall(r'font-size[:=]\s*"?([\d.]+)', svg))
    assert smallest * img["width"] / drawn_width >= 10, (smallest, img["width"], drawn_width)
    assert {"Cities compared", "Cities not on the same chart"} <= set(headings)
    assert not [h for h in headings if "calendar years" in h]  # headings in words, not data labels
    assert len(apart) == 1 and apart[0].startswith("Querétaro") and "whole state" in apart[0], apart
    assert all(right <= 360 for right in table_right), table_right  # first three columns without scrolling
    assert v.problems == [] and v.foreign == []


@pytest.mark.parametrize("path", ["/en/", "/es/cali/", "/en/compare/homicide_rate/", "/en/compare/homicide_count/",
                                  "/pt/cali/indicators/homicide_rate/", "/en/durban/data/crime_by_station/",
                                  "/es/queretaro/tracker/", "/en/practices/", "/pt/reference/"])
def test_key_value_tables_have_row_headers_and_best_practices_pass(browser, site_url, built_real, path):
    v = Visit(browser, built_real, site_url + path)
    empty = v.page.eval_on_selector_all("th", "ths => ths.filter(th => !th.textContent.trim()).length")
    footer = v.page.text_content(".md-copyright")
    found = axe(v, ["best-practice", *WCAG])
    v.close()
    assert empty == 0
    made_with = {"en": "Made with", "es": "Hecho con", "pt": "Feito com"}[path.split("/")[1]]
    assert made_with in " ".join(footer.split())
    assert found == []  # empty-table-header, landmark-unique and every other best practice, and WCAG 2.1 AA


def test_a_reader_adds_and_removes_cities_and_the_chart_table_and_url_follow(browser, site_url, built_real):
    url = site_url + "/en/compare/homicide_count/"
    v = Visit(browser, built_real, url)
    rows = "els => els.filter(r => !r.hidden).map(r => r.dataset.city)"
    assert v.page.is_visible("#choose-cities")
    assert v.page.eval_on_selector_all("tr[data-city]", rows) == ["cali", "saopaulo"]
    v.page.uncheck("#choose-cities input[value=saopaulo]")
    v.page.wait_for_selector("#compare-homicide_count .sap-interactive svg")
    drawn = v.page.text_content("#compare-homicide_count .sap-interactive svg")
    assert "Santiago de Cali" in drawn and "São Paulo" not in drawn
    assert v.page.eval_on_selector_all("tr[data-city]", rows) == ["cali"]
    assert v.page.evaluate("location.search") == "?cities=cali"
    v.page.reload(wait_until="networkidle")  # the choice survives a reload (and a shared link)
    assert not v.page.is_checked("#choose-cities input[value=saopaulo]")
    assert v.page.eval_on_selector_all("tr[data-city]", rows) == ["cali"]
    v.page.wait_for_selector("#compare-homicide_count .sap-interactive svg")
    assert "São Paulo" not in v.page.text_content("#compare-homicide_count .sap-interactive svg")
    v.page.check("#choose-cities input[value=saopaulo]")
    v.page.wait_for_function("document.querySelector('#compare-homicide_count .sap-interactive svg') && "
                             "document.querySelector('#compare-homicide_count .sap-interactive svg')"
                             ".textContent.includes('São Paulo')")
    assert v.page.evaluate("location.search") == ""
    assert v.page.eval_on_selector_all("tr[data-city]", rows) == ["cali", "saopaulo"]
    assert v.axe() == []
    v.close()
    assert v.problems == [] and v.foreign == []


def test_without_javascript_every_comparable_city_is_on_the_static_chart(browser, site_url, built_real):
    v = Visit(browser, built_real, site_url + "/en/compare/homicide_count/?cities=cali", java_script_enabled=False)
    assert not v.page.is_visible("#choose-cities")
    assert v.page.eval_on_selector_all("tr[data-city]", "rs => rs.filter(r => !r.hidden).length") == 2
    v.close()
