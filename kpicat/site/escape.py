"""Escaping of untrusted catalogue text for Markdown, HTML, Mermaid and URLs.

Every string in a catalogue comes from a contributor and ends up on the website.
Characters that Markdown, HTML, Jinja-like syntax, the snippets extension or
attribute lists could read as markup become numeric character references:
the browser shows them as the same characters, but no Markdown extension and
no HTML parser acts on them. Only links that the renderer builds itself from
validated ids are ever emitted as markup.
"""

from __future__ import annotations

import re
from html import escape as html_escape

from markupsafe import Markup

from kpicat.schemas import id_pattern

# Everything Markdown (and common extensions: tables, attr_list, abbr, snippets,
# pymdownx inline syntax, emoji, arithmatex) or HTML could act on.
_SPECIAL = "&<>\"'\\`*_[]{}()|#!~^=$:+%@"
_TABLE = str.maketrans({c: f"&#{ord(c)};" for c in _SPECIAL})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")
_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")
# A paragraph that starts like a list item, heading, quote or rule.
_BLOCK_START = re.compile(r"^(\d+)([.)])|^([-+])")

ID_PATTERN = re.compile(id_pattern())
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\x00-\x1f\x7f\\]+$", re.IGNORECASE)


def clean(text: object) -> str:
    """Text without control characters and bidi overrides, for any output."""
    return _CONTROL.sub("", str(text))


def inline(text: object) -> Markup:
    """One line of untrusted text, safe in Markdown, HTML text and attributes."""
    value = _SPACE.sub(" ", clean(text)).strip()
    value = value.translate(_TABLE)
    match = _BLOCK_START.match(value)
    if match:
        if match.group(1) is not None:
            value = f"{match.group(1)}&#{ord(match.group(2))};{value[match.end() :]}"
        else:
            value = f"&#{ord(match.group(3))};{value[1:]}"
    return Markup(value)


def block(text: object) -> Markup:
    """Untrusted text with paragraphs kept (blank lines), each paragraph escaped."""
    paragraphs = [p for p in _PARAGRAPHS.split(clean(text).strip()) if p.strip()]
    return Markup("\n\n".join(inline(p) for p in paragraphs))


def attribute(text: object) -> str:
    """Text for an HTML attribute value in double quotes."""
    return html_escape(_SPACE.sub(" ", clean(text)).strip(), quote=True)


def safe_url(url: object) -> str | None:
    """An http(s) address fit for an ``href``, or None (``javascript:`` and the like)."""
    if not isinstance(url, str) or not _SAFE_URL.match(url):
        return None
    return url


def is_id(value: object) -> bool:
    """Ids are the only catalogue strings that form paths; they must match the id pattern."""
    return isinstance(value, str) and bool(ID_PATTERN.match(value))


_MERMAID_SAFE = re.compile(r"[A-Za-z0-9 äöüÄÖÜß.,/-]")


def mermaid_label(text: object) -> str:
    """A Mermaid node label: every character that is not plainly safe as ``#code;``."""
    value = _SPACE.sub(" ", clean(text)).strip()
    return "".join(c if _MERMAID_SAFE.match(c) else f"#{ord(c)};" for c in value)


def abbreviation_key(text: object) -> str | None:
    """An abbreviation usable as a glossary key (one line, no brackets), else None."""
    if not isinstance(text, str):
        return None
    value = clean(text).strip()
    if (
        not value
        or len(value) > 40
        or any(c in value for c in "[]\n\r")
        or not re.search(r"\w", value)
    ):
        return None
    return value
