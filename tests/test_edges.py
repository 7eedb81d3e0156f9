"""Trust at the edges (issue 13): every case of `benchmarks/hostile.py` through the real
command line -- exit code, one-line message, no traceback, no input changed, no temporary
file left, the case's own check -- and the library-level promises behind them."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import dedupe
from dedupe import batch
from dedupe.cli import main
from dedupe.errors import OverwriteError
from dedupe.paths import file_mode, refuse_inputs_as_outputs, shown, write_atomic

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import hostile  # noqa: E402

POST = hostile.POST


@pytest.mark.parametrize("case", hostile.CASES, ids=[c.name for c in hostile.CASES])
def test_hostile_case(case: hostile.Case) -> None:
    result = hostile.run_case(case)
    assert result.ok, f"{case.name}: {result.problems}\n{result.stderr}"


def test_every_case_of_the_issue_is_in_the_suite() -> None:
    names = {c.name for c in hostile.CASES}
    for needed in ("onto/-o-is-the-input", "onto/--jsonl-is-the-input", "onto/explain---html", "onto/render--o",
                   "onto/-o-hard-link", "decode/cp1252-no-hint", "decode/meta-utf-16-on-ascii", "md/indented-20-levels",
                   "decode/meta-utf-7", "decode/meta-rot13", "decode/--encoding-base64-stdin", "names/not-utf-8",
                   "out/--jsonl-under-a-file", "out/dev-full", "in/closed-stdin", "pipe/inspect-head",
                   "sig/SIGTERM-during---jsonl", "mode/umask-022", "small/empty-file", "small/skipped-counted",
                   "decode/pdf", "small/one-copy", "time/--timeout-in-a-batch"):
        assert needed in names


def test_a_full_disk_stops_a_batch_with_one_line_and_exit_5(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for n in range(5):
        (src / f"p{n}.txt").write_text(POST.replace("first", f"number {n}"), encoding="utf-8")

    def full(a: str, b: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    result = CliRunner().invoke(main, ["normalize", str(src), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 5, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0], lines
    assert not list((tmp_path / "out").glob("*"))  # no partial file, no temporary file


def test_an_internal_error_is_one_line_naming_the_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise TypeError("a bug")

    monkeypatch.setattr("dedupe.cli.normalize_bytes", broken)
    result = CliRunner().invoke(main, ["normalize", "-"], input=POST.encode())
    assert result.exit_code == 70
    assert result.stderr.strip() == "dedupe: error: internal error on - (TypeError: a bug); please report this input"
    (tmp_path / "p.txt").write_text(POST, encoding="utf-8")
    monkeypatch.setattr(batch, "normalize_file", broken)
    result = CliRunner().invoke(main, ["normalize", str(tmp_path / "p.txt")])
    assert result.exit_code == 70 and "p.txt: internal error (TypeError: a bug)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_outputs_are_refused_when_they_are_an_input_by_any_name(tmp_path: Path) -> None:
    post = tmp_path / "post.txt"
    post.write_text(POST, encoding="utf-8")
    (tmp_path / "link").symlink_to(post)
    os.link(post, tmp_path / "hard")
    for out in (post, tmp_path / "link", tmp_path / "hard", tmp_path / "sub" / ".." / "post.txt"):
        with pytest.raises(OverwriteError):
            refuse_inputs_as_outputs([str(out)], [str(post)])
    refuse_inputs_as_outputs([str(tmp_path / "new.json"), "-"], [str(post), "-"])  # not an input: fine


def test_files_get_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        assert file_mode() == 0o640
        write_atomic(tmp_path / "a.json", "{}")
        assert (tmp_path / "a.json").stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


def test_a_source_name_that_is_not_utf8_is_shown_safely() -> None:
    name = os.fsdecode(b"caf\xe9.txt")
    doc = dedupe.normalize_text(POST, source=name)
    assert doc.source.path == shown(name) == "caf\\xe9.txt"
    doc.to_json_bytes()


def test_an_empty_input_warns_and_says_so_in_the_report(tmp_path: Path) -> None:
    (tmp_path / "e.txt").write_bytes(b"  \n")
    result = CliRunner().invoke(main, ["normalize", str(tmp_path / "e.txt")])
    assert result.exit_code == 0 and "empty input" in result.stderr
    assert '"empty": true' in result.stdout
    assert dedupe.normalize_text(POST).report.empty is False
