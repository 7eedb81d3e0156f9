"""Copies found however many and however alike: the seed's two versions pasted 1-6 times.

The seed holds one report in two versions: A (lines 2-49: summary, body, `Publisher: Title`
citations) and B (lines 50-104: another summary with bullet lists, the body with spacing
edits, bare-title citations). Every sequence of them -- A, AB, BA, ABB, AABB, ABAB, ABBBBB,
... -- is a post whose truth is known by construction: as many copies as pastes, and every
sentence that A or B holds exactly once. Verbatim repeats (AA) and edited ones (AB) in
every order, back to back, each paste after the other's citation list.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

import dedupe
from dedupe.config import Config
from dedupe.match import Match, Run, exhaustive_matches, find_copies
from dedupe.pipeline import analyze

from .helpers import doc_content, headings, norm

SEED = Path(__file__).parent.parent / "raw" / "000_5b8682380bdf1a26.txt"
LINES = SEED.read_text(encoding="utf-8").split("\n")
TITLE, A, B, FOOTER = LINES[:1], LINES[1:49], LINES[49:104], LINES[104:]
CITATION_LINES = set(range(36, 49)) | set(range(89, 104))  # 0-based: the two lists' entries
VERSIONS = {"A": A, "B": B}


def _sentences() -> list[str]:
    """Every sentence (or table cell) of the report's two versions, as `norm` keys."""
    pieces = []
    for n, line in enumerate(LINES[1:104], start=1):
        if n in CITATION_LINES or set(line.strip()) <= set("|-") or line == "主要引用":
            continue
        if line.startswith("|"):
            pieces += line.strip().strip("|").split("|")
        else:
            pieces += [s.strip().lstrip("-# ") for s in line.split("。")]
    return sorted({norm(p) for p in pieces if len(norm(p)) >= 12})


SENTENCES = _sentences()
HEADINGS = ["中国のオープンソース戦略", "アメリカのクローズド開発", "調査ノート:中国とアメリカのAI開発戦略", "中国のオープンソース戦略の詳細",
            "アメリカのクローズド開発の詳細", "比較と影響", "リスクと限界", "結論"]


def _post(pattern: str) -> str:
    lines = list(TITLE)
    for letter in pattern:
        lines += VERSIONS[letter]
    return "\n".join(lines + FOOTER)


TITLE_TEXT = LINES[0].lstrip("#").split(" #")[0]


def _ideal(pattern: str) -> str:
    """The text the post should come out as: the title, the first version pasted, and the
    lines of the other version that it lacks (as `check_seed.py` builds it)."""
    lines, seen = [TITLE_TEXT], set()
    for letter in dict.fromkeys(pattern):
        for line in VERSIONS[letter]:
            if norm(line) not in seen:
                seen.add(norm(line))
                lines.append(line.lstrip("-# "))
    return "\x00".join(norm(t) for t in lines)


PATTERNS = ["".join(p) for k in range(1, 7) for p in itertools.product("AB", repeat=k)
            if k <= 3 or p[0] == "A"]  # 1-3 pastes in every order, 4-6 starting with A


@pytest.mark.parametrize("pattern", PATTERNS)
def test_seed_pasted_in_any_pattern(pattern: str) -> None:
    doc = json.loads(dedupe.normalize_text(_post(pattern)).to_json())
    assert doc["report"]["copies_detected"] == len(pattern)
    assert len(doc["report"]["copies"]) == len(pattern)
    body = "\x00".join(norm(s) for s in doc_content(doc))
    ideal = _ideal(pattern)
    wrong = {s[:20]: (body.count(s), ideal.count(s)) for s in SENTENCES if body.count(s) != ideal.count(s)}
    assert wrong == {}
    heads = [norm(h) for h in headings(doc["sections"])]
    assert {h: heads.count(norm(h)) for h in HEADINGS if heads.count(norm(h)) != 1} == {}
    assert doc["report"]["coverage"] == 1.0


