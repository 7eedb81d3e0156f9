"""Plain-text ingestion for scraped posts: lines in, typed blocks with spans out.

Scraped text has no blank lines between blocks, headings are bare short lines, a list
item can be glued onto the end of a paragraph, and the site's footer trails the post.
Each line is claimed by the first rule that accepts it, in this order: chrome, title,
hashtags, `#` heading, table, code fence, quote, list item, teaser, bare heading,
paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate, count

import regex

from ..config import Config
from ..text import comparison_key
from .blocks import ChromeLine, Ingested, Kind, RawBlock
from .chrome import match_chrome
from .hygiene import clean_block, clean_blocks, clean_chrome, dirty_offsets

HASH_HEADING_RE = regex.compile(r"(#{1,6})[ \t]*(?=\S)")
TRAILING_TAGS_RE = regex.compile(r"(?:[ \t\u3000]+#[^\s#]+)+[ \t]*$")
TAG_RE = regex.compile(r"#([^\s#]+)")
TAGS_ONLY_RE = regex.compile(r"#[^\s#]+(?:[ \t\u3000]+#[^\s#]+)*")
LIST_MARKER_RE = regex.compile(r"[ \t]*(?:([-*+•●◦▪])[ \t]+|(・)[ \t]*|(\d{1,3}[.)）]|[①-⑳])[ \t]+)(?=\S)")
TABLE_LINE_RE = regex.compile(r"[ \t]*\|.*\|[ \t]*")
TABLE_SEPARATOR_CELL_RE = regex.compile(r"[ \t]*:?-{2,}:?[ \t]*")
FENCE_RE = regex.compile(r"[ \t]*(```|~~~)[ \t]*([\w+-]*)[ \t]*")
QUOTE_RE = regex.compile(r"[ \t]*>[ \t]?")
# A list item glued onto the end of a paragraph: a sentence end, then " - " and text.
GLUED_ITEM_RE = regex.compile(r"(?<=[。．.!?！？」』）)])[ \t\u3000]+[-*•・][ \t\u3000]+(?=\S)")
SENTENCE_FINAL_RE = regex.compile(r"[。．.!！?？:：;；、,，…]$")
ELLIPSIS_RE = regex.compile(r"(?:…+|\.{3,})$")
URL_RE = regex.compile(r"https?://")
_DEFAULT_CONFIG = Config()
CELL_SPLIT_RE = regex.compile(r"(?<!\\)\|")
# A list item can only be glued onto a paragraph line holding one of these bullets.
_GLUE_CHARS_RE = regex.compile(r"[-*•・]")
# The first non-space character of a line any of `HASH_HEADING_RE`, `TAGS_ONLY_RE`,
# `TABLE_LINE_RE`, `FENCE_RE` or `QUOTE_RE` matches.
_MARK_CHARS = frozenset("#|`~>")


# Not frozen: a post has one of these per line, and a frozen dataclass is several times
# slower to build. Nothing changes a line after `split_lines` made it.
@dataclass(slots=True)
class _Line:
    number: int  # 1-based
    start: int  # offset of the first character of the line
    text: str  # without the line end

    def trimmed(self, offset: int = 0) -> tuple[str, int, int]:
        """The line's text from `offset`, trimmed, and its absolute span."""
        rest = self.text[offset:] if offset else self.text
        # `str.strip` trims exactly the characters `str.isspace` calls whitespace.
        left = rest.lstrip()
        text = left.rstrip()
        s = self.start + offset + len(rest) - len(left)
        return text, s, s + len(text)


def _split(source: str) -> tuple[list[str], list[int]]:
    """The pieces `str.splitlines(keepends=True)` cuts `source` into, and where each starts."""
    raws = source.splitlines(keepends=True)
    return raws, list(accumulate(map(len, raws), initial=0))[:-1]


def split_lines(source: str) -> list[_Line]:
    """The lines of `source` with their offsets; CRLF, CR and LF all end a line.

    (Like `str.splitlines`, the other line boundaries -- form feed, U+2028... -- end a line
    too; only CR and LF are taken off its text.)
    """
    raws, starts = _split(source)
    return list(map(_Line, count(1), starts, [raw.rstrip("\r\n") for raw in raws]))


def line_starts(source: str) -> list[int]:
    """The offset of each line `split_lines` gives, without building the lines."""
    return _split(source)[1]


