"""Decoding and plain-text ingestion: typed blocks with exact spans."""

from __future__ import annotations

import codecs

import pytest

from dedupe.errors import DecodeError
from dedupe.ingest.blocks import Kind
from dedupe.ingest.decode import decode_bytes
from dedupe.ingest.plaintext import ingest_text


def kinds(text: str) -> list[tuple[str, str]]:
    return [(b.kind.value, b.text) for b in ingest_text(text).blocks]


def test_spans_point_at_the_text() -> None:
    text = "# Title #tag\r\nIntro line one.\r\n- item one\r\n| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n"
    ing = ingest_text(text)
    for b in ing.blocks:
        if b.kind is Kind.TABLE_ROW:
            assert text[b.start : b.end].startswith("|")
        else:
            assert text[b.start : b.end] == b.text
        assert ing.line_of(b.start) == b.line
    assert ing.title is not None and text[ing.title.start : ing.title.end] == "Title"


def test_title_line_with_hashtags() -> None:
    ing = ingest_text("#中国のAI企業の戦略 #三24 #AI\n本文です。\n")
    assert ing.title is not None and ing.title.text == "中国のAI企業の戦略"
    assert ing.tags == ("三24", "AI")


def test_bare_short_lines_are_headings_but_colon_lines_are_not() -> None:
    got = kinds("Overview\nThe first paragraph is here.\n以下にまとめます:\n- a\n比較と影響\n本文。\n")
    assert got == [
        ("heading", "Overview"),
        ("paragraph", "The first paragraph is here."),
        ("paragraph", "以下にまとめます:"),
        ("list_item", "a"),
        ("heading", "比較と影響"),
        ("paragraph", "本文。"),
    ]


def test_list_item_glued_onto_a_paragraph_is_split() -> None:
    got = kinds("コスト効率も高めています。 - アメリカのAI企業の理由\nusage rose sharply. - Second, the charge doubled\n")
    assert got == [
        ("paragraph", "コスト効率も高めています。"),
        ("list_item", "アメリカのAI企業の理由"),
        ("paragraph", "usage rose sharply."),
        ("list_item", "Second, the charge doubled"),
    ]


@pytest.mark.parametrize("marker", ["- ", "* ", "• ", "・", "1. ", "2) "])
def test_list_markers(marker: str) -> None:
    ing = ingest_text(f"Intro paragraph here.\n{marker}item text\n{marker}other text\n")
    items = [b for b in ing.blocks if b.kind is Kind.LIST_ITEM]
    assert [b.text for b in items] == ["item text", "other text"]
    assert items[0].group == items[1].group
    assert items[0].ordered == marker[0].isdigit()


def test_pipe_table_with_header() -> None:
    ing = ingest_text("| 理由 | 詳細 |\n|---|---|\n| a | b (CNBC)。 |\n")
    rows = [b for b in ing.blocks if b.kind is Kind.TABLE_ROW]
    assert [r.cells for r in rows] == [("理由", "詳細"), ("a", "b (CNBC)。")]
    assert rows[0].header and not rows[1].header


def test_teaser_line_is_recognised() -> None:
    text = "Intro.\nMost households on fixed tariffs did not notice...\nMost households on fixed tariffs did not notice the change until spring.\n"
    assert [k for k, _ in kinds(text)] == ["paragraph", "teaser", "paragraph"]


def test_heading_that_prefixes_the_next_paragraph_is_not_a_teaser() -> None:
    assert kinds("結論\n結論として、両者は異なる。\n")[0] == ("heading", "結論")


def test_footer_chrome_is_set_aside_only_at_the_end() -> None:
    ing = ingest_text("コメント\n本文の段落です。\nコメント\nコメントを投稿\n")
    assert [c.text for c in ing.chrome] == ["コメント", "コメントを投稿"]
    assert ing.chrome[0].line == 3
    assert [b.text for b in ing.blocks] == ["コメント", "本文の段落です。"]


