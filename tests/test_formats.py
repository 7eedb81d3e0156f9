"""The format registry: every reader of the formats reads its rows, and a new format is one row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe.cli import main
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
