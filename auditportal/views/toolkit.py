"""The views of the analyst's toolkit: the configuration reference (every option of every file, from the
schema), the data templates (a kit per dataset layout) and the audit method step by step."""
from __future__ import annotations

from dataclasses import asdict

from .. import reference
from .common import Ctx, meta


def reference_page(ctx: Ctx) -> dict:
    files = []
    for cfg, sections in reference.reference(ctx.site.root):
        files.append({"name": cfg.name, "path": cfg.path, "about": cfg.about,
                      "schema": ctx.to_site(reference.schema_file(cfg)),
                      "first_line": reference.modeline(cfg, cfg.path.replace("<city>", "city")),
                      "sections": [asdict(s) for s in sections]})
    return {**meta(ctx.loc("nav_reference")), "files": files}
