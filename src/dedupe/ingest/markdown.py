"""Markdown ingestion on markdown-it-py (CommonMark, with tables and strikethrough), with exact offsets.

markdown-it gives every block token its source lines (`token.map`) and every inline token
its raw content; this module finds each content line in its source line and walks the
inline children along the raw content, so every character of a block's text knows its
source offset (`hygiene.Mapped`; the inline rendering is `markdown_inline.py`). Blocks go
into the shared `sink.BlockSink`, and the shared rules (`rules.RULES`) run over them.

Scraped Markdown keeps the scraper's habits, so the text ingester's rules apply too: a
first line `#Title #tag` (not a heading in CommonMark) gives the title and tags, a line of
hashtags gives tags, a list item glued onto a paragraph is split off, chrome lines go to
`boilerplate`, and -- only when the document marks no headings itself -- a one-line first
paragraph that reads as a title (`headings.is_title_line`) is the title and a short line
standing alone is a heading. YAML front matter gives the title and tags.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import regex
from markdown_it.token import Token

from ..config import Config
from ..text import comparison_key
from .blocks import Ingested, Kind, RawBlock
from .headings import HASH_HEADING_RE, TAG_RE, TAGS_ONLY_RE, is_title_line, title_marked_elsewhere
from .html import ingest_html, merge_spans
from .hygiene import Mapped, block_mapping, clean_mapped
from .lines import GLUED_ITEM_RE, LIST_MARKER_RE
from .markdown_inline import SourceLines, find_line, parser, render_inline
from .metadata import read_front_matter
from .rules import RuleContext, Shaped, apply_rules, strip_title_tags
from .sink import BlockSink, mapped_lines, one_line

FRONT_MATTER_END_RE = regex.compile(r"^(?:---|\.\.\.)[ \t]*$")
FRONT_TITLE_RE = regex.compile(r"^title:[ \t]*(['\"]?)(.*?)\1[ \t]*$")
FRONT_TAGS_RE = regex.compile(r"^(?:tags|categories|topics|keywords):[ \t]*\[?(.*?)\]?[ \t]*$")
# Container fences of Zenn, Docusaurus, VuePress (`:::message`, `:::note info`, `:::`): markup.
CONTAINER_FENCE_RE = regex.compile(r"^ {0,3}:{3,}[ \t]*[\w-]*(?:[ \t]+[^\n]*)?$")
FRONT_LIST_ITEM_RE = regex.compile(r"^[ \t]+-[ \t]+(['\"]?)(.*?)\1[ \t]*$")
REFERENCE_DEFINITION_RE = regex.compile(r"^ {0,3}\[[^\]]+\]:")
# The container markers that open a line: indentation, `>`, bullets and numbers, any number
# of them (`> - > 1. text`), and what the last one was.
CONTAINER_PREFIX_RE = regex.compile(r"(?:[ \t]*(?:(>)|([-*+]|\d{1,9}[.)])(?=[ \t]|$)))*[ \t]*")
# Tokens whose map covers lines the parser read as content (or as markup on purpose).
_READ_TOKENS = frozenset({"inline", "fence", "code_block", "html_block", "hr", "heading_open", "paragraph_open",
                          "table_open"})
_SEPARATOR_CELL_RE = regex.compile(r"\s*:?-+:?\s*")  # a cell of a table's separator row


@dataclass(slots=True)
class _Item:
    """A list item being collected: its paragraphs join into one item."""

    group: int
    ordered: bool
    depth: int
    parts: list[Mapped] = field(default_factory=list)


class _MarkdownIngester:
    def __init__(self, source: str, config: Config) -> None:
        self.source = source
        self.config = config
        self.lines = SourceLines.of(source)
        #: Blocks, chrome, tags, the front matter's title and metadata, and the markup spans
        #: no line rule finds (the `#` of a title, an HTML block's tags).
        self.sink = BlockSink(source)
        self.markup_lines: set[int] = set()
        self.inline_lines: set[int] = set()
        self.explicit_headings = False
        self.row_cursor = 0

    # -- driver -------------------------------------------------------------------
    def run(self) -> Ingested:
        skip_lines = self._front_matter()
        parsed: list[str] = []
        for n in range(skip_lines, len(self.lines.starts)):
            line = self.lines.text(self.source, n)
            if CONTAINER_FENCE_RE.match(line):
                self.markup_lines.add(n)
                line = ""
            parsed.append(line)
        parse_source = "\n" * skip_lines + "\n".join(parsed)
        tokens = parser().parse(parse_source)
        self._walk(tokens)
        rescued = self._rescue_unread(tokens, parse_source.split("\n"), skip_lines)
        sink = self.sink
        if rescued:
            sink.blocks = list(heapq.merge(sink.blocks, rescued, key=lambda b: b.start))
        shaped = apply_rules(sink.shaped(marks_headings=self.explicit_headings),
                             RuleContext(self.config, sink.line_of, self._take_title))
        shaped = replace(shaped, tags=tuple(dict.fromkeys(shaped.tags)),
                         markup=tuple(merge_spans(self._markup(shaped))))
        return shaped.ingested("markdown", sink.line_starts)

    def _front_matter(self) -> int:
        """Lines of YAML front matter at the start (0 when there is none); its title, tags and
        metadata (`metadata.read_front_matter`) are taken."""
        if self.lines.text(self.source, 0).rstrip() != "---":
            return 0
        end = next((n for n in range(1, min(len(self.lines.starts), self.config.titles.front_matter_max_lines))
                    if FRONT_MATTER_END_RE.match(self.lines.text(self.source, n))), None)
        if end is None:
            return 0
        self.sink.metadata = read_front_matter([(self.lines.text(self.source, n), self.lines.starts[n])
                                           for n in range(1, end)])
        in_tags = False
        for n in range(0, end + 1):
            line = self.lines.text(self.source, n)
            self.markup_lines.add(n)
            title = FRONT_TITLE_RE.match(line)
            if title and title.group(2) and self.sink.title is None:
                start = self.lines.starts[n] + title.start(2)
                m = Mapped(title.group(2), tuple(range(start, start + len(title.group(2)))),
                           tuple(range(start + 1, start + len(title.group(2)) + 1)))
                self.sink.title = self.sink.block(Kind.HEADING, clean_mapped(m), level=1)
                continue
            tags = FRONT_TAGS_RE.match(line)
            if tags:
                self.sink.tags.extend(t.strip().strip("'\"") for t in tags.group(1).split(",") if t.strip())
                in_tags = not tags.group(1).strip()
                continue
            item = FRONT_LIST_ITEM_RE.match(line)
            if in_tags and item:
                self.sink.tags.append(item.group(2))
            else:
                in_tags = False
        return end + 1

    def _rescue_unread(self, tokens: Sequence[Token], lines: Sequence[str], skip_lines: int) -> list[RawBlock]:
        """Blocks for the lines the parser did not read: nested deeper than its limit
        (`maxNesting`), markdown-it stops reading a container and drops the rest of it.

        Each such line's text, after its container markers, becomes a block of its own: a
        list item of one flattened list when the last marker is a bullet or a number, a quote
        after `>`, a paragraph otherwise. The markers are markup, so every character is still
        accounted for; lines that are markers only, or reference definitions, hold no text.
        """
        read: set[int] = set(range(skip_lines))
        for tok in tokens:
            if tok.type in _READ_TOKENS and tok.map:
                read.update(range(tok.map[0], tok.map[1]))
        out: list[RawBlock] = []
        group = 0
        previous = -2
        for n, line in enumerate(lines):
            if n in read or not line.strip() or n >= len(self.lines.starts):
                continue
            prefix = CONTAINER_PREFIX_RE.match(line)
            assert prefix is not None  # the pattern matches the empty string
            body = line[prefix.end():]
            if not body.strip() or REFERENCE_DEFINITION_RE.match(body):
                continue
            start = self.lines.starts[n] + find_line(self.lines.text(self.source, n), body)
            offsets = list(range(start, start + len(body) + 1))
            inline = parser().parseInline(body)
            text = clean_mapped(render_inline(inline[0].children or [] if inline else [], body, offsets, links=True),
                                entities=False)
            if not text.text:
                continue
            self.markup_lines.discard(n)
            self.inline_lines.add(n)
            if prefix.captures(2) and (not prefix.captures(1) or prefix.ends(2)[-1] > prefix.ends(1)[-1]):
                if previous != n - 1 or not group:
                    group = self.sink.new_group()
                out.append(self.sink.block(Kind.LIST_ITEM, text, group=group,
                                           ordered=prefix.captures(2)[-1][0].isdigit(), level=1))
            else:
                kind = Kind.QUOTE if prefix.captures(1) else Kind.PARAGRAPH
                quote_group = self.sink.new_group() if kind is Kind.QUOTE else -1
                out.append(self.sink.block(kind, text, group=quote_group))
                group = 0
            previous = n
        return out

    def _walk(self, tokens: Sequence[Token]) -> None:
        lists: list[tuple[int, bool]] = []  # (group, ordered) of the open lists
        items: list[_Item] = []
        quotes: list[int] = []
        row: list[Mapped] = []
        row_header = False
        table_group = 0
        heading_level = 0
        for i, tok in enumerate(tokens):
            t = tok.type
            if t in ("bullet_list_open", "ordered_list_open"):
                if items:
                    self._emit_item(items[-1])
                lists.append((self.sink.new_group(), t == "ordered_list_open"))
            elif t in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif t == "list_item_open":
                group, ordered = lists[-1]
                items.append(_Item(group, ordered, len(lists)))
                if tok.map:  # the bullet's line: what no block covers there is the marker
                    self.markup_lines.add(tok.map[0])
            elif t == "list_item_close":
                self._emit_item(items.pop())
            elif t == "blockquote_open":
                quotes.append(self.sink.new_group())
                self._mark_lines(tok, structural=True)  # its ">" markers
            elif t == "blockquote_close":
                quotes.pop()
            elif t == "paragraph_open":
                self._mark_lines(tok, structural=False)
            elif t == "heading_open":
                heading_level = int(tok.tag[1:])
                self._mark_lines(tok, structural=False)
            elif t == "heading_close":
                heading_level = 0
            elif t in ("table_open",):
                table_group = self.sink.new_group()
            elif t == "thead_open":
                row_header = True
            elif t == "thead_close":
                row_header = False
            elif t == "tr_open":
                row = []
                self.row_cursor = self.lines.starts[tok.map[0]] if tok.map else 0
            elif t == "tr_close":
                self.sink.add_row(row, group=table_group, header=row_header)
            elif t in ("fence", "code_block"):
                self._emit_code(tok)
            elif t == "hr":
                self._mark_lines(tok, structural=True)
            elif t == "html_block":
                self._emit_html(tok)
            elif t == "inline":
                parent = tokens[i - 1].type if i else ""
                if parent in ("th_open", "td_open"):
                    row.append(self._cell(tok))
                    continue
                text = self._inline(tok, links=heading_level == 0)
                if not text.text:
                    # An empty heading, item or quote ("#", "-", ">"): its line is all markup.
                    if tok.map:
                        self.markup_lines.update(range(tok.map[0], tok.map[1]))
                    continue
                if heading_level:
                    self.explicit_headings = True
                    self.sink.add_mapped(Kind.HEADING, one_line(text), level=heading_level)
                elif items:
                    items[-1].parts.append(text)
                elif quotes:
                    for line in mapped_lines(text):
                        self.sink.add_mapped(Kind.QUOTE, line, group=quotes[-1])
                else:
                    self.sink.add_mapped(Kind.PARAGRAPH, text)

    # -- emitting -----------------------------------------------------------------
    def _emit_item(self, item: _Item) -> None:
        parts = [p for p in item.parts if p.text]
        item.parts = []
        if not parts:
            return
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for n, p in enumerate(parts):
            if n:
                chars.append("\n")
                starts.append(p.starts[0])
                ends.append(p.starts[0])
            chars.append(p.text)
            starts.extend(p.starts)
            ends.extend(p.ends)
        m = Mapped("".join(chars), tuple(starts), tuple(ends))
        self.sink.add_mapped(Kind.LIST_ITEM, m, group=item.group, ordered=item.ordered, level=item.depth)

    def _emit_code(self, tok: Token) -> None:
        if tok.map is None:
            return
        first, last = tok.map
        body_first = first + 1 if tok.type == "fence" else first
        content = tok.content.removesuffix("\n")
        if not content.strip():  # an empty code block ("```" with nothing after it): markup only
            self.markup_lines.update(range(first, last))
            return
        starts: list[int] = []
        ends: list[int] = []
        n = body_first
        for k, line in enumerate(content.split("\n")):
            src = self.lines.text(self.source, n)
            pos = self.lines.starts[n] + find_line(src, line)
            # A tab the parser expanded into spaces makes the content longer than its line:
            # the extra characters point at the line's end, never past it.
            stop = self.lines.ends[n]
            starts.extend(min(p, stop) for p in range(pos, pos + len(line)))
            ends.extend(min(p, stop) for p in range(pos + 1, pos + len(line) + 1))
            if k < content.count("\n"):
                starts.append(self.lines.ends[n])
                ends.append(self.lines.starts[n + 1] if n + 1 < len(self.lines.starts) else self.lines.ends[n])
            n += 1
        self.markup_lines.update({first, last - 1} if tok.type == "fence" else set())
        m = clean_mapped(Mapped(content, tuple(starts), tuple(ends)), code=True)
        if not m.text.strip():
            return
        lang = tok.info.split()[0] if tok.info.strip() else ""
        self.sink.add_mapped(Kind.CODE, m, group=self.sink.new_group(), cells=(lang,) if lang else ())

    def _emit_html(self, tok: Token) -> None:
        """A block of raw HTML: its text goes through the HTML ingester, its tags are markup."""
        if tok.map is None:
            return
        start = self.lines.starts[tok.map[0]]
        end = self.lines.ends[tok.map[1] - 1]
        sub = ingest_html(self.source[start:end], self.config)
        groups: dict[int, int] = {}
        # A fragment has no title of its own: what the HTML ingester took for one is a heading here.
        fragment = sorted([*sub.blocks, *([sub.title._replace(level=sub.title.level or 1)] if sub.title else [])],
                          key=lambda b: b.start)
        for b in fragment:
            group = groups.setdefault(b.group, self.sink.new_group()) if b.group >= 0 else b.group
            self.sink.blocks.append(b._replace(start=b.start + start, end=b.end + start,
                                               line=self.sink.line_of(b.start + start), group=group,
                                               anchors=tuple((i, s + start) for i, s in b.anchors)))
        for c in sub.chrome:
            self.sink.chrome.append(replace(c, start=c.start + start, end=c.end + start,
                                            line=self.sink.line_of(c.start + start)))
        self.sink.markup.extend((a + start, b + start) for a, b in sub.markup)

    # -- inline text with offsets ---------------------------------------------------------
    def _content_map(self, tok: Token) -> tuple[str, list[int]]:
        """The inline token's raw content and the source offset of each of its characters (+ the end)."""
        content = tok.content
        assert tok.map is not None
        offsets: list[int] = []
        n = tok.map[0]
        lines = content.split("\n")
        for k, line in enumerate(lines):
            # The parser trims Unicode whitespace around a block, so a first line of only
            # "\u3000" leaves no content line: find the source line that holds this one.
            while line.strip() and n + 1 < tok.map[1] and line.strip() not in self.lines.text(self.source, n):
                n += 1
            src = self.lines.text(self.source, n)
            pos = self.lines.starts[n] + find_line(src, line)
            offsets.extend(range(pos, pos + len(line)))
            if k + 1 < len(lines):
                offsets.append(self.lines.ends[n])
            n += 1
        offsets.append(offsets[-1] + 1 if offsets else self.lines.starts[tok.map[0]])
        return content, offsets

    def _inline(self, tok: Token, *, links: bool) -> Mapped:
        raw, offsets = self._content_map(tok)
        return clean_mapped(render_inline(tok.children or [], raw, offsets, links=links), entities=False)

    def _cell(self, tok: Token) -> Mapped:
        """A table cell: its content is found in the row's line after the previous cell."""
        content = tok.content
        line = tok.map[0] if tok.map else 0
        src_start = max(self.row_cursor, self.lines.starts[line])
        src = self.source[src_start : self.lines.ends[line]]
        pos = src.find(content) if content else -1
        if pos < 0:
            pos = 0
        start = src_start + pos
        self.row_cursor = start + len(content)
        offsets = list(range(start, start + len(content) + 1))
        m = clean_mapped(render_inline(tok.children or [], content, offsets, links=True), entities=False)
        return one_line(m)

    # -- title, markup ----------------------------------------------------------------
    def _take_title(self, shaped: Shaped) -> Shaped:
        """The first block is the title when it is a heading or a `#Title #tag` line -- or, in
        a document that marks no headings (plain text saved as `.md`), a one-line paragraph
        that reads as a title (the text ingester's bare title rule) with more blocks after it.
        A title from the front matter comes first. (The shared rules' `take_title` step.)"""
        blocks = shaped.blocks
        if shaped.title is not None or not blocks:
            return shaped
        first = blocks[0]
        title: RawBlock | None = None
        markup: tuple[tuple[int, int], ...] = ()
        if first.kind is Kind.HEADING:
            title = first
        elif first.kind is Kind.PARAGRAPH and "\n" not in first.text:
            m = HASH_HEADING_RE.match(first.text)
            if m:
                whole = block_mapping(first)
                after = Mapped(whole.text[m.end():], whole.starts[m.end():], whole.ends[m.end():])
                title = self.sink.block(Kind.HEADING, after, level=len(m.group(1)))
                # The `#` marks are markup (found by the hostile fuzz: `<p>#\r\na` left them unaccounted).
                markup = tuple((whole.starts[i], whole.ends[i]) for i in range(m.end()))
            elif not shaped.marks_headings and len(blocks) > 1 and self._is_bare_title(first, blocks[1:]):
                title = first._replace(kind=Kind.HEADING, level=1)
        if title is None:
            return shaped
        tags = shaped.tags
        rest = blocks[1:]
        if rest and rest[0].kind is Kind.PARAGRAPH and TAGS_ONLY_RE.fullmatch(rest[0].text):
            tags += tuple(TAG_RE.findall(rest[0].text))
            rest = rest[1:]
        # The only heading may have been the title: then the document marks none.
        marks_headings = shaped.marks_headings and any(b.kind is Kind.HEADING for b in rest)
        return replace(shaped, blocks=rest, title=title, tags=tags, markup=shaped.markup + markup,
                       marks_headings=marks_headings)

    def _is_bare_title(self, first: RawBlock, rest: Sequence[RawBlock]) -> bool:
        """Whether a one-line first paragraph (hashtags ending it aside) is a bare title."""
        if GLUED_ITEM_RE.search(first.text) or LIST_MARKER_RE.match(first.text):  # `・item`: a list item
            return False
        text = strip_title_tags(first)[0].text
        if not is_title_line(text, self.config):
            return False
        lines = [b.text for b in rest if b.kind is Kind.PARAGRAPH and "\n" not in b.text]
        return not title_marked_elsewhere(lines, comparison_key(text), self.config)

    def _mark_lines(self, tok: Token, *, structural: bool) -> None:
        if tok.map:
            # A structural line is markup through and through; on the lines of a paragraph
            # or heading, what no block covers is inline markup (tags, emphasis, link syntax).
            (self.markup_lines if structural else self.inline_lines).update(range(tok.map[0], tok.map[1]))

    def _markup(self, shaped: Shaped) -> list[tuple[int, int]]:
        """Source outside every block, chrome line and the title, on lines that hold one (bullets,
        `#`, `>`, pipes, emphasis around a paragraph), on structural lines (fences, rules, table
        separators, front matter) and on reference definitions."""
        title = shaped.title
        covered = sorted([(b.start, b.end) for b in shaped.blocks] + [(c.start, c.end) for c in shaped.chrome]
                         + ([(title.start, title.end)] if title else []))
        touched: set[int] = set()
        for a, b in covered:
            first = bisect_right(self.lines.starts, a) - 1
            last = bisect_right(self.lines.starts, max(a, b - 1)) - 1
            touched.update(range(first, last + 1))
        spans: list[tuple[int, int]] = list(shaped.markup)
        for n in range(len(self.lines.starts)):
            text = self.lines.text(self.source, n)
            if not text.strip():
                continue
            structural = n in self.markup_lines or REFERENCE_DEFINITION_RE.match(text) or _is_table_separator(text)
            if n in touched or structural or n in self.inline_lines:
                spans.extend(_gaps(self.lines.starts[n], self.lines.ends[n], covered))
        return spans


def _is_table_separator(line: str) -> bool:
    cells = line.strip().strip("|").split("|")
    return bool(line.strip()) and all(_SEPARATOR_CELL_RE.fullmatch(c) for c in cells)


def _gaps(a: int, b: int, covered: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = a
    k = bisect_right(covered, (a, a)) - 1
    k = max(k, 0)
    while k < len(covered) and covered[k][0] < b:
        s, e = covered[k]
        if e > pos:
            if s > pos:
                out.append((pos, min(s, b)))
            pos = max(pos, e)
        k += 1
    if pos < b:
        out.append((pos, b))
    return out


def ingest_markdown(source: str, config: Config | None = None) -> Ingested:
    """Split decoded Markdown into typed blocks, chrome lines, title, tags and markup spans."""
    return _MarkdownIngester(source, config or Config()).run()
