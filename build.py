#!/usr/bin/env python3
"""Command line of the Safety Audit Portal: build | serve | validate | check | bench | schema | new-city | refresh.

The logic lives in the auditportal package; this file only parses arguments and
turns problems into readable output and an exit code.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this one)")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the whole site into site/")
    b.add_argument("--strict", action="store_true", help="fail on any MkDocs warning (as CI does)")
    b.add_argument("--out", type=Path, help="output folder (default: site/ in the project)")
    b.add_argument("--no-cache", action="store_true",
                   help="recompute every city instead of reusing build/cache/ (which is safe to delete)")
    b.add_argument("--prepared", action="store_true",
                   help="every city must come from the cache, as `prepare` jobs left it (a CI matrix's merging "
                        "job): a city missing from it, or kept under another key, fails the build")
    s = sub.add_parser("serve", help="build, serve on localhost and rebuild when inputs change")
    s.add_argument("--port", type=int, default=8000)
    pr = sub.add_parser("prepare", help="read, compute and draw some cities into a cache folder (one CI job "
                                         "per city; a build given their merged caches only assembles the site)")
    pr.add_argument("--city", action="append", required=True, help="a city's id; repeat for several")
    pr.add_argument("--cache", type=Path, help="cache folder (default: build/cache/ in the project)")
    ci = sub.add_parser("cities", help="print the cities' ids, one per line (for a CI matrix)")
    ci.add_argument("--batches", action="store_true",
                    help="print the CI matrix instead: the cities in at most 256 prepare jobs, as JSON "
                         "([{\"name\": \"001\", \"cities\": \"cali durban\"}, ...])")
    sub.add_parser("validate", help="check every city's files and print every problem, without building")
    c = sub.add_parser("check", help="check a built site: internal links and anchors, page-weight budgets")
    c.add_argument("--site", type=Path, help="built site folder (default: site/ in the project)")
    be = sub.add_parser("bench", help="build into a temporary folder and print build time, time per page, page weight")
    be.add_argument("--lighthouse", action="store_true",
                    help="also run Lighthouse (mobile) on one page of each type, served as GitHub Pages serves it")
    be.add_argument("--synthetic", type=int, metavar="CITIES",
                    help="bench synthetic cities (auditportal/tools/synthetic.py) instead of this project's")
    be.add_argument("--years", type=int, default=10, help="with --synthetic: years per city (default 10)")
    be.add_argument("--incidents", type=int, default=100_000,
                    help="with --synthetic: incident rows in all, spread over the cities (default 100000)")
    be.add_argument("--seed", type=int, default=1, help="with --synthetic: random seed (default 1)")
    sub.add_parser("schema", help="write the JSON Schema of every config file into schema/ (from the models)")
    n = sub.add_parser("new-city", help="create a city folder that builds at once")
    n.add_argument("slug")
    n.add_argument("--name", required=True)
    n.add_argument("--country", required=True, help="ISO 3166-1 alpha-2 code, e.g. CO")
    n.add_argument("--language", required=True, action="append",
                   help="language code, main one first: --language es --language en, or --language es,en")
    r = sub.add_parser("refresh", help="fetch each declared publisher's new release, check it and add it as a newer "
                                        "release with a report (the build itself never fetches)")
    r.add_argument("--city", action="append", help="a city's id; repeat for several (default: every city)")
    r.add_argument("--report", type=Path, help="also write the report (Markdown) here: a refresh pull request's text")
    args = parser.parse_args(argv)

    from auditportal.problems import MkDocsFailed, ValidationFailed
    try:
        root = args.root.resolve()
        if args.command == "build":
            return build(root, args.out or root / "site", args.strict, args.no_cache, args.prepared)
        if args.command == "prepare":
            from auditportal.cache import Cache
            from auditportal.pipeline import prepare
            prepare(root, args.city, Cache(args.cache or root / "build" / "cache"))
            return 0
        if args.command == "cities":
            from auditportal.read.config import city_slugs
            if args.batches:
                import json

                from auditportal.pipeline import batches
                jobs = batches(city_slugs(root))
                print(json.dumps([{"name": f"{i + 1:03d}", "cities": " ".join(b)} for i, b in enumerate(jobs)]))
                return 0
            print("\n".join(city_slugs(root)))
            return 0
        if args.command == "validate":
            return validate(root)
        if args.command == "check":
            return check(root, args.site or root / "site")
        if args.command == "schema":
            from auditportal.write import reference
            changed = reference.write_schemas(root / reference.FOLDER)
            print(f"{reference.FOLDER}/: " + (", ".join(changed) + " written" if changed else "up to date"))
            return 0
        if args.command == "bench":
            from auditportal.tools.bench import bench
            scale = (args.synthetic, args.years, args.incidents, args.seed) if args.synthetic else None
            return bench(root, args.lighthouse, scale)
        if args.command == "refresh":
            return refresh(root, args.city, args.report)
        if args.command == "serve":
            from auditportal.tools.serve import serve
            return serve(root, args.port)
        if args.command == "new-city":
            from auditportal.tools.scaffold import languages_of, new_city, next_steps
            languages = languages_of(args.language)
            for path in new_city(root, args.slug, args.name, args.country, languages):
                print(f"created {path.relative_to(root)}")
            print(next_steps(args.slug, languages[0]))
            return 0
    except ValidationFailed as err:
        print(err.report(), file=sys.stderr)
        print("Each line: file:line: key or column: what is wrong (hint). Fix them all, then run this again.",
              file=sys.stderr)
        return 1
    except MkDocsFailed as err:
        print(f"{err}\nThe previous site was left untouched.", file=sys.stderr)
        return 1
    return 2


def build(root: Path, out: Path, strict: bool, no_cache: bool = False, prepared: bool = False) -> int:
    from auditportal.cache import NoCache
    from auditportal.pipeline import build as run
    start = time.perf_counter()
    summary = run(root, out, strict=strict, store=NoCache() if no_cache else None, prepared=prepared)
    print(summary.report())
    print(f"built {out} in {time.perf_counter() - start:.1f} s")
    return 0


def check(root: Path, site: Path) -> int:
    from urllib.parse import urlparse

    from auditportal.read import config
    from auditportal.tools import checks
    from auditportal.write import budget, sitesize
    portal = config.load_portal(root)
    prefix = urlparse(portal.site_url).path
    problems = checks.links(site, prefix) + budget.over_budget(site)
    too_large = sitesize.over_limit(site, portal.max_site_bytes, config.city_slugs(root))
    problems += [too_large] if too_large else []
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s) in {site}")
    return 1 if problems else 0


def refresh(root: Path, cities: list[str] | None, report: Path | None) -> int:
    """Each city refreshed on its own; the report printed (and written), every failure named on stderr."""
    from auditportal.tools import refresh as run
    outcomes = run.refresh(root, cities)
    text = run.report(outcomes)
    print(text)
    if report:
        report.write_text(text, encoding="utf-8")
    failed = [f for o in outcomes for f in o.failures]
    for line in failed:
        print(f"refresh failed: {line}", file=sys.stderr)
    return 1 if failed else 0


def validate(root: Path) -> int:
    from auditportal.pipeline import load_site
    site = load_site(root, progress=print)
    for notice in site.notices:
        print(f"notice: {notice}")
    for c in site.cities:
        for slug, t in c.tables.items():
            excluded = sum(t.rows_excluded.values())
            why = "; ".join(f"{n} {reason}" for reason, n in t.rows_excluded.items() if n)
            print(f"  {c.slug}/{slug}: {t.rows_read} rows read, {t.rows_kept} kept, {excluded} excluded"
                  + (f" ({why})" if why else ""))
        for line in c.gap_report():
            print(f"  {line}")
    print(f"no problems found in {len(site.cities)} cities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
