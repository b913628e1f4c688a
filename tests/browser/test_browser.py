"""The built real site in headless Chromium, as readers open it: with and without JavaScript,
in light and dark schemes. No console error or warning, no request to another host, every local
link and image resolving, no axe-core WCAG 2.1 A/AA violation."""
from __future__ import annotations

import pytest

from browsing import Visit, serve

# one page of each type
PAGES = ["/", "/es/", "/en/about/", "/es/methodology/", "/en/indicators/", "/es/cali/", "/en/durban/",
         "/es/queretaro/", "/es/cali/findings/", "/es/queretaro/tracker/", "/en/cali/indicators/",
         "/es/cali/indicators/homicide_rate/", "/en/durban/indicators/homicide_count/",
         "/es/queretaro/indicators/crime_rate/", "/es/cali/data/", "/en/durban/data/crime_by_station/",
         "/pt/saopaulo/", "/es/cdmx/", "/pt/", "/en/queretaro/indicators/unreported_crime_share/",
         "/es/queretaro/data/envipe_crime/", "/en/compare/homicide_rate/", "/es/cali/left-behind/",
         "/en/practices/", "/pt/practices/cali_open_observatory/"]
CHART_PAGE, MAP_PAGE, POINT_MAP_PAGE = "/es/cali/", "/es/queretaro/", "/en/durban/"


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly_and_every_local_link_resolves(browser, site_url, built_real, path):
    v = Visit(browser, built_real, site_url + path)
    assert v.response.ok
    broken = v.broken_links()
    images = v.page.evaluate("""async () => {
        const imgs = [...document.images];
        imgs.forEach(i => { i.loading = "eager"; });  // lazy images below the fold count too
        await Promise.all(imgs.map(i => i.decode().catch(() => null)));
        return imgs.filter(i => i.naturalWidth === 0).map(i => i.src);
    }""")
    violations = v.axe()
    v.close()
    assert v.problems == []
    assert v.foreign == []
    assert broken == []
    assert images == []
    assert violations == []


@pytest.mark.parametrize("path", [CHART_PAGE, MAP_PAGE, "/es/cali/indicators/homicide_rate/"])
def test_dark_scheme_has_no_accessibility_violation(browser, site_url, built_real, path):
    v = Visit(browser, built_real, site_url + path, color_scheme="dark")
    assert v.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    violations = v.axe()
    v.close()
    assert violations == [] and v.problems == []


def test_charts_are_drawn_lazily_and_become_interactive(browser, site_url, built_real):
    v = Visit(browser, built_real, site_url + CHART_PAGE)
    before = v.page.evaluate("[!!window.vegaEmbed, document.querySelectorAll('.sap-interactive').length]")
    v.reveal()
    v.page.wait_for_function("document.querySelectorAll('.sap-interactive svg').length === "
                             "document.querySelectorAll('figure[data-spec]:not([data-geojson])').length")
    figures = v.page.eval_on_selector_all("figure[data-spec]:not([data-geojson])", "els => els.map(f => "
                                          "[f.querySelector('img').hidden, !!f.querySelector('.sap-interactive svg')])")
    marks = v.page.eval_on_selector_all("#chart-homicides_trend .sap-interactive svg [aria-roledescription]",
                                        "els => els.map(e => e.getAttribute('aria-label'))")
    v.close()
    assert before == [False, 0]  # no chart in view at load: the Vega bundle is not even fetched
    assert len(figures) == 6 and all(hidden and drawn for hidden, drawn in figures)
    assert any(label and "2024" in label for label in marks)  # marks carry their values for screen readers
    assert v.problems == []


def test_chart_selection_is_kept_in_the_url(browser, site_url, built_real):
    key = "chart-municipal_crime_ranking"
    v = Visit(browser, built_real, site_url + MAP_PAGE + "?" + key + "=El%20Marqu%C3%A9s")
    select = v.page.locator(f"#{key} .sap-interactive select")
    select.wait_for()
    assert select.input_value() == "El Marqués"
    select.select_option("Corregidora")
    v.page.wait_for_function(f"location.search.includes('{key}=Corregidora')")
    # the map on the same page still works once the Vega bundle has arrived
    v.page.locator("#map-municipal_crime_rate").scroll_into_view_if_needed()
    v.page.locator("#map-municipal_crime_rate .sap-leaflet path[tabindex='0']").first.wait_for()
    v.close()
    assert v.problems == []


