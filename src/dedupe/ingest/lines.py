"""Lines of plain text and what kind each is: split with offsets, trimmed to a span, and the
marks that make a line a list item, a table row, a fence or a quote (the text and Markdown
ingesters share them)."""

from __future__ import annotations

from itertools import accumulate
from operator import add

import regex

from .chrome import FirstChars

LIST_MARKER_RE = regex.compile(r"[ \t]*(?:([-*+•●◦▪])[ \t]+|(・)[ \t]*|(\d{1,3}[.)）]|[①-⑳])[ \t]+)(?=\S)")
# The bullets of `LIST_MARKER_RE` (an item they mark is not numbered).
BULLETS = "-*+•●◦▪・"
TABLE_LINE_RE = regex.compile(r"[ \t]*\|.*\|[ \t]*")
TABLE_SEPARATOR_CELL_RE = regex.compile(r"[ \t]*:?-{2,}:?[ \t]*")
# A row of such cells between any number of pipes: the cells `row.strip("|").split("|")`
# gives (a cell holds no pipe and starts and ends with no pipe).
_SEPARATOR_ROW_RE = regex.compile(rf"\|*{TABLE_SEPARATOR_CELL_RE.pattern}(?:\|{TABLE_SEPARATOR_CELL_RE.pattern})*\|*")
FENCE_RE = regex.compile(r"[ \t]*(```|~~~)[ \t]*([\w+-]*)[ \t]*")
QUOTE_RE = regex.compile(r"[ \t]*>[ \t]?")
# A list item glued onto the end of a paragraph: a sentence end, then " - " and text.
GLUED_ITEM_RE = regex.compile(r"(?<=[。．.!?！？」』）)])[ \t\u3000]+[-*•・][ \t\u3000]+(?=\S)")
CELL_SPLIT_RE = regex.compile(r"(?<!\\)\|")
# The first non-space character of a line any of `HASH_HEADING_RE`, `TAGS_ONLY_RE`,
# `TABLE_LINE_RE`, `FENCE_RE` or `QUOTE_RE` matches.
MARK_CHARS = frozenset("#|`~>")


def _split(source: str) -> tuple[list[str], list[int]]:
    """The pieces `str.splitlines(keepends=True)` cuts `source` into, and where each starts."""
    raws = source.splitlines(keepends=True)
    return raws, list(accumulate(map(len, raws), initial=0))[:-1]


def split_lines(source: str) -> tuple[list[str], list[int]]:
    """The text of each line of `source` (without its line end) and its offset.

    CRLF, CR and LF all end a line. (Like `str.splitlines`, the other line boundaries --
    form feed, U+2028... -- end a line too; only CR and LF are taken off its text.)
    """
    texts = source.splitlines()
    # `str.splitlines` takes off one character per line boundary. When those are all the
    # LFs and there is no CR, every line but the last ended in one LF, which is all it lost:
    # line `i` starts after the lines before it and `i` LFs.
    if "\r" not in source and len(source) - sum(map(len, texts)) == source.count("\n"):
        return texts, list(map(add, accumulate(map(len, texts), initial=0), range(len(texts))))
    raws, starts = _split(source)
    return [raw.rstrip("\r\n") for raw in raws], starts


def line_starts(source: str) -> list[int]:
    """The offset of each line `split_lines` gives, without building the lines."""
    return _split(source)[1]



def trim_span(text: str, start: int) -> tuple[str, int, int]:
    """`text` (found at offset `start`) trimmed, and the absolute span of what is left."""
    # `str.strip` trims exactly the characters `str.isspace` calls whitespace.
    left = text.lstrip()
    trimmed = left.rstrip()
    s = start + len(text) - len(left)
    return trimmed, s, s + len(trimmed)


# Whether a line whose first non-space character is this one can be a list item: the
# marker of `LIST_MARKER_RE` is that character (only spaces and tabs come before it).
_LIST_FIRST = FirstChars(LIST_MARKER_RE, full=False)


def list_marker(line: str, first: str) -> regex.Match[str] | None:
    """`LIST_MARKER_RE.match(line)`, `first` being the first character of the trimmed line
    (a line whose first character starts no marker is turned away without a match)."""
    return LIST_MARKER_RE.match(line) if _LIST_FIRST[first] else None


def is_table_line(line: str) -> bool:
    """`TABLE_LINE_RE.fullmatch(line)`, by string methods.

    A match is spaces and tabs, `|`, anything, `|`, spaces and tabs (a line holds no LF, the
    one character `.` skips): the line without its outer spaces and tabs starts and ends
    with `|`, two of them.
    """
    inner = line.strip(" \t")
    return len(inner) > 1 and inner[0] == "|" and inner[-1] == "|"


def is_separator_row(row: str) -> bool:
    """Whether a trimmed table row is a separator, `|---|:--:|`: every cell between its
    outer pipes matches `TABLE_SEPARATOR_CELL_RE`."""
    # `_SEPARATOR_ROW_RE` in one call, after a test most rows fail: every cell needs a "--".
    return "--" in row and _SEPARATOR_ROW_RE.fullmatch(row) is not None


def row_cells(row: str) -> list[str]:
    """The cells of a trimmed table row, their whitespace collapsed."""
    inner = row[1:-1] if row.endswith("|") and len(row) > 1 else row[1:]
    if "\\" in inner:  # `CELL_SPLIT_RE` does not split at an escaped pipe
        return [" ".join(c.split()) for c in CELL_SPLIT_RE.split(inner)]
    # Every pipe splits. Collapsing the whitespace of the whole row first leaves each cell
    # collapsed too, with at most one space on either side of a pipe to take off.
    return " ".join(inner.split()).replace(" |", "|").replace("| ", "|").split("|")
