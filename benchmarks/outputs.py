"""Fingerprints of the normalizer's output, to show that a refactor changed nothing.

    python benchmarks/outputs.py                 # md5 per group of inputs
    python benchmarks/outputs.py --pages DIR     # also every *.html / *.html.gz under DIR
    python benchmarks/outputs.py --keep-config   # include report.config in the hash

Groups: the posts in raw/, every input under tests/fixtures/, 300 generated benchmark
posts (benchmarks/generate.py), 300 generated fidelity posts (tests/generators.py) and
the adversarial posts of tests/adversarial.py. Each document's JSON bytes go into the
group's md5 in a fixed order; `report.config` is left out unless --keep-config, since a
refactor that moves thresholds may echo more of them there. Two runs on the same code
print the same lines; compare them before and after a change.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

import dedupe  # noqa: E402

INPUT_SUFFIXES = (".txt", ".html", ".htm", ".md", ".markdown")


def _bytes(doc: dedupe.Document, keep_config: bool) -> bytes:
    data = doc.to_json_bytes()
    if keep_config:
        return data
    obj = json.loads(data)
    obj.get("report", {}).pop("config", None)
    return json.dumps(obj, ensure_ascii=False, sort_keys=False).encode()


def _files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in INPUT_SUFFIXES:
            yield path


def _texts_generated(n: int) -> Iterator[tuple[str, str]]:
    from benchmarks.generate import make_corpus

    with tempfile.TemporaryDirectory() as tmp:
        for path in make_corpus(Path(tmp), n, seed=0):
            yield path.name, path.read_text(encoding="utf-8")


def _texts_fidelity(n: int) -> Iterator[tuple[str, str]]:
    from tests.generators import generate

    for seed in range(n):
        yield f"seed_{seed}.txt", generate(seed).text


def _texts_adversarial() -> Iterator[tuple[str, str]]:
    from tests import adversarial as adv

    yield "near.txt", adv.near_duplicate_post(60)
    for k in (2, 3, 5):
        yield f"pasted{k}.txt", adv.pasted_post(k)
        yield f"pasted{k}e.txt", adv.pasted_post(k, edited=True)
    yield "short.txt", adv.identical_short_lines(200)
    yield "pairs.txt", adv.alike_in_pairs(80)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, help="a folder of real HTML pages (*.html, *.html.gz)")
    parser.add_argument("-n", type=int, default=300, help="generated posts per generator (default 300)")
    parser.add_argument("--keep-config", action="store_true", help="hash report.config too")
    args = parser.parse_args(argv)
    os.chdir(ROOT)  # documents record the relative path, the same in every checkout

    def files(group: str, root: Path) -> None:
        h = hashlib.md5()
        count = 0
        for path in _files(root):
            h.update(path.relative_to(root).as_posix().encode())
            try:
                h.update(_bytes(dedupe.normalize_file(path.relative_to(ROOT)), args.keep_config))
            except dedupe.DedupeError as exc:  # the error a bad input gets is output too
                h.update(f"{type(exc).__name__}: {exc}".encode())
            count += 1
        print(f"{group:12} {count:5} {h.hexdigest()}")

    def texts(group: str, items: Iterator[tuple[str, str]]) -> None:
        h = hashlib.md5()
        count = 0
        for name, text in items:
            h.update(name.encode())
            h.update(_bytes(dedupe.normalize_text(text, source=name), args.keep_config))
            count += 1
        print(f"{group:12} {count:5} {h.hexdigest()}")

    files("raw", ROOT / "raw")
    files("fixtures", ROOT / "tests" / "fixtures")
    texts("generated", _texts_generated(args.n))
    texts("fidelity", _texts_fidelity(args.n))
    texts("adversarial", _texts_adversarial())
    if args.pages:
        h = hashlib.md5()
        count = 0
        for path in sorted(args.pages.rglob("*")):
            if not path.is_file() or not path.name.endswith((".html", ".html.gz", ".htm")):
                continue
            raw = path.read_bytes()
            if path.name.endswith(".gz"):
                raw = gzip.decompress(raw)
            h.update(path.relative_to(args.pages).as_posix().encode())
            doc = dedupe.normalize_bytes(raw, path=path.name.removesuffix(".gz"), fmt="html")
            h.update(_bytes(doc, args.keep_config))
            count += 1
        print(f"{'pages':12} {count:5} {h.hexdigest()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
