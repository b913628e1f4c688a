"""How every value from a city's files reaches HTML as text, whatever the route.

Pages are Markdown that MkDocs turns into HTML, where raw HTML and Markdown syntax are both
live; the theme's own templates do not escape either. So, in one place:

- `markdown_text` is applied by the template engine to every value by default: HTML-escaped,
  every Markdown metacharacter backslash-escaped, whitespace folded onto one line (a value
  never starts a list, a heading, a table row or an indented code block);
- `html_text` (the `h` filter) is for raw HTML blocks and attributes, which Markdown leaves alone;
- `link` (the `url` filter) is for link targets: web, mail and relative addresses only;
- `trusted_markdown` (the `md` filter) is for hand-written Markdown (a city's findings, the
  site's text pages): its Markdown stays live, its raw HTML does not, and links may only lead
  to web, mail or relative addresses;
- `theme_text` is for values the theme prints as they are (page titles, navigation labels).

A check after the build (checks.unsafe_html) fails it if any script, event handler or
`javascript:` address still reached a page.
"""
from __future__ import annotations

import html
import re

from markupsafe import Markup

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")  # Python-Markdown's escapable characters
SAFE_SCHEMES = ("http://", "https://", "mailto:")
SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")
CODE = re.compile(r"(^```.*?^```[^\n]*$|`+[^`\n]*`+)", re.M | re.S)
LINK_TARGET = re.compile(r"(\]\(\s*<?|^\s*\[[^\]\n]+\]:\s*<?)([^\s)>]+)", re.M)


def markdown_text(value) -> Markup:
    if isinstance(value, Markup):
        return value
    text = re.sub(r"\s+", " ", str(value))  # one line; a space at either end is kept (it separates words)
    return Markup(MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)))


def html_text(value) -> Markup:
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


def is_safe_target(target: str) -> bool:
    """Relative addresses, anchors, and web or mail addresses; nothing a browser would run."""
    cleaned = re.sub(r"[\x00-\x20]", "", html.unescape(target))
    found = SCHEME.match(cleaned)
    return not found or cleaned.lower().startswith(SAFE_SCHEMES)


def link(value) -> Markup:
    """A link target for Markdown or an attribute: kept if safe, with the characters that would end
    a Markdown link or an attribute percent-encoded; an unsafe address becomes a dead '#'."""
    target = str(value)
    if not is_safe_target(target):
        return Markup("#")
    encoded = "".join(f"%{ord(ch):02X}" if ch in ' ()<>"\'`\\[]' else ch for ch in target)
    return Markup(html.escape(encoded, quote=True))


def trusted_markdown(text: str) -> Markup:
    """Hand-written Markdown with raw HTML made visible as text and unsafe link targets removed.
    Code (fenced blocks and `spans`) is left as written: Markdown already shows it as text."""
    parts = CODE.split(text)
    for i in range(0, len(parts), 2):  # even parts lie outside code
        outside = parts[i].replace("<", "&lt;")
        parts[i] = LINK_TARGET.sub(lambda m: m.group(1) + (m.group(2) if is_safe_target(m.group(2)) else "#"),
                                   outside)
    return Markup("".join(parts))


def theme_text(value: str) -> str:
    """For values the theme prints unescaped (titles, navigation labels)."""
    return html.escape(value, quote=True)
