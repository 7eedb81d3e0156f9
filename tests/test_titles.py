"""Titles and headlines of plain text as scrapers save it: a bare first line as the title,
a repeated short question or exclamation line as a headline."""

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
    for again, kind in [("Why China Open-Sources AI?", Kind.HEADING), ("# Why China Open-Sources AI?", Kind.HEADING),
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


# -- headlines ending in ? or ! ---------------------------------------------------------

COPY = ("Why China Open-Sources AI?\n"
        "Chinese firms publish their model weights, and many developers build on them.\n"
        "What Does It Cost?\n"
        "Training a model costs millions, and giving it away earns nothing directly.\n"
        "- Cloud revenue pays for it.\n"
        "- So does influence over standards.\n"
        "The list above is not complete.\n"
        "Is It Sustainable!\n"
        "Nobody knows yet, but the firms are betting that it is.\n")


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(b.kind.value, b.text) for b in ingest_text(text).blocks]


def test_repeated_question_lines_between_paragraphs_are_headlines() -> None:
    ing = ingest_text("# Report\n" + COPY + COPY)
    heads = [(b.text, b.line) for b in ing.blocks if b.kind is Kind.HEADING]
    assert heads == [("Why China Open-Sources AI?", 2), ("What Does It Cost?", 4), ("Is It Sustainable!", 9),
                     ("Why China Open-Sources AI?", 11), ("What Does It Cost?", 13), ("Is It Sustainable!", 18)]


def test_doubled_post_merges_the_headlines_into_sections() -> None:
    doc = dedupe.normalize_text("# Report\n" + COPY + COPY.replace("many developers", "many of the developers"))
    assert doc.report.copies_detected == 2
    assert [s.heading for s in doc.sections] == ["Why China Open-Sources AI?", "What Does It Cost?",
                                                 "Is It Sustainable!"]
    assert doc.report.coverage == 1.0


def test_the_bare_title_counts_as_a_standalone_line_of_the_copy_that_repeats_it() -> None:
    ing = ingest_text(COPY + COPY)
    assert ing.title is not None and ing.title.text == "Why China Open-Sources AI?"
    assert ing.blocks[0].kind is Kind.PARAGRAPH  # the first copy's paragraph
    # The second copy's first line: the title printed again, a headline (a later pass merges it).
    repeat = next(b for b in ing.blocks if b.line == 10)
    assert (repeat.kind, repeat.text) == (Kind.HEADING, "Why China Open-Sources AI?")
    # After a list item it would stay a paragraph: not between two non-list blocks.
    listed = ingest_text(COPY + "- a last item\n" + COPY)
    repeat = next(b for b in listed.blocks if b.line == 11)
    assert (repeat.kind, repeat.text) == (Kind.PARAGRAPH, "Why China Open-Sources AI?")


@pytest.mark.parametrize(("line", "language"), [("なぜ中国はAIを公開するのか？", "ja"), ("为什么要开源？", "zh"),
                                                ("왜 공개하는가?", "ko"), ("今こそ始めよう！", "ja")])
def test_headlines_in_cjk(line: str, language: str) -> None:
    para = {"ja": "中国の企業はモデルを公開しています。", "zh": "中国企业正在公开模型。", "ko": "중국 기업은 모델을 공개한다."}[language]
    text = f"# T\n{para}\n{line}\n{para}\n{para}\n{line}\n{para}\n"
    assert [k for k, t in _kinds(text) if t == line] == ["heading", "heading"]


def test_single_copy_question_line_stays_a_paragraph() -> None:
    assert _kinds("# T\nSome text first.\nWhat Does It Cost?\nMore text after it.\n")[1] == \
        ("paragraph", "What Does It Cost?")
    assert _kinds("# T\n本文です。\nなぜ公開するのか？\n本文です。\n")[1] == ("paragraph", "なぜ公開するのか？")


def test_question_in_a_list_stays_a_list_item() -> None:
    text = "# T\nIntro text.\n- What Does It Cost?\n- Another item.\nWhat Does It Cost?\nMore text.\n"
    assert _kinds(text)[1:3] == [("list_item", "What Does It Cost?"), ("list_item", "Another item.")]
    # The bare line repeats the item, but follows a list and is one standalone line only.
    assert _kinds(text)[3] == ("paragraph", "What Does It Cost?")


def test_question_after_or_before_a_list_stays_a_paragraph() -> None:
    line = "What Does It Cost?"
    after = f"# T\nText.\n- an item\n{line}\nMore text.\nText.\n{line}\nMore text.\n"
    assert [k for k, t in _kinds(after) if t == line] == ["paragraph", "heading"]
    before = f"# T\nText.\n{line}\n- an item\nText.\n{line}\nMore text.\n"
    assert [k for k, t in _kinds(before) if t == line] == ["paragraph", "heading"]


@pytest.mark.parametrize("line", [
    "Have you ever wondered why so many of the largest Chinese technology firms give their models away?",
    "Is it really true that open weights help the firms that publish them more than their rivals?",
    "中国の大手テクノロジー企業がなぜ自社のモデルを無料で公開しているのか、その理由を考えたことはありますか？",
    "Why? Because it pays!",
    "Really, truly, honestly, why?",
])
def test_long_or_two_sentence_question_lines_stay_paragraphs(line: str) -> None:
    text = f"# T\nText here.\n{line}\nMore text.\nText here.\n{line}\nMore text.\n"
    assert [k for k, t in _kinds(text) if t == line] == ["paragraph", "paragraph"]


def test_headline_spans_are_exact() -> None:
    text = "# T\r\nText here.\r\n  What Does It Cost?  \r\nMore text.\r\nText here.\r\nWhat Does It Cost?\r\nEnd.\r\n"
    ing = ingest_text(text)
    heads = [b for b in ing.blocks if b.kind is Kind.HEADING]
    assert len(heads) == 2 and all(text[b.start : b.end] == "What Does It Cost?" for b in heads)
    assert [ing.line_of(b.start) for b in heads] == [3, 6]
