"""The matcher: must-merge and must-not-merge pairs, the candidate index, runs, copies, chains."""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter
from pathlib import Path

import pytest

from dedupe.config import Config
from dedupe.ingest.blocks import Kind, RawBlock
from dedupe.ingest.plaintext import ingest_text
from dedupe.match import Match, Run, chain, exhaustive_matches, find_copies, find_matches, make_units

DATA = json.loads((Path(__file__).parent / "data" / "match_pairs.json").read_text(encoding="utf-8"))
POSTS = sorted((Path(__file__).parent / "fixtures" / "posts").glob("*.txt"))
ALL_INPUTS = sorted(p for d in ("posts", "citations", "html", "markdown") for p in (Path(__file__).parent / "fixtures" / d).glob("*")
                    if p.suffix in (".txt", ".md", ".html"))
SEED = Path(__file__).resolve().parent.parent / "raw" / "000_5b8682380bdf1a26.txt"


def _pair_matches(a: str, b: str, kind: Kind = Kind.PARAGRAPH) -> bool:
    blocks = [RawBlock(kind, a, 0, len(a), 1), RawBlock(kind, b, len(a) + 1, len(a) + 1 + len(b), 2)]
    units = make_units(blocks)
    by_block = {(units[m.a].block, units[m.b].block) for m in find_matches(units, Config())}
    return (0, 1) in by_block


@pytest.mark.parametrize(("a", "b"), DATA["must_merge"])
def test_must_merge(a: str, b: str) -> None:
    assert _pair_matches(a, b)


@pytest.mark.parametrize(("a", "b"), DATA["must_not_merge"])
def test_must_not_merge(a: str, b: str) -> None:
    assert not _pair_matches(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("中国のオープンソース戦略", "中国のオープンソース戦略の詳細"),
        ("アメリカのクローズド開発", "アメリカのクローズド開発の詳細"),
        ("知的財産保護:クローズドモデルにより、競争優位性を維持し、投資を保護します(Bipartisan Policy Center)。",
         "知的財産保護: 競争優位性を維持し、投資を保護します。"),
    ],
)
def test_seed_look_alikes_do_not_merge(a: str, b: str) -> None:
    kind = Kind.HEADING if len(a) < 20 else Kind.LIST_ITEM
    assert not _pair_matches(a, b, kind)


def test_headings_never_match_paragraphs() -> None:
    text = "Methods and data sources"
    blocks = [RawBlock(Kind.HEADING, text, 0, 25, 1), RawBlock(Kind.PARAGRAPH, text, 26, 51, 2)]
    assert find_matches(make_units(blocks), Config()) == []


@pytest.mark.parametrize("path", [*POSTS, SEED], ids=lambda p: p.name)
def test_index_finds_every_pair_exhaustive_comparison_finds(path: Path) -> None:
    """On these posts the matcher finds every exact pair, and every fuzzy pair of two keys
    that occur once (the index's job), that all-pairs comparison accepts; and no other."""
    cfg = Config()
    units = make_units(ingest_text(path.read_text(encoding="utf-8"), cfg).blocks)
    counts = Counter((u.match_class, u.key) for u in units)

    def lonely(m: Match) -> bool:
        return all(counts[(units[u].match_class, units[u].key)] == 1 for u in (m.a, m.b))

    expected = [m for m in exhaustive_matches(units, cfg) if m.score == 100.0 or lonely(m)]
    assert find_matches(units, cfg) == expected


def test_a_third_copy_with_an_edit_still_merges() -> None:
    """The edited unit opening a third copy has a twin in the first two: not the index's
    job, but the run's end finds it, so the copy starts there and the unit merges."""
    body = ["Rooftop solar changed how the town paid for its power.", "The council voted after a long debate.",
            "Critics said the subsidy favoured owners over tenants.", "A pilot scheme began in the spring.",
            "Early results were better than anyone had expected."]
    edited = [body[0].replace("paid", "payed"), *body[1:]]
    text = "\n\n".join([*body, *body, *edited]) + "\n"
    from dedupe.pipeline import analyze

    fast = analyze(text, Config())
    slow = analyze(text, Config(), matcher=exhaustive_matches)
    assert len(fast.copies) == 3
    assert fast.copies == slow.copies
    assert [e.members for e in fast.elements] == [e.members for e in slow.elements]
    assert len(fast.elements) == 5