def ingest_text(source: str, config: Config | None = None) -> Ingested:
    """Split decoded plain text into typed blocks, chrome lines, title and tags."""
    return _TextIngester(source, config or Config()).run()


class _TextIngester:
    def __init__(self, source: str, config: Config) -> None:
        self.source = source
        self.config = config
        self.lines = split_lines(source)
        # Each line trimmed, once: every rule below looks at it.
        self.stripped = [ln.text.strip() for ln in self.lines]
        self.blocks: list[RawBlock] = []
        self.chrome: list[ChromeLine] = []
        self.title: RawBlock | None = None
        self.tags: list[str] = []
        self.markup: list[tuple[int, int]] = []
        self.next_group = 0
        self._last_key = ("", comparison_key(""))

    # -- driver -----------------------------------------------------------------
    def run(self) -> Ingested:
        tail_start = self._tail_chrome_start()
        lines, stripped = self.lines, self.stripped
        i = 0
        seen_content = False
        while i < len(lines):
            text = stripped[i]
            if not text:
                i += 1
                continue
            line = lines[i]
            kind = match_chrome(text, in_tail=i >= tail_start)
            if kind:
                t, s, e = line.trimmed()
                self.chrome.append(ChromeLine(t, kind, s, e, line.number))
                i += 1
                continue
            if not seen_content and self._take_title(line):
                seen_content = True
                i += 1
                continue
            seen_content = True
            i = self._take_structured(i, tail_start)
        # Every block, title and chrome text is cut verbatim from the source (table cells
        # with their spaces collapsed), so one scan of the source tells which need cleaning.
        dirty = dirty_offsets(self.source)
        return Ingested(
            blocks=clean_blocks(self.blocks, dirty=dirty),
            title=clean_block(self.title, dirty=dirty) if self.title else None,
            tags=tuple(self.tags),
            chrome=tuple(clean_chrome(c, dirty=dirty) for c in self.chrome),
            format="text",
            line_starts=tuple(ln.start for ln in lines) or (0,),
            markup=tuple(self.markup),
        )

    def _tail_chrome_start(self) -> int:
        """Index of the first line of the run of chrome (and blank) lines ending the text."""
        i = len(self.lines)
        while i > 0:
            text = self.stripped[i - 1]
            if text and not match_chrome(text, in_tail=True):
                break
            i -= 1
        return i

    def _mark(self, start: int, end: int) -> None:
        """Record source characters that are markup (bullets, `#`, pipes, fences, tags)."""
        if end > start:
            self.markup.append((start, end))

    def _group(self) -> int:
        self.next_group += 1
        return self.next_group

    # -- rules ------------------------------------------------------------------
    def _take_title(self, line: _Line) -> bool:
        m = HASH_HEADING_RE.match(line.text)
        # The first line of a post is its title, even written "#Title #tag" with no space.
        if not m:
            return False
        text, start, end = self._strip_tags(line, m.end())
        if not text:
            return False
        self._mark(line.start, start)
        self._mark(end, line.start + len(line.text))
        self.title = RawBlock(Kind.HEADING, text, start, end, line.number, level=len(m.group(1)))
        return True

    def _strip_tags(self, line: _Line, offset: int) -> tuple[str, int, int]:
        text, start, end = line.trimmed(offset)
        tags = TRAILING_TAGS_RE.search(text)
        if tags and tags.start() > 0:
            self.tags.extend(TAG_RE.findall(tags.group()))
            text = text[: tags.start()].rstrip()
            end = start + len(text)
        return text, start, end

    def _take_structured(self, i: int, tail_start: int) -> int:
        line = self.lines[i]
        stripped = self.stripped[i]
        # The tag, heading, table, fence and quote patterns all need their mark as the first
        # character that is not a space: most lines skip them on this one test.
        first = stripped[0]
        if first in _MARK_CHARS:
            if first == "#" and (is_tag_line(stripped)
                                 or (TAGS_ONLY_RE.fullmatch(stripped) and self.title is not None and not self.blocks)):
                # "#AI #China" is a tag line; a lone "#word" is a tag only right under the title.
                self.tags.extend(TAG_RE.findall(stripped))
                self._mark(line.start, line.start + len(line.text))
                return i + 1
            m = HASH_HEADING_RE.match(line.text)
            if m:
                text, start, end = self._strip_tags(line, m.end())
                self._mark(line.start, start)
                self._mark(end, line.start + len(line.text))
                self.blocks.append(RawBlock(Kind.HEADING, text, start, end, line.number, level=len(m.group(1))))
                return i + 1
            if TABLE_LINE_RE.fullmatch(line.text):
                return self._take_table(i)
            fence = FENCE_RE.fullmatch(line.text)
            if fence:
                return self._take_fence(i, fence.group(1), fence.group(2))
            quote = QUOTE_RE.match(line.text)
            if quote:
                return self._take_quote(i)
        item = LIST_MARKER_RE.match(line.text)
        if item:
            self._take_list_item(line, item, continuing=self._continues_list(line))
            return i + 1
        nxt = self._next_content_line(i, tail_start)
        if nxt is not None and self._is_teaser(stripped, nxt):
            text, start, end = line.trimmed()
            self.blocks.append(RawBlock(Kind.TEASER, text, start, end, line.number))
            return i + 1
        if nxt is not None and _is_bare_heading(stripped, self.config.heading_max_chars):
            text, start, end = line.trimmed()
            self.blocks.append(RawBlock(Kind.HEADING, text, start, end, line.number, level=2))
            return i + 1
        self._take_paragraph(line)
        return i + 1

    def _take_table(self, i: int) -> int:
        rows: list[_Line] = []
        while i < len(self.lines) and TABLE_LINE_RE.fullmatch(self.lines[i].text):
            rows.append(self.lines[i])
            i += 1
        group = self._group()
        separators = [_is_separator(row) for row in rows]
        has_separator = len(rows) > 1 and separators[1]
        for n, row in enumerate(rows):
            if separators[n]:
                self._mark(row.start, row.start + len(row.text))
                continue
            cells, start, end = _cells(row)
            if not any(c.strip() for c in cells):
                self._mark(row.start, row.start + len(row.text))  # "| |": pipes and nothing else
                continue
            text = " | ".join(cells)
            self.blocks.append(
                RawBlock(Kind.TABLE_ROW, text, start, end, row.number, group=group,
                         cells=tuple(cells), header=has_separator and n == 0)
            )
        return i

    def _take_fence(self, i: int, fence: str, lang: str) -> int:
        j = i + 1
        while j < len(self.lines) and self.lines[j].text.strip() != fence:
            j += 1
        for k in (i, j):
            if k < len(self.lines):
                self._mark(self.lines[k].start, self.lines[k].start + len(self.lines[k].text))
        body = self.lines[i + 1 : j]
        if body:
            start, end = body[0].start, body[-1].start + len(body[-1].text)
            self.blocks.append(RawBlock(Kind.CODE, self.source[start:end], start, end, body[0].number,
                                        group=self._group(), cells=(lang,) if lang else ()))
        return min(j + 1, len(self.lines))

    def _take_quote(self, i: int) -> int:
        group = self._group()
        while i < len(self.lines):
            line = self.lines[i]
            m = QUOTE_RE.match(line.text)
            if not m or not line.text.strip():
                break
            text, start, end = line.trimmed(m.end())
            self._mark(line.start, line.start + m.end())
            if text:
                self.blocks.append(RawBlock(Kind.QUOTE, text, start, end, line.number, group=group))
            i += 1
        return i

    def _continues_list(self, line: _Line) -> bool:
        """Whether the previous block is an item of a list this line's item extends."""
        if not self.blocks:
            return False
        prev = self.blocks[-1]
        return prev.kind is Kind.LIST_ITEM and prev.line >= line.number - 2

    def _take_list_item(self, line: _Line, marker: regex.Match[str], *, continuing: bool) -> None:
        ordered = marker.group(3) is not None
        prev = self.blocks[-1] if self.blocks else None
        if continuing and prev is not None and prev.ordered == ordered:
            group = prev.group
        else:
            group = self._group()
        text, start, end = line.trimmed(marker.end())
        self._mark(line.start, start)
        indent = len(line.text) - len(line.text.lstrip(" \t"))
        level = 1 + min(indent // 2, 5)  # "  - sub item" is nested one level
        self.blocks.append(RawBlock(Kind.LIST_ITEM, text, start, end, line.number, group=group, ordered=ordered,
                                    level=level))

    def _take_paragraph(self, line: _Line) -> None:
        """A paragraph line, split where list items were glued onto its end."""
        if not _GLUE_CHARS_RE.search(line.text):  # nothing glued: the whole line
            text, start, end = line.trimmed()
            self.blocks.append(RawBlock(Kind.PARAGRAPH, text, start, end, line.number))
            return
        pos = 0
        pieces: list[tuple[int, int, bool]] = []  # (from, to, is_item)
        is_item = False
        for m in GLUED_ITEM_RE.finditer(line.text):
            self._mark(line.start + m.start(), line.start + m.end())
            pieces.append((pos, m.start(), is_item))
            pos, is_item = m.end(), True
        pieces.append((pos, len(line.text), is_item))
        for a, b, item in pieces:
            sub = _Line(line.number, line.start + a, line.text[a:b])
            text, start, end = sub.trimmed()
            if not text:
                continue
            if item:
                self.blocks.append(RawBlock(Kind.LIST_ITEM, text, start, end, line.number, group=self._group()))
            else:
                self.blocks.append(RawBlock(Kind.PARAGRAPH, text, start, end, line.number))

    # -- heuristics -------------------------------------------------------------
    def _next_content_line(self, i: int, tail_start: int) -> int | None:
        """Index of the next non-blank line before the trailing chrome."""
        stripped = self.stripped
        for j in range(i + 1, min(tail_start, len(self.lines))):
            if stripped[j]:
                return j
        return None

    def _key(self, text: str) -> str:
        """`comparison_key(text)`, remembering the last one: a line's text is usually the
        key `_is_teaser` needed for the line before it, as the line that follows."""
        if text != self._last_key[0]:
            self._last_key = (text, comparison_key(text))
        return self._last_key[1]

    def _is_teaser(self, text: str, j: int) -> bool:
        """A short line that the next paragraph (line `j`) repeats in full from its start."""
        nxt = self.lines[j]
        if LIST_MARKER_RE.match(nxt.text) or (self.stripped[j][0] in _MARK_CHARS and (
                TABLE_LINE_RE.fullmatch(nxt.text) or HASH_HEADING_RE.match(nxt.text))):
            return False
        # `text` is trimmed, so an ellipsis `ELLIPSIS_RE` finds ends it.
        has_ellipsis = text.endswith(("…", "..."))
        key = self._key(ELLIPSIS_RE.sub("", text) if has_ellipsis else text)
        if not key or not (len(key) >= self.config.teaser_min_chars or (has_ellipsis and len(key) >= 8)):
            return False
        following = self._key(nxt.text)
        return len(following) > len(key) and following.startswith(key)


def _is_bare_heading(text: str, max_chars: int) -> bool:
    """A short line with no sentence punctuation that stands alone: a heading."""
    if len(text) > max_chars or SENTENCE_FINAL_RE.search(text):
        return False
    if "。" in text or URL_RE.search(text) or text.startswith(("(", "（", "[", "「")):
        return False
    words = text.split()
    latin = sum(map(str.isalpha, filter(str.isascii, text)))
    if latin * 2 > len(text):
        if len(words) > 12 or not (text[0].isupper() or text[0].isdigit()):
            return False
        if text.count(". ") or text.count(", ") > 1:
            return False
    elif len(text) > 40:
        return False
    return True


def is_bare_heading(text: str, config: Config | None = None) -> bool:
    """Whether a line standing alone reads as a heading (the rule the HTML and Markdown ingesters share).

    >>> is_bare_heading("比較と影響"), is_bare_heading("以下に、理由をまとめます:")
    (True, False)
    """
    return _is_bare_heading(text, (config or _DEFAULT_CONFIG).heading_max_chars)


def is_tag_line(text: str) -> bool:
    """Two or more short hashtags and nothing else.

    >>> is_tag_line("#AI #China"), is_tag_line("#中国のAI企業がAIモデルをオープンソース化している理由 #三24")
    (True, False)
    """
    text = text.strip()
    tags = TAG_RE.findall(text)
    return bool(TAGS_ONLY_RE.fullmatch(text)) and len(tags) > 1 and all(len(t) <= 20 for t in tags)


def _is_separator(line: _Line) -> bool:
    cells = line.text.strip().strip("|").split("|")
    return bool(cells) and all(TABLE_SEPARATOR_CELL_RE.fullmatch(c) for c in cells)


def _cells(line: _Line) -> tuple[list[str], int, int]:
    text, start, end = line.trimmed()
    inner = text[1:-1] if text.endswith("|") and len(text) > 1 else text[1:]
    cells = [" ".join(c.split()) for c in CELL_SPLIT_RE.split(inner)]
    return cells, start, end
