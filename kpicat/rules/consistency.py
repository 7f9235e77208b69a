"""Consistency rules: one concept, one definition, one entry.

The article "Glossar zur Key Account Management und KPI" names
inconsistent definitions as the first way a KPI programme
fails: two teams report "Churn Rate" and mean different things, or the same
number lives under two names. These rules find the same formula or the same
name twice, near-duplicate names, links that only point one way, broken
deprecation chains, missing translations and KPIs that are not SMART.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from kpicat import formula as fx
from kpicat.core.deceptive import describe_char, latin_reading, lookalike_in_latin_word, skeleton
from kpicat.core.i18n import _, format_number
from kpicat.load.document import Path
from kpicat.model import REFERENCE_FIELDS, Entry, Kpi, Term, localized_texts, text_languages
from kpicat.rules.context import Context, Finding, LocalContext
from kpicat.rules.fuzzy import similar_index_pairs, similar_to, similarity
from kpicat.rules.registry import Option, rule
from kpicat.rules.schema import dotted

SIMILAR_NAMES = Option(
    "thresholds.similar_names",
    float,
    0.88,
    "Similarity (0.5..1, share of letters in common, as rapidfuzz's ratio, of the folded names) "
    "from which two names count as near-duplicates (KC303). Default: 0.88.",
    minimum=0.5,
    maximum=1,
)
"""0.88 flags one or two changed letters in a name of 15-20 letters ("Kundenbesuch" /
"Kundenbesuche", "Angebotsquote" / "Angebotsquoten") but not two different words of the
same family ("Anzahl Angebote" / "Anzahl Aufträge" is 0.62).
"""

_INACTIVE = frozenset({"deprecated", "retired"})

# --------------------------------------------------------------------------- helpers


def where(entry: Entry, path: Path) -> str:
    """``catalogue/kpis/x.yaml:3:7``: the place a message points the reader to."""
    line, column = entry.position(path)
    return f"{entry.file}:{line}:{column}"


def describe_entry(entry: Entry) -> str:
    """``KPI churn_rate``: kind and id, as messages name entries."""
    return f"{entry.label} {entry.id}"


_FOLD_TABLE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "œ": "oe"})
_NON_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"[0-9]+")


@lru_cache(maxsize=1 << 14)
def _unicode(text: str) -> str:
    """Non-ASCII text folded: umlauts to two letters, accents dropped, look-alikes mapped."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_FOLD_TABLE)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return skeleton(text).casefold()


