"""Checks of a city's own files beyond what the schema can say, for the newcomer who follows CONTRIBUTING
without reading code: every data folder says where its files come from (SOURCES.md), a findings file
does not repeat the headings its page adds, areas with a population but no shape on the map are named with
the option that handles them, and a basemap covers the city.
"""
from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from pmtiles.tile import MagicNumberNotFound, TileType, deserialize_header

from ..i18n import Locale
from ..problems import Problem
from ..records import Geography
from ..schema import City, tr
from . import datafiles, geography

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
PAGE_HEADINGS = ("nav_findings", "findings_own", "findings_generated", "recommendations")
"""The headings the findings page writes itself (templates/findings.md.j2), around the city's own file."""


def data_folders(city: City) -> list[str]:
    """The folders under data/ that the city's files live in."""
    files = [ds.file for ds in city.datasets.values()] + [r.file for ds in city.datasets.values() for r in ds.newer]
    files += [city.districts.file] if city.districts else []
    return sorted({PurePosixPath(f).parts[0] for f in files if len(PurePosixPath(f).parts) > 1})


def says_something(text: str) -> bool:
    """Whether a Markdown file holds a line that is not a heading, an HTML comment or blank."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return any(line.strip() and not HEADING.match(line) for line in text.splitlines())


def sources_files(root: Path, city: City) -> list[Problem]:
    """Each data folder a city uses has a SOURCES.md that says something: where each file came from."""
    out = []
    for folder in data_folders(city):
        shown = f"data/{folder}/SOURCES.md"
        path = root / shown
        what = ("for each file: who published it, where you found it, its licence and terms, the date you copied "
                "it and what you did to it (build.py new-city writes one with these sections)")
        if not path.is_file():
            out.append(Problem(shown, None, "", "missing: a data folder says where its files come from", what))
        elif not says_something(path.read_text(encoding="utf-8", errors="replace")):
            out.append(Problem(shown, None, "", "empty: it has headings or comments only", what))
    return out


def basemap(root: Path, city: City, geo: Geography | None) -> list[Problem]:
    """A basemap is a PMTiles file of vector tiles that covers the city's districts (pmtiles reads its header)."""
    if city.basemap is None:
        return []
    shown = f"data/{city.basemap.file}"
    try:
        with datafiles.resolve(root, city.basemap.file).open("rb") as f:
            header = deserialize_header(f.read(127))
    except (OSError, datafiles.Refused, ValueError, IndexError, MagicNumberNotFound) as err:
        return [Problem(shown, None, "basemap.file", f"not a PMTiles file ({err})",
                        "cut an extract of the city with `pmtiles extract <planet>.pmtiles city.pmtiles --bbox=...`")]
    if header["tile_type"] != TileType.MVT:
        return [Problem(shown, None, "basemap.file", f"holds {header['tile_type'].name} tiles, not vector tiles",
                        "use a vector basemap, e.g. an extract of the Protomaps basemap")]
    if geo is None:
        return []
    west, south, east, north = geography.bounds(geo, margin=0)
    have = tuple(header[k] / 1e7 for k in ("min_lon_e7", "min_lat_e7", "max_lon_e7", "max_lat_e7"))
    if have[0] > west or have[1] > south or have[2] < east or have[3] < north:
        return [Problem(shown, None, "basemap.file", f"covers {have[0]:.3f}, {have[1]:.3f}, {have[2]:.3f}, "
                        f"{have[3]:.3f} (west, south, east, north) but the districts reach {west:.3f}, {south:.3f}, "
                        f"{east:.3f}, {north:.3f}", f"extract a larger area: pmtiles extract ... --bbox={west:.3f},"
                        f"{south:.3f},{east:.3f},{north:.3f}")]
    return []


def findings_headings(root: Path, slug: str, city: City, locales: dict[str, Locale]) -> list[Problem]:
    """A findings.<lang>.md that repeats a heading the findings page writes itself (in that language)."""
    out = []
    for path in sorted((root / "cities" / slug).glob("findings.*.md")):
        lang = path.name.split(".")[1]
        loc = locales.get(lang)
        if loc is None:
            continue
        name = loc.text(city.name, city.languages)
        own = {_plain(loc(key)): loc(key) for key in PAGE_HEADINGS}
        own[_plain(f"{loc('nav_findings')}: {name}")] = f"{loc('nav_findings')}: {name}"
        fenced = False
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            fenced = fenced != bool(FENCE.match(line))
            found = None if fenced else HEADING.match(line)
            if found and _plain(found.group(2)) in own:
                out.append(Problem(f"cities/{slug}/{path.name}", number, "",
                                   f"repeats the heading '{own[_plain(found.group(2))]}', which the findings page "
                                   "writes itself", f"remove it: the page shows this file under its own heading "
                                   f"'{loc('findings_own')}'; start your sections at ###"))
    return out


def _plain(heading: str) -> str:
    """A heading as read: without an attribute list ({: #id }), trailing colon, case or extra spaces."""
    heading = re.sub(r"\{:[^}]*\}\s*$", "", heading)
    return " ".join(heading.strip().rstrip(":").casefold().split())


def unmapped_population(slug: str, city: City, geo, tables: dict) -> list[Problem]:
    """Notices: areas a population dataset counts people in that have no shape in the districts file
    (its extra_codes). Their people count in the city's totals but no map can draw them."""
    if geo is None:
        return []
    out = []
    for ds_slug, t in tables.items():
        if t.config.unit != "persons" or t.config.area_level not in ("district", "station"):
            continue
        codes = sorted(set(t.frame["area_code"]) - set(geo.codes))
        if not codes:
            continue
        column = t.config.area_column or (t.config.area_name_match.column if t.config.area_name_match else "")
        names = [f"{code} ({geo.names.get(code) or _extra_name(city, code)})" for code in codes]
        out.append(Problem(f"cities/{slug}/city.yml", None, f"datasets.{ds_slug}",
                           f"{len(codes)} area(s) with a population but no geometry: {', '.join(names)}; "
                           "no map draws them",
                           f"they are declared in districts.extra_codes; to leave their rows out, add "
                           f"drop: {{{column}: {codes}}} to the dataset; to map them, add their shapes to "
                           f"{city.districts.file if city.districts else 'the districts file'}"))
    return out


def _extra_name(city: City, code: str) -> str:
    text = city.districts.extra_codes.get(code) if city.districts else None
    return tr(text, city.languages[0]) if text else code
