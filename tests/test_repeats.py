"""The repeat pass: no exact repeat survives outside the copies, and each merge is recorded."""

from __future__ import annotations

import json
from typing import Any

import pytest

import dedupe
from dedupe.config import Config

from .helpers import doc_content, headings, norm


def _doc(text: str, **config: Any) -> dict[str, Any]:
    return json.loads(dedupe.normalize_text(text, config=Config(**config)).to_json())


def _count(doc: dict[str, Any], s: str) -> int:
    return "\x00".join(norm(x) for x in doc_content(doc)).count(norm(s))


def _merges(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [(m["reason"], m["kind"]) for m in doc["report"]["merges"]]


PULL_AFTER = """#Rebuilding the Harbour Bridge
The old bridge had stood for ninety years before the council voted to replace it. Engineers spent two winters testing the foundations.
"Engineers spent two winters testing the foundations."
The final bill came to far more than the first estimate.
"""


def test_a_pull_quote_after_its_paragraph_merges_into_it() -> None:
    doc = _doc(PULL_AFTER)
    assert _count(doc, "Engineers spent two winters testing the foundations.") == 1
    assert ("pullquote", "paragraph") in _merges(doc)
    merge = next(m for m in doc["report"]["merges"] if m["reason"] == "pullquote")
    para = next(b for s in doc["sections"] for b in s["blocks"] if "ninety" in b["text"])
    assert merge["into"] == para["id"]
    assert merge["provenance"][0] in para["provenance"]  # the quote's span is kept with the paragraph
    assert doc["report"]["coverage"] == 1.0


def test_a_pull_quote_before_its_paragraph_merges_into_it() -> None:
    text = """#Rebuilding the Harbour Bridge
Engineers spent two winters testing the foundations.
The old bridge had stood for ninety years before the council voted to replace it. Engineers spent two winters testing the foundations.
"""
    doc = _doc(text)
    assert _count(doc, "Engineers spent two winters testing the foundations.") == 1
    assert _count(doc, "The old bridge had stood for ninety years") == 1
    assert [r for r, _ in _merges(doc)] == ["pullquote"]


def test_identical_lines_next_to_each_other_merge_at_any_length() -> None:
    text = "#A post\nSome opening paragraph of the post, long enough to be prose.\nAd\nAd\nAd\nAd\nThe closing paragraph of this post.\n"
    doc = _doc(text)
    assert _count(doc, "Ad") == 1
    assert len([m for m in doc["report"]["merges"] if m["reason"] == "repeat"]) == 3


def test_short_repeats_apart_stay_in_both_places() -> None:
    text = ("#A post\nPros:\n- It is fast and light on memory.\nSome words in between the two lists here.\n"
            "Pros:\n- It has a friendly command line.\n")
    doc = _doc(text)
    assert _count(doc, "Pros:") == 2
    assert not doc["report"]["merges"]


def test_long_repeats_apart_merge_into_the_first() -> None:
    sentence = "Subscribe to the newsletter for the full council minutes every week."
    text = f"#A post\n{sentence}\nThe first real paragraph of the post sits here.\nAnother paragraph follows it.\n{sentence}\n"
    doc = _doc(text)
    assert _count(doc, sentence) == 1
    assert _merges(doc) == [("repeat", "paragraph")]


def test_a_caption_equal_to_its_heading_merges_into_the_heading() -> None:
    text = "#A post\nIntro text of the post goes here.\nThe harbour at dawn\nThe harbour at dawn\nA paragraph under the card.\n"
    doc = _doc(text)
    assert _count(doc, "The harbour at dawn") == 1
    assert "The harbour at dawn" in headings(doc["sections"])


def test_headings_apart_are_left_to_the_copy_alignment() -> None:
    text = ("#A post\nSummary\nThe first part says one thing about the harbour.\nDetails\nMore words about the first part.\n"
            "Summary\nThe second part says another thing about the bridge.\n")
    doc = _doc(text)
    assert [norm(h) for h in headings(doc["sections"])].count("summary") == 2


def test_the_title_printed_again_merges_into_the_title() -> None:
    text = "#Rebuilding the Harbour Bridge\nRebuilding the Harbour Bridge\nThe old bridge had stood for ninety years.\n"
    doc = _doc(text)
    assert doc["title"] == "Rebuilding the Harbour Bridge"
    assert _count(doc, "Rebuilding the Harbour Bridge") == 1  # the title itself
    merge = next(m for m in doc["report"]["merges"] if m["reason"] == "title")
    assert merge["into"] == "title"
    assert merge["provenance"][0] in doc["title_provenance"]
    assert doc["report"]["coverage"] == 1.0


def test_facts_that_differ_never_merge() -> None:
    text = ("#A post\nPrices rose by 15 percent in the last quarter of the year.\nSomething else.\n"
            "Prices rose by 5 percent in the last quarter of the year.\n")
    doc = _doc(text)
    assert _count(doc, "Prices rose by 15 percent") == 1 and _count(doc, "Prices rose by 5 percent") == 1


def test_table_cells_are_kept() -> None:
    text = "#A post\n| Plan | Price |\n|---|---|\n| Basic | Free |\n| Team | Free |\n"
    doc = _doc(text)
    table = next(b for s in doc["sections"] for b in s["blocks"] if b["type"] == "table")
    assert [r[1] for r in table["rows"]] == ["Free", "Free"]


def test_the_pass_can_be_switched_off() -> None:
    doc = _doc(PULL_AFTER, merge_repeats=False)
    assert _count(doc, "Engineers spent two winters testing the foundations.") == 2
    assert not doc["report"]["merges"]


def test_the_pass_stops_on_a_repeat_it_left() -> None:
    from dedupe.errors import InvariantError
    from dedupe.ingest.blocks import Kind
    from dedupe.merge import MergedElement
    from dedupe.repeats import _check_no_repeat_left

    el = MergedElement(Kind.PARAGRAPH, "Subscribe to the newsletter today.", (), (0,), (), 100.0)
    key = "subscribetothenewslettertoday."
    _check_no_repeat_left([(el, key)], 20)  # one is fine
    with pytest.raises(InvariantError):
        _check_no_repeat_left([(el, key), (el._replace(members=(1,)), key)], 20)
