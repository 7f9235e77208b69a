"""Escaping of untrusted catalogue text for Markdown, HTML, Mermaid and URLs.

Every string in a catalogue comes from a contributor and ends up on the website.
Characters that Markdown, HTML, Jinja-like syntax, the snippets extension or
attribute lists could read as markup become numeric character references:
the browser shows them as the same characters, but no Markdown extension and
no HTML parser acts on them. Only links that the renderer builds itself from
validated ids are ever emitted as Markdown markup.

HTML that kpicat builds itself (source and edit links, badges, code, formulas)
is never handed to Markdown as HTML: ``raw_html`` wraps it in an opaque token
that the kpicat Markdown extension (``kpicat.site.mdext``) puts into
Python-Markdown's store of raw HTML before any Markdown syntax is read, so no
link, image, emphasis or extension syntax is ever applied inside it. Its
attribute values are additionally encoded like text, so that even a Markdown
processor without the extension finds nothing to act on inside a value.

The character-level escaping (``clean``, ``inert``, ``references``) lives in
``kpicat.core.escaping``, which the Markdown reports use too; this module adds
Markup, the raw-HTML tokens, URLs, ids, Mermaid labels and tooltips.
"""

from __future__ import annotations

import base64
import binascii
import re
from functools import lru_cache
from html import escape as html_escape

from markupsafe import Markup

from kpicat.core.escaping import clean, inert, one_line, references
from kpicat.schemas import id_pattern

_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")

ID_PATTERN = re.compile(id_pattern())
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\x00-\x1f\x7f\\]+$", re.IGNORECASE)


def inline(text: object) -> Markup:
    """One line of untrusted text, safe in Markdown, HTML text and attributes."""
    return Markup(inert(text))


def block(text: object) -> Markup:
    """Untrusted text with paragraphs kept (blank lines), each paragraph escaped."""
    paragraphs = [p for p in _PARAGRAPHS.split(clean(text).strip()) if p.strip()]
    return Markup("\n\n".join(inline(p) for p in paragraphs))


# A piece of kpicat-built HTML, base64 inside an HTML comment: contributor text
# cannot produce it (``<`` and ``!`` are always escaped), and Markdown reads
# nothing inside it before the kpicat extension swaps it for stored HTML.
RAW_HTML_TOKEN = re.compile(r"<!--kpicat-html:([A-Za-z0-9+/]*={0,2})-->")
_TAG = re.compile(r"^[a-z][a-z0-9]*$")


def raw_html(html: str) -> Markup:
    """HTML kpicat built, as a token that reaches the page untouched (see module doc).

    Control characters are removed first: Python-Markdown marks its own stored
    HTML with STX/ETX and would replace such text inside the HTML again.
    """
    payload = base64.b64encode(clean(html).encode("utf-8")).decode("ascii")
    return Markup(f"<!--kpicat-html:{payload}-->")


def restore_html(token_payload: str) -> str:
    """The HTML inside a ``raw_html`` token (empty if the token was tampered with)."""
    try:
        return clean(base64.b64decode(token_payload, validate=True).decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError):
        return ""


def reveal(text: str) -> str:
    """Generated Markdown with every ``raw_html`` token replaced by its HTML (for reading)."""
    return RAW_HTML_TOKEN.sub(lambda m: restore_html(m[1]), text)


def html(tag: str, text: object, **attrs: object) -> Markup:
    """One HTML element as plain HTML, to compose larger HTML that becomes one ``raw_html``.

    The text is escaped like any catalogue text (Markup is kept as it is, so
    elements nest); every attribute value is encoded with ``core.escaping.references``.
    A trailing ``_`` in a keyword is dropped (``class_``); ``data_x`` becomes
    ``data-x``; ``True`` writes a bare attribute (``hidden``).
    """
    if not _TAG.match(tag):
        raise ValueError(f"not a tag name: {tag!r}")
    inner = text if isinstance(text, Markup) else inline(text)
    if RAW_HTML_TOKEN.search(inner):
        raise ValueError("raw_html tokens cannot be nested")
    values = "".join(
        f" {_attribute_name(name)}"
        if value is True
        else f' {_attribute_name(name)}="{references(value)}"'
        for name, value in attrs.items()
        if value is not None and value is not False
    )
    return Markup(f"<{tag}{values}>{inner}</{tag}>")


