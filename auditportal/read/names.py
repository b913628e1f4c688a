"""Areas matched by name: a file that names its police stations or districts instead of giving their codes
gets each code from the districts file's name property. Names are compared without case, accents, spaces or
punctuation; what still differs is declared, name by name, in the dataset's aliases, and every name that
matches nothing is reported with the nearest district names."""
from __future__ import annotations

import difflib
import re
import unicodedata

import pandas as pd

from ..problems import Problem, ValidationFailed
from ..schema import Dataset


def key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", plain)


def codes(names: pd.Series, lines: pd.Series, ds: Dataset, district_names: dict[str, str], shown: str) -> pd.Series:
    """Each row's district code, from its name (an alias first, then the name itself); `lines` are the rows'
    lines in the file, for the report."""
    match = ds.area_name_match
    assert match is not None
    by_key: dict[str, list[str]] = {}
    for code, name in district_names.items():
        by_key.setdefault(key(name), []).append(code)
    problems = [Problem(shown, None, f"area_name_match.aliases.{alias}",
                        f"alias target {target!r} is no district name", "use a name from the districts file")
                for alias, target in match.aliases.items() if key(target) not in by_key]
    found: dict[str, str] = {}
    for name in names.unique():
        wanted = key(match.aliases.get(name, name))
        hits = by_key.get(wanted, [])
        if len(hits) == 1:
            found[name] = hits[0]
            continue
        if hits:
            problems.append(Problem(shown, None, match.column, f"name {name!r} fits {len(hits)} districts "
                                    f"({', '.join(hits)})", "declare which one in area_name_match.aliases"))
            continue
        close = difflib.get_close_matches(str(name), list(district_names.values()), n=2, cutoff=0.6)
        first = int(lines[names == name].iloc[0])
        problems.append(Problem(shown, first, match.column, f"name {name!r} matches no district",
                                f"add it to area_name_match.aliases, e.g. {name!r}: {close[0]!r}" if close
                                else "add it to area_name_match.aliases with the districts file's name"))
    if problems:
        raise ValidationFailed(problems)
    return names.map(found)
