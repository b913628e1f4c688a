"""YAML with line numbers, so that every config error can point at its line."""
from __future__ import annotations

from pathlib import Path

import yaml

from ..problems import Problem, ValidationFailed, read_utf8


class _Loader(yaml.SafeLoader):
    """Dates stay text here, so that a bad date becomes a schema error with its line, not a crash."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(path: Path, shown_as: str) -> tuple[object, dict[tuple, int]]:
    """Return the document and a map from each key path to its 1-based line.

    Duplicate keys are an error here because PyYAML would silently keep the last one.
    """
    return loads(read_utf8(path, shown_as, "save the file with UTF-8 encoding"), shown_as)


def loads(text: str, shown_as: str) -> tuple[object, dict[tuple, int]]:
    """As load, from text already read (a Markdown file's front matter)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        lines: dict[tuple, int] = {(): 1}
        problems: list[Problem] = []
        _walk(node, (), lines, problems, shown_as)  # before constructing: that flattens merge keys in place
        data = loader.construct_document(node)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = str(getattr(err, "problem", err))
        raise ValidationFailed([Problem(shown_as, line, "", f"not valid YAML: {problem}", _hint(problem))])
    finally:
        loader.dispose()
    if problems:
        raise ValidationFailed(problems)
    return data, lines


INDENTATION = ("check this line's indentation against the lines above: the keys of one block start in the same "
               "column, indented with spaces")
HINTS = [
    ("mapping values are not allowed", "a text holding ': ' needs quotes (title: 'Robos: 2019'); or this line is "
                                       "indented deeper than its key allows"),
    ("expected <block end>", INDENTATION),
    ("expected '<document start>'", INDENTATION),
    ("could not find expected ':'", "each line of a block is 'key: value'; a text running onto the next line "
                                    "needs quotes"),
    ("cannot start any token", "quote a text that starts with this character (title: '`x`')"),
]
"""What the YAML parser's words mean to someone editing city.yml, and what to change."""


def _hint(problem: str) -> str:
    return next((hint for words, hint in HINTS if words in problem), "")


def _walk(node, path: tuple, lines: dict, problems: list, shown_as: str) -> None:
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key_node.tag.endswith(":merge"):
                continue
            if key_node.tag.endswith(":int"):
                key = int(key)
            if key in seen:
                problems.append(Problem(shown_as, key_node.start_mark.line + 1, ".".join(map(str, path + (key,))),
                                        "key appears twice", "keep one"))
            seen.add(key)
            lines[path + (key,)] = key_node.start_mark.line + 1
            _walk(value_node, path + (key,), lines, problems, shown_as)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[path + (i,)] = item.start_mark.line + 1
            _walk(item, path + (i,), lines, problems, shown_as)


def line_of(lines: dict[tuple, int], loc: tuple) -> int | None:
    """The line of the deepest part of loc that exists in the document."""
    for end in range(len(loc), -1, -1):
        if tuple(loc[:end]) in lines:
            return lines[tuple(loc[:end])]
    return None
