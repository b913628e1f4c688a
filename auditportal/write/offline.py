"""The offline edition: the whole portal in one zip that works unzipped and opened from file://
with no network, for offices without a reliable connection. Every language, page, figure and
download is in it; the editor under /admin/ is not (it needs GitHub), nor the zip itself.

Built from the staged site after MkDocs and published in it (urls.offline_zip()) or, with portal.yml's
offline_url, beside it (a release asset: its size does not count against the site's), its size stated on
the home pages. A browser reading a folder shows a listing for ../cali/, refuses
fetch() and modules, and would leave the folder for the portal's public address, so the copy
differs from the site in four ways: a link to a folder names its index.html; a link to the
portal's public address becomes relative; each file a script fetches (chart specs, map data)
gets a .js copy defining it, which a <script> may load (charts.js and maps.js read those on
file://); and search reads search-offline.js, each page's title and text (search.js).
"""
from __future__ import annotations

import json
import posixpath
import re
from datetime import datetime, timezone
from functools import partial
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

from . import urls
from .publish import write_zip as write_zip_entries

FOLDER = "portal"      # what the zip unpacks to
LEFT_OUT = ("admin",)  # top-level folders not in the edition
FETCHED = ("*.vl.json", "*.geojson")  # per-language files charts.js and maps.js fetch
ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
MARKER = re.compile(r'<p class="sap-offline">.*?</p>', re.S)
SIZE = '<span class="sap-offline-size"></span>'


def beside(out: Path) -> Path:
    """Where the zip is written when portal.yml's offline_url publishes it outside the site: a folder beside
    the site's (site-offline/ beside site/), which the deploy carries as an artifact of its own."""
    return out.with_name(out.name + "-offline") / urls.offline_zip()


def publish(s, site: Path, epoch: int, outside: Path | None = None) -> int:
    """Write the zip into `site`, or to `outside` (as its name + '.partial', until `settle`) when portal.yml's
    offline_url publishes it elsewhere; state its size on each language's home page; returns its bytes."""
    if s.portal.offline_url and outside is not None:
        target = outside.with_name(outside.name + ".partial")
        target.parent.mkdir(parents=True, exist_ok=True)
    else:
        target = site / urls.offline_zip()
    date = datetime.fromtimestamp(epoch, timezone.utc).date().isoformat()
    notes = {lang: s.locales[lang]("offline_reading", date=date) for lang in s.portal.languages}
    write_zip_entries(target, FOLDER, entries(site, s.portal.site_url, notes, left_out=(*LEFT_OUT, target.name)))
    size = target.stat().st_size
    for lang in s.portal.languages:
        home = site / lang / "index.html"
        html = home.read_text(encoding="utf-8")
        if html.count(SIZE) != 1:
            raise ValueError(f"{home}: no {SIZE} to state the offline edition's size in (templates/home.md.j2)")
        stated = f"{s.locales[lang].number(size / 1e6, 1)} MB"
        home.write_text(html.replace(SIZE, f'<span class="sap-offline-size">{stated}</span>'), encoding="utf-8")
    return size


def settle(outside: Path, keep: bool = True) -> None:
    """The zip written outside the site takes its name once the site it was made from has been swapped in
    (`keep`), or is deleted when that site is not published."""
    partial_zip = outside.with_name(outside.name + ".partial")
    if partial_zip.exists() and keep:
        partial_zip.replace(outside)
    elif partial_zip.exists():
        partial_zip.unlink()


