"""Account for every character: where each non-whitespace character of the source went.

A character (whitespace and invisible format characters aside) is attributed to exactly
one of: `content` (the span an output element's canonical text came from), `duplicate`
(a copy merged into an output element), `citation` (a reference-list entry or heading),
`metadata` (the title), `boilerplate` (site chrome) or `markup` (bullets, pipes, `#`,
tags). Whatever is left is `unaccounted`: a dropped
sentence shows up here, and `coverage` falls below 1.0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain, starmap
from operator import attrgetter

import regex

from .models import Block, Document, ListBlock, ListItem, Section, Span

# Whitespace, and invisible format characters (zero-width spaces, soft hyphens, BOMs,
# direction marks): hygiene removes them from text, and there is nothing to account for.
SPACE_RE = regex.compile(r"[\s\p{Cf}]+")

CATEGORIES = ("boilerplate", "markup", "metadata", "citation", "content", "duplicate")


def account(text: str, doc: Document, markup: Iterable[tuple[int, int]]) -> tuple[float, dict[str, int]]:
    """Coverage (0-1) of the non-whitespace characters of `text`, and the count per category.

    Categories claim characters in the order of `CATEGORIES`; a character already claimed
    is not counted again, so every character is counted once.
    """
    primary, others = _element_spans(doc.sections)
    claims: dict[str, list[tuple[int, int]]] = {
        "boilerplate": [(s.start, s.end) for b in doc.boilerplate for s in b.provenance],
        "markup": list(markup),
        "metadata": [(s.start, s.end) for s in doc.title_provenance],
        "citation": [(s.start, s.end) for c in doc.citations for s in c.provenance]
        + [(s.start, s.end) for r in doc.report.reference_lists for s in r.provenance],
        "content": primary,
        "duplicate": others,
    }
    claimed: list[tuple[int, int]] = []
    counts = dict.fromkeys((*CATEGORIES, "unaccounted"), 0)
    split_agrees = not any(sep in text for sep in _SPLIT_ONLY)
    for category in CATEGORIES:
        pieces = _subtract(_union(claims[category], len(text)), claimed)
        joined = _joined(text, pieces)  # counted at once: the count is per character
        counts[category] = _non_space(joined, 0, len(joined), split_agrees)
        claimed = sorted(claimed + pieces)  # disjoint, so sorted is all `_subtract` needs (two runs: C merges them)
    # What no category claimed: the gaps between the claimed spans. Whether a character
    # counts does not depend on its neighbours, so the total is the sum of the parts and
    # the text is not counted a second time.
    gaps = [0, *chain.from_iterable(claimed), len(text)]  # (end, start) pairs: (0, a0), (b0, a1), ...
    unclaimed = _joined(text, zip(gaps[::2], gaps[1::2]))
    counts["unaccounted"] = _non_space(unclaimed, 0, len(unclaimed), split_agrees)
    total = sum(counts.values())
    coverage = 1.0 if total == 0 else round((total - counts["unaccounted"]) / total, 6)
    return coverage, counts


# Separators that str.split() splits on and SPACE_RE does not match.
_SPLIT_ONLY = ("\x1c", "\x1d", "\x1e", "\x1f")


def _non_space(text: str, start: int, end: int, split_agrees: bool = False) -> int:
    """Characters of text[start:end] that SPACE_RE does not match.

    `str.split()` drops the same whitespace as SPACE_RE when the text has none of
    `_SPLIT_ONLY` (`split_agrees`); what is left is all counted when it is printable, since
    every format character (Cf) is not. Otherwise the pattern counts, by runs.

    >>> _non_space("a b c ", 0, 6), _non_space("日本 語", 0, 4, True)
    (3, 3)
    """
    if split_agrees:
        # Spaces and newlines are nearly all the whitespace, and `str.replace` drops them
        # without making a string per word as `split()` does. Every other whitespace
        # character is unprintable, so a printable rest has no whitespace left at all.
        kept = text[start:end].replace(" ", "").replace("\n", "")
        if not kept.isprintable():
            kept = "".join(kept.split())
        if kept.isprintable():
            return len(kept)
    return (end - start) - sum(map(len, SPACE_RE.findall(text, start, end)))


def _joined(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The slices of `text` at `spans`, concatenated (sliced and joined in C)."""
    return "".join(map(text.__getitem__, starmap(slice, spans)))


def _union(spans: Iterable[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """Sorted, merged, clipped intervals.

    >>> _union([(5, 8), (0, 2), (1, 3), (7, 20)], 10)
    [(0, 3), (5, 10)]
    """
    out: list[tuple[int, int]] = []
    last = -1
    for a, b in sorted(spans):
        if a < 0:
            a = 0
        if b > limit:
            b = limit
        if b <= a:
            continue
        if a <= last:
            if b > last:
                out[-1] = (out[-1][0], b)
                last = b
        else:
            out.append((a, b))
            last = b
    return out


def _subtract(spans: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Parts of sorted disjoint `spans` not inside sorted disjoint `taken`.

    >>> _subtract([(0, 10)], [(2, 4), (6, 7)])
    [(0, 2), (4, 6), (7, 10)]
    """
    out: list[tuple[int, int]] = []
    j = 0
    for a, b in spans:
        while j < len(taken) and taken[j][1] <= a:
            j += 1
        k = j
        pos = a
        while k < len(taken) and taken[k][0] < b:
            if taken[k][0] > pos:
                out.append((pos, taken[k][0]))
            pos = max(pos, taken[k][1])
            k += 1
        if pos < b:
            out.append((pos, b))
    return out


def _element_spans(sections: Iterable[Section]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """First provenance span of every output element (where its text came from), and the rest."""
    primary: list[tuple[int, int]] = []
    others: list[tuple[int, int]] = []
    bounds = _BOUNDS  # (start, end) of a span, taken in C
    for element in _elements(sections):
        spans = element.provenance
        if spans:
            primary.append(bounds(spans[0]))
            if len(spans) > 1:
                others += map(bounds, spans[1:])
        for v in element.variants:  # usually none
            others += map(bounds, v.provenance)
    return primary, others


_BOUNDS: Callable[[Span], tuple[int, int]] = attrgetter("start", "end")


def _elements(sections: Iterable[Section]) -> Iterator[Section | Block | ListItem]:
    """Every section, block and list item, walked straight over the models (no dump)."""
    stack: list[Section] = list(sections)
    while stack:
        section = stack.pop()
        yield section
        for block in section.blocks:
            yield block
            if isinstance(block, ListBlock):
                yield from block.items
        stack.extend(section.sections)
