"""The built real site in headless Chromium, as a reader opens it: no console errors,
no request to another host, every local link and image resolving."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = ["/", "/es/", "/en/", "/es/cali/", "/en/durban/", "/es/queretaro/", "/es/cali/findings/",
         "/es/cali/indicators/", "/es/cali/data/", "/en/durban/data/crime_by_station/"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site_url(built_real):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built_real)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def local_file(site: Path, url: str) -> Path | None:
    path = unquote(urlparse(url).path)
    target = site / path.lstrip("/")
    return target / "index.html" if path.endswith("/") else target


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly_and_every_local_link_resolves(browser, site_url, built_real, path):
    page = browser.new_page()
    errors, foreign = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: foreign.append(r.url)
            if urlparse(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith("data:") else None)
    response = page.goto(site_url + path, wait_until="networkidle")
    assert response.ok
    urls = page.eval_on_selector_all(
        "a[href], img[src], link[href], script[src]",
        "els => els.map(e => e.href || e.src).filter(u => u.startsWith(location.origin))")
    broken = sorted({u for u in urls if not local_file(built_real, u.split("#")[0].split("?")[0]).is_file()})
    images = page.evaluate("""async () => {
        const imgs = [...document.images];
        imgs.forEach(i => { i.loading = "eager"; });  // lazy images below the fold count too
        await Promise.all(imgs.map(i => i.decode().catch(() => null)));
        return imgs.filter(i => i.naturalWidth === 0).map(i => i.src);
    }""")
    page.close()
    assert errors == []
    assert foreign == []
    assert broken == []
    assert images == []
