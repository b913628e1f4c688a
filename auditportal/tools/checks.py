"""Quality gates over a built site, for `build.py check`, bench, the tests and CI: every internal link and
anchor resolves, two builds are identical, and each page stays within what a cheap phone on a slow network
should receive (write/budget.py). (That nothing on a page can run script is checked by the build itself:
write/scan.py.)"""
from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

from ..write.budget import target_file, url_of


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

