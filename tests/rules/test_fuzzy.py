"""The exact near-duplicate join: the same pairs as comparing every pair, faster."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import process
from rapidfuzz.distance import Indel

from kpicat.rules.fuzzy import similar_index_pairs


def mutated(rng: random.Random, text: str, alphabet: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(chars) + 1)
        op = rng.random()
        if op < 0.33 and at < len(chars):
            del chars[at]
        elif op < 0.66:
            chars.insert(at, rng.choice(alphabet))
        elif at < len(chars):
            chars[at] = rng.choice(alphabet)
    return "".join(chars)


def brute_force(texts: list[str], threshold: float) -> set[tuple[int, int]]:
    """Every pair, compared by rapidfuzz (in C++, row by row)."""
    found = set()
    for i, text in enumerate(texts):
        if not text:
            continue
        rest = texts[i + 1 :]
        scorer = Indel.normalized_similarity
        for _, _, k in process.extract(
            text, rest, scorer=scorer, score_cutoff=threshold, limit=None
        ):
            if rest[k]:
                found.add((i, i + 1 + k))
    return found


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.8, 0.88, 0.95, 1.0])
@pytest.mark.parametrize("seed", [1, 2])
def test_same_pairs_as_all_pairs(threshold, seed):
    """A small alphabet (many shared pieces), lengths 1 to 30, duplicates and empty
    strings: the cases where a filter could drop a pair."""
    rng = random.Random(seed)
    alphabet = "abcdeäß"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(600)]
    texts += [mutated(rng, rng.choice(texts), alphabet) for _ in range(150)]
    texts += ["", "a", "a", texts[0]]
    found = {(i, j) for i, j, _ in similar_index_pairs(texts, threshold)}
    assert found == brute_force(texts, threshold)


def test_scores_are_the_similarity():
    pairs = list(similar_index_pairs(["kundenbesuch", "kundenbesuche", "angebote"], 0.88))
    assert pairs == [(0, 1, Indel.normalized_similarity("kundenbesuch", "kundenbesuche"))]
