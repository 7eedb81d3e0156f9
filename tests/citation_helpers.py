"""Helpers of the citation tests: entries of a post as the pipeline cuts them, lookups by title."""

from __future__ import annotations

import regex

from dedupe.citations import CitationResult, RawEntry, build_citations, is_reference_heading, looks_like_reference
from dedupe.models import Citation

# The caller strips bullets and `1.` markers; `[1]` stays in the entry text.
_MARKER_RE = regex.compile(r"^\s*(?:[-*•・]|\d{1,3}[.)])\s+")


def line_offsets(source: str) -> list[int]:
    """Start offset of every line (1-based line n starts at offsets[n - 1])."""
    offsets, pos = [], 0
    for line in source.split("\n"):
        offsets.append(pos)
        pos += len(line) + 1
    return offsets


def entry_at(source: str, line_no: int, list_index: int) -> RawEntry:
    """The RawEntry of one list line, its marker stripped as the pipeline does."""
    line = source.split("\n")[line_no - 1]
    marker = _MARKER_RE.match(line)
    skip = marker.end() if marker else 0
    start = line_offsets(source)[line_no - 1] + skip
    return RawEntry(line[skip:], start, start + len(line) - skip, line_no, list_index)


def split_post(source: str) -> tuple[list[RawEntry], list[str]]:
    """A small stand-in for the pipeline: entries under reference headings, everything else is body."""
    entries: list[RawEntry] = []
    body: list[str] = []
    lines = source.split("\n")
    n_lists = -1
    in_list = False
    for no, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            in_list = False
            continue
        if is_reference_heading(text):
            n_lists += 1
            in_list = True
            continue
        marker = _MARKER_RE.match(line)
        item = line[marker.end() :] if marker else text
        if in_list and looks_like_reference(item):
            entries.append(entry_at(source, no, n_lists))
            continue
        in_list = False
        if not text.startswith("#"):
            body.append(text)
    return entries, body


def build(source: str) -> CitationResult:
    entries, body = split_post(source)
    return build_citations(entries, body, source)


def by_title(result: CitationResult, fragment: str) -> Citation:
    hits = [c for c in result.citations if fragment.casefold() in c.title.casefold()]
    assert len(hits) == 1, (fragment, [c.title for c in result.citations])
    return hits[0]


def raw(text: str, list_index: int = 0) -> RawEntry:
    return RawEntry(text, 0, len(text), 1, list_index)
