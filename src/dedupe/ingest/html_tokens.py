"""HTML tokens with exact source spans: a regex-driven tokenizer, event for event the standard parser's.

`tokenize(source)` returns the tokens of a page as `Event`s whose [start, end) spans tile
the source: `start` (`text="/"` for a self-closing tag), `end`, `data`, `entity` (`text`
is the decoded character(s), or the raw text when it does not decode), `comment`, `decl`
and `pi`. It gives exactly the events that `html.parser.HTMLParser(convert_charrefs=False)`
of Python 3.11.7 gives when fed the whole page and closed -- which construct is a tag, which
`&...` is a reference, where one run of text is split from the next, what is left as text
at the end of the input -- together with the guards against quadratic inputs that the
previous tokenizer added to that parser (`tests/html_reference.py` keeps it; the
differential tests compare the two on fixtures, real pages and fuzzed fragments).

Why not the parser itself: it spends its time in method calls, line and column bookkeeping
and one regular expression per attribute; a quarter of the ingestion of a news page went to
it. Here a run of text is found with `str.find`, a tag already seen on the page is looked up
by its text (pages repeat `<p>`, `</div>`, `<li class="item">`), a new plain tag is read by
one pattern with all its attributes, and events are made column by column. Anything else
goes to a port of the parser's own code for that construct, with its regular expressions:
comments, declarations, marked sections, processing instructions, odd start tags, bare `&`
and `<`, and unterminated constructs. On 311 real pages it takes half the time of the
previous tokenizer (`benchmarks/html_tokens_speed.py`), with the same events on every one.

The parser reads a fed page in two rounds: `feed` stops at the first construct it cannot
finish (an unterminated tag, a `&#` that is no reference...) and `close` reads the rest
treating the input as ended. Both rounds are reproduced, since what is text depends on it
(after the second `&#` that is no reference, the parser reports the rest of the page as
one run of text). So are the previous tokenizer's guards, including one that answers from
a position remembered across the two rounds (`_stale_gt`). Every search for a closing
`>`, `-->` or `]]>` is remembered, so no input makes the tokenizer quadratic where the
parser would search to the end of the input again from every `<`.

Only script and style content is CDATA, as in the 3.11 parser (`<title>` and `<textarea>`
are ordinary elements here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from typing import Any

import regex


@dataclass(slots=True)
class Event:
    kind: str  # start, end, data, entity, comment, decl, pi
    start: int
    end: int = 0
    tag: str = ""
    text: str = ""
    attrs: tuple[tuple[str, str | None], ...] = ()
    element: int = -1  # the element a start/end event opens or closes; for text, the innermost open one


# -- the common tokens
#
# A run of text is found with `str.find` (the next `<` or `&`). A tag is looked up by its
# text up to the next `>` among the tags already read (pages repeat `<p>`, `</div>`,
# `<li class="item">`); the first time, it is read by `_TAG_RE`: group 1 a start tag whose
# reading by the parser is plain -- ASCII name, attributes separated by ASCII whitespace,
# each `name`, `name=value` with one `=`, a quoted value or a bare one that ends at
# whitespace or `>`, then `>` or `/>` -- with its name (2), attributes (3) and slash (4);
# group 5 an end tag as the parser's `endtagfind` reads it, name in 6. Such a start tag
# can be read in only one way, so its text decides its reading wherever it stands.
_TAG_RE = re.compile(
    r"""
    (<([a-zA-Z][-.:_a-zA-Z0-9]*)
     ((?:[ \t\n\r\f]+[^\s"'<>/=]+
        (?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:"[^"]*"|'[^']*'|[^\s"'=<>`/]+(?=[ \t\n\r\f>])))?
      )*)
     [ \t\n\r\f]*(/?)>)
  | (</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>)
    """,
    re.VERBOSE,
)
_START = 1
# A character reference as the parser's `entityref` and `charref` read it, the terminating
# character kept only when it is `;`.
_ENTITY_RE = re.compile(
    r"&(?:[a-zA-Z][-.a-zA-Z0-9]*(?:;|(?=[^a-zA-Z0-9]))|\#(?:[0-9]+|[xX][0-9a-fA-F]+)(?:;|(?=[^0-9a-fA-F])))"
)
# One attribute of a start tag `_TAG_RE` read: name, `=`, then a double-quoted,
# single-quoted or bare value.
_ATTR_RE = re.compile(
    r"""[ \t\n\r\f]+([^\s"'<>/=]+)(?:[ \t\n\r\f]*(=)[ \t\n\r\f]*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`/]+)))?"""
)
CDATA_CONTENT_ELEMENTS = ("script", "style")
# Where script or style content ends (the parser's `set_cdata_mode`).
_CDATA_END_RE = {tag: re.compile(rf"</\s*{tag}\s*>", re.I) for tag in CDATA_CONTENT_ELEMENTS}

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

_Attrs = tuple[tuple[str, str | None], ...]


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


class _Scanner:
    """One page's tokens, read as `HTMLParser.feed(page); close()` reads them."""

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
        self.tags: dict[str, tuple[str, str, str, _Attrs, bool]] = {}
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

    # -- the two rounds ------------------------------------------------------------
    def run(self) -> list[Event]:
        i = self.goahead(0)
        self.closing = True
        if self.last_query >= 0:
            self.stale_gt = self.source.find(">", self.last_query)
            self.stale_base = i
        i = self.goahead(i)
        if i < self.n and self.cdata is None:
            self.raw.extend(("data", i, "", "", ()))
        return self.events()

    def goahead(self, i: int) -> int:
        """The parser's `goahead` from `i`: the position where it stopped (`n` at the end)."""
        source = self.source
        n = self.n
        add = self.raw.extend
        find = source.find
        tag_match = _TAG_RE.match
        entity_match = _ENTITY_RE.match
        tags = self.tags
        cdata = self.cdata
        last_query = self.last_query
        gt, amp = self.gt_next, self.amp_next
        while i < n:
            if cdata is not None:
                # The end of script or style content: the first "</" where the pattern matches.
                cdata_end = _CDATA_END_RE[cdata].match
                j = i
                while (j := find("</", j)) >= 0 and (m := cdata_end(source, j)) is None:
                    j += 1
                if j < 0:
                    break
                assert m is not None
                if i < j:
                    add(("data", i, "", "", ()))
                last_query = j
                add(("end", j, cdata, "", ()))
                i = m.end()
                cdata = self.cdata = None
                continue
            c = source[i]
            if c == "<":
                if gt < i and gt != -1:
                    gt = find(">", i)
                if gt >= 0 and (known := tags.get(source[i + 1 : gt + 1])) is not None:
                    last_query = i
                    add((known[0], i, known[1], known[2], known[3]))
                    i = gt + 1
                    if known[4]:
                        cdata = self.cdata = known[1]
                    continue
                m = tag_match(source, i)
                if m is not None:
                    last_query = i
                    if m.lastindex == _START:
                        known = _read_start_tag(m)
                    else:
                        known = ("end", m.group(6).lower(), "", (), False)
                    tags[m.group()[1:]] = known
                    add((known[0], i, known[1], known[2], known[3]))
                    i = m.end()
                    if known[4]:
                        cdata = self.cdata = known[1]
                    continue
            elif c == "&":
                m = entity_match(source, i)
                if m is not None:
                    add(("entity", i, "", "", ()))
                    i = m.end()
                    continue
            else:
                j = find("<", i)
                if j < 0:
                    j = n
                if amp < i and amp != -1:
                    amp = find("&", i)
                if 0 <= amp < j:
                    j = amp
                add(("data", i, "", "", ()))
                i = j
                continue
            self.last_query = last_query
            k = self.slow(i)
            last_query = self.last_query
            if k < 0:
                i = self.stop_at
                break
            i = k
            cdata = self.cdata
        self.last_query = last_query
        self.gt_next, self.amp_next = gt, amp
        return i

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

    # -- the events ----------------------------------------------------------------
    def events(self) -> list[Event]:
        raw = self.raw
        if not raw or raw[1] > 0:  # text the parser reported no event for ("&a", "</>")
            if not self.n:
                return []
            raw[0:0] = ("data", 0, "", "", ())
        # Column by column: the events are made by `map`, a third of the time of a loop.
        kinds = raw[0::5]
        starts = raw[1::5]
        ends = starts[1:]
        ends.append(self.n)
        source = self.source
        decoded: dict[str, str] = {}

        def entity(start: int, end: int) -> str:
            text = source[start:end]
            value = decoded.get(text)
            if value is None:
                value = decoded[text] = unescape(text)
            return value

        texts = [source[s:e] if k == "data" else entity(s, e) if k == "entity" else t
                 for k, s, e, t in zip(kinds, starts, ends, raw[3::5])]
        return list(map(Event, kinds, starts, ends, raw[2::5], texts, raw[4::5]))


def _read_start_tag(m: re.Match[str]) -> tuple[str, str, str, _Attrs, bool]:
    """The reading of a start tag `_TAG_RE` read (as `_Scanner.tags` holds it)."""
    tag = m.group(2).lower()
    slash = m.group(4)
    cdata = not slash and tag in CDATA_CONTENT_ELEMENTS
    text = m.group(3)
    if not text:
        return "start", tag, slash, (), cdata
    attrs = tuple([(name.lower(), double + single + bare if eq else None)
                   for name, eq, double, single, bare in _ATTR_RE.findall(text)])
    if "&" in text:
        attrs = tuple([(name, unescape(value) if value else value) for name, value in attrs])
    return "start", tag, slash, attrs, cdata


def tokenize(source: str) -> list[Event]:
    """Every token of `source` with its [start, end) span; the spans tile the source."""
    return _Scanner(source).run()
