"""Aligned copies to one canonical sequence of elements, recording every merge.

Canonical text rule (documented in the README): among the spellings of a merged element
that contain all of its sentences, take the one most copies share after whitespace
normalization; on a tie, the one that comes first in the source. The other spellings
become `variants` with their similarity to the canonical one. When no single copy holds
all the sentences (a copy added one), the element is composed sentence by sentence with
the same rule, and every copy's spelling is kept as a variant.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .ingest.blocks import Kind, RawBlock
from .match import Group, Unit, similarity
from .text import is_wide, normalize_whitespace


@dataclass(frozen=True, slots=True)
class Variant:
    text: str
    score: float
    block: int  # index of the source block that had this spelling


@dataclass(frozen=True, slots=True)
class Element:
    """One output element (heading, paragraph, list item, table row, quote, code)."""

    kind: Kind
    text: str
    cells: tuple[str, ...]
    members: tuple[int, ...]  # source block indices: the canonical one first, then in source order
    variants: tuple[Variant, ...]
    score: float  # lowest similarity of a member to the canonical text (100 when alone)

    def block(self, blocks: Sequence[RawBlock]) -> RawBlock:
        """The source block the canonical text came from (or the first member when composed)."""
        return blocks[self.members[0]]


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def merge_copies(
    blocks: Sequence[RawBlock], units: Sequence[Unit], groups: Sequence[Group]
) -> list[Element]:
    """Turn the aligned unit groups into elements in merged order."""
    uf = _UnionFind(len(blocks))
    for g in groups:
        for u in g.units[1:]:
            uf.union(units[g.units[0]].block, units[u].block)
    order: list[int] = []
    comp_groups: dict[int, list[Group]] = {}
    members: dict[int, set[int]] = {}
    for g in groups:
        root = uf.find(units[g.units[0]].block)
        if root not in comp_groups:
            order.append(root)
            comp_groups[root] = []
            members[root] = set()
        comp_groups[root].append(g)
        members[root].update(units[u].block for u in g.units)
    spellings: dict[int, str] = {}
    normalized: dict[str, str] = {}  # the copies repeat their texts: normalize each text once

    def spelling(b: int) -> str:
        if b not in spellings:
            block = blocks[b]
            if block.kind is Kind.TABLE_ROW or block.kind is Kind.CODE:
                spellings[b] = _spelling(block)
            else:
                spellings[b] = normalized.get(block.text) or normalized.setdefault(
                    block.text, normalize_whitespace(block.text))
        return spellings[b]

    return [_element(blocks, units, sorted(members[r]), comp_groups[r], spelling) for r in order]


def _spelling(block: RawBlock) -> str:
    if block.kind is Kind.TABLE_ROW:
        return " | ".join(normalize_whitespace(c) for c in block.cells)
    if block.kind is Kind.CODE:
        return block.text
    return normalize_whitespace(block.text)


def _element(
    blocks: Sequence[RawBlock], units: Sequence[Unit], member_ids: list[int], comp: list[Group],
    spelling: Callable[[int], str],
) -> Element:
    covered = {b: set() for b in member_ids}  # type: dict[int, set[int]]
    for gi, g in enumerate(comp):
        for u in g.units:
            covered[units[u].block].add(gi)
    full = [b for b in member_ids if len(covered[b]) == len(comp)]
    if full:
        if len(full) <= 2:  # two spellings: each as common as the other, or the same one
            canonical = full[0]  # (`member_ids` is sorted: the first in the source)
        else:
            counts = Counter(spelling(b) for b in full)
            canonical = min(full, key=lambda b: (-counts[spelling(b)], b))
        text = spelling(canonical)
        head = blocks[canonical]
        ordered_members = [canonical] + [b for b in member_ids if b != canonical]
    else:
        text = _compose(comp, units, blocks)
        head = blocks[max(member_ids, key=lambda b: (len(covered[b]), -b))]
        ordered_members = list(member_ids)
    variants = []
    seen = {text}
    for b in ordered_members:
        other = spelling(b)
        if other not in seen:
            seen.add(other)
            variants.append(Variant(other, similarity(text, other), b))
    scores = [v.score for v in variants] + [s for g in comp for s in g.scores]
    cells = tuple(normalize_whitespace(c) for c in head.cells) if head.kind is Kind.TABLE_ROW else ()
    return Element(
        kind=head.kind,
        text=text,
        cells=cells,
        members=tuple(ordered_members),
        variants=tuple(variants),
        score=min(scores) if len(member_ids) > 1 else 100.0,
    )


def _compose(comp: Sequence[Group], units: Sequence[Unit], blocks: Sequence[RawBlock]) -> str:
    """Sentence-by-sentence canonical text, each sentence by the canonical rule."""
    sentences = []
    for g in comp:
        spellings = [normalize_whitespace(units[u].text(blocks)) for u in g.units]
        counts = Counter(spellings)
        sentences.append(min(spellings, key=lambda s: (-counts[s], spellings.index(s))))
    joined = "".join(sentences)
    return "".join(sentences) if is_wide(joined) else " ".join(sentences)
