"""The benchmark's synthetic cities (build.py bench --synthetic) are valid projects of the chosen scale,
the same for the same seed."""
from __future__ import annotations

import filecmp

from auditportal.pipeline import load_site
from auditportal.tools import synthetic
from helpers import ROOT


def test_a_synthetic_project_validates_at_the_chosen_scale(tmp_path):
    root = synthetic.project(ROOT, tmp_path / "a", cities=4, years=3, incidents=5_000, seed=7)
    site = load_site(root)
    assert [c.slug for c in site.cities] == ["syn000", "syn001", "syn002", "syn003"]
    assert [c.config.languages for c in site.cities] == [["es", "en", "pt"], ["es", "en"], ["es", "en"],
                                                         ["es", "en", "pt"]]
    assert [c.config.period.start for c in site.cities] == [2023] * 4
    counted = sum(int(c.tables["points"].frame["value"].sum()) for c in site.cities)  # every point in a district
    assert 5_000 - 4 <= counted <= 5_000  # each city's share rounded down
    again = synthetic.project(ROOT, tmp_path / "b", cities=4, years=3, incidents=5_000, seed=7)
    same = filecmp.dircmp(root / "data", again / "data")
    assert same.subdirs and all(not d.diff_files for d in same.subdirs.values())
