"""Rules the structured ingesters (HTML, Markdown, and any registered format) share, applied
to blocks rather than lines: bylines and datelines, chrome by text, the title, a list item
glued onto a paragraph, a bare heading, a line of hashtags, hashtags ending the title.

`RULES` is their one ordered list, and `apply_rules` runs it the same way for every format
(in the manner of markdown-it's named rule lists): each rule takes a `Shaped` record and
returns a new one. The one step that differs by format is how the title is found: the
ingester passes it as `RuleContext.take_title` (the Markdown ingester takes the first
block when it reads as one; HTML's title comes from its `<h1>`/`<title>`, not from the
blocks). Spans stay exact because block text carries its source mapping (`hygiene.Mapped`).

The order matters where a rule reads what an earlier one made: the title is taken before
glued items are split and bare lines become headings (a first paragraph with an item
glued on is no title; a first bare line that reads as a title is the title, not a
heading), and `mark_bare_headings` runs only when the document marks no headings itself,
which taking the title can change (its only heading was the title).

The text ingester does not run these rules: it decides the same things line by line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..config import Config
from .blocks import ChromeLine, Ingested, Kind, RawBlock
from .chrome import match_chrome
from .headings import TAG_RE, TRAILING_TAGS_RE, is_bare_heading, is_tag_line
from .hygiene import Mapped, anchors_of, block_mapping
from .lines import GLUED_ITEM_RE
from .metadata import TEXT, Candidate, choose_metadata, make_candidate, read_byline


@dataclass(frozen=True, slots=True)
class Shaped:
    """The blocks of one source and what was taken from them, as each rule hands them on."""

    blocks: tuple[RawBlock, ...]
    chrome: tuple[ChromeLine, ...] = ()
    #: The post's hashtags, in order: the title's first.
    tags: tuple[str, ...] = ()
    #: Source spans that are markup (`Ingested.markup`), in any order.
    markup: tuple[tuple[int, int], ...] = ()
    #: Metadata candidates found so far (`metadata.choose_metadata` picks among them).
    metadata: tuple[Candidate, ...] = ()
    title: RawBlock | None = None
    #: Whether the document marks its headings itself (`<h2>`, `## `): then no bare line is one.
    marks_headings: bool = False

    def ingested(self, fmt: str, line_starts: Sequence[int]) -> Ingested:
        """The record as an ingester's result (chrome in source order)."""
        return Ingested(
            blocks=self.blocks,
            title=self.title,
            tags=self.tags,
            chrome=tuple(sorted(self.chrome, key=lambda c: (c.start, c.end))),
            format=fmt,
            line_starts=tuple(line_starts) or (0,),
            markup=self.markup,
            metadata=choose_metadata(self.metadata),
        )


def keep_title(shaped: Shaped) -> Shaped:
    """The title rule of a format whose title does not come from its blocks: nothing to do."""
    return shaped


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What the rules need besides the record: the thresholds, line numbers, the format's title rule."""

    config: Config
    line_of: Callable[[int], int]
    take_title: Callable[[Shaped], Shaped] = keep_title


Rule = Callable[[Shaped, RuleContext], Shaped]

# The thresholds of a caller that passes no `Config` (html.py calls the rules directly).
_DEFAULT_CONFIG = Config()


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
            chrome.append(ChromeLine(text=b.text, kind=kind, start=b.start, end=b.end, line=b.line))
        else:
            kept.append(b)
    return kept, chrome


def set_aside_bylines(blocks: Sequence[RawBlock], config: Config | None = None,
                      ) -> tuple[list[RawBlock], list[ChromeLine], list[Candidate]]:
    """Paragraphs that are only a byline or a dateline (`By NAME`, `Posted: DATE`, `UPDATED:
    ...`, `Published 3 hours ago`: `metadata.read_byline`) leave the body: they become chrome
    lines of kind `byline` or `dateline`, and what they state becomes metadata candidates
    (the last carrier a field is taken from)."""
    kept: list[RawBlock] = []
    chrome: list[ChromeLine] = []
    found: list[Candidate] = []
    max_chars = (config or _DEFAULT_CONFIG).titles.byline_max_chars
    for b in blocks:
        byline = read_byline(b.text, lenient=False) if b.kind is Kind.PARAGRAPH and len(b.text) <= max_chars else None
        if byline is None:
            kept.append(b)
            continue
        chrome.append(ChromeLine(text=b.text, kind=byline.kind, start=b.start, end=b.end, line=b.line))
        m = block_mapping(b)
        for part in byline.parts:
            span = (m.starts[part.start], m.ends[part.end - 1])
            c = make_candidate(part.field, part.value, byline.kind, [span], TEXT, (0,))
            if c is not None:
                found.append(c)
    return kept, chrome, found


