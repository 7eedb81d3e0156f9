"""Decoding without a hint: letter statistics decide between legacy encodings, or the error names them.

The accuracy targets of issue 13 (>= 99% right, <= 1% refused per group) are checked on a
deterministic fifth of `benchmarks/data/decode_samples.json`; `benchmarks/decoding.py`
measures all of them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import dedupe
from dedupe.errors import DecodeError
from dedupe.ingest.decode import decode_source

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import decoding  # noqa: E402


@pytest.fixture(scope="module")
def tallies() -> dict[str, decoding.Tally]:
    return decoding.measure(decoding.load(every=5))


@pytest.mark.parametrize("group", ["Western", "Central European", "Cyrillic", "Greek", "Japanese", "Chinese", "Korean"])
def test_legacy_encodings_decode_right_or_are_refused(tallies: dict[str, decoding.Tally], group: str) -> None:
    t = tallies[group]
    assert t.n >= 10
    assert t.right / t.n >= decoding.MIN_RIGHT, t.failures
    assert t.refused / t.n <= decoding.MAX_REFUSED, t.failures
    assert t.wrong == 0, t.failures


@pytest.mark.parametrize(
    ("text", "encoding"),
    [("La crème brûlée est un dessert français, servi froid.", "cp1252"),
     ("Crème brûlée", "cp1252"),
     ("Příliš žluťoučký kůň úpěl ďábelské ódy.", "cp1250"),
     ("Zażółć gęślą jaźń, powiedział i wyszedł z domu.", "cp1250"),
     ("Съешь же ещё этих мягких французских булок, да выпей чаю.", "cp1251"),
     ("Съешь же ещё этих мягких французских булок, да выпей чаю.", "koi8_r"),
     ("Ξεσκεπάζω την ψυχοφθόρα βδελυγμία.", "cp1253")],
)
def test_a_single_byte_text_is_read_in_its_own_encoding(text: str, encoding: str) -> None:
    got = decode_source(text.encode(encoding))
    assert got.text == text  # not `Crčme brűlée`


def test_cp1252_and_cp1250_are_told_apart_by_the_language() -> None:
    doc = dedupe.normalize_bytes("Crème brûlée, naïve café au lait.\n".encode("cp1252"), path="p.txt")
    assert doc.source.encoding == "cp1252"
    assert "Crème brûlée" in doc.model_dump_json()


def test_a_text_too_short_to_tell_is_refused_naming_the_candidates() -> None:
    with pytest.raises(DecodeError, match=r"cp1252 \(French\) or cp1250"):
        decode_source("naïve café".encode("cp1252"))


def test_wave_dash_of_shift_jis_stays_a_wave_dash() -> None:
    text = "東京〜大阪の移動について詳しく説明します。"
    assert decode_source(text.encode("shift_jis")).text == text


@pytest.mark.parametrize(
    ("declared", "note"),
    [("utf-7", "browsers refuse it"), ("utf-16", "not the encoding of a page"), ("utf-32", "not the encoding"),
     ("rot13", "not a text encoding"), ("x-no-such", "unknown charset"), ("cp037", "not the encoding")],
)
def test_an_impossible_declared_charset_falls_back_to_detection_with_a_note(declared: str, note: str) -> None:
    page = f'<html><head><meta charset="{declared}"></head><body><p>A plain page +2AA- here.</p></body></html>'
    doc = dedupe.normalize_bytes(page.encode("ascii"), path="page.html")
    assert doc.source.encoding == "utf-8"
    assert any(note in n and declared in n for n in doc.source.notes), doc.source.notes
    assert "A plain page +2AA- here." in doc.model_dump_json()


@pytest.mark.parametrize("codec", ["base64", "rot13", "hex", "zlib", "bz2", "uu"])
def test_a_non_text_encoding_given_is_ignored_with_a_note(codec: str) -> None:
    doc = dedupe.normalize_bytes(b"Just some words here.\n", path="p.txt", encoding=codec)
    assert doc.source.encoding == "utf-8"
    assert doc.source.notes == [f"encoding {codec} ignored: not a text encoding; read as utf-8"]


def test_lone_surrogates_are_replaced_and_counted() -> None:
    doc = dedupe.normalize_text("Broken \ud800 text and \udfff more.\n", source="p.txt")
    assert doc.source.replaced == 2
    assert "\ufffd" in doc.to_json() and doc.report.coverage == 1.0
    doc.to_json_bytes()  # serializes: no PydanticSerializationError


def test_utf7_forced_with_surrogates_is_replaced_not_a_crash() -> None:
    doc = dedupe.normalize_bytes(b"a +2AA- b\n", path="p.txt", encoding="utf-7")
    assert doc.source.encoding == "utf-7" and doc.source.replaced == 1


def test_an_ordinary_documents_json_has_no_notes_fields() -> None:
    data = dedupe.normalize_text("# T\nSome text here.\n").to_json()
    assert '"notes"' not in data and '"replaced"' not in data and '"empty"' not in data


def test_a_pdf_is_not_a_text_document() -> None:
    with pytest.raises(DecodeError, match="a PDF document, not a text document") as info:
        dedupe.normalize_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nstream\n\x00\x01\x02", path="x.txt")
    assert "utf-16" not in str(info.value)
