"""What the site publishes for the people who run an audit, beside the pages: each config file's JSON
Schema under /schema/ (what the YAML files' first lines name) and a download kit per dataset layout
under /kits/ (kits.py)."""
from __future__ import annotations

from pathlib import Path

from . import reference


def publish(staging: Path) -> None:
    folder = staging / reference.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for cfg in reference.FILES:
        (folder / f"{cfg.name}.schema.json").write_text(reference.schema_text(cfg), encoding="utf-8")
