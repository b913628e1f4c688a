"""Browser fixtures: Debian's Chromium through Playwright, and the real site served like GitHub Pages."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browsing import chromium, serve, start  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    playwright = start()
    b = chromium(playwright)
    yield b
    b.close()
    playwright.stop()


@pytest.fixture(scope="module")
def site_url(built_real):
    url, stop = serve(built_real)
    yield url
    stop()
