"""A corpus run: read every document twice (learn the sites' chrome, then normalize), cluster
the near-duplicates, then hand out or write the documents.

Pass 1 reads each document's lines (decode and ingest only) and counts them per site
(`ChromeLearner`). Pass 2 normalizes each document with its site's learned chrome set
aside, and keeps its JSON and content key in a spill file beside the output (one file,
appended; the driver keeps only offsets and the 512-byte MinHash signature per document:
memory linear in the documents). Clustering then looks at LSH candidates only. Pass 3
writes `report.corpus` into each stored document's bytes and writes the file.

Canonical member of a cluster (documented rule): the fullest member, the one with the
longest content key (the words of its canonical content, `work.content_key`); on a tie
the earliest in input order.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import DedupeError
from ..models import CorpusInfo, Document
from ..paths import (
    forget_temporary,
    new_temporary,
)
from ..pipeline import read_source
from .chrome import ChromeLearner, SiteChrome
from .config import CorpusConfig
from .engines import LocalEngine, RayEngine, make_engine
from .merging import merge_cluster
from .similar import Clustering, PairDecision, candidate_pairs, cluster, similarity
from .sources import BadSource, Source, read_sources, records_to_sources
from .work import Lines, Normalized, StoredDoc, learn_lines, normalize_source, own_garbage_collected

#: Where merged clusters go under the output folder, and the corpus report.
CLUSTERS_DIR = "clusters"
CORPUS_FILE = "corpus.json"

#: progress(phase, done, total): called by a run as it goes (the CLI draws a line from it).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class Cluster:
    """Near-duplicate documents: their ids in input order, the canonical one, and each member's
    similarity to it."""

    id: str
    canonical: str
    members: tuple[str, ...]
    similarities: Mapping[str, float]


@dataclass(slots=True)
class _Doc:
    """What the driver keeps of one normalized document."""

    source: Source
    at: int  # offset of its record in the spill file
    json_len: int
    key_len: int
    signature: bytes


@dataclass(slots=True)
class Failure:
    id: str
    error: str


@dataclass
class CorpusResult:
    """A finished clustering over a corpus; documents are read back lazily from its spill file.

    Use it as a context manager (or call `close`): the spill file is removed at the end.
    """

    config: Config
    corpus_config: CorpusConfig
    engine: LocalEngine | RayEngine
    spill: Path
    docs: list[_Doc]
    failures: list[Failure]
    chrome: dict[str, SiteChrome]
    clustering: Clustering
    clusters: list[Cluster] = field(default_factory=list)
    _info: dict[int, CorpusInfo] = field(default_factory=dict)
    _chrome_text: dict[str, dict[int, str]] = field(default_factory=dict)

    def __enter__(self) -> CorpusResult:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.close()
        _remove(self.spill)

    # -- reading back ----------------------------------------------------------------
    def _record(self, d: _Doc) -> tuple[bytes, str]:
        with open(self.spill, "rb") as fh:
            fh.seek(d.at)
            raw = fh.read(d.json_len + d.key_len)
        return raw[:d.json_len], raw[d.json_len:].decode("utf-8", "surrogatepass")

    def info(self, n: int) -> CorpusInfo:
        """`report.corpus` of document n (position among the documents that normalized)."""
        d = self.docs[n]
        return self._info.get(n) or CorpusInfo(id=d.source.id, site=d.source.site, cluster=None, duplicate_of=None,
                                               similarity=None)

    def document_bytes(self) -> Iterator[tuple[Source, bytes]]:
        """Each document's final JSON, in input order (pass 3: the stored bytes with
        `report.corpus` written in, in this process: no parsing, no engine needed)."""
        for n, d in enumerate(self.docs):
            yield d.source, self._final(n)

    def _final(self, n: int) -> bytes:
        return self.stored(n).final_bytes()

    def stored(self, n: int) -> StoredDoc:
        """Where document n's record is in the spill file, with its `report.corpus`: what a
        process on this machine needs to finish it (`StoredDoc.final_bytes`)."""
        d = self.docs[n]
        return StoredDoc(str(self.spill), d.at, d.json_len, self.info(n))

    def stored_members(self, c: Cluster) -> list[tuple[str, StoredDoc]]:
        """A cluster's members (id, where stored), the canonical member first, as a merge takes them."""
        return [(m, self.stored(self._positions[m])) for m in _canonical_first(c)]

    def documents(self) -> Iterator[tuple[str, Document]]:
        """(id, Document) for every document, lazily, in input order."""
        for source, data in self.document_bytes():
            yield source.id, Document.model_validate_json(data)

    def document(self, n: int) -> Document:
        """Document n (its position among the documents that normalized), finished on demand."""
        return Document.model_validate_json(self._final(n))

    def merged_bytes(self) -> Iterator[tuple[Cluster, bytes]]:
        """One merged document per cluster (`--merge-clusters`), as JSON bytes, in cluster order.

        Raises `InvariantError` when a merge would lose a member's sentence."""
        by_id = self._positions
        items = ((c.id, [(m, self._final(by_id[m])) for m in _canonical_first(c)], self.config) for c in self.clusters)
        yield from zip(self.clusters, self.engine.map(_merge, items, heavy=True))

    def merged(self) -> Iterator[tuple[Cluster, Document]]:
        for c, data in self.merged_bytes():
            yield c, Document.model_validate_json(data)

    # -- the report ------------------------------------------------------------------
    def report(self) -> dict[str, Any]:
        """What `corpus.json` holds: clusters, the pairs checked, learned chrome, failures."""
        ids = [d.source.id for d in self.docs]
        return {
            "documents": len(self.docs),
            "failed": [{"id": f.id, "error": f.error} for f in self.failures],
            "canonical_rule": "the fullest member (the longest content key: the words of its canonical content), "
                              "the earliest in input order on a tie",
            "config": self.corpus_config.as_dict(),
            "clusters": [{"id": c.id, "canonical": c.canonical,
                          "members": [{"id": m, "site": self.docs[self._index(m)].source.site,
                                       "similarity": c.similarities[m]} for m in c.members]}
                         for c in self.clusters],
            "pairs": [{"a": ids[p.a], "b": ids[p.b], "similarity": p.similarity, "decision": _decision(p)}
                      for p in self.clustering.decisions],
            "chrome": [{"site": s.site, "documents": s.documents,
                        "lines": [{"text": self._chrome_text.get(s.site, {}).get(h), "count": c}
                                  for h, c in s.counts.items()]}
                       for s in self.chrome.values()],
        }

    @functools.cached_property
    def _positions(self) -> dict[str, int]:
        return {d.source.id: n for n, d in enumerate(self.docs)}

    def _index(self, doc_id: str) -> int:
        return self._positions[doc_id]

    @property
    def duplicates(self) -> int:
        return sum(len(c.members) - 1 for c in self.clusters)

    @property
    def chrome_lines(self) -> int:
        return sum(len(s) for s in self.chrome.values())

    def summary(self) -> str:
        return (f"{len(self.docs)} documents, {len(self.clusters)} clusters, {self.duplicates} duplicates, "
                f"{self.chrome_lines} chrome lines learned"
                + (f", {len(self.failures)} failed" if self.failures else ""))


