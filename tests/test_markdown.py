"""Markdown ingestion (markdown-it-py with line maps) and format detection.

Golden sidecars: `tests/fixtures/markdown/X.expect.json` is what `X.md` must come out as.
After an intended change, refresh them on purpose with `python -m tests.test_markdown`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import dedupe
from dedupe.ingest.blocks import Kind
from dedupe.ingest.detect import detect_format, format_from_path, sniff_format
from dedupe.ingest.markdown import ingest_markdown
from dedupe.ingest.plaintext import ingest_text

from .seed_formats import expectation, markdown_file, outline, regenerate, seed_text

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"
POSTS = sorted(FIXTURES.glob("*.md"))
LINK_SUFFIX_RE = re.compile(r"\]\(https?://[^)\s]*\)")



@pytest.mark.parametrize("path", POSTS, ids=[p.stem for p in POSTS])
def test_post_matches_its_golden_sidecar(path: Path) -> None:
    doc = dedupe.normalize_file(path)
    assert doc.source.format == "markdown"
    expect = json.loads(path.with_suffix(".expect.json").read_text(encoding="utf-8"))
    assert json.loads(json.dumps(expectation(doc), ensure_ascii=False)) == expect
    assert doc.report.coverage == 1.0, doc.report.accounting


@pytest.mark.parametrize("path", POSTS, ids=[p.stem for p in POSTS])
def test_every_block_span_holds_its_text(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    ing = ingest_markdown(source)
    for b in ing.blocks:
        assert source[b.start : b.end].strip()
        synthetic = {i for m in LINK_SUFFIX_RE.finditer(b.text) for i in range(m.start(), m.end())}
        for i, c in enumerate(b.text):
            at = b.source_offset(i)
            assert b.start <= at <= b.end
            if c.isalnum() and i not in synthetic:
                assert source[at] == c, (b.text, i)


# --------------------------------------------------------------------------- the seed as Markdown


def test_the_seed_as_markdown_reads_like_the_text_seed() -> None:
    text = seed_text()
    md = markdown_file(text)
    doc = dedupe.normalize_text(md, source="000_seed.md")
    assert doc.source.format == "markdown"
    assert outline(doc) == outline(dedupe.normalize_text(text, source="000_seed.txt"))
    assert len(doc.citations) == 19
    assert doc.report.coverage == 1.0


def test_the_seed_read_as_markdown_would_fold_its_lines() -> None:
    """Why the seed is plain text: as Markdown its blank-line-free lines fold together."""
    as_markdown = ingest_markdown(seed_text()).blocks
    as_text = ingest_text(seed_text()).blocks
    assert len(as_markdown) * 2 < len(as_text)
    assert sniff_format(seed_text()) == "text"
    assert dedupe.normalize_text(seed_text()).source.format == "text"


# --------------------------------------------------------------------------- structure


def test_structure_and_inline_markup() -> None:
    source = (
        "# Title #ai\n\n"
        "Some **bold** and _em_ text, `code`, an escaped \\*star\\*, Q&amp;A and a [link](https://example.org/x \"t\").\n"
        "A soft break.\n\n"
        "> quoted one\n> quoted two\n\n"
        "- a\n  - nested\n- b\n\n"
        "1. one\n2. two\n\n"
        "| h1 | h2 |\n|----|----|\n| c1 | c2 |\n\n"
        "```python\nx = 1\n```\n"
    )
    ing = ingest_markdown(source)
    assert ing.title is not None and ing.title.text == "Title" and ing.tags == ("ai",)
    got = [(b.kind, b.text) for b in ing.blocks]
    assert got == [
        (Kind.PARAGRAPH, "Some bold and em text, code, an escaped *star*, Q&A and a [link](https://example.org/x).\n"
                         "A soft break."),
        (Kind.QUOTE, "quoted one"), (Kind.QUOTE, "quoted two"),
        (Kind.LIST_ITEM, "a"), (Kind.LIST_ITEM, "nested"), (Kind.LIST_ITEM, "b"),
        (Kind.LIST_ITEM, "one"), (Kind.LIST_ITEM, "two"),
        (Kind.TABLE_ROW, "h1 | h2"), (Kind.TABLE_ROW, "c1 | c2"),
        (Kind.CODE, "x = 1"),
    ]
    items = [b for b in ing.blocks if b.kind is Kind.LIST_ITEM]
    assert [b.level for b in items] == [1, 2, 1, 1, 1]
    assert items[0].group == items[2].group != items[1].group
    assert [b.ordered for b in items] == [False, False, False, True, True]
    rows = [b for b in ing.blocks if b.kind is Kind.TABLE_ROW]
    assert [r.header for r in rows] == [True, False] and rows[1].cells == ("c1", "c2")
    code = ing.blocks[-1]
    assert code.cells == ("python",)
    para = ing.blocks[0]
    assert source[para.source_offset(para.text.index("Q&A")) :].startswith("Q&amp;A")
    assert source[para.source_offset(para.text.index("star")) - 2 :].startswith("\\*star")


def test_explicit_headings_are_trusted_and_bare_lines_are_not_headings_then() -> None:
    ing = ingest_markdown("# T\n\n## Real heading\n\nShort line\n\nA paragraph follows here.\n")
    assert [(b.kind, b.text) for b in ing.blocks] == [
        (Kind.HEADING, "Real heading"), (Kind.PARAGRAPH, "Short line"), (Kind.PARAGRAPH, "A paragraph follows here.")]


def test_crlf_markdown_keeps_exact_offsets() -> None:
    source = "# Title\r\n\r\nFirst line\r\nsecond line.\r\n\r\n- item one\r\n- item two\r\n"
    ing = ingest_markdown(source)
    para, one, two = ing.blocks
    assert para.text == "First line\nsecond line."
    assert source[para.start : para.end] == "First line\r\nsecond line."
    assert (source[one.start : one.end], one.line) == ("item one", 6)
    assert source[two.start : two.end] == "item two"


def test_front_matter_gives_title_and_tags() -> None:
    ing = ingest_markdown('---\ntitle: "Hello"\ntags:\n  - one\n  - two\n---\n\nBody text here.\n')
    assert ing.title is not None and ing.title.text == "Hello"
    assert ing.tags == ("one", "two")
    assert [b.text for b in ing.blocks] == ["Body text here."]


def test_html_blocks_are_read_as_html() -> None:
    ing = ingest_markdown('Intro.\n\n<div class="note">Inside <b>HTML</b>.</div>\n\n<div class="share">Share this:</div>\n')
    assert [b.text for b in ing.blocks] == ["Intro.", "Inside HTML."]
    assert [(c.kind, c.text) for c in ing.chrome] == [("share", "Share this:")]


# --------------------------------------------------------------------------- format detection


@pytest.mark.parametrize(
    ("path", "fmt"),
    [("a.txt", "text"), ("a.TEXT", "text"), ("a.md", "markdown"), ("a.markdown", "markdown"), ("a.html", "html"),
     ("a.htm", "html"), ("a.json", None), ("a", None), ("-", None), (None, None)],
)
def test_the_extension_decides(path: str | None, fmt: str | None) -> None:
    assert format_from_path(path) == fmt


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("## Intro\n\nSee [the docs](https://example.org).\n\n- one\n- two\n", "markdown"),
        ("# Notes\n\n```sh\nmake\n```\n\nA paragraph with **bold** words.\n", "markdown"),
        ("Title\n=====\n\nBody with a [link](https://example.org).\n", "markdown"),
        # one sign is not enough
        ("## Only a heading\n\nThen plain text follows.\n", "text"),
        # Markdown signs, but finished lines with no blank lines between them: scraped text
        ("## Heading\nFirst paragraph with **bold**.\nSecond paragraph with a [link](https://x.org).\n"
         "Third one.\nFourth one.\n", "text"),
        ("#Title #tag\n比較と影響\n- a list item\n| a | b |\n|---|---|\n", "text"),
    ],
)
def test_markdown_needs_unambiguous_signs(text: str, fmt: str) -> None:
    assert sniff_format(text) == fmt


@pytest.mark.parametrize("path", POSTS, ids=[p.stem for p in POSTS])
def test_markdown_posts_are_sniffed_as_markdown(path: Path) -> None:
    assert sniff_format(path.read_text(encoding="utf-8")) == "markdown"


# Scraped text posts: no Markdown sign may make them Markdown when they come without a name.
TEXT_POSTS = sorted((Path(__file__).parents[1] / "raw").glob("*.txt")) + sorted(
    (Path(__file__).parent / "fixtures" / "posts").glob("*.txt"))


@pytest.mark.parametrize("path", TEXT_POSTS, ids=[p.stem for p in TEXT_POSTS])
def test_scraped_text_posts_are_sniffed_as_text(path: Path) -> None:
    assert sniff_format(path.read_text(encoding="utf-8")) == "text"


def test_format_override_wins() -> None:
    assert detect_format("post.txt", "## A\n\n[b](https://c.org) **d**", "markdown") == "markdown"
    assert detect_format("post.md", "plain", None) == "markdown"
    assert dedupe.normalize_text("## A\n\nBody **bold** and [x](https://x.org).\n").source.format == "markdown"
    assert dedupe.normalize_text("## A\n\nBody.\n", source="a.md", fmt="text").source.format == "text"
    with pytest.raises(dedupe.InputError, match="unknown format 'pdf'"):
        dedupe.normalize_text("x", fmt="pdf")




if __name__ == "__main__":
    regenerate(POSTS)


# --------------------------------------------------------------------------- nesting beyond the parser's limit


def _texts(doc: dedupe.Document) -> list[str]:
    out: list[str] = []
    for s in doc.sections:
        for b in s.blocks:
            data = b.model_dump()
            out.extend([data["text"]] if "text" in data else [i["text"] for i in data.get("items", [])])
    return out


@pytest.mark.parametrize(
    ("name", "text", "expect"),
    [("indented-20", "".join("  " * i + f"- item *number* {i} here\n" for i in range(20)), "item number 19 here"),
     ("ordered-30", "".join("   " * i + f"1. step {i} of the plan\n" for i in range(30)), "step 29 of the plan"),
     ("indented-2000", "".join("  " * i + f"- item {i} here\n" for i in range(2000)), "item 1999 here"),
     ("dashes-10000", "- " * 10_000 + "deep item text\n", "deep item text"),
     ("quotes-10000", "> " * 10_000 + "deep quoted text\n", "deep quoted text"),
     ("mixed-5000", "> - " * 5_000 + "mixed deep text\n", "mixed deep text")],
)
def test_nesting_deeper_than_the_parser_reads_keeps_every_character(name: str, text: str, expect: str) -> None:
    doc = dedupe.normalize_text("# Deep\n" + text, fmt="markdown")
    assert doc.report.coverage == 1.0 and doc.report.accounting["unaccounted"] == 0
    texts = _texts(doc)
    assert expect in texts
    assert doc.report.accounting["content"] >= sum(len(t.replace(" ", "")) for t in texts)
