"""Mark reference lists: the entries under a references heading, or a list of plain references."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from ..citations.detect import is_reference_heading, looks_like_reference
from ..config import Config, References
from ..text import is_wide
from .blocks import Kind, RawBlock

# Signs that a list item is a reference even without a references heading.
STRONG_REFERENCE_RE = regex.compile(
    r"https?://\S+|^\[\d{1,3}\]|^\[[^\]]+\]\([^)]+\)|^(?:X|Twitter) post by @\w+|^@\w+ on (?:X|Twitter)"
)

_ENTRY_KINDS = (Kind.LIST_ITEM, Kind.PARAGRAPH)
#: Under a references heading, bare lines count too: a scraped list of titles without
#: bullets reads as short heading lines.
_LISTED_KINDS = (*_ENTRY_KINDS, Kind.HEADING)
# "Publisher: Title" with a short name-like prefix, half- or full-width colon.
PUBLISHER_PREFIX_RE = regex.compile(r"[^:：。]{2,40}[:：]\s*\S")

def _trim_foreign_tail(entries: list[int], blocks: Sequence[RawBlock], refs: References) -> list[int]:
    """Drop trailing entries that look unlike the list: another script than most entries,
    and no sign of a reference (URL, `Publisher: Title`). A list of Latin titles is often
    followed straight away by a short CJK list item that opens the next copy of a post.

    The last entry goes when every other entry is in the other script (all wide or all
    not: then the majority is that script too), so the scan stops at the first entry in
    the same script as the last, and each entry's script is worked out at most once.
    """
    wide: dict[int, bool] = {}

    def is_wide_entry(i: int) -> bool:
        if i not in wide:
            wide[i] = is_wide(blocks[i].text)
        return wide[i]

    while len(entries) > refs.foreign_tail_min_entries:
        last = blocks[entries[-1]]
        if STRONG_REFERENCE_RE.search(last.text) or PUBLISHER_PREFIX_RE.match(last.text):
            break
        rest = entries[:-1]
        last_wide = is_wide_entry(entries[-1])
        if any(is_wide_entry(i) == last_wide for i in rest):
            break
        entries = rest
    return entries


def mark_reference_lists(blocks: Sequence[RawBlock], config: Config | None = None) -> list[RawBlock]:
    """Return the blocks with reference-list entries turned into `Kind.REFERENCE`.

    Under a references heading (`References`, `主要引用`, ...), following list items and
    lines that look like references are entries, up to the first that does not. A list
    with no such heading is a reference list only when every item carries a strong sign
    (a URL, a `[1]` label, a Markdown link, an X post). Thresholds: ``config.references``.
    """
    refs = (config or Config()).references
    out = list(blocks)
    n = len(out)  # blocks are replaced in place, never added or removed
    heading, list_item = Kind.HEADING, Kind.LIST_ITEM
    n_lists = 0
    i = 0
    while i < n:
        block = out[i]
        kind = block.kind
        if kind is heading and is_reference_heading(block.text):
            j = i + 1
            while j < n and out[j].kind in _LISTED_KINDS and looks_like_reference(out[j].text, refs):
                j += 1
            # A scraped list of bare titles reads as short heading lines; the last of them
            # is the next section's own heading when what follows is not an entry.
            if j < n and j > i + 1 and out[j - 1].kind is heading:
                j -= 1
            entries = _trim_foreign_tail(list(range(i + 1, j)), out, refs)
            for k in entries:
                out[k] = out[k]._replace(kind=Kind.REFERENCE, reference_list=n_lists)
            j = i + 1 + len(entries)
            if entries:
                out[i] = block._replace(reference_list=n_lists)
                n_lists += 1
            i = j
            continue
        if kind is list_item:
            group = block.group
            j = i + 1  # the items of this list: `block` and those after it in the same group
            while j < n and out[j].kind is list_item and out[j].group == group:
                j += 1
            if j - i >= refs.unheaded_list_min_items and all(
                STRONG_REFERENCE_RE.search(out[k].text) for k in range(i, j)
            ):
                for k in range(i, j):
                    out[k] = out[k]._replace(kind=Kind.REFERENCE, reference_list=n_lists)
                n_lists += 1
            i = j
            continue
        i += 1
    return out
