"""The format registry: every reader of the formats reads its rows, and a new format is one row."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import dedupe
from dedupe.cli import main
from dedupe.ingest import register_format, unregister_format
from dedupe.ingest.detect import check_format, format_from_path
from dedupe.ingest.formats import format_names, get_format, honours_meta_charset, input_suffixes

POST_HTML = "<html><body><h1>A title</h1><p>The first paragraph says something useful.</p></body></html>"
POST_MD = "# A title\n\nThe first paragraph says something **useful**, see [x](https://x.org).\n"


def test_the_built_in_formats_are_rows() -> None:
    assert set(format_names()) >= {"text", "markdown", "html"}
    for name in ("text", "markdown", "html"):
        row = get_format(name)
        assert row is not None and check_format(name) == name
        for suffix in row.suffixes:
            assert format_from_path(f"post{suffix.upper()}") == name
            assert suffix in input_suffixes()
    assert honours_meta_charset("html") and honours_meta_charset(None)
    assert not honours_meta_charset("text") and not honours_meta_charset("markdown")


@pytest.mark.parametrize(("name", "content", "fmt"), [
    ("a.xhtml", POST_HTML, "html"),
    ("a.mdown", POST_MD, "markdown"),
    ("a.mkd", POST_MD, "markdown"),
])
def test_a_folder_of_every_suffix_is_read(tmp_path: Path, name: str, content: str, fmt: str) -> None:
    # Behaviour fix: the CLI's folder lister kept its own copy of the suffixes and missed
    # .xhtml, .mdown and .mkd (a folder holding only `a.xhtml` gave "no input files found").
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["normalize", str(folder), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "a.json").read_text(encoding="utf-8"))
    assert doc["source"]["format"] == fmt and doc["title"] == "A title"


TOY_POST = ("= A toy post\n"
            "The first paragraph of the toy post says something useful.\n"
            "* one item of the list\n"
            "* another item of the list\n"
            "The last paragraph of the toy post ends it.\n")


@pytest.fixture()
def toy() -> Iterator[None]:
    from tests.toy_format import TOY

    register_format(TOY)
    yield
    unregister_format(TOY.name)


def test_a_registered_toy_format_is_normalized_by_the_library(toy: None, tmp_path: Path) -> None:
    path = tmp_path / "post.toy"
    path.write_text(TOY_POST, encoding="utf-8")
    doc = dedupe.normalize_file(path)
    assert doc.source.format == "toy" and doc.title == "A toy post"
    [section] = doc.sections
    assert [b.type for b in section.blocks] == ["paragraph", "list", "paragraph"]
    assert doc.report.coverage == 1.0  # every character is a block's or markup
    assert dedupe.normalize_text(TOY_POST, fmt="toy").title == "A toy post"
    assert dedupe.normalize_text(TOY_POST).source.format == "toy"  # sniffed: no suffix


def test_a_registered_toy_format_is_normalized_by_the_cli(toy: None, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "post.toy").write_text(TOY_POST, encoding="utf-8")
    (folder / "notes.dat").write_text("not an input", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["normalize", str(folder), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "post.json").read_text(encoding="utf-8"))
    assert doc["source"]["format"] == "toy" and doc["title"] == "A toy post"
    result = CliRunner().invoke(main, ["normalize", "-", "--format", "toy"], input=TOY_POST)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] == "A toy post"


def test_an_unregistered_format_is_refused_with_the_known_ones() -> None:
    with pytest.raises(dedupe.InputError, match="unknown format 'toy'; use one of: text, html, markdown"):
        dedupe.normalize_text("= x\n", fmt="toy")
    result = CliRunner().invoke(main, ["normalize", "-", "--format", "toy"], input="x")
    assert result.exit_code == 2 and "'toy' is not one of" in result.stderr
