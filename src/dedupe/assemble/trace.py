"""Where each output element came from: its provenance spans and variants, and the merges
that made it, recorded in document order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import TypeAdapter

from ..ingest.blocks import Kind, RawBlock
from ..match import similarity
from ..merge import MergedElement
from ..models import Span, Variant
from ..text import normalize_whitespace

_SPANS = TypeAdapter(list[Span])


@dataclass(frozen=True, slots=True)
class Traced:
    """The elements with what the passes after the trace read of them (nothing changes them).

    `provenance[k]` and `variants[k]` are element k's (empty for a reference list's heading,
    which is not output); `spans[b]` is source block b's span; `merges` are the rows of the
    `Merge` models, in document order.
    """

    elements: Sequence[MergedElement]
    heads: Sequence[RawBlock]  # each element's canonical source block (`MergedElement.block`)
    blocks: Sequence[RawBlock]
    spans: Sequence[Span]
    provenance: Sequence[list[Span]]
    variants: Sequence[list[Variant]]
    merges: Sequence[dict[str, object]]


def block_spans(blocks: Sequence[RawBlock]) -> list[Span]:
    """Every block's span, made in one call: pydantic reads each block's `start`, `end` and
    `line` and builds the list of models in Rust, faster than one constructor call per block
    from Python (and than handing it a dict per block). A block's span appears in several
    places; the models are frozen, so they share it."""
    return _SPANS.validate_python(blocks, from_attributes=True)


def trace_elements(elements: Sequence[MergedElement], heads: Sequence[RawBlock], blocks: Sequence[RawBlock],
                   teasers: Mapping[int, int], into: Sequence[str | None]) -> Traced:
    """Each element's provenance and variants, its teasers' included, and the merges that
    made it, recorded into the id `into[k]` (an element with no id is not output).

    A heading lists no teaser among its variants.
    """
    spans = block_spans(blocks)
    teasers_of: dict[int, list[int]] = {}
    for block, teased in teasers.items():
        teasers_of.setdefault(teased, []).append(block)
    merges: list[dict[str, object]] = []
    provenance: list[list[Span]] = []
    variants: list[list[Variant]] = []
    for k, el in enumerate(elements):
        target = into[k]
        if target is None:
            provenance.append([])
            variants.append([])
            continue
        members, found = _trace(el, target, spans, merges)
        for t in teasers_of.get(k, ()):
            teaser_block = blocks[t]
            score = similarity(teaser_block.text, el.text)
            merges.append({"into": target, "kind": Kind.TEASER.value, "reason": "teaser", "score": score,
                           "provenance": [spans[t]]})
            members = members + [spans[t]]
            if heads[k].kind is not Kind.HEADING:
                found.append(Variant(text=normalize_whitespace(teaser_block.text), score=score, provenance=[spans[t]]))
        provenance.append(members)
        variants.append(found)
    return Traced(elements, heads, blocks, spans, provenance, variants, merges)


def _trace(el: MergedElement, into: str, spans: Sequence[Span], merges: list[dict[str, object]]
           ) -> tuple[list[Span], list[Variant]]:
    """An element's own provenance and variants (its copies' and its repeats'), its merges recorded."""
    members = [spans[m] for m in el.members]
    if len(members) > 1:
        merges.append({"into": into, "kind": el.kind.value, "reason": "copy", "score": el.score,
                       "provenance": members})
    variants = [Variant(text=v.text, score=v.score, provenance=[spans[v.block]]) for v in el.variants]
    for rep in el.repeats:
        where = [spans[m] for m in rep.members]
        score = similarity(rep.text, el.text)
        merges.append({"into": into, "kind": rep.kind.value, "reason": rep.reason, "score": score,
                       "provenance": where})
        members = members + where
        # `rep.text` is an element's canonical text: already normalized.
        if rep.reason != "pullquote" and rep.text != el.text and all(v.text != rep.text for v in variants):
            variants.append(Variant(text=rep.text, score=score, provenance=where))
    return members, variants


__all__ = ["Traced", "block_spans", "trace_elements"]
