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
from itertools import chain, filterfalse, starmap
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
    non_space = _counter(text)
    for category in CATEGORIES:
        pieces = _unclaimed(claims[category], claimed, len(text))
        counts[category] = non_space(_joined(text, pieces))  # counted at once: the count is per character
        claimed = sorted(claimed + pieces)  # disjoint, so sorted is all `_unclaimed` needs (two runs: C merges them)
    # What no category claimed: the gaps between the claimed spans. Whether a character
    # counts does not depend on its neighbours, so the total is the sum of the parts and
    # the text is not counted a second time.
    gaps = [0, *chain.from_iterable(claimed), len(text)]  # (end, start) pairs: (0, a0), (b0, a1), ...
    counts["unaccounted"] = non_space(_joined(text, zip(gaps[::2], gaps[1::2])))
    total = sum(counts.values())
    coverage = 1.0 if total == 0 else round((total - counts["unaccounted"]) / total, 6)
    return coverage, counts


# Beyond this many kinds of unprintable character in a text, SPACE_RE counts it.
_FEW_UNPRINTABLE = 8
_CHUNK = 4096  # `_counter` looks for unprintable characters a chunk of this many at a time


def _counter(text: str) -> Callable[[str], int]:
    r"""What counts, in a string made of pieces of `text`, the characters SPACE_RE does not match.

    Every character SPACE_RE matches is unprintable but the space, so once the newlines are
    set aside, a printable chunk of `text` holds no other. The other chunks are searched
    for their kinds of unprintable character, each kind once: the kinds found are set
    aside first, so a text whose every line ends in "\r" is searched once, not once a
    chunk. A string's count is then its length less how often it holds the space, the
    newline and each kind found that SPACE_RE matches (`str.count`, in C: no string is
    rebuilt). Beyond `_FEW_UNPRINTABLE` kinds, the pattern itself counts instead.

    >>> _counter("a b\tc\n\u3000d\u200be")("a b\tc\n\u3000d\u200be"), _counter("x y")("x y")
    (5, 2)
    """
    found: list[str] = []
    probe = text.replace("\n", " ")  # the same length: a copy, not a rebuild
    for i in range(0, len(probe), _CHUNK):
        chunk = probe[i : i + _CHUNK]
        if chunk.isprintable():
            continue
        for c in found:
            chunk = chunk.replace(c, " ")
        if not chunk.isprintable():
            found += filterfalse(str.isprintable, set(chunk))
            if len(found) > _FEW_UNPRINTABLE:
                return lambda s: len(s) - sum(map(len, SPACE_RE.findall(s)))
    matched = [" ", "\n", *filter(SPACE_RE.fullmatch, found)]
    return lambda s: len(s) - sum(map(s.count, matched))


def _joined(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The slices of `text` at `spans`, concatenated (sliced and joined in C)."""
    return "".join(map(text.__getitem__, starmap(slice, spans)))


def _unclaimed(spans: Iterable[tuple[int, int]], claimed: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """The parts of the union of `spans`, clipped to [0, limit), outside sorted disjoint `claimed`.

    Sorted and disjoint (parts may touch; the count is per character, so that is all one).
    One pass: each span, less what the spans before it reached, is cut around `claimed`.

    >>> _unclaimed([(5, 8), (0, 2), (1, 3), (7, 20)], [], 10)
    [(0, 2), (2, 3), (5, 8), (8, 10)]
    >>> _unclaimed([(0, 10)], [(2, 4), (6, 7)], 20)
    [(0, 2), (4, 6), (7, 10)]
    """
    out: list[tuple[int, int]] = []
    reach = 0  # where the spans so far end (0 clips what starts before the text): a span counts from here
    j = 0  # the first claimed span that ends after the current part starts
    for a, b in sorted(spans):
        if a < reach:
            a = reach
        if b > limit:
            b = limit
        if b <= a:
            continue
        reach = b
        while j < len(claimed) and claimed[j][1] <= a:
            j += 1
        k = j
        while k < len(claimed) and claimed[k][0] < b:
            start, end = claimed[k]
            if start > a:
                out.append((a, start))
            if end > a:
                a = end
            k += 1
        if a < b:
            out.append((a, b))
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
    """Every section, block and list item in document order, walked straight over the models
    (no dump). The models were made in that order, so the walk reads memory front to back:
    on a long post, milliseconds faster than walking the sections back to front."""
    stack: list[Section] = list(sections)[::-1]
    while stack:
        section = stack.pop()
        yield section
        for block in section.blocks:
            yield block
            if isinstance(block, ListBlock):
                yield from block.items
        stack += reversed(section.sections)
