"""A toy input format, to show that a new format is one module and one registry row.

A `.toy` file is lines: `= Title` gives the title, `* item` a list item (a run of them is
one list), any other line a paragraph; blank lines separate nothing.

>>> ing = ingest_toy("= A toy post\\n* one\\n* two\\nA paragraph.\\n")
>>> ing.title.text, [(b.kind.value, b.text) for b in ing.blocks]
('A toy post', [('list_item', 'one'), ('list_item', 'two'), ('paragraph', 'A paragraph.')])
"""

from __future__ import annotations

from dedupe.config import Config
from dedupe.ingest import Format
from dedupe.ingest.blocks import Ingested, Kind, RawBlock
from dedupe.ingest.lines import split_lines, trim_span
from dedupe.ingest.rules import RuleContext, apply_rules
from dedupe.ingest.sink import BlockSink


def ingest_toy(source: str, config: Config | None = None) -> Ingested:
    """Split a `.toy` source into blocks (see the module docstring)."""
    texts, starts = split_lines(source)
    sink = BlockSink(source, starts)
    list_group = 0
    for n, (line, at) in enumerate(zip(texts, starts), start=1):
        mark = line[:2]
        body, start, _end = trim_span(line[2:] if mark in ("= ", "* ") else line, at + 2 if mark in ("= ", "* ") else at)
        if not body:
            continue
        if mark in ("= ", "* "):
            sink.mark(at, start)  # the `= ` or `* ` is markup
        if mark == "= " and sink.title is None:
            sink.title = RawBlock(kind=Kind.HEADING, text=body, start=start, end=start + len(body), line=n, level=1)
        elif mark == "* ":
            list_group = list_group or sink.new_group()
            sink.add_text(Kind.LIST_ITEM, body, start, n, group=list_group, level=1)
        else:
            list_group = 0
            sink.add_text(Kind.PARAGRAPH, body, start, n)
    shaped = apply_rules(sink.shaped(marks_headings=False), RuleContext(config or Config(), sink.line_of))
    return shaped.ingested("toy", sink.line_starts)


def looks_like_toy(text: str) -> bool:
    """Content whose first line is `= Title` and that has a `* item` line."""
    return text.startswith("= ") and "\n* " in text


#: The registry row (`dedupe.ingest.register_format(TOY)`).
TOY = Format("toy", (".toy",), looks_like_toy, ingest_toy)
