"""Encodings and text hygiene: detection, round trips, declared charsets, clear errors, clean text."""

from __future__ import annotations

import codecs
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

import dedupe
from dedupe.cli import main
from dedupe.errors import DecodeError
from dedupe.ingest.blocks import Kind
from dedupe.ingest.decode import declared_charset, decode_bytes
from dedupe.ingest.hygiene import clean_text
from dedupe.ingest.plaintext import ingest_text

from .seed_formats import blogger_page, outline, seed_text

FIXTURES = Path(__file__).parent / "fixtures" / "encodings"
CASES = json.loads((FIXTURES / "hygiene_cases.json").read_text(encoding="utf-8"))

JA = "中国のAI企業がAIモデルをオープンソース化している理由について、詳細に調査しました。以下では、両方の戦略の背景と動機を分析します。"
ZH_HANS = "研究表明，中国人工智能企业通过开源来规避美国的监管，同时降低成本、促进创新。"
ZH_HANT = "研究表明，中國人工智慧企業透過開源來規避美國的監管，同時降低成本、促進創新。"

# (text, bytes, expected encoding name)
ROUND_TRIPS = [
    pytest.param(JA, JA.encode("utf-8"), "utf-8", id="utf-8"),
    pytest.param(JA, codecs.BOM_UTF8 + JA.encode("utf-8"), "utf-8-sig", id="utf-8-bom"),
    pytest.param(JA, codecs.BOM_UTF16_LE + JA.encode("utf-16-le"), "utf-16", id="utf-16-le-bom"),
    pytest.param(JA, codecs.BOM_UTF16_BE + JA.encode("utf-16-be"), "utf-16", id="utf-16-be-bom"),
    pytest.param(JA, JA.encode("shift_jis"), "shift_jis", id="shift_jis"),
    pytest.param(JA + "①㈱", (JA + "①㈱").encode("cp932"), "cp932", id="cp932"),
    pytest.param(JA, JA.encode("euc_jp"), "euc_jp", id="euc-jp"),
    pytest.param(ZH_HANS, ZH_HANS.encode("gb18030"), "gb18030", id="gb18030"),
    pytest.param(ZH_HANS, ZH_HANS.encode("gbk"), "gb18030", id="gbk-as-gb18030"),
    pytest.param(ZH_HANT, ZH_HANT.encode("big5"), "big5", id="big5"),
    pytest.param("Ein schöner Tag in München – sagte er.", "Ein schöner Tag in München – sagte er.".encode("cp1252"),
                 "cp1252", id="cp1252"),
]


@pytest.mark.parametrize(("text", "data", "name"), ROUND_TRIPS)
def test_each_encoding_round_trips(text: str, data: bytes, name: str) -> None:
    assert decode_bytes(data) == (text, name)


@pytest.mark.parametrize(("text", "data", "name"), ROUND_TRIPS)
def test_the_detected_encoding_is_in_the_json_and_decodes_again(text: str, data: bytes, name: str) -> None:
    doc = dedupe.normalize_bytes(data, path="post.txt")
    assert doc.source.encoding == name
    assert doc.source.size == len(data)
    assert decode_bytes(data, encoding=doc.source.encoding)[0] == text


def test_short_japanese_and_chinese_are_told_apart() -> None:
    assert decode_bytes("日本語のテキスト".encode("shift_jis"))[1] == "shift_jis"
    assert decode_bytes("日本語のテキスト".encode("euc_jp"))[1] == "euc_jp"
    assert decode_bytes("中文文本测试".encode("gb18030"))[1] == "gb18030"
    assert decode_bytes("中文文本測試".encode("big5"))[1] == "big5"


# --------------------------------------------------------------------------- declared charsets


@pytest.mark.parametrize(
    ("name", "encoding", "title"),
    [
        ("ja_eucjp_meta.html", "euc_jp", "高尾山に登りました"),
        ("zh_gb2312_meta.html", "gb18030", "城市骑行笔记：通勤路线的选择"),
        ("utf8_declared_latin1.html", "utf-8", "再保存されたページ"),
        ("ja_sjis.txt", "shift_jis", "梅雨の晴れ間に洗濯物を干すコツ"),
        ("zh_big5.txt", "big5", "臺北咖啡館散步"),
    ],
)
def test_encoding_fixtures(name: str, encoding: str, title: str) -> None:
    doc = dedupe.normalize_file(FIXTURES / name)
    assert (doc.source.encoding, doc.title) == (encoding, title)


def test_meta_charset_is_read_in_both_spellings() -> None:
    assert declared_charset(b'<meta charset="Shift_JIS">') == "shift_jis"
    assert declared_charset(b"<meta http-equiv='Content-Type' content='text/html; charset=euc-jp'>") == "euc_jp"
    assert declared_charset(b'<?xml version="1.0" encoding="GB2312"?><html>') == "gb18030"
    assert declared_charset(b'<meta charset="no-such-charset">') is None


def test_meta_charset_is_honoured_only_for_html() -> None:
    data = '<meta charset="euc-jp"><p>日本語の本文です。</p>'.encode("euc_jp")
    assert decode_bytes(data, html=True)[1] == "euc_jp"
    assert dedupe.normalize_bytes(data, path="page.html").source.encoding == "euc_jp"


def test_a_page_declaring_shift_jis_is_decoded_as_windows_does() -> None:
    page = '<html><head><meta charset="Shift_JIS"></head><body><p>株式会社は㈱と書きます。①②③</p></body></html>'
    doc = dedupe.normalize_bytes(page.encode("cp932"), path="page.html")
    assert doc.source.encoding == "cp932"
    assert doc.sections[0].blocks[0].text == "株式会社は㈱と書きます。①②③"  # type: ignore[union-attr]