def test_map_is_interactive_and_keyboard_operable(browser, site_url, built_real):
    v = Visit(browser, built_real, site_url + MAP_PAGE)
    v.reveal()  # a map is drawn as it comes near the screen
    areas = v.page.locator("#map-municipal_crime_rate .sap-leaflet path[tabindex='0']")
    areas.first.wait_for()
    assert areas.count() == 18
    areas.first.focus()
    tooltip = v.page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert "por 100.000" in tooltip.inner_text() or "Sin datos" in tooltip.inner_text()
    assert v.page.locator("#map-municipal_crime_rate img").is_hidden()
    assert v.page.locator("#map-municipal_crime_rate .sap-legend").inner_text().count("–") >= 3
    v.close()
    assert v.problems == [] and v.foreign == []


def test_station_points_map(browser, site_url, built_real):
    v = Visit(browser, built_real, site_url + POINT_MAP_PAGE)
    v.reveal()
    stations = v.page.locator("#map-murder_stations .sap-leaflet path[tabindex='0']")
    stations.first.wait_for()
    assert stations.count() == 43
    v.close()
    assert v.problems == []


@pytest.mark.parametrize("path", [CHART_PAGE, MAP_PAGE])
def test_without_javascript_the_static_figures_and_tables_remain(browser, site_url, built_real, path):
    v = Visit(browser, built_real, site_url + path, java_script_enabled=False)
    figures = v.page.eval_on_selector_all("figure.sap-figure", """els => els.map(f => {
        const img = f.querySelector('img');
        const table = f.nextElementSibling.nextElementSibling.nextElementSibling.querySelector('table tbody tr');
        return [img.complete && img.naturalWidth > 0 && !img.hidden, !!table, !f.querySelector('.sap-interactive')];
    })""")
    v.close()
    assert figures and all(all(checks) for checks in figures), figures


def test_moving_between_pages_leaves_no_doubled_chart(browser, site_url, built_real):
    """Instant navigation is off (see mkdocs.yml): each page load draws each figure once."""
    v = Visit(browser, built_real, site_url + CHART_PAGE)
    v.reveal()
    v.page.wait_for_function("document.querySelectorAll('.sap-interactive svg').length >= 6")
    v.page.click("article a[href='indicators/homicide_rate/']")
    v.reveal()
    v.page.wait_for_function("document.querySelectorAll('.sap-interactive svg').length === 1")
    v.page.go_back()
    v.reveal()
    v.page.wait_for_function("document.querySelectorAll('.sap-interactive svg').length >= 6")
    counts = v.page.eval_on_selector_all("figure[data-spec]:not([data-geojson])",
                                         "els => els.map(f => f.querySelectorAll('.sap-interactive').length)")
    v.close()
    assert counts == [1] * 6


@pytest.mark.parametrize("path", [CHART_PAGE, MAP_PAGE])
def test_on_a_phone_screen_charts_fit_and_nothing_overflows(browser, site_url, built_real, path):
    v = Visit(browser, built_real, site_url + path, viewport={"width": 360, "height": 740})
    v.reveal()
    v.page.wait_for_function("document.querySelectorAll('.sap-interactive svg').length >= 6")
    widths = v.page.eval_on_selector_all(".sap-interactive svg", "els => els.map(e => e.getBoundingClientRect().width)")
    overflow = v.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    v.close()
    assert all(0 < w <= 360 for w in widths), widths
    assert overflow == 0


def test_axe_fails_on_a_planted_unlabelled_image(browser, built_fixture):
    url, stop = serve(built_fixture / "site")
    v = Visit(browser, built_fixture / "site", url + "/en/minicali/")
    clean = v.axe()
    v.page.evaluate("document.querySelector('article').insertAdjacentHTML('beforeend', "
                    "'<img src=\"../assets/images/favicon.png\">')")
    planted = v.axe()
    v.close()
    stop()
    assert clean == []
    assert [x.split(":")[0] for x in planted] == ["image-alt"]


def test_language_switch_keeps_the_page_under_a_sub_path(browser, site_url, built_real):
    v = Visit(browser, built_real, site_url + "/es/cali/indicators/homicide_rate/")
    v.page.hover(".md-header .md-select")
    v.page.click(".md-header .md-select__link[hreflang='en']")
    v.page.wait_for_url("**/en/cali/indicators/homicide_rate/")
    heading = v.page.locator("article h1").inner_text().rstrip("¶")
    v.close()
    assert v.page.url == site_url + "/en/cali/indicators/homicide_rate/"
    assert heading == "Intentional homicide rate"
    assert v.problems == []
