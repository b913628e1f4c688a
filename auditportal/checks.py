"""Quality gates over a built site, shared by the tests and CI: every internal link and anchor
resolves, two builds are identical, and each page type stays within its weight budget."""
from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

# Bytes a reader downloads for one page as it opens (HTML, CSS, scripts and images it loads,
# uncompressed), per page type. Material's own CSS and JS are about 0.4 MB; Leaflet 0.15 MB (only
# on pages with maps). The Vega bundle (0.9 MB, 0.3 MB gzipped) is not counted: charts.js fetches
# it only when a chart comes into view. Measured weights are printed by `build.py bench`; these
# budgets leave room for growth but catch a page that doubles.
BUDGETS = {
    "home": 700_000,
    "city": 1_500_000,
    "indicator": 1_200_000,
    "dataset": 900_000,
    "text": 700_000,
}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []   # (tag, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        attr = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}.get(tag)
        if attr and a.get(attr):
            self.links.append((tag, a[attr]))


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def url_of(site: Path, path: Path) -> str:
    rel = path.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def target_file(site: Path, url_path: str, prefix: str = "/") -> Path:
    """The file a URL path serves; `prefix` is the path the site is published under (404 pages use it)."""
    if url_path.startswith(prefix):
        url_path = "/" + url_path[len(prefix):]
    target = site / unquote(url_path).lstrip("/")
    if url_path.endswith("/") or target.is_dir():
        return target / "index.html"
    return target


def links(site: Path, prefix: str = "/") -> list[str]:
    """Every internal link, image, stylesheet and script of every page, and every #anchor, must resolve."""
    pages = {p: parse(p) for p in sorted(site.rglob("*.html"))}
    ids = {p: page.ids for p, page in pages.items()}
    problems = []
    for path, page in pages.items():
        base = url_of(site, path)
        for tag, link in page.links:
            parts = urlparse(link)
            if parts.scheme or link.startswith(("//", "mailto:", "data:", "javascript:")):
                continue
            resolved = urlparse(urljoin(base, link))
            target = target_file(site, resolved.path, prefix) if parts.path else path
            where = f"{path.relative_to(site)}: <{tag}> {link}"
            if not target.is_file():
                problems.append(f"{where}: no such file")
            elif resolved.fragment and target.suffix == ".html" and resolved.fragment not in ids.get(target, set()):
                problems.append(f"{where}: no element with id '{resolved.fragment}'")
    return problems


def tree(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def differences(a: Path, b: Path) -> list[str]:
    """Files that differ between two builds (present in one only, or with other bytes)."""
    ta, tb = tree(a), tree(b)
    return sorted({name for name in ta.keys() | tb.keys() if ta.get(name) != tb.get(name)})


def page_type(url: str) -> str:
    if re.fullmatch(r"/\w\w/", url) or url == "/":
        return "home"
    if re.fullmatch(r"/\w\w/[a-z0-9_]+/", url) and not url.endswith(("/about/", "/methodology/", "/indicators/")):
        return "city"
    if "/indicators/" in url and url.count("/") == 5:
        return "indicator"
    if "/data/" in url and url.count("/") == 5:
        return "dataset"
    return "text"


def page_weight(site: Path, page: Path) -> int:
    """The page and every local file it loads (not links it merely points to)."""
    parsed = parse(page)
    base = url_of(site, page)
    total = page.stat().st_size
    seen = set()
    for tag, link in parsed.links:
        if tag == "a" or urlparse(link).scheme:
            continue
        target = target_file(site, urlparse(urljoin(base, link)).path)
        if target not in seen and target.is_file():
            seen.add(target)
            total += target.stat().st_size
    return total


def over_budget(site: Path) -> list[str]:
    out = []
    for page in sorted(site.rglob("index.html")):
        url = url_of(site, page)
        kind, weight = page_type(url), page_weight(site, page)
        if weight > BUDGETS[kind]:
            out.append(f"{url} ({kind}): {weight:,} bytes, budget {BUDGETS[kind]:,}")
    return out
