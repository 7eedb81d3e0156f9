"""Flat records: `Document.elements()` (one row per heading, block and list item) and
`Document.to_record()` (one row per document), for tools that want rows, not trees."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import dedupe
from dedupe.models import (
    Caption,
    Citation,
    Code,
    Document,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Report,
    Section,
    Source,
    Span,
    Table,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "raw" / "000_5b8682380bdf1a26.txt"

# Text with the characters that make trouble: line breaks, pipes, CJK, empty strings.
TEXT = st.text(alphabet=st.sampled_from("ab |\n。中語-#"), max_size=12)
SPANS = st.lists(st.builds(Span, start=st.integers(0, 99), end=st.integers(0, 99), line=st.integers(1, 9)),
                 max_size=2)
CITES = st.lists(st.sampled_from(["c1", "c2", "c3"]), max_size=2, unique=True)


@st.composite
def blocks(draw: st.DrawFn, bid: str) -> Any:
    kind = draw(st.sampled_from(["paragraph", "quote", "caption", "code", "list", "table"]))
    common = {"id": bid, "citations": draw(CITES), "provenance": draw(SPANS)}
    if kind == "list":
        items = [ListItem(id=f"{bid}.{n}", text=draw(TEXT), level=draw(st.integers(1, 3)), citations=draw(CITES),
                          provenance=draw(SPANS)) for n in range(1, draw(st.integers(0, 3)) + 1)]
        return ListBlock(ordered=draw(st.booleans()), items=items, **common)
    if kind == "table":
        rows = draw(st.lists(st.lists(TEXT, min_size=1, max_size=3), max_size=3))
        return Table(header=draw(st.lists(TEXT, max_size=3)), rows=rows, **common)
    cls = {"paragraph": Paragraph, "quote": Quote, "caption": Caption, "code": Code}[kind]
    return cls(text=draw(TEXT), **common)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    counter = {"s": 0, "b": 0}

    def section(depth: int) -> Section:
        counter["s"] += 1
        sid = f"s{counter['s']}"
        own = []
        for _ in range(draw(st.integers(0, 3))):
            counter["b"] += 1
            own.append(draw(blocks(f"b{counter['b']}")))
        subs = [section(depth + 1) for _ in range(draw(st.integers(0, 2 if depth < 3 else 0)))]
        heading = draw(st.none() | TEXT)
        return Section(id=sid, heading=heading, level=depth, blocks=own, sections=subs, provenance=draw(SPANS))

    sections = [section(1) for _ in range(draw(st.integers(0, 3)))]
    path = draw(st.none() | st.just("posts/a.txt"))
    return Document(
        source=Source(path=path, sha256="ab" * 32, format="text", encoding="utf-8", size=draw(st.integers(0, 99))),
        title=draw(st.none() | TEXT), tags=draw(st.lists(TEXT, max_size=2)), language=draw(st.none() | st.just("en")),
        sections=sections, citations=[Citation(id="c1", title="A work", url="https://example.org/", provenance=[])],
        report=Report(copies_detected=1, blocks_in=0, blocks_out=0),
    )


def _walk_json(sections: list[dict[str, Any]], out: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(id, text) of every heading, block and list item of a document's JSON, depth first,
    written independently of `elements()`: what "reading order" means."""
    for s in sections:
        if s["heading"] is not None:
            out.append((s["id"], s["heading"]))
        for b in s["blocks"]:
            if b["type"] == "list" and b["items"]:
                out.extend((it["id"], it["text"]) for it in b["items"])
            elif b["type"] == "table":
                out.append((b["id"], "\n".join(" | ".join(r) for r in ([b["header"]] if b["header"] else []) + b["rows"])))
            else:
                out.append((b["id"], b.get("text", "")))
        _walk_json(s["sections"], out)
    return out


def _check_elements(doc: Document) -> None:
    data = json.loads(doc.to_json())
    elements = list(doc.elements())
    want = _walk_json(data["sections"], [])
    # Every heading, block and list item exactly once, in reading order, with its text.
    assert [(e.id, e.text) for e in elements] == want
    assert len({e.id for e in elements}) == len(elements)
    assert [e.index for e in elements] == list(range(len(elements)))
    # The document's text is its elements' texts in order; the record carries the same.
    assert doc.text() == "\n\n".join(e.text for e in elements) == doc.to_record()["text"]
    by_id: dict[str, dict[str, Any]] = {}

    def index(sections: list[dict[str, Any]]) -> None:
        for s in sections:
            by_id[s["id"]] = s
            for b in s["blocks"]:
                by_id[b["id"]] = b
                for it in b.get("items", []):
                    by_id[it["id"]] = it
            index(s["sections"])

    index(data["sections"])
    for e in elements:
        source = by_id[e.id]
        section = by_id[e.section_id]
        assert e.section_path[-1] == e.section_id and len(e.section_path) == e.depth
        assert e.heading_path == [by_id[s]["heading"] for s in e.section_path if by_id[s]["heading"] is not None]
        assert e.doc_id == doc.doc_id and e.source == doc.source.path
        assert [s.model_dump() for s in e.provenance] == source["provenance"]
        if e.type == "heading":
            assert e.id == e.section_id and e.level == section["level"] and e.block_id is None
        elif e.type == "list_item":
            assert e.block_id is not None and e.id.startswith(e.block_id + ".")
            assert e.level == source["level"] and e.citations == source["citations"]
            assert by_id[e.block_id]["type"] == "list"
        else:
            assert e.type == source["type"] and e.block_id == e.id and e.level is None
            assert e.citations == source["citations"]
        json.loads(e.model_dump_json())  # each element is one JSON object (a JSON Lines row)


