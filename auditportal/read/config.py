"""Where each config file is read: portal.yml, indicators.yml, cities/<slug>/city.yml and
recommendations.yml, each validated against its model with every problem gathered.

Old key names (a model's `renamed`) are accepted for one edition: they are renamed before
validation and reported as notices with their file and line, never silently.
"""
from __future__ import annotations

import difflib
import re
import typing
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..problems import ConfigProblem, Problem, ValidationFailed
from ..schema.city import City
from ..schema.portal import Indicator, Portal, Recommendation, Recommendations
from ..schema.types import EDITIONS, SLUG_PATTERN
from . import yamlfile
from .config_errors import is_model, problems_from, unwrap
from .crossref import cross_check

M = typing.TypeVar("M", bound=BaseModel)


def load_portal(root: Path, notices: list[Problem] | None = None) -> Portal:
    return _validated(root / "portal.yml", "portal.yml", Portal, notices)[0]


def load_registry(root: Path, notices: list[Problem] | None = None) -> dict[str, Indicator]:
    shown = "indicators.yml"
    data, lines = yamlfile.load(root / shown, shown)
    if not isinstance(data, dict):
        raise ValidationFailed([Problem(shown, 1, "", "expected a mapping of indicator ids to indicators")])
    problems, registry = [], {}
    for key, value in data.items():
        if not re.match(SLUG_PATTERN, str(key)):
            problems.append(Problem(shown, lines.get((key,)), str(key), "an indicator id uses lower-case letters, "
                                    "digits and '_' only"))
            continue
        sub = {k[1:]: v for k, v in lines.items() if k[:1] == (key,)}
        try:
            registry[key] = _model(value, sub, shown, Indicator, notices, prefix=(key,))
        except ValidationFailed as err:
            problems += err.problems
    if problems:
        raise ValidationFailed(problems)
    return registry


def load_city(root: Path, slug: str, registry: dict[str, Indicator], notices: list[Problem] | None = None) -> City:
    shown = f"cities/{slug}/city.yml"
    city, lines = _validated(root / shown, shown, City, notices)
    problems = cross_check(city, lines, shown, root, registry)
    if problems:
        raise ValidationFailed(problems)
    return city


def load_recommendations(root: Path, slug: str, notices: list[Problem] | None = None,
                         indicators: list[str] | None = None) -> list[Recommendation]:
    """The recommendations; each indicator one names must be among `indicators` (the city's, where its
    city.yml could be read): its page links to that indicator's page."""
    shown = f"cities/{slug}/recommendations.yml"
    if not (root / shown).is_file():
        return []
    model, lines = _validated(root / shown, shown, Recommendations, notices)
    problems = []
    for i, rec in enumerate(model.recommendations):
        for j, ref in enumerate(rec.indicators):
            if indicators is not None and ref not in indicators:
                close = difflib.get_close_matches(ref, indicators, n=1)
                problems.append(Problem(shown, yamlfile.line_of(lines, ("recommendations", i, "indicators", j)),
                                        f"recommendations.{i}.indicators.{j}",
                                        f"'{ref}' is not one of this city's indicators",
                                        (f"did you mean '{close[0]}'? " if close else "")
                                        + f"the city's indicators (cities/{slug}/city.yml): "
                                        + (", ".join(indicators) or "none")))
    if problems:
        raise ValidationFailed(problems)
    return model.recommendations


def locate(root: Path, slug: str, city: City, err: ConfigProblem) -> Problem:
    """A problem found while computing, at the line of the key it is about."""
    shown = f"cities/{slug}/city.yml"
    items = getattr(city, err.section, [])
    index = next((i for i, item in enumerate(items) if item.id == err.item), None)
    loc = (err.section, index, err.key) if index is not None else (err.section,)
    _, lines = yamlfile.load(root / shown, shown)
    return Problem(shown, yamlfile.line_of(lines, loc), ".".join(map(str, loc)), err.message, err.hint)


def city_slugs(root: Path) -> list[str]:
    """The cities' ids: the names of the folders holding a city.yml whose names are valid ids."""
    return sorted(p.name for p in (root / "cities").iterdir()
                  if (p / "city.yml").is_file() and re.fullmatch(SLUG_PATTERN, p.name))


EDITION_PATTERN = r"[0-9A-Za-z][0-9A-Za-z_.-]*"
"""An earlier edition's folder name (slug_problems names the others; they are not built)."""


