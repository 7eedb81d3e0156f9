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
from operator import attrgetter
from typing import NamedTuple

from .config import Config
from .ingest.blocks import Kind, RawBlock
from .match import Group, Unit, similarity
from .text import normalize_whitespace


class Variant(NamedTuple):
    """Another spelling of a merged element. A named tuple, like `Element`."""

    text: str
    score: float
    block: int  # index of the source block that had this spelling


class Repeat(NamedTuple):
    """An element the repeat pass merged into another (or into the title), and why."""

    reason: str  # "repeat", "pullquote", "title" (see `repeats`)
    members: tuple[int, ...]  # its source blocks
    text: str
    kind: Kind


class Element(NamedTuple):
    """One output element (heading, paragraph, list item, table row, quote, code).

    A named tuple: as immutable as a frozen dataclass and several times cheaper to make
    (a long post makes thousands), like the `Unit`s and `Group`s it is made from.
    """

    kind: Kind
    text: str
    cells: tuple[str, ...]
    members: tuple[int, ...]  # source block indices: the canonical one first, then in source order
    variants: tuple[Variant, ...]
    score: float  # lowest similarity of a member to the canonical text (100 when alone)
    repeats: tuple[Repeat, ...] = ()  # exact repeats elsewhere in the post merged into it

    def block(self, blocks: Sequence[RawBlock]) -> RawBlock:
        """The source block the canonical text came from. A composed element (no member holds
        every sentence) has none: this is then its first member in the source, while `kind`
        and `cells` come from the member that holds the most sentences."""
        return blocks[self.members[0]]


