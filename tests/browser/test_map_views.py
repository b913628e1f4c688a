"""Maps as a reader meets them, served as GitHub Pages serves the site: the fixture city's own PMTiles basemap
drawn from the site itself (a small file the tests make, tests/helpers.py), nothing asked of another host, a
scale bar, the raw rate a click from the smoothed one, a hot-spot grid read out by district and class,
never by internal id."""
from __future__ import annotations

import re

import pytest

from browsing import Visit, serve
from helpers import write_pmtiles

CITY = "/en/minicali/"


@pytest.fixture(scope="module")
def fixture_url(built_fixture):
    url, stop = serve(built_fixture / "site")
    yield url
    stop()


def test_the_fixtures_basemap_is_the_one_the_helper_makes(tmp_path, built_fixture):
    made = tmp_path / "basemap.pmtiles"
    write_pmtiles(made, (-77.0, 3.0, -76.0, 4.0))
    shipped = built_fixture / "site" / "data" / "minicali" / "basemap.pmtiles"
    assert made.read_bytes() == shipped.read_bytes()


def test_a_city_basemap_is_drawn_from_the_site_and_nothing_from_elsewhere(browser, fixture_url, built_fixture):
    ranges = []
    v = Visit(browser, built_fixture / "site", fixture_url + CITY)
    v.page.on("request", lambda r: ranges.append(r.headers.get("range")) if r.url.endswith(".pmtiles") else None)
    v.reveal()
    holder = v.page.locator("#map-incidents_rate .sap-leaflet")
    holder.locator("canvas.leaflet-tile").first.wait_for()
    v.page.wait_for_function("""() => [...document.querySelectorAll('#map-incidents_rate canvas.leaflet-tile')]
        .some(c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                     for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true; return false; })""")
    assert any(r and r.startswith("bytes=") for r in ranges)  # read by ranges, as the PMTiles client does
    assert "Synthetic test tiles" in holder.locator(".leaflet-control-attribution").inner_text()
    assert holder.locator(".leaflet-control-scale").count() == 1
    v.close()
    assert v.problems == [] and v.foreign == []


def test_the_raw_rate_is_a_click_from_the_smoothed_one(browser, fixture_url, built_fixture):
    v = Visit(browser, built_fixture / "site", fixture_url + CITY)
    v.reveal()
    buttons = v.page.locator("#map-incidents_rate").locator("xpath=..").locator(".sap-map-views button")
    buttons.first.wait_for()
    assert buttons.count() == 2
    pressed = lambda: [b.get_attribute("aria-pressed") for b in buttons.all()]  # noqa: E731
    before = pressed()
    other = buttons.nth(before.index("false"))
    other.click()
    assert pressed() == list(reversed(before))
    area = v.page.locator("#map-incidents_rate .sap-leaflet path[tabindex='0']").first
    assert "per 100,000 people a year" in area.get_attribute("aria-label")
    v.close()
    assert v.problems == []


def test_hot_spot_cells_are_read_out_by_place_and_class(browser, fixture_url, built_fixture):
    v = Visit(browser, built_fixture / "site", fixture_url + CITY)
    v.reveal()
    cells = v.page.locator("#hotspot-theft_grid .sap-leaflet path[tabindex='0']")
    cells.first.wait_for()
    labels = [cells.nth(i).get_attribute("aria-label") for i in range(cells.count())]
    assert all(":" in label and not label.split(":")[0].startswith("c") for label in labels)
    assert any("Hot spot" in label for label in labels)
    assert all(re.search(r"\(cells: [\d,]+\)$", label) for label in labels)  # regions by class, not each cell
    assert v.page.locator("#hotspot-theft_grid .sap-legend").inner_text().count("confidence") >= 1
    v.close()
    assert v.problems == [] and v.foreign == []