def _decision(p: PairDecision) -> str:
    return "same" if p.same else "different (lengths)" if p.by_length else "different"


def _remove(spill: Path) -> None:
    with contextlib.suppress(OSError):
        spill.unlink()
    forget_temporary(str(spill))


def _merge(item: tuple[str, list[tuple[str, bytes]], Config]) -> bytes:
    with own_garbage_collected():
        return merge_cluster(*item)


def _canonical_first(c: Cluster) -> list[str]:
    return [c.canonical] + [m for m in c.members if m != c.canonical]


def corpus(source: str | os.PathLike[str] | Iterable[Mapping[str, Any]], *, config: Config | None = None,
           corpus_config: CorpusConfig | None = None, engine: str = "local", jobs: int = 1,
           ray_address: str | None = None, work_dir: str | os.PathLike[str] | None = None,
           progress: Progress | None = None) -> CorpusResult:
    """Cluster a corpus and learn its sites' chrome; the documents come back lazily.

    `source` is a folder (each subfolder a site), a JSONL file, a glob, or an iterable of
    records ``{"id", "url"?, "text" | "html"}`` (read twice: give a list or a re-iterable).
    A document that cannot be read or normalized is in `failures` and nowhere else.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     for site in ("a", "b"):
    ...         _ = (pathlib.Path(d) / site).mkdir()
    ...         _ = (pathlib.Path(d) / site / "p.txt").write_text("A report, posted twice. " * 20)
    ...     with corpus(d) as run:
    ...         [c.members for c in run.clusters]
    [('a/p.txt', 'b/p.txt')]
    """
    config = config or Config()
    corpus_config = corpus_config or CorpusConfig()
    report = progress or (lambda phase, done, total: None)

    def sources() -> Iterator[Source | BadSource]:
        if isinstance(source, (str, os.PathLike)):
            return read_sources(os.fspath(source))
        return records_to_sources(source)

    the_engine = make_engine(engine, jobs=jobs, ray_address=ray_address)
    try:
        # Tracked like every temporary file: removed on SIGINT/SIGTERM too (`paths`).
        fd, tmp = new_temporary(Path(work_dir if work_dir is not None else tempfile.gettempdir()), "dedupe-corpus")
        os.close(fd)
    except BaseException:
        the_engine.close()
        raise
    spill = Path(tmp)
    try:
        return _run(sources, config, corpus_config, the_engine, spill, report)
    except BaseException:
        the_engine.close()
        _remove(spill)
        raise


