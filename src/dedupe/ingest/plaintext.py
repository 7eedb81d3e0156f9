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

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from itertools import accumulate
from operator import add, attrgetter

import regex

from ..config import Config
from ..text import comparison_key
from .blocks import ChromeLine, Ingested, Kind, RawBlock
from .chrome import ANYWHERE_FIRST, INVISIBLE_EDGES, FirstChars, match_chrome
from .hygiene import clean_block, clean_chrome, dirty_offsets

HASH_HEADING_RE = regex.compile(r"(#{1,6})[ \t]*(?=\S)")
TRAILING_TAGS_RE = regex.compile(r"(?:[ \t\u3000]+#[^\s#]+)+[ \t]*$")
TAG_RE = regex.compile(r"#([^\s#]+)")
TAGS_ONLY_RE = regex.compile(r"#[^\s#]+(?:[ \t\u3000]+#[^\s#]+)*")
LIST_MARKER_RE = regex.compile(r"[ \t]*(?:([-*+•●◦▪])[ \t]+|(・)[ \t]*|(\d{1,3}[.)）]|[①-⑳])[ \t]+)(?=\S)")
# Its bullet markers alone, for the lines that start with a bullet (most list items), in
# the stdlib `re`: it matches them about three times faster. `regex`'s `\S` is spelt out, as
# the two modules' `\s` differ (on U+001C-U+001F).
_BULLETS = "-*+•●◦▪・"
_BULLET_MARKER_RE = re.compile(
    r"[ \t]*(?:([-*+•●◦▪])[ \t]+|(・)[ \t]*)(?=[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000])")
TABLE_LINE_RE = regex.compile(r"[ \t]*\|.*\|[ \t]*")
TABLE_SEPARATOR_CELL_RE = regex.compile(r"[ \t]*:?-{2,}:?[ \t]*")
# A row of such cells between any number of pipes: the cells `row.strip("|").split("|")`
# gives (a cell holds no pipe and starts and ends with no pipe).
_SEPARATOR_ROW_RE = regex.compile(rf"\|*{TABLE_SEPARATOR_CELL_RE.pattern}(?:\|{TABLE_SEPARATOR_CELL_RE.pattern})*\|*")
FENCE_RE = regex.compile(r"[ \t]*(```|~~~)[ \t]*([\w+-]*)[ \t]*")
QUOTE_RE = regex.compile(r"[ \t]*>[ \t]?")
# A list item glued onto the end of a paragraph: a sentence end, then " - " and text.
GLUED_ITEM_RE = regex.compile(r"(?<=[。．.!?！？」』）)])[ \t\u3000]+[-*•・][ \t\u3000]+(?=\S)")
SENTENCE_FINAL_RE = regex.compile(r"[。．.!！?？:：;；、,，…]$")
_SENTENCE_FINAL = "。．.!！?？:：;；、,，…"  # the class of `SENTENCE_FINAL_RE`
_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
ELLIPSIS_RE = regex.compile(r"(?:…+|\.{3,})$")
URL_RE = regex.compile(r"https?://")
_DEFAULT_CONFIG = Config()
CELL_SPLIT_RE = regex.compile(r"(?<!\\)\|")
# The first non-space character of a line any of `HASH_HEADING_RE`, `TAGS_ONLY_RE`,
# `TABLE_LINE_RE`, `FENCE_RE` or `QUOTE_RE` matches.
_MARK_CHARS = frozenset("#|`~>")
# A title may end in a question or an exclamation mark (`Why China Open-Sources AI?`); it
# may not end in the rest of `_SENTENCE_FINAL`.
_TITLE_FINAL = "".join(c for c in _SENTENCE_FINAL if c not in "!！?？")
# A sentence end inside a line: `。`/`．`, or a full stop before a space and more text -- not
# one after an initial or a common abbreviation (`U.S. Policy`, `Dr. Who`).
_INNER_STOP_RE = regex.compile(r"[。．]|(?<!\b(?:\p{Lu}|Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|No|Vol|etc))\.[ \t\u3000]+\S")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# A line that is only a date (Blogger's date header, a dateline): never a title.
_DATE_LINE_RE = regex.compile(
    r"(?i)(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:\d{{4}}\s*[年/.-]\s*\d{{1,2}}\s*[月/.-]\s*\d{{1,2}}\s*日?|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}})"
    r"(?:\s*[(（]?(?:[日月火水木金土]曜?日?|星期[一二三四五六日天]|周[一二三四五六日])[)）]?)?"
    r"(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?)?")
