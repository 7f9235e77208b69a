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
from collections.abc import Iterator, Sequence
from itertools import chain
from operator import itemgetter

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


Piece = tuple[int, int, dict[str, list[int]]]  # start, size, piece text -> string ids


def similar_index_pairs(texts: Sequence[str], threshold: float) -> Iterator[tuple[int, int, float]]:
    """(i, j, similarity) with ``i < j`` for every pair at or above ``threshold``.

    Empty strings are never paired. Exact: the same pairs as comparing all of them.
    Strings are taken in batches of one length, shortest first: a batch indexes its
    pieces, then probes the pieces of every admissible shorter or equal length. Each
    probe runs over the whole batch at once (``map`` in C), and each string's
    candidates are scored in one rapidfuzz call, so no Python code runs per probe
    or per candidate: a catalogue's names share many words, hence many candidates.
    """
    by_length: dict[int, list[int]] = {}
    for i, text in enumerate(texts):
        if text:
            by_length.setdefault(len(text), []).append(i)
    plans: dict[int, list[Piece]] = {}
    unsplit: list[int] = []  # strings too short to cut into pieces: compared with everyone
    for lr in sorted(by_length):
        batch = by_length[lr]
        strings = [texts[i] for i in batch]
        tau = _budget(lr, _longest_partner(lr, threshold), threshold)
        plan = plans[lr] = []
        if tau < lr:
            for start, size in _pieces(lr, tau + 1):
                pieces: dict[str, list[int]] = {}
                for i, text in zip(batch, strings, strict=True):
                    pieces.setdefault(text[start : start + size], []).append(i)
                plan.append((start, size, pieces))
        else:
            unsplit.extend(batch)
        shortest = math.ceil(lr * threshold / (2 - threshold) - _EPS)
        columns = [
            list(map(pieces.get, map(itemgetter(where), strings)))
            for length in range(max(shortest, 1), lr + 1)
            for pieces, where in _windows(plans.get(length), threshold, lr, length)
        ]
        nearby = [j for j in unsplit if len(texts[j]) >= shortest]
        most = _budget(lr, lr, threshold)  # edits allowed with the longest candidate
        rows = zip(*columns, strict=True) if columns else ((),) * len(batch)
        for i, text, row in zip(batch, strings, rows, strict=True):
            ids = list(set(chain(nearby, chain.from_iterable(filter(None, row)))))
            if not ids:
                continue
            others = itemgetter(*ids)(texts) if len(ids) > 1 else (texts[ids[0]],)
            # rapidfuzz counts the edits of all candidates in one call (C++), dropping
            # those beyond what any of them may have; the few left get their similarity
            for other, _, k in process.extract(
                text, others, scorer=Indel.distance, score_cutoff=most, limit=None
            ):
                j = ids[k]
                if j >= i and len(other) == lr:  # itself, or found again from j's side
                    continue
                score = Indel.normalized_similarity(text, other, score_cutoff=threshold)
                if score >= threshold:
                    yield (j, i, score) if j < i else (i, j, score)


def similar_to(text: str, texts: Sequence[str], threshold: float) -> list[tuple[int, float]]:
    """(k, similarity) for every non-empty ``texts[k]`` at or above ``threshold`` to ``text``.

    One string against many in a single rapidfuzz call (C++): the same similarity and
    cut-off as :func:`similar_index_pairs`, for a few new names in a known pool.
    """
    if not text:
        return []
    found = process.extract(
        text, texts, scorer=Indel.normalized_similarity, score_cutoff=threshold, limit=None
    )
    return [(k, score) for other, score, k in found if other and score >= threshold]


def _windows(
    plan: list[Piece] | None, threshold: float, lr: int, length: int
) -> list[tuple[dict[str, list[int]], slice]]:
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
        out.extend((pieces, slice(q, q + size)) for q in range(low, high + 1, 2))
    return out


__all__ = ["similar_index_pairs", "similar_to", "similarity"]
