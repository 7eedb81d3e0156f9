"""Blocks of an HTML page: the events replayed over the element roles into blocks, chrome lines and metadata.

`BlockBuilder.build` walks the events once: text runs are collected per owner element
(`html_text.TextRun`), cleaned by `hygiene`, and emitted as typed blocks (headings, list
items, table rows, code, quotes, captions, paragraphs) or as chrome lines with their kind;
markup spans, tag links and the metadata the page states (`<meta>`, JSON-LD, `<time>`,
bylines: `metadata.py`) are gathered on the way.
"""

from __future__ import annotations

from typing import Any

import regex

from .blocks import ChromeLine, Kind, RawBlock
from .chrome import match_chrome
from .html_roles import ElementRoles
from .html_text import (
    SpanText,
    TextRun,
    attribute_mapped,
    line_ranges,
    strip_range,
    trim_code,
)
from .html_titles import is_og_title
from .html_tokens import Event
from .html_tree import BLOCK_TAGS, HEADINGS, TagElement
from .hygiene import DIRTY_RE, Mapped, clean_mapped
from .metadata import (
    TEXT,
    canonical_candidate,
    is_page_carrier,
    make_candidate,
    meta_candidate,
    meta_key,
    page_element_candidates,
    read_byline,
    read_json_ld,
)
from .sink import BlockSink, one_line

# Chrome whose elements state nothing about the post (a comment's author, a related card's date).
NOT_THE_POSTS = frozenset({"comments", "related", "sidebar", "nav", "share", "feed", "cookies", "hidden", "form",
                           "noscript"})
# Chrome where a label link (`rel=tag`, `/search/label/...`) is the site's menu, not the
# post's tag (the post's labels sit in its footer or meta box, which stay).
NOT_THE_POSTS_TAGS = NOT_THE_POSTS | {"header"}
# Chrome lines that may be the post's byline or dateline: a date/byline box (`meta`, read
# leniently: `By jlee`), and text outside the content, in the page header or the post footer.
BYLINE_CHROME = {"meta": (0,), "page": (1,), "header": (1,), "footer": (1,)}
LANG_CLASS_RE = regex.compile(r"^(?:language|lang|highlight|brush:?)-?(\w[\w+#-]*)$", regex.IGNORECASE)
LINKABLE_RE = regex.compile(r"^(?:https?:)?//", regex.IGNORECASE)
# Links to a tag page: Blogger labels, WordPress tags, Hatena categories, note hashtags.
TAG_HREF_RE = regex.compile(r"/(?:hashtag|tags?|search/label|archive/category)/[^/?#]+/?(?:[?#].*)?$", regex.IGNORECASE)


