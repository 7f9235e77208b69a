"""Every pair of strings whose similarity reaches a threshold, without comparing all pairs.

The similarity is rapidfuzz's normalized InDel similarity (``fuzz.ratio / 100``):
``1 - d / (len(a) + len(b))`` where ``d`` counts the letters to insert and delete to
turn one string into the other. Comparing 15,000 names with each other is 112 million
pairs (about 2 s even in rapidfuzz's C++), so candidates come from two filters that
never lose a pair (Pass-Join, Li et al., VLDB 2011):

- **length**: ``d >= |len(a) - len(b)|``, so a similarity of ``t`` or more bounds the
  ratio of the two lengths;
- **pigeonhole**: if ``d <= k``, then cutting the shorter string into ``k + 1`` pieces
  leaves at least one piece unchanged, found in the longer string near the piece's own
  position. Pieces are indexed by (length, number, text), so a probe is a dictionary
  look-up, not a comparison.

rapidfuzz then computes the exact similarity of each candidate. Where the pieces would be
empty (very short strings or a low threshold) the string is compared with every string
of an admissible length instead: slower, never wrong. ``tests/rules/test_fuzzy.py``
compares the result with all pairs.
"""

from __future__ import annotations

import math
from operator import itemgetter
from collections.abc import Iterator, Sequence

from rapidfuzz import process
from rapidfuzz.distance import Indel

_EPS = 1e-9  # slack so that float rounding can only add candidates, never drop one


def similarity(a: str, b: str) -> float:
    """Normalized InDel similarity of two strings (1.0 = equal)."""
    return Indel.normalized_similarity(a, b)


def _longest_partner(length: int, threshold: float) -> int:
    """The longest string that can still reach ``threshold`` with one of ``length``."""
    return math.floor(length * (2 - threshold) / threshold + _EPS)


def _budget(la: int, lb: int, threshold: float) -> int:
    """Most InDel edits that two strings of these lengths may differ by."""
    return math.floor((1 - threshold) * (la + lb) + _EPS)


def _pieces(length: int, parts: int) -> list[tuple[int, int]]:
    """(start, size) of ``parts`` near-equal pieces of a string of ``length``, shorter first."""
    small, extra = divmod(length, parts)
    out = []
    start = 0
    for n in range(parts):
        size = small + (1 if n >= parts - extra else 0)
        out.append((start, size))
        start += size
    return out


def similar_index_pairs(texts: Sequence[str], threshold: float) -> Iterator[tuple[int, int, float]]:
    """(i, j, similarity) with ``i < j`` for every pair at or above ``threshold``.

    Empty strings are never paired. Exact: the same pairs as comparing all of them.
    Strings are taken shortest first; each one probes the pieces of the shorter (or
    equal) strings before it, then adds its own pieces. Per-candidate work stays in C
    (list, set, itemgetter, rapidfuzz): a family of names that share a long stem gives
    many candidates, and Python code per candidate would dominate.
    """
    order = sorted((i for i, text in enumerate(texts) if text), key=lambda i: len(texts[i]))
    # per length: its pieces as (start, size, the index of that piece: text -> string ids)
    plans: dict[int, list[tuple[int, int, dict[str, list[int]]]]] = {}
    taus: dict[int, int] = {}
    probes: dict[tuple[int, int], list[tuple[dict[str, list[int]], int, int]]] = {}
    unsplit: list[int] = []  # strings too short to cut into pieces: compared with everyone
    for i in order:
        text = texts[i]
        lr = len(text)
        shortest = math.ceil(lr * threshold / (2 - threshold) - _EPS)
        hits = [j for j in unsplit if len(texts[j]) >= shortest]
        for length in range(max(shortest, 1), lr + 1):
            windows = probes.get((lr, length))
            if windows is None:
                windows = probes[(lr, length)] = _windows(plans.get(length), threshold, lr, length)
            for pieces, q, size in windows:
                found = pieces.get(text[q : q + size])
                if found:
                    hits.extend(found)
        if hits:
            ids = list(set(hits))
            others = [texts[ids[0]]] if len(ids) == 1 else itemgetter(*ids)(texts)
            # rapidfuzz scores them all in one call (C++), dropping those below the threshold
            for _, score, k in process.extract(
                text, others, scorer=Indel.normalized_similarity, score_cutoff=threshold, limit=None
            ):
                j = ids[k]
                yield (j, i, score) if j < i else (i, j, score)
        # then index this string for the longer ones to come
        plan = plans.get(lr)
        if plan is None:
            tau = taus[lr] = _budget(lr, _longest_partner(lr, threshold), threshold)
            plan = plans[lr] = (
                [(start, size, {}) for start, size in _pieces(lr, tau + 1)] if tau < lr else []
            )
            probes.clear()  # windows for this length are new
        if not plan:
            unsplit.append(i)
        for start, size, pieces in plan:
            pieces.setdefault(text[start : start + size], []).append(i)


def _windows(
    plan: list[tuple[int, int, dict[str, list[int]]]] | None,
    threshold: float,
    lr: int,
    length: int,
) -> list[tuple[dict[str, list[int]], int, int]]:
    """Where a string of ``lr`` letters may hold a piece of a string of ``length``.

    With ``k`` edits allowed for these two lengths, some piece ``n`` (counted from 0) is
    unchanged and exactly ``n`` edits come before it (Pass-Join's multi-match-aware
    argument), so only pieces ``0..k`` need probing; such a piece moves by the
    insertions minus the deletions before it: at most ``n`` to either side, by a
    number with the parity of ``n`` (insertions + deletions = ``n``), and at most
    ``k - n`` away from where the length difference puts it. That probes far fewer
    substrings than every shift of every piece.
    """
    if not plan:
        return []
    k = min(_budget(length, lr, threshold), len(plan) - 1)
    delta = lr - length
    if delta > k:
        return []
    out = []
    for n, (start, size, pieces) in enumerate(plan[: k + 1]):
        low = max(start - n, start + delta - (k - n), 0)
        high = min(start + n, start + delta + (k - n), lr - size)
        if (low - start - n) % 2:  # the shift has the parity of n
            low += 1
        out.extend((pieces, q, size) for q in range(low, high + 1, 2))
    return out


__all__ = ["similar_index_pairs", "similarity"]