def set_aside_lines(blocks: Sequence[RawBlock], config: Config | None = None,
                    ) -> tuple[list[RawBlock], list[ChromeLine], list[Candidate]]:
    """The blocks that leave the body whole, as every ingester takes them: bylines and
    datelines first (`set_aside_bylines`, with what they state), then chrome patterns
    (`set_aside_chrome`). The kept blocks, the chrome lines (patterns', then bylines'), the
    metadata candidates."""
    kept, bylines, found = set_aside_bylines(blocks, config)
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


def take_tag_lines(blocks: Sequence[RawBlock], config: Config | None = None,
                   ) -> tuple[list[RawBlock], list[str], list[tuple[int, int]]]:
    """Paragraphs that are only hashtags (`#AI #China`) give tags instead of text: the
    blocks kept, the tags, and the source spans of the paragraphs taken (markup, like the
    tag lines of the text ingester, so that the accounting finds them)."""
    kept: list[RawBlock] = []
    tags: list[str] = []
    spans: list[tuple[int, int]] = []
    for b in blocks:
        if b.kind is Kind.PARAGRAPH and is_tag_line(b.text, config):
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


# -- the rules as `Shaped -> Shaped` steps, in their one order --------------------------------


def _set_aside(shaped: Shaped, context: RuleContext) -> Shaped:
    kept, chrome, found = set_aside_lines(shaped.blocks, context.config)
    return replace(shaped, blocks=tuple(kept), chrome=shaped.chrome + tuple(chrome),
                   metadata=shaped.metadata + tuple(found))


def _take_title(shaped: Shaped, context: RuleContext) -> Shaped:
    return context.take_title(shaped)


def _split_glued(shaped: Shaped, context: RuleContext) -> Shaped:
    markup: list[tuple[int, int]] = []
    blocks = split_glued_items(shaped.blocks, context.line_of, markup)
    return replace(shaped, blocks=tuple(blocks), markup=shaped.markup + tuple(markup))


def _mark_bare(shaped: Shaped, context: RuleContext) -> Shaped:
    if shaped.marks_headings:
        return shaped
    return replace(shaped, blocks=tuple(mark_bare_headings(shaped.blocks, context.config)))


def _take_tags(shaped: Shaped, context: RuleContext) -> Shaped:
    blocks, tags, spans = take_tag_lines(shaped.blocks, context.config)
    return replace(shaped, blocks=tuple(blocks), tags=shaped.tags + tuple(tags), markup=shaped.markup + tuple(spans))


def _strip_title(shaped: Shaped, context: RuleContext) -> Shaped:
    if shaped.title is None:
        return shaped
    title, tags, span = strip_title_tags(shaped.title)
    return replace(shaped, title=title, tags=tuple(tags) + shaped.tags,
                   markup=shaped.markup + ((span,) if span else ()))


#: The shared rules in the order every format runs them: (name, rule).
RULES: tuple[tuple[str, Rule], ...] = (
    ("set_aside_lines", _set_aside),  # bylines, datelines and chrome patterns leave the body
    ("take_title", _take_title),  # the format's own title rule (`RuleContext.take_title`)
    ("split_glued_items", _split_glued),  # `…です。 - item` becomes a paragraph and a list item
    ("mark_bare_headings", _mark_bare),  # a short bare line becomes a heading (unless headings are marked)
    ("take_tag_lines", _take_tags),  # `#AI #China` gives tags
    ("strip_title_tags", _strip_title),  # `Title #tag` gives the title and a tag
)


def apply_rules(shaped: Shaped, context: RuleContext, rules: Sequence[tuple[str, Rule]] = RULES) -> Shaped:
    """Run `rules` (by default every shared rule, in order) over `shaped`."""
    for _name, rule in rules:
        shaped = rule(shaped, context)
    return shaped
