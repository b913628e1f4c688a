"""Search without a server, loaded only by a reader who searches.

Pagefind (pinned in requirements.txt as pagefind[bin]: its binary comes in the wheel, nothing is
downloaded at build time) indexes the pages MkDocs wrote, every language at once: one index per
language (from each page's <html lang>), split in chunks a query fetches as it needs them.
assets/search.js opens it. A page's own text is indexed, not the navigation around it, nor the
HTML snippets offered for embedding a figure.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BODY = "article.md-content__inner"
LEFT_OUT = (".sap-embed", ".headerlink")
# other interfaces Pagefind ships; search.js uses pagefind-ui
UNUSED = ("pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-highlight.js")


def index(site: Path, languages: list[str]) -> str:
    """Write site/pagefind/ from every language's pages; returns what Pagefind said when it failed, else ''."""
    pages = "{" + ",".join(languages) + "}" if len(languages) > 1 else languages[0]
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--root-selector", BODY,
           "--glob", f"{pages}/**/index.html"]
    for selector in LEFT_OUT:
        cmd += ["--exclude-selectors", selector]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        return f"pagefind failed ({' '.join(cmd[1:])}):\n{done.stdout}{done.stderr}".strip()
    for name in UNUSED:
        (site / "pagefind" / name).unlink(missing_ok=True)
    entry = site / "pagefind" / "pagefind-entry.json"  # its languages come in any order: sorted, builds are equal
    entry.write_text(json.dumps(json.loads(entry.read_text(encoding="utf-8")), ensure_ascii=False, sort_keys=True,
                                separators=(",", ":")), encoding="utf-8")
    return ""
