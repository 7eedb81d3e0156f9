#!/usr/bin/env python3
"""HTML tokenizer benchmark: the regex tokenizer against the previous HTMLParser one, same run.

    python benchmarks/html_tokens_speed.py DIR [DIR ...]          # real pages: identical events? time, old vs new
    python benchmarks/html_tokens_speed.py --fuzz 20000           # random HTML-ish pages: identical events?
    python benchmarks/html_tokens_speed.py DIR --repeat 5 --fuzz 5000 --seed 3

A DIR holds pages: every `*.html.gz` and `*.html` under it (`expected.html`, mozilla/
readability's expected output, is not a page). The two public sets this was measured on,
neither committed here: scrapinghub/article-extraction-benchmark's `html/` (181 pages) and
mozilla/readability's `test/test-pages/` (`*/source.html`).

Every page is decoded as `dedupe` decodes it, then tokenized by `dedupe.ingest.html_tokens.
tokenize` (new) and by `tests/html_reference.py` (old), alternately, `--repeat` times each;
a page's time is the median of its runs, in CPU time of this process (the machine may be
busy with other work). The events must be equal, field for field; the first difference of
each page that differs is printed. The table (Markdown, on stdout) gives the median and the
total over pages and the ratio new/old of each. Exit status 1 when any page or fuzzed input
differs.
"""

from __future__ import annotations

import argparse
import gzip
import random
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # tests/html_reference.py
try:
    import dedupe  # noqa: F401
except ImportError:  # not installed: this checkout's sources
    sys.path.insert(0, str(ROOT / "src"))

from tests.html_reference import FRAGMENTS, tokenize_reference  # noqa: E402

from dedupe.ingest.decode import decode_bytes  # noqa: E402
from dedupe.ingest.html_tokens import Event, tokenize  # noqa: E402


def pages(dirs: list[Path]) -> Iterator[tuple[str, str]]:
    """(name, decoded text) of every page under `dirs`."""
    for folder in dirs:
        found = sorted(p for p in folder.rglob("*") if p.name.endswith((".html", ".html.gz"))
                       and p.name != "expected.html" and p.is_file())
        for path in found:
            data = path.read_bytes()
            if path.name.endswith(".gz"):
                data = gzip.decompress(data)
            text, _ = decode_bytes(data, html=True)
            yield str(path.relative_to(folder)), text


def first_difference(old: list[Event], new: list[Event]) -> str | None:
    """Where two event lists part, or None when they are equal."""
    if old == new:
        return None
    for k, (a, b) in enumerate(zip(old, new)):
        if a != b:
            return f"event {k}: old {a!r} new {b!r}"
    return f"{len(old)} events old, {len(new)} new"


def random_page(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, size)))


def fuzz(count: int, seed: int) -> int:
    """Compare on `count` random pages; the number that differ."""
    rng = random.Random(seed)
    differ = 0
    for k in range(count):
        page = random_page(rng, 12 if k % 2 else 60)
        where = first_difference(tokenize_reference(page), tokenize(page))
        if where:
            differ += 1
            if differ <= 10:
                print(f"fuzz: {page!r}: {where}", file=sys.stderr)
    return differ


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="*", type=Path, help="folders of pages (*.html, *.html.gz)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per page and tokenizer (default 3)")
    ap.add_argument("--fuzz", type=int, default=0, help="also compare on this many random pages")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    old_times: list[float] = []
    new_times: list[float] = []
    differ: list[str] = []
    events = chars = 0
    clock = time.process_time  # CPU time: the machine may be busy with other work
    for name, text in pages(args.dirs):
        old_runs, new_runs = [], []
        old = new = None
        for _ in range(args.repeat):
            t0 = clock()
            old = tokenize_reference(text)
            t1 = clock()
            new = tokenize(text)
            t2 = clock()
            old_runs.append(t1 - t0)
            new_runs.append(t2 - t1)
        assert old is not None and new is not None
        where = first_difference(old, new)
        if where:
            differ.append(name)
            print(f"{name}: {where}", file=sys.stderr)
        old_times.append(statistics.median(old_runs))
        new_times.append(statistics.median(new_runs))
        events += len(old)
        chars += len(text)
        print(f"{name}: {len(old)} events, old {old_times[-1] * 1e3:.1f} ms, new {new_times[-1] * 1e3:.1f} ms",
              file=sys.stderr)

    if old_times:
        old_med, new_med = statistics.median(old_times), statistics.median(new_times)
        old_sum, new_sum = sum(old_times), sum(new_times)
        print(f"{len(old_times)} pages, {chars / 1e6:.1f} M characters, {events} events; "
              f"median of {args.repeat} runs per page; identical events: {len(old_times) - len(differ)}"
              f"/{len(old_times)}\n")
        print("| tokenizer | median per page (ms) | total (s) |")
        print("|---|---:|---:|")
        print(f"| old: HTMLParser (tests/html_reference.py) | {old_med * 1e3:.2f} | {old_sum:.2f} |")
        print(f"| new: regex (dedupe.ingest.html_tokens) | {new_med * 1e3:.2f} | {new_sum:.2f} |")
        print(f"| ratio new/old | {new_med / old_med:.2f} | {new_sum / old_sum:.2f} |")
        ratios = sorted(n / o for n, o in zip(new_times, old_times))
        print(f"\nper-page ratio new/old: median {statistics.median(ratios):.2f}, "
              f"worst {ratios[-1]:.2f}, best {ratios[0]:.2f}")
    fuzz_differ = 0
    if args.fuzz:
        fuzz_differ = fuzz(args.fuzz, args.seed)
        print(f"\nfuzz: {args.fuzz} random pages (seed {args.seed}), {fuzz_differ} differ")
    return 1 if differ or fuzz_differ else 0


if __name__ == "__main__":
    sys.exit(main())
