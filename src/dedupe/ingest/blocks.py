"""The typed hand-off between ingesters and the matcher: one `RawBlock` per source element."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from .metadata import Candidate


class Kind(str, Enum):
    """What a source element is. Ingesters of every format produce these kinds."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"
    QUOTE = "quote"
    CODE = "code"
    REFERENCE = "reference"  # an entry of a reference list
    TEASER = "teaser"  # a truncated line repeated in full by the next paragraph
    CAPTION = "caption"  # the caption or credit of a figure (`<figcaption>`, `.wp-caption-text`)


class RawBlock(NamedTuple):
    """One element of the source with its span in the decoded text.

    `start`/`end` delimit `text` as it stands in the source (markers such as `- ` or
    `#` are outside the span); `line` is the 1-based line of `start`. A named tuple:
    immutable like a frozen dataclass, and several times cheaper to make (a long post
    makes tens of thousands); build one with named fields, change one with
    `block._replace(...)`.
    """

    kind: Kind
    text: str
    start: int
    end: int
    line: int
    level: int = 0  # heading level
    group: int = -1  # id of the list or table this element belongs to
    ordered: bool = False
    cells: tuple[str, ...] = ()  # table cells, for TABLE_ROW
    header: bool = False  # a table's header row
    reference_list: int = -1  # for REFERENCE and the heading that introduced the list
    #: Where `text` came from when it is not a verbatim slice of the source (HTML entities
    #: decoded, tags dropped, hygiene applied): sorted (text index, source offset) pairs;
    #: between two anchors the text follows the source one character per character.
    #: Empty means `text[i]` is at `start + i`. Read it through `source_offset`.
    anchors: tuple[tuple[int, int], ...] = ()

    def source_offset(self, i: int) -> int:
        """Source offset of character `i` of `text` (`len(text)` gives `end`).

        >>> block = RawBlock(kind=Kind.PARAGRAPH, text="A&B", start=10, end=17, line=1,
        ...                  anchors=((0, 10), (1, 11), (2, 16)))
        >>> block.source_offset(2)
        16
        """
        if i >= len(self.text):
            return self.end
        if not self.anchors:
            return self.start + i
        k = bisect_right(self.anchors, (i, 1 << 62)) - 1
        text_at, source_at = self.anchors[k] if k >= 0 else (0, self.start)
        return source_at + (i - text_at)


@dataclass(frozen=True, slots=True)
class ChromeLine:
    """Text set aside as site chrome, with the pattern kind that matched it."""

    text: str
    kind: str
    start: int
    end: int
    line: int


@dataclass(frozen=True, slots=True)
class Ingested:
    """What an ingester makes of one decoded source."""

    blocks: tuple[RawBlock, ...]
    title: RawBlock | None = None
    tags: tuple[str, ...] = ()
    chrome: tuple[ChromeLine, ...] = ()
    format: str = "text"
    line_starts: tuple[int, ...] = field(default=(0,))
    #: Spans [start, end) of source characters that are markup, not text: list bullets,
    #: table pipes and separator rows, `#` marks, code fences, `>`; for HTML the tags,
    #: attributes, comments, scripts and styles. Used to account for every character.
    markup: tuple[tuple[int, int], ...] = ()
    #: The post's metadata, at most one candidate per field (`metadata.choose_metadata`).
    metadata: tuple[Candidate, ...] = ()

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect_right(self.line_starts, offset)