def entries(site: Path, site_url: str, notes: dict[str, str], left_out=()):
    """The edition's files in name order, made one at a time from the built site (see the module's
    docstring for how they differ from it), without copying the site first: at a hundred cities it is
    gigabytes."""
    files = {p.relative_to(site).as_posix(): p for p in site.rglob("*")
             if p.is_file() and p.relative_to(site).parts[0] not in left_out}
    made: dict[str, Path | tuple[str, Path]] = dict(files)
    for lang in notes:
        for pattern in FETCHED:
            for path in (site / lang).rglob(pattern):
                made[path.relative_to(site).as_posix() + ".js"] = ("data", path)  # see the loop below
    texts: dict[str, list] = {lang: [] for lang in notes}  # filled as each language's pages are read
    for rel in sorted(made, key=lambda r: PurePosixPath(r).parts):
        what = made[rel]
        if isinstance(what, Path) and what.suffix == ".html" and "vendor" not in PurePosixPath(rel).parts:
            html = ATTRIBUTE.sub(partial(_localised, page=rel, site_url=site_url), what.read_text(encoding="utf-8"))
            lang = rel.split("/")[0]
            if lang in notes:
                html = MARKER.sub(f'<p class="sap-offline">{notes[lang]}</p>', html)
                if rel.endswith("index.html"):
                    texts[lang].append(page_text(rel.removeprefix(f"{lang}/"), html))
            yield rel, html.encode("utf-8")
        elif isinstance(what, Path):
            yield rel, what.read_bytes()
        else:  # a .js copy of a file a script fetches
            data = what[1].read_text(encoding="utf-8")
            yield rel, (f"(window.SAP_DATA=window.SAP_DATA||{{}})[document.currentScript.src]={data.strip()};\n"
                        ).encode("utf-8")
    for lang, pages in texts.items():  # last: every page has been read by then
        yield f"{lang}/search-offline.js", ("window.SAP_SEARCH=" + json.dumps(
            [p for p in sorted(pages) if p[1]], ensure_ascii=False) + ";\n").encode("utf-8")


def _localised(m: re.Match, page: str, site_url: str) -> str:
    return m.group(1) + local(m.group(2), page, site_url) + m.group(3)


def local(url: str, page: str, site_url: str) -> str:
    """A link as it works from a folder: the portal's own address made relative, a folder's index.html named."""
    if url.startswith(site_url):
        target = "/" + url[len(site_url):]
        url = posixpath.relpath(target, "/" + posixpath.dirname(page)) + ("/" if target.endswith("/") else "")
    if re.match(r"[a-z][a-z0-9+.\-]*:|//|#|\?|$", url, re.I):
        return url
    cut = min([i for i in (url.find("?"), url.find("#")) if i >= 0], default=len(url))
    path, rest = url[:cut], url[cut:]
    if path in (".", "..") or path.endswith("/"):
        path = path.rstrip("/") + "/index.html"
    return path + rest


class _Text(HTMLParser):
    """A page's title (its <h1>) and the text of its article, without embed snippets or heading anchors."""
    SKIP = ("sap-embed", "headerlink")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0          # inside the article: open elements
        self.skipping = 0       # inside a skipped element: open elements
        self.in_h1 = False
        self.title: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if not self.depth:
            self.depth = 1 if tag == "article" and "md-content__inner" in classes else 0
            return
        self.depth += tag not in VOID
        if self.skipping:
            self.skipping += tag not in VOID
        elif tag in ("script", "style") or any(c in self.SKIP for c in classes):
            self.skipping = 1
        self.in_h1 = self.in_h1 or tag == "h1"

    def handle_endtag(self, tag):
        if not self.depth:
            return
        self.depth -= 1
        self.skipping = max(0, self.skipping - 1)
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data):
        if self.depth and not self.skipping:
            (self.title if self.in_h1 else self.text).append(data)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def page_text(address: str, html: str) -> list[str]:
    """[address from the language's root, title, text] of one page."""
    parser = _Text()
    start, end = html.find('<article class="md-content__inner'), html.rfind("</article>")
    # only the article is read: at a hundred cities the navigation is most of a page's bytes
    parser.feed(html[start:end + len("</article>")] if 0 <= start < end else html)
    return [address, " ".join("".join(parser.title).split()), " ".join(" ".join(parser.text).split())]
