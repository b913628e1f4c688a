"""Every path the build writes and every link between them, in one place.

Three trees share one site root: the pages of each language (Markdown under docs/<lang>/,
published with directory URLs under /<lang>/), the data files under /data/ and the static
API under /api/v1/. Paths here are relative to those roots; `link` and `to_site` turn them
into relative links, so the site works under any sub-path and from a folder on disk.
"""
from __future__ import annotations

import posixpath
from typing import Callable

API = "api/v1"


# ---------------------------------------------------------------- pages (Markdown paths, per language)

def home() -> str:
    return "index.md"


def framework() -> str:
    return "indicators.md"


def text_page(name: str) -> str:
    return f"{name}.md"


def _city_page(path: str) -> Callable[[str], str]:
    """A page of each city, by its path under the city's folder."""
    return lambda slug: f"{slug}/{path}"


city = _city_page("index.md")
findings = _city_page("findings.md")
tracker = _city_page("tracker.md")
survey = _city_page("survey.md")  # the city's own victimisation surveys: estimates with their margins
walks = _city_page("walks.md")  # the places recorded on safety walks, and the recommendations answering them
indicators = _city_page("indicators/index.md")
left_behind = _city_page("left-behind.md")
changes = _city_page("changes.md")  # what changed since the city's previous edition
datasets = _city_page("data/index.md")


def indicator(slug: str, ind: str) -> str:
    return f"{slug}/indicators/{ind}.md"


def dataset(slug: str, ds: str) -> str:
    return f"{slug}/data/{ds}.md"


def page_url(md: str) -> str:
    """The directory URL a Markdown page is published at, relative to its language root."""
    path = md.removesuffix(".md")
    if path == "index":
        return ""
    return path.removesuffix("/index").removesuffix("index") + "/"


def up(md: str) -> str:
    """Relative prefix from a page's URL back to its language root."""
    return "../" * page_url(md).count("/")


def link(from_md: str, to_md: str, anchor: str = "") -> str:
    """A Markdown link between two pages, which MkDocs checks and turns into a URL."""
    rel = posixpath.relpath(to_md, posixpath.dirname(from_md) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def in_language(from_md: str, path: str) -> str:
    """A link from a page to a file of its own language tree (a figure's SVG, a stylesheet)."""
    return up(from_md) + path


def to_site(from_md: str, path: str) -> str:
    """A link from a page to a path from the site root (data, API, the vendor scripts)."""
    return up(from_md) + "../" + path


def practices() -> str:
    return "practices/index.md"


def practice(practice_id: str) -> str:
    return f"practices/{practice_id}.md"


def comparisons() -> str:
    return "compare/index.md"


def comparison(ind: str) -> str:
    return f"compare/{ind}.md"


def comparison_figure(ind: str, group: int | str, ext: str) -> str:
    return f"compare/{ind}-{group}.{ext}"


def comparison_csv(ind: str) -> str:
    return f"data/compare/{ind}.csv"


# ---------------------------------------------------------------- figure files (per language)

def figure_file(slug: str, kind: str, fig_id: str, ext: str) -> str:
    return f"{slug}/{kind}/{fig_id}.{ext}"


# ---------------------------------------------------------------- data files (from the site root)

def data(slug: str, rel: str = "") -> str:
    return f"data/{slug}/{rel}"


def dataset_csv(slug: str, ds: str) -> str:
    return data(slug, f"{ds}.csv")


def revisions_csv(ds: str) -> str:
    """A dataset's revisions, within its city's data folder."""
    return f"{ds}_revisions.csv"


def bundle(slug: str) -> str:
    return f"data/{slug}.zip"


def portal_package() -> str:
    return "data/datapackage.json"


def offline_zip() -> str:
    """The offline edition: the whole site in one zip (offline.py)."""
    return "portal-offline.zip"


def catalogue() -> str:
    return "data/catalog.jsonld"


# ---------------------------------------------------------------- static API (from the site root)

def api_index() -> str:
    return f"{API}/index.json"


def api_city(slug: str) -> str:
    return f"{API}/cities/{slug}.json"


def api_view(lang: str, md: str) -> str:
    """The data twin of a page: the view it was rendered from, as JSON."""
    return f"{API}/{lang}/{md.removesuffix('.md')}.json"


def absolute(site_url: str, path: str = "") -> str:
    return site_url + path
