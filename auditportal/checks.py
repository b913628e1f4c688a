"""Quality gates over a built site, shared by the build, the tests and CI: nothing on a page can run
script that the portal did not write, every internal link and anchor resolves, two builds are
identical, and each page type stays within its weight budget."""
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


# The theme's own inline scripts, by how they begin; any other inline script on a page was not written
# by the portal or the theme.
THEME_SCRIPTS = ("__md_scope=", "var palette=", "var target=document.getElementById(location.hash")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}


class _Unsafe(HTMLParser):
    """Collects what could run script: event handlers, script addresses, foreign elements, unknown scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.inline: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.found.append(f"<{tag}> has an event handler {name}")
            if name.lower() in URL_ATTRIBUTES and value and not _safe_url(value):
                self.found.append(f"<{tag}> {name}={value[:60]!r}")
        if tag in FORBIDDEN_TAGS or (tag == "meta" and dict(attrs).get("http-equiv", "").lower() == "refresh"):
            self.found.append(f"<{tag}> element")
        if tag == "script":
            a = dict(attrs)
            if a.get("src"):
                if urlparse(a["src"]).scheme or a["src"].startswith("//"):
                    self.found.append(f"<script> from another host: {a['src'][:60]}")
            elif a.get("type") not in ("application/json", "application/ld+json"):
                self.inline = []

    def handle_data(self, data):
        if self.inline is not None:
            self.inline.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.inline is not None:
            text = "".join(self.inline).strip()
            if not text.startswith(THEME_SCRIPTS):
                self.found.append(f"an inline script not written by the theme: {text[:60]!r}")
            self.inline = None


def _safe_url(value: str) -> bool:
    cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
    scheme = re.match(r"^([a-z][a-z0-9+.\-]*):", cleaned)
    return not scheme or scheme.group(1) in ("http", "https", "mailto") or cleaned.startswith("data:image/png")


def unsafe(site: Path) -> list[str]:
    """Everything on a page or drawing that could run script: the build fails on any of it."""
    found = []
    for path in sorted([*site.rglob("*.html"), *site.rglob("*.svg")]):
        if "vendor" in path.parts or path.name.endswith(".min.svg"):
            continue
        checker = _Unsafe()
        checker.feed(path.read_text(encoding="utf-8", errors="replace"))
        found += [f"{path.relative_to(site).as_posix()}: {f}" for f in checker.found]
    return found


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
    """Reader pages over their budget; the editor under /admin/ is not a reader page."""
    out = []
    for page in sorted(site.rglob("index.html")):
        url = url_of(site, page)
        if url.startswith("/admin/"):
            continue
        kind, weight = page_type(url), page_weight(site, page)
        if weight > BUDGETS[kind]:
            out.append(f"{url} ({kind}): {weight:,} bytes, budget {BUDGETS[kind]:,}")
    return out
