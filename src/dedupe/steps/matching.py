"""The steps that find the pasted copies: match, copies, align.

When a post needs more fuzzy matching than its budget (`match.Budget`), one of them raises
`OverBudget`; `Steps.run` then sends the record back to `match` with `State.fallback` set,
and these steps match on exact keys only (`State.exact`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ..config import Config
from ..ingest.blocks import Kind, RawBlock
from ..match import Match, Unit, align_copies, copy_breaks, exact_matches, find_copies, find_matches, find_runs
from .base import Step
from .state import State

Matcher = Callable[[Sequence[Unit], Config], list[Match]]


class MatchUnits(Step):
    """`matcher` finds the matching unit pairs; tests swap in `match.exhaustive_matches`.
    Over the budget, `match.exact_matches` is used whatever `matcher` is."""

    name = "match"
    description = "pairs of units that are the same text (equal keys, or fuzzy above the threshold), chained into runs"

    def __init__(self, matcher: Matcher = find_matches) -> None:
        super().__init__()
        self.matcher = matcher

    def run(self, state: State) -> State:
        matcher = exact_matches if state.exact else self.matcher
        matches = matcher(state.units, state.config)
        matches, runs = find_runs(state.units, matches, state.config, exact=state.exact)
        return replace(state, matches=tuple(matches), runs=tuple(runs))

    def count_in(self, state: State) -> int:
        return len(state.units)

    def count_out(self, state: State) -> int:
        return len(state.matches)


class Copies(Step):
    name = "copies"
    description = "the units partitioned into pasted copies (a block is split where a copy starts inside it)"

    def run(self, state: State) -> State:
        blocks, units = state.blocks, state.units
        heads = frozenset(u.pos for u in units if blocks[u.block].kind is Kind.HEADING)
        copies = find_copies(state.runs, len(units), copy_breaks(blocks, units), state.config.max_run_gap,
                             state.matches, heads)
        split_blocks, split_units = split_at_copy_starts(blocks, units, copies, state.text)
        return replace(state, blocks=tuple(split_blocks), units=tuple(split_units), copies=tuple(copies))

    def count_in(self, state: State) -> int:
        return len(state.runs)

    def count_out(self, state: State) -> int:
        return len(state.copies)


class Align(Step):
    name = "align"
    description = "the copies aligned unit by unit: groups of units that are the same text in different copies"

    def run(self, state: State) -> State:
        groups = align_copies(state.copies, state.units, state.matches, state.config, exact=state.exact)
        return replace(state, groups=tuple(groups))

    def count_in(self, state: State) -> int:
        return len(state.units)

    def count_out(self, state: State) -> int:
        return len(state.groups)


def split_at_copy_starts(
    blocks: Sequence[RawBlock], units: Sequence[Unit], copies: Sequence[tuple[int, int]], text: str
) -> tuple[list[RawBlock], list[Unit]]:
    """Split a block where a copy starts inside it (`...integrity.This paper examines...`)."""
    cuts: dict[int, list[int]] = {}
    for start, _ in copies[1:]:
        if 0 < start < len(units) and units[start - 1].block == units[start].block:
            cuts.setdefault(units[start].block, []).append(units[start].text_start)
    if not cuts:
        return list(blocks), list(units)
    new_blocks: list[RawBlock] = []
    pieces_of: dict[int, list[tuple[int, int, int]]] = {}  # old block -> (text from, text to, new index)
    for bi, block in enumerate(blocks):
        if bi not in cuts:
            pieces_of[bi] = [(0, len(block.text), len(new_blocks))]
            new_blocks.append(block)
            continue
        edges = [0, *sorted(cuts[bi]), len(block.text)]
        pieces_of[bi] = []
        for n, (a, b) in enumerate(zip(edges, edges[1:])):
            raw = block.text[a:b]
            a += len(raw) - len(raw.lstrip())
            b = a + len(raw.strip())
            if b <= a:
                continue
            start, end = block.source_offset(a), block.source_offset(b)
            anchors = tuple((ti - a, so) for ti, so in block.anchors if a < ti < b)
            if block.anchors:
                anchors = ((0, start), *anchors)
            kind = block.kind if n == 0 else (Kind.PARAGRAPH if block.kind is Kind.LIST_ITEM else block.kind)
            line = block.line + text.count("\n", block.start, start)
            pieces_of[bi].append((a, b, len(new_blocks)))
            new_blocks.append(block._replace(kind=kind, text=block.text[a:b], start=start, end=end, line=line,
                                             anchors=anchors))
    new_units = []
    for u in units:
        a, _, new = next(p for p in reversed(pieces_of[u.block]) if p[0] <= u.text_start)
        new_units.append(u._replace(block=new, text_start=u.text_start - a, text_end=u.text_end - a))
    return new_blocks, new_units


__all__ = ["Align", "Copies", "MatchUnits", "Matcher", "split_at_copy_starts"]