def _ascii(text: str) -> str:
    return text.lower() if text.isascii() else _unicode(text)


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Compare key of a name: case, whitespace, punctuation, umlauts and look-alikes folded.

    ``"Churn-Rate"``, ``"churn rate"`` and ``"ChurnRate"`` fold alike, as do
    ``"Größe"`` and ``"Groesse"``, and "Aссоunt" with Cyrillic ``с`` and ``о``
    and "Account" (Unicode's confusable skeleton, see kpicat/deceptive.py).
    Letters of every script are kept; a name of symbols only ("∑") that would
    fold to nothing is compared by its NFKC case-folded text instead.
    """
    folded = _NON_WORD.sub("", _ascii(text))
    return folded or "".join(unicodedata.normalize("NFKC", text).casefold().split())


def tokens(text: str) -> tuple[str, ...]:
    """Folded words of a name, for token blocking."""
    return tuple(t for t in _NON_WORD.split(_ascii(text)) if t)


class Label(NamedTuple):
    """One name, synonym or abbreviation of an entry, in one language.

    A named tuple: 40,000 of them are made per check of a large catalogue, and a frozen
    dataclass took four times as long to make (measured: docs/dev/performance.md).
    """

    entry: Entry
    path: Path
    field: str
    language: str
    text: str
    localized: bool

    @property
    def what(self) -> str:
        """``name``, or ``name (en)`` when the field is a mapping of languages."""
        return f"{self.field} ({self.language})" if self.localized else self.field


def _texts(entry: Entry, field: str, label: str, default: str) -> Iterator[Label]:
    value = entry.data.get(field)
    if isinstance(value, str):
        yield Label(entry, (field,), label, default, value, False)
    elif isinstance(value, dict):
        for lang, text in value.items():
            if isinstance(text, str):
                yield Label(entry, (field, lang), label, str(lang), text, True)


def labels(entry: Entry, default: str, *, names_only: bool = False) -> Iterator[Label]:
    """Every name (and, unless ``names_only``, abbreviation and synonym) of an entry."""
    yield from _texts(entry, "name", "name", default)
    if names_only:
        return
    yield from _texts(entry, "abbreviation", "abbreviation", default)
    value = entry.data.get("synonyms") if isinstance(entry, Term) else None
    if isinstance(value, list):
        for index, text in enumerate(value):
            if isinstance(text, str):
                yield Label(entry, ("synonyms", index), "synonym", default, text, False)
    elif isinstance(value, dict):
        for lang, items in value.items():
            if not isinstance(items, list):
                continue
            for index, text in enumerate(items):
                if isinstance(text, str):
                    yield Label(entry, ("synonyms", lang, index), "synonym", str(lang), text, True)


def reads(ctx: Context) -> dict[str, set[str]]:
    """KPI id -> ids its formula reads directly (empty when the formula does not parse)."""
    return ctx.formulas.deps


def linked(ctx: Context, a: Entry, b: Entry) -> bool:
    """True when two entries are meant to share a name.

    A term may carry the name of the KPI it names in `kpi:`; a KPI may carry
    the name of a measure its formula reads; a successor may keep the name of
    the entry it replaces.
    """
    for x, y in ((a, b), (b, a)):
        if isinstance(x, Term) and x.str_field("kpi") == y.id:
            return True
        if x.str_field("replaced_by") == y.id:
            return True
        if isinstance(x, Kpi) and y.kind == "measure" and y.id in reads(ctx).get(x.id, ()):
            return True
    return False


def _order(label: Label) -> tuple[str, int, int]:
    return (label.entry.file, *label.entry.position(label.path))


def _others_text(others: Sequence[Label]) -> str:
    first = others[0]
    text = _("the {what} of {entry} ({place})").format(
        what=first.what, entry=describe_entry(first.entry), place=where(first.entry, first.path)
    )
    if len(others) > 1:
        rest = ", ".join(describe_entry(o.entry) for o in others[1:])
        text += _(" and of {rest}").format(rest=rest)
    return text


# --------------------------------------------------------------------------- fuzzy matching


_STOPWORDS = frozenset(
    {
        "der",
        "die",
        "das",
        "des",
        "dem",
        "den",
        "ein",
        "eine",
        "einer",
        "eines",
        "von",
        "vom",
        "zum",
        "zur",
        "fuer",
        "pro",
        "je",
        "und",
        "im",
        "in",
        "am",
        "the",
        "a",
        "an",
        "of",
        "for",
        "per",
        "and",
        "on",
    }
)
_MIN_QUALIFIER = 4


def is_qualified(a: str, b: str) -> bool:
    """True when one name is the other plus a qualifying word.

    "Kundenzufriedenheit" / "Kundenzufriedenheitsrate", "Financial KPI" /
    "Non-financial KPI": the longer name names a narrower or derived concept,
    not a spelling variant. A word counts when it is a whole extra word (not a
    filler such as "der" or "of") or an extra compound part of at least four
    letters; inflection endings ("Kundenbesuch" / "Kundenbesuche") do not.
    """
    words_a, words_b = set(tokens(a)), set(tokens(b))
    if words_a != words_b and (words_a < words_b or words_b < words_a):
        extra = words_a ^ words_b
        if not extra <= _STOPWORDS:
            return True
    short, long = sorted((fold(a), fold(b)), key=len)
    if len(long) - len(short) >= _MIN_QUALIFIER:
        return long.startswith(short) or long.endswith(short)
    return False


def similar_pairs(texts: Sequence[str], threshold: float) -> list[tuple[int, int, float]]:
    """Pairs of different names whose folded similarity is at least ``threshold``.

    Every such pair, not a sample (kpicat.rules.fuzzy). Equal folded names are left out
    (that is a duplicate, not a near-duplicate), and so are names that differ in a number
    ("Umsatz Q1" / "Umsatz Q2") and names that add a qualifying word to the other (see
    :func:`is_qualified`).
    """
    folded = [fold(t) for t in texts]
    found = []
    for i, j, ratio in similar_index_pairs(folded, threshold):
        if _near_duplicates(texts[i], texts[j], folded[i], folded[j]):
            found.append((i, j, ratio))
    found.sort()
    return found


def _near_duplicates(a: str, b: str, folded_a: str, folded_b: str) -> bool:
    """Whether two names similar enough are reported: what :func:`similar_pairs` leaves out."""
    if folded_a == folded_b or _DIGITS.findall(folded_a) != _DIGITS.findall(folded_b):
        return False
    return not is_qualified(a, b)


# a pool's names and its pairs, as KC303 keeps them for the next check (Memo)
PoolState = tuple[float, tuple[str, ...], tuple[tuple[str, str], ...]]
_MOST_NEW = 0.1  # above this share of new names, comparing all of them again is cheaper


def similar_pairs_since(
    texts: Sequence[str], threshold: float, before: object
) -> tuple[list[tuple[int, int, float]], PoolState]:
    """:func:`similar_pairs`, reusing what the previous check found in this pool.

    A pair's verdict depends on its two names only, so pairs of names that were both
    there before are known; only names new to the pool are compared, each with the
    whole pool (one rapidfuzz call per name). Every reused pair is scored and filtered
    again, so a damaged memo can at most miss a pair, never invent one; the previous
    pairs come from the warm cache, which is checksummed and keyed by kpicat's code.
    ``before`` is the state this function returned last time (anything else counts as
    nothing); the result is the same list as :func:`similar_pairs` and the new state.
    """
    distinct = sorted(set(texts))
    folded = [fold(t) for t in distinct]
    known = _known_pairs(before, threshold)
    pairs: dict[tuple[int, int], float] = {}
    if known is None or len(set(distinct) - known[0]) > max(20, _MOST_NEW * len(distinct)):
        for i, j, ratio in similar_pairs(distinct, threshold):
            pairs[(i, j)] = ratio
    else:
        names, old_pairs = known
        place = {text: n for n, text in enumerate(distinct)}
        for a, b in old_pairs:
            i, j = place.get(a), place.get(b)
            if i is None or j is None:
                continue  # a name that left the pool
            ratio = similarity(folded[i], folded[j])
            if ratio >= threshold and folded[i] and _near_duplicates(a, b, folded[i], folded[j]):
                pairs[(min(i, j), max(i, j))] = ratio
        for n, text in enumerate(distinct):
            if text in names:
                continue
            for k, ratio in similar_to(folded[n], folded, threshold):
                if k != n and _near_duplicates(text, distinct[k], folded[n], folded[k]):
                    pairs[(min(n, k), max(n, k))] = ratio
    where: dict[str, list[int]] = defaultdict(list)
    for index, text in enumerate(texts):
        where[text].append(index)
    found = [
        (min(i, j), max(i, j), ratio)
        for (a, b), ratio in pairs.items()
        for i in where[distinct[a]]
        for j in where[distinct[b]]
    ]
    found.sort()
    state = (threshold, tuple(distinct), tuple((distinct[a], distinct[b]) for a, b in pairs))
    return found, state


def _known_pairs(
    before: object, threshold: float
) -> tuple[frozenset[str], tuple[tuple[str, str], ...]] | None:
    """The names and pairs of a previous :data:`PoolState`, or None when it is not one."""
    if not (isinstance(before, tuple) and len(before) == 3 and before[0] == threshold):
        return None
    _threshold, names, pairs = before
    if not (isinstance(names, tuple) and all(isinstance(n, str) for n in names)):
        return None
    if not (
        isinstance(pairs, tuple)
        and all(
            isinstance(p, tuple) and len(p) == 2 and all(isinstance(t, str) for t in p)
            for p in pairs
        )
    ):
        return None
    return frozenset(names), pairs


# --------------------------------------------------------------------------- rules


@rule("KC301", "duplicate-formula", level="error", cost=7, reads=("formula", "status"))
def duplicate_formula(ctx: Context) -> Iterator[Finding]:
    """Two KPIs compute the same formula: one number under two ids.

    Formulas are compared in canonical form, so `a / b * 100` and
    `100 * a / b` are the same. Two ids for one number drift apart over time
    (one gets a new target, the other a new owner) and reports disagree.
    Retired KPIs and a KPI and the one it is `replaced_by` are not compared.
    Reported on every KPI but the established one, naming the others: the
    finding lands on the newcomer. With `kpicat check --base REV` (a pull
    request) that is the KPI added or edited since REV; otherwise, and among
    several changed ones, a `proposed` KPI before an `active` one, else the
    later file.

    Bad (two files):
        id: abwanderungsquote
        formula: verlorene_kunden / kunden_periodenbeginn * 100
        ---
        id: churn_rate
        formula: 100 * verlorene_kunden / kunden_periodenbeginn

    Good: keep one KPI; give the other `status: deprecated` and
    `replaced_by: abwanderungsquote`, and put "Churn Rate" into the name's
    English text or a term's synonyms.
    """
    hashes = ctx.formulas.canonical
    groups: dict[str, list[Kpi]] = defaultdict(list)
    for kpi in ctx.catalogue.kpis:
        if kpi.status != "retired" and kpi.id in hashes and ctx.catalogue.get(kpi.id) is kpi:
            groups[hashes[kpi.id]].append(kpi)
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda k: established_first(ctx, k))
        for index, kpi in enumerate(members):
            others = [o for o in members if o is not kpi and not linked(ctx, kpi, o)]
            if not any(o in members[:index] for o in others):
                continue
            first = others[0]
            names = ", ".join(o.id for o in others)
            also = ", ".join(o.id for o in others[1:])
            yield Finding(
                kpi,
                ("formula",),
                _("formula computes the same as the formula of KPI {id} ({place})").format(
                    id=first.id, place=where(first, ("formula",))
                )
                + (_(" and of {also}").format(also=also) if also else "")
                + _("; one number, one KPI"),
                hint=_(
                    "keep one of {id}, {names}: mark the other deprecated with "
                    "replaced_by, or change the formula if they really differ"
                ).format(id=kpi.id, names=names),
                related=tuple((o, ("formula",)) for o in others),
            )


def established_first(ctx: Context, entry: Entry) -> tuple[bool, bool, str, str]:
    """Sort key that puts the established entry of a pair first and the newcomer last.

    A finding about two entries (the same formula twice) belongs on the newcomer,
    so that a pull request's author sees it on the file they touched: first the
    entries unchanged since the base revision (``ctx.changed``, when known), then
    non-proposed before proposed, then by file. Deterministic without git, too.
    """
    changed = ctx.changed is not None and entry.file in ctx.changed
    return (changed, entry.status == "proposed", entry.file, entry.id)


@rule(
    "KC302",
    "duplicate-name",
    level="error",
    cost=6,
    reads=("abbreviation", "name", "status", "synonyms"),
)
def duplicate_name(ctx: Context) -> Iterator[Finding]:
    """Two entries use the same name, synonym or abbreviation in one language.

    Names are compared after folding case, spaces, punctuation and umlauts
    (ä = ae, ö = oe, ü = ue, ß = ss), so "Churn-Rate" and "churn rate" are the
    same name. A reader who searches for it finds two entries and cannot tell
    which one is meant. Compared are terms, KPIs, KRAs and measures (not
    owners, not retired entries). Allowed: a term sharing the name of the KPI
    it names in `kpi:`; a KPI sharing the name of a measure its formula reads;
    an entry sharing the name of its `replaced_by`.

    Bad:
        # catalogue/kpis/abwanderungsquote.yaml
        name: {de: Abwanderungsquote, en: Churn Rate}
        # catalogue/terms/churn.yaml
        name: Churn
        synonyms: {en: [churn rate]}

    Good (the term names the KPI):
        # catalogue/terms/churn.yaml
        name: Churn
        synonyms: {en: [churn rate]}
        kpi: abwanderungsquote
    """
    default = ctx.config.default_language
    index: dict[tuple[str, str], list[Label]] = defaultdict(list)
    for entry in ctx.catalogue.entries:
        if entry.kind == "owner" or entry.status == "retired":
            continue
        if ctx.catalogue.get(entry.id) is not entry:
            continue
        for label in labels(entry, default):
            key = fold(label.text)
            if key:
                index[(label.language, key)].append(label)
    for group in index.values():
        if len({id(label.entry) for label in group}) < 2:
            continue
        group.sort(key=_order)
        for pos, label in enumerate(group):
            others = [
                o
                for o in group
                if o.entry is not label.entry and not linked(ctx, label.entry, o.entry)
            ]
            earlier = [o for o in group[:pos] if o in others]
            if not earlier:
                continue
            seen: set[int] = set()
            unique = []
            for other in earlier + [o for o in others if o not in earlier]:
                if id(other.entry) not in seen:
                    seen.add(id(other.entry))
                    unique.append(other)
            hint = _("one concept, one entry: merge them, or rename one")
            if {label.entry.kind, unique[0].entry.kind} == {"term", "kpi"}:
                kpi = label.entry if label.entry.kind == "kpi" else unique[0].entry
                hint = _(
                    "if the term names the KPI, add 'kpi: {id}' to the term; or {hint}"
                ).format(id=kpi.id, hint=hint)
            yield Finding(
                label.entry,
                label.path,
                _("{what} '{text}' is also {others_text}; one concept, one entry").format(
                    what=label.what, text=label.text, others_text=_others_text(unique)
                ),
                hint=hint,
                related=tuple((o.entry, o.path) for o in unique),
            )


def _relates(a: Entry, b: Entry) -> bool:
    """True when either entry lists the other in related: declared as distinct."""
    return b.id in a.id_list("related") or a.id in b.id_list("related")


_SIMILAR_GROUPS = {"kpi": "kpi", "term": "kpi", "kra": "kra", "measure": "measure"}


SIMILAR_MEMO = "KC303"


@rule(
    "KC303",
    "similar-name",
    level="warning",
    cost=40,
    options=(SIMILAR_NAMES,),
    split=True,
    reads=("name", "status", *REFERENCE_FIELDS),
)
def similar_name(ctx: Context) -> Iterator[Finding]:
    """Two entries have nearly the same name (a likely duplicate or typo).

    Names are folded like in KC302 and compared by the share of letters they
    have in common (rapidfuzz's ratio: 1 - letters to insert or delete / both
    lengths); two names at or above `thresholds.similar_names` (default 0.88)
    are reported. 0.88 catches one or two changed letters in a name of 15-20
    letters ("Kundenbesuch" / "Kundenbesuche") and leaves different words of
    one family alone ("Anzahl Angebote" / "Anzahl Aufträge": 0.62). Names
    that differ in a number ("Umsatz Q1" / "Umsatz Q2") are not reported,
    nor a name that is the other plus a qualifying word ("Kundenzufriedenheit"
    / "Kundenzufriedenheitsrate", "Financial KPI" / "Non-financial KPI"; an
    extra word, or an extra compound part of four or more letters). KPIs and
    terms are compared with each other, KRAs with KRAs and measures with
    measures, each language on its own. Not reported: the exemptions of KC302,
    and two entries of which one lists the other in `related` (declared
    distinct).

    Every pair at or above the threshold is found, without comparing all
    pairs: names whose lengths differ too much cannot be that similar, and two
    names that are must share an unchanged piece (see kpicat/rules/fuzzy.py),
    so 15,000 names take a fraction of a second.

    Bad:
        # catalogue/kpis/kundenbesuche.yaml
        name: Anzahl Kundenbesuche
        # catalogue/kpis/kundenbesuche_monat.yaml
        name: Anzahl Kundenbesuch

    Good: one KPI; or names that say how the two differ, e.g.
    "Anzahl Kundenbesuche vor Ort" and "Anzahl Kundentermine online".

    Options:
        thresholds: {similar_names: 0.9}   # kpicat.yaml, 0.5 .. 1
    """
    threshold = float(SIMILAR_NAMES.value(ctx.config))
    default = ctx.config.default_language
    pools: dict[tuple[str, str], list[Label]] = defaultdict(list)
    for entry in ctx.catalogue.entries:
        group = _SIMILAR_GROUPS.get(entry.kind)
        if group is None or entry.status == "retired" or ctx.catalogue.get(entry.id) is not entry:
            continue
        for label in labels(entry, default, names_only=True):
            pools[(group, label.language)].append(label)
    memo = ctx.memo
    found: list[tuple[list[Label], list[tuple[int, int, float]]]] = []
    keys = list(pools)  # in file order: entries sorted by path
    for n in ctx.part([len(pools[key]) for key in keys]):  # pools are compared separately
        pool = pools[keys[n]]
        texts = [label.text for label in pool]
        if memo is None:
            found.append((pool, similar_pairs(texts, threshold)))
            continue
        name = "{} {} {}".format(SIMILAR_MEMO, *keys[n])
        pairs, memo.new[name] = similar_pairs_since(texts, threshold, memo.old.get(name))
        found.append((pool, pairs))
    for pool, pairs in found:
        for i, j, ratio in pairs:
            first, second = pool[i], pool[j]
            if first.entry is second.entry or linked(ctx, first.entry, second.entry):
                continue
            if _relates(first.entry, second.entry):
                continue
            yield Finding(
                second.entry,
                second.path,
                _(
                    "{what} '{text}' is nearly the same as '{text2}', the {what2} of "
                    "{entry} ({place}; similarity {ratio}); is it the same concept?"
                ).format(
                    what=second.what,
                    text=second.text,
                    text2=first.text,
                    what2=first.what,
                    entry=describe_entry(first.entry),
                    place=where(first.entry, first.path),
                    ratio=format_number(ratio, 2),
                ),
                hint=_("merge the two entries, or make the names say how they differ"),
                related=((first.entry, first.path),),
            )


@rule("KC310", "mixed-script-name", level="error", scope="entry", local=True)
def mixed_script_name(entry: Entry, ctx: LocalContext) -> Iterator[Finding]:
    """A word in a name mixes Latin letters with Cyrillic or Greek look-alikes.

    Cyrillic `а`, `с`, `е`, `о`, `р` and Greek `ο`, `ν`, `Κ` look exactly like
    Latin letters. A name such as "Aссоunt-Plan" with two Cyrillic `с` and an
    `о` reads as "Account-Plan" but is a different text: search does not find
    it, and it can pose as an existing entry (KC302 still finds the twin, since
    names are compared by their look-alike skeleton). No German or English
    word needs letters of two scripts, so this is a typing accident (a Russian
    keyboard layout) or an attack. Checked are names, abbreviations and
    synonyms of every entry; a word entirely in Cyrillic or Greek, and Greek
    letters with no Latin twin ("ΔEBIT"), are fine. Reported at the first
    look-alike letter.

    Bad:
        name: Aссоunt-Plan     # с, с and о are Cyrillic

    Good:
        name: Account-Plan
    """
    default = ctx.config.default_language
    raw = entry.doc.raw
    if raw and raw.isascii() and b"\\" not in raw:
        return  # no letter outside ASCII, not even as an escape: nothing to mix
    for label in labels(entry, default):
        found = lookalike_in_latin_word(label.text)
        if found is None:
            continue
        offset, char, script = found
        yield Finding(
            entry,
            label.path,
            _(
                "{what} '{text}' mixes Latin letters with a {script} look-alike "
                "({describe_char}) in one word; it reads like '{latin_reading}' but is "
                "a different text"
            ).format(
                what=label.what,
                text=label.text,
                script=script,
                describe_char=describe_char(char),
                latin_reading=latin_reading(label.text),
            ),
            hint=_(
                "retype the word with Latin letters only (the {script} letter usually "
                "comes from a copied text or another keyboard layout)"
            ).format(script=script),
            offset=offset,
        )


def _related_path(entry: Entry) -> Path:
    return ("related",) if "related" in entry.data else ("id",)


@rule("KC304", "one-sided-link", level="warning", reads=("kpi", "related", "status"))
def one_sided_link(ctx: Context) -> Iterator[Finding]:
    """A link that must be mutual points one way only.

    The site shows `related` as "see also" on both pages, so links between
    peers must be listed on both sides. Mutual links are required for:

    - a term's `kpi:` and that KPI's `related` (the KPI must list the term);
    - `related` between two KPIs;
    - `related` between two terms.

    One-sided links are fine from a KPI or KRA to a term (a KPI may point to
    the glossary without every term listing every KPI) and from anything to a
    KRA. Retired entries are left alone.

    Bad:
        # catalogue/terms/churn.yaml
        kpi: abwanderungsquote
        # catalogue/kpis/abwanderungsquote.yaml
        related: [kundenbindung]

    Good:
        # catalogue/kpis/abwanderungsquote.yaml
        related: [kundenbindung, churn]
    """
    catalogue = ctx.catalogue
    for entry in catalogue.entries:
        if entry.status == "retired" or catalogue.get(entry.id) is not entry:
            continue
        if isinstance(entry, Term):
            target = entry.str_field("kpi")
            other = catalogue.get(target) if target else None
            if (
                isinstance(other, Kpi)
                and other.status != "retired"
                and entry.id not in other.id_list("related")
            ):
                yield Finding(
                    entry,
                    ("kpi",),
                    _(
                        "kpi names KPI {id}, but {id} does not list term {id2} in related ({place})"
                    ).format(id=other.id, id2=entry.id, place=where(other, _related_path(other))),
                    hint=_("add {id} to related in {file}").format(id=entry.id, file=other.file),
                    related=((other, _related_path(other)),),
                )
        if entry.kind not in ("kpi", "term"):
            continue
        for index, target in enumerate(entry.id_list("related")):
            other = catalogue.get(target)
            if other is None or other is entry or other.kind != entry.kind:
                continue
            if other.status == "retired" or entry.id in other.id_list("related"):
                continue
            yield Finding(
                entry,
                ("related", index),
                _(
                    "related names {entry}, but {id} does not list {id2} in related ({place})"
                ).format(
                    entry=describe_entry(other),
                    id=other.id,
                    id2=entry.id,
                    place=where(other, _related_path(other)),
                ),
                hint=_("add {id} to related in {file}, or remove {id2} here").format(
                    id=entry.id, file=other.file, id2=other.id
                ),
                related=((other, _related_path(other)),),
            )


@rule(
    "KC305", "missing-successor", level="warning", scope="entry", kinds=("kpi", "term"), local=True
)
def missing_successor(entry: Entry, ctx: LocalContext) -> Iterator[Finding]:
    """A deprecated or retired KPI or term does not name its successor.

    Readers who land on an old KPI need to know what to report instead; the
    site shows a deprecation banner that links to `replaced_by`. When a KPI is
    dropped without any successor, say so with a suppression and its reason.

    Bad:
        status: deprecated

    Good:
        status: deprecated
        replaced_by: abwanderungsquote

    Good (no successor, on purpose):
        status: retired
        lint: {ignore: {KC305: "wird nicht mehr gemessen, kein Nachfolger"}}
    """
    if entry.status in _INACTIVE and "replaced_by" not in entry.data:
        yield Finding(
            entry,
            ("status",),
            _("{label} is {status} but names no successor in replaced_by").format(
                label=entry.label, status=entry.status
            ),
            hint=_("add 'replaced_by: <id>' with the entry to use instead"),
        )


@rule(
    "KC306",
    "inactive-successor",
    level="error",
    scope="entry",
    kinds=("kpi", "term"),
    reads=("replaced_by", "status"),
)
def inactive_successor(entry: Entry, ctx: Context) -> Iterator[Finding]:
    """`replaced_by` names an entry that is itself deprecated or retired.

    A chain of successors that ends in a retired entry sends readers to a
    number that no longer exists; a chain that loops never ends. The message
    names the first active entry down the chain when there is one.

    Bad:
        # kundenbindungsrate.yaml
        status: deprecated
        replaced_by: churn_rate        # itself retired

    Good:
        status: deprecated
        replaced_by: abwanderungsquote # active
    """
    catalogue = ctx.catalogue
    target = entry.str_field("replaced_by")
    successor = catalogue.get(target) if target else None
    if successor is None or successor is entry or successor.kind != entry.kind:
        return
    if successor.status not in _INACTIVE:
        return
    chain = [entry.id, successor.id]
    current = successor
    while current.status in _INACTIVE:
        nxt_id = current.str_field("replaced_by")
        nxt = catalogue.get(nxt_id) if nxt_id else None
        if nxt is None or nxt.kind != entry.kind or nxt.id in chain:
            if nxt is not None and nxt.id in chain:
                chain.append(nxt.id)
            break
        chain.append(nxt.id)
        current = nxt
    loops = len(chain) != len(set(chain))
    if loops:
        hint = _("the successors form a loop ({items}); point to an active entry").format(
            items=" -> ".join(chain)
        )
    elif current.status not in _INACTIVE:
        hint = _("point replaced_by at {id}, the active end of the chain").format(id=current.id)
    else:
        hint = _("point replaced_by at an active entry")
    yield Finding(
        entry,
        ("replaced_by",),
        _("replaced_by names {entry}, which is itself {status} ({place})").format(
            entry=describe_entry(successor),
            status=successor.status,
            place=where(successor, ("status",)),
        ),
        hint=hint,
        related=((successor, ("status",)),),
    )


@rule(
    "KC307",
    "uses-deprecated-kpi",
    level="error",
    scope="entry",
    kinds=("kpi",),
    reads=("formula", "status"),
)
def uses_deprecated(entry: Entry, ctx: Context) -> Iterator[Finding]:
    """An active KPI's formula reads a deprecated or retired KPI.

    A deprecated KPI is on its way out and a retired one is no longer
    reported, so the active KPI would stop being computable. Deprecate a KPI
    and move the formulas that read it in the same change.

    Bad:
        status: active
        formula: churn_rate * 2           # churn_rate is deprecated

    Good:
        formula: abwanderungsquote * 2    # its successor
    """
    if entry.status != "active":
        return
    node = ctx.formulas.parsed.get(entry.id)
    if node is None or ctx.catalogue.get(entry.id) is not entry:
        return
    reported: set[str] = set()
    for ref in ctx.formulas.refs[entry.id]:
        other = ctx.catalogue.get(ref.name)
        if not isinstance(other, Kpi) or other.status not in _INACTIVE or ref.name in reported:
            continue
        reported.add(ref.name)
        successor = other.str_field("replaced_by")
        yield Finding(
            entry,
            ("formula",),
            _("formula reads KPI {id}, which is {status} ({place})").format(
                id=other.id, status=other.status, place=where(other, ("status",))
            ),
            hint=_("read {successor} instead").format(successor=successor)
            if successor
            else _("read its successor instead"),
            related=((other, ("status",)),),
            offset=ref.span[0],
        )


@rule("KC308", "missing-translation", level="warning", scope="entry", local=True)
def missing_translation(entry: Entry, ctx: LocalContext) -> Iterator[Finding]:
    """A localised text of an entry lacks a required language.

    `required_languages` in kpicat.yaml lists the languages every localised
    text must be written in (default: only the default language): the name,
    definition and abbreviation of terms, KPIs, KRAs, owners and measures, a
    KPI's purpose, interpretation and each of its pitfalls and levers, a
    target's note, the notes of worked examples and of a measure's source. A
    plain string counts as the default language. Readers of the English site
    otherwise see German text, or nothing. Each finding names the field and the
    missing languages at the field's position.

    Bad (required_languages: [de, en]):
        name: Abwanderungsquote

    Good:
        name: {de: Abwanderungsquote, en: Churn rate}
    """
    if entry.status == "retired":
        return
    config = ctx.config
    required = config.languages_required
    for path, value in localized_texts(entry):
        have = text_languages(value, config.default_language)
        if have is None:
            continue  # a value of the wrong type is a schema error (KC011)
        missing = [lang for lang in required if lang not in have]
        if missing:
            langs, wanted = ", ".join(missing), ", ".join(required)
            example = ", ".join(f"{lang}: ..." for lang in (*sorted(have), *missing))
            yield Finding(
                entry,
                path,
                _("{field} has no text in {langs}; kpicat.yaml requires {wanted}").format(
                    field=dotted(path), langs=langs, wanted=wanted
                ),
                hint=_("add the text in {langs}: {key}: {{{example}}}").format(
                    langs=langs, key=path[-1], example=example
                ),
            )


def _reads_measure(ctx: Context, kpi_id: str) -> bool | None:
    """True when a formula reads a measure directly or through KPIs; None if unknown."""
    deps = ctx.formulas.deps
    if kpi_id not in deps:
        return None
    seen = {kpi_id}
    stack = [kpi_id]
    while stack:
        for dep in deps.get(stack.pop(), ()):
            other = ctx.catalogue.get(dep)
            if other is None:
                continue
            if other.kind == "measure":
                return True
            if dep not in seen and other.kind == "kpi":
                seen.add(dep)
                stack.append(dep)
    return False


@rule(
    "KC309",
    "not-smart",
    level="warning",
    scope="entry",
    kinds=("kpi",),
    reads=("direction", "formula", "kra", "period", "status"),
)
def not_smart(entry: Entry, ctx: Context) -> Iterator[Finding]:
    """An active KPI lacks what makes it SMART.

    The articles "Glossar zur Key Account Management und KPI" and "Key Account vs. Key
    Performance Indicator (KPI): Was ist der Unterschied?" ask for KPIs that are
    specific, measurable, achievable,
    relevant and time-bound. An active KPI needs:

    - a `period` (time-bound);
    - a `direction` or a `target` (achievable: which way is good, how much);
    - a data source: its formula reads at least one measure, directly or
      through other KPIs (measurable);
    - a `kra` (relevant: the Key Result Area it steers).

    Bad:
        status: active
        formula: 42
        # no direction, no target

    Good:
        status: active
        formula: auftraege / angebote * 100
        direction: higher_is_better
        target: {value: 25}
        period: quarterly
        kra: neukundengewinnung
    """
    if entry.status != "active" or not isinstance(entry, Kpi):
        return
    missing: list[str] = []
    if "period" not in entry.data:
        missing.append(_("no period (time-bound)"))
    if "direction" not in entry.data and "target" not in entry.data:
        missing.append(_("no direction or target (achievable)"))
    no_source = entry.formula is not None and _reads_measure(ctx, entry.id) is False
    if no_source:
        missing.append(_("a formula that reads no measure (measurable)"))
    if "kra" not in entry.data:
        missing.append(_("no kra (relevant)"))
    if not missing:
        return
    path: Path = ("formula",) if no_source and len(missing) == 1 else ("status",)
    yield Finding(
        entry,
        path,
        _("active KPI is not SMART: it has ") + "; ".join(missing),
        hint=_("give it a period, a direction or target, a kra, and a formula over measures"),
    )


# --------------------------------------------------------------------------- aliases and targets


@rule(
    "KC311", "alias-kpi", level="error", scope="entry", kinds=("kpi",), reads=("formula", "status")
)
def alias_kpi(entry: Entry, ctx: Context) -> Iterator[Finding]:
    """A KPI's formula is just another KPI: the same number under a second name.

    `formula: win_rate`, `win_rate * 1`, `(win_rate)`, `1 * win_rate`,
    and `win_rate / 1` all compute exactly KPI `win_rate` (compared
    in canonical form, like KC301). Two KPIs for one number drift apart: each
    gets its own target, owner and review, and two reports show "different"
    values that are one. Not an alias: a KPI that computes something from the
    other (`prev(win_rate)`, `win_rate * 100`, `-win_rate`); a deprecated KPI
    that names the other as `replaced_by` (the old id kept during a move);
    retired KPIs. A KPI whose formula is one *measure* is not reported either:
    that is where a base measure from the CRM or ERP gets its target, direction
    and KRA (KC302 likewise lets such a KPI share the measure's name).

    Bad:
        # catalogue/kpis/abschlussquote.yaml
        formula: win_rate

    Good: report `win_rate` itself, and make "Abschlussquote" a synonym of it
    (a term with `kpi: win_rate`, or its name in the other language); or keep
    the old id with `status: deprecated` and `replaced_by: win_rate`.
    """
    if entry.status == "retired" or ctx.catalogue.get(entry.id) is not entry:
        return
    if len(ctx.formulas.deps.get(entry.id, ())) != 1:
        return
    text = ctx.formulas.canonical_text.get(entry.id)
    if text is None:  # a divisor that is always zero: KC206
        return
    other = ctx.catalogue.get(text)
    if not isinstance(other, Kpi) or other is entry or other.status == "retired":
        return
    if entry.str_field("replaced_by") == other.id or other.str_field("replaced_by") == entry.id:
        return
    yield Finding(
        entry,
        ("formula",),
        _("formula is just KPI {id} ({place}): the same number under a second name").format(
            id=other.id, place=where(other, ("formula",))
        ),
        hint=_(
            "use KPI {id} instead; if this name means the same, make it a synonym "
            "of {id} (a term with 'kpi: {id}', or its name in another language), "
            "or set status: deprecated and replaced_by: {id}"
        ).format(id=other.id),
        related=((other, ("formula",)),),
    )


_SHARE = re.compile(
    r"100 \* (?P<part>(?:prev\()?[a-z][a-z0-9_]*\)?) / (?P<whole>(?:prev\()?[a-z][a-z0-9_]*\)?)\Z"
)
"""Canonical form of a share in percent: one id over one id, times 100 (``a / b * 100``).

A growth rate (``(x - prev(x)) / prev(x) * 100``) has a sum in it and can exceed 100; a
product or a constant offset is no plain part-of-whole either. Actual against plan
(``umsatz / umsatzziel * 100``) has the same shape as a share yet may exceed 100: such a
KPI says so with ``scale: {min: 0}``. Shares whose formula holds a difference (a retention
rate ``(prev(a) - lost) / prev(a) * 100``) are not recognised: no bound rather than a wrong one.
"""


def _number(value: object) -> float | None:
    """A YAML number (not true/false), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _shown(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def _range_text(low: float, high: float) -> str:
    """``0 to 100``, ``at least 0`` or ``at most 10``: a range with open ends in words."""
    if math.isinf(low):
        return _("at most {shown}").format(shown=_shown(high))
    if math.isinf(high):
        return _("at least {shown}").format(shown=_shown(low))
    return _("{shown} to {shown2}").format(shown=_shown(low), shown2=_shown(high))


def value_range(ctx: Context, kpi: Kpi) -> tuple[float, float, Callable[[], str]] | None:
    """The values a KPI can take, and why: its stated ``scale``, or 0-100 for a share in percent.

    None when nothing bounds it (a growth rate, an amount in EUR). The reason is made only
    when a finding says it: naming the scale's place costs parsing the file's positions.
    """
    scale = kpi.data.get("scale")
    if isinstance(scale, dict):
        low, high = _number(scale.get("min")), _number(scale.get("max"))
        if low is not None or high is not None:  # a bound left out is open
            low = -math.inf if low is None else low
            high = math.inf if high is None else high
            return low, high, lambda: _("its scale ({place})").format(place=where(kpi, ("scale",)))
    unit = ctx.formulas.declared_unit(kpi)
    if not isinstance(unit, fx.Unit) or not fx.units_equal(unit, fx.PERCENT):
        return None
    text = ctx.formulas.canonical_text.get(kpi.id)  # None: no formula, or unreadable
    match = _SHARE.match(text) if text is not None else None
    if match is None:
        return None
    return (
        0.0,
        100.0,
        lambda: _("a share in percent ({part} of {whole}), which lies between 0 and 100").format(
            part=match["part"], whole=match["whole"]
        ),
    )


_TARGET_FIELDS = ("value", "min", "max", "baseline")


@rule(
    "KC312",
    "implausible-target",
    level="error",
    scope="entry",
    kinds=("kpi",),
    reads=(
        "direction",
        "formula",
        "scale",
        "status",
        *(f"target.{key}" for key in _TARGET_FIELDS),
        "unit",
    ),
)
def implausible_target(entry: Entry, ctx: Context) -> Iterator[Finding]:
    """A target the KPI cannot reach, or one that points against its direction.

    A target is what a team is measured against; one that cannot be reached,
    or that would count getting worse as success, makes the KPI meaningless.
    Reported, at the number:

    - a target (`value`, `min`, `max` or `baseline`) outside the KPI's `scale`
      (e.g. a Net Promoter Score of 140 on a scale of -100 to 100);
    - without a scale, a target outside 0-100 for a share in percent: a KPI in
      `percent` whose formula is one id over another times 100 (part of a
      whole, like `auftraege / angebote * 100`). Growth rates (a difference in
      the formula) may exceed 100; an actual-against-plan rate such as
      `umsatz / umsatzziel * 100` has a share's shape, so it states what it
      can reach with `scale: {min: 0}` (a bound left out is open);
    - `direction: higher_is_better` with a target value below `baseline`, or
      `lower_is_better` with one above it (equal means holding the level).

    Bad:
        formula: auftraege / angebote * 100
        unit: percent
        direction: higher_is_better
        target: {value: 120, baseline: 30}

    Good:
        target: {value: 35, baseline: 30}
    """
    if not isinstance(entry, Kpi) or entry.status == "retired":
        return
    target = entry.data.get("target")
    if not isinstance(target, dict):
        return
    bounds = value_range(ctx, entry)
    if bounds is not None:
        low, high, why = bounds
        for key in _TARGET_FIELDS:
            number = _number(target.get(key))
            if number is None or low <= number <= high:
                continue
            yield Finding(
                entry,
                ("target", key),
                _("target {key} {shown} is not {range_text}, the range of {why}").format(
                    key=key, shown=_shown(number), range_text=_range_text(low, high), why=why()
                ),
                hint=_(
                    "set a {key} that is {range_text}; if the KPI can really reach it "
                    "(actual against plan may exceed 100 percent), state its range with "
                    "scale, e.g. scale: {{min: 0}}"
                ).format(key=key, range_text=_range_text(low, high)),
            )
    value, baseline = _number(target.get("value")), _number(target.get("baseline"))
    direction = entry.str_field("direction")
    if value is None or baseline is None:
        return
    if direction == "higher_is_better" and value < baseline:
        side, better = "below", "above"
    elif direction == "lower_is_better" and value > baseline:
        side, better = "above", "below"
    else:
        return
    yield Finding(
        entry,
        ("target", "value"),
        _(
            "target value {shown} is {side} the baseline {shown2}, but direction "
            "is {direction}: reaching the target would mean getting worse"
        ).format(shown=_shown(value), side=side, shown2=_shown(baseline), direction=direction),
        hint=_(
            "set a target {better} the baseline, or correct baseline or direction "
            "(target_range when a level is to be held)"
        ).format(better=better),
    )
