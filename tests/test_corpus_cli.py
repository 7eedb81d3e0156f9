"""`dedupe corpus` through click: outputs, bad documents, JSONL ids, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe.cli import main
from tests.corpus_gen import generate_corpus


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_folder_to_folder_mirrors_the_layout(runner: CliRunner, tmp_path: Path) -> None:
    truth = generate_corpus(tmp_path / "in", seed=21, posts=30, sites=3)
    (tmp_path / "in" / "loose.txt").write_text("A post with no site. Just a sentence or two here.\n")
    result = runner.invoke(main, ["corpus", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--merge-clusters"])
    assert result.exit_code == 0, result.output
    files = _files(tmp_path / "out")
    want = {d.removesuffix(".txt") + ".json" for d in truth.sites} | {"loose.json", "corpus.json"}
    want |= {f"clusters/c{n}.json" for n in range(1, len(truth.clusters) + 1)}
    assert set(files) == want
    loose = json.loads(files["loose.json"])
    assert loose["report"]["corpus"] == {"id": "loose.txt", "site": None, "cluster": None, "duplicate_of": None,
                                         "similarity": None}
    summary = result.output.strip().splitlines()[-1]
    assert f"31 documents, {len(truth.clusters)} clusters" in summary and "chrome lines learned" in summary
    assert "\r" not in result.output  # no progress line outside a terminal
    report = json.loads(files["corpus.json"])
    assert len(report["clusters"]) == len(truth.clusters) and report["failed"] == []
    merged = json.loads(files["clusters/c1.json"])
    spans = [s for sec in merged["sections"] for b in sec["blocks"] for s in b.get("provenance", [])]
    assert spans and all(isinstance(s["doc"], str) for s in spans)
    assert {s["doc"] for s in spans} == {m["id"] for m in report["clusters"][0]["members"]}


def test_a_bad_document_is_reported_and_skipped(runner: CliRunner, tmp_path: Path) -> None:
    generate_corpus(tmp_path / "in", seed=22, posts=20, sites=2)
    bad = tmp_path / "in" / "site-000.example" / "broken.txt"
    bad.write_bytes(b"\xff\xfe\x00\xd8")  # a UTF-16 BOM and a lone surrogate: cannot be decoded
    result = runner.invoke(main, ["corpus", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "broken.txt" in result.output and "1 of 21 documents failed" in result.output
    files = _files(tmp_path / "out")
    assert "site-000.example/broken.json" not in files
    assert len([f for f in files if f.endswith(".json") and f != "corpus.json"]) == 20
    report = json.loads(files["corpus.json"])
    assert [f["id"] for f in report["failed"]] == ["site-000.example/broken.txt"]
    assert not [f for f in files if f.endswith(".tmp") or "dedupe-corpus" in f]  # nothing half-written


def test_jsonl_ids_are_sanitised(runner: CliRunner, tmp_path: Path) -> None:
    text = "The same report, carried by two sites, long enough to compare. " * 8
    records = [{"id": "../../escape", "url": "https://a.example/1", "text": text},
               {"id": "/etc/passwd", "url": "https://b.example/2", "text": text},
               {"id": "ok-1", "text": "A post of its own, with nothing like it anywhere."},
               {"id": "..", "text": "Another post, different from all the others here."}]
    src = tmp_path / "pages.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in records) + "\nnot json\n", encoding="utf-8")
    out = tmp_path / "deep" / "out"
    result = runner.invoke(main, ["corpus", str(src), "-o", str(out)])
    assert result.exit_code == 1  # the line that is not JSON
    assert "line 5: not JSON" in result.output
    everything = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert everything - {"pages.jsonl"} == {f"deep/out/{n}" for n in _files(out)}  # nothing outside OUT
    names = set(_files(out))
    assert "ok-1.json" in names and "corpus.json" in names and len(names) == 5
    assert all("/" not in n and not n.startswith(".") for n in names)
    report = json.loads((out / "corpus.json").read_text())
    assert [m["id"] for m in report["clusters"][0]["members"]] == ["../../escape", "/etc/passwd"]
    assert [m["site"] for m in report["clusters"][0]["members"]] == ["a.example", "b.example"]


def test_jsonl_output(runner: CliRunner, tmp_path: Path) -> None:
    generate_corpus(tmp_path / "in", seed=23, posts=20, sites=2)
    result = runner.invoke(main, ["corpus", str(tmp_path / "in"), "--jsonl", str(tmp_path / "docs.jsonl"), "-q"])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "docs.jsonl").read_text().splitlines()
    assert len(lines) == 20 and all(json.loads(x)["report"]["corpus"]["id"] for x in lines)
    assert (tmp_path / "corpus.json").is_file() and result.output == ""


def test_output_onto_input_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    generate_corpus(tmp_path / "in", seed=24, posts=10, sites=2)
    before = _files(tmp_path / "in")
    result = runner.invoke(main, ["corpus", str(tmp_path / "in"), "-o", str(tmp_path / "in")])
    assert result.exit_code != 0 and "input" in result.output
    assert _files(tmp_path / "in") == before
    src = tmp_path / "pages.jsonl"
    src.write_text(json.dumps({"id": "1", "text": "x"}) + "\n")
    result = runner.invoke(main, ["corpus", str(src), "--jsonl", str(src)])
    assert result.exit_code == 2 and "refusing to overwrite an input" in result.output
    assert src.read_text() == json.dumps({"id": "1", "text": "x"}) + "\n"


def test_names_that_collide_with_the_corpus_files_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "corpus.txt").write_text("A post called corpus.\n")
    result = runner.invoke(main, ["corpus", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 5 and "collide" in result.output
    assert not (tmp_path / "out").exists()


def test_usage_needs_one_output(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["corpus", str(tmp_path)])
    assert result.exit_code == 2 and "-o OUT" in result.output


def test_missing_input(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["corpus", str(tmp_path / "nope*"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3 and "no such folder" in result.output


def test_glob_input(runner: CliRunner, tmp_path: Path) -> None:
    generate_corpus(tmp_path / "in", seed=25, posts=20, sites=2)
    result = runner.invoke(main, ["corpus", str(tmp_path / "in" / "*" / "*.txt"), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    assert {p.parent.name for p in (tmp_path / "out").rglob("post-*.json")} == {"site-000.example",
                                                                               "site-001.example"}


def test_the_readme_corpus_library_example_runs(tmp_path: Path) -> None:
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n### Library and adapters\n", 1)[1]
    m = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert m and '"crawl/"' in m.group(1)
    generate_corpus(tmp_path / "crawl", seed=26, posts=20, sites=2)
    code = m.group(1).replace('"crawl/"', repr(str(tmp_path / "crawl")))
    exec(compile(code, "README.md:Corpus mode", "exec"), {})  # noqa: S102
