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
from collections.abc import Sequence
from typing import NamedTuple

from .config import Config
from .ingest.blocks import Kind, RawBlock
from .match import Group, Unit, similarity
from .text import normalize_whitespace


class Spelling(NamedTuple):
    """Another spelling of a merged element (a `models.Variant` in the output)."""

    text: str
    score: float
    block: int  # index of the source block that had this spelling


class Repeat(NamedTuple):
    """An element the repeat pass merged into another (or into the title), and why."""

    reason: str  # "repeat", "pullquote", "title" (see `repeats`)
    members: tuple[int, ...]  # its source blocks
    text: str
    kind: Kind


class MergedElement(NamedTuple):
    """One merged element (heading, paragraph, list item, table row, quote, code), before
    it becomes a block of the output (`models.Block`; `models.Element` is the flat record
    of the output's content, a later and different thing).

    A named tuple, like the `Unit`s and `Group`s it is made from.
    """

    kind: Kind
    text: str
    cells: tuple[str, ...]
    members: tuple[int, ...]  # source block indices: the canonical one first, then in source order
    variants: tuple[Spelling, ...]  # the other spellings
    score: float  # lowest similarity of a member to the canonical text (100 when alone)
    repeats: tuple[Repeat, ...] = ()  # exact repeats elsewhere in the post merged into it

    def block(self, blocks: Sequence[RawBlock]) -> RawBlock:
        """The source block the canonical text came from. A composed element (no member holds
        every sentence) has none: this is then its first member in the source, while `kind`
        and `cells` come from the member that holds the most sentences."""
        return blocks[self.members[0]]



