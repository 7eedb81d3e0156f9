"""Thin adapters where users already work: Hugging Face `datasets.map` and a datatrove step.

Both run `dedupe.corpus` over the rows first (clusters and chrome need the whole corpus),
then hand each row its document as a flat record (`Document.to_record()`) with the
corpus fields beside it.

    >>> from dedupe.corpus import corpus
    >>> rows = [{"id": "a", "url": "https://x.example/1", "text": "One report. " * 30},
    ...         {"id": "b", "url": "https://y.example/2", "text": "One report. " * 30}]
    >>> with corpus(rows) as run:
    ...     mapper = record_mapper(run)
    ...     [mapper(row, n)["corpus_duplicate_of"] for n, row in enumerate(rows)]
    [None, 'a']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..models import CorpusInfo, Document
from ..pipeline import normalize_text
from .run import CorpusResult

Record = dict[str, Any]

#: The keys of `Document.to_record()`, for the rows of documents that failed (all null).
RECORD_KEYS = tuple(normalize_text("").to_record())
#: The corpus fields added to every record.
CORPUS_KEYS = ("corpus_id", "corpus_site", "corpus_cluster", "corpus_duplicate_of", "corpus_similarity",
               "corpus_error")


def corpus_record(doc: Document | None, info: CorpusInfo | None, error: str | None = None) -> Record:
    """`doc.to_record()` with the corpus fields; every key present (null) for a failed row."""
    record: Record = doc.to_record() if doc is not None else dict.fromkeys(RECORD_KEYS)
    record.update({
        "corpus_id": info.id if info else None,
        "corpus_site": info.site if info else None,
        "corpus_cluster": info.cluster if info else None,
        "corpus_duplicate_of": info.duplicate_of if info else None,
        "corpus_similarity": info.similarity if info else None,
        "corpus_error": error,
    })
    return record


def record_mapper(run: CorpusResult) -> Callable[[Mapping[str, Any], int], Record]:
    """A function for ``dataset.map(fn, with_indices=True)`` over the rows `run` was made from:
    row n gets its normalized document's record and its cluster.

    Run the map in one process (no ``num_proc``): the function reads `run`'s spill file.
    """
    position = {d.source.index: n for n, d in enumerate(run.docs)}
    failed = {}
    for f in run.failures:
        failed[f.id] = f.error

    def to_record(row: Mapping[str, Any], index: int) -> Record:
        n = position.get(index)
        if n is None:
            doc_id = str(row.get("id"))
            return corpus_record(None, None, failed.get(doc_id, f"row {index}: not normalized"))
        return corpus_record(run.document(n), run.info(n))

    return to_record


__all__ = ["CORPUS_KEYS", "RECORD_KEYS", "corpus_record", "record_mapper"]
