"""Shared by the browser tests: Debian's Chromium driven by Playwright, and one page visit that
records console problems and requests to other hosts.

Sites are served as GitHub Pages serves a project site (auditportal.tools.ghpages: under /portal/,
gzip-compressed), so a root-relative link fails here as it would there. Requests to the
portal's public address (absolute hreflang links, which Material reads sitemaps from) are
answered from the same built folder, as the deployed site would answer them.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from playwright.sync_api import sync_playwright

from auditportal.tools import ghpages

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PUBLIC = "https://safety-audit-portal.github.io/portal/"  # portal.yml's site_url


def chromium(playwright):
    """Debian's chromium, never a downloaded browser."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)


def start():
    return sync_playwright().start()


class Visit:
    """One page load, recording what a reader's browser would complain about."""

    def __init__(self, browser, site: Path, url: str, **context):
        self.site = site
        self.context = browser.new_context(**context)
        self.context.route(PUBLIC + "**", self._from_disk)
        self.page = self.context.new_page()
        self.problems, self.foreign, self.dialogs = [], [], []
        self.page.on("console", lambda m: self.problems.append(f"{m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: self.foreign.append(r.url)
                     if urlparse(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith(PUBLIC) else None)
        self.response = self.page.goto(url, wait_until="networkidle")

    def _from_disk(self, route):
        target = local_file(self.site, route.request.url.replace(PUBLIC, "/portal/"))
        if target.is_file():
            route.fulfill(path=str(target))
        else:
            route.fulfill(status=404, body="not found")

    def close(self):
        self.context.close()

    def broken_links(self) -> list[str]:
        """Local addresses the page links, shows or loads that no file of the site serves."""
        urls = self.page.eval_on_selector_all(
            "a[href], img[src], link[href], script[src]",
            "els => els.map(e => e.href || e.src).filter(u => u.startsWith(location.origin))")
        return sorted({u for u in urls if not local_file(self.site, u.split("#")[0].split("?")[0]).is_file()})

    def reveal(self) -> None:
        """Scroll every figure into view (maps are drawn as they come near) and ask for every chart's
        interactive version (its button), as a reader would."""
        self.page.wait_for_load_state("load")  # after following a link: the new page's scripts have run
        self.page.evaluate("""async () => {
            for (const f of document.querySelectorAll('figure.sap-figure')) {
                f.scrollIntoView();
                await new Promise(r => setTimeout(r, 50));
            }
            document.querySelectorAll('.sap-explore').forEach(b => b.click());
            window.scrollTo(0, 0);
        }""")

    def axe(self) -> list:
        self.page.add_script_tag(path=str(AXE))
        return self.page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))", WCAG)


def local_file(site: Path, url: str) -> Path:
    """The file of a built site that a URL under /portal/ serves."""
    path = unquote(urlparse(url).path).removeprefix(ghpages.PREFIX)
    target = site / path.lstrip("/")
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def serve(site: Path):
    return ghpages.serve(site)
