"""Decoding without a hint: real-language samples in legacy encodings, right / refused / wrong.

    .venv/bin/python benchmarks/decoding.py            # every sample, about 15 s on 2 cores
    .venv/bin/python benchmarks/decoding.py --every 5  # a fifth of them
    .venv/bin/python benchmarks/decoding.py --show wrong,refused
    .venv/bin/python benchmarks/decoding.py --chars 100  # short text: each sample's first 100 characters

Each sample of `benchmarks/data/decode_samples.json` (treebank sentences, text the letter
statistics never saw; see `build_decode_samples.py`) is encoded in each legacy encoding it
fits and decoded by `dedupe.ingest.decode.decode_source` with no hint. *right*: the exact
text back; *refused*: a `DecodeError` (the CLI's exit 4, naming the candidates); *wrong*:
another text. Targets (issue 13): right >= 99% and refused <= 1% in every group. Prints a
Markdown table; exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from dedupe.errors import DecodeError  # noqa: E402
from dedupe.ingest.decode import decode_source  # noqa: E402

SAMPLES = HERE / "data" / "decode_samples.json"
GROUPS = {
    "cp1252": "Western", "latin-1": "Western", "cp1250": "Central European", "iso-8859-2": "Central European",
    "cp1251": "Cyrillic", "koi8-r": "Cyrillic", "cp1253": "Greek", "shift_jis": "Japanese", "euc-jp": "Japanese",
    "gb18030": "Chinese", "big5": "Chinese", "euc-kr": "Korean",
}
MIN_RIGHT = 0.99
MAX_REFUSED = 0.01


@dataclass
class Tally:
    n: int = 0
    right: int = 0
    refused: int = 0
    wrong: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, encoding, detail)

    @property
    def ok(self) -> bool:
        return self.n > 0 and self.right / self.n >= MIN_RIGHT and self.refused / self.n <= MAX_REFUSED


def load(every: int = 1) -> list[dict[str, object]]:
    samples: list[dict[str, object]] = json.loads(SAMPLES.read_text(encoding="utf-8"))
    return samples[::every]


def measure(samples: Iterable[dict[str, object]]) -> dict[str, Tally]:
    """Decode every sample in each of its encodings; one tally per group of encodings."""
    tallies: dict[str, Tally] = {}
    for s in samples:
        text = str(s["text"])
        for enc in s["encodings"]:  # type: ignore[attr-defined]
            t = tallies.setdefault(GROUPS[enc], Tally())
            data = text.encode(enc)
            t.n += 1
            started = time.perf_counter()
            try:
                got = decode_source(data)
            except DecodeError as exc:
                t.refused += 1
                t.failures.append(("refused", enc, f"{s['lang']}: {exc}"))
                continue
            finally:
                t.seconds += time.perf_counter() - started
            if got.text == text:
                t.right += 1
            else:
                t.wrong += 1
                t.failures.append(("wrong", enc, f"{s['lang']}: read as {got.encoding}: {got.text[:60]!r}"))
    return tallies


def table(tallies: dict[str, Tally]) -> list[str]:
    rows = ["| group | samples | right | refused | wrong | ms / sample | target met |",
            "|---|---:|---:|---:|---:|---:|---|"]
    order = list(dict.fromkeys(GROUPS.values()))
    for name in sorted(tallies, key=order.index):
        t = tallies[name]
        rows.append(f"| {name} | {t.n} | {t.right / t.n:.1%} | {t.refused / t.n:.1%} | {t.wrong / t.n:.1%} | "
                    f"{1000 * t.seconds / t.n:.1f} | {'yes' if t.ok else 'NO'} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--every", type=int, default=1, help="take every Nth sample [1: all]")
    parser.add_argument("--chars", type=int, default=0,
                        help="cut every sample to its first N characters (how short text fares) [0: whole]")
    parser.add_argument("--show", default="", help="print these failures: wrong, refused or both (comma-separated)")
    args = parser.parse_args()
    samples = load(args.every)
    if args.chars:
        samples = [dict(x, text=str(x["text"])[: args.chars]) for x in samples]
    tallies = measure(samples)
    print("\n".join(table(tallies)))
    show = set(filter(None, args.show.split(",")))
    for name, t in tallies.items():
        for kind, enc, detail in t.failures:
            if kind in show:
                print(f"{kind}: {name} {enc}: {detail}", file=sys.stderr)
    sys.exit(0 if all(t.ok for t in tallies.values()) else 1)


if __name__ == "__main__":
    main()
