"""Words shared by every report (check, diff, health); their escaping is ``core.escaping``.

A leaf module: the check reporters and the diff reporter both use it, and
neither may import the other's package.
"""

from __future__ import annotations

from collections.abc import Iterable

from kpicat.core.i18n import format_number, ngettext

# GitHub cuts comments and step summaries at 65,536 characters
MARKDOWN_LIMIT = 60_000


def _forms(word: str, count: int) -> str:
    """The counted phrase of ``word`` in the current language's plural form for ``count``.

    Each phrase is a literal ``ngettext`` call, so that Babel extracts both forms and every
    language gets its own plural rule (German and English: 1 / other; others have more).
    """
    match word:
        case "error":
            return ngettext("{count} error", "{count} errors", count)
        case "warning":
            return ngettext("{count} warning", "{count} warnings", count)
        case "file":
            return ngettext("{count} file", "{count} files", count)
        case "entry":
            return ngettext("{count} entry", "{count} entries", count)
        case "more file":
            return ngettext("{count} more file", "{count} more files", count)
        case "more entry":
            return ngettext("{count} more entry", "{count} more entries", count)
        case "breaking change":
            return ngettext("{count} breaking change", "{count} breaking changes", count)
        case "active KPI":
            return ngettext("{count} active KPI", "{count} active KPIs", count)
    raise KeyError(f"no plural forms for {word!r}: add them to kpicat.core.writing._forms")


def plural(count: int, word: str) -> str:
    """``1 entry``, ``2 entries``, ``3 Fehler``: the counts every report prints."""
    return _forms(word, count).format(count=format_number(count))


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
