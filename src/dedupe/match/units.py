"""Sentence units, the matches between them, runs of matches and groups of aligned units."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..ingest.blocks import Kind, RawBlock
from ..text import comparison_key, split_sentences


class Unit(NamedTuple):
    """A sentence (or heading, or table row) with its key and absolute span.

    Units, matches and groups are named tuples: as immutable as a frozen dataclass, and
    several times cheaper to make, which counts at tens of thousands per post.
    """

    pos: int  # position in the document's unit list
    block: int
    match_class: str  # heading, text, row, code or caption: units only ever match units of the same class
    key: str
    start: int  # absolute span in the source
    end: int
    sentence: str  # the text the key was made from (its fact signature is taken when a fuzzy match needs it)
    text_start: int  # the unit's slice of its block's text (which need not be a slice of the source)
    text_end: int

    def text(self, blocks: Sequence[RawBlock]) -> str:
        """The unit's text as the block holds it (entities decoded, hygiene applied)."""
        return blocks[self.block].text[self.text_start : self.text_end]


class Match(NamedTuple):
    """Two units (a < b) that are the same text, with their similarity 0-100."""

    a: int
    b: int
    score: float


@dataclass(frozen=True, slots=True)
class Run:
    """A diagonal run of matches: units a_first..a_last repeat as b_first..b_last."""

    matches: tuple[Match, ...]

    @property
    def a_range(self) -> tuple[int, int]:
        return self.matches[0].a, self.matches[-1].a

    @property
    def b_range(self) -> tuple[int, int]:
        return self.matches[0].b, self.matches[-1].b



class Group(NamedTuple):
    """Units that are the same text in different copies, in merged order."""

    units: tuple[int, ...]
    scores: tuple[float, ...]  # each unit's similarity to the first



_MATCH_CLASS = {  # block kind -> match class
    Kind.HEADING: "heading",
    Kind.PARAGRAPH: "text",
    Kind.LIST_ITEM: "text",
    Kind.QUOTE: "text",
    Kind.TABLE_ROW: "row",
    Kind.CODE: "code",
    Kind.CAPTION: "caption",  # a figure's caption pairs with its copy's caption, not with body text
}
_SPLIT_KINDS = {Kind.PARAGRAPH, Kind.LIST_ITEM, Kind.QUOTE, Kind.CAPTION}


def make_units(blocks: Sequence[RawBlock]) -> list[Unit]:
    """Sentence units of every matchable block, in document order (reference lists apart)."""
    units: list[Unit] = []
    # A repeated post repeats its blocks, or at least its sentences: split each distinct
    # block once, and key each distinct sentence once.
    seen: dict[tuple[Kind, str, tuple[str, ...]], list[tuple[int, int, str, str]]] = {}
    keyed: dict[str, str] = {}
    for bi, block in enumerate(blocks):
        kind = block.kind
        match_class = _MATCH_CLASS.get(kind)
        if match_class is None or block.reference_list >= 0:
            continue
        same = (kind, block.text, block.cells)
        pieces = seen.get(same)
        if pieces is None:
            pieces = seen[same] = _pieces(block, keyed)
        for s, e, key, sentence in pieces:
            # In field order (a keyword call costs twice as much, 16 ms of the 16,000-block post).
            units.append(Unit(len(units), bi, match_class, key, block.source_offset(s), block.source_offset(e),
                              sentence, s, e))
    return units


def _pieces(block: RawBlock, keyed: dict[str, str]) -> list[tuple[int, int, str, str]]:
    """The sentence slices of a block's text with their keys and texts (empty keys left
    out); `keyed` remembers the keys of the texts seen before."""
    text = block.text
    if block.kind in _SPLIT_KINDS:
        spans: Sequence[tuple[int, int]] = split_sentences(text)
    else:
        spans = [(0, len(text))]
    out = []
    for s, e in spans:
        sentence = "|".join(block.cells) if block.cells and block.kind is Kind.TABLE_ROW else text[s:e]
        key = keyed.get(sentence)
        if key is None:
            key = keyed[sentence] = comparison_key(sentence)
        if key:
            out.append((s, e, key, sentence))
    return out

