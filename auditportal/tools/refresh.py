"""`build.py refresh`: each publisher's new release fetched, checked and proposed for review.

For every city (or those asked for), each dataset whose city.yml declares where its publisher releases it
(`refresh:` socrata or file) is fetched (fetch.py) into a snapshot beside the data with its origin
(snapshot.py), read with the dataset's own rules (read.sources) and compared with what is published now
(changes.py). A city is refreshed whole or not at all: its folders are copied aside, the new releases written
there and city.yml updated (each release added under the dataset's `newer`, so that every revision stays
listed; the audit's period extended; `updated` set to the day accessed); the city is read and computed there
as the build would; only then are the files moved into place, each whole. A failure names the city, dataset
and address, and the other cities go on. Nothing here runs at build time.
"""
from __future__ import annotations

import hashlib
import io
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from ..pipeline import build_city
from ..problems import Problem, ValidationFailed
from ..read import config, releases, sources
from ..read.citycheck import data_folders
from ..records import CityBuild
from ..schema import City, Dataset, Indicator, tr
from . import changes, fetch, snapshot
from .fetch import Failed


@dataclass
class Outcome:
    """One city's refresh: the report (Markdown lines), what failed, and what was written."""
    city: str
    report: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Staged:
    """One dataset's new release, read and checked, ready to be moved into place."""
    files: dict[str, bytes]  # path under data/ -> bytes
    release: dict            # the entry added under the dataset's `newer` in city.yml
    last_year: int           # the last year it holds
    partial: list[str]       # its periods not over by the day accessed: declared partial
    lines: list[str]         # the report's lines about it


def refresh(root: Path, only: list[str] | None = None, today: date | None = None, progress=print) -> list[Outcome]:
    """Refresh each city in `only` (default: every city), each on its own."""
    known = config.city_slugs(root)
    unknown = [c for c in only or [] if c not in known]
    if unknown:
        raise ValidationFailed([Problem("cities/", None, "--city", f"no city {c!r}",
                                        f"the cities are: {', '.join(known)}") for c in unknown])
    registry = config.load_registry(root)
    day = today or fetch.today()
    out = []
    for slug in only or known:
        progress(f"[refresh] {slug}")
        outcome = Outcome(slug)
        try:
            refresh_city(root, slug, registry, day, outcome)
        except ValidationFailed as err:
            outcome.failures.append(f"{slug}: the city does not validate"
                                    + "".join(f"\n  {p}" for p in err.problems))
        except Exception as err:  # whatever it is, the other cities go on and it is said, not a traceback
            outcome.failures.append(f"{slug}: refresh stopped on an unexpected error: {err!r} (please report it "
                                    "with this line)")
        if outcome.failures:
            outcome.report.append(f"Nothing was written for {slug}: a city is refreshed whole or not at all.")
        out.append(outcome)
    return out


def refresh_city(root: Path, slug: str, registry: dict[str, Indicator], day: date, out: Outcome) -> None:
    city = config.load_city(root, slug, registry)
    declared = {k: ds for k, ds in city.datasets.items() if ds.refresh and not ds.refresh.manual}
    out.report.append(f"## {tr(city.name, city.languages[0])} ({slug}): refresh of {day.isoformat()}")
    undeclared = [k for k, ds in city.datasets.items() if not ds.refresh]
    if undeclared:
        out.report.append(f"Updated by hand (no publisher source declared): {', '.join(undeclared)}.")
    out.report += [f"Updated by hand, {k}: {' '.join(tr(ds.refresh.manual, 'en').split())}"
                   for k, ds in city.datasets.items() if ds.refresh and ds.refresh.manual]
    if not declared:
        return
    before = _built(root, slug, registry)
    with tempfile.TemporaryDirectory(prefix="refresh-") as tmp:
        stage = _stage(root, slug, city, Path(tmp))
        staged: dict[str, Staged] = {}
        for ds_slug, ds in declared.items():
            try:
                found = _one(root, stage, city, ds_slug, ds, before, day)
            except Failed as err:
                out.failures.append(f"{slug}/{ds_slug}: {err}")
                out.report += [f"### {ds_slug}", f"- failed: {err}"]
                continue
            if isinstance(found, str):
                out.report += [f"### {ds_slug}", f"- {found}"]
            else:
                staged[ds_slug] = found
                out.report += [f"### {ds_slug}", *found.lines]
        if out.failures or not staged:
            return
        yml = Path("cities") / slug / "city.yml"
        text = city_text((root / yml).read_text(encoding="utf-8"), staged, day)
        (stage / yml).write_text(text, encoding="utf-8")
        try:
            after = _built(stage, slug, registry)
        except ValidationFailed as err:
            out.failures.append(f"{slug}: the city does not validate with the new releases"
                                + "".join(f"\n  {p}" for p in err.problems))
            return
        out.report += ["### What changes on the site", *changes.site_lines(before, after, set(staged)),
                       f"- city.yml: period {city.period.start}–{city.period.end} → {after.config.period.start}–"
                       f"{after.config.period.end}; updated {city.updated} → {after.config.updated}"]
        for s in staged.values():
            for rel, data in s.files.items():
                snapshot.write_atomic(root / "data" / rel, data)
                out.written.append(f"data/{rel}")
        snapshot.write_atomic(root / yml, text.encode("utf-8"))
        out.written.append(yml.as_posix())
        out.report.append(f"Written: {', '.join(out.written)}.")


