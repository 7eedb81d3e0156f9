#!/usr/bin/env python3
"""Bounded work (issue 13, point 5): the inputs that make the matcher work hardest, timed.

    .venv/bin/python benchmarks/adversarial.py            # about 2 minutes on 2 cores
    .venv/bin/python benchmarks/adversarial.py --quick    # smaller sizes, one run each

Each family of `tests/adversarial.py` (the all-near-duplicate post, a 4-line post pasted
thousands of times verbatim or with one letter changed in each paste, thousands of
identical short lines, lines alike in pairs) is normalized at growing sizes, and so is an
ordinary post of the same number of lines (`generate.make_long_post`: a report pasted
twice), the baseline measured in the same run. The table gives, per size, the median
time of `normalize_text` + `to_json_bytes`, the baseline's, their ratio, whether the post
went over its matching budget (`report.fallback`), and per family the growth exponents
between sizes, checked against the issue's targets. Markdown on stdout, progress on stderr.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generate import SEED_PATH, make_long_post  # noqa: E402
from run import fmt_time, machine_info, render, snapshot_library  # noqa: E402


@dataclass(frozen=True)
class Family:
    name: str
    label: str
    make: Callable[[int], str]
    sizes: tuple[int, ...]  # in the family's unit: lines, or pastes
    lines_per: int  # lines per unit of size
    growth_max: float | None = None  # target exponent between the smallest and the largest size
    largest_s: tuple[int, float] | None = None  # (size, seconds): this size in under this many seconds


def families(quick: bool) -> list[Family]:
    from tests import adversarial as adv

    def pick(full: tuple[int, ...], small: tuple[int, ...]) -> tuple[int, ...]:
        return small if quick else full

    return [
        Family("near", "all-near-duplicate post (lines one letter from one sentence)", adv.near_duplicate_post,
               pick((1000, 2000, 4000, 8000), (500, 1000, 2000)), 1, 1.3, None if quick else (8000, 10.0)),
        Family("pastes", "4-line post pasted k times, verbatim", adv.pasted_post,
               pick((250, 500, 1000, 2000), (250, 500, 1000)), 4, 1.2),
        Family("pastes-20k", "4-line post pasted 20,000 times, verbatim", adv.pasted_post,
               () if quick else (20000,), 4, None, (20000, 10.0)),
        Family("edited", "4-line post pasted k times, one letter off in each paste",
               lambda k: adv.pasted_post(k, edited=True), pick((250, 500, 1000, 2000, 8000, 20000), (250, 1000)), 4),
        Family("short", "identical short lines (3 in turn)", adv.identical_short_lines,
               pick((1000, 2000, 4000, 8000), (1000, 4000)), 1),
        Family("pairs", "lines alike in pairs (a sentence, then itself one letter off)", adv.alike_in_pairs,
               pick((1000, 2000, 4000, 8000), (1000, 4000)), 1),
    ]


@dataclass
class Timing:
    times: list[float]
    info: dict[str, object]

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def time_text(text: str, repeats: int, budget_s: float) -> Timing:
    import dedupe

    times: list[float] = []
    info: dict[str, object] = {}
    while True:
        gc.collect()
        t0 = time.perf_counter()
        doc = dedupe.normalize_text(text, source="post.txt")
        doc.to_json_bytes()
        elapsed = time.perf_counter() - t0
        times.append(elapsed)
        r = doc.report
        info = {"copies": r.copies_detected, "blocks_in": r.blocks_in, "blocks_out": r.blocks_out,
                "coverage": r.coverage,
                "fallback": f"{r.fallback.budget} ({r.fallback.stage})" if r.fallback else "no"}
        if len(times) >= repeats or sum(times) + elapsed > budget_s:
            return Timing(times, info)


def growth(t1: float, t2: float, n1: int, n2: int) -> float:
    return math.log(t2 / t1) / math.log(n2 / n1)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


COLUMNS = ("input", "size", "lines", "ours (median)", "baseline", "ours/baseline", "budget", "copies",
           "blocks in -> out", "coverage", "target", "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller sizes, one run each")
    ap.add_argument("--repeats", type=int, default=None, help="timed runs per input (default 5, --quick 1)")
    ap.add_argument("--only", default="", help="comma-separated families (near, pastes, pastes-20k, edited, short, "
                    "pairs; default: all)")
    args = ap.parse_args(argv)
    repeats = args.repeats or (1 if args.quick else 5)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dedupe-adversarial-") as tmp:
        info = machine_info(snapshot_library(Path(tmp) / "lib"))
        import dedupe

        dedupe.normalize_text(SEED_PATH.read_text(encoding="utf-8"))  # warm-up: imports, patterns, caches
        chosen = [f for f in families(args.quick) if not args.only or f.name in args.only.split(",")]
        rows: list[list[str]] = []
        baselines: dict[int, Timing] = {}
        for fam in chosen:
            timed: dict[int, Timing] = {}
            for size in fam.sizes:
                lines = size * fam.lines_per
                text = fam.make(size)
                print(f"{fam.name} {size}: {lines} lines", file=sys.stderr, flush=True)
                timed[size] = time_text(text, repeats, budget_s=60.0)
                if lines not in baselines:
                    print(f"  baseline: ordinary post of {lines} lines", file=sys.stderr, flush=True)
                    baselines[lines] = time_text(make_long_post(lines), repeats, budget_s=60.0)
                t, base = timed[size], baselines[lines]
                target, ok = "", None
                if fam.largest_s and fam.largest_s[0] == size:
                    target, ok = f"< {fam.largest_s[1]:g} s", t.median < fam.largest_s[1]
                rows.append([fam.label if size == fam.sizes[0] else "", f"{size:,}", f"{lines:,}",
                             f"{fmt_time(t.median)} ({len(t.times)})", fmt_time(base.median),
                             f"{t.median / base.median:.2f}×", str(t.info["fallback"]), f"{t.info['copies']:,}",
                             f"{t.info['blocks_in']:,} -> {t.info['blocks_out']:,}", str(t.info["coverage"]),
                             target, "" if ok is None else verdict(ok)])
            sizes = list(fam.sizes)
            steps = list(zip(sizes, sizes[1:]))
            if len(sizes) > 2:
                steps.append((sizes[0], sizes[-1]))
            for small, large in steps:
                g = growth(timed[small].median, timed[large].median, small, large)
                gb = growth(baselines[small * fam.lines_per].median, baselines[large * fam.lines_per].median,
                            small, large)
                target, ok = "", None
                if fam.growth_max is not None and (small, large) == (sizes[0], sizes[-1]):
                    target, ok = f"<= {fam.growth_max:g}", g <= fam.growth_max
                rows.append(["", f"growth {small:,} -> {large:,}", "", f"exponent {g:.2f}", f"exponent {gb:.2f}",
                             "", "", "", "", "", target, "" if ok is None else verdict(ok)])
    info["load_end"] = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    out = [f"# dedupe adversarial benchmark{' (--quick)' if args.quick else ''}", "",
           f"- date: {info['date']}", f"- machine: {info['cpu']}", f"- python: {info['python']}",
           f"- {info['libraries']}", f"- code: {info['code']}",
           f"- {info['load']} at start, {info['load_end']} at end",
           f"- run took {(time.perf_counter() - started) / 60:.1f} min; times are medians of up to {repeats} runs "
           "of normalize_text + to_json_bytes (the run count in brackets); the baseline is an ordinary post of the "
           "same number of lines (generate.make_long_post, a report pasted twice), timed in the same run", "",
           render(rows, COLUMNS), ""]
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
