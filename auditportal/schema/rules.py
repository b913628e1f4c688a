"""How a model states that its values break a rule between its own keys.

A model validator may find several broken rules at once; each is a (key, message) pair, so
the error report points at each key's own line instead of at the model as a whole.
"""
from __future__ import annotations

from pydantic_core import PydanticCustomError

RULES = "rules"


def check(broken: list[tuple[str, str]]) -> None:
    """Raise one error that carries every broken rule as data."""
    if broken:
        raise PydanticCustomError(RULES, "{rules}", {RULES: broken})
