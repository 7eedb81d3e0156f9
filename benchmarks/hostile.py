"""The hostile suite: inputs and situations a crawl and a careless user produce, run through
the real command line, one row each: exit code, message, time and peak memory.

    .venv/bin/python benchmarks/hostile.py             # every case, about a minute
    .venv/bin/python benchmarks/hostile.py --only onto,sig

Each case builds its files in a fresh temporary directory, runs `dedupe` there as a child
process (through a shell when the case is about the shell's streams), and checks: the exit
code and the one-line message on stderr (no traceback), the case's own check of the output,
no input changed (sha256 of every file present before, after), no temporary file left, and
the time and memory bounds. `tests/test_edges.py` runs the same table. Exits 1 when a case
fails.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "raw" / "000_5b8682380bdf1a26.txt"
POST = "# A title\nOverview\nThe first paragraph says something useful.\n- one item here\n"
NAME = os.fsdecode(b"caf\xe9.txt")  # a file name that is not UTF-8
# `./dedupe` in a case: the real CLI, which at exit appends its own peak memory (kB) to
# $DEDUPE_PEAK_FILE. Its own: `VmHWM` belongs to the process's address space since its exec,
# while `ru_maxrss` of a process forked from this harness starts at the harness's size (a
# test run that loaded Ray into pytest made every case "404 MB"). Its worker processes
# count through RUSAGE_CHILDREN.
_PEAK_CODE = (
    "import atexit, os, resource, sys\n"
    "def _peak():\n"
    "    kb = 0\n"
    "    try:\n"
    "        kb = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
    "    except (OSError, StopIteration):\n"
    "        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "    kb = max(kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "    path = os.environ.get('DEDUPE_PEAK_FILE')\n"
    "    if path:\n"
    "        with open(path, 'a') as f:\n"
    "            f.write(f'{kb}\\n')\n"
    "atexit.register(_peak)\n"
    "from dedupe.cli import main\n"
    "sys.exit(main())\n"
)
WRAPPER = f"#!/bin/sh\nexec {sys.executable} -c {shlex.quote(_PEAK_CODE)} \"$@\"\n"


@dataclass(frozen=True)
class Case:
    name: str
    command: str  # run by bash in the case's directory; `./dedupe` is the command line
    code: int
    message: str | None = None  # a regex stderr must match, on one line (None: stderr empty)
    setup: Callable[[Path], None] = lambda d: None
    check: Callable[[Path, str], str | None] = lambda d, out: None  # a complaint, or None
    signal: tuple[float, int, bool] | None = None  # (after seconds, signal, to the whole group)
    max_seconds: float = 15.0
    max_mb: float = 400.0
    lines: int = 1  # lines stderr must have (when `message` is set)


@dataclass
class Result:
    case: Case
    code: int
    stderr: str
    seconds: float
    mb: float
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# --------------------------------------------------------------------------- setups


def post(d: Path) -> None:
    (d / "post.txt").write_text(POST, encoding="utf-8")


def with_doc(d: Path) -> None:
    post(d)
    import dedupe

    (d / "doc.json").write_bytes(dedupe.normalize_text(POST, source="post.txt").to_json_bytes())


def links(d: Path) -> None:
    post(d)
    (d / "link.json").symlink_to("post.txt")
    os.link(d / "post.txt", d / "hard.json")
    (d / "sub").mkdir()


def batch_with_hard_link(d: Path) -> None:
    (d / "in").mkdir()
    (d / "in" / "a.txt").write_text(POST, encoding="utf-8")
    (d / "in" / "b.txt").write_text(POST.replace("first", "second"), encoding="utf-8")
    (d / "out").mkdir()
    os.link(d / "in" / "b.txt", d / "out" / "a.json")  # writing a.json would overwrite b.txt


def two_posts(d: Path) -> None:
    (d / "in").mkdir()
    for n in range(2):
        (d / "in" / f"p{n}.txt").write_text(POST.replace("first", f"number {n}"), encoding="utf-8")


def big(d: Path) -> None:
    (d / "big.txt").write_text("# Big\n" + "".join(f"Line {i} says a thing, item {i}.\n" for i in range(4000)),
                               encoding="utf-8")


def many(n: int) -> Callable[[Path], None]:
    def setup(d: Path) -> None:
        (d / "many").mkdir()
        data = SEED.read_bytes()
        for i in range(n):
            (d / "many" / f"p{i:04}.txt").write_bytes(data)
    return setup


def file_of(name: str, data: bytes | str) -> Callable[[Path], None]:
    def setup(d: Path) -> None:
        (d / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return setup


def slow(d: Path) -> None:
    lines = "\n".join(f"Line {i} of the archive, item {i % 977} in box {i % 131}." for i in range(60_000))
    (d / "slow.txt").write_text("# Archive\n" + lines + "\n", encoding="utf-8")
    (d / "tb").mkdir()
    shutil.copy(d / "slow.txt", d / "tb" / "a_slow.txt")
    (d / "tb" / "b_ok.txt").write_text(POST, encoding="utf-8")


def mixed_folder(d: Path) -> None:
    two_posts(d)
    (d / "in" / "doc.pdf").write_bytes(b"%PDF-1.4\n")
    (d / "in" / "pic.jpg").write_bytes(b"\xff\xd8\xff\xe0")


def odd_names(d: Path) -> None:
    (d / "in").mkdir()
    (d / "in" / NAME).write_text(POST, encoding="utf-8")
    (d / "in" / "ok.txt").write_text(POST, encoding="utf-8")


def random_text_bytes(d: Path) -> None:
    import random

    rng = random.Random(13)
    (d / "noise.txt").write_bytes(bytes(rng.choice(range(1, 256)) for _ in range(4000)))


# --------------------------------------------------------------------------- checks


def json_has(*needles: str) -> Callable[[Path, str], str | None]:
    def check(d: Path, out: str) -> str | None:
        missing = [n for n in needles if n not in out]
        return f"stdout lacks {missing}" if missing else None
    return check


def file_has(name: str, *needles: str) -> Callable[[Path, str], str | None]:
    def check(d: Path, out: str) -> str | None:
        p = d / name
        if not p.exists():
            return f"{name} was not written"
        text = p.read_text(encoding="utf-8", errors="replace")
        missing = [n for n in needles if n not in text]
        return f"{name} lacks {missing}" if missing else None
    return check


def absent(*names: str) -> Callable[[Path, str], str | None]:
    def check(d: Path, out: str) -> str | None:
        there = [n for n in names if (d / n).exists()]
        return f"written although refused: {there}" if there else None
    return check


def coverage_one(d: Path, out: str) -> str | None:
    doc = json.loads(out)
    return None if doc["report"]["coverage"] == 1.0 else f"coverage {doc['report']['coverage']}"


def both(*checks: Callable[[Path, str], str | None]) -> Callable[[Path, str], str | None]:
    def check(d: Path, out: str) -> str | None:
        return next((c for c in (f(d, out) for f in checks) if c), None)
    return check


# The summary line every successful `normalize` of one file to stdout ends with.
SUMMARY = r"^dedupe: 1 file \(0 failed\) .*; JSON on stdout; next: "
ONTO = r"is (the input|the same file as the input) .*refusing to overwrite an input"
CP1252 = "Crème brûlée est un dessert français, servi froid avec du caramel.\n"
UTF16_PAGE = '<html><head><meta charset="utf-16"></head><body><p>A plain page.</p></body></html>'
CASES = [
    # outputs never land on inputs (exit 2, checked before any work)
    Case("onto/-o-is-the-input", "./dedupe normalize post.txt -o post.txt", 2, ONTO, post),
    Case("onto/-o-symlink-to-input", "./dedupe normalize post.txt -o link.json", 2, ONTO, links),
    Case("onto/-o-dotdot", "./dedupe normalize post.txt -o sub/../post.txt", 2, ONTO, links),
    Case("onto/-o-hard-link", "./dedupe normalize post.txt -o hard.json", 2, "is the same file as the input", links),
    Case("onto/--jsonl-is-the-input", "./dedupe normalize post.txt --jsonl post.txt", 2, ONTO, post),
    Case("onto/batch-output-hard-linked", "./dedupe normalize in -o out", 2, "same file as the input in/b.txt",
         batch_with_hard_link, absent("out/b.json")),
    Case("onto/explain---html", "./dedupe explain post.txt --html post.txt", 2, ONTO, post),
    Case("onto/render--o", "./dedupe render doc.json -o doc.json", 2, ONTO, with_doc),
    # output targets and streams (exit 5, one line)
    Case("out/-o-under-a-file", "./dedupe normalize post.txt -o post.txt/x.json", 5, "is a file, not a directory",
         post),
    Case("out/--jsonl-under-a-file", "./dedupe normalize post.txt --jsonl post.txt/x.jsonl", 5,
         "is a file, not a directory", post),
    Case("out/--jsonl-unwritable", "./dedupe normalize post.txt --jsonl /proc/none/x.jsonl", 5, "cannot write", post),
    Case("out/batch-dir-under-a-file", "./dedupe normalize in -o in/p0.txt/out", 5, "is a file, not a directory",
         two_posts),
    Case("out/dev-full", "./dedupe normalize post.txt > /dev/full", 5, "stdout: cannot write .No space left", post),
    Case("out/closed-stdout", "./dedupe normalize post.txt >&-", 5, "stdout is closed", post),
    Case("out/closed-stdout-inspect", "./dedupe inspect doc.json >&-", 5, "stdout is closed", with_doc),
    Case("in/closed-stdin", "./dedupe normalize - <&-", 3, "stdin is closed", post),
    Case("pipe/normalize-head", "./dedupe normalize big.txt -q | head -c 1 >/dev/null; exit ${PIPESTATUS[0]}", 0, None,
         big),
    Case("pipe/normalize-folder-head", "./dedupe normalize many -q | head -c 200 >/dev/null; exit ${PIPESTATUS[0]}", 0,
         None, many(40)),
    Case("in/url", "./dedupe normalize https://example.com/post", 3,
         r"a URL, not a file; .*curl -s URL \| dedupe normalize - --format html"),
    Case("pipe/explain-head", "./dedupe explain big.txt | head -1 >/dev/null; exit ${PIPESTATUS[0]}", 0, None, big),
    Case("pipe/inspect-head", "./dedupe inspect doc.json | head -1 >/dev/null; exit ${PIPESTATUS[0]}", 0, None,
         with_doc),
    # decoding: right, or refused naming the candidates; never wrong text with exit 0
    Case("decode/cp1252-no-hint", "./dedupe normalize p.txt", 0, SUMMARY, file_of("p.txt", CP1252.encode("cp1252")),
         json_has("Crème brûlée", '"encoding": "cp1252"')),
    Case("decode/meta-utf-16-on-ascii", "./dedupe normalize p.html --strict", 0, SUMMARY,
         file_of("p.html", UTF16_PAGE), json_has("A plain page.", "declared charset utf-16 ignored")),
    Case("decode/meta-utf-7", "./dedupe normalize p.html --strict", 0, SUMMARY,
         file_of("p.html", '<meta charset="utf-7"><p>a +2AA- b</p>'), json_has("a +2AA- b", "browsers refuse")),
    Case("decode/meta-rot13", "./dedupe normalize p.html --strict", 0, SUMMARY,
         file_of("p.html", '<meta charset="rot13"><p>plain words</p>'), json_has("plain words", "not a text encoding")),
    Case("decode/--encoding-base64-stdin", "./dedupe normalize --encoding base64 - < post.txt", 0, SUMMARY, post,
         json_has("encoding base64 ignored")),
    Case("decode/--encoding-utf-7-surrogates", "./dedupe normalize p.txt --encoding utf-7", 0, SUMMARY,
         file_of("p.txt", "Some text +2AA- here.\n"), json_has('"replaced": 1', "\ufffd")),
    Case("decode/pdf", "./dedupe normalize x.txt", 4, "a PDF document, not a text document",
         file_of("x.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")),
    Case("decode/random-bytes", "./dedupe normalize noise.txt", 4, "cannot tell the encoding", random_text_bytes),
    Case("names/not-utf-8", "./dedupe normalize $'caf\\xe9.txt'", 0, SUMMARY, file_of(NAME, POST),
         json_has('"path": "caf\\\\xe9.txt"')),
    Case("names/not-utf-8-batch", "./dedupe normalize in -o out -q", 0, None, odd_names,
         lambda d, out: None if (d / "out" / NAME.replace(".txt", ".json")).exists() else "mirrored name missing"),
    # Markdown nested beyond the parser keeps every character
    Case("md/indented-20-levels", "./dedupe normalize deep.md --strict", 0, SUMMARY,
         file_of("deep.md", "# Deep\n" + "".join("  " * i + f"- item {i} here\n" for i in range(20))),
         both(coverage_one, json_has("item 19 here"))),
    Case("md/dashes-10000-levels", "./dedupe normalize deep.md --strict", 0, SUMMARY,
         file_of("deep.md", "# Deep\n" + "- " * 10_000 + "deep text\n"), both(coverage_one, json_has("deep text"))),
    Case("md/quotes-10000-levels", "./dedupe normalize deep.md --strict", 0, SUMMARY,
         file_of("deep.md", "# Deep\n" + "> " * 10_000 + "deep text\n"), both(coverage_one, json_has("deep text"))),
    # the small ones
    Case("small/empty-file", "./dedupe normalize empty.txt", 0, r"warning: empty\.txt: empty input",
         file_of("empty.txt", b""), json_has('"empty": true'), lines=2),
    Case("small/skipped-counted", "./dedupe normalize in -o out", 0, r"2 files \(0 failed\), 2 skipped", mixed_folder),
    Case("small/skipped-listed", "./dedupe normalize in -o out -v", 0, r"skipped: in/doc\.pdf", mixed_folder,
         lines=3),
    Case("small/one-copy", "./dedupe explain post.txt --html e.html >/dev/null", 0, "wrote e.html", post,
         file_has("e.html", "1 copy ·")),
    # time limits
    Case("time/--timeout-one-file", "./dedupe normalize slow.txt --timeout 0.3 -o slow.json", 7,
         r"took longer than 0\.3 s \(--timeout\)", slow, absent("slow.json")),
    Case("time/--timeout-in-a-batch", "./dedupe normalize tb -o tbout --timeout 0.3 -q", 1, "took longer than", slow,
         lambda d, out: None if (d / "tbout" / "b_ok.json").exists() else "the other file was not written", lines=3),
    # signals: temporary files removed, documented codes
    Case("sig/SIGTERM-during---jsonl", "./dedupe normalize many --jsonl out.jsonl -q", 143, "terminated", many(1500),
         absent("out.jsonl"), signal=(2.5, signal.SIGTERM, False)),
    Case("sig/SIGINT-group---jobs-2", "./dedupe normalize many -o out -q --jobs 2", 130, "interrupted", many(1500),
         signal=(2.5, signal.SIGINT, True)),
    Case("sig/SIGTERM-group---jobs-2---jsonl", "./dedupe normalize many --jsonl out.jsonl -q --jobs 2", 143,
         "terminated", many(1500), absent("out.jsonl"), signal=(2.5, signal.SIGTERM, True)),
    # file modes follow the umask
    Case("mode/umask-022", "umask 022; ./dedupe normalize post.txt -o a.json -q && stat -c %a a.json", 0, None, post,
         lambda d, out: None if out.strip() == "644" else f"mode {out.strip()}"),
    Case("mode/umask-027---jsonl", "umask 027; ./dedupe normalize post.txt --jsonl a.jsonl -q && stat -c %a a.jsonl",
         0, None, post, lambda d, out: None if out.strip() == "640" else f"mode {out.strip()}"),
]


def _hashes(d: Path) -> dict[str, str]:
    out = {}
    for p in d.rglob("*"):
        if p.is_file() and not p.is_symlink() and p.name != "dedupe":
            out[os.fsdecode(p.relative_to(d))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def run_case(case: Case) -> Result:
    with tempfile.TemporaryDirectory(prefix="dedupe-hostile-") as tmp:
        d = Path(tmp)
        wrapper = d / "dedupe"
        wrapper.write_text(WRAPPER, encoding="utf-8")
        wrapper.chmod(0o755)
        case.setup(d)
        before = _hashes(d)
        peak_file = Path(tmp + "-peak")
        started = time.monotonic()
        proc = subprocess.Popen(["bash", "-c", case.command], cwd=d, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, start_new_session=True,
                                env={**os.environ, "DEDUPE_PEAK_FILE": str(peak_file)})
        if case.signal is not None:
            after, sig, group = case.signal
            time.sleep(after)
            if group:
                os.killpg(proc.pid, sig)
            else:  # the command itself: bash execs the last simple command, so its pid is dedupe's
                os.kill(proc.pid, sig)
        streams: dict[str, bytes] = {}
        pumps = [threading.Thread(target=lambda k=k, f=f: streams.__setitem__(k, f.read()))
                 for k, f in (("out", proc.stdout), ("err", proc.stderr))]
        for t in pumps:
            t.start()
        _, status, _ = os.wait4(proc.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code
        for t in pumps:
            t.join()
        seconds = time.monotonic() - started
        peaks = [int(x) for x in peak_file.read_text().split()] if peak_file.exists() else []
        peak_file.unlink(missing_ok=True)
        # The CLI's own peak. A run ended by a signal leaves through `os._exit` and writes
        # none: its memory is not measured (nan, no memory check), as the wait's figure
        # would be this harness's size.
        mb = max(peaks) / 1024 if peaks else float("nan")
        out, err = streams["out"].decode("utf-8", "replace"), streams["err"].decode("utf-8", "replace")
        result = Result(case, code, err, seconds, mb)
        p = result.problems
        if code != case.code:
            p.append(f"exit {code}, expected {case.code}")
        if "Traceback" in err or "Traceback" in out:
            p.append("a traceback")
        lines = err.strip().splitlines()
        if case.message is None and lines:
            p.append(f"stderr not empty: {lines[:2]}")
        if case.message is not None:
            if not re.search(case.message, err):
                p.append(f"message {case.message!r} not in {err.strip()[:200]!r}")
            if len(lines) != case.lines:
                p.append(f"{len(lines)} stderr lines, expected {case.lines}: {lines[:4]}")
        now = _hashes(d)
        changed = [n for n, h in before.items() if now.get(n) != h]
        if changed:
            p.append(f"inputs changed: {changed[:3]}")
        leftovers = [os.fsdecode(q.relative_to(d)) for q in d.rglob("*.tmp")]
        if leftovers:
            p.append(f"temporary files left: {leftovers[:3]}")
        complaint = case.check(d, out)
        if complaint:
            p.append(complaint)
        if seconds > case.max_seconds:
            p.append(f"{seconds:.1f} s > {case.max_seconds} s")
        if mb > case.max_mb:
            p.append(f"{mb:.0f} MB > {case.max_mb} MB")
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="", help="run the cases whose name contains one of these (comma-separated)")
    args = parser.parse_args()
    wanted = [w for w in args.only.split(",") if w]
    cases = [c for c in CASES if not wanted or any(w in c.name for w in wanted)]
    print("| case | exit (expected) | ok | time s (max) | memory MB (max) | message |")
    print("|---|---|---|---|---|---|")
    failed = 0
    for case in cases:
        r = run_case(case)
        failed += not r.ok
        first = (r.stderr.strip().splitlines() or [""])[0][:90].replace("|", "\\|")
        print(f"| {case.name} | {r.code} ({case.code}) | {'yes' if r.ok else 'NO: ' + '; '.join(r.problems)} | "
              f"{r.seconds:.2f} ({case.max_seconds:g}) | {r.mb:.0f} ({case.max_mb:g}) | {first} |", flush=True)
    print(f"\n{len(cases) - failed} of {len(cases)} cases hold", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
