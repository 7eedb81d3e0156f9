#!/usr/bin/env python3
"""Fidelity benchmark: generated posts with known truth through `dedupe.normalize_text`.

    python benchmarks/fidelity.py                      # 3,000 posts, seed 0, a table per class
    python benchmarks/fidelity.py --n 500 --langs ko   # only Korean posts
    python benchmarks/fidelity.py --exhaustive         # compare with all-pairs matching on every post
    python benchmarks/fidelity.py --show 1234          # one post: its text, truth, output and failures

Posts come from `tests.generators` (`generate(seed)`, a pure function of the seed). Run
`--seed S` uses the post seeds S*1,000,000, S*1,000,000+1, ... (those matching the filters),
so a seed printed here reproduces with `--show SEED` alone. The tables go to stdout as
Markdown; progress to stderr.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
try:
    import dedupe
except ImportError:  # not installed: this checkout's sources
    sys.path.insert(1, str(ROOT / "src"))
    import dedupe

from tests.generators import (  # noqa: E402
    FAILURES,
    LANGS,
    MIXES,
    Spec,
    Truth,
    check,
    generate,
    k_bucket,
    spec,
)
from tests.helpers import doc_content, headings  # noqa: E402

from dedupe.config import Config  # noqa: E402
from dedupe.match import exhaustive_matches  # noqa: E402
from dedupe.pipeline import analyze  # noqa: E402

COLUMNS = {"lost": "lost", "duplicated": "dup", "facts": "facts", "copies_wrong": "copies", "headings_not_once":
           "headings", "title_wrong": "title", "coverage": "cov<1", "chrome_in_content": "chrome",
           "spaces_lost": "spaces"}
STRIDE = 1_000_000


def seeds(start: int, n: int, keep: Callable[[Spec], bool]) -> Iterator[int]:
    s, found = start * STRIDE, 0
    while found < n:
        if keep(spec(s)):
            found += 1
            yield s
        s += 1


def same_merges(text: str) -> bool:
    """Whether the default matcher and all-pairs comparison give the same copies and elements."""
    cfg = Config()
    fast = analyze(text, cfg, "text")
    slow = analyze(text, cfg, "text", matcher=exhaustive_matches)
    return fast.copies == slow.copies and [(e.members, e.text) for e in fast.elements] == [
        (e.members, e.text) for e in slow.elements]


def run_one(job: tuple[int, bool]) -> dict[str, Any]:
    seed, exhaustive = job
    truth = generate(seed)
    t0 = time.perf_counter()
    doc = dedupe.normalize_text(truth.text, source="post.txt")
    ms = (time.perf_counter() - t0) * 1000
    failures = check(doc.to_json(), truth)
    return {
        "seed": seed, "k": truth.k, "mix": truth.mix, "lang": truth.lang,
        "source": "gen" if truth.source == "gen" else "real:" + truth.source, "features": truth.features,
        "failures": {k: str(v[0])[:90] for k, v in failures.items()}, "ms": ms,
        "fallback": doc.report.fallback is not None,
        "exh": same_merges(truth.text) if exhaustive else None,
    }


def table(title: str, rows: list[dict[str, Any]], key: Callable[[dict[str, Any]], list[str]]) -> list[str]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        for k in key(r):
            groups[k].append(r)
    head = ["class", "posts", "all ok", *COLUMNS.values(), "fallback", "ms p50", "exh≠"]
    out = [f"### {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in sorted(groups, key=_order):
        g = groups[name]
        checked = [r for r in g if r["exh"] is not None]
        cells = [name, str(len(g)), str(sum(not r["failures"] for r in g))]
        cells += [str(sum(f in r["failures"] for r in g) or "") for f in FAILURES]
        cells.append(str(sum(r.get("fallback", False) for r in g) or ""))
        cells.append(f"{statistics.median(r['ms'] for r in g):.1f}")
        cells.append(f"{sum(not r['exh'] for r in checked)}/{len(checked)}" if checked else "")
        out.append("| " + " | ".join(cells) + " |")
    return out + [""]


def _order(name: str) -> tuple[Any, ...]:
    parts = name.replace("k4-5", "k4").replace("k6-8", "k6").split()
    return tuple((0, int(p[1:])) if p[:1] == "k" and p[1:].isdigit() else (1, p) for p in parts)


def klass(r: dict[str, Any]) -> str:
    return f"{k_bucket(r['k'])} {r['mix']}"


def report(rows: list[dict[str, Any]], examples: int) -> str:
    out = []
    out += table("by paste count and mix", rows, lambda r: [klass(r)])
    out += table("by k", rows, lambda r: [f"k{r['k']}"])
    out += table("by language", rows, lambda r: [r["lang"]])
    out += table("by source", rows, lambda r: [r["source"]])
    out += table("by feature (a post counts under each of its features)", rows, lambda r: list(r["features"]))
    out += ["### first failing seeds per class (reproduce with `--show SEED`)", ""]
    by_class: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r["failures"]:
            by_class[f"{klass(r)} {r['lang']}"].append(r)
    for name in sorted(by_class, key=_order):
        shown = ", ".join(f"{r['seed']} ({'+'.join(sorted(r['failures']))})" for r in _varied(by_class[name], examples))
        out.append(f"- {name}: {shown}")
    out += ["", "### first seeds per failure kind (posts with the fewest other failures first)", ""]
    for kind in FAILURES:
        hits = sorted((r for r in rows if kind in r["failures"]), key=lambda r: (len(r["failures"]), r["seed"]))
        if hits:
            shown = "; ".join(f"{r['seed']} ({r['k']}x {r['lang']}: {r['failures'][kind][:60]})"
                              for r in hits[:examples])
            out.append(f"- {kind}: {shown}")
    fell_back = [r["seed"] for r in rows if r.get("fallback")]
    out += ["", f"exact-only fallback (over the matching budget) on {len(fell_back)} of {len(rows)} posts"
            + (f": {', '.join(map(str, fell_back[:10]))}" if fell_back else "")]
    diff = [r["seed"] for r in rows if r["exh"] is False]
    out += ["", f"index vs all-pairs merges differ on {len(diff)} of {sum(r['exh'] is not None for r in rows)} "
            f"checked posts" + (f": {', '.join(map(str, diff[:10]))}" if diff else "")]
    return "\n".join(out)


def _varied(rows: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """Up to `n` rows, one per distinct set of failure kinds first."""
    seen: set[frozenset[str]] = set()
    first = []
    for r in rows:
        kinds = frozenset(r["failures"])
        if kinds not in seen:
            seen.add(kinds)
            first.append(r)
    rest = [r for r in rows if r not in first]
    return sorted((first + rest)[:n], key=lambda r: r["seed"])


def show(seed: int) -> None:
    truth = generate(seed)
    print(f"seed {seed}: source {truth.source}, lang {truth.lang}, pattern {truth.pattern} ({truth.mix}), "
          f"features {', '.join(truth.features)}")
    print("edits:" + "".join(f"\n  {e}" for e in truth.edits) if truth.edits else "edits: none")
    print(f"title {truth.title!r}; {len(truth.headings)} headings, {len(truth.sentences)} sentences, "
          f"{len(truth.facts)} fact pairs, chrome {list(truth.chrome)}")
    print("---- post")
    for n, line in enumerate(truth.text.split("\n")[:-1], start=1):
        print(f"{n:4} {line}")
    doc = dedupe.normalize_text(truth.text, source="post.txt")
    data = doc.model_dump()
    print("---- output")
    print(f"title {data['title']!r}, copies_detected {doc.report.copies_detected}, coverage {doc.report.coverage}, "
          f"{len(doc.report.merges)} merges, boilerplate {[b['text'] for b in data['boilerplate']]}")
    print(f"headings: {headings(data['sections'])}")
    for s in doc_content(data):
        print(f"  | {s[:150]}")
    failures = check(data, truth)
    print("---- failures" if failures else "---- no failures")
    for kind, details in failures.items():
        print(f"{kind} ({len(details)}):")
        for d in details[:12]:
            print(f"  {str(d)[:200]}")
    print(f"index vs all-pairs merges: {'same' if same_merges(truth.text) else 'DIFFERENT'}")


def _code_version() -> str:
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"], capture_output=True,
                               text=True, check=True).stdout.strip()
        return commit + (" + uncommitted changes in src/" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _list(values: list[str] | None) -> list[str] | None:
    return [v for item in values for v in item.split(",") if v] if values else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=3000, help="posts to run (default 3000)")
    ap.add_argument("--seed", type=int, default=0, help="run seed: posts S*1e6, S*1e6+1, ... (default 0)")
    ap.add_argument("--langs", nargs="+", help=f"only these languages ({', '.join(LANGS)}; space or comma separated)")
    ap.add_argument("--k", nargs="+", help="only these paste counts (1-8)")
    ap.add_argument("--mix", nargs="+", help=f"only these mixes ({', '.join(MIXES)})")
    ap.add_argument("--source", nargs="+", help="only these sources (gen, seed1, en_triple, ...)")
    ap.add_argument("--exhaustive", action="store_true", help="compare with all-pairs matching on every post "
                    "(default: every 10th)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1; timings are per post)")
    ap.add_argument("--examples", type=int, default=3, help="failing seeds shown per class (default 3)")
    ap.add_argument("--show", type=int, metavar="SEED", help="print one post, its truth, output and failures")
    ap.add_argument("--json", metavar="FILE", help="also write every post's row (seed, class, failures, ms) as JSON")
    args = ap.parse_args(argv)
    if args.show is not None:
        show(args.show)
        return 0
    langs, ks, mixes, sources = _list(args.langs), _list(args.k), _list(args.mix), _list(args.source)

    def keep(s: Spec) -> bool:
        return ((not langs or s.lang in langs) and (not ks or str(s.k) in ks) and (not mixes or s.mix in mixes)
                and (not sources or s.source in sources))

    jobs = [(s, args.exhaustive or i % 10 == 0) for i, s in enumerate(seeds(args.seed, args.n, keep))]
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    if args.jobs > 1:
        from multiprocessing import Pool

        with Pool(args.jobs) as pool:
            for r in pool.imap(run_one, jobs, chunksize=8):
                rows.append(r)
                _progress(len(rows), len(jobs))
    else:
        for job in jobs:
            rows.append(run_one(job))
            _progress(len(rows), len(jobs))
    print(file=sys.stderr)
    wall = time.perf_counter() - started
    print(f"## Fidelity: {len(rows)} generated posts, run seed {args.seed}, code {_code_version()}, "
          f"{wall:.0f} s wall with {args.jobs} job(s)\n")
    print("Columns count posts with at least one failure of the kind; ms p50 is the median time of "
          "`normalize_text`; fallback counts posts matched on exact keys only because they went over their "
          "matching budget (none should); exh≠ counts posts whose merges differ from all-pairs matching (of those "
          "checked).\n")
    print(report(rows, args.examples))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty() and (done % 50 == 0 or done == total):
        print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)


__all__ = ["Truth", "main"]

if __name__ == "__main__":
    sys.exit(main())
