"""What the site publishes for the people who run an audit, beside the pages: each config file's JSON
Schema under /schema/ (what the YAML files' first lines name) and a download kit per dataset layout
under /kits/ (kits.py), its field guide in every language of the site, and the victimisation survey's
XLSForm (forms.py)."""
from __future__ import annotations

from pathlib import Path

from . import forms, kits, reference

KITS = "kits"
"""Where the site publishes the kits: kits/<kit>/<file> and kits/<kit>.zip."""


def publish(site, staging: Path) -> None:
    folder = staging / reference.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for cfg in reference.FILES:
        (folder / f"{cfg.name}.schema.json").write_text(reference.schema_text(cfg), encoding="utf-8")
    kits.write(staging / KITS, site.locales, site.portal.languages, site.root / "templates")
    forms.write(staging / KITS)  # the victimisation survey's XLSForm, one workbook per language
