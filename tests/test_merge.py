"""Merging copies: the short paths for one and two member blocks give what the general rule gives."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

import dedupe
from dedupe import pipeline
from dedupe.config import Config
from dedupe.ingest.blocks import Kind, RawBlock
from dedupe.match import Group, Unit
from dedupe.merge import _alone, _element, _pair, _Spellings, merge_copies

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
        expected = _element(BLOCKS, units, [a, b], [a, b], [group], _Spellings(BLOCKS), Config())
        assert _pair(BLOCKS, a, b, group.scores, _Spellings(BLOCKS)) == expected, (a, b)


def test_a_single_block_is_merged_as_the_general_rule_merges_it() -> None:
    for a in range(len(BLOCKS)):
        expected = _element(BLOCKS, [_unit(0, a)], [a], [a], [Group((0,), (100.0,))], _Spellings(BLOCKS), Config())
        assert _alone(BLOCKS, a, _Spellings(BLOCKS)) == expected, a


def _every_component_by_the_general_rule(blocks: list[RawBlock], units: list[Unit], groups: list[Group]) -> list:
    """`merge_copies` without its short paths: the blocks that share a group, directly or
    through others, are one component (in the order its first group comes), merged by `_element`."""
    block_of = [u.block for u in units]
    parent: dict[int, int] = {}

    def root(b: int) -> int:
        while parent.setdefault(b, b) != b:
            b = parent[b]
        return b

    for g in groups:
        first = root(block_of[g.units[0]])
        for u in g.units[1:]:
            other = root(block_of[u])
            if other != first:
                parent[max(first, other)] = min(first, other)
                first = min(first, other)
    comps: dict[int, list[Group]] = {}
    for g in groups:
        comps.setdefault(root(block_of[g.units[0]]), []).append(g)
    spelling = _Spellings(blocks)
    return [_element(blocks, units, block_of, sorted({block_of[u] for g in comp for u in g.units}), comp, spelling, Config())
            for comp in comps.values()]


def test_merge_copies_merges_as_the_general_rule_on_every_post(monkeypatch: pytest.MonkeyPatch) -> None:
    """The short paths of `merge_copies` (one group of two blocks, two blocks holding every
    sentence) give what `_element` gives, on the seed and the fixture posts."""
    root = Path(__file__).resolve().parent
    paths = [*sorted((root.parent / "raw").glob("*.txt")), *sorted((root / "fixtures" / "posts").glob("*.txt")),
             *sorted((root / "fixtures" / "citations").glob("*.txt"))]
    checked: list[int] = []

    def checking(blocks: list[RawBlock], units: list[Unit], groups: list[Group], config: Config) -> list:
        out = merge_copies(blocks, units, groups, config)
        assert out == _every_component_by_the_general_rule(blocks, units, groups)
        checked.append(sum(len(el.members) == 2 for el in out))  # the pairs the short paths take
        return out

    monkeypatch.setattr(pipeline, "merge_copies", checking)
    for path in paths:
        dedupe.normalize_file(path)
    assert len(checked) == len(paths) and sum(checked) > 100


def test_two_blocks_of_which_only_the_later_holds_every_sentence() -> None:
    """Not a pair for the short path: the later block is canonical, and no sentence is lost."""
    blocks = [RawBlock(Kind.PARAGRAPH, "Alpha one.", 0, 10, 1),
              RawBlock(Kind.PARAGRAPH, "Alpha one. Beta two.", 11, 31, 2)]
    units = [Unit(0, 0, "text", "alphaone.", 0, 10, "Alpha one.", 0, 10),
             Unit(1, 1, "text", "alphaone.", 11, 21, "Alpha one.", 0, 10),
             Unit(2, 1, "text", "betatwo.", 22, 31, "Beta two.", 11, 20)]
    groups = [Group((0, 1), (100.0, 100.0)), Group((2,), (100.0,))]
    out = merge_copies(blocks, units, groups, Config())
    assert out == _every_component_by_the_general_rule(blocks, units, groups)
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
