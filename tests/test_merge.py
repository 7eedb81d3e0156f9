"""Merging copies: the short paths for one and two member blocks give what the general rule gives."""

from __future__ import annotations

import itertools

from dedupe.ingest.blocks import Kind, RawBlock
from dedupe.match import Group, Unit
from dedupe.merge import _alone, _element, _pair, _Spellings

# Spellings that normalize alike and apart, of every kind, with a row and code among them.
BLOCKS = [
    RawBlock(Kind.PARAGRAPH, "DeepSeek  released\tR1.", 0, 23, 1),
    RawBlock(Kind.PARAGRAPH, "DeepSeek released R1.", 24, 45, 2),
    RawBlock(Kind.LIST_ITEM, "Deepseek released R1 .", 46, 68, 3),
    RawBlock(Kind.QUOTE, "DeepSeek released R1.", 69, 90, 4),
    RawBlock(Kind.HEADING, "中国の 戦略", 91, 97, 5),
    RawBlock(Kind.HEADING, "中国の戦略", 98, 103, 6),
    RawBlock(Kind.TABLE_ROW, "a | b", 104, 109, 7, cells=("a ", " b")),
    RawBlock(Kind.TABLE_ROW, "a|b", 110, 113, 8, cells=("a", "b")),
    RawBlock(Kind.TABLE_ROW, "a | c", 114, 119, 9, cells=("a", "c")),
    RawBlock(Kind.CODE, "x  = 1", 120, 126, 10),
    RawBlock(Kind.CODE, "x = 1", 127, 132, 11),
]


def _unit(pos: int, block: int) -> Unit:
    b = BLOCKS[block]
    return Unit(pos, block, "text", b.text, b.start, b.end, b.text, 0, len(b.text))


def test_a_pair_is_merged_as_the_general_rule_merges_it() -> None:
    for a, b in itertools.combinations(range(len(BLOCKS)), 2):
        units = [_unit(0, a), _unit(1, b)]
        group = Group((0, 1), (100.0, 97.5))
        expected = _element(BLOCKS, units, [a, b], [a, b], [group], _Spellings(BLOCKS))
        assert _pair(BLOCKS, a, b, group.scores, _Spellings(BLOCKS)) == expected, (a, b)


def test_a_single_block_is_merged_as_the_general_rule_merges_it() -> None:
    for a in range(len(BLOCKS)):
        expected = _element(BLOCKS, [_unit(0, a)], [a], [a], [Group((0,), (100.0,))], _Spellings(BLOCKS))
        assert _alone(BLOCKS, a, _Spellings(BLOCKS)) == expected, a
