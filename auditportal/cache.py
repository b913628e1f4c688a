"""What a build computed for each city, kept under build/cache/ so that the next build redoes only the
cities whose inputs changed.

An entry is found by a key: a hash of everything the city's computation and drawings read (its folder,
its data files, the shared portal.yml, indicators.yml and interface strings) and of the code and pinned
requirements that read them. A changed byte anywhere in those gives a new key, so an entry is never
stale; entries are plain pickles, so deleting the folder only costs the time to recompute.
Split builds fill one cache from several machines (one job per city) and merge through it (README).
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import platform
import shutil
import sys
from functools import lru_cache
from pathlib import Path

import yaml

from .schema.types import EDITIONS

PACKAGE = Path(__file__).resolve().parent
SHARED = ("portal.yml", "indicators.yml", "templates/strings.yml")
"""Project files every city's figures and findings depend on (languages, indicators, wording)."""
VERSION = 1
"""Raised when the format of an entry changes."""


def _digest(h, path: Path, shown: str) -> None:
    h.update(shown.encode() + b"\0")
    if path.is_file():
        with path.open("rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
    h.update(b"\0")


@lru_cache(maxsize=4)
def code_version(package: Path = PACKAGE) -> str:
    """A hash of the generator's own code, the versions it is pinned to and the Python that runs it (entries
    are pickles)."""
    h = hashlib.blake2b(f"{VERSION}\n{sys.version}\n{platform.machine()}".encode(), digest_size=16)
    for path in sorted(package.rglob("*.py")):
        _digest(h, path, str(path.relative_to(package)))
    _digest(h, package.parent / "requirements.txt", "requirements.txt")
    _digest(h, package.parent / "package-lock.json", "package-lock.json")  # world-atlas draws every map's land
    return h.hexdigest()


def _data_files(root: Path, node) -> set[str]:
    """Every string in a city's YAML that names a file under data/ (its districts, datasets, releases)."""
    if isinstance(node, dict):
        return set().union(*(_data_files(root, v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(_data_files(root, v) for v in node)) if node else set()
    if isinstance(node, str) and "\n" not in node and not os.path.isabs(node):
        try:
            return {node} if (root / "data" / node).is_file() else set()
        except OSError:  # a text too long to be a file name
            return set()
    return set()


def city_inputs(root: Path, slug: str) -> list[Path]:
    """The files a city folder's build reads: every file in its folder (not its earlier editions, which
    are folders of their own), every data file its YAML names and everything else in data/<city>/."""
    folder = root / "cities" / slug
    own = [p for p in folder.rglob("*") if p.is_file()
           and EDITIONS not in p.relative_to(folder).parts]
    try:
        raw = yaml.safe_load((folder / "city.yml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        raw = None  # the build reports it; the key still covers the file's bytes
    named = {root / "data" / name for name in _data_files(root, raw)}
    city_data = root / "data" / slug.split("/")[0]
    beside = {p for p in city_data.rglob("*") if p.is_file()} if city_data.is_dir() else set()
    return sorted(set(own) | named | beside)


def city_key(root: Path, slug: str, code: str) -> str:
    h = hashlib.blake2b(code.encode(), digest_size=16)
    for name in SHARED:
        _digest(h, root / name, name)
    for path in city_inputs(root, slug):
        _digest(h, path, path.relative_to(root).as_posix())
    return h.hexdigest()


def render_key(spec: dict, lang: str, png: bool = False) -> str:
    """A figure's drawing depends on its spec, its language, the code (vl-convert's version with it) and
    whether a PNG is drawn too."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.blake2b(f"{code_version()}\n{lang}\n{'png' if png else ''}\n{text}".encode(),
                           digest_size=16).hexdigest()


def combined_key(keys: list[str]) -> str:
    """The key of something made from several cities (the cross-city comparisons)."""
    return hashlib.blake2b("\n".join(keys).encode(), digest_size=16).hexdigest()


def _load(path: Path):
    """An entry's value, or None if it is missing or damaged (then it is made again)."""
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return None


def _dump(path: Path, value) -> None:
    """Written whole or not at all; drawing processes write side by side, so each its own temporary file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


class Cache:
    """Entries in one folder: <what>/<key>.pickle, where <what> names the city folder and the stage, and
    renders/<key>.pickle for figures. With no folder (NoCache), every lookup misses and nothing is kept."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.hits: list[str] = []
        self.misses: list[str] = []

    def _path(self, what: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / what.replace("/", "~") / f"{key}.pickle"

    def _render(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / "renders" / f"{key}.pickle"

    def get(self, what: str, key: str):
        value = _load(self._path(what, key)) if self.folder is not None else None
        (self.misses if value is None else self.hits).append(what)
        return value

    def put(self, what: str, key: str, value) -> None:
        """Write the entry, replacing any older entry of the same city and stage (one per key is kept)."""
        if self.folder is None:
            return
        path = self._path(what, key)
        for old in path.parent.glob("*.pickle"):
            old.unlink()
        _dump(path, value)

    def held(self, what: str) -> bool:
        """Whether the cache holds an entry of this city or stage under any key (a stale one, if `get` missed)."""
        return self.folder is not None and any(self._path(what, "-").parent.glob("*.pickle"))

    def drop(self, what: str):
        """Take a city's or stage's entry out of the cache, returning it (bench.py's rebuild)."""
        folder = self._path(what, "-").parent
        value = next((_load(p) for p in folder.glob("*.pickle")), None)
        shutil.rmtree(folder, ignore_errors=True)
        return value

    def recall(self, key: str):
        """A figure drawn before from the same spec (drawing.py); figures are many, so they are kept
        side by side under renders/ rather than one per city, and are not counted as hits or misses."""
        return _load(self._render(key)) if self.folder is not None else None

    def keep(self, key: str, value) -> None:
        if self.folder is not None:
            _dump(self._render(key), value)

    def forget(self, key: str) -> None:
        self._render(key).unlink(missing_ok=True)

    def safe_pages(self) -> set[str]:
        """Hashes of the pages and drawings the last build found safe (checks.unsafe), under this code."""
        if self.folder is None:
            return set()
        try:
            return set((self.folder / "safe" / f"{code_version()}.txt").read_text(encoding="utf-8").split())
        except OSError:
            return set()

    def keep_safe_pages(self, hashes: set[str]) -> None:
        if self.folder is None:
            return
        folder = self.folder / "safe"
        if folder.is_dir():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        (folder / f"{code_version()}.txt").write_text("\n".join(sorted(hashes)), encoding="utf-8")


class NoCache(Cache):
    """Every lookup misses and nothing is written (`--no-cache`)."""

    def __init__(self):
        super().__init__(None)
