"""Figure captions: `<figcaption>`, `.wp-caption-text` and caption/credit classes inside a figure
become `caption` blocks, not paragraphs (and a credit inside a figure is not the site's footer)."""

from __future__ import annotations

import html
import json
import random

import pytest

import dedupe
from dedupe.ingest.blocks import Kind
from dedupe.ingest.html import ingest_html
from dedupe.models import Caption, Document
from dedupe.render import render

BODY_ONE = ("The harbour board met on Tuesday to decide the future of the old pier, which has stood since 1890, "
            "and heard from engineers, fishermen and residents.")
BODY_TWO = ("After three hours of debate, the board voted to repair the pier rather than replace it, citing cost, "
            "heritage and the wishes of the town.")


def _page(figure: str, *, aside: str = "") -> str:
    # The <h2> marks the page's headings, so that a short paragraph stays a paragraph.
    return (f"<html><head><title>Pier</title></head><body><article><h1>The old pier stays</h1><h2>The vote</h2>"
            f"<p>{BODY_ONE}</p>{figure}<p>{BODY_TWO}</p></article>{aside}</body></html>")


def _blocks(doc: Document) -> list[tuple[str, str]]:
    sections = [sub for s in doc.sections for sub in [s, *s.sections]]
    return [(b.type, getattr(b, "text", "")) for s in sections for b in s.blocks]


def _captions(doc: Document) -> list[str]:
    return [t for kind, t in _blocks(doc) if kind == "caption"]


def _doc(page: str) -> Document:
    return dedupe.normalize_text(page, source="page.html")


@pytest.mark.parametrize("figure, expected", [
    ("<figure><img src='a.jpg'><figcaption>The pier at dawn.</figcaption></figure>", ["The pier at dawn."]),
    ("<figure><img src='a.jpg'><figcaption>The pier at dawn. <span class='credit'>Photo: A. Lee</span>"
     "</figcaption></figure>", ["The pier at dawn. Photo: A. Lee"]),
    ("<div class='wp-caption alignnone'><img src='a.jpg'><p class='wp-caption-text'>The pier in 1910</p></div>",
     ["The pier in 1910"]),
    ("<p class='wp-caption-text'>A lone classic caption</p>", ["A lone classic caption"]),
    ("<figure><img src='a.jpg'><div class='credit'>Getty Images</div></figure>", ["Getty Images"]),
    ("<figure class='wp-block-image'><img src='a.jpg'><p class='image-caption'>Gulls over the pier</p></figure>",
     ["Gulls over the pier"]),
    ("<figure><img><span class='photo-caption'>Tide out</span><span class='credit'>J. Doe/AP</span></figure>",
     ["Tide out", "J. Doe/AP"]),
    ("<figure><img><figcaption><p>First line</p><p>Second line</p></figcaption></figure>",
     ["First line", "Second line"]),
    ("<div class='wp-caption'><img><div class='media-caption'>Nets drying</div></div>", ["Nets drying"]),
])
def test_figure_variants_give_caption_blocks(figure: str, expected: list[str]) -> None:
    doc = _doc(_page(figure))
    assert _captions(doc) == expected
    assert [t for kind, t in _blocks(doc) if kind == "paragraph"] == [BODY_ONE, BODY_TWO]
    assert not [b for b in doc.boilerplate if b.text in expected]
    assert doc.report.coverage == 1.0


@pytest.mark.parametrize("markup, kind", [
    ("<p class='caption'>Not in a figure, so a paragraph</p>", "paragraph"),
    ("<div class='image-caption'>Also outside any figure</div>", "paragraph"),
])
def test_caption_classes_outside_a_figure_stay_paragraphs(markup: str, kind: str) -> None:
    doc = _doc(_page(markup))
    assert _captions(doc) == []
    text = html.unescape(markup.split(">", 1)[1].rsplit("<", 1)[0])
    assert (kind, text) in _blocks(doc)


def test_a_credit_outside_a_figure_is_still_the_sites_footer() -> None:
    doc = _doc(_page("", aside="<div class='credit'>Site by Example Studio</div>"))
    assert _captions(doc) == []
    assert "Site by Example Studio" in [b.text for b in doc.boilerplate]


def test_a_figure_caption_inside_chrome_stays_chrome() -> None:
    card = "<aside class='related'><figure><img><figcaption>Another story's photo</figcaption></figure></aside>"
    doc = _doc(_page("", aside=card))
    assert _captions(doc) == []
    assert "Another story's photo" in [b.text for b in doc.boilerplate]


