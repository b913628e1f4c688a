"""Each byte published once, and a site that must fit where it is published (issue 32): no PNG unless
portal.yml asks for them, none of Material's files that no page loads, the offline edition beside the site
(a release asset) unless asked in it, and `max_site_bytes` checked by `build.py check` and `build --strict`,
naming the largest contributors."""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from auditportal.pipeline import build
from auditportal.problems import MkDocsFailed
from auditportal.write import offline, sitesize, urls
from auditportal.write.site import KEPT_AS_WRITTEN
from helpers import ROOT, hashes, make_project, quiet

OFFLINE_URL = yaml.safe_load((ROOT / "portal.yml").read_text(encoding="utf-8"))["offline_url"]


def set_portal(root: Path, **changes) -> None:
    """portal.yml with some keys set (a value of None takes the key out)."""
    path = root / "portal.yml"
    text = path.read_text(encoding="utf-8")
    for key, value in changes.items():
        text = re.sub(rf"^{key}:.*\n", "", text, flags=re.M)
        if value is not None:
            text += f"{key}: {value}\n"
    path.write_text(text, encoding="utf-8")


def test_the_site_publishes_no_png_no_unused_theme_file_and_the_offline_edition_beside_it(built_fixture):
    site = built_fixture / "site"
    files = sitesize.files(site)
    assert [f for f in files if f.endswith(".png") and "favicon" not in f and "/images/" not in f] == []
    assert [f for f in files if f.endswith(".map") or "/lunr/" in f] == []
    for lang in ("es", "en", "pt"):
        scripts = sorted([*(site / lang / "assets").rglob("*.js"), *(site / lang / "assets").rglob("*.css")])
        assert scripts and not [p for p in scripts if "sourceMappingURL" in p.read_text(encoding="utf-8")]
        page = (site / lang / "minicali" / "index.html").read_text(encoding="utf-8")
        assert "charts/trend.svg" in page and ".png" not in page.replace("favicon.png", "")
        assert "\n " not in KEPT_AS_WRITTEN.sub("", page)  # no indentation left but in pre, scripts and styles
        home = (site / lang / "index.html").read_text(encoding="utf-8")
        assert f'href="{OFFLINE_URL}" download' in home
        assert re.search(r'class="sap-offline-size">\d', home)  # its size stated, though it is not in the site
    assert urls.offline_zip() not in files
    with zipfile.ZipFile(offline.beside(site)) as z:
        names = z.namelist()
    assert "portal/es/minicali/index.html" in names and "portal/data/minicali.zip" in names


def test_check_fails_a_site_over_max_site_bytes_naming_the_largest_contributors(built_fixture, tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    (root / "portal.yml").write_text((built_fixture / "portal.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "cities").symlink_to(built_fixture / "cities")
    site = built_fixture / "site"
    total = sum(sitesize.files(site).values())

    def check() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "check", "--site",
                               str(site)], capture_output=True, text=True)
    assert check().returncode == 0  # the default: GitHub Pages' 1 GB
    set_portal(root, max_site_bytes=total - 1)
    done = check()
    assert done.returncode == 1
    [line] = [line for line in done.stdout.splitlines() if "max_site_bytes" in line]
    assert line.startswith(f"the site holds {total:,} bytes in ")
    assert f"over max_site_bytes ({total - 1:,}, portal.yml); largest contributors: " in line
    largest = sitesize.contributors(sitesize.files(site))
    assert f"largest contributors: {largest[0][0]} {sitesize.megabytes(largest[0][1])}, " in line
    assert "by city: minicali " in line and "largest files: " in line


def test_pngs_and_the_offline_edition_in_the_site_when_asked_and_strict_refuses_a_site_too_large(tmp_path):
    root = make_project(tmp_path / "project")
    set_portal(root, png_downloads="true", offline_url=None)
    build(root, root / "site", progress=quiet)
    site = root / "site"
    for lang in ("es", "en", "pt"):
        png = site / lang / "minicali" / "charts" / "trend.png"
        assert png.read_bytes().startswith(b"\x89PNG")
        page = (site / lang / "minicali" / "index.html").read_text(encoding="utf-8")
        assert 'href="../minicali/charts/trend.png" download' in page
    assert zipfile.is_zipfile(site / urls.offline_zip())  # in the site, linked as before
    assert 'href="../portal-offline.zip" download' in (site / "es" / "index.html").read_text(encoding="utf-8")
    assert not offline.beside(site).exists()

    before = hashes(site)
    set_portal(root, max_site_bytes=1_000_000)
    with pytest.raises(MkDocsFailed) as failed:
        build(root, site, strict=True, progress=quiet)
    message = str(failed.value)
    assert "over max_site_bytes (1,000,000, portal.yml); largest contributors: " in message
    assert "by city: minicali " in message and "largest files: admin/decap/decap-cms.js " in message
    assert ", portal-offline.zip " in message  # counted: it is in the site
    assert hashes(site) == before  # nothing published
