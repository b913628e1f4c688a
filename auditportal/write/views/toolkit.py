"""The views of the analyst's toolkit: the configuration reference (every option of every file, from the
schema), the data templates (a kit per dataset layout) and the audit method step by step."""
from __future__ import annotations

from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from ...read import questionnaire
from .. import forms, kits, reference, toolkit, urls
from .common import Ctx, meta


@lru_cache(maxsize=1)
def _reference(root: Path, versions: tuple) -> list:
    """The reference, made once for every language (its examples are YAML, in no language); `versions`
    (the config files' sizes and times) makes a changed file, as under `serve`, give a new one."""
    extra = {"city": [(f"kits/{k.id}/city.yml", {"datasets": {k.id: k.declaration}}) for k in kits.KITS]}
    return reference.reference(root, extra)


def reference_page(ctx: Ctx) -> dict:
    """Every option of every file; examples from the project's files, else from the kits' declarations."""
    root = ctx.site.root
    files_now = [root / rel for paths in reference.project_files(root).values() for rel in paths]
    versions = tuple((str(p), st.st_mtime_ns, st.st_size) for p in files_now if p.is_file() and (st := p.stat()))
    files = []
    for cfg, sections in _reference(root, versions):
        files.append({"name": cfg.name, "path": cfg.path, "about": cfg.about,
                      "schema": ctx.to_site(reference.schema_file(cfg)),
                      "first_line": reference.modeline(cfg, cfg.path.replace("<city>", "city")),
                      "sections": [asdict(s) for s in sections]})
    return {**meta(ctx.loc("nav_reference")), "files": files}


def templates_page(ctx: Ctx) -> dict:
    """Each kit: what it is for, its columns with the example row, and its files."""
    out = []
    for k in kits.KITS:
        link = lambda name, k=k: ctx.to_site(f"{toolkit.KITS}/{k.id}/{name}")  # noqa: E731
        columns = [col for col, _ in kits.columns(k)]
        out.append({"id": k.id, "title": ctx.loc(f"kit_{k.id}_title"), "about": ctx.loc(f"kit_{k.id}_about"),
                    "columns": columns, "example": [k.example.get(col, "") for col in columns],
                    "zip": ctx.to_site(f"{toolkit.KITS}/{k.id}.zip"), "csv": link(f"{k.id}.csv"),
                    "schema": link(f"{k.id}.schema.json"), "guide": link(f"README.{ctx.loc.lang}.md"),
                    "snippet": link("city.yml")})
    form = {"zip": ctx.to_site(f"{toolkit.KITS}/{forms.KIT}.zip"),
            "xlsx": [{"lang": lang, "link": ctx.to_site(f"{toolkit.KITS}/{forms.KIT}/{forms.KIT}.{lang}.xlsx")}
                     for lang in questionnaire.LANGUAGES]}  # the city's own survey's questionnaire (issue 30)
    return {**meta(ctx.loc("nav_templates")), "kits": out, "form": form}


def method_page(ctx: Ctx) -> dict:
    """The audit step by step (content/<lang>/method.md), then where each city's outputs of those steps are and
    how fresh its data are: the latest period, the edition, the day updated, and which datasets `build.py
    refresh` fetches from their publishers (the others are updated by hand)."""
    body = (ctx.site.root / "content" / ctx.loc.lang / "method.md").read_text(encoding="utf-8")
    cities = [{"name": ctx.loc.text(c.config.name, c.config.languages), "link": ctx.link(urls.city(c.slug)),
               "findings": ctx.link(urls.findings(c.slug)), "indicators": ctx.link(urls.indicators(c.slug)),
               "tracker": ctx.link(urls.tracker(c.slug)), "data": ctx.link(urls.datasets(c.slug)),
               "walks": ctx.link(urls.walks(c.slug)) if c.walks else "",
               "latest": c.timespan[1] if c.timespan else str(c.config.period.end), "edition": c.config.edition,
               "updated": c.config.updated.isoformat(),
               "refreshed": [{"title": ctx.loc.text(ds.title, c.config.languages),
                              "link": ctx.link(urls.dataset(c.slug, slug)), "from": _publisher_host(ds.refresh)}
                             for slug, ds in c.config.datasets.items() if ds.refresh and not ds.refresh.manual]}
              for c in ctx.site.cities]
    return {**meta(ctx.loc("nav_method")), "body": body, "cities": cities}


def _publisher_host(refresh) -> str:
    return refresh.socrata.domain if refresh.socrata else refresh.file.url.split("/")[2]
