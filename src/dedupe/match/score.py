"""The only module that imports rapidfuzz: the similarity of two units, and the guards on a fuzzy match."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from ..config import Config
from ..text import comparison_key, fact_signature
from .units import Unit


def comparable(la: int, lb: int, config: Config) -> bool:
    """The length guard: both keys long enough, not too long, and of similar length."""
    short, long_ = min(la, lb), max(la, lb)
    return config.min_unit_chars <= short and long_ <= config.max_fuzzy_chars and short >= config.length_ratio * long_



def length_window(la: int, config: Config) -> tuple[int, int]:
    """The key lengths that `comparable` accepts next to a key of length `la`."""
    lo = max(config.min_unit_chars, math.ceil(config.length_ratio * la - 1e-9))
    hi = min(config.max_fuzzy_chars, math.floor(la / config.length_ratio + 1e-9))
    return lo, hi


@functools.lru_cache(maxsize=8192)
def _facts(sentence: str) -> tuple[tuple[str, ...], int]:
    """`fact_signature`, taken only for the units a fuzzy match involves (few), once each."""
    return fact_signature(sentence)


def may_be_same(a: Unit, b: Unit, config: Config) -> bool:
    """Guards on a fuzzy match: different facts, or a short text and its extension, are different."""
    if _facts(a.sentence) != _facts(b.sentence):
        return False
    short, long_ = sorted((a.key, b.key), key=len)
    if len(short) < config.extension_guard_chars and (long_.startswith(short) or long_.endswith(short)):
        return False  # "屋顶光伏的收益测算" and "屋顶光伏的收益测算方法" head different sections
    return True



def score_pair(a: Unit, b: Unit, config: Config) -> float:
    """The similarity `find_matches` would give two units, or 0 when they do not match."""
    if a.match_class != b.match_class:
        return 0.0
    if a.key == b.key:
        return 100.0
    if not comparable(len(a.key), len(b.key), config):
        return 0.0
    score = fuzz.ratio(a.key, b.key, score_cutoff=config.match_threshold)
    return round(score, 2) if score and may_be_same(a, b, config) else 0.0


def similarity(a: str, b: str) -> float:
    """Similarity 0-100 of two texts' comparison keys."""
    return round(fuzz.ratio(comparison_key(a), comparison_key(b)), 2)




def scores_above(key: str, keys: Sequence[str], cutoff: float) -> list[tuple[int, float]]:
    """The index in `keys` and the similarity of every key whose ratio with `key` reaches
    `cutoff`, in one batch (rapidfuzz's `process.extract`)."""
    return [(k, score) for _, score, k in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff,
                                                         limit=None)]
