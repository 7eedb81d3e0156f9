"""The text helpers' fast paths agree with the plain regex rules they stand for."""

from __future__ import annotations

import random

import regex

from dedupe.text import _WIDE, WS_RE, normalize_whitespace

# The rule as first written: collapse whitespace, then drop spaces next to wide characters.
_NEAR_WIDE_RE = regex.compile(f"(?<=[{_WIDE}])[ \\t\\u00a0\\u3000]+|[ \\t\\u00a0\\u3000]+(?=[{_WIDE}])")


def _reference(text: str) -> str:
    return _NEAR_WIDE_RE.sub("", WS_RE.sub(" ", text).strip())


def test_normalize_whitespace_agrees_with_the_regex_rule_on_every_code_point() -> None:
    # Every BMP character (all whitespace and wide characters are there), and a sample beyond.
    for cp in [*range(0x10000), *range(0x10000, 0x110000, 97)]:
        c = chr(cp)
        for text in (f"a{c} 漢 {c}b", f" {c}{c} x", f"{c}"):
            assert normalize_whitespace(text) == _reference(text), hex(cp)


def test_normalize_whitespace_agrees_with_the_regex_rule_on_random_mixes() -> None:
    rng = random.Random(7)
    alphabet = list("ab .,()漢字かなー（）Ａ\u3000\t\n\r\xa0\u200b\u2060\ufeff\x1c\x1f\x85\u2028\u2003")
    for _ in range(50_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
        assert normalize_whitespace(text) == _reference(text), repr(text)


def test_comparison_key_agrees_with_the_key_table_on_every_code_point() -> None:
    import unicodedata

    from dedupe.text import _KEY_TABLE, comparison_key

    def reference(text: str) -> str:
        return unicodedata.normalize("NFKC", text).casefold().translate(_KEY_TABLE)

    for cp in [*range(0x10000), *range(0x10000, 0x110000, 97)]:
        c = chr(cp)
        for text in (f"a{c} ー {c}b", f" {c}{c}\u3000x—", f"{c}"):
            assert comparison_key(text) == reference(text), hex(cp)
    rng = random.Random(11)
    alphabet = list("aB .,()漢字かなー—–‐−－'’`´\"“”″\u3000\t\n\xa0\u200b\u2060\ufeff\x1c\x1f\x85\u2028")
    for _ in range(50_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
        assert comparison_key(text) == reference(text), repr(text)


def test_accounting_counts_what_the_space_pattern_leaves_on_every_code_point() -> None:
    from dedupe.accounting import _SPLIT_ONLY, SPACE_RE, _non_space

    def reference(text: str) -> int:
        return len(SPACE_RE.sub("", text))

    for cp in [*range(0x10000), *range(0x10000, 0x110000, 97)]:
        text = f"a {chr(cp)}\u3000b"
        agrees = not any(sep in text for sep in _SPLIT_ONLY)
        assert _non_space(text, 0, len(text), agrees) == reference(text), hex(cp)
