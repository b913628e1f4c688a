"""The script scan: nothing on a built page or drawing can run script that the portal did not write. The
build runs it over the staging folder and publishes nothing if it finds anything (defence in depth: the
escaping in escaping.py should make it impossible)."""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

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


def unsafe(site: Path, known: set[str] | None = None) -> list[str]:
    """Everything on a page or drawing that could run script: the build fails on any of it. `known` holds
    the hashes of files found safe before (same bytes, same verdict); it is replaced by this site's. The
    files are read in two processes where there are many: at a hundred cities they are gigabytes."""
    files = [p for p in sorted([*site.rglob("*.html"), *site.rglob("*.svg")])
             if "vendor" not in p.relative_to(site).parts and not p.name.endswith(".min.svg")]
    previous = known if known is not None else set()
    jobs = [[str(p) for p in files[i:i + SCAN_BATCH]] for i in range(0, len(files), SCAN_BATCH)]
    if len(jobs) > 2 and (os.cpu_count() or 1) > 1:
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
            scanned = [r for batch in pool.map(_scan, jobs, [previous] * len(jobs)) for r in batch]
    else:
        scanned = [r for batch in jobs for r in _scan(batch, previous)]
    found = [f"{Path(path).relative_to(site).as_posix()}: {f}" for path, problems, _ in scanned for f in problems]
    if known is not None:
        known.clear()
        known.update(digest for _, problems, digest in scanned if not problems)
    return found


SCAN_BATCH = 200


def _scan(paths: list[str], known: set[str]) -> list[tuple[str, list[str], str]]:
    """(path, what could run script in it, hash of its bytes) for each file; runs in a worker process."""
    out: list[tuple[str, list[str], str]] = []
    for path in paths:
        data = Path(path).read_bytes()
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        if digest in known:
            out.append((path, [], digest))
            continue
        checker = _Unsafe()
        checker.feed(data.decode("utf-8", errors="replace"))
        out.append((path, checker.found, digest))
    return out
