"""Bounded work (issue 13, point 5): the inputs of `tests/adversarial.py` stay within their
budget of matching work, and ordinary posts stay far from it.

No test here is timed (the times are `benchmarks/adversarial.py`'s): they count the fuzzy
comparisons made, check whether the fallback to exact-only matching triggered, and check
that nothing was lost or duplicated either way.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import fuzz, process

import dedupe
from dedupe import match
from dedupe.config import Config
from dedupe.ingest.plaintext import ingest_text
from dedupe.match import Budget, OverBudget, exact_matches, find_matches, make_units
from dedupe.text import comparison_key

from . import adversarial as adv
from .helpers import doc_content

ROOT = Path(__file__).resolve().parent.parent
ORDINARY = sorted(p for p in [*ROOT.glob("raw/*"), *ROOT.glob("tests/fixtures/**/*")]
                  if p.suffix in {".txt", ".md", ".markdown", ".html", ".htm"} and "encodings" not in p.parts)


class _Counting:
    """Stands in for `rapidfuzz.fuzz` and `rapidfuzz.process` in `dedupe.match`, counting
    every pair of strings compared (`process.extract` still runs in rapidfuzz's C code)."""

    def __init__(self) -> None:
        self.pairs = 0

    def ratio(self, a: str, b: str, **kwargs: Any) -> float:
        self.pairs += 1
        return float(fuzz.ratio(a, b, **kwargs))

    def extract(self, query: str, choices: list[str], **kwargs: Any) -> list[Any]:
        self.pairs += len(choices)
        return process.extract(query, choices, **{**kwargs, "scorer": fuzz.ratio})


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Counting]:
    counter = _Counting()
    monkeypatch.setattr(match.score, "fuzz", counter)
    monkeypatch.setattr(match.score, "process", counter)
    yield counter


def _normalize(text: str) -> tuple[dedupe.Document, dict[str, Any]]:
    doc = dedupe.normalize_text(text, source="post.txt")
    return doc, json.loads(doc.to_json_bytes())


def _assert_every_line_once(text: str, data: dict[str, Any]) -> None:
    """Every distinct line of `text` (by comparison key) is in the content once, none twice."""
    lines = {comparison_key(line) for line in text.splitlines() if line.strip()}
    content = [comparison_key(s) for s in doc_content(data)]
    assert set(content) == lines
    assert len(content) == len(set(content))


def _units(text: str) -> list[match.Unit]:
    return make_units(ingest_text(text, Config()).blocks)


# -- the adversarial inputs -----------------------------------------------------------------

@pytest.mark.parametrize("n", [1000, 4000])
def test_near_duplicate_post_falls_back_within_its_budget(n: int, counting: _Counting) -> None:
    text = adv.near_duplicate_post(n)
    doc, data = _normalize(text)
    assert doc.report.fallback is not None
    assert data["report"]["fallback"]["matching"] == "exact"
    # Exact-only matching merges nothing here (no two lines are equal) and loses nothing.
    assert doc.report.blocks_out == n and doc.report.coverage == 1.0
    _assert_every_line_once(text, data)
    # Each of the three comparing stages stops at its budget, and one unit's candidates at most beyond.
    assert counting.pairs <= 3 * Budget.for_units(n, Config()).pairs + Config().matching.candidate_limit


def test_near_duplicate_comparisons_grow_linearly(counting: _Counting) -> None:
    made = []
    for n in (1000, 4000):
        counting.pairs = 0
        dedupe.normalize_text(adv.near_duplicate_post(n), source="post.txt")
        made.append(counting.pairs)
    assert made[1] <= 4 * 1.3 * made[0], made


def test_twenty_thousand_pastes_are_one_post(counting: _Counting) -> None:
    # Issue 7's paste-scaling input (timed in benchmarks/adversarial.py: under 10 s).
    text = adv.pasted_post(20_000)
    doc, data = _normalize(text)
    assert doc.report.fallback is None
    assert doc.report.copies_detected == 20_000
    assert doc.title == adv.POST[0]
    assert doc_content(data)[1:] == list(adv.POST[1:])
    assert doc.report.coverage == 1.0
    assert counting.pairs <= Budget.for_units(len(text.splitlines()), Config()).pairs


