"""The extraction benchmark's scoring (benchmarks/extraction.py), on texts whose score is known."""

from __future__ import annotations

import doctest
import importlib.util
import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("extraction_bench", ROOT / "benchmarks" / "extraction.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["extraction_bench"] = module
    spec.loader.exec_module(module)
    return module


bench = _load()
WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho".split()
KANJI = "東京大阪京都政府発表報告研究開発市場技術企業規制"


def _text(rng: random.Random, n: int, cjk: bool) -> str:
    if cjk:
        return "".join(rng.choice(KANJI) for _ in range(n)) + "。"
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "."


def test_doctests() -> None:
    failed, _ = doctest.testmod(bench, optionflags=doctest.ELLIPSIS)
    assert failed == 0


@pytest.mark.parametrize("seed", range(200))
def test_scores_follow_from_what_was_kept(seed: int) -> None:
    rng = random.Random(seed)
    cjk = seed % 2 == 1
    paras = [_text(rng, rng.randint(8, 40), cjk) for _ in range(rng.randint(2, 8))]
    truth = "\n".join(paras)
    assert bench.is_cjk(truth) == cjk
    # Everything, nothing else: perfect.
    c = bench.tp_fp_fn(truth, truth, cjk)
    assert bench.precision(*c) == bench.recall(*c) == 1.0
    # Everything plus chrome: recall 1, precision below 1.
    chrome = _text(rng, 30, cjk)
    c = bench.tp_fp_fn(truth, truth + "\n" + chrome, cjk)
    assert bench.recall(*c) == 1.0 and bench.precision(*c) < 1.0
    # A paragraph lost: precision 1, recall below 1 and about the share lost.
    kept = "\n".join(paras[1:])
    c = bench.tp_fp_fn(truth, kept, cjk)
    assert bench.precision(*c) == 1.0 and bench.recall(*c) < 1.0
    # Link markup is not visible text.
    assert bench.visible(f"[{paras[0]}](https://example.org/x)") == paras[0]


def test_the_split_is_stable_and_about_a_quarter() -> None:
    pages = [bench.Page("s", f"page-{i}", b"", "") for i in range(2000)]
    held = sum(p.split == "holdout" for p in pages)
    assert 400 <= held <= 600
    assert [p.split for p in pages] == [bench.Page("s", f"page-{i}", b"", "").split for i in range(2000)]


def test_real_rows_leave_out_only_readabilitys_synthetic_pages() -> None:
    page = bench.Page
    assert page("readability", "rtl-1", b"", "Lorem ipsum dolor sit amet.").synthetic
    assert not page("readability", "nytimes-1", b"", "The city council voted on Tuesday.").synthetic
    # A real page quoting the phrase is one of scrapinghub's, never left out.
    assert not page("scrapinghub", "abc", b"", "Designers call it lorem ipsum text.").synthetic
