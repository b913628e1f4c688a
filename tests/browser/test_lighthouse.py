"""Lighthouse's accessibility, best-practices and SEO audits on the real cities' pages, served as GitHub
Pages serves a project site. These do not depend on the machine's speed; performance does, so it is
measured by `build.py bench --lighthouse` (BENCHMARKS.md), never asserted here."""
from __future__ import annotations

import pytest

from auditportal.tools import lighthouse


@pytest.mark.parametrize("kind", list(lighthouse.PAGES))
def test_lighthouse_finds_nothing_to_fix(built_real, kind):
    """One page of each type: home, city, findings, indicator, dataset, tracker, comparison, text."""
    [report] = lighthouse.run(built_real, [lighthouse.PAGES[kind]], ("accessibility", "best-practices", "seo"))
    assert report.failed == []
    assert report.scores == {"accessibility": 1, "best-practices": 1, "seo": 1}