@pytest.mark.parametrize("k", [300, 2000])
def test_edited_pastes_lose_nothing(k: int) -> None:
    text = adv.pasted_post(k, edited=True)
    doc, data = _normalize(text)
    assert doc.report.coverage == 1.0
    content = [comparison_key(s) for s in doc_content(data)]
    assert len(content) == len(set(content))
    lines = {comparison_key(line) for line in text.splitlines()}
    assert set(content) <= lines
    assert {comparison_key(line) for line in adv.POST} <= set(content)


def test_identical_short_lines_are_three(counting: _Counting) -> None:
    text = adv.identical_short_lines(8000)
    doc, data = _normalize(text)
    assert doc.report.fallback is None
    assert sorted(doc_content(data)) == sorted(adv.SHORT_LINES)
    assert counting.pairs <= Budget.for_units(8000, Config()).pairs


def test_lines_alike_in_pairs_stay_within_budget() -> None:
    text = adv.alike_in_pairs(4000)
    doc, data = _normalize(text)
    assert doc.report.fallback is None
    assert doc.report.coverage == 1.0
    content = [comparison_key(s) for s in doc_content(data)]
    assert len(content) == len(set(content))


# -- the budget and the fallback ------------------------------------------------------------

def test_budget_grows_with_the_units() -> None:
    small, large = Budget.for_units(100, Config()), Budget.for_units(10_000, Config())
    assert small.pairs < large.pairs and small.runs < large.runs
    assert large.pairs - small.pairs == Config().matching.budget_pairs_per_unit * 9_900


def test_find_matches_over_its_budget_raises() -> None:
    # 60 lines alike: few enough that the index looks up every q-gram, so each line is a
    # candidate of every other (1,770 pairs).
    units = _units(adv.near_duplicate_post(60))
    with pytest.raises(OverBudget) as over:
        find_matches(units, Config(), Budget(pairs=1000, runs=10))
    assert (over.value.budget, over.value.stage, over.value.limit) == ("candidate pairs", "index", 1000)
    assert len(find_matches(units, Config(), Budget(pairs=2000, runs=10))) > 1000


def test_exact_matches_are_the_equal_keys_of_find_matches() -> None:
    text = "".join(f"{line}\n" for line in [*adv.POST, *adv.POST[1:3], adv.POST[3].replace("gone", "gane")])
    units = _units(text)
    exact = exact_matches(units, Config())
    assert exact and all(m.score == 100.0 for m in exact)
    assert set(exact) < set(find_matches(units, Config()))  # the fuzzy pair is the difference


def test_no_fallback_is_left_out_of_the_json() -> None:
    doc, data = _normalize("".join(f"{line}\n" for line in adv.POST * 2))
    assert doc.report.fallback is None and "fallback" not in data["report"]
    doc, data = _normalize(adv.near_duplicate_post(1000))
    assert set(data["report"]["fallback"]) == {"matching", "budget", "stage", "limit"}
    assert dedupe.Document.model_validate_json(doc.to_json_bytes()) == doc


# -- ordinary posts never come near it ------------------------------------------------------

def _eighth_budget() -> Config:
    """A budget an eighth of the real one: ordinary posts must stay below even that."""
    m = Config().matching
    return Config(matching=replace(m, budget_pairs=m.budget_pairs // 8, budget_pairs_per_unit=m.budget_pairs_per_unit // 8,
                                   budget_runs=m.budget_runs // 8, budget_units_per_run=m.budget_units_per_run * 8))


def test_fixtures_stay_below_an_eighth_of_their_budget() -> None:
    assert len(ORDINARY) > 20
    config = _eighth_budget()
    over = [p.name for p in ORDINARY if dedupe.normalize_file(p, config=config).report.fallback is not None]
    assert not over


def _benchmark_generator() -> Any:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_benchmark_inputs_stay_below_an_eighth_of_their_budget() -> None:
    # benchmarks/run.py's long post (a report pasted twice with edits) and some of its corpus posts.
    generate = _benchmark_generator()
    fixtures = generate.load_fixtures()
    texts = [generate.make_long_post(4000), *(generate.make_post(i, fixtures) for i in range(0, 2000, 50))]
    config = _eighth_budget()
    over = [n for n, t in enumerate(texts)
            if dedupe.normalize_text(t, source="post.txt", config=config).report.fallback is not None]
    assert not over
