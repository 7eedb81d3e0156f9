"""The README's code blocks run as written: every `python` block is executed and every
`sh` block run by bash in a folder holding the files it names (raw/, a crawl/ of sites...), and a block
that cannot run says why in a `<!-- readme-test: not run (...) -->` line just above it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SEED = ROOT / "raw" / "000_5b8682380bdf1a26.txt"
FENCE_RE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.DOTALL | re.MULTILINE)
NOT_RUN_RE = re.compile(r"<!-- readme-test: not run[^(]*\((?P<reason>[^)]+)\)")
SUMMARY_RE = re.compile(r"^dedupe: \d+ files? \(\d+ failed\) in [\d.]+s, [\d.]+ docs/s, [\d.]+ MB/s; blocks in \d+, "
                        r"out \d+; \d+ merges?; JSON files in (?P<where>\S+); next: dedupe inspect (?P<next>\S+)$")
RUNNABLE = ("sh", "python")


@dataclass(frozen=True)
class Block:
    lang: str
    code: str
    line: int
    not_run: str | None  # the reason, when the README says the block is not run


def _blocks() -> list[Block]:
    text = README.read_text(encoding="utf-8")
    out = []
    for m in FENCE_RE.finditer(text):
        before = text[:m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        marker = NOT_RUN_RE.search(before)
        out.append(Block(m.group(1), m.group(2), text.count("\n", 0, m.start()) + 1,
                         marker.group("reason") if marker else None))
    return out


BLOCKS = _blocks()
RUN = [b for b in BLOCKS if b.lang in RUNNABLE and b.not_run is None]


def test_every_block_is_run_or_says_why_not() -> None:
    assert len([b for b in BLOCKS if b.lang == "python"]) >= 2 and len([b for b in BLOCKS if b.lang == "sh"]) >= 3
    for b in BLOCKS:
        assert b.lang, f"README.md:{b.line}: a code block without a language"
        if b.not_run is not None:
            assert b.lang in RUNNABLE and len(b.not_run.split()) >= 3, f"README.md:{b.line}: say why it is not run"


def _sandbox(root: Path) -> Path:
    """A folder holding every file the README's commands name."""
    shutil.copytree(ROOT / "raw", root / "raw")
    shutil.copy(SEED, root / "raw" / "post.txt")
    shutil.copy(SEED, root / "post.txt")
    (root / "crawl").mkdir()
    for n, name in enumerate(("a", "b", "c")):
        (root / "crawl" / f"{name}.txt").write_text(
            f"# Post {name}\nOverview\nThe post number {n} says something useful.\n- one item here\n", encoding="utf-8")
    for site in ("site-a", "site-b"):  # a crawl's sites: one subfolder each
        (root / "crawl" / site).mkdir()
        for k in range(2):
            (root / "crawl" / site / f"post{k}.md").write_text(
                f"# {site} post {k}\n\nWhat {site} wrote in post {k}, at some length.\n", encoding="utf-8")
    (root / "pages.jsonl").write_text(
        '{"id": "p1", "url": "https://example.org/a", "text": "# One\\n\\nThe first page says one thing."}\n'
        '{"id": "p2", "url": "https://example.net/b", "html": "<p>The second page says another thing.</p>"}\n',
        encoding="utf-8")
    (root / "list.txt").write_text("# inputs, one a line\npost.txt\n\ncrawl/a.txt\n", encoding="utf-8")
    page = ("<html><head><title>A saved page</title></head><body><nav>Home | About</nav><article><h1>A saved page"
            "</h1><p>The body of the page says something, at some length, as posts do.</p></article>"
            "<footer>Copyright 2024</footer></body></html>")
    (root / "saved-page.html").write_text(page, encoding="utf-8")
    (root / "saved-page.txt").write_text(page, encoding="utf-8")
    (root / "old-page.htm").write_bytes(
        "<html><body><p>古いページの本文です。文字コードはEUC-JPで保存されています。</p></body></html>".encode("euc-jp"))
    return root


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


@pytest.mark.parametrize("block", RUN, ids=[f"README.md:{b.line}:{b.lang}" for b in RUN])
def test_the_block_runs_as_written(block: Block, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    box = _sandbox(tmp_path)
    if block.lang == "python":
        cwd = os.getcwd()
        os.chdir(box)  # the examples' paths: the checkout's raw/, and the files the README names
        try:
            namespace: dict[str, object] = {}
            exec(compile(block.code, f"README.md:{block.line}", "exec"), namespace)  # noqa: S102
        finally:
            os.chdir(cwd)
        assert capsys.readouterr().out.strip(), "the example prints what it shows"
        return
    proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", block.code], cwd=box, capture_output=True,
                          env=_env(), timeout=300)
    assert proc.returncode == 0, f"README.md:{block.line}: exit {proc.returncode}\n{proc.stderr.decode()[-2000:]}"
    assert b"Traceback" not in proc.stderr


def test_the_library_example_defines_what_it_uses(capsys: pytest.CaptureFixture[str]) -> None:
    """It once raised NameError (`text` undefined): the first Library example, run alone."""
    library = README.read_text(encoding="utf-8").split("\n## Library\n", 1)[1]
    first = next(b for b in BLOCKS if b.lang == "python" and b.code in library)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        namespace: dict[str, object] = {}
        exec(compile(first.code, "README.md:Library", "exec"), namespace)  # noqa: S102
    finally:
        os.chdir(cwd)
    assert namespace["json_text"] and namespace["data"]


def test_the_quick_start_command_makes_the_checked_in_outputs(tmp_path: Path) -> None:
    """The quick start's first line ends in `dedupe normalize raw/ -o normalized/`: run in a
    copy of the checkout's raw/, it makes exactly normalized/ and says so in one line whose
    shape is the README's summary example."""
    quick = BLOCKS[0]
    assert quick.not_run is not None and "Quick start" in README.read_text(encoding="utf-8")[:400]
    command = quick.code.splitlines()[0].rsplit("&&", 1)[1].strip()
    assert command == "dedupe normalize raw/ -o normalized/"
    shutil.copytree(ROOT / "raw", tmp_path / "raw")
    proc = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, env=_env(), timeout=300)
    assert proc.returncode == 0 and proc.stdout == b""
    for golden in (ROOT / "normalized").glob("*.json"):
        assert (tmp_path / "normalized" / golden.name).read_bytes() == golden.read_bytes()
    line = proc.stderr.decode().strip()
    m = SUMMARY_RE.match(line)
    assert m, line
    assert m.group("where") == "normalized/" and (tmp_path / m.group("next")).is_file()
    example = next(b for b in BLOCKS if b.lang == "text" and b.code.startswith("dedupe: "))
    assert SUMMARY_RE.match(example.code.strip()), "the README's summary example has the shape the tool prints"