# Korean blog chrome (Naver blog, Tistory, Daum, Kakao): UI phrases anywhere, UI words only at the end.
KOREAN_TAIL_CHROME = [
    ("공감", "share"), ("♥ 공감 12", "share"), ("공유하기", "share"), ("게시글 관리", "share"),
    ("구독하기 우리 동네 이야기", "share"), ("신고하기", "share"), ("카카오톡 공유하기", "share"),
    ("저작자표시 비영리 변경금지", "footer"), ("태그 도서관, 야간개방", "footer"), ("태그", "footer"),
    ("'지역 생활' 카테고리의 다른 글", "related"), ("동네 서점이 살아남는 법 (0) 2025.01.12", "related"),
    ("이전글 동네 서점 이야기", "nav"), ("전체보기 (120)", "nav"), ("댓글0", "comments"), ("댓글", "comments"),
    ("댓글 쓰기", "comments"), ("이 글에 공감한 블로거 열고 닫기", "share"), ("이웃추가", "share"),
    ("저작자 명시 필수 - 영리적 사용 불가 - 내용 변경 불가", "footer"), ("티스토리툴바", "footer"),
    ("이 블로그의 인기글", "related"),
]
KOREAN_ANYWHERE_CHROME = {"댓글 쓰기", "이 블로그의 인기글", "저작자표시 비영리 변경금지", "'지역 생활' 카테고리의 다른 글",
                          "이 글에 공감한 블로거 열고 닫기", "이웃추가", "카카오톡 공유하기", "게시글 관리",
                          "저작자 명시 필수 - 영리적 사용 불가 - 내용 변경 불가", "티스토리툴바"}


def test_korean_blog_chrome_is_set_aside() -> None:
    lines = [text for text, _ in KOREAN_TAIL_CHROME]
    ing = ingest_text("첫 문단입니다.\n" + "\n".join(lines) + "\n")
    assert [(c.text, c.kind) for c in ing.chrome] == KOREAN_TAIL_CHROME
    assert [b.text for b in ing.blocks] == ["첫 문단입니다."]
    # Before the tail, only the phrases no author writes as a line of their own.
    ing = ingest_text("\n".join(lines) + "\n끝 문단입니다.\n")
    assert {c.text for c in ing.chrome} == KOREAN_ANYWHERE_CHROME
    assert [b.text for b in ing.blocks if b.text in KOREAN_ANYWHERE_CHROME] == []


def test_korean_words_that_are_ordinary_text_stay_in_the_post() -> None:
    lines = ["태그를 다는 방법", "구독하기 전에 알아둘 점은 무엇인가?", "댓글 문화에 대하여", "공감 능력의 중요성",
             "이 블로그의 인기글을 소개합니다."]
    ing = ingest_text("#제목\n" + "\n".join(lines) + "\n")  # a title first: the bare first line would be it
    assert ing.chrome == () and [b.text for b in ing.blocks] == lines


def test_code_fence_and_quote() -> None:
    ing = ingest_text("Text here.\n```python\nx = 1\n```\n> quoted words\n")
    assert [(b.kind.value, b.text) for b in ing.blocks] == [
        ("paragraph", "Text here."),
        ("code", "x = 1"),
        ("quote", "quoted words"),
    ]


def test_decode_utf8_with_and_without_bom() -> None:
    assert decode_bytes("日本語".encode()) == ("日本語", "utf-8")
    assert decode_bytes(codecs.BOM_UTF8 + "日本語".encode()) == ("日本語", "utf-8-sig")
    assert decode_bytes("日本語".encode("utf-16")) == ("日本語", "utf-16")


def test_undecodable_bytes_raise_a_clear_error() -> None:
    with pytest.raises(DecodeError, match="not valid UTF-8.*--encoding"):
        decode_bytes(b"abc \xff\xfe\xfa def")


def test_binary_data_is_refused() -> None:
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(b"\x00\x01\x02abc")


def test_nested_list_items_keep_their_level_in_one_list() -> None:
    import dedupe

    doc = dedupe.normalize_text("# T\nIntro text here.\n- top one\n  - nested a\n  - nested b\n- top two\n")
    lists = [b for b in doc.sections[0].blocks if b.type == "list"]
    assert len(lists) == 1
    assert [(i.text, i.level) for i in lists[0].items] == [("top one", 1), ("nested a", 2), ("nested b", 2),
                                                           ("top two", 1)]
    html = "<ul><li>a one<ul><li>b two</li><li>c three</li></ul></li><li>d four</li></ul>"
    items = dedupe.normalize_text(html, fmt="html").sections[0].blocks[0].items  # type: ignore[union-attr]
    assert [(i.text, i.level) for i in items] == [("a one", 1), ("b two", 2), ("c three", 2), ("d four", 1)]