def _attribute_name(name: str) -> str:
    value = name.rstrip("_").replace("_", "-")
    if not re.fullmatch(r"[a-z][a-z0-9-]*", value):
        raise ValueError(f"not an attribute name: {name!r}")
    return value


def element(tag: str, text: object, **attrs: object) -> Markup:
    """One HTML element kpicat builds, as a ``raw_html`` token (see ``html``)."""
    return raw_html(html(tag, text, **attrs))


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
    value = one_line(text)
    return "".join(c if _MERMAID_SAFE.match(c) else f"#{ord(c)};" for c in value)


@lru_cache(maxsize=1)
def _markdown_tokens() -> tuple[str, ...]:
    """Python-Markdown's internal placeholders (``\\x02wzxhzdk:%s\\x03`` and the like).

    Read from Markdown itself, so that a new version's markers are known too.
    """
    from markdown import util
    from markdown.extensions import footnotes

    names = ("HTML_PLACEHOLDER", "INLINE_PLACEHOLDER", "AMP_SUBSTITUTE", "TAG_PLACEHOLDER")
    found = [getattr(util, n) for n in names if isinstance(getattr(util, n, None), str)]
    for name in ("FN_BACKLINK_TEXT", "NBSP_PLACEHOLDER"):
        value = getattr(footnotes, name, None)
        if isinstance(value, str):
            found.append(value)
    return tuple(found)


def collides_with_markdown(key: str) -> bool:
    """Whether the abbr extension would find ``key`` inside one of Markdown's placeholders.

    The abbr extension wraps every match of ``\\bkey\\b`` in text; a match inside
    ``\\x02wzxhzdk:12\\x03`` breaks the stored HTML of the whole page. The number
    in a placeholder is any run of digits, so the key's own digits are tried.
    """
    pattern = re.compile(rf"\b{re.escape(key)}\b")
    numbers = re.findall(r"\d+", key) or ["0"]
    for token in _markdown_tokens():
        for number in numbers:
            sample = token.replace("%s", number) if "%s" in token else token
            if pattern.search(sample):
                return True
    return False


def theme_text(text: object) -> str:
    """Text for a setting the theme prints as HTML without escaping (``site_name``).

    Material writes ``config.site_name`` into ``<title>`` and the header as it is, so
    the value is escaped here, once: the browser shows the original characters, and
    where Material escapes it again (the logo's ``title``) its tooltip, read with
    ``innerHTML``, still shows text.
    """
    return html_escape(one_line(text), quote=True)


def tooltip(text: object) -> str:
    """Text for an abbreviation tooltip (``<abbr title>``).

    One line, without Markdown's STX/ETX markers, and HTML-escaped *inside* the
    value: Material's ``content.tooltips`` puts the title into the page with
    ``innerHTML``, so a title that holds ``<img onerror>`` once ran script on
    hover. Material shows the escaped text as the original characters. Escaped
    twice: Python-Markdown's attribute serializer keeps anything that looks like
    an entity (``&lt;``) as it is, so the browser would decode one level.
    """
    once = html_escape(one_line(text), quote=True)
    return html_escape(once, quote=False)


def abbreviation_key(text: object) -> str | None:
    """An abbreviation usable as a glossary key (one line, no brackets), else None.

    Keys that would match inside Markdown's own placeholders (``wzxhzdk``,
    plain numbers, ``amp``) are refused: they would break every page.
    """
    if not isinstance(text, str):
        return None
    value = clean(text).strip()
    if (
        not value
        or len(value) > 40
        or any(c in value for c in "[]\n\r")
        or not re.search(r"\w", value)
        or collides_with_markdown(value)
    ):
        return None
    return value
