"""Lighthouse (npm, pinned in package.json; 12.2.3, the last that runs on Node 20) on a built site
served as GitHub Pages serves a project site (ghpages.py: sub-path, gzip), in Debian's chromium.

Mobile form factor and simulated throttling (Lighthouse's defaults): the figures a cheap phone on a
slow network would see. Performance and its timings are measurements, printed by `build.py bench
--lighthouse` and recorded in BENCHMARKS.md; accessibility, best practices and SEO do not depend on
the machine's speed, and a test holds them (tests/browser/test_lighthouse.py).
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import ghpages

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

PAGES = {
    "home": "/en/",
    "city": "/en/cali/",
    "findings": "/en/durban/findings/",
    "indicator": "/en/durban/indicators/homicide_count/",
    "dataset": "/en/queretaro/data/envipe_crime/",
    "tracker": "/en/cali/tracker/",
    "comparison": "/en/compare/homicide_rate/",
    "text": "/en/methodology/",
}
"""One page of each type, on the real cities' site; the page types are budget.page_type's."""


@dataclass(frozen=True)
class Report:
    path: str
    scores: dict[str, float]   # category -> 0..1
    lcp_ms: float
    tbt_ms: float
    bytes: int                 # transferred, compressed
    failed: list[str]          # audits that scored below 1 in accessibility, best practices or SEO


def run(site: Path, paths: list[str], categories: tuple[str, ...] = CATEGORIES, runs: int = 1) -> list[Report]:
    """Lighthouse on each path (below the site's sub-path), one at a time: they share two cores. With
    runs > 1, the run with the median performance score (Lighthouse's own advice: timings vary)."""
    if not BINARY.is_file():
        raise FileNotFoundError(f"{BINARY} is missing: run `npm ci` (scripts/setup does)")
    base, stop = ghpages.serve(site)
    try:
        out = []
        for path in paths:
            tries = sorted((_one(base + path, path, categories) for _ in range(runs)),
                           key=lambda r: r.scores.get("performance", 0))
            out.append(tries[len(tries) // 2])
        return out
    finally:
        stop()


def _one(url: str, path: str, categories: tuple[str, ...]) -> Report:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        cmd = [str(BINARY), url, "--quiet", "--output=json", f"--output-path={out}",
               f"--only-categories={','.join(categories)}",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=240,
                              env={**os.environ, "CHROME_PATH": CHROMIUM}, cwd=tmp)
        if done.returncode or not out.is_file():
            raise RuntimeError(f"lighthouse failed on {url}:\n{done.stdout}{done.stderr}")
        report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    failed = [f"{cat}: {ref['id']}" for cat in categories if cat != "performance"
              for ref in report["categories"][cat]["auditRefs"]
              if ref.get("weight") and (audits[ref["id"]].get("score") is not None)
              and audits[ref["id"]]["score"] < 1]
    number = lambda key: float(audits.get(key, {}).get("numericValue") or 0)  # noqa: E731
    return Report(path, {cat: report["categories"][cat]["score"] for cat in categories},
                  number("largest-contentful-paint"), number("total-blocking-time"),
                  int(number("total-byte-weight")), failed)


def lines(reports: list[Report]) -> list[str]:
    """The table `build.py bench --lighthouse` prints."""
    out = ["Lighthouse 12.2.3, mobile, simulated throttling, median of 3 runs; served under a sub-path with gzip:",
           f"  {'page':44} {'perf':>5} {'a11y':>5} {'bp':>5} {'seo':>5} {'LCP ms':>7} {'TBT ms':>7} {'bytes':>9}"]
    for r in reports:
        s = r.scores
        out.append(f"  {r.path:44} {s.get('performance', 0):5.2f} {s.get('accessibility', 0):5.2f} "
                   f"{s.get('best-practices', 0):5.2f} {s.get('seo', 0):5.2f} {r.lcp_ms:7.0f} {r.tbt_ms:7.0f} "
                   f"{r.bytes:9,}")
        out += [f"    below 1: {f}" for f in r.failed]
    return out
