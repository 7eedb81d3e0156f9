"""The block sink every ingester writes into: blocks, chrome lines, markup spans, tags, the
title and metadata of one source, with the helpers that turn mapped text into blocks.

An ingester walks its source once and hands what it finds to a `BlockSink`: a block cut
verbatim from the source (`add_text`), a block of mapped text (`add_mapped`: text whose
characters each know their source offset, `hygiene.Mapped`), a table row of mapped cells
(`add_row`), the markup spans around them (`mark`). `line_of` numbers lines and
`new_group` hands out list, table and quote ids. The shared block rules (`rules.py`) then
run over what was collected, and `ingested` seals it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from .blocks import ChromeLine, Ingested, Kind, RawBlock
from .hygiene import Mapped, anchors_of, join_cells
from .lines import line_starts
from .metadata import Candidate
from .rules import Shaped


class BlockSink:
    """What an ingester has found so far in one decoded `source`."""

    def __init__(self, source: str, starts: Sequence[int] | None = None) -> None:
        self.source = source
        #: Offset of each line (`lines.line_starts`), for `line_of`.
        self.line_starts: Sequence[int] = starts if starts else (line_starts(source) or [0])
        self.blocks: list[RawBlock] = []
        self.chrome: list[ChromeLine] = []
        #: Source spans [start, end) that are markup (see `Ingested.markup`).
        self.markup: list[tuple[int, int]] = []
        self.tags: list[str] = []
        self.title: RawBlock | None = None
        self.metadata: list[Candidate] = []
        self.last_group = 0

    def line_of(self, offset: int) -> int:
        """1-based line number of a source offset."""
        return bisect_right(self.line_starts, offset)

    def new_group(self) -> int:
        """A new id for a list, table, quote or code block (1, 2, 3 ...)."""
        self.last_group += 1
        return self.last_group

    def mark(self, start: int, end: int) -> None:
        """Record source characters that are markup (bullets, `#`, pipes, fences, tags)."""
        if end > start:
            self.markup.append((start, end))

    def add_text(self, kind: Kind, text: str, start: int, line: int, **fields: Any) -> None:
        """A block whose `text` is the source's own from `start` on (line `line`)."""
        self.blocks.append(RawBlock(kind=kind, text=text, start=start, end=start + len(text), line=line, **fields))

    def add_mapped(self, kind: Kind, m: Mapped, **fields: Any) -> None:
        """A block of mapped text (at least one character)."""
        self.blocks.append(self.block(kind, m, **fields))

    def block(self, kind: Kind, m: Mapped, **fields: Any) -> RawBlock:
        """The block of mapped text `m` (at least one character): its span and line from the map."""
        start = m.starts[0]
        return RawBlock(kind=kind, text=m.text, start=start, end=m.ends[-1], line=self.line_of(start),
                        anchors=anchors_of(m), **fields)

    def add_row(self, cells: Sequence[Mapped], *, group: int, header: bool) -> None:
        """A table row of mapped cells, joined by " | "; nothing when every cell is empty."""
        present = [c for c in cells if c.text]
        if not present:
            return
        m = join_cells(cells)
        first, last = present[0], present[-1]
        self.blocks.append(RawBlock(kind=Kind.TABLE_ROW, text=m.text, start=first.starts[0], end=last.ends[-1],
                                    line=self.line_of(first.starts[0]), group=group,
                                    cells=tuple(c.text for c in cells), header=header, anchors=anchors_of(m)))

    def shaped(self, *, marks_headings: bool = False) -> Shaped:
        """What was collected, as the record the shared rules (`rules.apply_rules`) take."""
        return Shaped(blocks=tuple(self.blocks), chrome=tuple(self.chrome), tags=tuple(self.tags),
                      markup=tuple(self.markup), metadata=tuple(self.metadata), title=self.title,
                      marks_headings=marks_headings)

    def ingested(self, fmt: str) -> Ingested:
        """What was collected, sealed as it is (for an ingester that runs no shared rules)."""
        return self.shaped().ingested(fmt, self.line_starts)


def one_line(m: Mapped) -> Mapped:
    """Line breaks inside a heading or a table cell are spaces.

    >>> one_line(Mapped("a\\nb", (0, 1, 2), (1, 2, 3))).text
    'a b'
    """
    return m if "\n" not in m.text else Mapped(m.text.replace("\n", " "), m.starts, m.ends)


def mapped_lines(m: Mapped) -> list[Mapped]:
    """The non-empty lines of mapped prose (a `<br>`, an inner block, a soft break), each trimmed.

    >>> [p.text for p in mapped_lines(Mapped(" a \\n\\nb", tuple(range(6)), tuple(range(1, 7))))]
    ['a', 'b']
    """
    out: list[Mapped] = []
    text = m.text
    pos = 0
    for piece in text.split("\n"):
        a, b = pos, pos + len(piece)
        pos = b + 1
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append(Mapped(text[a:b], m.starts[a:b], m.ends[a:b]))
    return out
