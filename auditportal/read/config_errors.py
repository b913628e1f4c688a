"""Turn pydantic's validation errors into problems a city analyst can act on: file, line, the
key as written in YAML, what was expected, and a hint (a close key name, or the option's
own documentation)."""
from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Annotated

from pydantic import BaseModel, ValidationError

from ..problems import Problem
from ..schema.rules import RULES
from . import yamlfile

Lines = dict[tuple, int]


def problems_from(err: ValidationError, model: type[BaseModel], lines: Lines, shown: str) -> list[Problem]:
    problems = []
    for e in err.errors():
        loc = tuple(x for x in e["loc"] if not _is_type_tag(x))
        if e["type"] == RULES:
            for key, message in e["ctx"][RULES]:
                where = loc + ((key,) if key else ())
                problems.append(Problem(shown, yamlfile.line_of(lines, where), _dotted(where), message))
            continue
        field, line = _dotted(loc), yamlfile.line_of(lines, loc)
        if e["type"] == "extra_forbidden":
            allowed = sorted(fields_at(model, loc[:-1]))
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "allowed keys: " + ", ".join(allowed)
            problems.append(Problem(shown, line, field, "unknown key", hint))
        elif e["type"] == "missing":
            problems.append(Problem(shown, line, field, "required key is missing", describe(model, loc)))
        else:
            msg = e["msg"].removeprefix("Value error, ")
            got = e.get("input")
            if not isinstance(got, (dict, list)):
                msg += f", got {got!r}"
            problems.append(Problem(shown, line, field, msg[0].lower() + msg[1:]))
    return problems


def _dotted(loc: tuple) -> str:
    return ".".join(map(str, loc))


def _is_type_tag(x) -> bool:
    """pydantic puts the name of a union member or validator in the location; YAML has no such key."""
    return isinstance(x, str) and bool(re.match(r"^(int|str|float|bool|date|function-\w+|\w+\[.*\])$", x))


def field_type(model_or_type, loc: tuple):
    """Follow loc through the models and containers to the declared type at its end."""
    current = model_or_type
    for part in loc:
        current = unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part)
            if info is None:
                return None
            current = info.annotation
        elif typing.get_origin(current) in (dict, list):
            current = typing.get_args(current)[-1]
        else:
            return None
    return unwrap(current)


def unwrap(tp):
    """The type inside Annotated[...] and Optional[...]."""
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def is_model(tp) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    tp = field_type(model, loc)
    return list(tp.model_fields) if is_model(tp) else []


def describe(model: type[BaseModel], loc: tuple) -> str:
    """The docstring of the option at loc, used as the hint for a missing key."""
    if not loc:
        return ""
    parent = field_type(model, loc[:-1])
    if is_model(parent) and loc[-1] in parent.model_fields:
        return " ".join((parent.model_fields[loc[-1]].description or "").split())
    return ""