@pytest.mark.parametrize("pattern", ["AA", "AAA", "ABA", "ABBA", "AABB", "ABAB"])
def test_seed_patterns_merge_as_all_pairs_comparison_does(pattern: str) -> None:
    text, cfg = _post(pattern), Config()
    fast = analyze(text, cfg)
    slow = analyze(text, cfg, matcher=exhaustive_matches)
    assert fast.copies == slow.copies
    assert [(e.members, e.text) for e in fast.elements] == [(e.members, e.text) for e in slow.elements]


def _run(pairs: list[tuple[int, int]]) -> Run:
    return Run(tuple(Match(a, b, 100.0) for a, b in pairs))


@pytest.mark.parametrize("k", range(1, 9))
@pytest.mark.parametrize("period", [2, 3, 7])
def test_verbatim_pastes_back_to_back_split_at_their_period(k: int, period: int) -> None:
    # One diagonal at the period, its two sides overlapping once k >= 3: a tandem repeat.
    n = k * period
    run = [(u, u + period) for u in range(n - period)]
    runs = [_run(run)] if run else []
    assert find_copies(runs, n) == [(c * period, (c + 1) * period) for c in range(k)]


def test_copies_between_other_text_keep_it_with_the_copy_before() -> None:
    # 0-1 intro, copy 2-5, 6 note between, copy 7-10, 11 outro
    runs = [_run([(2, 7), (3, 8), (4, 9), (5, 10)])]
    assert find_copies(runs, 12) == [(0, 7), (7, 12)]


def test_a_paste_that_opens_with_what_the_copy_before_lacks_starts_there() -> None:
    # copy 1: 0-5; copy 2: 6-9 (lacks 0-1); copy 3: 10-15 repeats copy 1 whole
    runs = [_run([(2, 6), (3, 7), (4, 8), (5, 9)]), _run([(6, 12), (7, 13), (8, 14), (9, 15)]),
            _run([(0, 10), (1, 11), (2, 12), (3, 13), (4, 14), (5, 15)])]
    assert find_copies(runs, 16) == [(0, 6), (6, 10), (10, 16)]


# ------------------------------------------------------------------ a sentence two copies split differently

_REPORT = [
    "Harbour Dredging Review",
    "The port authority dredged the northern channel in the spring of 2019, after two groundings. "
    "The work removed silt that had built up over a decade of mild winters. "
    "The fishing cooperative asked for the spoil to be taken further out to sea. "
    "The authority agreed and paid for a second barge.",
    "Costs and Delays",
    "The first contractor left the site in June because of a dispute over fuel prices. "
    "A second firm finished the channel four weeks late, within the original budget.",
    "The harbour master said the deeper channel lets the ferry sail at low tide as well.",
]
_JOINED = ("The fishing cooperative", "the fishing cooperative")  # `. the` ends no sentence


@pytest.mark.parametrize("joined", [p for k in range(2, 6) for p in itertools.product((False, True), repeat=k)],
                         ids=lambda p: "".join("J" if j else "s" for j in p))
def test_a_sentence_copies_split_differently_comes_out_once(joined: tuple[bool, ...]) -> None:
    """Each copy holds the paragraph's third sentence either on its own or (a lowercased
    start: no sentence end before it) run into the second; in any mix of copies, every
    sentence comes out once, in one paragraph spelled as one of the copies spells it, and
    the report's title line, printed at the start of every paste, is the title."""
    pastes = []
    for j in joined:
        lines = list(_REPORT)
        if j:
            lines[1] = lines[1].replace(*_JOINED)
        pastes.append("\n".join(lines))
    doc = json.loads(dedupe.normalize_text("\n\n".join(pastes) + "\n\nLeave a Reply\n").to_json())
    assert doc["report"]["copies_detected"] == len(joined)
    assert doc["report"]["coverage"] == 1.0
    body = "\x00".join(norm(s) for s in doc_content(doc))
    sentences = [s for line in _REPORT for s in line.split(". ")]
    assert {s[:24]: body.count(norm(s).rstrip(".")) for s in sentences if body.count(norm(s).rstrip(".")) != 1} == {}
    paragraphs = [t for t in doc_content(doc) if "dredged" in t]
    assert paragraphs in ([_REPORT[1]], [_REPORT[1].replace(*_JOINED)])
    assert doc["title"] == _REPORT[0]
