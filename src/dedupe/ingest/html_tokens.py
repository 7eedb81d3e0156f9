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
goes to a port of the parser's own code for that construct (`html_parser_port`), with its
regular expressions: comments, declarations, marked sections, processing instructions, odd
start tags, bare `&` and `<`, and unterminated constructs. On 311 real pages it takes half the time of the
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

from .html_parser_port import CDATA_CONTENT_ELEMENTS, Attrs, ParserPort


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
# Where script or style content ends (the parser's `set_cdata_mode`).
_CDATA_END_RE = {tag: re.compile(rf"</\s*{tag}\s*>", re.I) for tag in CDATA_CONTENT_ELEMENTS}
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


class _Scanner(ParserPort):
    """One page's tokens, read as `HTMLParser.feed(page); close()` reads them."""

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


def _read_start_tag(m: re.Match[str]) -> tuple[str, str, str, Attrs, bool]:
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