def merge_copies(
    blocks: Sequence[RawBlock], units: Sequence[Unit], groups: Sequence[Group], config: Config
) -> list[Element]:
    """Turn the aligned unit groups into elements in merged order.

    The blocks that share a group, directly or through other groups, make one element.
    Most elements are two copies of one block: one group of two units in two blocks; they
    take a short path here, which gives what `_element` gives.
    """
    block_of = list(map(_BLOCK, units))
    # Union-find over blocks. The union keeps the smaller root, so a component's root is
    # its smallest block whatever order the unions come in.
    parent = list(range(len(blocks)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    firsts = []  # each group's first block
    for g in groups:
        us = g.units
        first = block_of[us[0]]
        firsts.append(first)
        for u in us[1:]:
            b = block_of[u]
            if b != first:
                ra, rb = find(first), find(b)
                if ra < rb:
                    parent[rb] = ra
                elif rb < ra:
                    parent[ra] = rb
    comps: dict[int, list[Group]] = {}  # by root, in order of first appearance: the merged order
    for g, first in zip(groups, firsts):
        root = first if parent[first] == first else find(first)
        comp = comps.get(root)
        if comp is None:
            comps[root] = [g]
        else:
            comp.append(g)

    spelling = _Spellings(blocks)
    out = []
    for comp in comps.values():
        if len(comp) == 1:  # one group: every member block holds all (one) of its sentences
            g = comp[0]
            us = g.units
            if len(us) == 2:
                a, b = block_of[us[0]], block_of[us[1]]
                if a == b:
                    out.append(_alone(blocks, a, spelling))
                else:
                    out.append(_pair(blocks, min(a, b), max(a, b), g.scores, spelling))
                continue
            if len(us) == 1:
                out.append(_alone(blocks, block_of[us[0]], spelling))
                continue
        members = sorted({block_of[u] for g in comp for u in g.units})
        if len(members) == 1:
            out.append(_alone(blocks, members[0], spelling))
        elif len(members) == 2 and all(len({block_of[u] for u in g.units}) == 2 for g in comp):
            # Both blocks hold every sentence (a paragraph of several in two copies).
            scores = tuple(s for g in comp for s in g.scores)
            out.append(_pair(blocks, members[0], members[1], scores, spelling))
        else:
            out.append(_element(blocks, units, block_of, members, comp, spelling, config))
    return out


def _alone(blocks: Sequence[RawBlock], a: int, spelling: _Spellings) -> Element:
    """What `_element` makes of a single member block `a`."""
    kind = blocks[a].kind
    cells, text = spelling.row(a) if kind is _ROW else ((), spelling(a))
    return Element(kind, text, cells, (a,), (), 100.0)


def _pair(blocks: Sequence[RawBlock], a: int, b: int, scores: tuple[float, ...], spelling: _Spellings) -> Element:
    """What `_element` makes of member blocks a < b that both hold every sentence: with
    two spellings, the first in the source is canonical."""
    block_a, block_b = blocks[a], blocks[b]
    kind = block_a.kind
    if kind in _OWN_SPELLING or block_b.kind in _OWN_SPELLING:
        cells, text = spelling.row(a) if kind is _ROW else ((), spelling(a))
        other = spelling(b)
    else:  # two prose blocks, nearly every pair: their normalized texts, without a call per block
        normalized = spelling.normalized
        cells, text, other = (), normalized[block_a.text], normalized[block_b.text]
    if other == text:
        return Element(kind, text, cells, (a, b), (), min(scores))
    v = Variant(other, similarity(text, other), b)
    return Element(kind, text, cells, (a, b), (v,), min((v.score, *scores)))


_BLOCK: Callable[[Unit], int] = attrgetter("block")
# The kinds not spelled by their normalized text: a table row by its normalized cells, code
# as it stands. Module constants: an enum member looked up on its class costs more than the test.
_ROW = Kind.TABLE_ROW
_OWN_SPELLING = frozenset({Kind.TABLE_ROW, Kind.CODE})


class _Normalized(dict[str, str]):
    """Text -> `normalize_whitespace(text)`, each computed on first use; a hit is a plain dict lookup."""

    def __missing__(self, text: str) -> str:
        out = self[text] = normalize_whitespace(text)
        return out


class _Spellings:
    """Each block's spelling, the text its copies are compared on; the copies repeat
    their texts (and table rows their cells), so each is normalized once."""

    def __init__(self, blocks: Sequence[RawBlock]) -> None:
        self.blocks = blocks
        self.normalized = _Normalized()
        self.rows: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}  # cells -> (cells, spelling)

    def __call__(self, b: int) -> str:
        block = self.blocks[b]
        if block.kind in _OWN_SPELLING:
            return self._row(block.cells)[1] if block.kind is _ROW else block.text
        return self.normalized[block.text]

    def row(self, b: int) -> tuple[tuple[str, ...], str]:
        """Table row `b`'s normalized cells and its spelling, in one lookup."""
        return self._row(self.blocks[b].cells)

    def _row(self, cells: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
        out = self.rows.get(cells)
        if out is None:
            normalized = tuple(map(self.normalized.__getitem__, cells))  # cells repeat across rows too
            out = self.rows[cells] = (normalized, " | ".join(normalized))
        return out


def _element(
    blocks: Sequence[RawBlock], units: Sequence[Unit], block_of: Sequence[int], member_ids: list[int],
    comp: list[Group], spelling: _Spellings, config: Config,
) -> Element:
    covered = {b: set() for b in member_ids}  # type: dict[int, set[int]]
    for gi, g in enumerate(comp):
        for u in g.units:
            covered[block_of[u]].add(gi)
    full = [b for b in member_ids if len(covered[b]) == len(comp)]
    if full:
        if len(full) <= 2:  # two spellings: each as common as the other, or the same one
            canonical = full[0]  # (`member_ids` is sorted: the first in the source)
        else:
            counts = Counter(spelling(b) for b in full)
            canonical = min(full, key=lambda b: (-counts[spelling(b)], b))
        text = spelling(canonical)
        head = canonical
        ordered_members = [canonical] + [b for b in member_ids if b != canonical]
    else:
        text = _compose(comp, units, blocks, config.matching.min_piece_chars)
        head = max(member_ids, key=lambda b: (len(covered[b]), -b))
        ordered_members = list(member_ids)
    variants = []
    seen = {text}
    for b in ordered_members:
        other = spelling(b)
        if other not in seen:
            seen.add(other)
            variants.append(Variant(other, similarity(text, other), b))
    scores = [v.score for v in variants] + [s for g in comp for s in g.scores]
    kind = blocks[head].kind
    return Element(
        kind=kind,
        text=text,
        cells=spelling.row(head)[0] if kind is _ROW else (),
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
