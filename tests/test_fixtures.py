"""Hand-made posts the pipeline was not written around, checked against their sidecars."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import dedupe

from .helpers import doc_content, headings, norm

POSTS = Path(__file__).parent / "fixtures" / "posts"
CASES = sorted(p for p in POSTS.glob("*.txt"))


@pytest.fixture(scope="module", params=CASES, ids=[p.stem for p in CASES])
def case(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    path: Path = request.param
    expect = json.loads(path.with_suffix(".expect.json").read_text(encoding="utf-8"))
    doc = json.loads(dedupe.normalize_file(path).to_json())
    return doc, expect


def test_copies_detected(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    doc, expect = case
    assert doc["report"]["copies_detected"] == expect["copies_detected"]


def test_title_and_tags(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    doc, expect = case
    assert norm(doc["title"] or "") == norm(expect["title"])
    assert doc["tags"] == expect["tags"]


def test_headings_once_in_order(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    doc, expect = case
    required = {norm(h) for h in expect["headings"]}
    allowed = required | {norm(h) for h in expect.get("optional_headings", [])}
    got = [h for h in headings(doc["sections"]) if norm(h) in required]
    assert [norm(h) for h in got] == [norm(h) for h in expect["headings"]]
    extra = [h for h in headings(doc["sections"]) if norm(h) not in allowed]
    assert not extra


def test_every_unique_sentence_exactly_once(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    doc, expect = case
    body = "\x00".join(norm(s) for s in doc_content(doc))
    counts = {s: body.count(norm(s)) for s in expect["unique_sentences"] + expect["only_in_one_copy"]}
    assert {s: n for s, n in counts.items() if n != 1} == {}


def test_boilerplate_set_aside(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    doc, expect = case
    content = {norm(s) for s in doc_content(doc)}
    chrome = {norm(b["text"]) for b in doc["boilerplate"]}
    for line in expect["boilerplate"]:
        assert norm(line) in chrome
        assert norm(line) not in content


def test_must_not_merge_pairs_both_kept(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    doc, expect = case
    body = "\x00".join(norm(s) for s in doc_content(doc))
    for a, b in expect["must_not_merge"]:
        assert norm(a) in body and norm(b) in body, (a, b)


def test_must_split_pieces_apart(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    doc, expect = case
    for a, b in expect.get("must_split", []):
        together = [s for s in doc_content(doc) if norm(a) in norm(s) and norm(b) in norm(s)]
        assert not together, (a, b)


def test_citation_count(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    doc, expect = case
    assert len(doc["citations"]) == (expect.get("citations") or 0)


def test_nothing_merged_without_copies(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    doc, expect = case
    if expect["copies_detected"] != 1:
        return
    assert [m for m in doc["report"]["merges"] if m["kind"] != "teaser"] == []


def test_merged_variants_one_spelling_kept(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    doc, expect = case
    body = "\x00".join(norm(s) for s in doc_content(doc))
    for a, b in expect.get("merged_variants", []):
        assert (norm(a) in body) != (norm(b) in body), (a, b)


def test_verbatim_texts_keep_their_spacing(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    """`verbatim` texts appear in the content exactly as written, spaces and all (not only
    under the spaceless comparison the other checks use), and never with their spaces lost."""
    doc, expect = case
    content = doc_content(doc)
    for text in expect.get("verbatim", []):
        assert any(text in s for s in content), text
        squeezed = "".join(text.split())
        assert squeezed == text or not any(squeezed in s for s in content), text
