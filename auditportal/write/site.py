"""MkDocs, once per language, into a staging folder that replaces site/ only when everything worked.

One build per language (each inheriting the shared mkdocs.yml) keeps mkdocs.yml free of
plugins, so Zensical can read it; Pagefind then indexes every language's pages (search.py).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from contextlib import contextmanager
from datetime import datetime, time, timezone
from pathlib import Path

import yaml

from .. import i18n
from ..problems import MkDocsFailed
from ..schema import tr
from . import cms, escaping, pages, scan, search, toolkit, urls
from .draw.charts import VL_VERSION


@contextmanager
def staging(out: Path):
    """Yield a fresh folder beside `out`; on success swap it in, on failure delete it and keep `out`."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = out.with_name(out.name + ".staging")
    old = out.with_name(out.name + ".previous")
    for leftover in (stage, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    stage.mkdir()
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    if out.exists():
        out.rename(old)
    stage.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def build_epoch(inputs) -> int:
    """A timestamp taken from the inputs (the latest city update), so equal inputs give equal bytes."""
    latest = max((c.config.updated for c in inputs.cities), default=None)
    if latest is None:
        return 0
    return int(datetime.combine(latest, time(), tzinfo=timezone.utc).timestamp())


THEME_LABELS = ("chart_interactive", "search_close", "search_results", "search_offline", "made_with")
"""Interface strings the theme's templates (overrides/main.html) hand to the portal's scripts."""


def language_config(s, work: Path, staging: Path, lang: str) -> Path:
    portal = s.portal
    cfg = {
        "INHERIT": os.path.relpath((s.root / "mkdocs.yml").resolve(), work.resolve()),
        "site_name": escaping.theme_text(tr(portal.title, lang)),
        "site_description": escaping.theme_text(tr(portal.description, lang)),
        "site_url": portal.site_url + f"{lang}/",
        "docs_dir": f"docs/{lang}",
        "site_dir": str(staging / lang),
        "theme": {"language": i18n.THEME_LANGUAGE.get(lang, lang),
                  "custom_dir": os.path.relpath((s.root / "overrides").resolve(), work.resolve())},
        "extra": {"alternate": [{"name": s.locales[other]("language_name"), "lang": other,
                                 "link": urls.absolute(portal.site_url, f"{other}/")} for other in portal.languages],
                  "labels": {key: s.locales[lang](key) for key in THEME_LABELS}},
        "nav": pages.navigation(pages.routes(s, lang)),
    }
    if s.archives:  # earlier editions: built and linked from their city's pages, out of the navigation
        cfg["not_in_nav"] = "\n".join(f"/{a.slug}/" for a in s.archives)
    # no repo_url: Material would fetch the repository's star count from GitHub on every page;
    # the source is linked from the footer instead, with an icon Material ships
    if portal.repo_url:
        cfg["extra"]["social"] = [{"icon": "fontawesome/brands/github", "link": portal.repo_url,
                                   "name": s.locales[lang]("source_code")}]
    path = work / f"mkdocs.{lang}.yml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run_mkdocs(inputs, work: Path, staging: Path, strict: bool, progress, store, preview: bool = False) -> None:
    """`store`: the build's cache (cache.py), which remembers the pages found safe. `preview`: a local preview,
    whose editor also offers the local decap-server (the published one never tries it)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=str(build_epoch(inputs)),
               PYTHONHASHSEED="0")
    running = []
    for lang in inputs.portal.languages:
        cfg = language_config(inputs, work, staging, lang)
        # not -q: it silences warnings before --strict can count them
        cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(cfg)] + (["--strict"] if strict else [])
        progress(f"  mkdocs {lang}")
        running.append((lang, subprocess.Popen(cmd, cwd=work, env=env, stdout=subprocess.PIPE,
                                               stderr=subprocess.STDOUT, text=True)))
    failed = []
    for lang, proc in running:
        output, _ = proc.communicate()
        notable = "\n".join(line for line in output.splitlines() if not line.startswith("INFO"))
        if proc.returncode:
            failed.append(f"--- mkdocs ({lang}) failed:\n{notable.strip()}")
        elif notable.strip():
            progress(notable.strip())
    if failed:
        raise MkDocsFailed("\n".join(failed))
    trim_theme(staging, inputs.portal.languages)
    for lang in inputs.portal.languages:
        fold_whitespace(staging / lang)
    write_root(inputs, staging)
    write_vendor(inputs.root, staging)
    toolkit.publish(inputs, staging)
    cms.write_admin(inputs, staging, cms.LOCAL_BACKEND if preview else None)
    failed_search = search.index(staging, inputs.portal.languages)
    if failed_search:
        raise MkDocsFailed(failed_search)
    known = store.safe_pages()
    found = scan.unsafe(staging, known)
    store.keep_safe_pages(known)
    if found:  # defence in depth: escaping should make this impossible; if it is not, publish nothing
        raise MkDocsFailed("the built pages hold what could run script in a reader's browser:\n"
                           + "\n".join(found[:20]))


SOURCE_MAP = re.compile(r"\n(//# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+ \*/)\s*$")


def trim_theme(staging: Path, languages: list[str]) -> None:
    """Material's files that no reader's page loads, taken out of each language's copy of the theme: lunr, the
    stemmers of Material's own search (the portal searches with Pagefind), and the source maps of its scripts
    and stylesheets (for debugging Material itself), with the comments that name them: 2.4 MB per language."""
    for lang in languages:
        assets = staging / lang / "assets"
        shutil.rmtree(assets / "javascripts" / "lunr", ignore_errors=True)
        for path in sorted(assets.rglob("*.map")):
            path.unlink()
        for path in sorted([*assets.rglob("*.js"), *assets.rglob("*.css")]):
            text = path.read_text(encoding="utf-8")
            kept = SOURCE_MAP.sub("\n", text)
            if kept != text:
                path.write_text(kept, encoding="utf-8")


KEPT_AS_WRITTEN = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.S | re.I)
INDENTED = re.compile(r"[ \t]*\n\s*")


def fold_whitespace(folder: Path) -> None:
    """Every page's runs of blank lines and indentation (Material's templates leave them, in every item of the
    navigation: half a page's bytes) folded into one line break, which a browser reads as the same space;
    what is shown as written (pre, textarea) and scripts and styles are left alone."""
    for path in sorted(folder.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        parts = KEPT_AS_WRITTEN.split(html)  # [text, kept, its tag name, text, ...]
        folded = "".join(INDENTED.sub("\n", part) if i % 3 == 0 else part if i % 3 == 1 else ""
                         for i, part in enumerate(parts))
        if folded != html:
            path.write_text(folded, encoding="utf-8")


LEAFLET = ("leaflet.js", "leaflet.css", "images")


def write_vendor(root: Path, staging: Path) -> None:
    """Self-host the interactive layer: Vega from vl-convert (the versions that drew the SVGs),
    Leaflet from the pinned npm package."""
    import vl_convert

    vendor = staging / "assets" / "vendor"
    vendor.mkdir(parents=True)
    bundle = vl_convert.javascript_bundle(vl_version=VL_VERSION)  # type: ignore[call-arg]  # snippet is optional
    (vendor / "vega.js").write_text(bundle, encoding="utf-8")
    dist = root / "node_modules" / "leaflet" / "dist"
    if not dist.is_dir():
        raise MkDocsFailed("node_modules/leaflet is missing: run scripts/site (it installs it with npm ci)")
    basemap = root / "node_modules" / "protomaps-leaflet" / "dist" / "protomaps-leaflet.js"
    if not basemap.is_file():
        raise MkDocsFailed("node_modules/protomaps-leaflet is missing: run scripts/setup (npm ci installs it)")
    # draws a city's own PMTiles basemap (maps.js); wrapped so that it uses the Leaflet maps.js hands it, since the
    # Vega bundle declares a global `L` of its own
    (vendor / "protomaps-leaflet.js").write_text(
        "(function (L) {\n" + basemap.read_text(encoding="utf-8") + "\nwindow.protomapsL = protomapsL;\n"
        "})(window.SAP_LEAFLET);\n", encoding="utf-8")
    (vendor / "leaflet").mkdir()
    for name in LEAFLET:
        src = dist / name
        if src.is_dir():
            shutil.copytree(src, vendor / "leaflet" / name)
        else:
            shutil.copy(src, vendor / "leaflet" / name)


def write_root(inputs, staging: Path) -> None:
    """The site root: a language chooser that sends readers to the first language."""
    env = pages.html_environment(inputs.root)
    langs = [{"code": lang, "name": inputs.locales[lang]("language_name"), "title": tr(inputs.portal.title, lang),
              "description": tr(inputs.portal.description, lang),
              "url": urls.absolute(inputs.portal.site_url, f"{lang}/")} for lang in inputs.portal.languages]
    html = env.get_template("root.html.j2").render(languages=langs, default=langs[0])
    (staging / "index.html").write_text(html, encoding="utf-8")
