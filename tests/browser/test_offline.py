"""The offline edition (portal-offline.zip) unzipped and opened from file:// in Chromium with the network
off: pages, links between them, figures, a map and search work, and no request leaves the folder."""
from __future__ import annotations

import zipfile

import pytest

from auditportal.write import offline


@pytest.fixture(scope="module")
def unzipped(built_fixture, tmp_path_factory):
    folder = tmp_path_factory.mktemp("offline")
    # published beside the site (portal.yml's offline_url: a release asset), not in it
    with zipfile.ZipFile(offline.beside(built_fixture / "site")) as z:
        z.extractall(folder)
    return folder / "portal"


def test_the_offline_edition_reads_from_a_folder_without_network(browser, unzipped):
    context = browser.new_context(offline=True)
    page = context.new_page()
    problems, outside = [], []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("file://", "data:")) else None)
    start = unzipped / "es" / "minicali" / "index.html"
    page.goto(start.as_uri(), wait_until="load")
    page.evaluate("document.querySelectorAll('figure.sap-figure').forEach(f => f.scrollIntoView())")
    page.wait_for_function("[...document.querySelectorAll('figure.sap-figure img')].every(i => i.complete)")
    images = page.eval_on_selector_all("figure.sap-figure img", "els => els.map(i => i.naturalWidth > 0 || i.hidden)")
    assert images and all(images)
    page.locator("figure.sap-figure .sap-leaflet path").first.wait_for()  # a map, its areas read from a .js copy
    page.locator(".sap-explore").first.click()  # an interactive chart: Vega and the spec from the folder
    page.locator("figure.sap-figure .sap-interactive svg").first.wait_for()
    page.locator("article a[href='findings/index.html']").first.click()
    page.wait_for_load_state("load")
    assert page.url == (unzipped / "es" / "minicali" / "findings" / "index.html").as_uri()
    context.close()
    assert problems == [] and outside == []
