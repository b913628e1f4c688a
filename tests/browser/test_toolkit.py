"""The analyst's toolkit in Chromium, on the fixture site: the safety-walks page (its map and chart drawn
interactively), the audit method, the data templates and the configuration reference, in each language. No
console error or warning, no request to another host, every local link resolving, no axe-core WCAG 2.1 A/AA
violation."""
from __future__ import annotations

import pytest

from browsing import Visit, serve

PAGES = ["/es/minicali/walks/", "/en/minicali/walks/", "/pt/minicali/walks/", "/en/method/", "/es/method/",
         "/pt/method/", "/es/templates/", "/en/reference/", "/pt/reference/", "/en/minicali/data/safety_walks/"]


@pytest.fixture(scope="module")
def fixture_url(built_fixture):
    url, stop = serve(built_fixture / "site")
    yield url
    stop()


@pytest.mark.parametrize("path", PAGES)
def test_toolkit_page_loads_cleanly_and_every_local_link_resolves(browser, fixture_url, built_fixture, path):
    site = built_fixture / "site"
    v = Visit(browser, site, fixture_url + path)
    assert v.response.ok
    broken = v.broken_links()
    violations = v.axe()
    v.close()
    assert v.problems == [] and v.foreign == [] and broken == [] and violations == []


def test_the_walk_map_and_chart_become_interactive(browser, fixture_url, built_fixture):
    v = Visit(browser, built_fixture / "site", fixture_url + "/en/minicali/walks/")
    buttons = v.page.locator(".sap-explore")  # drawn on request: each button goes once its chart is drawn
    while buttons.count():
        buttons.first.click()
    v.page.evaluate("document.querySelectorAll('figure.sap-figure').forEach(f => f.scrollIntoView())")
    v.page.wait_for_function("document.querySelectorAll('#walk-safety_walks .sap-interactive svg, "
                             "#walk-safety_walks_by_area .sap-interactive svg').length === 2")
    dots = v.page.eval_on_selector_all("#walk-safety_walks .sap-interactive svg [aria-roledescription='circle'], "
                                       "#walk-safety_walks .sap-interactive svg path[role='graphics-symbol']",
                                       "els => els.length")
    v.close()
    assert dots >= 12
    assert v.problems == []
