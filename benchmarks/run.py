"""The dedupe benchmark: one command, one printed table (issue 6, item 3).

    .venv/bin/python benchmarks/run.py            # full run, about 3 minutes on 2 cores
    .venv/bin/python benchmarks/run.py --quick    # smoke test, about a minute

Measures, in one run, the library against two baselines (the floor and the naive
all-pairs design, see methods.py) on: the seed post; a generated corpus with 1 and 2
processes (and the CLI's --jobs when it has one); one synthetic post at three block
counts, with peak memory and growth exponents; and whether the matcher links the same
pairs as an exhaustive comparison. See README.md for what each row means.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import importlib.util
import json
import math
import multiprocessing
import operator
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import ROOT, SEED_PATH, make_corpus, make_long_post  # noqa: E402


@dataclass(frozen=True)
class Settings:
    seed_runs: int
    corpus_posts: int
    corpus_repeats: int
    sizes: tuple[int, ...]
    size_repeats: int
    size_budget_s: float  # per (design, size): stop repeating past this
    naive_budget_s: float  # per naive run: extrapolate from a sample beyond this
    check_sizes: tuple[int, ...]  # sizes for the same-merges checks


FULL = Settings(seed_runs=200, corpus_posts=2000, corpus_repeats=3, sizes=(1000, 4000, 16000), size_repeats=5,
                size_budget_s=60.0, naive_budget_s=90.0, check_sizes=(1000, 4000))
QUICK = Settings(seed_runs=20, corpus_posts=200, corpus_repeats=1, sizes=(250, 1000, 4000), size_repeats=1,
                 size_budget_s=10.0, naive_budget_s=10.0, check_sizes=(1000,))

# Targets of issue 6 (2-core machine).
SEED_MS = 10.0
SEED_POSTS_PER_S = 80.0
NEAR_2X = 1.8  # "near 2x with 2 processes", read as at least 1.8x
BIG_SIZE, BIG_S, BIG_MB = 16000, 5.0, 500.0
GROWTH_MAX = 1.2
FASTER_THAN_NAIVE = {4000: 5.0, 16000: 20.0}
MATCHING_STAGES = ("match", "align")  # the steps of ours that score unit pairs (match chains the runs too)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the machine


def machine_info(code: str) -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
    except OSError:
        pass
    import numpy
    import rapidfuzz

    import dedupe

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{cpu}, {os.cpu_count()} logical CPUs ({usable} usable), {mem}".rstrip(", "),
        "python": f"{platform.python_implementation()} {platform.python_version()} on {platform.system()} "
                  f"{platform.release()}",
        "libraries": f"dedupe {dedupe.__version__}, rapidfuzz {rapidfuzz.__version__}, numpy {numpy.__version__}",
        "code": code,
        "load": "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()),
    }


def snapshot_library(dest: Path) -> str:
    """Copy the `dedupe` package that `import dedupe` would load into `dest`, and load it from there.

    Other engineers edit src/ while this runs; a snapshot taken once makes every
    measurement of one run (this process, the child processes, the pool workers, the CLI)
    use the same code. Returns a description: commit, dirty flag, content digest, origin.
    """
    spec = importlib.util.find_spec("dedupe")
    if spec is None or spec.origin is None:
        raise SystemExit("dedupe is not importable: install the project first (pip install -e .)")
    origin = Path(spec.origin).resolve().parent
    target = dest / "dedupe"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(origin, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    digest = hashlib.sha256()
    for p in sorted(target.rglob("*")):
        if p.is_file():
            digest.update(p.relative_to(target).as_posix().encode() + b"\0" + p.read_bytes())
    sys.path.insert(0, str(dest))
    os.environ["PYTHONPATH"] = os.pathsep.join([str(dest), *filter(None, [os.environ.get("PYTHONPATH")])])
    where = f"snapshot {digest.hexdigest()[:12]} of {origin}"
    if origin != ROOT / "src" / "dedupe":
        return where
    head = _git("rev-parse", "--short", "HEAD") or "unknown commit"
    dirty = " + uncommitted changes in src/" if _git("status", "--porcelain", "--", "src") else ""
    return f"{head}{dirty} ({where})"


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


# ---------------------------------------------------------------- measurements


@dataclass
class ChildResult:
    times: list[float]
    stages: list[dict[str, float]]
    peak_mb: float
    base_mb: float
    info: dict[str, Any]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p90(self) -> float:
        if len(self.times) < 2:
            return self.times[0]
        return statistics.quantiles(self.times, n=10, method="inclusive")[-1]

    def stage_medians(self) -> dict[str, float]:
        names: dict[str, None] = {}
        for s in self.stages:
            names.update(dict.fromkeys(s))
        out = {n: statistics.median(s.get(n, 0.0) for s in self.stages) for n in names}
        out["other"] = max(0.0, statistics.median(t - sum(s.values()) for t, s in zip(self.times, self.stages)))
        return out


def measure(method: str, path: Path, repeats: int, budget_s: float, naive_budget_s: float | None = None
            ) -> ChildResult:
    """One design on one file, in a fresh process (see child.py)."""
    cmd = [sys.executable, str(HERE / "child.py"), method, str(path), "--repeats", str(repeats),
           "--budget", str(budget_s)]
    if naive_budget_s is not None:
        cmd += ["--naive-budget", str(naive_budget_s)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{method} on {path.name} failed:\n{proc.stderr.strip()}")
    data = json.loads(proc.stdout)
    return ChildResult(data["times"], data["stages"], data["peak_kb"] / 1024, data["base_kb"] / 1024, data["info"])


@dataclass
class BatchResult:
    walls: list[float]
    cpus: list[float]  # CPU seconds of all workers together, per run
    docs: int
    bytes_in: int
    errors: list[str] = field(default_factory=list)
    idle: list[float] = field(default_factory=list)  # cores the whole machine left idle, per run

    @property
    def idle_cores(self) -> float:
        return statistics.median(self.idle) if self.idle else float("nan")

    @property
    def cpu_per_doc(self) -> float:
        return statistics.median(self.cpus) / self.docs

    @property
    def cores_used(self) -> float:
        """CPU seconds of the workers per wall second: how many cores they actually had."""
        return statistics.median(c / w for c, w in zip(self.cpus, self.walls))

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.wall

    @property
    def mb_per_s(self) -> float:
        return self.bytes_in / 1e6 / self.wall


def machine_cpu_times() -> tuple[float, float] | None:
    """(idle, total) jiffies of all CPUs since boot, from /proc/stat; None where there is none."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    values = [float(v) for v in fields]
    return values[3] + values[4], sum(values[:8])  # idle + iowait; user..steal


