"""Text that looks like something it is not: look-alike letters and invisible characters.

One home for the Unicode facts that the duplicate-name rules (KC302, KC303,
KC310) and the invisible-character rule (KC019) need:

- :func:`skeleton` maps every letter to the letter it is confused with, after
  Unicode's confusable-detection data (UTS #39, ``confusables.txt``): Cyrillic
  ``с`` and Greek ``ϲ`` both become Latin ``c``, so "Aссоunt-Plan" written with
  Cyrillic letters compares equal to "Account-Plan".
- :func:`lookalike_in_latin_word` finds a Cyrillic or Greek look-alike inside a
  word that is otherwise Latin (a "Trojan" name).
- :data:`INVISIBLE` finds bidi controls and zero-width characters, which can make
  text read differently from what it says ("Trojan Source").

Where the data comes from. Neither PyPI candidate implements the UTS #39
skeleton: ``confusables`` (last release 2021, Unicode 13 data) offers ``normalize``,
which lists every possible reading, and ``confusable-homoglyphs`` (maintained,
newest Unicode data at each release) offers ``is_confusable``/``is_mixed_script``
over a symmetric "A looks like B" table. ICU's ``SpoofChecker.getSkeleton`` is the
reference implementation, but PyICU has no wheels (it compiles against libicu)
and the one bundled build is a 65 MB single-platform wheel. So we derive the
skeleton's mapping from the table that ``confusable-homoglyphs`` ships, which is
``confusables.txt`` with each ``source -> prototype`` line stored in both
directions: a prototype is never itself a source (the mapping is idempotent), so
every group is a star around its prototype, and the prototype is the centre of
the star (a multi-character entry is always a prototype; of a lone pair, the
ASCII side or else the lower code point). The result is applied until stable.

Only non-ASCII characters are mapped: ASCII is what the look-alikes imitate,
and mapping it too (UTS #39 maps ``1`` and ``I`` to ``l``, ``0`` to ``O``) would
make "Umsatz Q1" and "Umsatz Ql" one name. The table (900 kB of JSON, about
70 ms) is read only when a name holds a letter outside Latin with accents, and
each character's skeleton is computed once.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any

from kpicat.core.i18n import N_, _

_LRM = "\u200e"  # confusables.txt wraps right-to-left characters in marks for display


@cache
def _table() -> dict[str, tuple[str, ...]]:
    """``confusable-homoglyphs``' table: character -> characters it looks like."""
    from importlib import resources

    text = resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    table: dict[str, list[str]] = {}
    for key, items in json.loads(text).items():
        looks = table.setdefault(key.replace(_LRM, ""), [])
        looks.extend(item["c"].replace(_LRM, "") for item in items)
    return {key: tuple(dict.fromkeys(value)) for key, value in table.items()}


def _prototype(char: str) -> str:
    """The prototype one character maps to in confusables.txt (itself if none)."""
    table = _table()
    looks = table.get(char, ())
    if not looks:
        return char
    longer = [other for other in looks if len(other) > 1]
    if longer:
        return longer[0]  # sources are single characters: a sequence is the prototype
    if len(looks) > 1:
        return char  # the centre of a star of look-alikes
    other = looks[0]
    if len(table.get(other, ())) > 1:
        return other
    if other.isascii() or char.isascii():
        return other if other.isascii() else char
    return min(char, other)


def _settled(text: str) -> str:
    """Map until nothing changes (a few CJK pairs need two steps), accents dropped."""
    current = text
    for _step in range(4):
        mapped = "".join(c if c.isascii() else _prototype(c) for c in current)
        mapped = "".join(
            c for c in unicodedata.normalize("NFD", mapped) if not unicodedata.combining(c)
        )
        if mapped == current:
            break
        current = mapped
    return current


@cache
def char_skeleton(char: str) -> str:
    """One non-ASCII character's skeleton, case-folded.

    Names are compared case-folded, and confusables.txt maps some capitals
    and small letters differently (Greek capital iota looks like ``l``, small iota
    like ``i``; small kappa like ``ĸ``, capital kappa like ``K``): the small
    letter's reading wins when it is ASCII, else the capital's, else the small one's.
    """
    small = _settled(char.casefold())
    if small.isascii():
        return small.casefold()
    capital = _settled(char.upper())
    return (capital if capital.isascii() else small).casefold()


def skeleton(text: str) -> str:
    """``text`` with every non-ASCII character replaced by its look-alike's skeleton."""
    if text.isascii():
        return text
    return "".join(c if c.isascii() else char_skeleton(c) for c in text)


# --------------------------------------------------------------------------- mixed scripts

_LOOKALIKE_SCRIPTS = {"CYRILLIC": "Cyrillic", "GREEK": "Greek"}
_WORD = re.compile(r"[^\W\d_]+")


@cache
def _script(char: str) -> str:
    """LATIN, CYRILLIC, GREEK, or the first word of the character's Unicode name."""
    words = unicodedata.name(char, "").split(" LETTER", 1)[0].split()
    for script in ("LATIN", "CYRILLIC", "GREEK"):
        if script in words:
            return script
    return words[0] if words else ""


