"""The one home of text escaping: catalogue text as inert Markdown and HTML, for every output.

Every string in a catalogue comes from a contributor. Two kinds of output read it as
Markdown: the website (Python-Markdown with extensions, see ``kpicat.site.escape``,
which adds Markup and the raw-HTML tokens on top of this module) and the Markdown
reports (``kpicat check --format markdown``, ``kpicat diff --format markdown``: GitHub
comments and step summaries). Both remove control characters and bidi controls first
(``clean``): a right-to-left override in an entry name would make a review comment read
differently from what it says ("Trojan Source"), and Python-Markdown marks its own
placeholders with STX/ETX.

- ``inert`` (the site): every character that Markdown, its extensions, HTML or
  Jinja-like syntax could act on becomes a numeric character reference, which reads
  the same in text and in attribute values.
- ``md_escape`` (the reports): GitHub-flavoured Markdown escaped with backslashes, HTML
  escaped, ``@`` as a reference so that no one is mentioned; ``md_code`` and
  ``md_block`` for ids and fenced blocks.

A leaf module: the check reporters, the diff and the site all import it.
"""

from __future__ import annotations

import html
import re

# C0 controls except tab, line feed and carriage return; DEL; bidi embeddings,
# overrides (U+202A-202E) and isolates (U+2066-2069).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")

# Everything Markdown (and common extensions: tables, attr_list, abbr, snippets,
# pymdownx inline syntax, emoji, arithmatex) or HTML could act on.
# ``?`` opens pymdownx.details blocks (``??? note``), ``!`` admonitions.
_SPECIAL = "&<>\"'\\`*_[]{}()|#!?~^=$:+%@"
_REFERENCES = str.maketrans({c: f"&#{ord(c)};" for c in _SPECIAL})
# A line that starts like a list item, heading, quote or rule.
_BLOCK_START = re.compile(r"^(\d+)([.)])|^([-+])")

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_PLAIN_CODE = re.compile(r"[A-Za-z0-9_./ -]{1,100}")


def clean(text: object) -> str:
    """Text without control characters and bidi controls, for any output."""
    return _CONTROL.sub("", str(text))


def one_line(text: object) -> str:
    """Clean text on one line: every run of whitespace one space, no space at the ends."""
    return _SPACE.sub(" ", clean(text)).strip()


def references(text: object) -> str:
    """One line with every character Markdown or HTML could act on as ``&#NN;``.

    The browser reads ``&#91;`` in text and in an attribute as ``[``, so a URL
    keeps its meaning, while no Markdown syntax character is left.
    """
    return one_line(text).translate(_REFERENCES)


def inert(text: object) -> str:
    """One line of text that no Markdown processor or HTML parser acts on (the site's way)."""
    value = references(text)
    match = _BLOCK_START.match(value)
    if match:
        if match.group(1) is not None:
            value = f"{match.group(1)}&#{ord(match.group(2))};{value[match.end() :]}"
        else:
            value = f"&#{ord(match.group(3))};{value[1:]}"
    return value


def md_escape(text: object, limit: int | None = None) -> str:
    """Catalogue text as inert GitHub Markdown: no HTML, links, emphasis, tables or mentions."""
    value = one_line(text)
    if limit is not None and len(value) > limit:
        value = value[: limit - 1] + "…"
    value = html.escape(value, quote=False)
    value = _MD_SPECIAL.sub(r"\\\1", value)
    # no @mentions or #references that would ping people or link issues
    return value.replace("@", "&#64;")


def md_code(text: str) -> str:
    """An id as inline code when it is plain; anything else escaped."""
    if _PLAIN_CODE.fullmatch(text):
        return f"`{text}`"
    return md_escape(text, 100)


def md_block(text: str | None, lang: str = "text") -> str:
    """A fenced code block that the text cannot close early, without control characters."""
    body = "(none)" if text is None else clean(text)
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{body}\n{fence}"
