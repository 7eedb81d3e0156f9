"""Plain-text ingestion for scraped posts: lines in, typed blocks with spans out.

Scraped text has no blank lines between blocks, headings are bare short lines, a list
item can be glued onto the end of a paragraph, and the site's footer trails the post.
Each line is claimed by the first rule that accepts it, in this order: chrome, title,
hashtags, `#` heading, table, code fence, quote, list item, teaser, bare heading,
repeated headline, paragraph.

The title is the first content line: written `#Title #tag`, or bare when it reads as a
title (`is_title_line`) and content follows it. A short line ending in `?` or `!` is a
headline (a heading) only when it stands between two non-list blocks and the post holds
it at least twice as a line of its own: the same place in each pasted copy.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from operator import attrgetter

from ..config import Config
from ..text import comparison_key
from .blocks import ChromeLine, Ingested, Kind, RawBlock
from .chrome import ANYWHERE_FIRST, INVISIBLE_EDGES, match_chrome
from .headings import (
    ELLIPSIS_RE,
    HASH_HEADING_RE,
    HEADLINE_FINAL,
    TAG_RE,
    TAGS_ONLY_RE,
    is_bare_heading,
    is_headline,
    is_tag_line,
    is_title_line,
    split_trailing_tags,
    title_marked_elsewhere,
)
from .hygiene import clean_block, clean_chrome, dirty_offsets
from .lines import (
    BULLETS,
    FENCE_RE,
    GLUED_ITEM_RE,
    MARK_CHARS,
    QUOTE_RE,
    is_separator_row,
    is_table_line,
    list_marker,
    row_cells,
    split_lines,
    trim_span,
)
from .lines import line_starts as line_starts  # re-exported: html.py imports it from here
from .sink import BlockSink


def ingest_text(source: str, config: Config | None = None) -> Ingested:
    """Split decoded plain text into typed blocks, chrome lines, title and tags."""
    return _TextIngester(source, config or Config()).run()


_text_of, _start_of = attrgetter("text"), attrgetter("start")  # for `map`


class _TextIngester:
    def __init__(self, source: str, config: Config) -> None:
        self.source = source
        self.config = config
        # Line `i` (numbered i + 1) is `texts[i]`, at offset `starts[i]`; trimmed, once, in
        # `stripped[i]`: every rule below looks at it.
        self.texts, self.starts = split_lines(source)
        self.stripped = list(map(str.strip, self.texts))
        self.sink = BlockSink(source, self.starts)
        self._headline_counts: Counter[str] | None = None

    # -- driver -----------------------------------------------------------------
    def run(self) -> Ingested:
        """Each line to the first rule that takes it (see the module docstring).

        The rules that most lines end up in -- list item, paragraph, and the tests before
        them -- are written out in this loop: a long post has tens of thousands of lines.
        """
        texts, starts, stripped = self.texts, self.starts, self.stripped
        sink = self.sink
        blocks, markup = sink.blocks, sink.markup
        n_lines = len(texts)
        tail_start = self._tail_chrome_start()
        config = self.config
        list_item, paragraph = Kind.LIST_ITEM, Kind.PARAGRAPH
        i = 0
        seen_content = False
        while i < n_lines:
            text = stripped[i]
            if not text:
                i += 1
                continue
            first = text[0]
            # Outside the tail, `match_chrome` turns away a line whose first character starts
            # no pattern; that character is `first` unless invisible characters or a link
            # come off the line first.
            if i >= tail_start or ANYWHERE_FIRST[first] or first in INVISIBLE_EDGES or "](" in text:
                kind = match_chrome(text, in_tail=i >= tail_start)
                if kind:
                    t, s, e = trim_span(texts[i], starts[i])
                    sink.chrome.append(ChromeLine(text=t, kind=kind, start=s, end=e, line=i + 1))
                    i += 1
                    continue
            if not seen_content:
                seen_content = True
                if self._take_title(i, tail_start):
                    i += 1
                    continue
            # The tag, heading, table, fence and quote patterns all need their mark as the
            # first character that is not a space: most lines skip them on this one test.
            if first in MARK_CHARS:
                taken = self._take_marked(i)
                if taken is not None:
                    i = taken
                    continue
            line = texts[i]
            number = i + 1
            item = list_marker(line, first)
            if item:
                ordered = first not in BULLETS  # a numbered marker (a bullet is the first character)
                prev = blocks[-1] if blocks else None
                # The item extends the list just before it (at most a line between them).
                if prev is not None and prev.kind is list_item and prev.line >= number - 2 and prev.ordered == ordered:
                    group = prev.group
                else:
                    group = sink.new_group()
                t, s, e = trim_span(line[item.end():], starts[i] + item.end())
                markup.append((starts[i], s))  # the marker: never empty
                level = 1 + min(line.find(first) // 2, 5)  # "  - sub item" is nested one level
                blocks.append(RawBlock(kind=list_item, text=t, start=s, end=e, line=number, level=level, group=group,
                                       ordered=ordered))
                i += 1
                continue
            # Teasers and bare headings need a next content line before the trailing chrome.
            j = i + 1
            while j < tail_start and not stripped[j]:
                j += 1
            s = starts[i] + line.find(first)  # where the trimmed line starts
            if j < tail_start:
                if self._is_teaser(text, j):
                    blocks.append(RawBlock(kind=Kind.TEASER, text=text, start=s, end=s + len(text), line=number))
                    i += 1
                    continue
                if is_bare_heading(text, config) or (
                        text[-1] in HEADLINE_FINAL and self._is_repeated_headline(text, j)):
                    blocks.append(RawBlock(kind=Kind.HEADING, text=text, start=s, end=s + len(text), line=number,
                                           level=2))
                    i += 1
                    continue
            # A paragraph line; list items can only be glued onto it when it holds a bullet.
            if "-" in line or "*" in line or "•" in line or "・" in line:
                self._take_glued(i)
            else:
                blocks.append(RawBlock(kind=paragraph, text=text, start=s, end=s + len(text), line=number))
            i += 1
        # Every block, title and chrome text is cut verbatim from the source (table cells
        # with their spaces collapsed), so one scan of the source tells which need cleaning.
        dirty = dirty_offsets(self.source)
        sink.blocks = self._cleaned_blocks(dirty)
        sink.title = clean_block(sink.title, dirty=dirty) if sink.title else None
        sink.chrome = [clean_chrome(c, dirty=dirty) for c in sink.chrome]
        return sink.ingested("text")

    def _cleaned_blocks(self, dirty: list[int]) -> list[RawBlock]:
        """`clean_block` over the blocks that hold a dirty offset; blocks left empty are dropped.

        Every text (every cell) is trimmed, so a block with no dirty offset in its span is
        clean as it is. The blocks are disjoint and in source order, so the one block that
        can hold an offset is the last to start at or before it.
        """
        blocks = self.sink.blocks
        out = blocks
        if dirty:
            block_starts = list(map(_start_of, blocks))
            touched: Iterable[int]
            if block_starts == sorted(block_starts):
                touched = {k for d in dirty if (k := bisect_right(block_starts, d) - 1) >= 0 and d < blocks[k].end}
            else:  # not in order after all: look at every block
                touched = range(len(blocks))
            out = blocks.copy()
            for k in touched:
                out[k] = clean_block(blocks[k], dirty=dirty)
        if all(map(_text_of, out)):
            return out
        # Blocks left empty are dropped (they held only invisible characters); code stays.
        return [b for b in out if b.text or b.kind is Kind.CODE]

    def _tail_chrome_start(self) -> int:
        """Index of the first line of the run of chrome (and blank) lines ending the text."""
        i = len(self.texts)
        while i > 0:
            text = self.stripped[i - 1]
            if text and not match_chrome(text, in_tail=True):
                break
            i -= 1
        return i

    def _mark_line(self, i: int) -> None:
        self.sink.mark(self.starts[i], self.starts[i] + len(self.texts[i]))

    # -- rules ------------------------------------------------------------------
    def _take_title(self, i: int, tail_start: int) -> bool:
        """The first content line (line `i`) as the title: `#Title #tag`, or a bare title line."""
        line, line_start = self.texts[i], self.starts[i]
        m = HASH_HEADING_RE.match(line)
        # The first line of a post is its title, even written "#Title #tag" with no space.
        if not m:
            return self._take_bare_title(i, tail_start)
        text, start, end = self._strip_tags(i, m.end())
        if not text:
            return False
        self.sink.mark(line_start, start)
        self.sink.mark(end, line_start + len(line))
        self.sink.title = RawBlock(kind=Kind.HEADING, text=text, start=start, end=end, line=i + 1,
                                   level=len(m.group(1)))
        return True

    def _take_bare_title(self, i: int, tail_start: int) -> bool:
        """A first line without `#` is the title when it reads as one (`is_title_line`; any
        hashtags ending it are tags), it is not a list item, table, fence, quote, tag line or
        teaser, content follows it, and no later `#Title #tag` line marks another title."""
        stripped = self.stripped[i]
        first = stripped[0]
        if first in MARK_CHARS or list_marker(self.texts[i], first) or GLUED_ITEM_RE.search(stripped):
            return False
        j = i + 1
        while j < tail_start and not self.stripped[j]:
            j += 1
        if j >= tail_start or self._is_teaser(stripped, j):
            return False
        text, start, end = trim_span(self.texts[i], self.starts[i])
        title, tags = split_trailing_tags(text)
        if not is_title_line(title, self.config):
            return False
        if title_marked_elsewhere(self.stripped[j:], comparison_key(title), self.config):
            return False
        if tags:
            self.sink.tags.extend(TAG_RE.findall(tags))
            self.sink.mark(start + len(title), end)
        self.sink.title = RawBlock(kind=Kind.HEADING, text=title, start=start, end=start + len(title), line=i + 1,
                                   level=1)
        return True

    def _strip_tags(self, i: int, offset: int) -> tuple[str, int, int]:
        text, start, end = trim_span(self.texts[i][offset:], self.starts[i] + offset)
        title, tags = split_trailing_tags(text)
        if tags:
            self.sink.tags.extend(TAG_RE.findall(tags))
            text = title
            end = start + len(text)
        return text, start, end

    def _take_marked(self, i: int) -> int | None:
        """The tag-line, `#` heading, table, fence and quote rules: the index of the line
        after what one of them took, or None."""
        line, line_start, stripped = self.texts[i], self.starts[i], self.stripped[i]
        if stripped[0] == "#" and (
                is_tag_line(stripped, self.config)
                or (TAGS_ONLY_RE.fullmatch(stripped) and self.sink.title is not None and not self.sink.blocks)):
            # "#AI #China" is a tag line; a lone "#word" is a tag only right under the title.
            self.sink.tags.extend(TAG_RE.findall(stripped))
            self._mark_line(i)
            return i + 1
        m = HASH_HEADING_RE.match(line)
        if m:
            text, start, end = self._strip_tags(i, m.end())
            self.sink.mark(line_start, start)
            self.sink.mark(end, line_start + len(line))
            self.sink.blocks.append(RawBlock(kind=Kind.HEADING, text=text, start=start, end=end, line=i + 1,
                                             level=len(m.group(1))))
            return i + 1
        if is_table_line(line):
            return self._take_table(i)
        fence = FENCE_RE.fullmatch(line)
        if fence:
            return self._take_fence(i, fence.group(1), fence.group(2))
        quote = QUOTE_RE.match(line)
        if quote:
            return self._take_quote(i)
        return None

    def _take_table(self, i: int) -> int:
        texts, stripped, starts, blocks = self.texts, self.stripped, self.starts, self.sink.blocks
        first = i
        while i < len(texts) and is_table_line(texts[i]):
            i += 1
        group = self.sink.new_group()
        has_separator = i - first > 1 and is_separator_row(stripped[first + 1])
        for k in range(first, i):
            row = stripped[k]
            if is_separator_row(row):
                self._mark_line(k)
                continue
            cells = row_cells(row)
            if not any(cells):  # "| |": pipes and nothing else (cells have no spaces left)
                self._mark_line(k)
                continue
            # The row starts at its first pipe: only spaces and tabs come before it.
            start = starts[k] + texts[k].find("|")
            blocks.append(RawBlock(kind=Kind.TABLE_ROW, text=" | ".join(cells), start=start, end=start + len(row),
                                   line=k + 1, group=group,
                                   cells=tuple(cells), header=has_separator and k == first))
        return i

    def _take_fence(self, i: int, fence: str, lang: str) -> int:
        texts, starts = self.texts, self.starts
        j = i + 1
        while j < len(texts) and self.stripped[j] != fence:
            j += 1
        for k in (i, j):
            if k < len(texts):
                self._mark_line(k)
        if j > i + 1:
            start, end = starts[i + 1], starts[j - 1] + len(texts[j - 1])
            self.sink.blocks.append(RawBlock(kind=Kind.CODE, text=self.source[start:end], start=start, end=end,
                                             line=i + 2, group=self.sink.new_group(), cells=(lang,) if lang else ()))
        return min(j + 1, len(texts))

    def _take_quote(self, i: int) -> int:
        group = self.sink.new_group()
        texts = self.texts
        while i < len(texts):
            line = texts[i]
            m = QUOTE_RE.match(line)
            if not m or not self.stripped[i]:
                break
            text, start, end = trim_span(line[m.end():], self.starts[i] + m.end())
            self.sink.mark(self.starts[i], self.starts[i] + m.end())
            if text:
                self.sink.add_text(Kind.QUOTE, text, start, i + 1, group=group)
            i += 1
        return i

    def _take_glued(self, i: int) -> None:
        """A paragraph line, split where list items were glued onto its end."""
        line, line_start = self.texts[i], self.starts[i]
        pos = 0
        pieces: list[tuple[int, int, bool]] = []  # (from, to, is_item)
        is_item = False
        for m in GLUED_ITEM_RE.finditer(line):
            self.sink.mark(line_start + m.start(), line_start + m.end())
            pieces.append((pos, m.start(), is_item))
            pos, is_item = m.end(), True
        pieces.append((pos, len(line), is_item))
        for a, b, item in pieces:
            text, start, end = trim_span(line[a:b], line_start + a)
            if not text:
                continue
            if item:
                self.sink.add_text(Kind.LIST_ITEM, text, start, i + 1, group=self.sink.new_group())
            else:
                self.sink.add_text(Kind.PARAGRAPH, text, start, i + 1)

    # -- heuristics -------------------------------------------------------------

    def _is_repeated_headline(self, text: str, j: int) -> bool:
        """A short line ending in `?`/`!` (`text`, followed by line `j`) that the post holds
        at least twice as a line of its own, here between two non-list blocks."""
        if not is_headline(text, self.config):
            return False
        if self.sink.blocks and self.sink.blocks[-1].kind is Kind.LIST_ITEM:
            return False
        if list_marker(self.texts[j], self.stripped[j][0]):
            return False
        return self._standalone_headlines()[comparison_key(text)] >= self.config.headings.headline_min_repeats

    def _standalone_headlines(self) -> Counter[str]:
        """How often each key of a line ending in `?`/`!` stands as a line of its own: a bare
        line or a `#` heading or title line (without its tags). Counted once, when first needed."""
        if self._headline_counts is None:
            counts: Counter[str] = Counter()
            max_chars = self.config.heading_max_chars
            for k, s in enumerate(self.stripped):
                if not s or (s[-1] not in HEADLINE_FINAL and s[0] != "#"):
                    continue
                if s[0] == "#":
                    m = HASH_HEADING_RE.match(s)
                    if not m or is_tag_line(s, self.config):
                        continue
                    s = split_trailing_tags(s[m.end():])[0]
                elif s[0] in MARK_CHARS or list_marker(self.texts[k], s[0]):
                    continue
                if s and s[-1] in HEADLINE_FINAL and len(s) <= max_chars:
                    counts[comparison_key(s)] += 1
            self._headline_counts = counts
        return self._headline_counts

    def _is_teaser(self, text: str, j: int) -> bool:
        """A short line that the next paragraph (line `j`) repeats in full from its start."""
        nxt = self.texts[j]
        first = self.stripped[j][0]
        if list_marker(nxt, first) or (first in MARK_CHARS and (
                is_table_line(nxt) or HASH_HEADING_RE.match(nxt))):
            return False
        # `text` is trimmed, so an ellipsis `ELLIPSIS_RE` finds ends it.
        has_ellipsis = text.endswith(("…", "..."))
        if has_ellipsis:
            text = ELLIPSIS_RE.sub("", text)
        key = comparison_key(text)
        config = self.config
        if not key or not (len(key) >= config.teaser_min_chars
                           or (has_ellipsis and len(key) >= config.headings.teaser_ellipsis_min_chars)):
            return False
        following = comparison_key(nxt)
        return len(following) > len(key) and following.startswith(key)
