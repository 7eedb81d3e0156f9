"""The standard HTML parser's code for the rare constructs, ported: what `html_tokens` does not read fast.

`html_tokens.tokenize` reads plain tags, text and references with its own patterns and
hands every other `<` or `&` to `ParserPort.slow`: a port of `html.parser.HTMLParser`'s
(Python 3.11.7) code for start and end tags it reads oddly, comments, declarations, marked
sections, processing instructions, bare `&` and `<`, and unterminated constructs, with its
regular expressions and the previous tokenizer's guards against quadratic inputs (every
search for a closing `>`, `-->` or `]]>` is remembered).
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import regex

CDATA_CONTENT_ELEMENTS = ("script", "style")

# -- the parser's own patterns (html/parser.py and _markupbase.py of Python 3.11.7), for the rest
_INTERESTING_RE = re.compile("[&<]")
_STARTTAGOPEN_RE = re.compile("<[a-zA-Z]")
_ENTITYREF_RE = re.compile("&([a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9]")
_CHARREF_RE = re.compile("&#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F]")
_INCOMPLETE_RE = re.compile("&[a-zA-Z#]")
_COMMENTCLOSE_RE = re.compile(r"--\s*>")
_TAGFIND_RE = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTRFIND_RE = re.compile(
    r'((?<=[\'"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*'
    r'(\'[^\']*\'|"[^"]*"|(?![\'"])[^>\s]*))?(?:\s|/(?!>))*')
_LOCATESTARTTAGEND_RE = re.compile(r"""
  <[a-zA-Z][^\t\n\r\f />\x00]*       # tag name
  (?:[\s/]*                          # optional whitespace before attribute name
    (?:(?<=['"\s/])[^\s/>][^\s/=>]*  # attribute name
      (?:\s*=+\s*                    # value indicator
        (?:'[^']*'                   # LITA-enclosed value
          |"[^"]*"                   # LIT-enclosed value
          |(?!['"])[^>\s]*           # bare value
         )
        \s*                          # possibly followed by a space
       )?(?:\s|/(?!>))*
     )*
   )?
  \s*                                # trailing whitespace
""", re.VERBOSE)
_ENDTAGFIND_RE = re.compile(r"</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>")
_DECLNAME_RE = re.compile(r"[a-zA-Z][-_.a-zA-Z0-9]*\s*")
_MARKEDSECTIONCLOSE_RE = re.compile(r"]\s*]\s*>")
_MSMARKEDSECTIONCLOSE_RE = re.compile(r"]\s*>")
# The previous tokenizer's test for "no marked section can end after here" (`regex`, whose
# `\s` is not quite `re`'s: kept, since it decides what is text).
_SECTION_END_RE = regex.compile(r"\]\s*>")
_STANDARD_SECTIONS = frozenset({"temp", "cdata", "ignore", "include", "rcdata"})
_MS_SECTIONS = frozenset({"if", "else", "endif"})
_NOT_A_TAG_END = "abcdefghijklmnopqrstuvwxyz=/ABCDEFGHIJKLMNOPQRSTUVWXYZ"

Attrs = tuple[tuple[str, str | None], ...]

class _NextMatch:
    """`pattern.search(source, at)` remembered: the leftmost match at or after a position is
    the one found from any earlier position when it starts at or after that position."""

    __slots__ = ("source", "search_", "at", "match")

    def __init__(self, pattern: re.Pattern[str] | regex.Pattern[str], source: str) -> None:
        self.source = source
        self.search_ = pattern.search
        self.at = len(source) + 1  # nothing searched yet
        self.match: re.Match[str] | regex.Match[str] | None = None

    def search(self, at: int) -> re.Match[str] | regex.Match[str] | None:
        m = self.match
        if not (self.at <= at and (m is None or m.start() >= at)):
            m = self.match = self.search_(self.source, at)
            self.at = at
        return m

class ParserPort:
    """The state of one page's tokenizing, the remembered searches, and the parser's code for
    the constructs the fast path leaves (`slow`); `html_tokens` builds on it."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.n = len(source)
        # kind, start, tag, slash, attrs of each event, flat (no tuple per event for the
        # garbage collector to walk); ends, and the texts of data and entities, follow from
        # the starts once all are known
        self.raw: list[Any] = []
        self.closing = False  # in close(): the input has ended
        self.cdata: str | None = None  # inside script or style
        self.last_query = -1  # where the last start tag, end tag or pi was looked at
        self.stop_at = 0
        # a tag's text -> its reading: kind, name, slash, attributes, whether CDATA follows
        self.tags: dict[str, tuple[str, str, str, Attrs, bool]] = {}
        self.gt_next = self.amp_next = -2  # the next ">" and "&" (-1: none; -2: not looked for)
        self.stale_gt = -1  # see `_no_gt_after`
        self.stale_base = 0
        self.no_section_end = self.n + 1
        self.gt_at = self.n + 1
        self.gt = -1
        self.comment_close = _NextMatch(_COMMENTCLOSE_RE, source)
        self.section_close = _NextMatch(_MARKEDSECTIONCLOSE_RE, source)
        self.ms_section_close = _NextMatch(_MSMARKEDSECTIONCLOSE_RE, source)
        self.section_end = _NextMatch(_SECTION_END_RE, source)
    # -- searches, remembered ------------------------------------------------------
    def next_gt(self, at: int) -> int:
        """`source.find(">", at)`, remembered."""
        gt = self.gt
        if not (self.gt_at <= at and (gt < 0 or gt >= at)):
            gt = self.gt = self.source.find(">", at)
            self.gt_at = at
        return gt

    def _no_gt_after(self, i: int) -> bool:
        """Whether the previous tokenizer took a start tag at `i` to have no `>` after it.

        It remembered the position of the next `>` as an index into the parser's buffer,
        which `close()` starts afresh from where `feed()` stopped, and it did not forget the
        index in between: in `close()` a `>` is "found" at that old index read in the new
        buffer until a tag is looked at past it. Only an odd start tag (`<a\\x00`) with no
        `>` left can tell the difference, and it is reproduced.
        """
        if self.closing and self.stale_gt >= 0 and i - self.stale_base <= self.stale_gt:
            return False
        return self.next_gt(i) < 0
    def slow(self, i: int) -> int:
        """A `<` or `&` the fast pattern did not read: the parser's code for it. The next
        position, or -1 where the parser stops this round (at `stop_at`)."""
        source = self.source
        n = self.n
        self.stop_at = i
        if source[i] == "<":
            if _STARTTAGOPEN_RE.match(source, i):
                self.last_query = i
                k = self.parse_starttag(i)
            elif source.startswith("</", i):
                self.last_query = i
                k = self.parse_endtag(i)
            elif source.startswith("<!--", i):
                k = self.parse_comment(i)
            elif source.startswith("<?", i):
                self.last_query = i
                k = self.parse_pi(i)
            elif source.startswith("<!", i):
                k = self.parse_html_declaration(i)
            elif i + 1 < n:
                self.raw.extend(("data", i, "", "", ()))
                k = i + 1
            else:
                return -1
            if k < 0:
                if not self.closing:
                    return -1
                k = self.next_gt(i + 1)
                if k < 0:
                    k = source.find("<", i + 1)
                    if k < 0:
                        k = i + 1
                else:
                    k += 1
                self.raw.extend(("data", i, "", "", ()))
            return k
        if source.startswith("&#", i):
            m = _CHARREF_RE.match(source, i)
            if m:
                self.raw.extend(("entity", i, "", "", ()))
                k = m.end()
                return k if source[k - 1] == ";" else k - 1
            if source.find(";", i) >= 0:  # the parser consumes the "&#" as text, then stops
                self.raw.extend(("data", i, "", "", ()))
                self.stop_at = i + 2
            return -1
        m = _ENTITYREF_RE.match(source, i)
        if m:
            self.raw.extend(("entity", i, "", "", ()))
            k = m.end()
            return k if source[k - 1] == ";" else k - 1
        m = _INCOMPLETE_RE.match(source, i)
        if m:
            if self.closing and n - i == 2:  # "&a" ends the input: the "&" is left to the text before
                self.stop_at = i + 1
            return -1
        if i + 1 < n:
            self.raw.extend(("data", i, "", "", ()))
            return i + 1
        return -1

    # -- the constructs --------------------------------------------------------------
    def parse_starttag(self, i: int) -> int:
        if self._no_gt_after(i):
            return -1
        source = self.source
        m = _LOCATESTARTTAGEND_RE.match(source, i)
        assert m is not None
        j = m.end()
        after = source[j : j + 1]
        if after == ">":
            endpos = j + 1
        elif after == "/":
            if not source.startswith("/>", j):
                return -1
            endpos = j + 2
        elif after == "" or after in _NOT_A_TAG_END:
            return -1
        else:
            endpos = j if j > i else i + 1
        tagm = _TAGFIND_RE.match(source, i + 1)
        assert tagm is not None
        k = tagm.end()
        tag = tagm.group(1).lower()
        attrs: list[tuple[str, str | None]] = []
        while k < endpos:
            am = _ATTRFIND_RE.match(source, k)
            if not am:
                break
            name, rest, value = am.group(1, 2, 3)
            if not rest:
                value = None
            elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
                value = value[1:-1]
            if value:
                value = unescape(value)
            attrs.append((name.lower(), value))
            k = am.end()
        end = source[k:endpos].strip()
        if end not in (">", "/>"):
            self.raw.extend(("data", i, "", "", ()))
            return endpos
        if end.endswith("/>"):
            self.raw.extend(("start", i, tag, "/", tuple(attrs)))
        else:
            self.raw.extend(("start", i, tag, "", tuple(attrs)))
            if tag in CDATA_CONTENT_ELEMENTS:
                self.cdata = tag
        return endpos

    def parse_endtag(self, i: int) -> int:
        source = self.source
        gt = self.next_gt(i + 1)
        if gt < 0:
            return -1
        gtpos = gt + 1
        m = _ENDTAGFIND_RE.match(source, i)
        if not m:
            if self.cdata is not None:
                self.raw.extend(("data", i, "", "", ()))
                return gtpos
            namem = _TAGFIND_RE.match(source, i + 2)
            if not namem:
                if source.startswith("</>", i):
                    return i + 3
                return self.parse_bogus_comment(i)
            self.raw.extend(("end", i, namem.group(1).lower(), "", ()))
            return self.next_gt(namem.end()) + 1
        elem = m.group(1).lower()
        if self.cdata is not None and elem != self.cdata:
            self.raw.extend(("data", i, "", "", ()))
            return gtpos
        self.raw.extend(("end", i, elem, "", ()))
        self.cdata = None
        return gtpos

    def parse_comment(self, i: int) -> int:
        m = self.comment_close.search(i + 4)
        if m is None:
            return -1
        self.raw.extend(("comment", i, "", "", ()))
        return m.end()

    def parse_pi(self, i: int) -> int:
        gt = self.next_gt(i + 2)
        if gt < 0:
            return -1
        self.raw.extend(("pi", i, "", "", ()))
        return gt + 1

    def parse_html_declaration(self, i: int) -> int:
        source = self.source
        if source.startswith("<![", i):
            return self.parse_marked_section(i)
        if source[i : i + 9].lower() == "<!doctype":
            gt = self.next_gt(i + 9)
            if gt < 0:
                return -1
            self.raw.extend(("decl", i, "", "", ()))
            return gt + 1
        return self.parse_bogus_comment(i)

    def parse_bogus_comment(self, i: int) -> int:
        gt = self.next_gt(i + 2)
        if gt < 0:
            return -1
        self.raw.extend(("comment", i, "", "", ()))
        return gt + 1

    def parse_marked_section(self, i: int) -> int:
        if i >= self.no_section_end:
            return -1
        source = self.source
        n = self.n
        at = i + 3
        close: _NextMatch | None = None
        if at < n:
            m = _DECLNAME_RE.match(source, at)
            if m is None:
                return self._section_as_comment(i)
            if m.end() < n:
                name = m.group().strip().lower()
                if name in _STANDARD_SECTIONS:
                    close = self.section_close
                elif name in _MS_SECTIONS:
                    close = self.ms_section_close
                else:
                    return self._section_as_comment(i)
                end = close.search(i + 3)
                if end is not None:
                    self.raw.extend(("decl", i, "", "", ()))
                    return end.end()
        if self.section_end.search(i) is None:
            self.no_section_end = i
        return -1

    def _section_as_comment(self, i: int) -> int:
        """`<![1]`: the parser asserts on a section name it cannot read; the previous tokenizer
        took it for a bogus comment up to the next `>`, as browsers read it."""
        gt = self.next_gt(i + 3)
        if gt < 0:
            return -1
        self.raw.extend(("comment", i, "", "", ()))
        return gt + 1
