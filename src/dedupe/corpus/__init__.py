"""Corpus mode: many posts at once, near-duplicate documents clustered, site chrome learned.

`corpus(...)` runs the passes and returns a `CorpusResult` whose clusters are ready and
whose documents are read back lazily; `write_corpus` writes them as `dedupe corpus` does.
"""

from __future__ import annotations

from .config import CorpusConfig
from .run import Cluster, CorpusResult, Failure, corpus, write_corpus

__all__ = ["Cluster", "CorpusConfig", "CorpusResult", "Failure", "corpus", "write_corpus"]
