"""The text helpers' fast paths agree with the plain regex rules they stand for."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Sequence

import regex

from dedupe.accounting import SPACE_RE, _counter
from dedupe.text import (
    _KEY_TABLE,
    _WIDE,
    SENTENCE_END_RE,
    WS_RE,
    Piece,
    comparison_key,
    normalize_whitespace,
    split_sentences,
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


# The rule as first written: collapse whitespace, then drop spaces next to wide characters.
_NEAR_WIDE_RE = regex.compile(f"(?<=[{_WIDE}])[ \\t\\u00a0\\u3000]+|[ \\t\\u00a0\\u3000]+(?=[{_WIDE}])")


def test_normalize_whitespace_agrees_with_the_regex_rule() -> None:
    _agree(normalize_whitespace, lambda t: _NEAR_WIDE_RE.sub("", WS_RE.sub(" ", t).strip()),
           ("a{c} 漢 {c}b", " {c}{c} x", "{c}"),
           "ab .,()漢字かなー（）Ａ\u3000\t\n\r\xa0\u200b\u2060\ufeff\x1c\x1f\x85\u2028\u2003", seed=7)


def test_comparison_key_agrees_with_the_key_table() -> None:
    _agree(comparison_key, lambda t: unicodedata.normalize("NFKC", t).casefold().translate(_KEY_TABLE),
           ("a{c} ー {c}b", " {c}{c}\u3000x—", "{c}"),
           "aB .,()漢字かなー—–‐−－'’`´\"“”″\u3000\t\n\xa0\u200b\u2060\ufeff\x1c\x1f\x85\u2028", seed=11)


def test_accounting_counts_what_the_space_pattern_leaves() -> None:
    def fast(text: str) -> int:
        return _counter(text)(text)

    _agree(fast, lambda t: len(SPACE_RE.sub("", t)), ("a {c}\u3000b",),
           "a 漢\u3000\t\n\xa0\u200b\u2060\ufeff\xad\x1c\x1f\x85\u2028", seed=13)


def _split_by_pattern(text: str) -> list[Piece]:
    """`split_sentences` without its one-sentence shortcut (its general loop, copied): a piece
    ends at every match of the pattern. The test below checks the shortcut against it."""
    pieces = []
    pos = 0
    for end in [*(m.end() for m in SENTENCE_END_RE.finditer(text)), len(text)]:
        piece = text[pos:end]
        if kept := piece.strip():
            start = pos + len(piece) - len(piece.lstrip())
            pieces.append(Piece(start, start + len(kept)))
        pos = end
    return pieces


def test_split_sentences_agrees_with_the_pattern() -> None:
    _agree(split_sentences, _split_by_pattern, ("{c}", "a{c}", "{c}B", "x{c} 漢", " 。{c}」", "{c}{c}A"),
           "aB .?!。！？」）)\"“ \u3000\n漢かカ", seed=17)
