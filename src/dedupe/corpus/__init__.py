"""Corpus mode: many posts at once, near-duplicate documents clustered, site chrome learned.

`dedupe.corpus(...)` (this package is callable: it is `dedupe.corpus.corpus`) runs the
passes and returns a `CorpusResult` whose clusters are ready and whose documents are read
back lazily; `write_corpus` writes them as `dedupe corpus` does.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .config import CorpusConfig
from .run import Cluster, CorpusResult, Failure, corpus
from .writing import write_corpus


class _CallableModule(types.ModuleType):
    """`dedupe.corpus(...)` and `from dedupe.corpus import corpus` are the same function: the
    name `dedupe.corpus` is this package (Python binds a subpackage's name on its parent)."""

    def __call__(self, *args: Any, **kwargs: Any) -> CorpusResult:
        return corpus(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["Cluster", "CorpusConfig", "CorpusResult", "Failure", "corpus", "write_corpus"]