def cities_and_editions(root: Path) -> list[tuple[str, str | None]]:
    """Every city folder to build: (its id, None) for each city's current edition, and for each earlier
    edition ('<city>/editions/<edition>', the current edition's id)."""
    out: list[tuple[str, str | None]] = []
    for slug in city_slugs(root):
        out.append((slug, None))
        folder = root / "cities" / slug / EDITIONS
        if folder.is_dir():
            out += [(f"{slug}/{EDITIONS}/{p.name}", slug) for p in sorted(folder.iterdir())
                    if (p / "city.yml").is_file() and re.fullmatch(EDITION_PATTERN, p.name)]
    return out


def slug_problems(root: Path) -> list[Problem]:
    """A city's folder name is its id in every URL and file name: lower-case ASCII letters, digits and '_',
    and unique whatever the case (Cali beside cali would collide on case-insensitive file systems)."""
    folders = sorted(p.name for p in (root / "cities").iterdir() if (p / "city.yml").is_file())
    out = [Problem(f"cities/{name}", None, "", "a city's folder name is its id in URLs: use lower-case letters, "
                   "digits and '_' only", f"rename the folder, e.g. cities/{_suggest(name)}")
           for name in folders if not re.fullmatch(SLUG_PATTERN, name)]
    seen: dict[str, str] = {}
    for name in folders:
        if name.lower() in seen:
            out.append(Problem(f"cities/{name}", None, "", f"collides with cities/{seen[name.lower()]} on "
                               "file systems that ignore case", "keep one folder per city"))
        seen.setdefault(name.lower(), name)
        editions = root / "cities" / name / EDITIONS
        out += [Problem(f"cities/{name}/{EDITIONS}/{p.name}", None, "", "an edition's folder name is its id in "
                        "URLs: use ASCII letters, digits, '_', '.' and '-' only",
                        f"rename the folder, e.g. cities/{name}/{EDITIONS}/{_suggest(p.name)}")
                for p in sorted(editions.iterdir() if editions.is_dir() else [])
                if (p / "city.yml").is_file() and not re.fullmatch(EDITION_PATTERN, p.name)]
    return out


def _suggest(name: str) -> str:
    import unicodedata
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_") or "city"


def _validated(path: Path, shown: str, model: type[M], notices: list[Problem] | None) -> tuple[M, dict]:
    data, lines = yamlfile.load(path, shown)
    if not isinstance(data, dict):
        raise ValidationFailed([Problem(shown, 1, "", "expected a mapping of keys to values")])
    return _model(data, lines, shown, model, notices), lines


def _model(data, lines: dict, shown: str, model: type[M], notices: list[Problem] | None, prefix: tuple = ()) -> M:
    found: list[Problem] = []
    data = _rename(data, model, lines, shown, (), found)
    if notices is not None:
        notices += [Problem(p.file, p.line, ".".join(map(str, prefix + (p.field,))), p.message, p.hint) for p in found]
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise ValidationFailed([Problem(p.file, p.line, ".".join(map(str, prefix + (p.field,))) if prefix else p.field,
                                        p.message, p.hint) for p in problems_from(err, model, lines, shown)])


def _rename(data, model, lines: dict, shown: str, path: tuple, notices: list[Problem]):
    """A copy of data with every deprecated key of every model under it given its new name."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for old, new in getattr(model, "renamed", {}).items():
        if old not in out:
            continue
        line = lines.get(path + (old,))
        if new in out:
            raise ValidationFailed([Problem(shown, line, ".".join(map(str, path + (old,))),
                                            f"'{old}' is the old name of '{new}', which is also given", "keep one")])
        out[new] = out.pop(old)
        lines.update({path + (new,) + k[len(path) + 1:]: v for k, v in list(lines.items())
                      if k[:len(path) + 1] == path + (old,)})
        notices.append(Problem(shown, line, ".".join(map(str, path + (old,))), f"'{old}' is deprecated",
                               f"rename it to '{new}'; the old name will stop working after the next edition"))
    for name, info in model.model_fields.items():
        if name not in out:
            continue
        tp = unwrap(info.annotation)
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if is_model(tp):
            out[name] = _rename(out[name], tp, lines, shown, path + (name,), notices)
        elif origin is list and args and is_model(unwrap(args[0])) and isinstance(out[name], list):
            out[name] = [_rename(v, unwrap(args[0]), lines, shown, path + (name, i), notices)
                         for i, v in enumerate(out[name])]
        elif origin is dict and args and is_model(unwrap(args[-1])) and isinstance(out[name], dict):
            out[name] = {k: _rename(v, unwrap(args[-1]), lines, shown, path + (name, k), notices)
                         for k, v in out[name].items()}
    return out