# Names of a report's sections, never of a post (en, ja, zh, ko; compared on the comparison
# key): a first line that is one of them is a heading of the body -- the post's title was
# not scraped -- and stays a heading.
SECTION_NAMES = frozenset(comparison_key(n) for n in (
    "Overview", "Summary", "Introduction", "Intro", "Conclusion", "Conclusions", "Key Points", "Key Takeaways",
    "Highlights", "Background", "Contents", "Table of Contents", "TL;DR", "Abstract", "Executive Summary",
    "Details", "Discussion", "References", "Sources", "Notes", "Preface",
    "概要", "要点", "要約", "まとめ", "結論", "はじめに", "背景", "目次", "序論", "詳細", "参考文献", "出典", "考察",
    "总结", "概述", "摘要", "核心要点", "结论", "引言", "目录", "参考资料", "详细分析", "前言",
    "總結", "目錄", "參考資料",
    "요약", "개요", "결론", "서론", "목차", "배경", "참고 문헌", "핵심 요점",
))
# What ends a headline: a question or an exclamation.
_HEADLINE_FINAL = "?!？！"


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


def ingest_text(source: str, config: Config | None = None) -> Ingested:
    """Split decoded plain text into typed blocks, chrome lines, title and tags."""
    return _TextIngester(source, config or Config()).run()


def _trim(text: str, start: int) -> tuple[str, int, int]:
    """`text` (found at offset `start`) trimmed, and the absolute span of what is left."""
    # `str.strip` trims exactly the characters `str.isspace` calls whitespace.
    left = text.lstrip()
    trimmed = left.rstrip()
    s = start + len(text) - len(left)
    return trimmed, s, s + len(trimmed)


_text_of, _start_of = attrgetter("text"), attrgetter("start")  # for `map`
# Whether a line whose first non-space character is this one can be a list item: the
# marker of `LIST_MARKER_RE` is that character (only spaces and tabs come before it).
_LIST_FIRST = FirstChars(LIST_MARKER_RE, full=False)