def run_pool(method: str, jobs: int, paths: Sequence[Path], out_dir: Path
             ) -> tuple[float, float, int, list[str], float]:
    """Wall time, CPU time, bytes, errors, and the cores the machine left idle, of one design over
    every file with `jobs` warmed-up worker processes."""
    from methods import process_file, warm_worker

    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    tasks = [(method, str(p), str(out_dir / (p.stem + ".json"))) for p in paths]
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ctx.Pool(jobs, initializer=warm_worker, initargs=(method,)) as pool:
        pool.map(_ready, range(jobs * 4), chunksize=1)  # every worker started and warmed
        before = machine_cpu_times()
        t0 = time.perf_counter()
        results = list(pool.imap_unordered(process_file, tasks, chunksize=8))
        wall = time.perf_counter() - t0
        after = machine_cpu_times()
    idle = float("nan")
    if before and after and after[1] > before[1]:
        idle = (after[0] - before[0]) / (after[1] - before[1]) * (os.cpu_count() or 1)
    return wall, sum(cpu for _, cpu, _ in results), sum(size for size, _, _ in results), \
        [err for _, _, err in results if err], idle


def _ready(_: int) -> None:
    time.sleep(0.05)


def cli_jobs_available() -> Path | None:
    """The `dedupe` command when its `normalize` has a --jobs option, else None."""
    exe = Path(sys.executable).parent / "dedupe"
    if not exe.exists():
        found = shutil.which("dedupe")
        exe = Path(found) if found else exe
    if not exe.exists():
        return None
    proc = subprocess.run([str(exe), "normalize", "--help"], capture_output=True, text=True)
    return exe if "--jobs" in proc.stdout else None


