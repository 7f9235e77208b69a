"""Words and inert Markdown shared by every report (check, diff, health).

A leaf module: the check reporters and the diff reporter both use it, and
neither may import the other's package.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

# GitHub cuts comments and step summaries at 65,536 characters
MARKDOWN_LIMIT = 60_000

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def plural(count: int, word: str) -> str:
    """``1 entry``, ``2 entries``, ``3 errors``: the counts every report prints."""
    if count == 1:
        return f"{count} {word}"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
        return f"{count} {word[:-1]}ies"
    return f"{count} {word}s"


def md_escape(text: str, limit: int | None = None) -> str:
    """Catalogue text as inert Markdown: no HTML, links, emphasis, tables or mentions."""
    text = " ".join(str(text).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # no @mentions or #references that would ping people or link issues
    return text.replace("@", "&#64;")


def md_code(text: str) -> str:
    """An id as inline code when it is plain; anything else escaped."""
    if re.fullmatch(r"[A-Za-z0-9_./ -]{1,100}", text):
        return f"`{text}`"
    return md_escape(text, 100)


def md_block(text: str | None, lang: str = "text") -> str:
    """A fenced code block that the text cannot close early."""
    body = "(none)" if text is None else text
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{body}\n{fence}"


def append_within(lines: list[str], sections: Iterable[str], budget: int) -> int:
    """Append sections, in order, while the text stays within ``budget`` characters.

    Returns how many sections were left out, so the caller can say so.
    """
    size = sum(len(line) + 1 for line in lines)
    left_out = 0
    for section in sections:
        if size + len(section) > budget:
            left_out += 1
            continue
        lines.append(section)
        size += len(section) + 1
    return left_out
