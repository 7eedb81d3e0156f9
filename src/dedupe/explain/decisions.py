"""What happened to every output element: the decisions an explanation is made of."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..models import Block, CopyInfo, Document, Section, Span, Variant


@dataclass(frozen=True, slots=True)
class Decision:
    """What happened to one output element: the spans it came from and why."""

    element: str  # output id (section, block or list item)
    kind: str  # heading, paragraph, list_item, table, quote, code, caption, citation, boilerplate
    action: str  # merged, kept, set aside, cited
    text: str
    spans: tuple[Span, ...]  # the canonical span first
    score: float | None = None
    variants: tuple[Variant, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # a table's header row, then its rows


def decisions(doc: Document) -> list[Decision]:
    """Every decision in document order: output elements, then citations and boilerplate."""
    out: list[Decision] = []
    for section in doc.sections:
        out.extend(_section_decisions(section))
    for c in doc.citations:
        who = f"{c.publisher}: " if c.publisher else ""
        out.append(Decision(c.id, "citation", "merged" if len(c.provenance) > 1 else "kept",
                            f"{who}{c.title}", tuple(c.provenance)))
    for n, b in enumerate(doc.boilerplate, start=1):
        out.append(Decision(f"bp{n}", "boilerplate", f"set aside ({b.kind})", b.text, tuple(b.provenance)))
    return out


def _section_decisions(section: Section) -> Iterator[Decision]:
    if section.heading is not None:
        yield _decision(section.id, "heading", section.heading, section.provenance, section.variants)
    for block in section.blocks:
        yield from _block_decisions(block)
    for sub in section.sections:
        yield from _section_decisions(sub)


def _block_decisions(block: Block) -> Iterator[Decision]:
    if block.type == "list":
        for item in block.items:
            yield _decision(item.id, "list_item", item.text, item.provenance, item.variants)
    elif block.type == "table":
        text = " | ".join(block.header) + (" …" if block.rows else "")
        d = _decision(block.id, "table", text, block.provenance, block.variants)
        yield replace(d, table=(tuple(block.header), *(tuple(r) for r in block.rows)))
    else:
        yield _decision(block.id, block.type, block.text, block.provenance, block.variants)


def _decision(eid: str, kind: str, text: str, spans: list[Span], variants: list[Variant]) -> Decision:
    scores = [v.score for v in variants]
    merged = len(spans) > 1
    return Decision(eid, kind, "merged" if merged else "kept", text, tuple(spans),
                    min(scores) if scores else (100.0 if merged else None), tuple(variants))


def copy_of(span: Span, copies: list[CopyInfo]) -> int | None:
    """The 1-based copy a span starts in, or None outside every copy."""
    starts = [c.start for c in copies]
    k = bisect_right(starts, span.start) - 1
    if k >= 0 and span.start < max(copies[k].end, copies[k].start + 1):
        return copies[k].index
    return None
