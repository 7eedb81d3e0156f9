"""Standard streams, input lists and every output format from every command (issue 14),
as a user runs them: what goes to stdout (only data when it is the data stream), what the
summary line on stderr says, and the exit codes of the README's table."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import dedupe
from dedupe.cli import main
from dedupe.render import render

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "raw" / "000_5b8682380bdf1a26.txt"
POST = "# A title #tag\nOverview\nThe first paragraph says something useful.\n- one item here\nPost a Comment\n"
PAGE = "<html><head><title>A page</title></head><body><article><h1>A page</h1><p>Body text of the page, " \
       "long enough to be a paragraph of prose.</p></article></body></html>"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def _folder(root: Path, n: int = 3) -> Path:
    src = root / "in"
    src.mkdir()
    for i in range(n):
        (src / f"p{i}.txt").write_text(POST.replace("A title", f"Title {i}"), encoding="utf-8")
    return src


def test_a_folder_without_o_streams_json_lines_to_stdout(runner: CliRunner, tmp_path: Path) -> None:
    src = _folder(tmp_path)
    result = runner.invoke(main, ["normalize", str(src)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [json.loads(line)["title"] for line in lines] == ["Title 0", "Title 1", "Title 2"]
    summary = result.stderr.strip().splitlines()
    assert len(summary) == 1 and "3 files (0 failed)" in summary[0] and "JSON Lines on stdout" in summary[0]
    assert "next: " in summary[0] and "dedupe inspect -" in summary[0]
    several = runner.invoke(main, ["normalize", str(src / "p0.txt"), str(src / "p1.txt")])
    assert several.exit_code == 0 and len(several.stdout.splitlines()) == 2


@pytest.mark.parametrize("args", [["-o", "-"], ["--jsonl", "-"]])
def test_dash_is_stdout_not_a_file_named_dash(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              args: list[str]) -> None:
    src = _folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["normalize", str(src), *args])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3
    one = runner.invoke(main, ["normalize", str(src / "p0.txt"), *args])
    assert one.exit_code == 0 and json.loads(one.stdout)["title"] == "Title 0"
    assert not (tmp_path / "-").exists()


def test_jsonl_file_is_shorthand_for_to_jsonl_o_file(runner: CliRunner, tmp_path: Path) -> None:
    src = _folder(tmp_path)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert runner.invoke(main, ["normalize", str(src), "--jsonl", str(a)]).exit_code == 0
    result = runner.invoke(main, ["normalize", str(src), "--to", "jsonl", "-o", str(b)])
    assert result.exit_code == 0
    assert a.read_bytes() == b.read_bytes() and len(a.read_text(encoding="utf-8").splitlines()) == 3
    assert f"JSON Lines in {b}" in result.stderr and f"next: dedupe inspect {b}" in result.stderr
    assert runner.invoke(main, ["normalize", str(src), "--jsonl", str(a), "--to", "md"]).exit_code == 2


def test_files_from_a_list_and_from_stdin(runner: CliRunner, tmp_path: Path) -> None:
    src = _folder(tmp_path)
    listing = tmp_path / "list.txt"
    listing.write_text(f"# the posts to read\n{src / 'p2.txt'}\n\n   \n{src / 'p0.txt'}\n", encoding="utf-8")
    result = runner.invoke(main, ["normalize", "--files-from", str(listing)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == ["Title 2", "Title 0"]
    piped = runner.invoke(main, ["normalize", "--files-from", "-", "-o", str(tmp_path / "out")],
                          input=f"{src / 'p1.txt'}\n{src / 'p2.txt'}\n")
    assert piped.exit_code == 0, piped.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["p1.json", "p2.json"]
    mixed = runner.invoke(main, ["normalize", str(src / "p1.txt"), "--files-from", str(listing)])
    assert mixed.exit_code == 0 and len(mixed.stdout.splitlines()) == 3
    missing = runner.invoke(main, ["normalize", "--files-from", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 3 and "no such file" in missing.stderr
    assert runner.invoke(main, ["normalize"]).exit_code == 2  # no input at all: a usage error


def test_a_url_is_refused_with_a_hint(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["normalize", "https://example.com/2024/post.html"])
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "a URL, not a file" in lines[0]
    assert "curl -s URL | dedupe normalize - --format html" in lines[0]
    assert runner.invoke(main, ["explain", "http://example.com/x"]).exit_code == 3
    # In a batch it is one failure among others, and the rest are written.
    src = _folder(tmp_path, 1)
    batch = runner.invoke(main, ["normalize", str(src / "p0.txt"), "HTTP://example.com/a", "-o", str(tmp_path / "o")])
    assert batch.exit_code == 1
    assert (tmp_path / "o" / "p0.json").exists() and "a URL, not a file" in batch.stderr


def test_the_summary_says_where_and_what_next_and_q_silences_it(runner: CliRunner, tmp_path: Path) -> None:
    src = _folder(tmp_path, 1)  # a one-file folder gets its summary too
    out = tmp_path / "out"
    result = runner.invoke(main, ["normalize", str(src), "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    line = result.stderr.strip()
    assert line.startswith("dedupe: 1 file (0 failed)")
    assert f"JSON files in {out}/" in line and f"next: dedupe inspect {out / 'p0.json'}" in line
    one = runner.invoke(main, ["normalize", str(src / "p0.txt"), "-o", str(tmp_path / "x.json")])
    assert f"JSON in {tmp_path / 'x.json'}; next: dedupe inspect {tmp_path / 'x.json'}" in one.stderr
    quiet = runner.invoke(main, ["normalize", str(src), "-o", str(out), "-q"])
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == ""


def test_every_format_from_normalize(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(SEED, tmp_path / "in" / "seed.txt")
    doc = dedupe.normalize_file(str(tmp_path / "in" / "seed.txt"))
    for target, suffix in (("json", ".json"), ("md", ".md"), ("text", ".txt")):
        out = tmp_path / f"out-{target}"
        result = runner.invoke(main, ["normalize", str(tmp_path / "in"), "--to", target, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert [p.name for p in out.iterdir()] == [f"seed{suffix}"]  # the suffix follows the format
        written = (out / f"seed{suffix}").read_text(encoding="utf-8")
        if target == "json":
            assert dedupe.Document.model_validate_json(written) == doc
        else:
            assert written == render(doc, target)
    one = runner.invoke(main, ["normalize", str(tmp_path / "in" / "seed.txt"), "--to", "md"])
    assert one.exit_code == 0 and one.stdout == render(doc, "md")
    elements = runner.invoke(main, ["normalize", str(tmp_path / "in" / "seed.txt"), "--to", "elements"])
    rows = [json.loads(line) for line in elements.stdout.splitlines()]
    assert rows == [e.model_dump(mode="json") for e in doc.elements()]
    assert list(rows[0])[:2] == ["type", "text"]
    piped = runner.invoke(main, ["normalize", "-", "--to", "elements"], input=POST)
    assert piped.exit_code == 0, piped.output
    assert [json.loads(line)["text"] for line in piped.stdout.splitlines()] == [
        e.text for e in dedupe.normalize_text(POST).elements()]
    assert runner.invoke(main, ["normalize", "-", "--to", "text"], input=POST).stdout == render(
        dedupe.normalize_text(POST), "text")


def test_formats_that_cannot_go_together_are_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    src = _folder(tmp_path)
    refused = runner.invoke(main, ["normalize", str(src), "--to", "md"])
    assert refused.exit_code == 2 and "need -o DIR" in refused.output
    (tmp_path / "dir").mkdir()
    assert runner.invoke(main, ["normalize", str(src), "--to", "elements", "-o", str(tmp_path / "dir")]).exit_code == 2


def test_a_stream_goes_on_past_a_bad_file(runner: CliRunner, tmp_path: Path) -> None:
    src = _folder(tmp_path, 2)
    (src / "bad.txt").write_bytes(b"broken \xff\xfa text")
    result = runner.invoke(main, ["normalize", str(src), "--to", "elements", "-o", str(tmp_path / "e.jsonl")])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["source"] for r in rows} == {str(src / "p0.txt"), str(src / "p1.txt")}
    assert "bad.txt" in result.stderr and "1 of 3 inputs failed" in result.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_render_reads_a_file_a_folder_and_json_lines(runner: CliRunner, tmp_path: Path) -> None:
    src = _folder(tmp_path)
    assert runner.invoke(main, ["normalize", str(src), "-o", str(tmp_path / "docs"), "-q"]).exit_code == 0
    docs = [dedupe.Document.model_validate_json((tmp_path / "docs" / f"p{i}.json").read_bytes()) for i in range(3)]
    want = "\n".join(render(d, "md") for d in docs)
    folder = runner.invoke(main, ["render", str(tmp_path / "docs"), "--to", "md"])
    assert folder.exit_code == 0 and folder.stdout == want
    assert runner.invoke(main, ["normalize", str(src), "--jsonl", str(tmp_path / "all.jsonl"), "-q"]).exit_code == 0
    lines = runner.invoke(main, ["render", str(tmp_path / "all.jsonl"), "--to", "md"])
    assert lines.exit_code == 0 and lines.stdout == want
    piped = runner.invoke(main, ["render", "-", "--to", "text"], input=(tmp_path / "all.jsonl").read_bytes())
    assert piped.exit_code == 0 and piped.stdout == "\n".join(render(d, "text") for d in docs)
    out = tmp_path / "texts"
    to_dir = runner.invoke(main, ["render", str(tmp_path / "docs"), "--to", "text", "-o", f"{out}{os.sep}"])
    assert to_dir.exit_code == 0, to_dir.output
    assert sorted(p.name for p in out.iterdir()) == ["p0.txt", "p1.txt", "p2.txt"]
    assert (out / "p1.txt").read_text(encoding="utf-8") == render(docs[1], "text")
    elements = runner.invoke(main, ["render", str(tmp_path / "all.jsonl"), "--to", "elements"])
    assert len(elements.stdout.splitlines()) == sum(len(list(d.elements())) for d in docs)
    many_json = runner.invoke(main, ["render", str(tmp_path / "all.jsonl"), "--to", "json"])
    assert many_json.exit_code == 2 and many_json.stdout == ""


def test_inspect_reads_json_lines_stdin_and_posts(runner: CliRunner, tmp_path: Path) -> None:
    src = _folder(tmp_path, 2)
    stream = runner.invoke(main, ["normalize", str(src), "-q"]).stdout
    result = runner.invoke(main, ["inspect", "-"], input=stream)
    assert result.exit_code == 0
    assert result.stdout.count("title:     Title") == 2 and f"==> {src / 'p1.txt'} <==" in result.stdout
    post = runner.invoke(main, ["inspect", str(src / "p0.txt")])
    assert post.exit_code == 0 and "title:     Title 0" in post.stdout and "==>" not in post.stdout


def test_format_is_accepted_by_every_command_that_reads_a_post(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "saved.txt"  # an HTML page saved under a text name
    page.write_text(PAGE, encoding="utf-8")
    as_text = runner.invoke(main, ["normalize", str(page)])
    assert json.loads(as_text.stdout)["source"]["format"] == "text"
    as_html = runner.invoke(main, ["normalize", str(page), "--format", "html"])
    assert json.loads(as_html.stdout)["source"]["format"] == "html"
    inspected = runner.invoke(main, ["inspect", str(page), "--format", "html"])
    assert inspected.exit_code == 0 and "(html," in inspected.stdout
    rendered = runner.invoke(main, ["render", str(page), "--format", "html", "--to", "text"])
    assert rendered.exit_code == 0 and "<html>" not in rendered.stdout and "Body text of the page" in rendered.stdout
    explained = runner.invoke(main, ["explain", str(page), "--format", "html"])
    assert explained.exit_code == 0, explained.output
    assert "html" in explained.stdout.splitlines()[0]
    piped = runner.invoke(main, ["explain", "-", "--format", "html"], input=PAGE)
    assert piped.exit_code == 0 and "html" in piped.stdout.splitlines()[0]


def test_reading_a_document_ignores_added_fields(runner: CliRunner, tmp_path: Path) -> None:
    """The contract lets fields be added: a document from a later version still reads."""
    data = json.loads(dedupe.normalize_text(POST, source="post.txt").to_json())
    data["added_later"] = {"x": 1}
    data["sections"][0]["blocks"][0]["score"] = 0.5
    (tmp_path / "later.json").write_text(json.dumps(data), encoding="utf-8")
    assert runner.invoke(main, ["inspect", str(tmp_path / "later.json")]).exit_code == 0
    result = runner.invoke(main, ["render", str(tmp_path / "later.json"), "--to", "md"])
    assert result.exit_code == 0 and "The first paragraph says something useful." in result.stdout


def _run(args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(["bash", "-c", args], cwd=cwd, capture_output=True, env=env, timeout=300)


def test_the_issue_commands_as_a_user_types_them(tmp_path: Path) -> None:
    """`dedupe normalize raw/ | head -c 200` streams JSON Lines and exits 0 with no traceback;
    `dedupe normalize raw/ -o normalized/` prints the summary with the next step."""
    (tmp_path / "raw").mkdir()
    for i in range(30):  # enough that the reader closes the pipe while documents still come
        shutil.copy(SEED, tmp_path / "raw" / f"p{i:02}.txt")
    piped = _run("dedupe normalize raw/ | head -c 200; exit ${PIPESTATUS[0]}", tmp_path)
    assert piped.returncode == 0, piped.stderr
    assert len(piped.stdout) == 200 and piped.stdout.startswith(b'{"schema_version":"1.0","source":{"path":"raw/p00')
    assert b"Traceback" not in piped.stderr and b"BrokenPipe" not in piped.stderr
    written = _run("dedupe normalize raw/ -o normalized/", tmp_path)
    assert written.returncode == 0 and written.stdout == b""
    line = written.stderr.decode().strip()
    assert line.startswith("dedupe: 30 files (0 failed)")
    assert line.endswith("JSON files in normalized/; next: dedupe inspect normalized/p00.json")
    assert _run("dedupe inspect normalized/p00.json", tmp_path).returncode == 0
