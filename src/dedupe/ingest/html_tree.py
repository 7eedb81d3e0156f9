"""The page as a flat element table: tokens replayed into elements with implied end tags, and text counts.

`build_elements` replays the tokenizer's events (`html_tokens.tokenize`) over an open-element
stack with the HTML standard's common implied end tags (`<p>`, `<li>`, `<td>`, `<tr>`,
`<dt>`/`<dd>`, `<option>`), iteratively: nesting depth never meets Python's recursion limit.
`text_stats` then counts the visible characters of each element (over its subtree, inside
links, and its own text outside its block-level children), the evidence content choice
scores by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..config import Config
from .content import COMMA_CHARS
from .html_tokens import Event

VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
                       "param", "source", "track", "wbr"})
# Elements whose content is not text of the page.
SKIP_TAGS = frozenset({"script", "style", "template", "svg", "math", "iframe", "object", "canvas", "video",
                       "audio", "map", "head", "picture"})
BLOCK_TAGS = frozenset({"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
                        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
                        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
                        "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
                        "tfoot", "th", "thead", "tr", "ul", "noscript", "title", "option", "select", "textarea",
                        "button"})
INLINE_TAGS = frozenset({"a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font",
                         "i", "img", "ins", "kbd", "label", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small",
                         "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "br"})
# Start tags that close an open <p> (the HTML standard's list, abridged).
CLOSES_P = frozenset({"address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
                      "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
                      "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
                      "table", "ul", "li", "dd", "dt"})
P_SCOPE_BARRIERS = frozenset({"table", "td", "th", "caption", "html", "button", "object", "template", "marquee"})
HEADINGS = {f"h{n}": n for n in range(1, 7)}
LIST_TAGS = frozenset({"ul", "ol", "menu", "dl", "dir"})
SIDE_TAGS = frozenset({"nav", "aside", "footer", "form"})
SIDE_ROLES = frozenset({"navigation", "complementary", "contentinfo", "search"})
# How far down the open-element stack an end tag or an implied close may look.
MAX_SCOPE_SEARCH = 512

# `re` and ranges, not `regex` and scripts: counted on every text of a page, many times faster.
# Kana, CJK ideographs (extension A, unified, compatibility), Hangul syllables.
CJK_CHAR_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


@dataclass(slots=True)
class TagElement:
    tag: str
    attrs: dict[str, str]
    parent: int
    start: int  # where its start tag begins
    names: tuple[str, ...] = ()  # class and id tokens
    open_end: int = 0  # where its start tag ends


# The implied end tags' scopes (built once: this runs for every tag of a page).
_P, _LI, _TR, _OPTION = frozenset({"p"}), frozenset({"li"}), frozenset({"tr"}), frozenset({"option"})
_DT_DD, _CELLS, _SECTIONS = frozenset({"dt", "dd"}), frozenset({"td", "th"}), frozenset({"thead", "tbody", "tfoot"})
_HEADING_TAGS = frozenset(HEADINGS)
_LI_BARRIERS = frozenset({"ul", "ol", "menu", "table", "td", "th"})
_DT_BARRIERS = frozenset({"dl", "table", "td", "th"})
_CELL_BARRIERS = frozenset({"tr", "table"})
_TR_BARRIERS = frozenset({"table", "thead", "tbody", "tfoot"})
_TABLE = frozenset({"table"})
_OPTION_BARRIERS = frozenset({"select", "datalist"})
_HEADING_BARRIERS = frozenset({"div", "section", "article", "td", "li"})
_NONE: frozenset[str] = frozenset()
# Per start tag, the open elements it closes (besides an open <p>) and where the search stops.
IMPLIED_CLOSES: dict[str, tuple[tuple[frozenset[str], frozenset[str]], ...]] = {
    "li": ((_LI, _LI_BARRIERS),),
    "dt": ((_DT_DD, _DT_BARRIERS),),
    "dd": ((_DT_DD, _DT_BARRIERS),),
    "td": ((_CELLS, _CELL_BARRIERS),),
    "th": ((_CELLS, _CELL_BARRIERS),),
    "tr": ((_TR, _TR_BARRIERS), (_CELLS, _TABLE)),
    **{t: ((_SECTIONS, _TABLE), (_TR, _TABLE), (_CELLS, _TABLE)) for t in ("thead", "tbody", "tfoot")},
    "option": ((_OPTION, _OPTION_BARRIERS),),
    **{t: ((_HEADING_TAGS, _HEADING_BARRIERS),) for t in HEADINGS},
}


def build_elements(events: list[Event]) -> list[TagElement]:
    """Replay the tags into elements with the common implied end tags; closing events are added
    for implied closes so that every element that opens also closes."""
    elements: list[TagElement] = []
    stack: list[int] = []
    open_count: dict[str, int] = {}
    out: list[Event] = []
    # A start tag's attributes as a dict and its class and id tokens, read once per distinct
    # attribute tuple (the tokenizer gives a repeated tag the same tuple); shared, never mutated.
    readings: dict[tuple[tuple[str, str | None], ...], tuple[dict[str, str], tuple[str, ...]]] = {}
    singletons: dict[str, frozenset[str]] = {}  # an end tag's own name, as the set `find_open` takes

    def pop_to(depth: int, at: int) -> None:
        while len(stack) > depth:
            e = stack.pop()
            open_count[elements[e].tag] -= 1
            out.append(Event("end", at, at, tag=elements[e].tag, element=e))

    def find_open(wanted: frozenset[str], barriers: frozenset[str]) -> int:
        """Stack depth of the innermost open element among `wanted`, or -1 (stopping at a barrier)."""
        for t in wanted:
            if open_count.get(t):
                break
        else:
            return -1
        for k in range(len(stack) - 1, max(-1, len(stack) - 1 - MAX_SCOPE_SEARCH), -1):
            tag = elements[stack[k]].tag
            if tag in wanted:
                return k
            if tag in barriers:
                return -1
        return -1

    for ev in events:
        if ev.kind == "start":
            tag = ev.tag
            # The shallowest of the open elements this tag closes implicitly (-1: none).
            depth = find_open(_P, P_SCOPE_BARRIERS) if tag in CLOSES_P else -1
            scopes = IMPLIED_CLOSES.get(tag)
            if scopes is not None:
                for wanted, barriers in scopes:
                    k = find_open(wanted, barriers)
                    if k >= 0 and (depth < 0 or k < depth):
                        depth = k
            if depth >= 0:
                pop_to(depth, ev.start)
            reading = readings.get(ev.attrs)
            if reading is None:
                attrs = {k: (v or "") for k, v in ev.attrs}
                reading = readings[ev.attrs] = (attrs, (*attrs.get("class", "").split(), *attrs.get("id", "").split()))
            attrs, names = reading
            e = len(elements)
            elements.append(TagElement(tag, attrs, stack[-1] if stack else -1, ev.start, names, ev.end))
            ev.element = e
            out.append(ev)
            if tag in VOID_TAGS or ev.text == "/":
                out.append(Event("end", ev.end, ev.end, tag=tag, element=e))
            else:
                stack.append(e)
                open_count[tag] = open_count.get(tag, 0) + 1
        elif ev.kind == "end":
            tag = ev.tag
            if tag in VOID_TAGS:
                if tag == "br":  # `</br>` is a line break
                    e = len(elements)
                    elements.append(TagElement("br", {}, stack[-1] if stack else -1, ev.start, (), ev.end))
                    out.append(Event("start", ev.start, ev.end, tag="br", element=e))
                    out.append(Event("end", ev.end, ev.end, tag="br", element=e))
                out.append(Event("markup", ev.start, ev.end))
                continue
            own_name = singletons.get(tag)
            if own_name is None:
                own_name = singletons[tag] = frozenset((tag,))
            k = find_open(own_name, P_SCOPE_BARRIERS if tag == "p" else _NONE)
            if k < 0:
                out.append(Event("markup", ev.start, ev.end))  # a stray end tag
                continue
            pop_to(k + 1, ev.start)
            e = stack.pop()
            open_count[tag] -= 1
            ev.element = e
            out.append(ev)
        else:
            ev.element = stack[-1] if stack else -1
            out.append(ev)
    end = events[-1].end if events else 0
    pop_to(0, end)
    events[:] = out
    return elements


@dataclass(slots=True)
class TextStats:
    """Per element: visible characters over its subtree and inside links there, and its
    own text (outside its block-level children): characters, link characters, commas."""

    size: list[int]
    link: list[int]
    own: list[int]
    own_link: list[int]
    own_commas: list[int]
    commas: list[int]  # over the subtree
    heading_text: dict[int, str]  # the text of each h1-h6 and <title>


def text_stats(elements: list[TagElement], events: list[Event], config: Config) -> TextStats:
    """Visible characters inside each element, its descendants included, and what each
    block-level element holds itself (the text of its inline children)."""
    n = len(elements)
    own, own_link, own_commas = [0] * n, [0] * n, [0] * n
    in_link = [False] * n
    block_of = list(range(n))  # the nearest element that is not inline
    for e, el in enumerate(elements):
        p = el.parent
        in_link[e] = el.tag == "a" or (p >= 0 and in_link[p])
        if el.tag in INLINE_TAGS and p >= 0:
            block_of[e] = block_of[p]
    link = [0] * n
    size = [0] * n
    heading_text: dict[int, str] = {}
    extra_cjk = config.content.cjk_char_weight - 1  # a CJK character is already counted once
    titled = [el.tag in HEADINGS or el.tag == "title" for el in elements]
    for ev in events:
        e = ev.element
        kind = ev.kind
        if (kind == "data" or kind == "entity") and e >= 0:
            text = ev.text
            if not text or text.isspace():  # (most text events of a page are the spacing between tags)
                if text and titled[block_of[e]] and block_of[e] in heading_text:
                    heading_text[block_of[e]] += text  # `<b>A</b> <b>B</b>`: the space between words
                continue
            k = len("".join(text.split()))
            if not text.isascii():
                # A Chinese, Japanese or Korean character says about what a word says: it
                # counts as three characters, so a CJK post scores like its translation.
                k += extra_cjk * len(CJK_CHAR_RE.findall(text))
            b = block_of[e]
            if titled[b]:
                heading_text[b] = heading_text.get(b, "") + text
            size[e] += k
            own[b] += k
            if in_link[e]:
                link[e] += k
                own_link[b] += k
            if kind == "data" and ("," in text or "，" in text or "、" in text):
                own_commas[b] += sum(text.count(c) for c in COMMA_CHARS)
    commas = own_commas.copy()
    for e in range(n - 1, -1, -1):
        el = elements[e]
        p = el.parent
        if p >= 0 and el.tag not in SKIP_TAGS:
            size[p] += size[e]
            link[p] += link[e]
            commas[p] += commas[e]
    return TextStats(size, link, own, own_link, own_commas, commas, heading_text)


def ancestors(elements: list[TagElement], e: int) -> list[int]:
    out: list[int] = []
    p = elements[e].parent
    while p >= 0 and len(out) < MAX_SCOPE_SEARCH:
        out.append(p)
        p = elements[p].parent
    return out
