"""Citation linking, a pass of its own: which citations each output block cites, and the
inline references that resolve to none (with where they are)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ..citations import CitationResult
from ..ingest.blocks import Kind
from ..models import Span
from .trace import Traced
from .tree import BlockPlan


@dataclass(frozen=True, slots=True)
class Links:
    """Citation ids per block or list-item id (only those that cite something), and the
    unresolved references: label -> the spans it was found at, in document order."""

    cited: dict[str, list[str]]
    unresolved: dict[str, list[Span]]


def quote_text(plan: BlockPlan, traced: Traced) -> str:
    """A quote block's text: its elements' lines."""
    return "\n".join(e.text for e in traced.elements[plan.start : plan.end])


def citing_texts(plan: BlockPlan, traced: Traced, where: dict[str, list[Span]]
                 ) -> Iterator[tuple[str, Sequence[str], list[Span]]]:
    """The (id, texts, spans) that cite, of one block: the block's, or each list item's; code cites nothing."""
    elements = traced.elements
    el = elements[plan.start]
    if plan.kind is Kind.PARAGRAPH or plan.kind is Kind.CAPTION:
        yield plan.id, (el.text,), where[plan.id]
    elif plan.kind is Kind.QUOTE:
        yield plan.id, (quote_text(plan, traced),), where[plan.id]
    elif plan.kind is Kind.TABLE_ROW:
        yield plan.id, [c for e in elements[plan.start : plan.end] for c in e.cells], where[plan.id]
    elif plan.kind is not Kind.CODE:
        for k, iid in zip(range(plan.start, plan.end), plan.item_ids()):
            yield iid, (elements[k].text,), where[iid]


def link_citations(plans: Sequence[BlockPlan], traced: Traced, where: dict[str, list[Span]],
                   citations: CitationResult | None, text: str, span_at: Callable[[int, int], Span]) -> Links:
    """Resolve the inline references of every block in document order (None: no citations step ran)."""
    cited: dict[str, list[str]] = {}
    unresolved: dict[str, list[Span]] = {}
    if citations is None:
        return Links(cited, unresolved)
    resolve = citations.resolver.resolve
    for plan in plans:
        for key, texts, spans in citing_texts(plan, traced, where):
            offset = spans[0].start if spans else None
            ids: dict[str, None] = {}  # an ordered set
            for t in texts:
                found, labels = resolve(t, offset=offset)
                if not found and not labels:
                    continue
                ids.update(dict.fromkeys(found))
                for label in labels:
                    at_spans = unresolved.setdefault(label, [])
                    for span in spans:
                        at = text.find(label, span.start, span.end)
                        hit = span_at(at, at + len(label)) if at >= 0 else span
                        if hit not in at_spans:
                            at_spans.append(hit)
            if ids:
                cited[key] = list(ids)
    return Links(cited, unresolved)


__all__ = ["Links", "citing_texts", "link_citations", "quote_text"]
