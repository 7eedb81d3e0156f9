"""Candidate search: the pairs of units that are the same text, by equal keys and a q-gram index."""

from __future__ import annotations

import bisect
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

from ..config import Config
from .budget import Budget
from .score import length_window, may_be_same, score_pair, scores_above
from .units import Match, Unit


def find_matches(units: Sequence[Unit], config: Config, budget: Budget | None = None) -> list[Match]:
    """Pairs of units that are the same text: equal keys, or a ratio above the threshold.

    Equal keys are grouped with a dict (linear). Only the keys left alone by that -- the
    ones that occur once -- go on to fuzzy matching: a key with an exact twin is already
    tied to the other copy, and most of a repeated post is exact twins, so the fuzzy work
    grows with the number of edited units, not with the size of the post. Their candidates
    come from an index of each key's rarest q-grams (see `_fuzzy_candidates`) and are
    verified with `fuzz.ratio` and `score_cutoff` in one batch per unit. More candidates
    in all than the post's `budget` allows (by default `Budget.for_units`) raise `OverBudget`.

    Two things are left to later stages on purpose, and tests check that the merges equal
    those of all-pairs comparison: a fuzzy pair of which one side has an exact twin (a
    third copy with an edit) is found where it matters -- at the ends of a run by
    `find_runs`, between two anchors by `align_copies`, which compares the units there
    exhaustively -- and so is a pair the index, a filter, did not propose.
    """
    budget = budget or Budget.for_units(len(units), config)
    found, lonely = _exact_pairs(units, config)
    found.extend(_whole_matches(units, config))
    # Fuzzy pairs join only keys without a twin, so they never repeat an exact pair.
    candidates = 0
    for later, earlier in _fuzzy_candidates(lonely, config):
        candidates += len(earlier)
        budget.check_pairs(candidates, "index")
        u = units[later]
        keys = [units[o].key for o in earlier]
        for k, score in scores_above(u.key, keys, config.match_threshold):
            other = units[earlier[k]]
            if may_be_same(other, u, config):
                found.append(Match(other.pos, u.pos, round(score, 2)))
    found.sort()  # by (a, b): each pair occurs once
    return found


def exact_matches(units: Sequence[Unit], config: Config) -> list[Match]:
    """`find_matches` without fuzzy matching: equal keys, and a key that is two consecutive
    keys of another block put together. What a post over its `Budget` is matched with:
    linear in the units whatever they are."""
    found, _ = _exact_pairs(units, config)
    found.extend(_whole_matches(units, config))
    return sorted(found)


def _exact_pairs(units: Sequence[Unit], config: Config) -> tuple[list[Match], list[Unit]]:
    """The pairs of units with equal keys (only neighbours among more than
    `Config.matching.exact_pairs_limit`), and the units whose key no other unit has, within the fuzzy
    length bounds."""
    found: list[Match] = []
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for u in units:
        by_key[(u.match_class, u.key)].append(u.pos)
    lonely: list[Unit] = []
    for (_, key), idx in by_key.items():
        if len(idx) == 1:
            if config.min_unit_chars <= len(key) <= config.max_fuzzy_chars:
                lonely.append(units[idx[0]])
            continue
        if len(idx) > config.matching.exact_pairs_limit:
            found.extend(Match(x, y, 100.0) for x, y in zip(idx, idx[1:]))
        else:
            found.extend(Match(x, y, 100.0) for n, x in enumerate(idx) for y in idx[n + 1 :])
    return found, lonely


def _whole_matches(units: Sequence[Unit], config: Config) -> list[Match]:
    """Units that are exactly two consecutive units of another block: the same two
    sentences, which an edit (`. The` typed `. the`) kept one copy from splitting. Each
    matches the first of the two (score 100: its key is theirs put together), so runs and
    copy starts see the repeat; the alignment takes the second along (`align_copies`)."""
    wanted = {(u.match_class, u.key) for u in units
              if 2 * config.min_unit_chars <= len(u.key) <= config.max_fuzzy_chars}
    first_of: dict[tuple[str, str], int] = {}
    for a, b in itertools.pairwise(units):
        if a.block == b.block and a.match_class == b.match_class:
            key = (a.match_class, a.key + b.key)
            if key in wanted:
                first_of.setdefault(key, a.pos)
    if not first_of:
        return []
    out = []
    for u in units:
        v = first_of.get((u.match_class, u.key))
        if v is not None and units[v].block != u.block:
            out.append(Match(min(u.pos, v), max(u.pos, v), 100.0))
    return out


