"""Rules the structured ingesters (HTML, Markdown) share with the text ingester, applied to
blocks rather than lines: chrome by text, a list item glued onto a paragraph, a bare
heading, a line of hashtags; and, for these two only, bylines and datelines.

Each rule takes the blocks in order and returns new ones; spans stay exact because block
text carries its source mapping (`hygiene.Mapped`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..config import Config
from .blocks import ChromeLine, Kind, RawBlock
from .chrome import match_chrome
from .headings import TAG_RE, TRAILING_TAGS_RE, is_bare_heading, is_tag_line
from .hygiene import Mapped, anchors_of, block_mapping
from .lines import GLUED_ITEM_RE
from .metadata import TEXT, Candidate, make_candidate, read_byline

_TEXT_KINDS = (Kind.PARAGRAPH, Kind.HEADING, Kind.LIST_ITEM, Kind.QUOTE, Kind.CAPTION)


def set_aside_chrome(blocks: Sequence[RawBlock]) -> tuple[list[RawBlock], list[ChromeLine]]:
    """Blocks whose whole text is a chrome pattern become chrome lines.

    Patterns marked ``tail`` count only in the run of such blocks that ends the content.
    """
    tail = len(blocks)
    while tail > 0:
        b = blocks[tail - 1]
        if b.kind not in _TEXT_KINDS or not match_chrome(b.text, in_tail=True):
            break
        tail -= 1
    kept: list[RawBlock] = []
    chrome: list[ChromeLine] = []
    for i, b in enumerate(blocks):
        kind = match_chrome(b.text, in_tail=i >= tail) if b.kind in _TEXT_KINDS and "\n" not in b.text else None
        if kind:
            chrome.append(ChromeLine(b.text, kind, b.start, b.end, b.line))
        else:
            kept.append(b)
    return kept, chrome


def set_aside_bylines(blocks: Sequence[RawBlock]) -> tuple[list[RawBlock], list[ChromeLine], list[Candidate]]:
    """Paragraphs that are only a byline or a dateline (`By NAME`, `Posted: DATE`, `UPDATED:
    ...`, `Published 3 hours ago`: `metadata.read_byline`) leave the body: they become chrome
    lines of kind `byline` or `dateline`, and what they state becomes metadata candidates
    (the last carrier a field is taken from)."""
    kept: list[RawBlock] = []
    chrome: list[ChromeLine] = []
    found: list[Candidate] = []
    for b in blocks:
        byline = read_byline(b.text, lenient=False) if b.kind is Kind.PARAGRAPH and len(b.text) <= 160 else None
        if byline is None:
            kept.append(b)
            continue
        chrome.append(ChromeLine(b.text, byline.kind, b.start, b.end, b.line))
        m = block_mapping(b)
        for part in byline.parts:
            span = (m.starts[part.start], m.ends[part.end - 1])
            c = make_candidate(part.field, part.value, byline.kind, [span], TEXT, (0,))
            if c is not None:
                found.append(c)
    return kept, chrome, found


def set_aside_lines(blocks: Sequence[RawBlock]) -> tuple[list[RawBlock], list[ChromeLine], list[Candidate]]:
    """The blocks that leave the body whole, as every ingester takes them: bylines and
    datelines first (`set_aside_bylines`, with what they state), then chrome patterns
    (`set_aside_chrome`). The kept blocks, the chrome lines (patterns', then bylines'), the
    metadata candidates."""
    kept, bylines, found = set_aside_bylines(blocks)
    kept, chrome = set_aside_chrome(kept)
    return kept, chrome + bylines, found


def split_glued_items(blocks: Sequence[RawBlock], line_of: Callable[[int], int],
                      markup: list[tuple[int, int]]) -> list[RawBlock]:
    """A paragraph with list items glued onto its end (`…高めています。 - アメリカの…`) becomes
    the paragraph and one list item per glued item, as in the text ingester. The ` - `
    between them is appended to `markup`."""
    out: list[RawBlock] = []
    next_group = max((b.group for b in blocks), default=0) + 1
    for b in blocks:
        if b.kind is not Kind.PARAGRAPH or GLUED_ITEM_RE.search(b.text) is None:
            out.append(b)
            continue
        m = block_mapping(b)
        pos, is_item = 0, False
        pieces: list[tuple[int, int, bool]] = []
        for match in GLUED_ITEM_RE.finditer(b.text):
            pieces.append((pos, match.start(), is_item))
            pos, is_item = match.end(), True
            markup.append((m.starts[match.start()], m.ends[match.end() - 1]))
        pieces.append((pos, len(b.text), is_item))
        for a, e, item in pieces:
            piece = _slice(m, a, e)
            if not piece.text:
                continue
            start = piece.starts[0]
            kind, group = (Kind.LIST_ITEM, next_group) if item else (Kind.PARAGRAPH, b.group)
            if item:
                next_group += 1
            out.append(b._replace(kind=kind, text=piece.text, start=start, end=piece.ends[-1],
                               line=line_of(start), group=group, anchors=anchors_of(piece)))
    return out


def _slice(m: Mapped, a: int, b: int) -> Mapped:
    while a < b and m.text[a].isspace():
        a += 1
    while b > a and m.text[b - 1].isspace():
        b -= 1
    return Mapped(m.text[a:b], m.starts[a:b], m.ends[a:b])


def mark_bare_headings(blocks: Sequence[RawBlock], config: Config) -> list[RawBlock]:
    """One-line paragraphs that read as headings (short, no sentence punctuation) and are
    followed by more content become level-2 headings, as a scraper's flattened `<h2>` would."""
    out = list(blocks)
    for i, b in enumerate(out[:-1]):
        if b.kind is Kind.PARAGRAPH and "\n" not in b.text and is_bare_heading(b.text, config):
            out[i] = b._replace(kind=Kind.HEADING, level=2)
    return out


def take_tag_lines(blocks: Sequence[RawBlock]) -> tuple[list[RawBlock], list[str], list[tuple[int, int]]]:
    """Paragraphs that are only hashtags (`#AI #China`) give tags instead of text: the
    blocks kept, the tags, and the source spans of the paragraphs taken (markup, like the
    tag lines of the text ingester, so that the accounting finds them)."""
    kept: list[RawBlock] = []
    tags: list[str] = []
    spans: list[tuple[int, int]] = []
    for b in blocks:
        if b.kind is Kind.PARAGRAPH and is_tag_line(b.text):
            tags.extend(TAG_RE.findall(b.text))
            spans.append((b.start, b.end))
        else:
            kept.append(b)
    return kept, tags, spans


def strip_title_tags(title: RawBlock) -> tuple[RawBlock, list[str], tuple[int, int] | None]:
    """A title ending in hashtags (`中国のAI企業… #三24`) gives the title, the tags, and the
    source span of the hashtags (markup, like the `#` marks of the text ingester)."""
    m = TRAILING_TAGS_RE.search(title.text)
    if m is None or m.start() == 0:
        return title, [], None
    tags = TAG_RE.findall(m.group())
    whole = block_mapping(title)
    mapped = _slice(whole, 0, m.start())
    if not mapped.text:
        return title, [], None
    span = (mapped.ends[-1], title.end)
    return title._replace(text=mapped.text, start=mapped.starts[0], end=mapped.ends[-1],
                   anchors=anchors_of(mapped)), tags, span