# --------------------------------------------------------------------------- the seed in Shift_JIS


def _sjis_seed() -> str:
    # The em dash (U+2014) has no Shift_JIS code; a Japanese writer's file has the
    # horizontal bar (U+2015) that Shift_JIS maps it to.
    return seed_text().replace("\u2014", "\u2015")


def test_the_seed_in_shift_jis_reads_like_the_text_seed() -> None:
    text = _sjis_seed()
    doc = dedupe.normalize_bytes(text.encode("shift_jis"), path="000_seed.txt")
    assert doc.source.encoding == "shift_jis"
    assert doc.source.format == "text"
    reference = dedupe.normalize_text(seed_text(), source="000_seed.txt")
    expected = json.loads(json.dumps(outline(reference), ensure_ascii=False).replace("\u2014", "\u2015"))
    assert json.loads(json.dumps(outline(doc), ensure_ascii=False)) == expected
    assert len(doc.citations) == len(reference.citations) == 19


def test_the_seed_as_a_shift_jis_blogger_page_reads_like_the_text_seed() -> None:
    text = _sjis_seed()
    page = blogger_page(text).replace("charset=UTF-8", "charset=Shift_JIS")
    doc = dedupe.normalize_bytes(page.encode("shift_jis"), path="seed.html")
    assert (doc.source.encoding, doc.source.format) == ("shift_jis", "html")
    reference = outline(dedupe.normalize_text(text, source="seed.txt"))
    got = outline(doc)
    assert {k: v for k, v in got.items() if k != "tags"} == {k: v for k, v in reference.items() if k != "tags"}


def test_provenance_of_a_legacy_file_points_into_the_decoded_text() -> None:
    data = (FIXTURES / "ja_sjis.txt").read_bytes()
    text = data.decode("shift_jis")
    doc = dedupe.normalize_bytes(data, path="ja_sjis.txt")
    block = doc.sections[0].blocks[0]
    span = block.provenance[0]
    assert text[span.start : span.end] == block.text  # type: ignore[union-attr]


# --------------------------------------------------------------------------- errors


def test_undecodable_bytes_fail_with_a_clear_message() -> None:
    with pytest.raises(DecodeError, match=r"mixed or damaged encoding.*--encoding"):
        dedupe.normalize_file(FIXTURES / "undecodable.txt")


@pytest.mark.parametrize("seed", range(20))
def test_random_bytes_are_not_guessed(seed: int) -> None:
    rng = random.Random(seed)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(400))
    with pytest.raises(DecodeError, match="--encoding"):
        decode_bytes(data)


def test_undecodable_file_exits_4_with_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["normalize", str(FIXTURES / "undecodable.txt"), "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 4
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dedupe: error: ") and "undecodable.txt" in lines[0]
    assert not (tmp_path / "x.json").exists()


def test_encoding_override(tmp_path: Path) -> None:
    path = tmp_path / "post.txt"
    path.write_bytes(JA.encode("euc_jp"))
    assert dedupe.normalize_file(path, encoding="euc-jp").source.encoding == "euc_jp"
    with pytest.raises(DecodeError, match="(?i)not valid shift_jis as --encoding says"):
        dedupe.normalize_file(path, encoding="shift_jis")
    with pytest.raises(DecodeError, match="unknown encoding 'klingon'"):
        dedupe.normalize_file(path, encoding="klingon")
    result = CliRunner().invoke(main, ["normalize", str(path), "--encoding", "euc-jp"])
    assert result.exit_code == 0 and json.loads(result.stdout)["source"]["encoding"] == "euc_jp"


def test_utf16_without_bom_asks_for_an_encoding() -> None:
    with pytest.raises(DecodeError, match="utf-16-le"):
        decode_bytes(JA.encode("utf-16-le"))
    assert decode_bytes(JA.encode("utf-16-le"), encoding="utf-16-le") == (JA, "utf-16-le")


# --------------------------------------------------------------------------- hygiene


@pytest.mark.parametrize("case", CASES["in_the_wild"] + CASES["synthetic"], ids=lambda c: c["why"])
def test_hygiene_fixes(case: dict[str, str]) -> None:
    assert clean_text(case["in"]) == case["out"]


@pytest.mark.parametrize("text", CASES["negative"])
def test_hygiene_leaves_correct_text_alone(text: str) -> None:
    assert clean_text(text) == text


@pytest.mark.xfail(strict=True, reason="known failures: see hygiene_cases.json")
@pytest.mark.parametrize("case", CASES["known_failures"], ids=lambda c: c["why"])
def test_hygiene_known_failures(case: dict[str, str]) -> None:
    assert clean_text(case["in"]) == case["out"]


def test_hygiene_keeps_offsets_exact_for_crlf_entities_and_invisible_characters() -> None:
    text = "#Title\r\n\u3000Caf&eacute;\u00a0au\u200b lait.\r\nSecond\tline here is a paragraph.\r\n"
    doc = dedupe.normalize_text(text, source="post.txt")
    blocks = [b for s in doc.sections for b in s.blocks]
    first = blocks[0]
    assert first.text == "Café au lait."  # type: ignore[union-attr]
    span = first.provenance[0]
    assert text[span.start : span.end] == "Caf&eacute;\u00a0au\u200b lait."
    assert all("\r" not in b.text for b in blocks)  # type: ignore[union-attr]


def test_the_seed_text_is_not_changed_by_hygiene() -> None:
    seed = seed_text()
    for block in ingest_text(seed).blocks:
        if block.kind is not Kind.TABLE_ROW:
            assert block.text == seed[block.start : block.end]
