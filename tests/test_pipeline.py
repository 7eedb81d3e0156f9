"""The whole pipeline on small posts written for these tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import dedupe
from dedupe import Config

from .helpers import content_strings, doc_content, headings, norm

ROOT = Path(__file__).resolve().parent.parent

REPORT = """\
Overview
Remote work changed how small firms hire. Surveys from 2023 show a steady shift.
Methods
We interviewed 40 founders across three regions.
Methods in Detail
Each interview lasted an hour and followed a fixed script.
- Founders were asked about hiring costs.
- Founders were asked about retention.
Conclusion
Small firms gain most when they hire across time zones."""


def _body(doc: dedupe.Document) -> str:
    return "\x00".join(norm(s) for s in doc_content(doc.model_dump(mode="json")))


def test_a_post_with_no_repeats_keeps_everything_and_merges_nothing() -> None:
    doc = dedupe.normalize_text("# A post\n" + REPORT + "\n")
    assert doc.report.copies_detected == 1
    assert doc.report.merges == []
    assert [norm(h) for h in headings(doc.model_dump()["sections"])] == [
        norm(h) for h in ["Overview", "Methods", "Methods in Detail", "Conclusion"]
    ]


def test_a_report_pasted_twice_comes_out_once() -> None:
    second = REPORT.replace("2023 show", "2023  show").replace("Conclusion", "CONCLUSION")
    doc = dedupe.normalize_text("# A post\n" + REPORT + "\n" + second + "\n")
    assert doc.report.copies_detected == 2
    body = _body(doc)
    for sentence in ["Surveys from 2023 show a steady shift.", "Founders were asked about retention.",
                     "Small firms gain most when they hire across time zones."]:
        assert body.count(norm(sentence)) == 1
    hs = headings(doc.model_dump()["sections"])
    assert hs == ["Overview", "Methods", "Methods in Detail", "Conclusion"]  # first copy's spelling wins the tie
    merged = {m.into for m in doc.report.merges}
    assert len(merged) >= 10


def test_run_on_second_copy_is_split_and_merged() -> None:
    text = "# T\nThis study looks at hiring.\n" + REPORT + "This study looks at hiring.\n" + REPORT + "\n"
    glued = text.replace("time zones.\nThis study", "time zones.This study")
    doc = dedupe.normalize_text(glued)
    assert doc.report.copies_detected == 2
    body = _body(doc)
    assert body.count(norm("Small firms gain most when they hire across time zones.")) == 1
    assert body.count(norm("This study looks at hiring.")) == 1


def test_three_copies() -> None:
    doc = dedupe.normalize_text("# T\n" + "\n".join([REPORT, REPORT.upper(), REPORT]) + "\n")
    assert doc.report.copies_detected == 3
    assert _body(doc).count(norm("We interviewed 40 founders across three regions.")) == 1
    item = next(m for m in doc.report.merges if m.kind == "list_item")
    assert len(item.provenance) == 3


def test_unique_content_of_each_copy_is_kept_in_place() -> None:
    extra_a = REPORT.replace("Methods in Detail\n", "Methods in Detail\nOnly the first copy says this sentence.\n")
    extra_b = REPORT.replace("Conclusion\n", "Conclusion\nOnly the second copy says that sentence.\n")
    doc = dedupe.normalize_text("# T\n" + extra_a + "\n" + extra_b + "\n")
    data = doc.model_dump(mode="json")
    sections = {s["heading"]: s for s in data["sections"]}
    detail = " ".join(content_strings(sections["Methods in Detail"]))
    assert "Only the first copy says this sentence." in detail
    assert "Only the second copy says that sentence." in " ".join(content_strings(sections["Conclusion"]))


def test_provenance_points_into_the_source() -> None:
    text = "# T\n" + REPORT + "\n" + REPORT + "\n"
    doc = dedupe.normalize_text(text)
    for section in doc.sections:
        for block in section.blocks:
            for span in block.provenance:
                assert 0 <= span.start < span.end <= len(text)
                assert text.count("\n", 0, span.start) + 1 == span.line
            if block.type == "paragraph":
                assert norm(text[block.provenance[0].start : block.provenance[0].end]) == norm(block.text)
                assert len(block.provenance) == 2


def test_variants_keep_the_other_spelling_with_a_score() -> None:
    doc = dedupe.normalize_text("# T\n" + REPORT + "\n" + REPORT.replace("steady shift", "Steady Shift") + "\n")
    para = doc.sections[0].blocks[0]
    assert para.type == "paragraph"
    assert para.variants and para.variants[0].score == 100.0
    assert "Steady Shift" in para.variants[0].text


def test_a_teaser_is_merged_into_what_it_announces() -> None:
    """A paragraph lists its teaser among its variants; a heading only merges it (no variant)."""
    text = ("# T\nIntro paragraph one.\nResults of the long...\nResults of the long survey\n"
            "Most households did not notice...\nMost households did not notice the change until spring.\n")
    doc = dedupe.normalize_text(text)
    heading, para = doc.sections[1], doc.sections[1].blocks[0]
    assert heading.heading == "Results of the long survey" and para.type == "paragraph"
    teaser_spans = [text.index("Results of the long..."), text.index("Most households did not notice...")]
    assert [(m.into, m.kind, m.provenance[0].start) for m in doc.report.merges] == [
        (heading.id, "teaser", teaser_spans[0]), (para.id, "teaser", teaser_spans[1])]
    assert [s.start for s in heading.provenance][1:] == teaser_spans[:1] and heading.variants == []
    assert [s.start for s in para.provenance][1:] == teaser_spans[1:]
    assert [(v.text, v.score, v.provenance[0].start) for v in para.variants] == [
        ("Most households did not notice...", doc.report.merges[1].score, teaser_spans[1])]


def test_config_threshold_is_honoured() -> None:
    a = "The committee approved the budget for the new library on Monday."
    b = "The committee approved the budget for the new libraries on Monday."
    text = f"# T\nIntro one.\n{a}\nSecond point is here and long enough.\nThird point closes it.\nIntro one.\n{b}\nSecond point is here and long enough.\nThird point closes it.\n"
    loose = dedupe.normalize_text(text)
    strict = dedupe.normalize_text(text, config=Config(match_threshold=99.5))
    assert norm(a) in _body(loose) and norm(b) not in _body(loose)
    assert norm(a) in _body(strict) and norm(b) in _body(strict)


def test_output_is_deterministic_across_hash_seeds() -> None:
    seed = ROOT / "raw" / "000_5b8682380bdf1a26.txt"
    outs = set()
    for hashseed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        code = f"import dedupe,sys; sys.stdout.write(dedupe.normalize_file({str(seed)!r}).to_json())"
        outs.add(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True).stdout)
    assert len(outs) == 1


def test_japanese_stays_readable_in_json() -> None:
    out = dedupe.normalize_text("# 題名\n本文です。\n").to_json()
    assert "本文です。" in out and "\\u" not in out


def test_layout_variants_of_the_seed_give_the_same_content() -> None:
    seed = (ROOT / "raw" / "000_5b8682380bdf1a26.txt").read_text(encoding="utf-8")

    def summary(doc: dedupe.Document) -> tuple[int, int, list[str], list[str]]:
        data = doc.model_dump(mode="json")
        return (doc.report.copies_detected, len(doc.citations), headings(data["sections"]),
                sorted(norm(s) for s in doc_content(data)))

    base = summary(dedupe.normalize_text(seed))
    for variant in (seed.replace("\n", "\n\n"), seed.replace("\n", "\r\n"), "\ufeff" + seed, seed.replace("\n", "  \n")):
        assert summary(dedupe.normalize_text(variant)) == base


def test_copies_in_the_other_order_give_the_same_content() -> None:
    lines = (ROOT / "raw" / "000_5b8682380bdf1a26.txt").read_text(encoding="utf-8").split("\n")
    swapped = "\n".join([lines[0], *lines[49:104], *lines[1:49], *lines[104:]])
    doc = dedupe.normalize_text(swapped)
    base = dedupe.normalize_file(ROOT / "raw" / "000_5b8682380bdf1a26.txt")
    assert doc.report.copies_detected == 2
    assert len(doc.citations) == len(base.citations) == 19
    content = sorted(norm(s) for s in doc_content(doc.model_dump(mode="json")))
    assert content == sorted(norm(s) for s in doc_content(base.model_dump(mode="json")))


def test_coverage_is_complete_on_the_seed_and_fixtures() -> None:
    paths = [ROOT / "raw" / "000_5b8682380bdf1a26.txt", *sorted((ROOT / "tests" / "fixtures" / "posts").glob("*.txt"))]
    for path in paths:
        report = dedupe.normalize_file(path).report
        assert report.coverage == 1.0, path.name
        assert report.accounting["unaccounted"] == 0


def test_a_dropped_sentence_shows_in_coverage(monkeypatch: pytest.MonkeyPatch) -> None:
    from dedupe.steps import merging

    real = merging.merge_copies

    def lossy(*args: object, **kwargs: object) -> list:  # type: ignore[type-arg]
        elements = real(*args, **kwargs)  # type: ignore[arg-type]
        return [e for e in elements if "interviewed 40 founders" not in e.text]

    monkeypatch.setattr(merging, "merge_copies", lossy)
    report = dedupe.normalize_text("# T\n" + REPORT + "\n").report
    assert report.coverage < 1.0
    assert report.accounting["unaccounted"] == len("Weinterviewed40foundersacrossthreeregions.")


def test_a_short_heading_opening_each_copy_merges() -> None:
    report = REPORT.replace("Overview", "Summary")  # 7 characters: too short to start a run
    doc = dedupe.normalize_text("# T\n" + report + "\n" + report + "\n")
    assert headings(doc.model_dump()["sections"]) == ["Summary", "Methods", "Methods in Detail", "Conclusion"]
    assert all(len(s.provenance) == 2 for s in doc.sections)


def test_json_bytes_are_the_json_text_in_utf8() -> None:
    from dedupe import normalize_file

    doc = normalize_file(Path(__file__).resolve().parent.parent / "raw" / "000_5b8682380bdf1a26.txt")
    for indent in (2, None):
        text = doc.model_dump_json(indent=indent) + "\n"  # pydantic's own JSON text
        assert doc.to_json_bytes(indent=indent) == text.encode("utf-8")
        assert doc.to_json(indent=indent) == text


# A Korean post, pasted twice, in each input format: Korean is written with spaces, and
# every one of them must reach the JSON as the author wrote it.
_KO_TITLE = "엘제이-류화영 진흙탕 싸움"
_KO_SENTENCES = ("두 사람의 주장은 여전히 엇갈리고 있다.", "소속사는 아직 공식 입장을 내지 않았다.",
                 "업계에서는 법적 다툼으로 번질 가능성도 거론된다.")
_KO_POSTS = {
    "post.txt": f"# {_KO_TITLE}\n" + "\n".join(_KO_SENTENCES * 2) + "\n댓글 쓰기\n공감\n",
    "post.md": f"# {_KO_TITLE}\n\n" + "\n\n".join(_KO_SENTENCES * 2) + "\n",
    "post.html": f"<html><head><title>{_KO_TITLE}</title></head><body><article><h1 class='entry-title'>{_KO_TITLE}"
                 "</h1>" + "".join(f"<p>{s.replace(' ', chr(10), 1)}</p>" for s in _KO_SENTENCES * 2)
                 + "</article></body></html>",
}


@pytest.mark.parametrize("name", sorted(_KO_POSTS))
def test_korean_text_keeps_its_spaces_in_every_format(name: str) -> None:
    doc = dedupe.normalize_text(_KO_POSTS[name], source=name)
    data = doc.to_json()
    assert doc.report.copies_detected == 2 and doc.language == "ko"
    assert doc.title == _KO_TITLE and f'"title": "{_KO_TITLE}"' in data
    for sentence in _KO_SENTENCES:
        assert data.count(sentence) == 1, sentence  # once, spaced as written (a line break is a space)
    assert "".join(_KO_TITLE.split()) not in data
