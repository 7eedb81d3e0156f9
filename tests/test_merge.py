"""Merging copies: the canonical text, its variants and score, composed elements."""

from __future__ import annotations

import itertools

from dedupe.config import Config
from dedupe.ingest.blocks import Kind, RawBlock
from dedupe.match import Group, Unit, similarity
from dedupe.merge import merge_copies
from dedupe.text import normalize_whitespace

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


def _spelling(block: RawBlock) -> str:
    """A block's text as the canonical rule compares it (see `dedupe.merge`)."""
    if block.kind is Kind.TABLE_ROW:
        return " | ".join(normalize_whitespace(c) for c in block.cells)
    return block.text if block.kind is Kind.CODE else normalize_whitespace(block.text)


def test_two_copies_of_a_block_merge_into_the_first_in_the_source() -> None:
    """Two member blocks that both hold every sentence: two spellings, each as common as the
    other, so the first in the source is canonical and the other, if it differs, a variant."""
    for a, b in itertools.combinations(range(len(BLOCKS)), 2):
        units = [_unit(0, a), _unit(1, b)]
        (el,) = merge_copies(BLOCKS, units, [Group((0, 1), (100.0, 97.5))], Config())
        first, second = _spelling(BLOCKS[a]), _spelling(BLOCKS[b])
        assert (el.kind, el.text, el.members) == (BLOCKS[a].kind, first, (a, b)), (a, b)
        if first == second:
            assert (el.variants, el.score) == ((), 97.5), (a, b)
        else:
            (v,) = el.variants
            assert (v.text, v.block, v.score) == (second, b, similarity(first, second)), (a, b)
            assert el.score == min(v.score, 97.5), (a, b)
        expected_cells = tuple(map(normalize_whitespace, BLOCKS[a].cells)) if BLOCKS[a].kind is Kind.TABLE_ROW else ()
        assert el.cells == expected_cells, (a, b)


def test_a_single_block_is_its_own_element() -> None:
    for a in range(len(BLOCKS)):
        (el,) = merge_copies(BLOCKS, [_unit(0, a)], [Group((0,), (100.0,))], Config())
        assert (el.text, el.members, el.variants, el.score) == (_spelling(BLOCKS[a]), (a,), (), 100.0), a


def test_two_blocks_of_which_only_the_later_holds_every_sentence() -> None:
    """The later block is canonical (the only one that holds every sentence), and no sentence is lost."""
    blocks = [RawBlock(Kind.PARAGRAPH, "Alpha one.", 0, 10, 1),
              RawBlock(Kind.PARAGRAPH, "Alpha one. Beta two.", 11, 31, 2)]
    units = [Unit(0, 0, "text", "alphaone.", 0, 10, "Alpha one.", 0, 10),
             Unit(1, 1, "text", "alphaone.", 11, 21, "Alpha one.", 0, 10),
             Unit(2, 1, "text", "betatwo.", 22, 31, "Beta two.", 11, 20)]
    groups = [Group((0, 1), (100.0, 100.0)), Group((2,), (100.0,))]
    out = merge_copies(blocks, units, groups, Config())
    assert [(el.text, el.members) for el in out] == [("Alpha one. Beta two.", (1, 0))]


def _composed(first: str, second: str) -> str:
    """The element made of two paragraphs that share their first sentence and add one each."""
    a1, b1 = (p.split("|") for p in (first, second))
    blocks = [RawBlock(Kind.PARAGRAPH, "".join(a1), 0, len("".join(a1)), 1),
              RawBlock(Kind.PARAGRAPH, "".join(b1), 100, 100 + len("".join(b1)), 2)]
    units = []
    for bi, pieces in enumerate((a1, b1)):
        pos = 0
        for piece in pieces:
            s = pos + len(piece) - len(piece.lstrip())
            e = s + len(piece.strip())
            units.append(Unit(len(units), bi, "text", piece.strip(), blocks[bi].start + s, blocks[bi].start + e,
                              piece.strip(), s, e))
            pos += len(piece)
    groups = [Group((0, 2), (100.0,)), Group((1,), (100.0,)), Group((3,), (100.0,))]
    (el,) = merge_copies(blocks, units, groups, Config())
    assert el.members == (0, 1) and not any(v.text == el.text for v in el.variants)
    return el.text


def test_a_composed_element_joins_sentences_as_their_script_is_written() -> None:
    """No copy holds every sentence: Korean and English sentences join with a space,
    Japanese ones with nothing, and two sentences a copy holds side by side keep its spacing."""
    assert _composed("첫째 문장입니다.| 둘째  문장입니다.", "첫째 문장입니다.| 셋째 문장입니다.") == \
        "첫째 문장입니다. 둘째 문장입니다. 셋째 문장입니다."
    assert _composed("最初の文です。|二番目の文です。", "最初の文です。|三番目の 文です。") == \
        "最初の文です。二番目の文です。三番目の文です。"
    assert _composed("One here.| Two there.", "One here.| Three more.") == "One here. Two there. Three more."
    # Side by side in a copy: as that copy has them (no space after the Latin full stop).
    assert _composed("DeepSeekが公開した.|次の文です。", "DeepSeekが公開した.|別の文です。") == \
        "DeepSeekが公開した.次の文です。別の文です。"
