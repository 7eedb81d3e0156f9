"""Time one design on one file in a fresh process, and report its peak memory.

Run by `run.py`, one process per (design, input), so that `ru_maxrss` is the peak of that
measurement alone. Prints one JSON object on stdout:

    {"times": [s, ...], "stages": [{stage: s}, ...], "peak_kb": ..., "base_kb": ..., "info": {...}}

`base_kb` is the peak after imports and a warm-up run on the seed (the interpreter and
libraries); `peak_kb` is the peak at the end, over every run.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SEED_PATH  # noqa: E402
from methods import METHODS, StageClock  # noqa: E402


def _maxrss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("method", choices=sorted(METHODS))
    parser.add_argument("input", type=Path)
    parser.add_argument("--repeats", type=int, default=1, help="at most this many timed runs")
    parser.add_argument("--budget", type=float, default=60.0,
                        help="stop repeating when another run would take the total past this many seconds")
    parser.add_argument("--naive-budget", type=float, default=None,
                        help="naive design: extrapolate from a sample of rows beyond this many seconds")
    args = parser.parse_args(argv)

    run = METHODS[args.method]
    kwargs = {"budget_s": args.naive_budget} if args.method == "naive" else {}
    with tempfile.TemporaryDirectory(prefix="dedupe-bench-child-") as tmp:
        out = Path(tmp) / "out.json"
        clock = StageClock()
        run(SEED_PATH, out, clock)  # warm-up: imports, compiled patterns, caches
        clock.take()
        base_kb = _maxrss_kb()
        times: list[float] = []
        stages: list[dict[str, float]] = []
        info: dict[str, object] = {}
        while True:
            t0 = time.perf_counter()
            info = run(args.input, out, clock, **kwargs)
            elapsed = time.perf_counter() - t0 + float(info.get("extrapolated_extra_s", 0.0))  # type: ignore[arg-type]
            times.append(elapsed)
            stages.append(clock.take())
            if len(times) >= args.repeats or sum(times) + elapsed > args.budget:
                break
        info["output_bytes"] = out.stat().st_size
    json.dump({"times": times, "stages": stages, "peak_kb": _maxrss_kb(), "base_kb": base_kb, "info": info},
              sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
