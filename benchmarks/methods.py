"""The three designs the benchmark times on the same files, and the same-merges checks.

- `run_ours`: the library, `dedupe.normalize_file` then `Document.to_json_bytes`, written out.
- `run_floor`: what any tool must pay: read, decode, drop exact duplicate lines with a
  set, write the remaining lines as a JSON list.
- `run_naive`: the all-pairs design: the library's ingester for the blocks, the
  comparison key of every block, then `rapidfuzz.process.cdist` with `fuzz.ratio` over all
  pairs (upper triangle, in row chunks, `score_cutoff` = the match threshold), writing the
  matched pairs. Above a time budget it times a spread sample of row chunks and
  extrapolates (and says so).

Every function writes its output file, so reading and writing are always included.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dedupe
from dedupe.config import Config

CHUNK_ROWS = 256

# ---------------------------------------------------------------- stage timing


@dataclass
class StageClock:
    """Time per stage of one run: ours reads its steps' counters, the baselines time their parts."""

    totals: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        self.totals[name] = self.totals.get(name, 0.0) + seconds

    def take(self) -> dict[str, float]:
        out, self.totals = self.totals, {}
        return out


# ---------------------------------------------------------------- the three designs


def run_ours(src: Path, out: Path, clock: StageClock | None = None) -> dict[str, Any]:
    """The library: normalize the file, serialize, write (as the CLI does: UTF-8 bytes
    straight from the serializer). With a `clock`, each step's time is read from its
    counters (`dedupe.steps`: the list is made fresh for the run, so they count this run)."""
    from dedupe.steps import default_steps

    steps = default_steps()
    doc = dedupe.normalize_file(src, steps=steps)
    if clock is not None:
        for step in steps:
            clock.add(step.name, step.counters.seconds)
    t0 = time.perf_counter()
    data = doc.to_json_bytes()
    t1 = time.perf_counter()
    out.write_bytes(data)
    if clock is not None:
        clock.add("to_json", t1 - t0)
        clock.add("write", time.perf_counter() - t1)
    report = doc.report
    return {"blocks_in": report.blocks_in, "blocks_out": report.blocks_out,
            "copies": report.copies_detected, "merges": len(report.merges)}


def run_floor(src: Path, out: Path, clock: StageClock | None = None) -> dict[str, Any]:
    """The floor: read, drop exact duplicate lines with a set, write the lines as JSON."""
    text = src.read_bytes().decode("utf-8-sig")
    lines = text.splitlines()
    seen: set[str] = set()
    kept = []
    for line in lines:
        if line not in seen:
            seen.add(line)
            kept.append(line)
    out.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
    return {"lines_in": len(lines), "lines_out": len(kept)}


@dataclass(frozen=True, slots=True)
class NaivePairs:
    """The pairs the all-pairs design finds, or (when sampled) an estimate of its time."""

    pairs: tuple[tuple[int, int], ...] | None  # None when only a sample was computed
    seconds: float  # measured, or extrapolated from the sample
    sampled_fraction: float  # 1.0 when every pair was scored


def naive_pairs(keys: Sequence[str], threshold: float, budget_s: float | None = None) -> NaivePairs:
    """All pairs i < j with `fuzz.ratio(keys[i], keys[j]) >= threshold`, by `cdist` in row chunks.

    Chunk rows [lo, hi) are scored against columns [lo, n) (the upper triangle and a
    sliver of the diagonal), one worker, uint8 scores. When the first chunks predict more
    than `budget_s` seconds, only every k-th chunk is scored and the time is scaled by the
    number of cells: rows of a chunk cost in proportion to their columns.
    """
    import numpy as np
    from rapidfuzz import fuzz, process

    n = len(keys)
    chunks = [(lo, min(n, lo + CHUNK_ROWS)) for lo in range(0, n, CHUNK_ROWS)]
    total_cells = sum((hi - lo) * (n - lo) for lo, hi in chunks)
    found: list[tuple[int, int]] = []
    done_cells = 0
    spent = 0.0
    stride = 1
    k = 0
    while k < len(chunks):
        lo, hi = chunks[k]
        t0 = time.perf_counter()
        scores = process.cdist(keys[lo:hi], keys[lo:], scorer=fuzz.ratio, score_cutoff=threshold,
                               dtype=np.uint8, workers=1)
        rows, cols = np.nonzero(scores)
        keep = cols > rows
        found.extend(zip((rows[keep] + lo).tolist(), (cols[keep] + lo).tolist()))
        spent += time.perf_counter() - t0
        done_cells += (hi - lo) * (n - lo)
        if budget_s is not None and stride == 1 and spent > 1.0:
            predicted = spent / done_cells * total_cells
            if predicted > budget_s:
                stride = max(2, math.ceil(predicted / (budget_s / 2)))
        k += stride
    if done_cells == total_cells:
        return NaivePairs(tuple(found), spent, 1.0)
    return NaivePairs(None, spent / done_cells * total_cells, done_cells / total_cells)