def test_a_table_in_a_figure_is_still_a_table() -> None:
    figure = ("<figure class='wp-block-table'><table><tr><th>Year</th><th>Cost</th></tr><tr><td>1890</td>"
              "<td>£400</td></tr></table><figcaption>Costs by year</figcaption></figure>")
    doc = _doc(_page(figure))
    assert [k for k, _ in _blocks(doc)] == ["paragraph", "table", "caption", "paragraph"]


def test_caption_spans_point_at_the_caption_text() -> None:
    figure = "<figure><img><figcaption>Caf&eacute; on the   pier</figcaption></figure>"
    page = _page(figure)
    ing = ingest_html(page)
    caption = next(b for b in ing.blocks if b.kind is Kind.CAPTION)
    assert caption.text == "Café on the pier"
    assert page[caption.start:caption.end] == "Caf&eacute; on the   pier"


def test_a_caption_in_both_copies_merges_once() -> None:
    figure = "<figure><img><figcaption>The pier at dawn, from the north beach.</figcaption></figure>"
    one = f"<h2>Part</h2><p>{BODY_ONE}</p>{figure}<p>{BODY_TWO}</p>"
    page = f"<html><body><article><h1>The old pier stays</h1>{one}{one}</article></body></html>"
    doc = _doc(page)
    captions = [b for s in doc.sections for sub in [s, *s.sections] for b in sub.blocks if isinstance(b, Caption)]
    assert len(captions) == 1
    assert [c.text for c in captions] == ["The pier at dawn, from the north beach."]
    assert len(captions[0].provenance) == 2
    assert ("caption", "copy") in {(m.kind, m.reason) for m in doc.report.merges}


def test_a_caption_renders_as_an_emphasised_line() -> None:
    doc = _doc(_page("<figure><img><figcaption>The pier *at* dawn</figcaption></figure>"))
    md = render(doc, "md")
    assert "\n*The pier \\*at\\* dawn*\n" in md
    assert "\nThe pier *at* dawn\n" in render(doc, "text")


def test_the_schema_knows_the_caption_block() -> None:
    schema = json.dumps(Document.model_json_schema())
    assert '"caption"' in schema and "Caption" in schema


# Carriers of one caption: (markup around the text, whether it is a caption).
_WRAPPERS = [
    ("<figure{a}><img src='x.jpg'><figcaption{b}>{t}</figcaption></figure>", True),
    ("<FIGURE{a}>\n  <IMG SRC=x.jpg>\n  <FIGCAPTION{b}>\n {t}\n </FIGCAPTION>\n</FIGURE>", True),
    ("<div class='wp-caption'{a}><img><p class='wp-caption-text'{b}>{t}</p></div>", True),
    ("<figure{a}><picture><img></picture><div class='caption'{b}>{t}</div></figure>", True),
    ("<figure{a}><a href='/big.jpg'><img></a><p class='media-caption'{b}>{t}</p></figure>", True),
    ("<div{a}><img><p{b}>{t}</p></div>", False),
    ("<div class='image'{a}><img><p class='note'{b}>{t}</p></div>", False),
]


@pytest.mark.parametrize("seed", range(40))
def test_generated_figures(seed: int) -> None:
    """Random figure markup, attributes and whitespace: the text is a caption exactly when the
    carrier says so, and is in the output once either way."""
    rnd = random.Random(seed)
    words = ["pier", "gulls", "tide", "boats", "nets", "lamp", "dawn", "storm", "harbour", "rope"]
    figures, expected = [], []
    for _ in range(rnd.randint(1, 4)):
        text = " ".join(rnd.sample(words, rnd.randint(2, 5))).capitalize() + rnd.choice(["", ".", " (AP)"])
        wrapper, is_caption = rnd.choice(_WRAPPERS)
        attrs = [f" id='f{rnd.randint(1, 99)}'", ' data-x="1"', ""]
        figures.append(wrapper.format(a=rnd.choice(attrs), b=rnd.choice(attrs), t=text))
        expected.append(("caption" if is_caption else "paragraph", text))
    doc = _doc(_page("\n".join(figures)))
    got = [b for b in _blocks(doc) if b[1] not in (BODY_ONE, BODY_TWO)]
    assert got == expected
    assert doc.report.coverage == 1.0
