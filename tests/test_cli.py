"""The command line, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from dedupe.cli import main

POST = "# A title #tag\nOverview\nThe first paragraph says something useful.\n- one item here\nPost a Comment\n"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    assert isinstance(main, click.Group)
    for name in main.commands:
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, name


def test_normalize_file_to_file(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "post.txt"
    src.write_text(POST, encoding="utf-8")
    before = src.read_bytes()
    out = tmp_path / "out.json"
    result = runner.invoke(main, ["normalize", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["title"] == "A title" and doc["tags"] == ["tag"]
    assert doc["boilerplate"][0]["text"] == "Post a Comment"
    assert src.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files left


def test_normalize_directory_mirrors_names(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(POST, encoding="utf-8")
    (tmp_path / "in" / "sub" / "b.txt").write_text(POST, encoding="utf-8")
    result = runner.invoke(main, ["normalize", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*.json")) == [
        "a.json", "sub/b.json"]


def test_stdin_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(main, ["normalize", "-"], input=POST.encode())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["source"]["path"] is None


def test_batch_goes_on_past_a_bad_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(POST, encoding="utf-8")
    (tmp_path / "in" / "bad.txt").write_bytes(b"broken \xff\xfa text")
    result = runner.invoke(main, ["normalize", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert (tmp_path / "out" / "good.json").exists()
    assert not (tmp_path / "out" / "bad.json").exists()
    assert "bad.txt" in result.stderr and "1 of 2 inputs failed" in result.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["normalize", "missing.txt"], 3, "no such file"),
        (["normalize", "BAD"], 4, "not valid UTF-8"),
        (["inspect", "missing.json"], 3, "no such file"),
        (["inspect", "NOTJSON"], 3, "not a normalized document"),
    ],
)
def test_errors_are_one_line_with_documented_codes(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int, message: str
) -> None:
    (tmp_path / "bad.txt").write_bytes(b"ok \xff\xfe")
    (tmp_path / "notjson.json").write_text("{}", encoding="utf-8")
    args = [str(tmp_path / "bad.txt") if a == "BAD" else str(tmp_path / "notjson.json") if a == "NOTJSON" else a
            for a in args]
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, args)
    assert result.exit_code == code
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_two_inputs_with_the_same_output_name_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(POST, encoding="utf-8")
    (tmp_path / "x.md").write_text(POST, encoding="utf-8")
    result = runner.invoke(main, ["normalize", str(tmp_path / "x.txt"), str(tmp_path / "x.md"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "would both write x.json" in result.output


def test_inspect_shows_an_outline(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "post.txt"
    src.write_text(POST + "\n" + POST, encoding="utf-8")
    runner.invoke(main, ["normalize", str(src), "-o", str(tmp_path / "p.json")])
    result = runner.invoke(main, ["inspect", str(tmp_path / "p.json")])
    assert result.exit_code == 0
    assert "title:     A title" in result.output
    assert "Overview" in result.output
    assert "merged:" in result.output


def test_schema_is_json_schema(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema"])
    schema = json.loads(result.output)
    assert {"schema_version", "source", "sections", "citations", "boilerplate", "report"} <= set(schema["properties"])


def test_threshold_options_reach_the_config(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "post.txt"
    src.write_text(POST, encoding="utf-8")
    result = runner.invoke(main, ["normalize", str(src), "--match-threshold", "97", "--min-run-units", "5"])
    assert result.exit_code == 0
    cfg = json.loads(result.stdout)["report"]["config"]
    assert cfg["match_threshold"] == 97 and cfg["min_run_units"] == 5


def test_strict_fails_when_text_goes_nowhere(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dedupe.steps import merging

    src = tmp_path / "post.txt"
    src.write_text(POST, encoding="utf-8")
    assert runner.invoke(main, ["normalize", str(src), "--strict"]).exit_code == 0
    real = merging.merge_copies
    monkeypatch.setattr(merging, "merge_copies", lambda *a, **k: real(*a, **k)[1:])
    result = runner.invoke(main, ["normalize", str(src), "--strict", "-o", str(tmp_path / "o.json")])
    assert result.exit_code == 6
    assert "accounted for" in result.stderr
    assert not (tmp_path / "o.json").exists()


@pytest.mark.parametrize("target", ["text"])
def test_render_round_trips_the_content(runner: CliRunner, tmp_path: Path, target: str) -> None:
    from .helpers import doc_content, norm

    seed = Path(__file__).resolve().parent.parent / "normalized" / "000_5b8682380bdf1a26.json"
    result = runner.invoke(main, ["render", str(seed), "--to", target, "-o", str(tmp_path / f"r.{target}.txt")])
    assert result.exit_code == 0, result.output
    again = runner.invoke(main, ["normalize", str(tmp_path / f"r.{target}.txt")])
    assert again.exit_code == 0, again.output
    a, b = json.loads(seed.read_text(encoding="utf-8")), json.loads(again.stdout)
    assert [norm(s) for s in doc_content(a)] == [norm(s) for s in doc_content(b)]
    cite = [(c["title"], c["publisher"], c["url"]) for c in a["citations"]]
    assert cite == [(c["title"], c["publisher"], c["url"]) for c in b["citations"]]


def _corpus(root: Path, n: int = 6) -> Path:
    src = root / "corpus"
    src.mkdir()
    for i in range(n):
        body = POST.replace("A title", f"Title {i}") + f"Paragraph {i} is unique to this post number {i}.\n"
        (src / f"p{i}.txt").write_text(body + body, encoding="utf-8")
    return src


def test_parallel_batch_writes_what_a_serial_one_writes(runner: CliRunner, tmp_path: Path) -> None:
    src = _corpus(tmp_path)
    for jobs in ("1", "2"):
        result = runner.invoke(main, ["normalize", str(src), "-o", str(tmp_path / f"out{jobs}"), "--jobs", jobs])
        assert result.exit_code == 0, result.output
        assert "6 files (0 failed)" in result.stderr and "merges" in result.stderr
    for f in (tmp_path / "out1").iterdir():
        assert f.read_bytes() == (tmp_path / "out2" / f.name).read_bytes()


def test_jsonl_writes_one_document_per_line_in_input_order(runner: CliRunner, tmp_path: Path) -> None:
    src = _corpus(tmp_path)
    out = tmp_path / "corpus.jsonl"
    result = runner.invoke(main, ["normalize", str(src), "--jsonl", str(out), "-j", "2"])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["title"] for line in lines] == [f"Title {i}" for i in range(6)]
    assert runner.invoke(main, ["normalize", str(src), "--jsonl", str(out), "-o", str(tmp_path / "x")]).exit_code == 2


def test_no_progress_line_in_a_pipe(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["normalize", str(_corpus(tmp_path)), "-o", str(tmp_path / "o")])
    assert "\r" not in result.stderr and "[" not in result.stderr
    quiet = runner.invoke(main, ["normalize", str(tmp_path / "corpus"), "-o", str(tmp_path / "o"), "-q"])
    assert quiet.stderr == ""


def test_progress_line_on_a_terminal(tmp_path: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    src = _corpus(tmp_path)
    leader, follower = pty.openpty()
    proc = subprocess.run([sys.executable, "-m", "dedupe.cli", "normalize", str(src), "-o", str(tmp_path / "o")],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower, timeout=120)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert proc.returncode == 0
    assert b"\r[" in seen and b"6/6 files" in seen and b"docs/s" in seen
