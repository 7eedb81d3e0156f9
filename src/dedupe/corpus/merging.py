"""One canonical document per cluster (`--merge-clusters`), made by the within-post machinery.

The members' canonical documents are rendered as Markdown (`dedupe.render`), the canonical
member first, and put one after the other into one source; `normalize_text` then finds
them as copies of one report and merges them exactly as it merges a report pasted twice
into one post (the same matching, alignment, canonical-spelling rule, variants, repeats).
Every span of the result is moved back to the member it points into: `doc` is the
member's id, and the offsets are into that member's Markdown (`dedupe render` of its
JSON gives the same text).

Nothing unique may be lost: every sentence of every member must be in the merged
document (as canonical text, a variant, a citation or boilerplate). `merge_cluster`
checks it and raises `InvariantError` otherwise; `coverage` per member says so in the
output.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from typing import Any

from ..config import Config
from ..errors import InvariantError
from ..models import CorpusInfo, CorpusMember, Document
from ..render import render
from ..text import comparison_key, split_sentences
from .work import content_texts


def merge_cluster(cluster_id: str, members: Sequence[tuple[str, bytes]], config: Config) -> bytes:
    """The merged document of a cluster as JSON bytes; `members` are (id, document JSON), the
    canonical member first."""
    docs = [(mid, Document.model_validate_json(raw)) for mid, raw in members]
    parts = [render(doc, "md") for _, doc in docs]
    starts, lines = [], []
    combined: list[str] = []
    offset, line = 0, 1
    for part in parts:
        starts.append(offset)
        lines.append(line)
        combined.append(part)
        combined.append("\n")
        offset += len(part) + 1
        line += part.count("\n") + 1
    text = "".join(combined)
    merged = _normalize_quietly(text, config)
    ids = [mid for mid, _ in docs]

    def move(span: dict[str, Any]) -> dict[str, Any]:
        p = bisect.bisect_right(starts, span["start"]) - 1
        return {"start": span["start"] - starts[p], "end": span["end"] - starts[p],
                "line": span["line"] - lines[p] + 1, "doc": ids[p]}

    data = _map_spans(merged.model_dump(mode="python", exclude_none=False), move)
    data["source"] = {**data["source"], "path": None}
    report = data["report"]
    members_info = _coverage(docs, Document.model_validate(data))
    lost = [(m.id, m.coverage) for m in members_info if m.coverage < 1.0]
    if lost:
        raise InvariantError(f"cluster {cluster_id}: merging lost sentences of "
                             + ", ".join(f"{mid} (coverage {cov:.4f})" for mid, cov in lost)
                             + "; please report this corpus")
    report["corpus"] = CorpusInfo(id=cluster_id, site=None, cluster=cluster_id, duplicate_of=None, similarity=None,
                                  members=members_info).model_dump()
    return Document.model_validate(data).to_json_bytes()


def _normalize_quietly(text: str, config: Config) -> Document:
    from ..pipeline import normalize_text

    return normalize_text(text, config=config, fmt="markdown")


def _map_spans(value: Any, move: Any) -> Any:
    """`value` (a dumped model) with every span dict (start, end, line) moved by `move`."""
    if isinstance(value, dict):
        if value.keys() >= {"start", "end", "line"} and "line_start" not in value:
            return move(value)
        return {k: _map_spans(v, move) for k, v in value.items()}
    if isinstance(value, list):
        return [_map_spans(v, move) for v in value]
    return value


def _sentence_keys(texts: Iterator[str]) -> set[str]:
    keys = set()
    for t in texts:
        for p in split_sentences(t):
            k = comparison_key(t[p.start:p.end])
            if k:
                keys.add(k)
    return keys


def _all_texts(doc: Document) -> Iterator[str]:
    """Everything a merged document holds as text: canonical, variants, citations, boilerplate."""
    yield from content_texts(doc)
    dump = doc.model_dump(mode="python")
    yield from _variant_texts(dump)
    for c in doc.citations:
        if c.publisher:
            yield c.publisher
        if c.url:
            yield c.url
    for b in doc.boilerplate:
        yield b.text
    yield from doc.tags


def _variant_texts(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "variants":
                for variant in v:
                    yield variant["text"]
            else:
                yield from _variant_texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _variant_texts(v)


def _coverage(docs: Sequence[tuple[str, Document]], merged: Document) -> list[CorpusMember]:
    """Per member: its distinct sentence keys, and the share found in the merged document."""
    haystack = "\x00".join(comparison_key(t) for t in _all_texts(merged))
    out = []
    for mid, doc in docs:
        keys = _sentence_keys(content_texts(doc))
        found = sum(1 for k in keys if k in haystack)
        out.append(CorpusMember(id=mid, sentences=len(keys), coverage=round(found / len(keys), 6) if keys else 1.0))
    return out


__all__ = ["merge_cluster"]
