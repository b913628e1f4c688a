"""The practices catalogue as readers use it, on the fixture site served under /portal/: grouped lists
without JavaScript; with it, one list filtered by theme, city and evidence, the choice kept in the URL."""
from __future__ import annotations

import pytest

from browsing import Visit, serve


@pytest.fixture(scope="module")
def fixture_url(built_fixture):
    url, stop = serve(built_fixture / "site")
    yield url
    stop()


def test_without_javascript_the_practices_are_grouped_lists(browser, built_fixture, fixture_url):
    v = Visit(browser, built_fixture / "site", fixture_url + "/en/practices/", java_script_enabled=False)
    headings = v.page.eval_on_selector_all("#practice-groups h3", "hs => hs.map(h => h.firstChild.textContent.trim())")
    assert headings[:3] == ["Young people", "Urban design and public space", "Community participation"]
    assert not v.page.is_visible("#practice-filter") and not v.page.is_visible("#practice-list")
    v.close()


def test_with_javascript_the_list_filters_and_the_url_keeps_the_choice(browser, built_fixture, fixture_url):
    v = Visit(browser, built_fixture / "site", fixture_url + "/en/practices/?theme=urban_design")
    shown = "els => els.filter(e => !e.hidden).map(e => e.querySelector('a').textContent)"
    assert v.page.eval_on_selector_all("#practice-list li", shown) == ["Lighting dark streets"]
    assert not v.page.is_visible("#practice-groups")
    # every table-of-contents link still shown leads to a section a reader can see
    toc = v.page.evaluate("""() => [...document.querySelectorAll('.md-nav--secondary a[href^="#"]')]
        .filter(a => !a.closest('[hidden]'))
        .map(a => [a.hash, !!document.getElementById(decodeURIComponent(a.hash.slice(1))).closest('[hidden]')])""")
    assert toc and not [h for h, hidden in toc if hidden], toc
    assert "#evidence-scale" in {h for h, _ in toc}
    v.page.select_option("select[name=theme]", "")
    v.page.select_option("select[name=evidence]", "comparison_group")
    assert v.page.eval_on_selector_all("#practice-list li", shown) == ["Mentoring for young people in Comuna 3"]
    assert v.page.evaluate("location.search") == "?evidence=comparison_group"
    assert v.page.text_content("output") == "1 / 2"
    assert v.problems == [] and v.foreign == []
    assert v.axe() == []
    v.close()