@cache
def lookalike_in_latin_word(text: str) -> tuple[int, str, str] | None:
    """(offset, character, script) of a Cyrillic/Greek look-alike in a Latin word, or None.

    A word counts when it holds Latin letters and a Cyrillic or Greek letter whose
    skeleton is a Latin letter ("Aссоunt"): it looks like a Latin word but is not.
    Words entirely in one script, and Greek letters with no Latin twin ("ΔEBIT"),
    are fine.
    """
    if text.isascii():
        return None
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii() or not any(_script(c) == "LATIN" for c in word):
            continue
        for index, char in enumerate(word):
            script = _LOOKALIKE_SCRIPTS.get(_script(char))
            if script and char_skeleton(char).isascii():
                return match.start() + index, char, script
    return None


def latin_reading(text: str) -> str:
    """The text as a reader sees it: look-alikes inside Latin words shown as Latin letters."""

    def read(match: re.Match[str]) -> str:
        word = match.group()
        if word.isascii() or not any(_script(c) == "LATIN" for c in word):
            return word
        out = []
        for char in word:
            twin = char_skeleton(char) if _script(char) in _LOOKALIKE_SCRIPTS else char
            if twin is not char and twin.isascii():
                out.append(twin.upper() if char.isupper() else twin)
            else:
                out.append(char)
        return "".join(out)

    return _WORD.sub(read, text)


def describe_char(char: str) -> str:
    """``CYRILLIC SMALL LETTER ES U+0441``, for messages."""
    return f"{unicodedata.name(char, 'character').title()} U+{ord(char):04X}"


# --------------------------------------------------------------------------- invisible text

_NAMES = {
    "\u061c": N_("Arabic letter mark"),
    "\u180e": N_("Mongolian vowel separator"),
    "\u200b": N_("zero-width space"),
    "\u200c": N_("zero-width non-joiner"),
    "\u200d": N_("zero-width joiner"),
    "\u200e": N_("left-to-right mark"),
    "\u200f": N_("right-to-left mark"),
    "\u202a": N_("left-to-right embedding"),
    "\u202b": N_("right-to-left embedding"),
    "\u202c": N_("pop directional formatting"),
    "\u202d": N_("left-to-right override"),
    "\u202e": N_("right-to-left override"),
    "\u2060": N_("word joiner"),
    "\u2061": N_("invisible function application"),
    "\u2062": N_("invisible times"),
    "\u2063": N_("invisible separator"),
    "\u2064": N_("invisible plus"),
    "\u2066": N_("left-to-right isolate"),
    "\u2067": N_("right-to-left isolate"),
    "\u2068": N_("first strong isolate"),
    "\u2069": N_("pop directional isolate"),
    "\ufeff": N_("zero-width no-break space (byte order mark)"),
}
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_INVISIBLE_RANGES = (
    (0x061C, 0x061C),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
INVISIBLE = re.compile(
    "[" + "".join(f"{chr(a)}-{chr(b)}" if a != b else chr(a) for a, b in _INVISIBLE_RANGES) + "]+"
)
"""Runs of characters that change how text reads or hide text, and show nothing.

Bidi controls (U+202A-202E, U+2066-2069) and marks (LRM, RLM, ALM) reorder what a
reader sees (Trojan Source); zero-width characters (U+200B-200D, U+2060, U+FEFF
inside text, U+180E), invisible operators (U+2061-2064), deprecated format
characters (U+206A-206F), interlinear annotations (U+FFF9-FFFB) and tag
characters (U+E0001, U+E0020-E007F: invisible copies of ASCII that can smuggle
whole sentences) hide text. Not included: the soft hyphen U+00AD (German
typography uses it to hint where a long compound may break, and it shows as a
hyphen there; name folding ignores it) and variation selectors (emoji). A byte
order mark at the very start of a file is stripped by the loader and fine.
"""


def name_of(char: str) -> str:
    """``right-to-left override U+202E``: the plain name of an invisible character."""
    name = _(_NAMES[char]) if char in _NAMES else None
    if name is None:
        name = unicodedata.name(char, _("format character")).lower()
    return f"{name} U+{ord(char):04X}"


def is_bidi(char: str) -> bool:
    """True for the controls and marks that reorder text."""
    return char in _BIDI


_MAY_HIDE = re.compile(
    b"|".join(
        re.escape(chr(code).encode())
        for first, last in _INVISIBLE_RANGES
        for code in range(first, last + 1)
    )
    + rb"|\\"
)
"""Bytes that can become an invisible character: the characters themselves, or a
backslash (a double-quoted YAML escape such as ``\u202e``). One search per file
decides whether its strings need scanning at all."""

Where = tuple[tuple[str | int, ...], int | None, str]


def invisible_runs(raw: bytes | None, data: Any) -> Iterator[Where]:
    """(data path, offset in the string or None for a key, run) of every invisible run.

    ``raw`` is the file's bytes, for a quick "nothing to find" (None: scan anyway);
    each string is then searched once with one compiled pattern.
    """
    if (
        raw is not None
        and _MAY_HIDE.search(raw, 3 if raw.startswith(b"\xef\xbb\xbf") else 0) is None
    ):
        return
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if INVISIBLE.search(value) is not None:
                for match in INVISIBLE.finditer(value):
                    yield path, match.start(), match.group()
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                if isinstance(key, str) and INVISIBLE.search(key) is not None:
                    yield (*path, key), None, INVISIBLE.search(key).group()  # type: ignore[union-attr]
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in reversed(list(enumerate(value))))


def describe_run(run: str) -> str:
    """``a right-to-left override U+202E`` or ``16 invisible characters, the first a ...``."""
    if len(run) == 1:
        return _("an invisible {name_of}").format(name_of=name_of(run))
    return _("{count} invisible characters in a row, the first a {name_of}").format(
        count=len(run), name_of=name_of(run[0])
    )
