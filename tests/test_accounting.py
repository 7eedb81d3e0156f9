"""Accounting: the span arithmetic and the character counter against plain references."""

from __future__ import annotations

import random

from dedupe.accounting import _FEW_UNPRINTABLE, SPACE_RE, _counter, _unclaimed


def _pattern_count(text: str) -> int:
    return len(SPACE_RE.sub("", text))


def test_counter_agrees_with_the_space_pattern_on_every_character() -> None:
    for cp in [*range(0x10000), *range(0x10000, 0x110000, 97)]:
        c = chr(cp)
        text = f"a {c}\u3000b\n{c}c\r\n"
        assert _counter(text)(text) == _pattern_count(text), hex(cp)


def test_counter_counts_any_pieces_of_its_text() -> None:
    rng = random.Random(17)
    alphabet = "a 漢\u3000\t\n\r\xa0\u200b\u2060\ufeff\xad\x1c\x1f\x85\u2028\ue000"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(40)))
        count = _counter(text)
        cuts = sorted(rng.randrange(len(text) + 1) for _ in range(4))
        piece = text[cuts[0]:cuts[1]] + text[cuts[2]:cuts[3]]
        assert count(piece) == _pattern_count(piece), repr((text, piece))


def test_counter_counts_a_long_text_chunk_by_chunk() -> None:
    rng = random.Random(23)
    lines = []
    for n in range(3000):  # the unprintable kinds turn up in different chunks, some once, some on every line
        extra = "\u3000" if n % 97 == 0 else "\u200b" if n % 389 == 0 else "\ue000" if n == 2500 else ""
        lines.append(f"{n} line of words, 漢字{extra} and\tmore\r")
    text = "\n".join(lines)
    count = _counter(text)
    assert count(text) == _pattern_count(text)
    for _ in range(200):
        a, b = sorted(rng.randrange(len(text) + 1) for _ in range(2))
        assert count(text[a:b]) == _pattern_count(text[a:b])


def test_a_text_with_many_kinds_of_unprintable_character_is_still_counted() -> None:
    kinds = "".join(chr(0xE000 + i) for i in range(_FEW_UNPRINTABLE + 2))  # private use: unprintable, not space
    text = "\n".join(f"{k} x\t\u200by\r" for k in kinds)
    assert _counter(text)(text) == _pattern_count(text)


def test_unclaimed_is_the_union_less_the_claimed_characters() -> None:
    rng = random.Random(5)
    for _ in range(5_000):
        limit = rng.randrange(1, 30)
        spans = [(rng.randrange(-3, 33), rng.randrange(-3, 33)) for _ in range(rng.randrange(6))]
        taken = sorted({rng.randrange(limit) for _ in range(rng.randrange(12))})
        claimed = [(t, t + 1) for t in taken]  # sorted, disjoint, some touching
        parts = _unclaimed(spans, claimed, limit)
        assert all(a < b <= c for (a, b), (c, _) in zip(parts, parts[1:]))
        assert all(a < b for a, b in parts)
        covered = {i for a, b in spans for i in range(max(a, 0), min(b, limit))}
        assert [i for a, b in parts for i in range(a, b)] == sorted(covered - set(taken))
