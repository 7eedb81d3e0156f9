"""The thresholds of corpus mode.

Kept apart from `dedupe.Config`: every document's `report.config` lists that one's fields,
so a corpus threshold there would change the bytes of every normalized document, corpus
or not. A corpus document records these in `corpus.json` instead.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class CorpusConfig:
    """Thresholds for clustering documents and learning site chrome.

    >>> CorpusConfig().chrome_min_docs, CorpusConfig().chrome_min_share
    (5, 0.3)
    """

    #: Two documents are near-duplicates when rapidfuzz's ratio of their content keys
    #: (0-1) is at least this.
    similarity: float = 0.8
    #: MinHash: characters per shingle, permutations, LSH bands (num_perm / bands rows
    #: each: 32 bands of 4 make a pair of Jaccard 0.5 a candidate with probability 0.87,
    #: one of 0.8 with 0.99999), and the seed every process shares.
    shingle_chars: int = 5
    num_perm: int = 128
    bands: int = 32
    minhash_seed: int = 7
    #: A bucket of at most this many documents gives all its pairs as candidates; a bigger
    #: one gives each member against its first (the clusters are the same; fewer pairs).
    full_bucket: int = 4
    #: A line is site chrome when it recurs in at least this many of one site's documents ...
    chrome_min_docs: int = 5
    #: ... and in at least this share of them, and in no other site's documents.
    chrome_min_share: float = 0.3

    def __post_init__(self) -> None:
        if self.num_perm % self.bands:
            raise ValueError(f"num_perm ({self.num_perm}) must be a multiple of bands ({self.bands})")

    def with_overrides(self, **overrides: Any) -> CorpusConfig:
        """A copy with some fields replaced; ``None`` values are ignored."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
