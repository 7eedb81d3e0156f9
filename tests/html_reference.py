"""The previous HTML tokenizer, kept as the reference the new one is tested against.

`dedupe.ingest.html_tokens.tokenize` must give exactly the events this gives: the standard
library's `html.parser.HTMLParser` (`convert_charrefs=False`) fed the whole page and closed,
with overrides for the inputs that made it quadratic. Used only by the tests and by
`benchmarks/html_tokens_speed.py`; it is the code `ingest/html.py` ran until the regex tokenizer
replaced it, unchanged but for names.
"""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser

import regex

from dedupe.ingest.html_tokens import Event as _Event

_SECTION_END_RE = regex.compile(r"\]\s*>")  # the shorter of the two marked-section ends
# `re`, not `regex`: the same for one literal character, and many times faster over a page.
_NEWLINE_RE = re.compile("\n")
# A character reference, a stretch without one, or a bare `&`, in an attribute value.
_ATTR_PIECE_RE = regex.compile(r"&(?:#\d+|#x[0-9a-f]+|\w+);?|[^&]+|&", regex.IGNORECASE)


class _Tokenizer(HTMLParser):
    """Records every token with its start offset; an event ends where the next one begins."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self._next_gt = -2
        self._no_comment_end = self._no_section_end = 1 << 62
        self.events: list[_Event] = []
        self._nl_starts = [0] + [m.end() for m in _NEWLINE_RE.finditer(source)]

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._nl_starts[line - 1] + col

    def feed(self, data: str) -> None:
        self._next_gt = -2  # unknown
        self._no_comment_end = len(self.rawdata) + len(data) + 1  # past it, no "-->" remains
        self._no_section_end = self._no_comment_end
        super().feed(data)

    # Unterminated comments and marked sections: the parser searches for their end from
    # every "<!--" / "<![" and finds none each time. Once a search from a position has
    # failed, every search from later positions fails too.
    def parse_comment(self, i: int, report: bool = True) -> int:
        if i >= self._no_comment_end:
            return -1
        end = int(super().parse_comment(i, report))
        if end == -1:
            self._no_comment_end = i
        return end

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        if i >= self._no_section_end:
            return -1
        where = self.lineno, self.offset
        try:
            end = int(super().parse_marked_section(i, report))
        except AssertionError:  # `<![1]`: the standard library asserts on a section name it cannot read
            # (having moved the position past `<![`). A bogus comment up to the next `>`, as
            # browsers read it.
            self.lineno, self.offset = where
            gt = self.rawdata.find(">", i + 3)
            if gt < 0:
                return -1  # at the end of input the parser takes the rest as text
            self.handle_comment(self.rawdata[i + 2 : gt])
            return gt + 1
        if end == -1 and not _SECTION_END_RE.search(self.rawdata, i):
            self._no_section_end = i
        return end

    def _no_gt_after(self, i: int) -> bool:
        """Whether no ">" remains at or after `i` (found once, then remembered)."""
        if self._next_gt != -1 and self._next_gt < i:
            self._next_gt = self.rawdata.find(">", i)
        return self._next_gt == -1

    # The standard parser looks for the ">" that ends a start tag, end tag or processing
    # instruction by scanning to the end of the input, and gives up when there is none --
    # again for every "<" of a page like "<div <div <div ...", which is quadratic. With no
    # ">" left there is nothing to find.
    def check_for_whole_start_tag(self, i: int) -> int:
        if self._no_gt_after(i):
            return -1
        return int(super().check_for_whole_start_tag(i))

    def parse_endtag(self, i: int) -> int:
        if self._no_gt_after(i):
            return -1
        return int(super().parse_endtag(i))

    def parse_pi(self, i: int) -> int:
        if self._no_gt_after(i):
            return -1
        return int(super().parse_pi(i))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(_Event("start", self._offset(), tag=tag, attrs=tuple(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(_Event("start", self._offset(), tag=tag, attrs=tuple(attrs), text="/"))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(_Event("end", self._offset(), tag=tag))

    def handle_data(self, data: str) -> None:
        self.events.append(_Event("data", self._offset(), text=data))

    def handle_entityref(self, name: str) -> None:
        self.events.append(_Event("entity", self._offset()))

    def handle_charref(self, name: str) -> None:
        self.events.append(_Event("entity", self._offset()))

    def handle_comment(self, data: str) -> None:
        self.events.append(_Event("comment", self._offset()))

    def handle_decl(self, decl: str) -> None:
        self.events.append(_Event("decl", self._offset()))

    def handle_pi(self, data: str) -> None:
        self.events.append(_Event("pi", self._offset()))

    def unknown_decl(self, data: str) -> None:
        self.events.append(_Event("decl", self._offset()))


def tokenize_reference(source: str) -> list[_Event]:
    """Every token of `source` with its [start, end) span; the spans tile the source."""
    tokenizer = _Tokenizer(source)
    tokenizer.feed(source)
    tokenizer.close()
    events = tokenizer.events
    first = events[0].start if events else len(source)
    if first > 0:  # text the parser reported no event for (a lone "&a" that is the whole input)
        events.insert(0, _Event("data", 0, text=source[:first]))
    for i, ev in enumerate(events):
        ev.end = events[i + 1].start if i + 1 < len(events) else len(source)
        if ev.kind == "data":
            # Text is its source span (character references are events of their own). The
            # span also holds what the parser dropped without an event: an "&" and a name
            # that end the input ("x &a").
            ev.text = source[ev.start : ev.end]
        elif ev.kind == "entity":
            raw = source[ev.start : ev.end]
            decoded = html_lib.unescape(raw)
            ev.text = raw if decoded == raw else decoded
    return events


# Scraps of HTML-ish syntax that random pages are made of (the differential tests and
# `benchmarks/html_tokens_speed.py --fuzz`): tags with odd attributes, bare `<` and `&`, references
# with and without `;`, comments, declarations, marked sections and processing
# instructions, terminated or not, script and style bodies, NUL, CR, non-ASCII.
FRAGMENTS: tuple[str, ...] = (
    "a", "text ", " ", "\n", "\r\n", "\r", "\t", "\x00", "\x0b", "\x0c", "\xa0", "\u3000", "é", "漢字", "\U0001f600",
    ">", "<", "&", "/", "=", '"', "'", ";", "#", "-", "]", "[", "!", "?", "x", "Z", "1", "`",
    "<p>", "</p>", "<P>", "</P >", "<div class=\"a b\">", "<div id=x>", "<DIV CLASS='Y'>", "</div>", "<br>", "<br/>",
    "<br />", "<img src=a.png alt=\"x > y\">", "<a href=\"/x?a=1&amp;b=2\">", "<a href='&#x41;&#65&copy'>", "</a>",
    "<a href=x/>", "<a b=c/>", "<a b==c>", "<a b = c>", "<a b= >", "<a =b>", "<a b\"c>", "<a b='c'd=e>",
    "<a/b>", "<a/ b>", "<a b/ >", "<a\x00b>", "<a\x00", "<a\x0bb>", "<a b=\"c\"/>", "<a b=\xa0c>", "<a b c>",
    "<a B=1 b=2>", "<a b=&amp;>", "<a b=\"&\">", "<a b='&notit;'>", "<a b=\"&amp\">", "<a <b>", "<a", "<a ",
    "<a b", "<a b=", "<a b=\"", "<a b='x", "<a b=\"x\"", "<o:p>", "</o:p>", "<x-y>", "<a1>", "<svg:rect/>",
    "<script>", "</script>", "<SCRIPT type=\"x\">", "</SCRIPT >", "</scr", "</script", "< /script>", "</ script>",
    "<style>", "</style>", "<style/>", "<script/>", "<title>", "</title>", "<textarea>", "</textarea>",
    "&amp;", "&amp", "&AMP;", "&nbsp;", "&nbsp", "&lt;", "&#65;", "&#65", "&#x41;", "&#X41", "&#x;", "&#;", "&#",
    "&#12a;", "&#xzz;", "&a", "&ab", "&a-b;", "&a.b", "&notin;", "&not", "&zz;", "&1;", "& ", "&&", "&;",
    "<!--", "-->", "--!>", "<!-- c -->", "<!---->", "<!-->", "<!--->", "-- >", "<!", "<!>", "<!x>", "<!doctype html>",
    "<!DOCTYPE", "<!DocType x", "<![CDATA[", "]]>", "]>", "] ] >", "<![CDATA[x]]>", "<![if !IE]>", "<![endif]>",
    "<![1]", "<![ ]>", "<![temp x", "<![zz]>", "<![", "<?", "<?php x ?>", "?>", "<?xml version=\"1.0\"?>", "</",
    "</>", "</ >", "</1>", "</a b>", "</a\x00>", "</ a>", "</a", "</a b",
)