def _built(root: Path, slug: str, registry: dict[str, Indicator]) -> CityBuild:
    problems: list[Problem] = []
    built = build_city(root, slug, registry, None, problems, [])
    if built is None or problems:
        raise ValidationFailed(problems)
    return built


def _stage(root: Path, slug: str, city: City, tmp: Path) -> Path:
    """A copy of the city's folders, where the new releases are tried before anything is written."""
    shutil.copytree(root / "cities" / slug, tmp / "cities" / slug)
    for folder in data_folders(city):
        shutil.copytree(root / "data" / folder, tmp / "data" / folder)
    return tmp


def _release_folder(root: Path, base: str, day: date) -> str:
    """data/<city>/releases/<dataset>/<day>, or <day>.2 ... when the day already has one."""
    name, n = day.isoformat(), 1
    while (root / "data" / base / name).exists():
        n += 1
        name = f"{day.isoformat()}.{n}"
    return f"{base}/{name}"


def _one(root: Path, stage: Path, city: City, slug: str, ds: Dataset, before: CityBuild,
         day: date) -> Staged | str:
    """One dataset's new release, fetched, read and checked; a sentence when there is nothing new."""
    src = ds.refresh
    assert src is not None
    base = f"{PurePosixPath(ds.file).parts[0]}/releases/{slug}"
    last = snapshot.last_origin(root / "data" / base)
    if src.socrata is not None:
        fetched = fetch.socrata(src.socrata, src.timeout)
    else:
        assert src.file is not None  # Refresh holds exactly one way
        fetched = fetch.file(src.file, src.timeout)
    digest = hashlib.sha256(fetched.content).hexdigest()
    if last and last.get("sha256") == digest:
        return f"unchanged: {fetched.url} gives the same bytes as the release of {last.get('date_accessed')}"
    f = src.file
    kind = src.socrata.format if src.socrata else f.format if f else "csv"
    ex = snapshot.extract(fetched, kind, f.sheet if f else None, f.header_row if f else 1, f.member if f else None,
                          f.encoding if f else "utf-8", last.get("sheets") if last and "sheets" in last else None)
    folder = _release_folder(root, base, day)
    data_rel = f"{folder}/{slug}.csv"
    published = f"{folder}/{fetched.name if fetched.name != f'{slug}.csv' else 'published-' + fetched.name}"
    files = {data_rel: fetched.content} if ex.text is None else {published: fetched.content,
                                                                 data_rel: ex.text.encode("utf-8")}
    for rel, data in files.items():
        snapshot.write_atomic(stage / "data" / rel, data)
    layout = releases.configs(ds)[-1]  # the newest release's layout: the publisher's current one
    geo = before.geo
    read = lambda where, cfg: sources.read_dataset(where, slug, cfg, geo.known_codes() if geo else None, None,  # noqa
                                                   None, geo.names if geo else None)
    try:
        new = read(stage, layout.model_copy(update={"file": data_rel}))
    except ValidationFailed as err:
        raise Failed(fetched.url, "the release does not read with the dataset's rules:"
                     + "".join(f"\n  {p}" for p in err.problems), snapshot.CHANGED_LAYOUT)
    current, last_release = read(root, ds), read(root, layout)
    diff = changes.compare(current, new)
    why = changes.refused(diff, ds, new.rows_read, last_release.rows_read, stage / "data" / data_rel,
                          f"data/{data_rel}")
    if why:
        raise Failed(fetched.url, "; ".join(w for w, _ in why), "; ".join(h for _, h in why))
    if not diff.changed:
        return f"unchanged: {fetched.url} gives the same values as published (the file's bytes differ)"
    source = ds.newer[-1].source if ds.newer else ds.source
    origin_rel = f"{folder}/{snapshot.ORIGIN}"
    files[origin_rel] = snapshot.origin_text(snapshot.origin(
        fetched, slug, tr(source.publisher, city.languages[0]), source.licence, day,
        PurePosixPath(data_rel if ex.text is None else published).name, f"{slug}.csv", ex.how, ex.sheets,
        new.rows_read)).encode("utf-8")
    overrides = ds.newer[-1].model_dump(mode="json", include=ds.newer[-1].model_fields_set - {"file", "source",
                                                                                                  "caveats"}) \
        if ds.newer else {}
    release = {"file": data_rel, **overrides, "source": {
        "publisher": source.publisher, "url": fetched.landing, "licence": source.licence, "terms": source.terms,
        "retrieved": date.fromordinal(day.toordinal()),  # a date object of its own: never a YAML alias
        "transformations": f"Fetched by build.py refresh ({fetched.pages} page(s)); {ex.how}; origin in "
                           f"data/{origin_rel}"}}
    unfinished = sorted({p for p, end in zip(new.frame["period"], new.frame["period_end"])
                         if end and date.fromisoformat(end) >= day} - set(ds.partial))
    shown = [f"data/{rel}" for rel in files]
    lines = [f"- fetched {fetched.url} on {day.isoformat()}: {len(fetched.content):,} bytes in {fetched.pages} "
             f"page(s), SHA-256 {digest[:16]}…, published {fetched.published or '(date not stated)'}, licence stated: "
             f"{fetched.licence or 'none'}",
             f"- kept: {', '.join(shown)}; added under datasets.{slug}.newer in city.yml",
             *changes.dataset_lines(diff, new.rows_read, last_release.rows_read)]
    if unfinished:
        lines.append(f"- not over on the day accessed, so declared partial: {', '.join(unfinished)}")
    still = sorted(set(ds.partial) & set(new.frame["period"]))
    if still:
        lines.append(f"- declared partial before: {', '.join(still)}: if the publisher has completed them, take "
                     "them out of partial: in city.yml")
    return Staged(files, release, int(new.frame["period_start"].str[:4].astype(int).max()), unfinished, lines)