class _TextIngester:
    def __init__(self, source: str, config: Config) -> None:
        self.source = source
        self.config = config
        # Line `i` (numbered i + 1) is `texts[i]`, at offset `starts[i]`; trimmed, once, in
        # `stripped[i]`: every rule below looks at it.
        self.texts, self.starts = split_lines(source)
        self.stripped = list(map(str.strip, self.texts))
        self.blocks: list[RawBlock] = []
        self.chrome: list[ChromeLine] = []
        self.title: RawBlock | None = None
        self.tags: list[str] = []
        self.markup: list[tuple[int, int]] = []
        self.next_group = 0
        self._headline_counts: Counter[str] | None = None

    # -- driver -----------------------------------------------------------------
    def run(self) -> Ingested:
        """Each line to the first rule that takes it (see the module docstring).

        The rules that most lines end up in -- list item, paragraph, and the tests before
        them -- are written out in this loop: a long post has tens of thousands of lines.
        """
        texts, starts, stripped = self.texts, self.starts, self.stripped
        blocks, markup = self.blocks, self.markup
        n_lines = len(texts)
        tail_start = self._tail_chrome_start()
        max_heading = self.config.heading_max_chars
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
                    t, s, e = _trim(texts[i], starts[i])
                    self.chrome.append(ChromeLine(t, kind, s, e, i + 1))
                    i += 1
                    continue
            if not seen_content:
                seen_content = True
                if self._take_title(i, tail_start):
                    i += 1
                    continue
            # The tag, heading, table, fence and quote patterns all need their mark as the
            # first character that is not a space: most lines skip them on this one test.
            if first in _MARK_CHARS:
                taken = self._take_marked(i)
                if taken is not None:
                    i = taken
                    continue
            line = texts[i]
            number = i + 1
            item = _list_marker(line, first)
            if item:
                ordered = first not in _BULLETS  # a numbered marker (a bullet is the first character)
                prev = blocks[-1] if blocks else None
                # The item extends the list just before it (at most a line between them).
                if prev is not None and prev.kind is list_item and prev.line >= number - 2 and prev.ordered == ordered:
                    group = prev.group
                else:
                    group = self._group()
                t, s, e = _trim(line[item.end():], starts[i] + item.end())
                markup.append((starts[i], s))  # the marker: never empty
                level = 1 + min(line.find(first) // 2, 5)  # "  - sub item" is nested one level
                # Positional `level, group, ordered`: a named tuple takes them at about half
                # the cost of keywords, and a long post has thousands of items.
                blocks.append(RawBlock(list_item, t, s, e, number, level, group, ordered))
                i += 1
                continue
            # Teasers and bare headings need a next content line before the trailing chrome.
            j = i + 1
            while j < tail_start and not stripped[j]:
                j += 1
            s = starts[i] + line.find(first)  # where the trimmed line starts
            if j < tail_start:
                if self._is_teaser(text, j):
                    blocks.append(RawBlock(Kind.TEASER, text, s, s + len(text), number))
                    i += 1
                    continue
                if _is_bare_heading(text, max_heading) or (
                        text[-1] in _HEADLINE_FINAL and self._is_repeated_headline(text, j)):
                    blocks.append(RawBlock(Kind.HEADING, text, s, s + len(text), number, 2))  # level 2
                    i += 1
                    continue
            # A paragraph line; list items can only be glued onto it when it holds a bullet.
            if "-" in line or "*" in line or "•" in line or "・" in line:
                self._take_glued(i)
            else:
                blocks.append(RawBlock(paragraph, text, s, s + len(text), number))
            i += 1
        # Every block, title and chrome text is cut verbatim from the source (table cells
        # with their spaces collapsed), so one scan of the source tells which need cleaning.
        dirty = dirty_offsets(self.source)
        return Ingested(
            blocks=self._cleaned_blocks(dirty),
            title=clean_block(self.title, dirty=dirty) if self.title else None,
            tags=tuple(self.tags),
            chrome=tuple(clean_chrome(c, dirty=dirty) for c in self.chrome),
            format="text",
            line_starts=tuple(starts) or (0,),
            markup=tuple(markup),
        )

    def _cleaned_blocks(self, dirty: list[int]) -> tuple[RawBlock, ...]:
        """`clean_block` over the blocks that hold a dirty offset; blocks left empty are dropped.

        Every text (every cell) is trimmed, so a block with no dirty offset in its span is
        clean as it is. The blocks are disjoint and in source order, so the one block that
        can hold an offset is the last to start at or before it.
        """
        blocks = self.blocks
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
            return tuple(out)
        # Blocks left empty are dropped (they held only invisible characters); code stays.
        return tuple(b for b in out if b.text or b.kind is Kind.CODE)

    def _tail_chrome_start(self) -> int:
        """Index of the first line of the run of chrome (and blank) lines ending the text."""
        i = len(self.texts)
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

    def _mark_line(self, i: int) -> None:
        self._mark(self.starts[i], self.starts[i] + len(self.texts[i]))

    def _group(self) -> int:
        self.next_group += 1
        return self.next_group

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
        self._mark(line_start, start)
        self._mark(end, line_start + len(line))
        self.title = RawBlock(Kind.HEADING, text, start, end, i + 1, level=len(m.group(1)))
        return True

    def _take_bare_title(self, i: int, tail_start: int) -> bool:
        """A first line without `#` is the title when it reads as one (`is_title_line`; any
        hashtags ending it are tags), it is not a list item, table, fence, quote, tag line or
        teaser, content follows it, and no later `#Title #tag` line marks another title."""
        stripped = self.stripped[i]
        first = stripped[0]
        if first in _MARK_CHARS or _list_marker(self.texts[i], first) or GLUED_ITEM_RE.search(stripped):
            return False
        j = i + 1
        while j < tail_start and not self.stripped[j]:
            j += 1
        if j >= tail_start or self._is_teaser(stripped, j):
            return False
        text, start, end = _trim(self.texts[i], self.starts[i])
        title, tags = _split_trailing_tags(text)
        if not _is_title_line(title, self.config.heading_max_chars):
            return False
        if title_marked_elsewhere(self.stripped[j:], comparison_key(title)):
            return False
        if tags:
            self.tags.extend(TAG_RE.findall(tags))
            self._mark(start + len(title), end)
        self.title = RawBlock(Kind.HEADING, title, start, start + len(title), i + 1, level=1)
        return True

    def _strip_tags(self, i: int, offset: int) -> tuple[str, int, int]:
        text, start, end = _trim(self.texts[i][offset:], self.starts[i] + offset)
        title, tags = _split_trailing_tags(text)
        if tags:
            self.tags.extend(TAG_RE.findall(tags))
            text = title
            end = start + len(text)
        return text, start, end

    def _take_marked(self, i: int) -> int | None:
        """The tag-line, `#` heading, table, fence and quote rules: the index of the line
        after what one of them took, or None."""
        line, line_start, stripped = self.texts[i], self.starts[i], self.stripped[i]
        if stripped[0] == "#" and (
                is_tag_line(stripped)
                or (TAGS_ONLY_RE.fullmatch(stripped) and self.title is not None and not self.blocks)):
            # "#AI #China" is a tag line; a lone "#word" is a tag only right under the title.
            self.tags.extend(TAG_RE.findall(stripped))
            self._mark_line(i)
            return i + 1
        m = HASH_HEADING_RE.match(line)
        if m:
            text, start, end = self._strip_tags(i, m.end())
            self._mark(line_start, start)
            self._mark(end, line_start + len(line))
            self.blocks.append(RawBlock(Kind.HEADING, text, start, end, i + 1, level=len(m.group(1))))
            return i + 1
        if _is_table_line(line):
            return self._take_table(i)
        fence = FENCE_RE.fullmatch(line)
        if fence:
            return self._take_fence(i, fence.group(1), fence.group(2))
        quote = QUOTE_RE.match(line)
        if quote:
            return self._take_quote(i)
        return None

    def _take_table(self, i: int) -> int:
        texts, stripped, starts, blocks = self.texts, self.stripped, self.starts, self.blocks
        first = i
        while i < len(texts) and _is_table_line(texts[i]):
            i += 1
        group = self._group()
        has_separator = i - first > 1 and _is_separator(stripped[first + 1])
        for k in range(first, i):
            row = stripped[k]
            if _is_separator(row):
                self._mark_line(k)
                continue
            cells = _cells(row)
            if not any(cells):  # "| |": pipes and nothing else (cells have no spaces left)
                self._mark_line(k)
                continue
            # The row starts at its first pipe: only spaces and tabs come before it.
            start = starts[k] + texts[k].find("|")
            blocks.append(RawBlock(Kind.TABLE_ROW, " | ".join(cells), start, start + len(row), k + 1, group=group,
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
            self.blocks.append(RawBlock(Kind.CODE, self.source[start:end], start, end, i + 2,
                                        group=self._group(), cells=(lang,) if lang else ()))
        return min(j + 1, len(texts))

    def _take_quote(self, i: int) -> int:
        group = self._group()
        texts = self.texts
        while i < len(texts):
            line = texts[i]
            m = QUOTE_RE.match(line)
            if not m or not self.stripped[i]:
                break
            text, start, end = _trim(line[m.end():], self.starts[i] + m.end())
            self._mark(self.starts[i], self.starts[i] + m.end())
            if text:
                self.blocks.append(RawBlock(Kind.QUOTE, text, start, end, i + 1, group=group))
            i += 1
        return i

    def _take_glued(self, i: int) -> None:
        """A paragraph line, split where list items were glued onto its end."""
        line, line_start = self.texts[i], self.starts[i]
        pos = 0
        pieces: list[tuple[int, int, bool]] = []  # (from, to, is_item)
        is_item = False
        for m in GLUED_ITEM_RE.finditer(line):
            self._mark(line_start + m.start(), line_start + m.end())
            pieces.append((pos, m.start(), is_item))
            pos, is_item = m.end(), True
        pieces.append((pos, len(line), is_item))
        for a, b, item in pieces:
            text, start, end = _trim(line[a:b], line_start + a)
            if not text:
                continue
            if item:
                self.blocks.append(RawBlock(Kind.LIST_ITEM, text, start, end, i + 1, group=self._group()))
            else:
                self.blocks.append(RawBlock(Kind.PARAGRAPH, text, start, end, i + 1))

    # -- heuristics -------------------------------------------------------------

    def _is_repeated_headline(self, text: str, j: int) -> bool:
        """A short line ending in `?`/`!` (`text`, followed by line `j`) that the post holds
        at least twice as a line of its own, here between two non-list blocks."""
        if not _is_headline(text, self.config.heading_max_chars):
            return False
        if self.blocks and self.blocks[-1].kind is Kind.LIST_ITEM:
            return False
        if _list_marker(self.texts[j], self.stripped[j][0]):
            return False
        return self._standalone_headlines()[comparison_key(text)] >= 2

    def _standalone_headlines(self) -> Counter[str]:
        """How often each key of a line ending in `?`/`!` stands as a line of its own: a bare
        line or a `#` heading or title line (without its tags). Counted once, when first needed."""
        if self._headline_counts is None:
            counts: Counter[str] = Counter()
            max_chars = self.config.heading_max_chars
            for k, s in enumerate(self.stripped):
                if not s or (s[-1] not in _HEADLINE_FINAL and s[0] != "#"):
                    continue
                if s[0] == "#":
                    m = HASH_HEADING_RE.match(s)
                    if not m or is_tag_line(s):
                        continue
                    s = _split_trailing_tags(s[m.end():])[0]
                elif s[0] in _MARK_CHARS or _list_marker(self.texts[k], s[0]):
                    continue
                if s and s[-1] in _HEADLINE_FINAL and len(s) <= max_chars:
                    counts[comparison_key(s)] += 1
            self._headline_counts = counts
        return self._headline_counts

    def _is_teaser(self, text: str, j: int) -> bool:
        """A short line that the next paragraph (line `j`) repeats in full from its start."""
        nxt = self.texts[j]
        first = self.stripped[j][0]
        if _list_marker(nxt, first) or (first in _MARK_CHARS and (
                _is_table_line(nxt) or HASH_HEADING_RE.match(nxt))):
            return False
        # `text` is trimmed, so an ellipsis `ELLIPSIS_RE` finds ends it.
        has_ellipsis = text.endswith(("…", "..."))
        if has_ellipsis:
            text = ELLIPSIS_RE.sub("", text)
        # Keys that differ in their first character (those of most pairs of lines) show it
        # without being built.
        head, next_head = _key_head(text), _key_head(nxt)
        if head and next_head and head != next_head:
            return False
        key = comparison_key(text)
        if not key or not (len(key) >= self.config.teaser_min_chars or (has_ellipsis and len(key) >= 8)):
            return False
        following = comparison_key(nxt)
        return len(following) > len(key) and following.startswith(key)


class _KeyKeeps(dict[str, bool]):
    """`keeps[c]`: whether the last step of `comparison_key` (after NFKC and case folding;
    character by character, it drops whitespace and folds dashes and quotes) keeps `c` as it is.

    Worked out by `comparison_key` itself: on a character that NFKC and case folding leave
    alone, the key is that last step alone. At most `limit` characters are remembered (see
    `FirstChars`).
    """

    __slots__ = ("_limit",)

    def __init__(self, limit: int = 1 << 16) -> None:
        super().__init__()
        self._limit = limit

    def __missing__(self, c: str) -> bool:
        keeps = unicodedata.normalize("NFKC", c).casefold() == c and comparison_key(c) == c
        if len(self) < self._limit:
            self[c] = keeps
        return keeps


_KEY_KEEPS = _KeyKeeps()


def _key_head(text: str) -> str:
    """The first character of `comparison_key(text)` if that shows without building the key, else "".

    Case folding goes character by character, so the first character of the NFKC form
    alone gives the first character of the folded text; the key starts with it when the
    last step keeps it.
    """
    head = unicodedata.normalize("NFKC", text)[:1].casefold()[:1]
    return head if head and _KEY_KEEPS[head] else ""


def _list_marker(line: str, first: str) -> regex.Match[str] | re.Match[str] | None:
    """`LIST_MARKER_RE.match(line)`, `first` being the first character of the trimmed line.

    On a line that starts with a bullet only the bullet markers can match: that match comes
    from `_BULLET_MARKER_RE` (it has no group 3; the item is not numbered).
    """
    if first in _BULLETS:
        return _BULLET_MARKER_RE.match(line)
    return LIST_MARKER_RE.match(line) if _LIST_FIRST[first] else None


def _is_bare_heading(text: str, max_chars: int) -> bool:
    """A short line with no sentence punctuation that stands alone: a heading."""
    if len(text) > max_chars:
        return False
    if _ends_like_sentence(text):
        return False
    if "。" in text or ("://" in text and URL_RE.search(text)) or text.startswith(("(", "（", "[", "「")):
        return False
    # The ASCII letters, counted in C: the ASCII characters' bytes, less those not letters.
    latin = len(text.encode("ascii", "ignore").translate(None, _NOT_LETTERS))
    if latin * 2 > len(text):
        if len(text.split()) > 12 or not (text[0].isupper() or text[0].isdigit()):
            return False
        if text.count(". ") or text.count(", ") > 1:
            return False
    elif len(text) > 40:
        return False
    return True


def _split_trailing_tags(text: str) -> tuple[str, str]:
    """`text` without the hashtags that end it (after a space), and those hashtags ("" when
    there are none).

    >>> _split_trailing_tags("中国のAI戦略 #三24 #AI"), _split_trailing_tags("No tags #here1x")
    (('中国のAI戦略', ' #三24 #AI'), ('No tags', ' #here1x'))
    >>> _split_trailing_tags("Plain title")
    ('Plain title', '')
    """
    m = TRAILING_TAGS_RE.search(text)
    if m is None or m.start() == 0:
        return text, ""
    return text[: m.start()].rstrip(), m.group()


def _is_title_line(text: str, max_chars: int) -> bool:
    """A first line that reads as a post's title: short (`max_chars`, in characters, for every
    script), one sentence at most and not ended as one -- `?` and `!` may end it, `.`, `。`,
    `:`, `、`, `,`, `…` not -- no URL, not a date alone, not a parenthesis, a Latin title's
    first word capitalised (or a number), at most two commas; not a section name (`要点`:
    a heading of the body) nor a chrome word (`Home`, `コメント`: the site's)."""
    if not text or len(text) > max_chars or text[-1] in _TITLE_FINAL or text.endswith("..."):
        return False
    if not any(map(str.isalpha, text)) or _INNER_STOP_RE.search(text):
        return False
    if "://" in text or text.startswith(("www.", "(", "（")) or _DATE_LINE_RE.fullmatch(text):
        return False
    if text.count(", ") + text.count("、") + text.count("，") > 2:
        return False
    latin = len(text.encode("ascii", "ignore").translate(None, _NOT_LETTERS))
    if latin * 2 > len(text):
        head = text.split()[0]
        if not any(c.isupper() or c.isdigit() for c in head):
            return False
    return comparison_key(text) not in SECTION_NAMES and not match_chrome(text, in_tail=True)


def is_title_line(text: str, config: Config | None = None) -> bool:
    """Whether a bare first line reads as the post's title (the rule the Markdown ingester shares).

    >>> is_title_line("Why China Open-Sources AI?"), is_title_line("中国のAI戦略")
    (True, True)
    >>> is_title_line("This post looks at night trains."), is_title_line("2024年3月24日日曜日")
    (False, False)
    """
    return _is_title_line(text.strip(), (config or _DEFAULT_CONFIG).heading_max_chars)


def title_marked_elsewhere(lines: Iterable[str], key: str) -> bool:
    """Whether one of `lines` (trimmed) is a `#Title #tag` line -- a `#` heading ending in
    hashtags, the scraper's title line -- with a title other than `key` (a comparison key).

    Such a post marks its title that way, so a bare first line is not its title; the same
    title printed again is no other title.

    >>> title_marked_elsewhere(["Body text.", "# 中国のAI戦略 #三24"], "要点")
    True
    >>> title_marked_elsewhere(["# Key points", "#AI #China"], "要点")
    False
    """
    for s in lines:
        if s[:1] != "#" or is_tag_line(s):
            continue
        m = HASH_HEADING_RE.match(s)
        if m is None:
            continue
        title, tags = _split_trailing_tags(s[m.end():])
        if tags and comparison_key(title) != key:
            return True
    return False


def _is_headline(text: str, max_chars: int) -> bool:
    """A short line ending in `?`/`!` that reads as a heading but for that mark: one sentence,
    and what comes before the mark passes `_is_bare_heading`."""
    body = text.rstrip(_HEADLINE_FINAL).rstrip()
    if not body or len(text) > max_chars or any(c in body for c in _HEADLINE_FINAL):
        return False
    return _is_bare_heading(body, max_chars)


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


def _ends_like_sentence(text: str) -> bool:
    """`SENTENCE_FINAL_RE.search(text)`, by string methods: its `$` is the end, or before a final LF."""
    last = text[-2:-1] if text.endswith("\n") else text[-1:]
    return bool(last) and last in _SENTENCE_FINAL


def _is_table_line(line: str) -> bool:
    """`TABLE_LINE_RE.fullmatch(line)`, by string methods.

    A match is spaces and tabs, `|`, anything, `|`, spaces and tabs (a line holds no LF, the
    one character `.` skips): the line without its outer spaces and tabs starts and ends
    with `|`, two of them.
    """
    inner = line.strip(" \t")
    return len(inner) > 1 and inner[0] == "|" and inner[-1] == "|"


def _is_separator(row: str) -> bool:
    """Whether a trimmed table row is a separator, `|---|:--:|`: every cell between its
    outer pipes matches `TABLE_SEPARATOR_CELL_RE`."""
    # `_SEPARATOR_ROW_RE` in one call, after a test most rows fail: every cell needs a "--".
    return "--" in row and _SEPARATOR_ROW_RE.fullmatch(row) is not None


def _cells(row: str) -> list[str]:
    """The cells of a trimmed table row, their whitespace collapsed."""
    inner = row[1:-1] if row.endswith("|") and len(row) > 1 else row[1:]
    if "\\" in inner:  # `CELL_SPLIT_RE` does not split at an escaped pipe
        return [" ".join(c.split()) for c in CELL_SPLIT_RE.split(inner)]
    # Every pipe splits. Collapsing the whitespace of the whole row first leaves each cell
    # collapsed too, with at most one space on either side of a pipe to take off.
    return " ".join(inner.split()).replace(" |", "|").replace("| ", "|").split("|")