def run_naive(src: Path, out: Path, clock: StageClock | None = None, budget_s: float | None = None) -> dict[str, Any]:
    """The all-pairs design: blocks, keys, cdist over every pair, the pairs written as JSON."""
    from dedupe.ingest.plaintext import ingest_text
    from dedupe.text import comparison_key

    config = Config()
    t0 = time.perf_counter()
    text = src.read_bytes().decode("utf-8-sig")
    blocks = ingest_text(text, config).blocks
    t1 = time.perf_counter()
    keys = [comparison_key(b.text) for b in blocks]
    t2 = time.perf_counter()
    result = naive_pairs(keys, config.match_threshold, budget_s)
    t3 = time.perf_counter()
    out.write_text(json.dumps(result.pairs or []), encoding="utf-8")
    t4 = time.perf_counter()
    if clock is not None:
        clock.add("read+ingest", t1 - t0)
        clock.add("keys", t2 - t1)
        clock.add("cdist", result.seconds)
        clock.add("write", t4 - t3)
    extra = 0.0 if result.sampled_fraction == 1.0 else result.seconds - (t3 - t2)
    return {"blocks": len(blocks), "pairs": None if result.pairs is None else len(result.pairs),
            "sampled_fraction": result.sampled_fraction, "extrapolated_extra_s": extra}


METHODS: dict[str, Callable[..., dict[str, Any]]] = {"ours": run_ours, "floor": run_floor, "naive": run_naive}


# ---------------------------------------------------------------- same merges


@dataclass(frozen=True, slots=True)
class PairDiff:
    """Two sets of pairs compared: sizes, and what each has that the other lacks."""

    ours: int
    theirs: int
    only_ours: int
    only_theirs: int

    @property
    def equal(self) -> bool:
        return self.only_ours == 0 and self.only_theirs == 0

    def describe(self, theirs_name: str) -> str:
        if self.equal:
            return f"equal ({self.ours} pairs)"
        return (f"{self.only_ours + self.only_theirs} differ: {self.only_theirs} only in {theirs_name}, "
                f"{self.only_ours} only in ours ({self.theirs} vs {self.ours} pairs)")

    def __add__(self, other: PairDiff) -> PairDiff:
        return PairDiff(self.ours + other.ours, self.theirs + other.theirs, self.only_ours + other.only_ours,
                        self.only_theirs + other.only_theirs)


def _diff(ours: set[tuple[int, int]], theirs: set[tuple[int, int]]) -> PairDiff:
    return PairDiff(len(ours), len(theirs), len(ours - theirs), len(theirs - ours))


def _analysed_units(text: str, config: Config) -> tuple[list[Any], list[Any], list[Any]]:
    """Blocks, units and matches as `dedupe.pipeline.analyze` makes them (the blocks the
    units point into: as ingested, before any is split where a copy starts)."""
    from dedupe.match import find_matches
    from dedupe.pipeline import analyze

    seen: dict[str, list[Any]] = {}

    def recorder(units: Sequence[Any], cfg: Config) -> list[Any]:
        seen["units"], seen["matches"] = list(units), find_matches(units, cfg)
        return seen["matches"]

    analysis = analyze(text, config, matcher=recorder)
    return list(analysis.ingested.blocks), seen["units"], seen["matches"]


def all_pairs_matches(units: Sequence[Any], config: Config) -> list[Any]:
    """Every matching pair of units by exhaustive comparison, under the matcher's own rule.

    That rule is `match.score.score_pair` (same class; equal keys always match; otherwise the length
    guard, `fuzz.ratio` at the threshold and the fact/extension guard). Equal keys are
    grouped; every other pair of keys of one class within the length bounds is scored with
    `cdist` at the same `score_cutoff`, in row chunks (fast enough for thousands of units),
    and each pair it keeps is decided by `score_pair`.
    """
    import numpy as np
    from rapidfuzz import fuzz, process

    from dedupe import match

    found: dict[tuple[int, int], float] = {}
    by_key: dict[tuple[str, str], list[int]] = {}
    by_kind: dict[str, list[Any]] = {}
    for u in units:
        by_key.setdefault((u.match_class, u.key), []).append(u.pos)
        if config.min_unit_chars <= len(u.key) <= config.max_fuzzy_chars:  # `score_pair` refuses the rest
            by_kind.setdefault(u.match_class, []).append(u)
    for idx in by_key.values():
        for n, x in enumerate(idx):
            for y in idx[n + 1 :]:
                found[(x, y)] = 100.0
    for group in by_kind.values():
        keys = [u.key for u in group]
        for lo in range(0, len(keys), CHUNK_ROWS):
            scores = process.cdist(keys[lo : lo + CHUNK_ROWS], keys[lo:], scorer=fuzz.ratio,
                                   score_cutoff=config.match_threshold, dtype=np.uint8, workers=1)
            for r, c in zip(*np.nonzero(scores)):
                if c <= r:  # the diagonal, and pairs seen from the other side
                    continue
                a, b = group[lo + int(r)], group[lo + int(c)]  # a group is in document order
                if a.key != b.key and (score := match.score.score_pair(a, b, config)):
                    found[(a.pos, b.pos)] = score
    return [match.Match(a, b, s) for (a, b), s in sorted(found.items())]