def merge_copies(
    blocks: Sequence[RawBlock], units: Sequence[Unit], groups: Sequence[Group], config: Config
) -> list[MergedElement]:
    """Turn the aligned unit groups into elements in merged order.

    The blocks that share a group, directly or through other groups, make one element.
    """
    block_of = [u.block for u in units]
    # Union-find over blocks. The union keeps the smaller root, so a component's root is
    # its smallest block whatever order the unions come in.
    parent = list(range(len(blocks)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for g in groups:
        first = block_of[g.units[0]]
        for u in g.units[1:]:
            b = block_of[u]
            if b == first:  # another sentence of the same block
                continue
            ra, rb = find(first), find(b)
            if ra < rb:
                parent[rb] = ra
            elif rb < ra:
                parent[ra] = rb
    components: dict[int, list[Group]] = {}  # by root, in order of first appearance: the merged order
    for g in groups:
        components.setdefault(find(block_of[g.units[0]]), []).append(g)
    spelling_of = _BlockTexts(blocks)
    out = []
    for comp in components.values():
        members = sorted({block_of[u] for g in comp for u in g.units})
        if len(members) <= 2 and all(len({block_of[u] for u in g.units}) == len(members) for g in comp):
            out.append(_every_member_full(blocks, members, comp, spelling_of))
        else:
            out.append(_element(blocks, units, block_of, members, comp, spelling_of, config))
    return out


def _every_member_full(blocks: Sequence[RawBlock], members: list[int], component: list[Group],
                       spelling_of: _BlockTexts) -> MergedElement:
    """What `_element` makes of one or two member blocks that both hold every sentence (most
    elements: one block alone, or two copies of it): with at most two spellings, each as
    common as the other, the first in the source is canonical.

    Kept as a measured shortcut: `_element` on these instead costs 5.6% of the 16,000-block
    post's time and 7.0% of the 4,000-block one's (3.7% of the seed's).
    """
    head = members[0]
    kind = blocks[head].kind
    text = spelling_of(head)
    variants = []
    if len(members) == 2:
        other = spelling_of(members[1])
        if other != text:
            variants.append(Spelling(text=other, score=similarity(text, other), block=members[1]))
    scores = [v.score for v in variants] + [s for g in component for s in g.scores]
    return MergedElement(
        kind=kind,
        text=text,
        cells=spelling_of.row(head)[0] if kind is Kind.TABLE_ROW else (),
        members=tuple(members),
        variants=tuple(variants),
        score=min(scores) if len(members) > 1 else 100.0,
    )


class _BlockTexts:
    """Each block's spelling, the text its copies are compared on: its normalized text, a
    table row's normalized cells joined, code as it stands. The copies repeat their texts
    (and table rows their cells), so each is normalized once."""

    def __init__(self, blocks: Sequence[RawBlock]) -> None:
        self.blocks = blocks
        self.normalized: dict[str, str] = {}  # text -> normalize_whitespace(text)
        self.rows: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}  # cells -> (cells, spelling)

    def __call__(self, b: int) -> str:
        block = self.blocks[b]
        if block.kind is Kind.TABLE_ROW:
            return self.row(b)[1]
        if block.kind is Kind.CODE:
            return block.text
        out = self.normalized.get(block.text)
        if out is None:
            out = self.normalized[block.text] = normalize_whitespace(block.text)
        return out

    def row(self, b: int) -> tuple[tuple[str, ...], str]:
        """Table row `b`'s normalized cells and its spelling."""
        cells = self.blocks[b].cells
        out = self.rows.get(cells)
        if out is None:
            normalized = tuple(self._normalize(c) for c in cells)  # cells repeat across rows too
            out = self.rows[cells] = (normalized, " | ".join(normalized))
        return out

    def _normalize(self, text: str) -> str:
        out = self.normalized.get(text)
        if out is None:
            out = self.normalized[text] = normalize_whitespace(text)
        return out


def _element(
    blocks: Sequence[RawBlock], units: Sequence[Unit], block_of: Sequence[int], member_ids: list[int],
    component: list[Group], spelling_of: _BlockTexts, config: Config,
) -> MergedElement:
    """One element from a component: its canonical text by the rule in the module docstring,
    the other spellings as variants, the lowest similarity as its score."""
    covered: dict[int, set[int]] = {b: set() for b in member_ids}  # block -> the groups it holds
    for gi, g in enumerate(component):
        for u in g.units:
            covered[block_of[u]].add(gi)
    full = [b for b in member_ids if len(covered[b]) == len(component)]
    spelling = {b: spelling_of(b) for b in member_ids}
    if full:
        counts = Counter(spelling[b] for b in full)
        canonical = min(full, key=lambda b: (-counts[spelling[b]], b))  # most shared, then first
        text = spelling[canonical]
        head = canonical
        ordered_members = [canonical] + [b for b in member_ids if b != canonical]
    else:
        text = _compose(component, units, blocks, config.matching.min_piece_chars)
        head = max(member_ids, key=lambda b: (len(covered[b]), -b))
        ordered_members = list(member_ids)
    variants = []
    seen = {text}
    for b in ordered_members:
        other = spelling[b]
        if other not in seen:
            seen.add(other)
            variants.append(Spelling(text=other, score=similarity(text, other), block=b))
    scores = [v.score for v in variants] + [s for g in component for s in g.scores]
    kind = blocks[head].kind
    return MergedElement(
        kind=kind,
        text=text,
        cells=spelling_of.row(head)[0] if kind is Kind.TABLE_ROW else (),
        members=tuple(ordered_members),
        variants=tuple(variants),
        score=min(scores) if len(member_ids) > 1 else 100.0,
    )


def _compose(comp: Sequence[Group], units: Sequence[Unit], blocks: Sequence[RawBlock], min_piece: int) -> str:
    """Sentence-by-sentence canonical text, each sentence by the canonical rule.

    Two copies can split one sentence differently (an edit turned `x.com` into `x.COM`, or
    `. The` into `. the`): one copy's two units align with nothing in the others, which
    hold the sentence as one unit, or the other way round. A group whose key lies inside
    the keys, put together, of the component's groups that none of its blocks holds is
    such a piece and is left out of the text (its blocks' spellings stay variants), unless
    its key is shorter than `min_piece` characters.

    Two sentences are joined as the author wrote them where a block holds them side by
    side (with a space, or none); elsewhere with a space. The spacing rule then takes out
    the space between two unspaced-script characters, so Japanese and Chinese sentences
    join with nothing and Korean or English ones with a space.
    """
    keyed = []
    for g in comp:
        spellings = [normalize_whitespace(units[u].text(blocks)) for u in g.units]
        counts = Counter(spellings)
        text = min(spellings, key=lambda s: (-counts[s], spellings.index(s)))
        keyed.append((g, text, units[g.units[0]].key, {units[u].block for u in g.units}))
    # The form fewer blocks hold goes first (on a tie the later group), so of two forms of
    # one sentence the one most copies share stays.
    dropped: set[int] = set()
    for n in sorted(range(len(keyed)), key=lambda n: (len(keyed[n][3]), -n)):
        key, where = keyed[n][2], keyed[n][3]
        if len(key) >= min_piece:
            others = "".join(k for m, (_, _, k, w) in enumerate(keyed) if m != n and m not in dropped and not w & where)
            if key in others:
                dropped.add(n)
    kept = [(g, text) for n, (g, text, _, _) in enumerate(keyed) if n not in dropped]
    parts = []
    for n, (g, text) in enumerate(kept):
        if n:
            parts.append(_separator(kept[n - 1][0], g, units))
        parts.append(text)
    return normalize_whitespace("".join(parts))


def _separator(before: Group, after: Group, units: Sequence[Unit]) -> str:
    """What a block puts between a sentence of `before` and the next one, of `after`: "" when
    it holds them with nothing between, else a space."""
    ends = {u: units[u] for u in before.units}
    for v in after.units:
        u = ends.get(v - 1)  # the unit just before v in the document (units are numbered in order)
        if u is not None and u.block == units[v].block:
            return "" if u.text_end == units[v].text_start else " "
    return " "