def _check_record(doc: Document) -> None:
    record = doc.to_record()
    assert list(record) == list(EMPTY_RECORD), "every document's record has the same keys, in the same order"
    for key, value in record.items():
        scalar = value is None or isinstance(value, str | int | float | bool)
        strings = isinstance(value, list) and all(isinstance(v, str) for v in value)
        assert scalar or strings, f"{key} is {type(value).__name__}: does not fit a flat (Arrow) schema"
        # A column keeps one type across documents (a null aside).
        want = type(EMPTY_RECORD[key])
        assert value is None or EMPTY_RECORD[key] is None or isinstance(value, want), key
    assert json.loads(json.dumps(record, ensure_ascii=False)) == record


EMPTY_RECORD = dedupe.normalize_text("", source="empty.txt").to_record()


@settings(max_examples=150, deadline=None)
@given(documents())
def test_elements_of_generated_documents(doc: Document) -> None:
    _check_elements(doc)
    _check_record(doc)


def test_elements_of_the_seed() -> None:
    doc = dedupe.normalize_file(str(SEED))
    _check_elements(doc)
    _check_record(doc)
    elements = list(doc.elements())
    types = {e.type for e in elements}
    assert {"heading", "paragraph", "list_item", "table"} <= types
    # The section path and the headings under which a block sits.
    table = next(e for e in elements if e.type == "table")
    assert table.heading_path and table.heading_path[-1] in [s.heading for s in doc.sections[0].sections] + [
        s.heading for s in doc.sections]
    record = doc.to_record()
    assert record["id"] == str(SEED) and record["title"] == doc.title and record["language"] == "ja"
    assert record["copies_detected"] == 2 and record["citations"] == len(doc.citations) == 19
    assert record["tags"] == ["三24"]


def test_a_document_without_a_path_is_named_by_its_hash() -> None:
    doc = dedupe.normalize_text("# T\n\nSome text here.\n")
    assert doc.source.path is None
    assert doc.doc_id == f"sha256:{doc.source.sha256}" == doc.to_record()["id"]
    assert {e.doc_id for e in doc.elements()} == {doc.doc_id}


def test_records_of_metadata_are_their_values() -> None:
    page = ('<html><head><title>A post</title><meta property="og:site_name" content="The Site">'
            '<meta property="article:published_time" content="2024-03-24T10:00:00Z"></head>'
            '<body><article><h1>A post</h1><p>Some text that says something, at length, as posts do.</p>'
            '</article></body></html>')
    record = dedupe.normalize_text(page, source="p.html").to_record()
    assert record["site_name"] == "The Site"
    assert record["published"] is not None and record["published"].startswith("2024-03-24")
    assert record["format"] == "html"


def test_blocks_open_with_type_and_text() -> None:
    data = json.loads((ROOT / "normalized" / "000_5b8682380bdf1a26.json").read_text(encoding="utf-8"))
    seen: set[str] = set()

    def walk(sections: list[dict[str, Any]]) -> None:
        for s in sections:
            for b in s["blocks"]:
                keys = list(b)
                seen.add(b["type"])
                assert keys[0] == "type", keys
                if "text" in b:
                    assert keys[1] == "text", keys
                elif b["type"] == "list":
                    assert keys[1:3] == ["ordered", "items"], keys
                    assert all(list(it)[0] == "text" for it in b["items"])
                elif b["type"] == "table":
                    assert keys[1:3] == ["header", "rows"], keys
            walk(s["sections"])

    walk(data["sections"])
    assert {"paragraph", "list", "table"} <= seen


def _properties(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    out = []
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            out.append((f"{where}.{name}", prop))
        for key, value in node.items():
            out.extend(_properties(value, f"{where}/{key}"))
    elif isinstance(node, list):
        for value in node:
            out.extend(_properties(value, where))
    return out


def test_every_schema_property_is_described() -> None:
    for model in (Document, dedupe.models.Element):
        schema = model.model_json_schema()
        props = _properties(schema)
        assert len(props) > (100 if model is Document else 10)
        missing = [where for where, prop in props if not prop.get("description")]
        assert not missing, f"{len(missing)} properties without a description: {missing[:10]}"


def test_the_schema_allows_added_fields() -> None:
    """The contract: fields may be added, none renamed. So no object of the schema forbids
    properties it does not name (a consumer of a newer document still validates it)."""
    def closed(node: Any) -> list[Any]:
        if isinstance(node, dict):
            here = [node.get("title")] if node.get("additionalProperties") is False else []
            return here + [c for v in node.values() for c in closed(v)]
        if isinstance(node, list):
            return [c for v in node for c in closed(v)]
        return []

    assert closed(Document.model_json_schema()) == []
    # The models themselves still refuse a misspelt field when a program builds one.
    try:
        Span(start=0, end=1, line=1, lines=2)  # type: ignore[call-arg]
    except ValueError:
        pass
    else:
        raise AssertionError("a misspelt field was accepted")
