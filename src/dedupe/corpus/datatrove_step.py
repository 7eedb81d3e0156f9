"""A datatrove pipeline step: `DedupeCorpus` (needs ``pip install 'dedupe-posts[datatrove]'``).

It reads every document of its rank (clusters and chrome need them all: run it with one
task, or one task per shard of sites), normalizes them as a corpus and yields each as a
new datatrove `Document` whose text is the canonical content (`Document.text()`) and
whose metadata holds the flat record (`to_record()`) and the corpus fields. Nothing is
dropped unless `drop_duplicates` is set; a document that fails is yielded unchanged with
`dedupe_error` in its metadata.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from datatrove.data import Document as DatatroveDocument
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from ..config import Config
from .adapters import corpus_record
from .config import CorpusConfig
from .run import corpus


class DedupeCorpus(PipelineStep):  # type: ignore[misc]
    """Normalize a rank's documents as one corpus: near-duplicates clustered, site chrome learned."""

    name = "🧹 dedupe corpus"
    type = "🔧 - NORMALIZE"

    def __init__(self, *, fmt: str = "text", config: Config | None = None, corpus_config: CorpusConfig | None = None,
                 jobs: int = 1, drop_duplicates: bool = False) -> None:
        super().__init__()
        if fmt not in ("text", "html"):
            raise ValueError(f"fmt is 'text' or 'html', not {fmt!r}")
        self.fmt = fmt
        self.config = config
        self.corpus_config = corpus_config
        self.jobs = jobs
        self.drop_duplicates = drop_duplicates

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> Iterator[DatatroveDocument]:
        originals = list(data) if data is not None else []
        rows = [{"id": d.id, "url": d.metadata.get("url"), self.fmt: d.text} for d in originals]
        with corpus(rows, config=self.config, corpus_config=self.corpus_config, jobs=self.jobs) as run:
            position = {d.source.index: n for n, d in enumerate(run.docs)}
            errors = {f.id: f.error for f in run.failures}
            for index, original in enumerate(originals):
                n = position.get(index)
                if n is None:
                    self.stat_update("failed")
                    yield DatatroveDocument(text=original.text, id=original.id, media=list(original.media),
                                            metadata={**original.metadata, "dedupe_error": errors.get(original.id)})
                    continue
                info = run.info(n)
                if info.duplicate_of is not None:
                    self.stat_update("duplicates")
                    if self.drop_duplicates:
                        continue
                doc = run.document(n)
                record: dict[str, Any] = corpus_record(doc, info)
                text = record.pop("text")
                self.stat_update("documents")
                self.update_doc_stats(original)
                yield DatatroveDocument(text=text, id=original.id, media=list(original.media),
                                        metadata={**original.metadata, **record})


__all__ = ["DedupeCorpus"]
