"""The text helpers' fast paths agree with the plain regex rules they stand for."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Sequence

import regex

from dedupe.accounting import SPACE_RE, _counter
from dedupe.text import (
    _KEY_TABLE,
    _UNSPACED,
    comparison_key,
    normalize_whitespace,
)

# Every BMP character (all whitespace, wide and folded characters are there), and a sample beyond.
CODE_POINTS = [*range(0x10000), *range(0x10000, 0x110000, 97)]


def _agree(fast: Callable[[str], object], reference: Callable[[str], object], contexts: Sequence[str],
           alphabet: str, seed: int) -> None:
    """`fast` equals `reference` on every code point put in each context (`{c}` marks where)
    and on 50,000 random strings of up to 11 characters of `alphabet`."""
    for cp in CODE_POINTS:
        for context in contexts:
            text = context.replace("{c}", chr(cp))
            assert fast(text) == reference(text), hex(cp)
    rng = random.Random(seed)
    for _ in range(50_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
        assert fast(text) == reference(text), repr(text)


# The rule as the README states it: layout whitespace (WS_RE but ZWNJ and ZWJ) collapsed
# to one space and trimmed, then every space that has a character of an unspaced script
# on both sides removed, looked at one space at a time.
_LAYOUT_WS_RE = regex.compile(r"[\s\u200b\u2060\ufeff]+")
_UNSPACED_CHAR_RE = regex.compile(f"[{_UNSPACED}]")


def _spacing_rule(text: str) -> str:
    text = _LAYOUT_WS_RE.sub(" ", text).strip()
    return "".join(c for i, c in enumerate(text)
                   if not (c == " " and _UNSPACED_CHAR_RE.fullmatch(text[i - 1])
                           and _UNSPACED_CHAR_RE.fullmatch(text[i + 1])))


def test_normalize_whitespace_agrees_with_the_stated_rule() -> None:
    _agree(normalize_whitespace, _spacing_rule,
           ("a{c} 漢 {c}b", " {c}{c} x", "{c}", "漢 {c} 字", "한 {c} 글"),
           "ab .,:()漢字かなカー・（）Ａ한글ไทย\u3000\t\n\r\xa0\u200b\u200c\u200d\u2060\ufeff\x1c\x1f\x85\u2028\u2003",
           seed=7)


def test_the_spacing_rule_keeps_spaced_scripts() -> None:
    cases = {
        "엘제이-류화영  진흙탕\n싸움": "엘제이-류화영 진흙탕 싸움",  # Korean is written with spaces
        "ภาษา ไทย": "ภาษา ไทย",
        "規制回避: オープンソース化": "規制回避: オープンソース化",  # ASCII punctuation, then Japanese
        "示しました (Financial Times)。": "示しました (Financial Times)。",
        "中国 の\u3000AI 企業 と 日本": "中国の AI 企業と日本",
        "漢字\u3000かな ー カナ": "漢字かなーカナ",
        "韓國 한국": "韓國 한국",  # one neighbour is Hangul
    }
    assert {t: normalize_whitespace(t) for t in cases} == cases
    assert {comparison_key(t) for t in ("엘제이-류화영 진흙탕 싸움", "엘제이-류화영진흙탕 싸움")} == {"엘제이-류화영진흙탕싸움"}


def test_comparison_key_agrees_with_the_key_table() -> None:
    _agree(comparison_key, lambda t: unicodedata.normalize("NFKC", t).casefold().translate(_KEY_TABLE),
           ("a{c} ー {c}b", " {c}{c}\u3000x—", "{c}"),
           "aB .,()漢字かなー—–‐−－'’`´\"“”″\u3000\t\n\xa0\u200b\u2060\ufeff\x1c\x1f\x85\u2028", seed=11)


def test_accounting_counts_what_the_space_pattern_leaves() -> None:
    def fast(text: str) -> int:
        return _counter(text)(text)

    _agree(fast, lambda t: len(SPACE_RE.sub("", t)), ("a {c}\u3000b",),
           "a 漢\u3000\t\n\xa0\u200b\u2060\ufeff\xad\x1c\x1f\x85\u2028", seed=13)


def test_anchors_give_back_every_characters_source_offset() -> None:
    """`anchors_of` keeps only where the offsets jump; through them a block gives back the
    source offset of every character (generated offsets: runs, entities, gaps)."""
    import random

    from dedupe.ingest.blocks import Kind, RawBlock
    from dedupe.ingest.hygiene import Mapped, anchors_of

    rng = random.Random(7)
    for _ in range(3000):
        n = rng.choice((1, 2, 5, 16, 17, 40, 333))
        starts, s = [], rng.randint(0, 50)
        for _ in range(n):
            r = rng.random()
            s = s + 1 if r < 0.9 else s if r < 0.95 else s + rng.randint(2, 9)
            starts.append(s)
        ends = [x + 1 for x in starts]
        m = Mapped("x" * n, tuple(starts), tuple(ends))
        anchors = anchors_of(m)
        assert list(anchors) == sorted(set(anchors))
        block = RawBlock(Kind.PARAGRAPH, m.text, starts[0], ends[-1], 1, anchors=anchors)
        assert [block.source_offset(i) for i in range(n)] == starts