class BlockBuilder(BlockSink):
    """The HTML ingester's block sink: blocks, chrome, markup, tags, title and metadata
    (`BlockSink`), built from the page's events and the roles of its elements."""

    def __init__(self, source: str, elements: list[TagElement], roles: ElementRoles) -> None:
        super().__init__(source)
        self.elements = elements
        self.roles = roles
        self.page_title: Mapped | None = None
        self.og_title: Mapped | None = None
        self.run: TextRun | None = None
        self.row: list[Mapped] = []
        self.row_header: list[bool] = []
        self.groups: dict[int, int] = {}
        self.pre_lang: dict[int, str] = {}
        self.open_links: dict[int, tuple[str, bool]] = {}
        self.tag_text: dict[int, list[str]] = {}  # text of the open rel=tag / tag-page links
        self.carriers: list[tuple[int, TextRun]] = []  # the open elements that may state metadata, with their text

    def group(self, element: int) -> int:
        """The list, table, quote or code id of an element (a new one the first time)."""
        if element not in self.groups:
            self.groups[element] = self.new_group()
        return self.groups[element]

    # -- driver -------------------------------------------------------------------
    def build(self, events: list[Event]) -> None:
        roles = self.roles
        markup = self.markup
        # Markup spans in source order; one that starts where the last ended extends it (a
        # page is mostly tags next to tags: `merge_spans` then sorts a short list).
        last_start, last_end = 0, -1

        def mark(start: int, end: int) -> None:
            nonlocal last_start, last_end
            if start == last_end:
                last_end = end
                return
            if last_end >= 0:
                markup.append((last_start, last_end))
            last_start, last_end = start, end

        for ev in events:
            e = ev.element
            kind = ev.kind
            if kind in ("comment", "decl", "pi", "markup"):
                mark(ev.start, ev.end)
            elif kind == "start":
                mark(ev.start, ev.end)
                self._open(e, ev)
            elif kind == "end":
                mark(ev.start, ev.end)
                self._close(e, ev)
            elif e >= 0 and roles.skip[e] and e != roles.page_title:
                mark(ev.start, ev.end)  # script, style, svg...
            elif ev.text:
                if kind == "entity" and ev.text.isspace():
                    mark(ev.start, ev.end)  # &nbsp; and friends: spacing, not text
                self._text(e, ev)
        if last_end >= 0:
            markup.append((last_start, last_end))
        self._flush()

    def _text(self, e: int, ev: Event) -> None:
        for _, text_run in self.carriers:
            text_run.add(ev.text, ev.start, ev.end, pre=False, one_span=ev.kind == "entity")
        owner = self.roles.owner[e] if e >= 0 else -1
        kind = self._chrome_kind(e)
        run = self.run
        if run is None or run.owner != owner or run.chrome != kind:
            if ev.kind == "data" and ev.text.isspace():
                return  # whitespace between blocks
            self._flush()
            run = self.run = TextRun(owner, kind)
        for a, (href, is_tag) in self.open_links.items():
            if a not in run.link_starts:
                run.link_starts[a] = (run.length, href, is_tag)
            if is_tag:
                self.tag_text.setdefault(a, []).append(ev.text)
        pre = self._in_pre(owner)
        text, start = ev.text, ev.start
        if pre and ev.kind == "data" and start == self.elements[owner].open_end:
            # The line end right after <pre> is not content (HTML standard).
            lead = 2 if text.startswith("\r\n") else 1 if text.startswith(("\n", "\r")) else 0
            text, start = text[lead:], start + lead
        run.add(text, start, ev.end, pre=pre, one_span=ev.kind == "entity")

    def _chrome_kind(self, e: int) -> str | None:
        if e < 0:
            return "page" if self.roles.has_content else None
        if e == self.roles.page_title:
            return None
        kind = self.roles.chrome[e]
        if kind:
            return kind
        if self.roles.has_content and not self.roles.in_content[e] and not self._inside_title(e):
            return "page"
        return None

    def _inside_title(self, e: int) -> bool:
        t = self.roles.title
        return t >= 0 and (e == t or self.roles.owner[e] == t)

    def _in_pre(self, owner: int) -> bool:
        return owner >= 0 and self.elements[owner].tag == "pre"

    def _open(self, e: int, ev: Event) -> None:
        el = self.elements[e]
        tag = el.tag
        if tag == "meta":
            if is_og_title(el):
                self.og_title = attribute_mapped(self.source, ev.start, ev.end, "content")
            self._meta(e, ev)
        elif tag == "link" and "canonical" in el.attrs.get("rel", "").lower().split() and el.attrs.get("href"):
            canonical = attribute_mapped(self.source, ev.start, ev.end, "href")
            if canonical is not None and canonical.text:
                found = canonical_candidate(canonical.text, (canonical.starts[0], canonical.ends[-1]))
                if found is not None:
                    self.metadata.append(found)
        elif is_page_carrier(tag, el.attrs, el.names) and self.roles.chrome[e] not in NOT_THE_POSTS:
            self.carriers.append((e, TextRun(-1, None)))
        if tag == "code":
            p = el.parent
            if p >= 0 and self.elements[p].tag == "pre":
                for name in el.names + self.elements[p].names:
                    m = LANG_CLASS_RE.match(name)
                    if m:
                        self.pre_lang.setdefault(p, m.group(1))
                        break
        if tag == "a":
            href = el.attrs.get("href", "").strip()
            is_tag = "tag" in el.attrs.get("rel", "").lower().split() or bool(TAG_HREF_RE.search(href))
            if is_tag or (href and LINKABLE_RE.match(href)):
                self.open_links[e] = (href if LINKABLE_RE.match(href) else "", is_tag)
        if tag == "br":
            self._line_break(ev.start)
        elif tag in BLOCK_TAGS:
            self._boundary(e, ev.start)

    def _close(self, e: int, ev: Event) -> None:
        tag = self.elements[e].tag
        if self.carriers and self.carriers[-1][0] == e:
            self._carrier_closed(e, ev, self.carriers.pop()[1])
        elif tag == "script" and "ld+json" in self.elements[e].attrs.get("type", "").lower():
            start = self.elements[e].open_end
            self.metadata.extend(read_json_ld(self.source[start : ev.start], start))
        if tag == "a":
            self._close_link(e, ev.start)
        elif tag == "tr":
            self._flush()
            self._emit_row(e)
        elif tag in BLOCK_TAGS:
            self._boundary(e, ev.start, closing=True)

    # -- metadata -----------------------------------------------------------------
    def _meta(self, e: int, ev: Event) -> None:
        """A `<meta>` that states a field (outside chrome that is not the post's)."""
        attrs = self.elements[e].attrs
        key = meta_key(attrs)
        if key is None or not attrs.get("content", "").strip() or self.roles.chrome[e] in NOT_THE_POSTS:
            return
        content = attribute_mapped(self.source, ev.start, ev.end, "content")
        if content is not None and content.text:
            found = meta_candidate(*key, content.text, (content.starts[0], content.ends[-1]))
            if found is not None:
                self.metadata.append(found)

    def _carrier_closed(self, e: int, ev: Event, text_run: TextRun) -> None:
        """An element that may state a field (a `<time>`, an author link...) has closed: read it."""
        el = self.elements[e]
        mapped = clean_mapped(text_run.mapped(), entities=False) if text_run.length else None
        text = mapped.text if mapped else ""
        span = (mapped.starts[0], mapped.ends[-1]) if mapped and mapped.text else None

        def attr_span(name: str) -> tuple[str, tuple[int, int]]:
            m = attribute_mapped(self.source, el.start, el.open_end, name)
            if m is None or not m.text:
                return "", (el.start, el.start)
            return m.text, (m.starts[0], m.ends[-1])

        self.metadata.extend(page_element_candidates(el.tag, el.attrs, el.names, text, span, attr_span))

    def _bylines(self, st: SpanText, a: int, b: int, *, lenient: bool, bare_dates: bool,
                 rank: tuple[int, ...]) -> str | None:
        """If the line `st.text[a:b]` is a byline or dateline: its metadata is taken and its kind returned."""
        found = read_byline(st.text[a:b], lenient=lenient, bare_dates=bare_dates)
        if found is None:
            return None
        for part in found.parts:
            span = (st.start_of(a + part.start), st.end_of(a + part.end - 1))
            c = make_candidate(part.field, part.value, found.kind, [span], TEXT, rank)
            if c is not None:
                self.metadata.append(c)
        return found.kind

    def _line_break(self, at: int) -> None:
        run = self.run
        if run is None:
            return
        if self._in_pre(run.owner):
            run.add_break(at)
        elif run.owner >= 0 and self.roles.atomic[run.owner]:
            run.separate(at)
        else:
            self._flush()

    def _boundary(self, e: int, at: int, *, closing: bool = False) -> None:
        run = self.run
        if run is None:
            return
        if closing and e == run.owner:
            self._flush()
        elif run.owner >= 0 and self.roles.atomic[run.owner] and self.roles.owner[e] == run.owner:
            run.separate(at)
        else:
            self._flush()

    def _close_link(self, e: int, at: int) -> None:
        self.open_links.pop(e, None)
        tag = " ".join("".join(self.tag_text.pop(e, [])).split()).lstrip("#")
        if tag and self.roles.chrome[e] not in NOT_THE_POSTS_TAGS:
            self.tags.append(tag)
        run = self.run
        if run is None or e not in run.link_starts:
            return
        pos, href, _ = run.link_starts.pop(e)
        text = run.text_from(pos).strip()
        if not text or not href or self._link_kind_blocked(run):
            return
        url = href if href.lower().startswith("http") else "https:" + href
        if text.rstrip("/") in (url.rstrip("/"), href.rstrip("/")):
            return  # the link shows its own address
        run.insert(pos, "[", run.start_at(pos) if pos < run.length else at)
        run.insert(run.length, f"]({url})", at)

    def _link_kind_blocked(self, run: TextRun) -> bool:
        """No `[text](url)` in headings, titles, code and chrome: only where a citation could be."""
        if run.owner < 0:
            return bool(run.chrome)
        tag = self.elements[run.owner].tag
        return tag in HEADINGS or tag in ("pre", "title") or run.owner == self.roles.title or bool(run.chrome)

    # -- emitting -----------------------------------------------------------------
    def _flush(self) -> None:
        run, self.run = self.run, None
        if run is None or not run.has_text():
            return
        owner = run.owner
        el = self.elements[owner] if owner >= 0 else None
        tag = el.tag if el else ""
        pre = tag == "pre"
        raw = run.text()
        if pre:
            st = SpanText.of(trim_code(clean_mapped(run.mapped(), code=True, entities=False)))
            a, b = 0, len(st.text)
        elif DIRTY_RE.search(raw) is None:
            # No fix can apply (`clean_mapped`'s own first test): the text is the run's, trimmed,
            # read through its stretches without offsets per character.
            st = run.span_text(raw)
            a, b = strip_range(raw)
        else:
            st = SpanText.of(clean_mapped(run.mapped(), entities=False))
            a, b = 0, len(st.text)
        if a >= b:
            return
        text = st.text
        if run.chrome:
            byline_rank = BYLINE_CHROME.get(run.chrome)
            for la, lb in line_ranges(text, a, b):
                line = text[la:lb]
                kind = run.chrome
                if byline_rank is not None:
                    meta_box = kind == "meta"
                    kind = self._bylines(st, la, lb, lenient=meta_box, bare_dates=meta_box, rank=byline_rank) or kind
                elif kind == "links":  # a box of links: a line the chrome table knows keeps its own kind
                    kind = match_chrome(line, in_tail=True) or kind
                start = st.start_of(la)
                self.chrome.append(ChromeLine(line, kind, start, st.end_of(lb - 1), self.line_of(start)))
            return
        if owner >= 0 and owner == self.roles.page_title:  # -1 is "no <title>", not loose text
            self.page_title = st.sub_mapped(a, b)
            return
        if owner >= 0 and owner == self.roles.title and self.title is None:
            self.title = self._block(Kind.HEADING, st, a, b, one_line=True, level=HEADINGS.get(tag, 1))
            return
        if tag in ("td", "th") and self.roles.atomic[owner]:
            self.row.append(one_line(st.sub_mapped(a, b)))
            self.row_header.append(tag == "th" or self._in_thead(owner))
            return
        if tag in HEADINGS:
            self.blocks.append(self._block(Kind.HEADING, st, a, b, one_line=True, level=HEADINGS[tag]))
        elif pre:
            lang = self.pre_lang.get(owner)
            self.blocks.append(self._block(Kind.CODE, st, a, b, group=self.group(owner), cells=(lang,) if lang else ()))
        elif tag in ("li", "dt", "dd"):
            lst = self.roles.list_of[owner]
            ordered = lst >= 0 and self.elements[lst].tag == "ol"
            self.blocks.append(self._block(Kind.LIST_ITEM, st, a, b, group=self.group(lst if lst >= 0 else owner),
                                           ordered=ordered, level=self.roles.list_depth[owner]))
        else:
            if owner >= 0 and self.roles.caption[owner]:
                kind, group = Kind.CAPTION, None
            elif owner >= 0 and self.roles.quote_of[owner] >= 0:
                kind, group = Kind.QUOTE, self.group(self.roles.quote_of[owner])
            else:
                kind, group = Kind.PARAGRAPH, None
            cell = tag in ("td", "th")  # a cell of a layout table: one line
            for la, lb in [(a, b)] if cell else line_ranges(text, a, b):
                if group is None:
                    self.blocks.append(self._block(kind, st, la, lb, one_line=cell))
                else:
                    self.blocks.append(self._block(kind, st, la, lb, one_line=cell, group=group))

    def _in_thead(self, cell: int) -> bool:
        p = self.elements[cell].parent
        while p >= 0 and self.elements[p].tag not in ("table", "thead"):
            p = self.elements[p].parent
        return p >= 0 and self.elements[p].tag == "thead"

    def _emit_row(self, tr: int) -> None:
        cells, header = self.row, self.row_header
        self.row, self.row_header = [], []
        if not any(c.text for c in cells):
            return
        table = tr
        while table >= 0 and self.elements[table].tag != "table":
            table = self.elements[table].parent
        self.add_row(cells, group=self.group(table if table >= 0 else tr), header=all(header))

    def _block(self, kind: Kind, st: SpanText, a: int, b: int, *, one_line: bool = False, **fields: Any) -> RawBlock:
        """The block of `st.text[a:b]` (line breaks made spaces with `one_line`: a heading, a cell)."""
        text = st.text[a:b]
        if one_line:
            text = text.replace("\n", " ")
        start = st.start_of(a)
        return RawBlock(kind, text, start, st.end_of(b - 1), self.line_of(start), anchors=st.anchors(a, b), **fields)