def run_cli(exe: Path, jobs: int, corpus: Path, out_dir: Path) -> tuple[float, int]:
    shutil.rmtree(out_dir, ignore_errors=True)
    t0 = time.perf_counter()
    proc = subprocess.run([str(exe), "normalize", str(corpus), "-o", str(out_dir), "--jobs", str(jobs)],
                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return time.perf_counter() - t0, proc.returncode


def growth(t1: float, t2: float, n1: int, n2: int) -> float:
    return math.log(t2 / t1) / math.log(n2 / n1)


# ---------------------------------------------------------------- formatting


def fmt_time(s: float) -> str:
    if s < 0.001:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.3g} ms"
    return f"{s:.3g} s"


def fmt_ratio(ours: float, other: float) -> str:
    """Our time as a multiple of another design's; below 1 we are faster."""
    r = ours / other
    if r >= 1000:
        return f"{r:,.0f}×"
    if r >= 1:
        return f"{r:.3g}×"
    return f"{r:.2g}× ({1 / r:.3g}× faster)"


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("PASS" if ok else "MISS")


COLUMNS = ("input", "measure", "ours", "floor", "naive", "ours/floor", "ours/naive", "target", "")


def render(rows: Sequence[Sequence[str]], columns: Sequence[str] = COLUMNS) -> str:
    widths = [max(len(str(r[i])) for r in [columns, *rows]) for i in range(len(columns))]
    line = "| " + " | ".join(c.ljust(w) for c, w in zip(columns, widths)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    return "\n".join([line, sep, *body])


# ---------------------------------------------------------------- the run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark dedupe against the floor and the all-pairs design.")
    parser.add_argument("--quick", action="store_true", help="small counts, for a smoke test (about a minute)")
    parser.add_argument("--json", type=Path, help="also write every measurement to this JSON file")
    parser.add_argument("--keep", type=Path, help="generate the inputs here and keep them (default: a temp dir)")
    parser.add_argument("--only", default=",".join(PARTS),
                        help=f"comma-separated parts to run, of {','.join(PARTS)} (default: all)")
    args = parser.parse_args(argv)
    try:
        import numpy  # noqa: F401  (rapidfuzz.process.cdist needs it)
    except ImportError:
        print("numpy is missing (rapidfuzz's cdist needs it): pip install -r benchmarks/requirements.txt",
              file=sys.stderr)
        return 2
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    if unknown := [p for p in parts if p not in PARTS]:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    s = QUICK if args.quick else FULL
    started = time.perf_counter()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        work = args.keep
        cleanup = None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="dedupe-bench-")
        work = Path(cleanup.name)
    try:
        info = machine_info(snapshot_library(work / "lib"))
        result = run_all(s, work, parts)
    finally:
        if cleanup is not None:
            cleanup.cleanup()
    info["load_end"] = "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    elapsed = time.perf_counter() - started

    flags = " ".join(flag for flag, on in (("--quick", args.quick), (f"--only {args.only}", set(parts) != set(PARTS)))
                     if on)
    out = [f"# dedupe benchmark{f' ({flags})' if flags else ''}", ""]
    out += [f"- date: {info['date']}", f"- machine: {info['cpu']}", f"- python: {info['python']}",
            f"- {info['libraries']}", f"- code: {info['code']}",
            f"- {info['load']} at start, {info['load_end'].removeprefix('load average ')} at end",
            f"- run took {elapsed / 60:.1f} min", ""]
    out += [render(result.rows), ""]
    if result.stages:
        out += ["Time per stage of ours (median of each stage over the runs, self time):", "",
                stage_breakdown(result.stages, result.naive_stages), ""]
    out += [f"- {n}" for n in result.notes]
    print("\n".join(out))
    if args.json:
        dump = {"machine": info, "rows": result.rows, "raw": result.raw}
        args.json.write_text(json.dumps(dump, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


PARTS = ("seed", "corpus", "long", "merges")


@dataclass
class Collected:
    """What the parts of a run add up: table rows, notes, raw data, stage times per input."""

    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    stages: dict[str, dict[str, float]] = field(default_factory=dict)
    naive_stages: dict[str, dict[str, float]] = field(default_factory=dict)


def run_all(s: Settings, work: Path, parts: Sequence[str]) -> Collected:
    out = Collected()
    if "seed" in parts:
        run_seed(s, out)
    if "corpus" in parts:
        run_corpus(s, work, out)
    if "long" in parts:
        run_long(s, work, out)
    if "merges" in parts:
        out.rows += same_merges_rows(s, work)
    return out


def run_seed(s: Settings, out: Collected) -> None:
    rows = out.rows
    log(f"seed: {s.seed_runs} runs of each design")
    seed = {m: measure(m, SEED_PATH, s.seed_runs, budget_s=600.0) for m in ("ours", "floor", "naive")}
    o, f, n = seed["ours"], seed["floor"], seed["naive"]
    rows.append([f"seed ({n.info['blocks']} blocks, {SEED_PATH.stat().st_size / 1000:.1f} KB)",
                 f"time/doc, median (p90) of {len(o.times)}",
                 f"{fmt_time(o.median)} ({fmt_time(o.p90)})", fmt_time(f.median), fmt_time(n.median),
                 fmt_ratio(o.median, f.median), fmt_ratio(o.median, n.median),
                 f"< {SEED_MS:g} ms", verdict(o.median * 1e3 < SEED_MS)])
    out.stages["seed"] = o.stage_medians()
    out.naive_stages["seed"] = n.stage_medians()
    out.raw["seed"] = {m: r.__dict__ for m, r in seed.items()}


def run_corpus(s: Settings, work: Path, out: Collected) -> None:
    rows, notes, raw = out.rows, out.notes, out.raw
    seed_bytes = SEED_PATH.stat().st_size
    corpus_dir = work / "corpus"
    log(f"corpus: generating {s.corpus_posts} posts in {corpus_dir}")
    paths = make_corpus(corpus_dir, s.corpus_posts)
    total_bytes = sum(p.stat().st_size for p in paths)
    batches: dict[tuple[str, int], BatchResult] = {}
    plan = [("ours", 1), ("ours", 2), ("floor", 1), ("naive", 1)]
    for rep in range(s.corpus_repeats):
        for method, jobs in plan:
            log(f"corpus: {method}, {jobs} process(es), run {rep + 1}/{s.corpus_repeats}")
            wall, cpu, nbytes, errors, idle = run_pool(method, jobs, paths, work / f"out-{method}-{jobs}")
            b = batches.setdefault((method, jobs), BatchResult([], [], len(paths), nbytes))
            b.walls.append(wall)
            b.cpus.append(cpu)
            b.idle.append(idle)
            b.errors = errors
    o1, o2, fl, nv = (batches[k] for k in plan)
    label = f"corpus ({len(paths)} posts, {total_bytes / 1e6:.1f} MB, mean {total_bytes / len(paths) / 1000:.1f} KB)"
    reps = f"median of {s.corpus_repeats}" if s.corpus_repeats > 1 else "1 run"
    rows.append([label, f"1 process: docs/s (MB/s), {reps}", f"{o1.docs_per_s:.0f} ({o1.mb_per_s:.2f})",
                 f"{fl.docs_per_s:.0f} ({fl.mb_per_s:.1f})", f"{nv.docs_per_s:.0f} ({nv.mb_per_s:.2f})",
                 fmt_ratio(o1.wall, fl.wall), fmt_ratio(o1.wall, nv.wall), "", ""])
    seed_sized = o1.bytes_in / seed_bytes / o1.wall
    rows.append(["", "1 process: seed-sized posts/s", f"{seed_sized:.0f}", "", "", "", "",
                 f">= {SEED_POSTS_PER_S:g} per process", verdict(seed_sized >= SEED_POSTS_PER_S)])
    rows.append(["", f"2 processes: docs/s (MB/s), {reps}", f"{o2.docs_per_s:.0f} ({o2.mb_per_s:.2f})",
                 "", "", "", "", "", ""])
    per_proc = o2.bytes_in / seed_bytes / o2.wall / 2
    rows.append(["", "2 processes: seed-sized posts/s per process", f"{per_proc:.0f}", "", "", "", "",
                 f">= {SEED_POSTS_PER_S:g} per process", verdict(per_proc >= SEED_POSTS_PER_S)])
    speedup = o1.wall / o2.wall
    cores, idle = o2.cores_used, o2.idle_cores
    # Fewer than ~2 cores for our workers while the machine had none idle: others held them.
    busy = cores < NEAR_2X and idle < 0.25
    rows.append(["", "2 processes: speedup over 1", f"{speedup:.2f}×", "", "", "", "",
                 f"near 2× (>= {NEAR_2X:g}×)", "n/a (busy)" if busy and speedup < NEAR_2X else
                 verdict(speedup >= NEAR_2X)])
    rows.append(["", "2 processes: cores they got (CPU s / wall s); cores left idle", f"{cores:.2f} of 2; "
                 f"{idle:.2f} idle", "", "", "", "", "", ""])
    rows.append(["", "CPU time per doc, 1 / 2 processes", f"{fmt_time(o1.cpu_per_doc)} / {fmt_time(o2.cpu_per_doc)}",
                 fmt_time(fl.cpu_per_doc), fmt_time(nv.cpu_per_doc), "", "", "", ""])
    if busy and speedup < NEAR_2X:
        notes.append(f"corpus: the 2-process speedup ({speedup:.2f}×) is no verdict on the design: the two workers "
                     f"got {cores:.2f} cores between them and the machine left {idle:.2f} idle, so other processes "
                     f"had the rest. CPU time per document, {fmt_time(o1.cpu_per_doc)} with 1 process and "
                     f"{fmt_time(o2.cpu_per_doc)} with 2, says whether the work itself scales; rerun on a quiet "
                     "machine for the verdict.")
    rows.append(["", "posts that raised an error", f"{len(o1.errors)} of {o1.docs}", str(len(fl.errors)),
                 str(len(nv.errors)), "", "", "0", verdict(not o1.errors and not o2.errors)])
    for (method, jobs), b in batches.items():
        if b.errors:
            notes.append(f"corpus: {method} with {jobs} process(es) raised on {len(b.errors)} posts, "
                         f"e.g. {b.errors[0]}")
    exe = cli_jobs_available()
    if exe is None:
        rows.append(["", "CLI `dedupe normalize DIR -o OUT --jobs N`", "not timed: no --jobs option yet",
                     "", "", "", "", "", ""])
    else:
        for jobs in (1, 2):
            log(f"corpus: CLI --jobs {jobs}")
            wall, rc = run_cli(exe, jobs, corpus_dir, work / f"out-cli-{jobs}")
            rows.append(["", f"CLI --jobs {jobs}: docs/s (MB/s), 1 run, exit {rc}",
                         f"{len(paths) / wall:.0f} ({total_bytes / 1e6 / wall:.2f})", "", "", "", "", "", ""])
            raw[f"cli_jobs_{jobs}"] = {"wall": wall, "exit": rc}
    raw["corpus"] = {f"{m}/{j}": b.__dict__ for (m, j), b in batches.items()}
    shutil.rmtree(work / "out-ours-1", ignore_errors=True)


def long_post_path(work: Path, size: int) -> Path:
    """The long post of `size` blocks, generated on first use."""
    path = work / f"long_{size}.txt"
    if not path.exists():
        path.write_text(make_long_post(size), encoding="utf-8")
    return path


def run_long(s: Settings, work: Path, out: Collected) -> None:
    rows, notes, raw = out.rows, out.notes, out.raw
    sized: dict[int, dict[str, ChildResult]] = {}
    blocks_of: dict[int, int] = {}
    for size in s.sizes:
        path = long_post_path(work, size)
        sized[size] = {}
        for method in ("ours", "floor", "naive"):
            log(f"long post, {size} blocks: {method}")
            sized[size][method] = measure(method, path, s.size_repeats, s.size_budget_s,
                                          s.naive_budget_s if method == "naive" else None)
        o, f, n = (sized[size][m] for m in ("ours", "floor", "naive"))
        blocks_of[size] = int(n.info["blocks"])  # what the plain-text ingester finds (the naive design's blocks)
        label = f"long post, {size:,} blocks ({blocks_of[size]:,} actual, {path.stat().st_size / 1e6:.2f} MB)"
        sampled = n.info.get("sampled_fraction", 1.0)
        naive_cell = fmt_time(n.median) + (f" (extrapolated from {sampled:.0%} of pairs)" if sampled < 1 else "")
        target, ok = "", None
        if size == BIG_SIZE:
            target, ok = f"< {BIG_S:g} s", o.median < BIG_S
        rows.append([label, f"time, median of {len(o.times)}/{len(f.times)}/{len(n.times)}", fmt_time(o.median),
                     fmt_time(f.median), naive_cell, fmt_ratio(o.median, f.median), fmt_ratio(o.median, n.median),
                     target, verdict(ok)])
        # Our fuzzy scoring is spread over two steps: `match` (`find_matches` scores the keys
        # without an exact twin, `find_runs` the pairs beyond the runs' ends), `align` the gaps.
        ours_stages, cdist_s = o.stage_medians(), n.stage_medians().get("cdist")
        match_s = sum(ours_stages.get(stage, 0.0) for stage in MATCHING_STAGES)
        if match_s and cdist_s:
            rows.append(["", "matching only: find_matches + find_runs + align_copies vs cdist", fmt_time(match_s),
                         "", fmt_time(cdist_s), "", fmt_ratio(match_s, cdist_s), "", ""])
        if size in FASTER_THAN_NAIVE:
            need = FASTER_THAN_NAIVE[size]
            rows.append(["", "faster than all-pairs (naive/ours)", f"{n.median / o.median:.2f}×", "", "", "", "",
                         f">= {need:g}×", verdict(n.median / o.median >= need)])
        target, ok = "", None
        if size == BIG_SIZE:
            target, ok = f"< {BIG_MB:g} MB", o.peak_mb < BIG_MB
        rows.append(["", "peak memory (child's max RSS)", f"{o.peak_mb:.0f} MB", f"{f.peak_mb:.0f} MB",
                     f"{n.peak_mb:.0f} MB", fmt_ratio(o.peak_mb, f.peak_mb), fmt_ratio(o.peak_mb, n.peak_mb),
                     target, verdict(ok)])
        out.stages[f"{size:,}"] = o.stage_medians()
        out.naive_stages[f"{size:,}"] = n.stage_medians()
        if sampled < 1:
            notes.append(f"naive at {size:,} blocks: over the {s.naive_budget_s:g} s budget, so cdist scored an "
                         f"evenly spread {sampled:.0%} of the pairs and its time was scaled to all pairs.")
    notes.append("peak memory includes the interpreter and libraries: about "
                 f"{statistics.median(r.base_mb for d in sized.values() for r in d.values()):.0f} MB after imports "
                 "and a warm-up run on the seed.")
    for small, large in zip(s.sizes, s.sizes[1:]):
        cells = [growth(sized[small][m].median, sized[large][m].median, blocks_of[small], blocks_of[large])
                 for m in ("ours", "floor", "naive")]
        target, ok = "", None
        if (small, large) == (4000, 16000):
            target, ok = f"<= {GROWTH_MAX:g}", cells[0] <= GROWTH_MAX
        rows.append([f"growth {small:,} -> {large:,} blocks", "exponent log(t2/t1)/log(n2/n1)", f"{cells[0]:.2f}",
                     f"{cells[1]:.2f}", f"{cells[2]:.2f}", "", "", target, verdict(ok)])
    raw["sizes"] = {str(k): {m: r.__dict__ for m, r in v.items()} for k, v in sized.items()}
    raw["blocks"] = blocks_of


def same_merges_rows(s: Settings, work: Path) -> list[list[str]]:
    """The issue's "same merges", on the seed and fixture posts and on the long post."""
    from methods import compare_outputs

    rows = []
    inputs: list[tuple[str, list[Path]]] = [
        ("seed + fixture posts", [SEED_PATH, *sorted((ROOT / "tests/fixtures/posts").glob("*.txt")),
                                  *sorted((ROOT / "tests/fixtures/citations").glob("*.txt"))]),
    ]
    inputs += [(f"long post, {n:,} blocks", [long_post_path(work, n)]) for n in s.check_sizes]
    for label, files in inputs:
        log(f"same merges: {label}")
        texts = [p.read_text(encoding="utf-8-sig") for p in files]
        measure_ = "same merges: output, find_matches vs exhaustive"
        try:
            out = functools.reduce(operator.add, (compare_outputs(t) for t in texts))
            rows.append([label, measure_, out.describe(), "", "", "", "", "identical", verdict(out.identical)])
        except Exception as exc:  # the library is changing under us: report, do not crash
            rows.append([label, measure_, f"check failed: {type(exc).__name__}: {exc}", "", "", "", "",
                         "identical", "MISS"])
        rows.append(["", "fuzzy unit pairs: find_matches vs exhaustive", _checked(_unit_pairs, texts), "", "", "",
                     "", "(information)", ""])
        if len(texts) == 1:
            rows.append(["", "block pairs: find_matches vs naive cdist", _checked(_block_pairs, texts), "", "", "",
                         "", "(information)", ""])
    return rows


def _unit_pairs(texts: Sequence[str]) -> str:
    from methods import compare_unit_pairs

    return functools.reduce(operator.add, (compare_unit_pairs(t) for t in texts)).describe("exhaustive")


def _block_pairs(texts: Sequence[str]) -> str:
    from methods import compare_block_pairs

    return compare_block_pairs(texts[0]).describe("naive")


def _checked(check: Callable[[Sequence[str]], str], texts: Sequence[str]) -> str:
    try:
        return check(texts)
    except Exception as exc:  # the library is changing under us: report, do not crash
        return f"check failed: {type(exc).__name__}: {exc}"


def stage_breakdown(ours: dict[str, dict[str, float]], naive: dict[str, dict[str, float]]) -> str:
    inputs = list(ours)
    names: dict[str, None] = {}
    for col in ours.values():
        names.update(dict.fromkeys(k for k in col if k != "other"))
    rows = []
    for name in [*names, "other"]:
        cells = []
        for i in inputs:
            total = sum(ours[i].values())
            v = ours[i].get(name, 0.0)
            cells.append(f"{fmt_time(v)} ({v / total:.0%})" if total else "")
        rows.append([name, *cells])
    rows.append(["sum", *(fmt_time(sum(ours[i].values())) for i in inputs)])
    nnames: dict[str, None] = {}
    for col in naive.values():
        nnames.update(dict.fromkeys(k for k in col if k != "other"))
    for name in nnames:
        rows.append([f"naive: {name}", *(fmt_time(naive[i].get(name, 0.0)) for i in inputs)])
    return render(rows, ["stage", *inputs])


if __name__ == "__main__":
    raise SystemExit(main())
