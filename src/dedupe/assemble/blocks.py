"""The output models of the heading tree: sections and blocks, from the layout, the trace
and the citation links (each block made once, complete)."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import TypeAdapter

from ..ingest.blocks import Kind
from ..models import Block, Caption, ListBlock, ListItem, Paragraph, Quote, Section, Span, Table
from ..models import Code as CodeBlock
from .citing import Links, quote_text
from .trace import Traced
from .tree import BlockPlan, SectionPlan

_SPANS = TypeAdapter(list[Span])


def block_provenance(plans: Sequence[BlockPlan], traced: Traced) -> dict[str, list[Span]]:
    """The provenance of every block (and list item), by id: a paragraph's, caption's or code's
    is its element's; a quote's its elements' together; a table's and a list's one span per
    source table or list (`group_spans`), each item's its own."""
    where: dict[str, list[Span]] = {}
    provenance = traced.provenance
    for plan in plans:
        if plan.kind is Kind.QUOTE:
            where[plan.id] = [s for k in range(plan.start, plan.end) for s in provenance[k]]
        elif plan.kind is Kind.TABLE_ROW:
            where[plan.id] = group_spans(range(plan.start, plan.end), traced)
        elif plan.kind is Kind.LIST_ITEM:
            where[plan.id] = group_spans(range(plan.start, plan.end), traced)
            for k, iid in zip(range(plan.start, plan.end), plan.item_ids()):
                where[iid] = provenance[k]
        else:
            where[plan.id] = provenance[plan.start]
    return where


def group_spans(ks: range, traced: Traced) -> list[Span]:
    """One span per source list or table: from its first to its last member element."""
    blocks, elements = traced.blocks, traced.elements
    # group -> its span's fields, widened member by member: the start (and line) of the member
    # that starts first, the end of the one that ends last. One call makes the models.
    by_group: dict[int, dict[str, int]] = {}
    for k in ks:
        for m in elements[k].members:
            b = blocks[m]
            span = by_group.get(b.group)
            if span is None:
                by_group[b.group] = {"start": b.start, "end": b.end, "line": b.line}
                continue
            if b.start < span["start"]:
                span["start"], span["line"] = b.start, b.line
            if b.end > span["end"]:
                span["end"] = b.end
    return _SPANS.validate_python(list(by_group.values()))


def build_sections(sections: Sequence[SectionPlan], traced: Traced, where: dict[str, list[Span]],
                   links: Links) -> list[Section]:
    """The section models of the tree."""
    out = []
    for node in sections:
        if node.heading is None:
            heading, provenance, variants = None, [], []
        else:
            heading = traced.elements[node.heading].text
            provenance, variants = traced.provenance[node.heading], traced.variants[node.heading]
        out.append(Section(id=node.id, heading=heading, level=node.level,
                           blocks=[build_block(plan, traced, where, links) for plan in node.blocks],
                           sections=build_sections(node.sections, traced, where, links),
                           provenance=provenance, variants=variants))
    return out


def build_block(plan: BlockPlan, traced: Traced, where: dict[str, list[Span]], links: Links) -> Block:
    """The output block of one plan: its kind's model, with its provenance, variants and citations."""
    elements, variants_of = traced.elements, traced.variants
    i, j, bid = plan.start, plan.end, plan.id
    el = elements[i]
    head = traced.heads[i]
    prov = where[bid]
    cited = links.cited.get(bid, [])
    if plan.kind is Kind.PARAGRAPH:
        return Paragraph(id=bid, text=el.text, citations=cited, provenance=prov, variants=variants_of[i])
    if plan.kind is Kind.CAPTION:
        return Caption(id=bid, text=el.text, citations=cited, provenance=prov, variants=variants_of[i])
    if plan.kind is Kind.CODE:
        return CodeBlock(id=bid, text=el.text, lang=head.cells[0] if head.cells else None, provenance=prov,
                         variants=variants_of[i])
    if plan.kind is Kind.QUOTE or plan.kind is Kind.TABLE_ROW:
        variants = [v for k in range(i, j) for v in variants_of[k]]
        if plan.kind is Kind.QUOTE:
            return Quote(id=bid, text=quote_text(plan, traced), citations=cited, provenance=prov, variants=variants)
        run = elements[i:j]
        header = list(el.cells) if head.header else []
        rows = [list(e.cells) for e in (run[1:] if header else run)]
        return Table(id=bid, header=header, rows=rows, citations=cited, provenance=prov, variants=variants)
    items = []
    list_cited: dict[str, None] = {}  # the items' citations, an ordered set
    for k, iid in zip(range(i, j), plan.item_ids()):
        ids = links.cited.get(iid, [])
        list_cited.update(dict.fromkeys(ids))
        items.append(ListItem(id=iid, text=elements[k].text, level=max(1, traced.heads[k].level), citations=ids,
                              provenance=where[iid], variants=variants_of[k]))
    return ListBlock(id=bid, ordered=head.ordered, items=items, citations=list(list_cited), provenance=prov)


__all__ = ["block_provenance", "build_block", "build_sections", "group_spans"]