def city_text(text: str, staged: dict[str, Staged], day: date) -> str:
    """city.yml with each new release added under its dataset's `newer`, the audit's period extended to the
    last year fetched and `updated` set to the day accessed; comments, anchors and layout kept."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    y = YAML()
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    data = y.load(text)

    def keep_anchors(node) -> None:  # an anchor no alias uses yet is still the author's
        if isinstance(node, (CommentedMap, CommentedSeq)):
            if node.anchor.value:
                node.anchor.always_dump = True
            for child in node.values() if isinstance(node, CommentedMap) else node:
                keep_anchors(child)
    keep_anchors(data)
    for slug, s in staged.items():
        ds = data["datasets"][slug]
        ds.setdefault("newer", CommentedSeq()).append(s.release)
        if s.partial:
            ds.setdefault("partial", CommentedSeq()).extend(s.partial)
    data["period"]["end"] = max(int(data["period"]["end"]), *(s.last_year for s in staged.values()))
    data["updated"] = date.fromordinal(day.toordinal())  # a date object of its own: never a YAML alias
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def report(outcomes: list[Outcome]) -> str:
    """Every city's report, then what failed: a refresh pull request's description."""
    lines = [line for o in outcomes for line in (*o.report, "")]
    failed = [f for o in outcomes for f in o.failures]
    if failed:
        lines += ["## Failed", *[f"- {f}" for f in failed]]
    return "\n".join(lines).rstrip() + "\n"
