"""The language kpicat speaks to its user: the one home of "the current language".

English is the source language: every message is written in English in the code
(the gettext msgid) and translated through ``kpicat/locale/<lang>/LC_MESSAGES/kpicat.mo``
(Babel manages the catalogues: ``make translations``). The language is, first found:
``--lang`` (:func:`set_override`), the ``KPICAT_LANG`` environment variable, the first of
``languages`` in kpicat.yaml (:func:`use_catalogue_languages`), English. A language
without a catalogue speaks English.

Only the standard library's ``gettext`` runs here, so ``pip install kpicat`` stays
checker-only; Babel is a tool of kpicat's developers (extract, update, compile).
"""

from __future__ import annotations

import datetime as _dt
import gettext as _gettext
import inspect
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

DOMAIN = "kpicat"
SOURCE_LANGUAGE = "en"
ENV_VAR = "KPICAT_LANG"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_override: str | None = None
_catalogue: str | None = None


@cache
def available_languages() -> tuple[str, ...]:
    """The languages kpicat speaks: English and every compiled catalogue."""
    found = {SOURCE_LANGUAGE}
    if LOCALE_DIR.is_dir():
        found.update(
            path.parent.parent.name
            for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
            if path.is_file()
        )
    return tuple(sorted(found))


def _supported(language: object) -> str | None:
    """``de``, ``de_DE``, ``de-AT`` → ``de`` when kpicat speaks it, else None."""
    if not isinstance(language, str) or not language.strip():
        return None
    base = re.split(r"[-_.@]", language.strip(), maxsplit=1)[0].lower()
    return base if base in available_languages() else None


def set_override(language: str | None) -> None:
    """``--lang``: wins over KPICAT_LANG and kpicat.yaml (None clears it)."""
    global _override
    _override = _supported(language) if language else None


@contextmanager
def speaking(language: str | None) -> Iterator[None]:
    """Messages in ``language`` inside the block (a site page per language, a test)."""
    global _override
    before = _override
    set_override(language)
    try:
        yield
    finally:
        _override = before


def use_catalogue_languages(languages: Iterable[object] | None) -> None:
    """The catalogue's language: the first of ``languages`` in kpicat.yaml."""
    global _catalogue
    first = next(iter(languages or ()), None)
    _catalogue = first if isinstance(first, str) else None


def current_language() -> str:
    """The language of every message kpicat prints now."""
    for candidate in (_override, os.environ.get(ENV_VAR), _catalogue):
        found = _supported(candidate)
        if found is not None:
            return found
    return SOURCE_LANGUAGE


def spoken_first(languages: tuple[str, ...]) -> tuple[str, ...]:
    """``languages`` with the one kpicat speaks now first: a name inside a message is then
    in the message's language where the entry has it (the catalogue's order otherwise)."""
    spoken = current_language()
    if spoken not in languages or languages[:1] == (spoken,):
        return languages
    return (spoken, *(lang for lang in languages if lang != spoken))


@cache
def translations(language: str, domain: str = DOMAIN) -> _gettext.NullTranslations:
    """The compiled catalogue of one language (English needs none: the msgids are English).

    ``domain`` is ``kpicat`` for kpicat's own messages, ``click`` for Click's (errors,
    ``[default: …]``; see kpicat.cli.localized), kept apart because they follow Click's
    releases, not kpicat's code.
    """
    return _gettext.translation(domain, LOCALE_DIR, [language], fallback=True)


def gettext(message: str) -> str:
    """``message`` in the current language."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The right plural form for ``count`` in the current language."""
    return translations(current_language()).ngettext(singular, plural, count)


_ = gettext


# CLDR's grouping and decimal signs of the languages kpicat speaks (Babel's, without
# needing Babel at run time: ``pip install kpicat`` stays checker-only)
_NUMBER_SIGNS = {"en": (",", "."), "de": (".", ",")}


def format_number(value: float, decimals: int | None = None) -> str:
    """A number as readers of the current language write it: ``12,000.5`` / ``12.000,5``.

    For counts, sizes and limits in messages; Babel's ``#,##0.###`` (at most three
    decimals) unless ``decimals`` is given. Values a reader copies into YAML
    (expected results, targets) and machine-readable output keep their own form.
    """
    if isinstance(value, bool):
        return str(value)
    if decimals is not None:
        text = f"{value:,.{decimals}f}"
    elif isinstance(value, int) or (float(value).is_integer() and abs(value) < 1e15):
        text = f"{int(value):,}"
    else:
        text = f"{value:,.3f}".rstrip("0").rstrip(".")
    group, point = _NUMBER_SIGNS.get(current_language(), _NUMBER_SIGNS[SOURCE_LANGUAGE])
    return text.translate(str.maketrans({",": group, ".": point}))


# CLDR's medium date of the languages kpicat speaks (Babel's "medium": 15.09.2026 and
# Sep 15, 2026), written out for the same reason as the number signs above
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(day: _dt.date) -> str:
    """A date in a message as readers of the current language write it.

    YAML a reader copies (``last_reviewed: "2026-09-15"`` in a hint) and machine-readable
    output keep the ISO form.
    """
    if current_language() == "de":
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    return f"{_MONTHS_EN[day.month - 1]} {day.day}, {day.year}"


def N_(message: str) -> str:
    """Mark text for extraction that is translated later, where it is shown."""
    return message


def translate_doc(doc: str) -> str:
    """A rule's documentation in the current language, paragraph by paragraph.

    Prose paragraphs (unindented lines, with the continuation lines of list items) are
    msgids; example lines indented by four or more (YAML, formulas) stay as they are.
    ``kpicat.core.i18n_extract`` extracts the same paragraphs.
    """
    out: list[str] = []
    for prose, text in doc_blocks(doc):
        out.append(gettext(text) if prose else text)
    return "\n".join(out)


def doc_blocks(doc: str) -> list[tuple[bool, str]]:
    """(is prose, text) blocks of a cleaned docstring; prose blocks are joined lines."""
    blocks: list[tuple[bool, str]] = []
    paragraph: list[str] = []
    for line in inspect.cleandoc(doc or "").split("\n"):
        indent = len(line) - len(line.lstrip(" "))
        # prose: an unindented line, or a list item's continuation (indented less than code)
        if line.strip() and (indent == 0 or (paragraph and indent < 4)):
            paragraph.append(line)
            continue
        if paragraph:
            blocks.append((True, "\n".join(paragraph)))
            paragraph = []
        blocks.append((False, line))
    if paragraph:
        blocks.append((True, "\n".join(paragraph)))
    return blocks