def compare_unit_pairs(text: str, config: Config | None = None) -> PairDiff:
    """Fuzzy unit pairs (keys differ) of `find_matches` vs those of the exhaustive comparison.

    A pair only on the exhaustive side is one the candidate index did not propose; since
    the index is allowed to be a filter (the alignment compares the gaps exhaustively),
    this is information: `compare_outputs` says whether the merges are the same.
    """
    config = config or Config()
    _, units, matches = _analysed_units(text, config)
    ours = {(m.a, m.b) for m in matches if units[m.a].key != units[m.b].key}
    theirs = {(m.a, m.b) for m in all_pairs_matches(units, config) if units[m.a].key != units[m.b].key}
    return _diff(ours, theirs)


@dataclass(frozen=True, slots=True)
class OutputDiff:
    """The documents made with `find_matches` and with the exhaustive matcher, compared."""

    identical: bool
    merges: int  # merges in our output
    only_ours: int  # merges (by kind and spans) that the exhaustive run does not make
    only_exhaustive: int
    copies: tuple[int, int]  # copies detected: ours, exhaustive

    def describe(self) -> str:
        if self.identical:
            return f"identical output ({self.merges} merges)"
        return (f"output differs: {self.only_exhaustive} merges only exhaustive, {self.only_ours} only ours "
                f"(of {self.merges}); copies {self.copies[0]} vs {self.copies[1]}")

    def __add__(self, other: OutputDiff) -> OutputDiff:
        return OutputDiff(self.identical and other.identical, self.merges + other.merges,
                          self.only_ours + other.only_ours, self.only_exhaustive + other.only_exhaustive,
                          (self.copies[0] + other.copies[0], self.copies[1] + other.copies[1]))


def compare_outputs(text: str, config: Config | None = None) -> OutputDiff:
    """Normalize `text` as shipped, and again with `find_matches` swapped for `all_pairs_matches`.

    The issue's "same merges": the JSON must be identical. Raises if the match step no longer
    calls the matcher swapped in (so that a silent no-op cannot pass).
    """
    config = config or Config()
    calls = []

    def exhaustive(units: Sequence[Any], cfg: Config) -> list[Any]:
        calls.append(len(units))
        return all_pairs_matches(units, cfg)

    from dedupe.steps import MatchUnits, default_steps

    ours = dedupe.normalize_text(text, config=config)
    theirs = dedupe.normalize_text(text, config=config, steps=default_steps().replaced(MatchUnits(exhaustive)))
    if not calls:
        raise RuntimeError("the match step no longer calls its matcher: cannot swap in the exhaustive matcher")

    def merge_keys(doc: Any) -> set[str]:
        out = set()
        for m in doc.report.merges:
            d = m.model_dump(mode="json")
            d.pop("into", None)  # output ids shift with any difference; kind and spans identify a merge
            d.pop("score", None)
            out.add(json.dumps(d, sort_keys=True))
        return out

    a, b = merge_keys(ours), merge_keys(theirs)
    return OutputDiff(ours.to_json() == theirs.to_json(), len(ours.report.merges), len(a - b), len(b - a),
                      (ours.report.copies_detected, theirs.report.copies_detected))


def compare_block_pairs(text: str, config: Config | None = None) -> PairDiff:
    """Block pairs the naive design merges vs block pairs `find_matches` links (via their units).

    Only blocks that have units (the ones the matcher sees) are counted on the naive side.
    The designs differ on purpose: ours matches sentences and guards facts and extensions,
    so this counts real differences in what is merged, not index misses.
    """
    from dedupe.text import comparison_key

    config = config or Config()
    blocks, units, matches = _analysed_units(text, config)
    matchable = {u.block for u in units}
    ours = {(units[m.a].block, units[m.b].block) for m in matches if units[m.a].block != units[m.b].block}
    keys = [comparison_key(b.text) for b in blocks]
    naive = naive_pairs(keys, config.match_threshold)
    theirs = {(a, b) for a, b in naive.pairs or () if a in matchable and b in matchable}
    return _diff(ours, theirs)


# ---------------------------------------------------------------- batch workers


def warm_worker(method: str) -> None:
    """Pool initializer: import everything and run the design once on the seed."""
    import tempfile

    from generate import SEED_PATH

    with tempfile.TemporaryDirectory(prefix="dedupe-bench-warm-") as tmp:
        METHODS[method](SEED_PATH, Path(tmp) / "out.json")


def process_file(task: tuple[str, str, str]) -> tuple[int, float, str | None]:
    """Pool task: one design on one file. Returns (input bytes, CPU seconds, error message or None)."""
    method, src, out = task
    cpu = time.process_time()
    size = Path(src).stat().st_size
    try:
        METHODS[method](Path(src), Path(out))
    except Exception as exc:  # a failing document is counted, not fatal to the benchmark
        return size, time.process_time() - cpu, f"{Path(src).name}: {type(exc).__name__}: {exc}"
    return size, time.process_time() - cpu, None