def _brute_chain(pairs: list[tuple[int, int, float]]) -> float:
    best = 0.0
    for r in range(1, len(pairs) + 1):
        for combo in itertools.combinations(sorted(pairs), r):
            if all(x[0] < y[0] and x[1] < y[1] for x, y in itertools.pairwise(combo)):
                best = max(best, sum(p[2] for p in combo))
    return best


@pytest.mark.parametrize("seed", range(20))
def test_chain_is_the_heaviest_increasing_chain(seed: int) -> None:
    rng = random.Random(seed)
    pairs = list({(rng.randrange(8), rng.randrange(8)): rng.choice([1.0, 2.0, 5.0]) for _ in range(9)}.items())
    flat = [(i, j, w) for (i, j), w in pairs]
    got = chain(flat)
    assert all(x[0] < y[0] and x[1] < y[1] for x, y in itertools.pairwise(got))
    assert sum(p[2] for p in got) == pytest.approx(_brute_chain(flat))


def _reference_chain(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The chain `chain` documents, by quadratic dynamic programming: each pair extends the
    best chain before it (ties to the pair that sorts first); the best end, ties likewise."""
    ordered = sorted(pairs, key=lambda p: (p[0], p[1]))
    best: list[tuple[float, int]] = []  # (weight, -previous pair)
    for p, (i, j, w) in enumerate(ordered):
        base = max(((best[q][0], -q) for q in range(p) if ordered[q][0] < i and ordered[q][1] < j),
                   default=(0.0, 1))
        best.append((base[0] + w, base[1]))
    end = max(range(len(ordered)), key=lambda p: (best[p][0], -p), default=-1)
    out = []
    while end >= 0:
        out.append(ordered[end])
        end = -best[end][1]
    return out[::-1]


@pytest.mark.parametrize("seed", range(200))
def test_chain_breaks_ties_as_documented(seed: int) -> None:
    rng = random.Random(seed)
    size = rng.choice([3, 6, 12, 40])
    pairs = list({(rng.randrange(size), rng.randrange(size)): float(rng.choice([1, 1, 2, 3]))
                  for _ in range(rng.randrange(1, 3 * size))}.items())
    flat = [(i, j, w) for (i, j), w in pairs]
    rng.shuffle(flat)
    assert chain(flat) == _reference_chain(flat)


def test_find_copies_partitions_units() -> None:
    run = Run((Match(1, 11, 100.0), Match(2, 12, 100.0), Match(5, 15, 100.0)))
    assert find_copies([run], 20) == [(0, 11), (11, 20)]
    # a break point after a reference list pulls the gap into the later copy
    assert find_copies([run], 20, frozenset({8})) == [(0, 8), (8, 20)]
    assert find_copies([], 20) == [(0, 20)]


def test_three_copies_from_three_runs() -> None:
    runs = [
        Run((Match(0, 10, 100.0), Match(4, 14, 100.0))),
        Run((Match(10, 20, 100.0), Match(14, 24, 100.0))),
        Run((Match(0, 20, 100.0), Match(4, 24, 100.0))),
    ]
    assert find_copies(runs, 30) == [(0, 10), (10, 20), (20, 30)]


@pytest.mark.parametrize("path", [SEED, *ALL_INPUTS], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_merges_equal_those_of_all_pairs_comparison(path: Path) -> None:
    """The candidate index plus the gap pass make exactly the merges all-pairs comparison makes."""
    from dedupe.ingest.decode import decode_bytes
    from dedupe.ingest.detect import detect_format
    from dedupe.pipeline import analyze

    data = path.read_bytes()
    text = decode_bytes(data, html=path.suffix == ".html")[0]
    fmt = detect_format(str(path), text)
    cfg = Config()
    fast = analyze(text, cfg, fmt)
    slow = analyze(text, cfg, fmt, matcher=exhaustive_matches)
    assert fast.copies == slow.copies
    assert [(e.members, e.text) for e in fast.elements] == [(e.members, e.text) for e in slow.elements]


def test_key_table_agrees_with_the_patterns_on_every_bmp_character() -> None:
    from dedupe.text import _KEY_TABLE, DASHES_RE, DQUOTES_RE, QUOTES_RE, WS_RE

    for cp in range(0x10000):
        c = chr(cp)
        expected = (None if WS_RE.fullmatch(c) else "-" if DASHES_RE.fullmatch(c) else "'" if QUOTES_RE.fullmatch(c)
                    else '"' if DQUOTES_RE.fullmatch(c) else c)
        assert _KEY_TABLE.get(cp, c) == expected, hex(cp)
