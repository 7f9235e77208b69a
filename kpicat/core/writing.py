"""Words shared by every report (check, diff, health); their escaping is ``core.escaping``.

A leaf module: the check reporters and the diff reporter both use it, and
neither may import the other's package.
"""

from __future__ import annotations

from collections.abc import Iterable

# GitHub cuts comments and step summaries at 65,536 characters
MARKDOWN_LIMIT = 60_000


def plural(count: int, word: str) -> str:
    """``1 entry``, ``2 entries``, ``3 errors``: the counts every report prints."""
    if count == 1:
        return f"{count} {word}"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
        return f"{count} {word[:-1]}ies"
    return f"{count} {word}s"


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