def exhaustive_matches(units: Sequence[Unit], config: Config) -> list[Match]:
    """All-pairs comparison with the same rules as `find_matches` (`score_pair` on every pair,
    and `_whole_matches`): the reference it is tested against."""
    found = [Match(a.pos, b.pos, score) for i, a in enumerate(units) for b in units[i + 1 :]
             if (score := score_pair(a, b, config))]
    return sorted({*found, *_whole_matches(units, config)})


def _fuzzy_candidates(reps: Sequence[Unit], config: Config) -> Iterator[tuple[int, list[int]]]:
    """For each unit, the earlier units (distinct keys, compatible lengths) worth scoring.

    Every key is reduced to its rarest q-grams (as many as a fifth of its q-grams, at
    least three), rarity counted over the keys indexed; two units are candidates when
    these signatures share a q-gram. Near-identical keys share almost all their q-grams, and the rarest of
    them rank first in both, so their signatures meet; common q-grams ("the", "しています")
    are never looked up, which keeps the work near-linear in the number of units. A unit
    gets at most `Config.matching.candidate_limit` candidates (the fidelity harness and the benchmark
    inputs never have more than 62).
    """
    m = config.matching
    grams = [_gram_set(u.key, m.qgram_chars) for u in reps]
    freq = Counter(itertools.chain.from_iterable(grams))
    # Only q-grams in more than one key can bring two keys together, and q-grams shared by
    # many keys say little and cost much: only those in between go into a signature, which
    # bounds the work per key. A key made only of common q-grams (a post written with a tiny
    # vocabulary) gets no fuzzy candidates here; the alignment's gap pass still compares it
    # with its counterpart in the other copy.
    useful = sorted(g for g, n in freq.items() if 1 < n <= m.common_gram_keys)
    # Rarest first, ties by the q-gram itself (a stable sort of the sorted q-grams), so the
    # order never depends on hashing.
    useful.sort(key=freq.__getitem__)
    # Each useful q-gram's place in that order, and one place after them all for every other
    # q-gram: a key's ranks, sorted as plain ints, start with its useful q-grams, rarest first.
    n_useful = len(useful)
    rank = dict.fromkeys(freq, n_useful)
    rank.update(zip(useful, range(n_useful)))
    postings: dict[str, dict[int, list[int]]] = defaultdict(dict)  # match class -> q-gram rank -> units
    length_of = {u.pos: len(u.key) for u in reps}
    for u, mine in zip(reps, grams):
        ranks = sorted(map(rank.__getitem__, mine))
        size = max(m.signature_min_grams, math.ceil(len(mine) * m.signature_share))
        signature = ranks[: min(size, bisect.bisect_left(ranks, n_useful))]
        found: set[int] = set()
        hit: list[list[int]] = []
        of_class = postings[u.match_class]
        for g in signature:
            posting = of_class.get(g)
            if posting is None:
                of_class[g] = [u.pos]
            else:
                found.update(posting)
                hit.append(posting)
                posting.append(u.pos)
        if found:
            lo, hi = length_window(len(u.key), config)
            comparable = sorted([o for o in found if lo <= length_of[o] <= hi])
            if len(comparable) > m.candidate_limit:
                # Only a key alike in its rare q-grams to hundreds of others gets here (a post of
                # near-identical lines): the ones sharing most of its signature, then the nearest.
                shared = Counter(itertools.chain.from_iterable(hit))
                comparable = sorted(sorted(comparable, key=lambda o: (-shared[o], -o))[: m.candidate_limit])
            if comparable:
                yield u.pos, comparable


def _gram_set(key: str, q: int) -> set[str]:
    """The distinct `q`-grams of `key` (the key itself when shorter).

    >>> sorted(_gram_set("abcd", 3)), _gram_set("ab", 3)
    (['abc', 'bcd'], {'ab'})
    """
    if len(key) < q:
        return {key}
    return set(map("".join, zip(*(key[i:] for i in range(q)))))

