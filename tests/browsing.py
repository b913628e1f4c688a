"""Shared by the browser tests: a local server for a built site, Debian's Chromium driven by
Playwright, and one page visit that records console problems and requests to other hosts."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a browser dropping a connection it no longer needs is not a test failure


def serve(site: Path):
    """Serve a folder on a free local port; returns the base URL and a function that stops it."""
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server.shutdown


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, never a downloaded browser."""
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


class Visit:
    """One page load, recording what a reader's browser would complain about."""

    def __init__(self, browser, url: str, **context):
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.problems, self.foreign = [], []
        self.page.on("console", lambda m: self.problems.append(f"{m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.foreign.append(r.url)
                     if urlparse(r.url).hostname not in ("127.0.0.1", None) else None)
        self.response = self.page.goto(url, wait_until="networkidle")

    def close(self):
        self.context.close()

    def reveal(self) -> None:
        """Scroll every figure into view, as a reader would, so lazily drawn charts get drawn."""
        self.page.evaluate("""async () => {
            for (const f of document.querySelectorAll('figure.sap-figure')) {
                f.scrollIntoView();
                await new Promise(r => setTimeout(r, 50));
            }
            window.scrollTo(0, 0);
        }""")

    def axe(self) -> list:
        self.page.add_script_tag(path=str(AXE))
        return self.page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))", WCAG)


def local_file(site: Path, url: str) -> Path:
    path = unquote(urlparse(url).path)
    target = site / path.lstrip("/")
    return target / "index.html" if path.endswith("/") else target