def _run(sources: Callable[[], Iterator[Source | BadSource]], config: Config, corpus_config: CorpusConfig,
         engine: LocalEngine | RayEngine, spill: Path, report: Progress) -> CorpusResult:
    failures: dict[int, Failure] = {}
    good: list[Source] = []
    for s in sources():
        if isinstance(s, BadSource):
            failures[s.index] = Failure(s.id, s.error)
        else:
            good.append(_without_text(s))
    total = len(good) + len(failures)
    # Pass 1: every document's lines, counted per site.
    learner = ChromeLearner()
    failed_1: set[int] = set()
    def documents() -> Iterator[Source]:
        return _full(sources, engine, config.max_input_bytes)

    for n, lines in enumerate(engine.map(partial(learn_lines, config=config), documents())):
        assert isinstance(lines, Lines)
        if lines.error is not None:
            failures[lines.index] = Failure(good[n].id, lines.error)
            failed_1.add(n)
        else:
            learner.add(good[n].site, lines.lines)
        report("learning site chrome", n + 1, total)
    chrome = learner.learned(corpus_config)
    # Pass 2: normalize with the learned chrome set aside; spill JSON and content keys.
    docs: list[_Doc] = []
    chrome_text: dict[str, dict[int, str]] = {}  # per site: hash -> the line's text, as first seen
    items = ((s, chrome.get(s.site or "")) for n, s in enumerate(documents()) if n not in failed_1)
    kept = [s for n, s in enumerate(good) if n not in failed_1]
    work = partial(_normalize_item, config=config, corpus_config=corpus_config)
    with open(spill, "wb") as fh:
        for n, (s, out) in enumerate(zip(kept, engine.map(work, items))):
            assert isinstance(out, Normalized)
            if out.error is not None:
                failures[s.index] = Failure(s.id, out.error)
            else:
                key = out.key.encode("utf-8", "surrogatepass")
                docs.append(_Doc(s, fh.tell(), len(out.json), len(key), out.signature))
                texts = chrome_text.setdefault(s.site or "", {})
                for h, text in out.chrome_lines:
                    texts.setdefault(h, text)
                fh.write(out.json)
                fh.write(key)
            report("normalizing", n + 1, len(kept))
    result = CorpusResult(config, corpus_config, engine, spill, docs,
                          [failures[k] for k in sorted(failures)], chrome, Clustering(), _chrome_text=chrome_text)
    _cluster(result, report)
    return result


def _without_text(s: Source) -> Source:
    """A source without its text, for the driver's list (the text is read again per pass)."""
    return s if s.text is None else Source(s.index, s.id, s.site, s.out, None, "", s.fmt)


def _full(sources: Callable[[], Iterator[Source | BadSource]], engine: LocalEngine | RayEngine, limit: int
          ) -> Iterator[Source]:
    """The documents, each file's bytes read here when the workers may be on other machines
    (Ray); one that cannot be read goes as it is, and its worker reports why."""
    for s in sources():
        if isinstance(s, Source):
            if isinstance(engine, RayEngine) and s.path is not None:
                with contextlib.suppress(DedupeError):
                    s = dataclasses.replace(s, data=read_source(s.path, limit))
            yield s


def _normalize_item(item: tuple[Source, SiteChrome | None], config: Config, corpus_config: CorpusConfig
                    ) -> Normalized:
    return normalize_source(item[0], item[1], config, corpus_config)


def _cluster(result: CorpusResult, report: Progress) -> None:
    docs = result.docs
    report("clustering", 0, len(docs))
    pairs = candidate_pairs([d.signature for d in docs], result.corpus_config)

    @functools.lru_cache(maxsize=512)
    def key_of(n: int) -> str:
        return result._record(docs[n])[1]

    clustering = cluster(len(docs), pairs, key_of, result.corpus_config)
    result.clustering = clustering
    checked = {(p.a, p.b): p.similarity for p in clustering.decisions}
    for c, members in enumerate(clustering.clusters, start=1):
        canonical = min(members, key=lambda n: (-docs[n].key_len, n))
        sims = {}
        for n in members:
            if n == canonical:
                sims[n] = 1.0
            else:
                pair = (min(n, canonical), max(n, canonical))
                sims[n] = checked[pair] if pair in checked else similarity(key_of(n), key_of(canonical))
        cid = f"c{c}"
        canon = docs[canonical].source.id
        result.clusters.append(Cluster(cid, canon, tuple(docs[n].source.id for n in members),
                                       {docs[n].source.id: sims[n] for n in members}))
        for n in members:
            s = docs[n].source
            result._info[n] = CorpusInfo(id=s.id, site=s.site, cluster=cid,
                                         duplicate_of=None if n == canonical else canon, similarity=sims[n])
    report("clustering", len(docs), len(docs))


__all__ = ["CLUSTERS_DIR", "CORPUS_FILE", "Cluster", "CorpusResult", "Failure", "Progress", "corpus"]