def test_string_method_checks_agree_with_the_patterns_they_stand_for() -> None:
    import random

    from dedupe.ingest.headings import SENTENCE_FINAL_RE, ends_like_sentence
    from dedupe.ingest.lines import TABLE_LINE_RE, is_table_line

    rng = random.Random(3)
    alphabet = list(" \t|a。．.!?:；、,…x\n\u3000-") + ["||", "| a |", "。\n"]
    for _ in range(50_000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randrange(8)))
        if "\n" not in line:  # lines reach the table check without their line end
            assert is_table_line(line) == bool(TABLE_LINE_RE.fullmatch(line)), repr(line)
        assert ends_like_sentence(line) == bool(SENTENCE_FINAL_RE.search(line)), repr(line)


def test_fast_paths_agree_with_the_definitions_they_stand_for() -> None:
    import random

    from dedupe.ingest.lines import (
        LIST_MARKER_RE,
        TABLE_SEPARATOR_CELL_RE,
        _split,
        is_separator_row,
        list_marker,
        split_lines,
    )

    rng = random.Random(7)
    # Every whitespace character after a marker.
    spaces = [chr(c) for c in range(0x3001) if chr(c).isspace()]
    markers = list("-*+•●◦▪・1２①") + ["12.", "3)", "4）"]
    for _ in range(20_000):
        line = "".join(rng.choice([" ", "\t", "\u3000", rng.choice(spaces), rng.choice(markers), "a", "日"])
                       for _ in range(rng.randrange(6)))
        first, ref = line.strip()[:1], LIST_MARKER_RE.match(line)
        m = list_marker(line, first) if first else None
        assert (m and m.end()) == (ref and ref.end()), repr(line)

    def is_separator(row: str) -> bool:  # the rule as first written, cell by cell
        return "--" in row and all(TABLE_SEPARATOR_CELL_RE.fullmatch(c) for c in row.strip("|").split("|"))

    for _ in range(20_000):
        row = "".join(rng.choice(["|", "-", "--", ":", " ", "\t", "a"]) for _ in range(rng.randrange(10)))
        assert is_separator_row(row) == is_separator(row), repr(row)

    for _ in range(20_000):
        source = "".join(rng.choice(["a", "日", " ", "\n", "\r", "\r\n", "\x0c", "\x1c", "\x85", "\u2028"])
                         for _ in range(rng.randrange(10)))
        raws, starts = _split(source)
        assert split_lines(source) == ([raw.rstrip("\r\n") for raw in raws], starts), repr(source)


def test_heading_and_title_thresholds_are_read_from_the_config() -> None:
    from dedupe.config import Config, Headings, Titles

    body = "The body of the post follows here, and it is a sentence.\n"
    post = f"{body}Key differences here\n{body}"
    assert [b.kind for b in ingest_text(post).blocks][1] is Kind.HEADING
    few_words = Config(headings=Headings(latin_max_words=2))
    assert [b.kind for b in ingest_text(post, few_words).blocks][1] is Kind.PARAGRAPH
    titled = f"Trains, planes, ferries, buses\n{body}"
    assert ingest_text(titled).title is None  # three commas: a sentence
    title = ingest_text(titled, Config(titles=Titles(max_commas=3))).title
    assert title is not None and title.text == "Trains, planes, ferries, buses"
    tagged = f"# A title\n{body}#AI #China\n{body}"
    assert ingest_text(tagged).tags == ("AI", "China")
    fewer = ingest_text(tagged, Config(headings=Headings(tag_line_min_tags=3)))
    assert fewer.tags == ("China",)  # not a tag line: a `#` heading "AI" ending in one hashtag
    assert [(b.kind, b.text) for b in fewer.blocks][1] == (Kind.HEADING, "AI")
