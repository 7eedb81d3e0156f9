"""The steps from the aligned copies to the document: merge, repeats, citations, assemble."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..assemble import assemble_document
from ..citations import RawEntry, build_citations
from ..ingest.blocks import Kind, RawBlock
from ..merge import MergedElement, merge_copies
from ..repeats import merge_repeats
from .base import Step
from .state import State, need


class Merge(Step):
    name = "merge"
    description = "aligned copies merged into one element each (the canonical text, its variants), teasers attached"

    def run(self, state: State) -> State:
        elements = merge_copies(state.blocks, state.units, state.groups, state.config)
        teasers = attach_teasers(state.blocks, elements)
        return replace(state, elements=tuple(elements), teasers=teasers)

    def count_in(self, state: State) -> int:
        return len(state.groups)

    def count_out(self, state: State) -> int:
        return len(state.elements)


class Repeats(Step):
    """Skipping it is `Config(merge_repeats=False)`."""

    name = "repeats"
    description = "exact repeats alignment leaves merged (a title printed twice, a pull quote, a caption = its heading)"
    skippable = True

    def run(self, state: State) -> State:
        if not state.config.merge_repeats:
            return state
        ingested = need(state.ingested, "ingest")
        kept, teasers, title_repeats = merge_repeats(state.elements, state.blocks, state.units, ingested.title,
                                                     state.teasers, state.config)
        return replace(state, elements=tuple(kept), teasers=teasers, title_repeats=title_repeats)

    def count_in(self, state: State) -> int:
        return len(state.elements)

    def count_out(self, state: State) -> int:
        return len(state.elements)


class Citations(Step):
    """Skipped, no block cites anything and the reference entries are accounted to nothing."""

    name = "citations"
    description = "reference entries parsed into citations, and a resolver for the body's inline references"
    skippable = True

    def run(self, state: State) -> State:
        entries = [RawEntry(b.text, b.start, b.end, b.line, b.reference_list)
                   for b in state.blocks if b.kind is Kind.REFERENCE]
        body = [c for el in state.elements for c in (el.cells or (el.text,))]
        return replace(state, citations=build_citations(entries, body, state.text, state.config))

    def count_in(self, state: State) -> int:
        return sum(1 for b in state.blocks if b.kind is Kind.REFERENCE)

    def count_out(self, state: State) -> int:
        return len(state.citations.citations) if state.citations else 0


class Assemble(Step):
    name = "assemble"
    description = "the heading tree, blocks as output models with ids, citations linked, the report and accounting"

    def run(self, state: State) -> State:
        return replace(state, document=assemble_document(state))

    def count_in(self, state: State) -> int:
        return len(state.elements)

    def count_out(self, state: State) -> int:
        return need(state.document, "assemble").report.blocks_out


def attach_teasers(blocks: Sequence[RawBlock], elements: Sequence[MergedElement]) -> dict[int, int]:
    """Each teaser block -> the element of the next block that has one (what it teases)."""
    if not any(block.kind is Kind.TEASER for block in blocks):
        return {}
    element_of = {m: n for n, el in enumerate(elements) for m in el.members}
    out = {}
    for bi, block in enumerate(blocks):
        if block.kind is Kind.TEASER:
            nxt = bi + 1
            while nxt < len(blocks) and nxt not in element_of:
                nxt += 1
            if nxt < len(blocks):
                out[bi] = element_of[nxt]
    return out


__all__ = ["Assemble", "Citations", "Merge", "Repeats", "attach_teasers"]
