"""Titles of plain text as scrapers save it: a bare first line as the title."""

from __future__ import annotations

from pathlib import Path

import pytest

import dedupe
from dedupe.ingest.blocks import Kind
from dedupe.ingest.markdown import ingest_markdown
from dedupe.ingest.plaintext import ingest_text

TITLES = Path(__file__).parent / "fixtures" / "rules" / "titles.tsv"
BODY = "The body of the post follows here, and it is a sentence.\n"


def _title_cases() -> list[tuple[str, str | None, str]]:
    """(post, expected title or None, why) from `titles.tsv`."""
    cases = []
    for row in TITLES.read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("# "):
            continue
        text, expect, why = row.split("\t")
        post = text.replace("\\n", "\n") if "\\n" in text else f"{text}\n{BODY}"
        title = None if expect == "-" else text.strip() if expect == "=" else expect
        cases.append((post, title, why))
    return cases


CASES = _title_cases()


def test_the_data_file_has_cases_in_every_language() -> None:
    import regex

    titled = [t for _, t, _ in CASES if t]
    for script in (r"\p{Hiragana}|\p{Katakana}", r"\p{Han}", r"\p{Hangul}", r"^[ -~]+$"):
        assert any(regex.search(script, t) for t in titled), script
        assert any(regex.search(script, p.splitlines()[0]) for p, t, _ in CASES if t is None), script


@pytest.mark.parametrize(("post", "title", "why"), CASES, ids=[c[0].strip().splitlines()[0][:40] for c in CASES])
def test_first_line_title_decision(post: str, title: str | None, why: str) -> None:
    ing = ingest_text(post)
    assert (ing.title.text if ing.title else None) == title, why
    if ing.title is not None:
        # The span is exact, and the line is the title, not also a block.
        assert post[ing.title.start : ing.title.end] == ing.title.text
        assert ing.line_of(ing.title.start) == ing.title.line
        assert all(b.start >= ing.title.end for b in ing.blocks)
    else:  # the first line went where it went before: a block, chrome or tags, never lost
        doc = dedupe.normalize_text(post)
        assert doc.title is None or post.lstrip().startswith("#")
        assert doc.report.coverage == 1.0


@pytest.mark.parametrize(("post", "title", "why"), [c for c in CASES if c[0].count("\n") == 2 and c[0].endswith(BODY)],
                         ids=lambda c: c[:30] if isinstance(c, str) else "")
def test_scraped_markdown_takes_the_same_first_line_titles(post: str, title: str | None, why: str) -> None:
    """Plain text saved as `.md` (a blank line between blocks, no headings marked)."""
    md = post.replace("\n", "\n\n", 1)
    ing = ingest_markdown(md)
    assert (ing.title.text if ing.title else None) == title, why
    if ing.title is not None:
        assert md[ing.title.start : ing.title.end] == ing.title.text


def test_bare_title_gives_the_document_title_and_its_provenance() -> None:
    post = "Why China Open-Sources AI?\r\nChinese firms publish their model weights. This post asks why.\r\n"
    doc = dedupe.normalize_text(post)
    assert doc.title == "Why China Open-Sources AI?"
    span = doc.title_provenance[0]
    assert (span.start, span.end, span.line) == (0, 26, 1)
    assert doc.sections[0].heading is None and doc.report.coverage == 1.0
    assert doc.report.accounting["metadata"] == len("WhyChinaOpen-SourcesAI?")


def test_the_title_printed_again_stays_a_block_with_its_span() -> None:
    for again, kind in [("Why China Open-Sources AI?", Kind.PARAGRAPH), ("# Why China Open-Sources AI?", Kind.HEADING),
                        ("Why China Open-Sources AI", Kind.HEADING)]:
        post = f"Why China Open-Sources AI?\n{again}\nChinese firms publish their weights. This post asks why.\n"
        ing = ingest_text(post)
        assert ing.title is not None and ing.title.text == "Why China Open-Sources AI?"
        second = ing.blocks[0]
        assert second.kind is kind and second.line == 2, again
        assert post[second.start : second.end] == second.text == again.lstrip("# ")
    md = "Why China Open-Sources AI?\n\nWhy China Open-Sources AI?\n\nChinese firms publish their weights.\n"
    ing = ingest_markdown(md)
    assert ing.title is not None and ing.title.end == 26
    assert (ing.blocks[0].text, ing.blocks[0].start) == ("Why China Open-Sources AI?", 28)


def test_markdown_that_marks_headings_keeps_its_own_title_rules() -> None:
    # A document with `##` headings marks its structure: a plain first paragraph is a lead.
    ing = ingest_markdown("A Lead Line Without a Stop\n\n## Background\n\nText of the section.\n")
    assert ing.title is None and ing.blocks[0].kind is Kind.PARAGRAPH
    # Front matter and a first `#` heading win as before.
    ing = ingest_markdown("---\ntitle: From Front Matter\n---\nBare First Line\n\nBody text here.\n")
    assert ing.title is not None and ing.title.text == "From Front Matter"
    assert ing.blocks[0].text == "Bare First Line"
    ing = ingest_markdown("# Marked Title\n\nBody text here.\n")
    assert ing.title is not None and ing.title.text == "Marked Title"


def test_html_titles_are_untouched() -> None:
    doc = dedupe.normalize_text("<article><p>Bare First Line</p><p>Body text here.</p></article>", fmt="html")
    assert doc.title is None
