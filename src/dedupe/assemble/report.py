"""The parts of a document beside its sections: where each copy lies, the reference lists,
the metadata, the fallback and the boilerplate."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Sequence

from ..ingest.blocks import ChromeLine, Ingested, Kind, RawBlock
from ..ingest.metadata import Candidate
from ..match import OverBudget, Unit
from ..models import (
    Boilerplate,
    CopyInfo,
    Fallback,
    Metadata,
    MetadataProvenance,
    MetadataValue,
    ReferenceList,
    Span,
)


class CopyPlacer:
    """Where each pasted copy lies in the source: from its first unit to just before the next
    copy (its reference list included)."""

    def __init__(self, blocks: Sequence[RawBlock], units: Sequence[Unit], ingested: Ingested) -> None:
        self.blocks, self.units, self.ingested = blocks, units, ingested
        # The blocks' starts, sorted, and the furthest end of the blocks up to each: where the
        # text before an offset reaches, by bisection (a post pasted thousands of times has
        # thousands of copies to place).
        order = sorted(blocks, key=lambda b: b.start)
        self.starts = [b.start for b in order]
        self.ends = list(itertools.accumulate((b.end for b in order), max))

    def copy_info(self, n: int, copy: tuple[int, int]) -> CopyInfo:
        units = self.units
        first = self.blocks[units[copy[0]].block]
        if copy[1] < len(units):
            nxt = units[copy[1]].start
            end = min(self.ends[bisect.bisect_left(self.starts, nxt) - 1], nxt)
        else:
            end = self.ends[-1]
        start = max(first.start, units[copy[0]].start)
        return CopyInfo(index=n + 1, start=start, end=end, line_start=self.ingested.line_of(start),
                        line_end=self.ingested.line_of(max(end - 1, start)))


def copy_infos(blocks: Sequence[RawBlock], units: Sequence[Unit], ingested: Ingested,
               copies: Sequence[tuple[int, int]]) -> list[CopyInfo]:
    """Where each of `copies` lies (none when there are none to place)."""
    if not copies:
        return []
    placer = CopyPlacer(blocks, units, ingested)
    return [placer.copy_info(n, c) for n, c in enumerate(copies)]


def reference_lists(blocks: Sequence[RawBlock], spans: Sequence[Span]) -> list[ReferenceList]:
    """Each reference list: its heading (and the heading's span) and how many entries it has."""
    lists: dict[int, ReferenceList] = {}
    for bi, b in enumerate(blocks):
        if b.reference_list < 0:
            continue
        known = lists.get(b.reference_list)
        if b.kind is Kind.HEADING:
            lists[b.reference_list] = ReferenceList(index=b.reference_list, heading=b.text,
                                                    entries=known.entries if known else 0, provenance=[spans[bi]])
        elif known is None:
            lists[b.reference_list] = ReferenceList(index=b.reference_list, heading=None, entries=1, provenance=[])
        else:
            lists[b.reference_list] = known.model_copy(update={"entries": known.entries + 1})
    return [lists[k] for k in sorted(lists)]


def metadata_model(candidates: Sequence[Candidate], span_at: Callable[[int, int], Span]) -> Metadata:
    """The chosen metadata values, each with where it came from."""
    fields = {
        c.field: MetadataValue(value=c.value, raw=c.raw, provenance=MetadataProvenance(
            source=c.source, spans=[span_at(a, b) for a, b in c.spans]))
        for c in candidates
    }
    return Metadata.model_validate(fields)


def fallback_model(over: OverBudget | None) -> Fallback | None:
    """The budget a post went over (it was matched on exact keys only), or None."""
    return None if over is None else Fallback(budget=over.budget, stage=over.stage, limit=over.limit)


def boilerplate(chrome: Sequence[ChromeLine]) -> list[Boilerplate]:
    """The chrome lines set aside, as boilerplate with their spans."""
    return [Boilerplate(text=c.text, kind=c.kind, provenance=[Span(start=c.start, end=c.end, line=c.line)])
            for c in chrome]


__all__ = ["CopyPlacer", "boilerplate", "copy_infos", "fallback_model", "metadata_model", "reference_lists"]
