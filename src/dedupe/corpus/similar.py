"""Near-duplicate documents: MinHash signatures, LSH bands for candidates, rapidfuzz to decide.

The signature is a MinHash (rensa's `RMinHash`, seeded, so every process and machine gives
the same one) of the character 5-grams of a document's canonical content key. LSH splits
it into `bands` bands of `rows` values; two documents that agree on a whole band are a
candidate pair. Only candidates are compared, with `rapidfuzz.fuzz.ratio` on the content
keys: the work grows with the true near-pairs, not with the square of the corpus.
"""

from __future__ import annotations

import functools
import sys
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rensa import RMinHash

from .config import CorpusConfig


def shingles(key: str, k: int) -> list[str]:
    """The distinct character k-grams of `key`, sorted (a key shorter than k is its own shingle).

    >>> shingles("abcdab", 3)
    ['abc', 'bcd', 'cda', 'dab']
    >>> shingles("ab", 3)
    ['ab']
    """
    if len(key) <= k:
        return [key] if key else []
    return sorted({key[i:i + k] for i in range(len(key) - k + 1)})


def signature(key: str, config: CorpusConfig) -> bytes:
    """The MinHash of `key`'s shingles: `config.num_perm` 32-bit values packed little-endian
    (4 bytes each: a corpus keeps one per document), empty for an empty key."""
    grams = shingles(key, config.shingle_chars)
    if not grams:
        return b""
    m = RMinHash(num_perm=config.num_perm, seed=config.minhash_seed)
    m.update(grams)
    values = array("I", m.digest())
    if sys.byteorder != "little":
        values.byteswap()
    return values.tobytes()


def candidate_pairs(signatures: Sequence[bytes], config: CorpusConfig) -> list[tuple[int, int]]:
    """Pairs (i < j) of documents whose signatures agree on at least one whole band, sorted.

    A document with an empty signature (no content) is never a candidate.
    """
    width = 4 * (config.num_perm // config.bands)  # bytes per band
    pairs: set[tuple[int, int]] = set()
    for band in range(config.bands):
        lo, hi = band * width, (band + 1) * width
        buckets: dict[bytes, list[int]] = {}
        for i, sig in enumerate(signatures):
            if sig:
                buckets.setdefault(sig[lo:hi], []).append(i)
        for members in buckets.values():
            if len(members) > 1:
                first = members[0]
                # Every member against the bucket's first is enough for the clusters (a
                # bucket's documents share the band); the verification decides each pair.
                pairs.update((first, j) for j in members[1:])
                if len(members) <= config.full_bucket:
                    pairs.update((a, b) for n, a in enumerate(members) for b in members[n + 1:])
    return sorted(pairs)


@dataclass(frozen=True, slots=True)
class PairDecision:
    """What was decided for one candidate pair."""

    a: int
    b: int
    similarity: float  # rapidfuzz ratio / 100, rounded to 4 places; the bound the lengths allow when `by_length`
    same: bool
    by_length: bool = False  # decided on the word counts alone: they cannot reach the threshold


@dataclass(slots=True)
class Clustering:
    """Clusters of document indices, each sorted, ordered by their first member; and the pairs checked."""

    clusters: list[list[int]] = field(default_factory=list)
    decisions: list[PairDecision] = field(default_factory=list)


def similarity(a: str, b: str) -> float:
    """The similarity (0-1) two content keys are judged on: rapidfuzz's ratio over their words
    (an indel distance on word sequences: a changed word costs one word, not a few letters).

    >>> similarity("a b c d", "a b c d"), similarity("a b c d", "a b c e")
    (1.0, 0.75)
    """
    return word_similarity(a.split(), b.split())


def word_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """`similarity` of two keys already split into words."""
    return round(fuzz.ratio(a, b) / 100.0, 4)


def cluster(n: int, pairs: Sequence[tuple[int, int]], key_of: Callable[[int], str],
            config: CorpusConfig) -> Clustering:
    """Union the candidate pairs whose keys are similar enough.

    Pairs are checked in order; a pair whose documents are already in one cluster is not
    checked again (single linkage: the clusters are the connected components of the
    pairs found similar). A pair of lengths too far apart to reach the threshold is
    decided on the lengths alone (rapidfuzz's ratio cannot exceed 2*short/(short+long)).
    """
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # Pairs come sorted, so a document's words are wanted many times in a row: split once.
    @functools.lru_cache(maxsize=512)
    def words_of(i: int) -> list[str]:
        return key_of(i).split()

    decisions = []
    threshold = config.similarity
    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        wa, wb = words_of(a), words_of(b)
        short, long = sorted((len(wa), len(wb)))
        if long == 0 or 2 * short / (short + long) < threshold:
            decisions.append(PairDecision(a, b, round(2 * short / (short + long), 4) if long else 0.0, False, True))
            continue
        score = word_similarity(wa, wb)
        same = score >= threshold
        decisions.append(PairDecision(a, b, score, same))
        if same:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return Clustering([g for g in groups.values() if len(g) > 1], decisions)


__all__ = ["Clustering", "PairDecision", "candidate_pairs", "cluster", "shingles", "signature", "similarity",
           "word_similarity"]
