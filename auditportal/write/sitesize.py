"""The built site's bytes against portal.yml's `max_site_bytes` (default 1 GB: GitHub Pages refuses a larger
published site), for `build --strict` and `build.py check`; over it, the largest contributors are named.

A contributor is a folder two levels down (es/cali/, data/cali/, api/v1/) or a file at the top (a zip), and
each city's bytes over every tree (its pages in every language, its data and its JSON twins), so that a
maintainer sees at once which city and which kind of file to look at."""
from __future__ import annotations

from collections import Counter
from pathlib import Path, PurePosixPath

SHOWN = 8
"""Contributors named in the problem."""


def files(site: Path) -> dict[str, int]:
    """Every file of the site (by its path from the site's root) and its bytes."""
    return {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*") if p.is_file()}


def contributors(sizes: dict[str, int]) -> list[tuple[str, int]]:
    """Bytes per folder two levels down (a file at the top on its own), largest first."""
    out: Counter[str] = Counter()
    for rel, size in sizes.items():
        parts = PurePosixPath(rel).parts
        out["/".join(parts[:2]) + "/" if len(parts) > 2 else parts[0] + ("/" if len(parts) > 1 else "")] += size
    return sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))


def by_city(sizes: dict[str, int], cities: list[str]) -> list[tuple[str, int]]:
    """Each city's bytes over every tree of the site (a path with the city's id as one of its folders, or its
    data bundle data/<city>.zip), largest first."""
    names = set(cities)
    out: Counter[str] = Counter()
    for rel, size in sizes.items():
        parts = PurePosixPath(rel).parts
        found = next((p for p in parts[:-1][:4] if p in names), None)
        if found is None and len(parts) == 2 and parts[0] == "data" and parts[1].removesuffix(".zip") in names:
            found = parts[1].removesuffix(".zip")
        if found is not None:
            out[found] += size
    return sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))


def megabytes(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


def over_limit(site: Path, limit: int, cities: list[str]) -> str | None:
    """None if the site's files hold at most `limit` bytes; else what is over, naming the largest contributors."""
    sizes = files(site)
    total = sum(sizes.values())
    if total <= limit:
        return None
    largest = ", ".join(f"{name} {megabytes(size)}" for name, size in contributors(sizes)[:SHOWN])
    per_city = ", ".join(f"{name} {megabytes(size)}" for name, size in by_city(sizes, cities)[:SHOWN])
    top = sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    return (f"the site holds {total:,} bytes in {len(sizes):,} files, over max_site_bytes ({limit:,}, portal.yml); "
            f"largest contributors: {largest}; by city: {per_city or 'none'}; largest files: "
            + ", ".join(f"{name} {megabytes(size)}" for name, size in top)
            + " (portal.yml: png_downloads, offline_url; or raise max_site_bytes)")
