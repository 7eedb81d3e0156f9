"""HTML ingestion: a saved page to typed blocks, chrome lines and markup spans, with exact offsets.

Tokens: `html_tokens.tokenize`, which gives exactly the tokens of the standard library's
`html.parser.HTMLParser` (the one well-kept HTML parser that reports where each token
starts) in half the time, so every block, chrome line and markup span is a character
offset into the decoded page, entities and all; lxml and selectolax build trees without
character offsets, and trafilatura returns text without them. A tokenizer does not build
a tree, so this module builds a flat element table itself with the HTML standard's common
implied end tags (`<p>`, `<li>`, `<td>`, `<tr>`, `<dt>`/`<dd>`, `<option>`), iteratively:
nesting depth never meets Python's recursion limit.

Three passes, one record type each:

1. tokenize: `_Event`s with their source spans (an event ends where the next begins);
2. elements: the open-element stack replayed into `_Element`s, then each element's role
   from its ancestors -- in chrome (`chrome.CHROME_BOXES`: nav, header/footer, aside,
   share, related, comments, forms...), in the post's content (`article`, `main`,
   `.post-body`, `.entry-content`...), skipped (`script`, `style`), or the post title;
3. blocks: text runs collected per owning element into `Mapped` text (each character with
   its source span), cleaned by `hygiene`, and emitted as blocks or chrome lines.

The shared rules (`rules.py`) then set aside chrome by text, split glued list items, and
find bare headings when the page marks none.
"""

from __future__ import annotations

import functools
import html as html_lib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

import regex

from ..citations import is_reference_heading
from ..config import Config
from .blocks import ChromeLine, Ingested, Kind, RawBlock
from .chrome import match_chrome, match_chrome_box
from .content import COMMA_CHARS, Content, choose_content
from .html_tokens import Event as _Event
from .html_tokens import tokenize
from .hygiene import Mapped, anchors_of, clean_mapped, clean_text, join_cells
from .metadata import (
    TEXT,
    Candidate,
    canonical_candidate,
    choose_metadata,
    is_page_carrier,
    make_candidate,
    meta_candidate,
    meta_key,
    page_element_candidates,
    read_byline,
    read_json_ld,
)
from .plaintext import line_starts
from .rules import (
    mark_bare_headings,
    set_aside_lines,
    split_glued_items,
    strip_title_tags,
    take_tag_lines,
)

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
LAYOUT_SIGNS = frozenset({"table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "form",
                          "article", "section", "nav", "aside", "header", "footer", "main"})
# How far down the open-element stack an end tag or an implied close may look.
MAX_SCOPE_SEARCH = 512

# The post's own content, by class or id token; an element holding it is never chrome.
CONTENT_TOKEN_RE = regex.compile(
    r"post-body|post-content|entry-content|entry-body|article-body|article-content|hentry|post|entry|article|"
    r"markdown-body|main-content|note-body|p-article__content|o-noteContentText|note-common-styles__textnote-body|"
    r"hatenablog-entry|blog-post|single-post|postbody|articleBody",
    regex.IGNORECASE,
)
# The post's title, by class or id token on a heading.
TITLE_TOKEN_RE = regex.compile(
    r"(?:post|entry|article|note|blog-post|single|p-article_*|o-noteContentHeader_*)[-_]?title|headline",
    regex.IGNORECASE,
)
# A figure's caption or credit: `<figcaption>` anywhere, WordPress's classic `.wp-caption-text`
# anywhere, and these class tokens inside a figure (`<figure>`, `.wp-caption`). A caption is
# never body text, and `credit` inside a figure is not the site's footer credits.
CAPTION_ANYWHERE = frozenset({"wp-caption-text"})
CAPTION_IN_FIGURE = frozenset({"caption", "image-caption", "photo-caption", "media-caption", "credit",
                               "wp-caption-text"})
FIGURE_TOKENS = frozenset({"wp-caption"})
# Chrome whose elements state nothing about the post (a comment's author, a related card's date).
NOT_THE_POSTS = frozenset({"comments", "related", "sidebar", "nav", "share", "feed", "cookies", "hidden", "form",
                           "noscript"})
# Chrome where a label link (`rel=tag`, `/search/label/...`) is the site's menu, not the
# post's tag (the post's labels sit in its footer or meta box, which stay).
NOT_THE_POSTS_TAGS = NOT_THE_POSTS | {"header"}
# Chrome lines that may be the post's byline or dateline: a date/byline box (`meta`, read
# leniently: `By jlee`), and text outside the content, in the page header or the post footer.
BYLINE_CHROME = {"meta": (0,), "page": (1,), "header": (1,), "footer": (1,)}
HIDDEN_STYLE_RE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)
LANG_CLASS_RE = regex.compile(r"^(?:language|lang|highlight|brush:?)-?(\w[\w+#-]*)$", regex.IGNORECASE)
LINKABLE_RE = regex.compile(r"^(?:https?:)?//", regex.IGNORECASE)
# Links to a tag page: Blogger labels, WordPress tags, Hatena categories, note hashtags.
TAG_HREF_RE = regex.compile(r"/(?:hashtag|tags?|search/label|archive/category)/[^/?#]+/?(?:[?#].*)?$", regex.IGNORECASE)


# --------------------------------------------------------------------------- pass 1: tokens


# `re` and ranges, not `regex` and scripts: counted on every text of a page, many times faster.
# Kana, CJK ideographs (extension A, unified, compatibility), Hangul syllables.
_CJK_CHAR_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
# Whitespace that does not stay as it is outside <pre>: a run, a tab or line break, a space first.
_ODD_SPACE_RE = re.compile(r"[ \t\n\r\f]{2,}|[\t\n\r\f]|^ ")
# A character reference, a stretch without one, or a bare `&`, in an attribute value.
_ATTR_PIECE_RE = regex.compile(r"&(?:#\d+|#x[0-9a-f]+|\w+);?|[^&]+|&", regex.IGNORECASE)


# --------------------------------------------------------------------------- pass 2: elements


@dataclass(slots=True)
class _Element:
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


def build_elements(events: list[_Event]) -> list[_Element]:
    """Replay the tags into elements with the common implied end tags; closing events are added
    for implied closes so that every element that opens also closes."""
    elements: list[_Element] = []
    stack: list[int] = []
    open_count: dict[str, int] = {}
    out: list[_Event] = []
    # A start tag's attributes as a dict and its class and id tokens, read once per distinct
    # attribute tuple (the tokenizer gives a repeated tag the same tuple); shared, never mutated.
    readings: dict[tuple[tuple[str, str | None], ...], tuple[dict[str, str], tuple[str, ...]]] = {}
    singletons: dict[str, frozenset[str]] = {}  # an end tag's own name, as the set `find_open` takes

    def pop_to(depth: int, at: int) -> None:
        while len(stack) > depth:
            e = stack.pop()
            open_count[elements[e].tag] -= 1
            out.append(_Event("end", at, at, tag=elements[e].tag, element=e))

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
            elements.append(_Element(tag, attrs, stack[-1] if stack else -1, ev.start, names, ev.end))
            ev.element = e
            out.append(ev)
            if tag in VOID_TAGS or ev.text == "/":
                out.append(_Event("end", ev.end, ev.end, tag=tag, element=e))
            else:
                stack.append(e)
                open_count[tag] = open_count.get(tag, 0) + 1
        elif ev.kind == "end":
            tag = ev.tag
            if tag in VOID_TAGS:
                if tag == "br":  # `</br>` is a line break
                    e = len(elements)
                    elements.append(_Element("br", {}, stack[-1] if stack else -1, ev.start, (), ev.end))
                    out.append(_Event("start", ev.start, ev.end, tag="br", element=e))
                    out.append(_Event("end", ev.end, ev.end, tag="br", element=e))
                out.append(_Event("markup", ev.start, ev.end))
                continue
            wanted = singletons.get(tag)
            if wanted is None:
                wanted = singletons[tag] = frozenset((tag,))
            k = find_open(wanted, P_SCOPE_BARRIERS if tag == "p" else _NONE)
            if k < 0:
                out.append(_Event("markup", ev.start, ev.end))  # a stray end tag
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
class _Roles:
    """What each element is for, from its own attributes and its ancestors'."""

    skip: list[bool]
    chrome: list[str | None]
    in_content: list[bool]
    owner: list[int]  # the element whose text block a text run inside this element belongs to
    atomic: list[bool]  # owners whose inner block elements do not split the block (li, td, h1...)
    list_of: list[int]  # for li/dt/dd: its list element
    list_depth: list[int]
    quote_of: list[int]
    caption: list[bool]  # a figure's caption: its own atomic owner, whose lines are caption blocks
    data_table: list[bool]  # for table elements: a table of data, not of layout
    title: int  # the title element, or -1
    page_title: int  # the document's <title> (not an SVG's), or -1
    has_content: bool
    has_headings: bool  # h2-h6 in the content


@dataclass(slots=True)
class _TextStats:
    """Per element: visible characters over its subtree and inside links there, and its
    own text (outside its block-level children): characters, link characters, commas."""

    size: list[int]
    link: list[int]
    own: list[int]
    own_link: list[int]
    own_commas: list[int]
    commas: list[int]  # over the subtree
    heading_text: dict[int, str]  # the text of each h1-h6 and <title>


def text_stats(elements: list[_Element], events: list[_Event]) -> _TextStats:
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
    titled = [el.tag in HEADINGS or el.tag == "title" for el in elements]
    for ev in events:
        e = ev.element
        kind = ev.kind
        if (kind == "data" or kind == "entity") and e >= 0:
            text = ev.text
            if not text or text.isspace():  # (most text events of a page are the spacing between tags)
                continue
            k = len("".join(text.split()))
            if not text.isascii():
                # A Chinese, Japanese or Korean character says about what a word says: it
                # counts as three characters, so a CJK post scores like its translation.
                k += 2 * len(_CJK_CHAR_RE.findall(text))
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
    return _TextStats(size, link, own, own_link, own_commas, commas, heading_text)


def assign_roles(elements: list[_Element], stats: _TextStats) -> _Roles:
    n = len(elements)
    size = stats.size
    page_size = sum(size[e] for e, el in enumerate(elements) if el.parent < 0 and el.tag not in SKIP_TAGS)
    content_hint = [False] * n
    title_candidates: list[int] = []
    # Inside a sidebar, a nav or a footer, an `article` or a `.post` is a teaser of another
    # page; a side element that holds most of the page's text (a `<form>` around the whole
    # page, as ASP.NET writes them) is not a side element.
    in_side = [False] * n
    for e, el in enumerate(elements):
        p = el.parent
        in_side[e] = (p >= 0 and in_side[p]) or (
            (el.tag in SIDE_TAGS or el.attrs.get("role", "") in SIDE_ROLES) and size[e] * 2 < page_size)
        if in_side[e]:
            continue
        if el.tag in ("article", "main") or el.attrs.get("role") in ("main", "article") or _names_the_post(
            el.names) or "articlebody" in el.attrs.get("itemprop", "").lower():
            content_hint[e] = True
        if el.tag in HEADINGS and (any(TITLE_TOKEN_RE.search(t) for t in el.names)
                                   or el.attrs.get("itemprop", "") in ("headline", "name")):
            title_candidates.append(e)
    # Hidden, unless it holds most of the page's text (a page that a script reveals).
    hidden_of = [_is_hidden(el) and size[e] * 2 < page_size for e, el in enumerate(elements)]
    hidden = hidden_of.__getitem__

    pre_skip = [False] * n
    for e, el in enumerate(elements):
        pre_skip[e] = el.tag in SKIP_TAGS or (el.parent >= 0 and pre_skip[el.parent]) or hidden(e)
    chosen = choose_content([el.tag for el in elements], [el.parent for el in elements],
                            [el.names for el in elements], content_hint, size, stats.link, stats.own,
                            stats.own_link, stats.own_commas, pre_skip)
    if chosen is not None:
        major = [chosen.root]
    else:
        # Only the post's own content protects its ancestors from being chrome: a content hint
        # with at least half the text of the largest one (not a teaser card in "related posts").
        largest = max((size[i] for i in range(n) if content_hint[i]), default=0)
        major = [i for i in range(n) if content_hint[i] and size[i] * 2 >= largest]
    protected = [False] * n  # holds the content or the title: never chrome
    if chosen is not None:  # the best container and all around it: no class word makes them chrome
        protected[chosen.best] = True
        major.append(chosen.best)
    # A title-class heading protects what holds it when it can be the post's title: an h1,
    # or the page's only one (not the `h4.headline` of each card in a trending box).
    titles = [e for e in title_candidates if elements[e].tag == "h1" or len(title_candidates) == 1]
    for e in major + titles:
        p = elements[e].parent
        while p >= 0 and not protected[p]:
            protected[p] = True
            p = elements[p].parent

    prev_sibling = [-1] * n
    first_child = [-1] * n
    last_child: dict[int, int] = {}
    for e, el in enumerate(elements):
        p = el.parent
        if p >= 0:
            prev_sibling[e] = last_child.get(p, -1)
            last_child[p] = e
            if first_child[p] < 0:
                first_child[p] = e
    references = _references_after(chosen, elements, stats, prev_sibling) if chosen is not None else set()
    teaser_boxes = _teaser_boxes(elements, stats, protected, stats.size[chosen.best] if chosen else page_size)
    skip = [False] * n
    chrome: list[str | None] = [None] * n
    in_content = [False] * n
    owner = [-1] * n
    atomic = [False] * n
    list_of = [-1] * n
    list_depth = [0] * n
    quote_of = [-1] * n
    figure_of = [-1] * n
    caption = [False] * n
    in_caption = [False] * n  # inside a caption: a credit there is part of that caption
    cell_of = [-1] * n
    table_of = [-1] * n
    layout = [False] * n
    for e, el in enumerate(elements):
        p = el.parent
        tag = el.tag
        skip[e] = tag in SKIP_TAGS or (p >= 0 and skip[p])
        in_content[e] = (chosen.inside[e] or e in references or (p >= 0 and in_content[p])) if chosen is not None \
            else content_hint[e] or (p >= 0 and in_content[p])
        figure_of[e] = e if tag == "figure" or not FIGURE_TOKENS.isdisjoint(el.names) else (
            figure_of[p] if p >= 0 else -1)
        caption[e] = not (p >= 0 and in_caption[p]) and (
            tag == "figcaption" or not CAPTION_ANYWHERE.isdisjoint(el.names)
            or (figure_of[e] >= 0 and not CAPTION_IN_FIGURE.isdisjoint(el.names)))
        in_caption[e] = caption[e] or (p >= 0 and in_caption[p])
        # The innermost kind wins: a share box inside a footer is `share`. A caption inside
        # chrome (a related-post card's) is chrome by its ancestors; its own class is no chrome.
        own = None
        if hidden(e):
            own = "hidden"
        elif tag == "noscript" and 2 * stats.size[e] < (stats.size[chosen.best] if chosen else page_size):
            own = "noscript"  # what a page shows only without scripts, whatever it holds (not the post itself)
        elif not protected[e] and not content_hint[e] and not caption[e] and not (
                in_content[e] and stats.own[e] >= PROSE_CHARS and stats.own_link[e] * 4 < stats.own[e]):
            # (a paragraph of prose in the post is no chrome by its class name)
            own = match_chrome_box(tag, el.attrs.get("role", ""), el.names, in_content=in_content[e],
                                   inline=tag in INLINE_TAGS)
            if (own is None and (in_content[e] or chosen is None)
                    and not (p >= 0 and chrome[p])
                    and _is_link_box(e, el, stats, stats.size[chosen.best] if chosen else page_size, first_child,
                                     prev_sibling, elements)):
                own = "links"
            elif (own is None and e in teaser_boxes and (in_content[e] or chosen is None)
                    and not (p >= 0 and chrome[p])):
                own = "related"
        chrome[e] = own or (chrome[p] if p >= 0 else None)
        quote_of[e] = e if tag == "blockquote" else (quote_of[p] if p >= 0 else -1)
        table_of[e] = e if tag == "table" else (table_of[p] if p >= 0 else -1)
        cell_of[e] = e if tag in ("td", "th") else (cell_of[p] if p >= 0 and tag != "table" else -1)
        if tag in LAYOUT_SIGNS and p >= 0 and cell_of[p] >= 0 and table_of[cell_of[p]] >= 0:
            layout[table_of[cell_of[p]]] = True
        if tag == "table" and el.attrs.get("role") == "presentation":
            layout[e] = True
        if tag in LIST_TAGS:
            list_depth[e] = (list_depth[p] if p >= 0 else 0) + 1
        else:
            list_depth[e] = list_depth[p] if p >= 0 else 0
        if tag in ("li", "dt", "dd"):
            q = p
            while q >= 0 and elements[q].tag not in LIST_TAGS and elements[q].tag in INLINE_TAGS:
                q = elements[q].parent
            list_of[e] = q if q >= 0 and elements[q].tag in LIST_TAGS else p
    # owners: nearest atomic ancestor (li, cell of a data table, heading, pre, title) or block
    data_table = [not x for x in layout]
    page_title = next((e for e, el in enumerate(elements) if el.tag == "title"
                       and not any(elements[a].tag in ("svg", "math") for a in _ancestors(elements, e))), -1)
    title = _choose_title(elements, title_candidates, chrome, skip, in_content, stats.heading_text,
                          _stated_title(elements, stats.heading_text, page_title))
    for e, el in enumerate(elements):
        p = el.parent
        tag = el.tag
        is_data_cell = tag in ("td", "th") and table_of[e] >= 0 and data_table[table_of[e]]
        if tag in ("li", "dt", "dd", "pre", "title", "caption") or tag in HEADINGS or is_data_cell or e == title \
                or caption[e]:
            owner[e], atomic[e] = e, True
        elif tag in ("ul", "ol", "menu", "dl", "dir", "table", "tr", "tbody", "thead", "tfoot"):
            owner[e] = e  # a nested list or table starts its own blocks
        elif p >= 0 and atomic[owner[p]] and owner[p] >= 0:
            owner[e] = owner[p]
        elif tag in BLOCK_TAGS or p < 0:
            owner[e] = e
        else:
            owner[e] = owner[p]
    has_content = chosen is not None or any(content_hint)
    has_headings = any(el.tag in HEADINGS and el.tag != "h1" and e != title and not chrome[e] and not skip[e]
                       and (in_content[e] or not has_content) for e, el in enumerate(elements))
    return _Roles(skip, chrome, in_content, owner, atomic, list_of, list_depth, quote_of, caption, data_table,
                  title, page_title, has_content, has_headings)


PROSE_CHARS = 80  # own visible characters of an element that is a paragraph of prose
#: Containers inside the content that are set aside when they are mostly links (readability's
#: "clean conditionally"): a "more from", "read next" or related-stories box, a tag list.
LINK_BOX_TAGS = frozenset({"ul", "ol", "dl", "div", "section", "table", "form", "aside", "nav", "footer", "header"})
LINK_BOX_DENSITY = 0.5  # link characters over all characters
LINK_BOX_MAX_COMMAS = 10  # prose (a list of long sentences with a link each) has commas


def _is_link_box(e: int, el: _Element, stats: _TextStats, post_size: int, first_child: list[int],
                 prev_sibling: list[int], elements: list[_Element]) -> bool:
    """A container inside the content that is mostly link text, little prose, and a small part
    of the post (`post_size`: the best container's text, or the page's when nothing was
    chosen): not under a references heading (a list of sources is the post's)."""
    size = stats.size[e]
    if (el.tag not in LINK_BOX_TAGS or not size or stats.link[e] <= LINK_BOX_DENSITY * size
            or stats.commas[e] >= LINK_BOX_MAX_COMMAS or size * 2 > post_size):
        return False
    for h in (prev_sibling[e], first_child[e]):
        if h >= 0 and elements[h].tag in HEADINGS and is_reference_heading(
                " ".join(stats.heading_text.get(h, "").split())):
            return False
    return True


TEASER_CARDS = 3  # cards of one kind in a box of teasers
TEASER_MAX_CHARS = 400  # a card's visible characters: a headline and a sentence or two
TEASER_LINK_SHARE = 0.25  # of a card's text in its link (the headline)


def _teaser_boxes(elements: list[_Element], stats: _TextStats, protected: list[bool], post_size: int) -> set[int]:
    """Containers of teaser cards ("more stories": a linked headline and a line of teaser
    each, so not mostly links): at least `TEASER_CARDS` children of one tag and class list,
    each short and a quarter or more link text, together most of the container's text; the
    container under half the post and not holding it (measured: cards one per `li`,
    grouped at the list, cost more than they gain)."""
    groups: dict[tuple[int, str, tuple[str, ...]], list[int]] = {}
    size, link = stats.size, stats.link
    for c, el in enumerate(elements):
        if el.parent >= 0 and el.names and 0 < size[c] <= TEASER_MAX_CHARS and link[c] >= TEASER_LINK_SHARE * size[c]:
            groups.setdefault((el.parent, el.tag, el.names), []).append(c)
    out: set[int] = set()
    for (parent, _, _), cards in groups.items():
        if (len(cards) >= TEASER_CARDS and not protected[parent] and size[parent] * 2 <= post_size
                and sum(size[c] for c in cards) * 2 >= size[parent]):
            out.add(parent)
    return out


def _references_after(chosen: Content, elements: list[_Element], stats: _TextStats,
                      prev_sibling: list[int]) -> set[int]:
    """A references heading right after the chosen content, beside it or beside one of its
    ancestors (an `<h2>References</h2><ul>` after the post's `div`), and the list under it:
    the post's sources belong to the post."""
    ancestors = {chosen.root, *_ancestors(elements, chosen.root)}
    out: set[int] = set()
    for h, text in stats.heading_text.items():
        if chosen.inside[h] or elements[h].start < elements[chosen.root].start or elements[h].parent not in ancestors:
            continue
        if elements[elements[h].parent].tag in ("body", "html") or not is_reference_heading(" ".join(text.split())):
            continue
        out.add(h)
        for e in range(h + 1, len(elements)):
            if elements[e].parent == elements[h].parent and prev_sibling[e] == h:
                if elements[e].tag in ("ul", "ol", "dl", "div", "p", "section"):
                    out.add(e)
                break
    return out


def _ancestors(elements: list[_Element], e: int) -> list[int]:
    out: list[int] = []
    p = elements[e].parent
    while p >= 0 and len(out) < MAX_SCOPE_SEARCH:
        out.append(p)
        p = elements[p].parent
    return out


def _is_hidden(el: _Element) -> bool:
    attrs = el.attrs
    if not attrs:
        return False
    style = attrs.get("style")
    return ("hidden" in attrs or attrs.get("aria-hidden") == "true"
            or (style is not None and HIDDEN_STYLE_RE.search(style) is not None))


@functools.lru_cache(maxsize=8192)
def _names_the_post(names: tuple[str, ...]) -> bool:
    """Whether a class or id token names the post's content (pages repeat a few class lists)."""
    return any(CONTENT_TOKEN_RE.fullmatch(t) for t in names)


MAX_TITLE_CHARS = 200  # visible characters: a longer heading is a caption or a lead, not a title


def _is_og_title(el: _Element) -> bool:
    return el.tag == "meta" and el.attrs.get("property", el.attrs.get("name", "")).lower() == "og:title"


def _stated_title(elements: list[_Element], heading_text: dict[int, str], page_title: int) -> str:
    """What the page's head says its title is: `og:title`, else the document's `<title>`
    (`page_title`, -1 for none); '' if neither."""
    for el in elements:
        if _is_og_title(el):
            content = el.attrs.get("content", "")
            if content.strip():
                return content
    return heading_text.get(page_title, "") if page_title >= 0 else ""


_TITLE_WORD_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}ー]+|\w+")
_UNSPACED_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}ー]")


def _title_words(text: str) -> set[str]:
    """Words, and for Chinese and Japanese (no spaces) letter pairs."""
    out: set[str] = set()
    for w in _TITLE_WORD_RE.findall(text.casefold()):
        if _UNSPACED_RE.match(w) and len(w) > 1:
            out.update(w[i : i + 2] for i in range(len(w) - 1))
        else:
            out.add(w)
    return out


def titles_agree(heading: str, stated: str) -> bool:
    """Whether a heading and the title the page's head states are one title: at least half the
    words of the shorter and a third of the longer are shared (a site name added, a word
    changed). Chinese and Japanese are compared on letter pairs.

    >>> titles_agree("How to Build a Terrarium", "How to Build a Terrarium | eHow")
    True
    >>> titles_agree("Other People Are Reading", "How to Throw a Graduation Party on a Budget | eHow")
    False
    """
    return _words_agree(_title_words(heading), _title_words(stated))


def _words_agree(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return False
    shared = len(a & b)
    return 2 * shared >= min(len(a), len(b)) and 3 * shared >= max(len(a), len(b))


def _choose_title(elements: list[_Element], candidates: list[int], chrome: list[str | None],
                  skip: list[bool], in_content: list[bool], heading_text: dict[int, str], stated: str) -> int:
    """The post title: a heading with a title class in the content, else the first h1 of the
    content, else a heading with a title class anywhere, else the first h1 that is not
    chrome. Never a heading of more than `MAX_TITLE_CHARS` (a slideshow's caption in an `h1`).

    A heading with a title class in the content is the title. Any other heading, when the head
    states a title (`og:title`, `<title>`; old sites put the site's name there), must agree with it
    (`titles_agree`): in the order the content's h1s, its h2/h3s, title-class headings
    elsewhere, other h1s, other h2/h3s, the one that shares the most words with the stated
    title (the first on a tie), else none (-1: the ingester then takes the stated title itself). A box heading
    in an `h1` ("Other People Are Reading") is never the title of a page that says otherwise."""
    def fits(e: int) -> bool:
        return not chrome[e] and not skip[e] and len("".join(heading_text.get(e, "").split())) <= MAX_TITLE_CHARS

    named = [e for e in candidates if fits(e)]
    named_inside = [e for e in named if in_content[e]]
    if named_inside:  # a heading the post's markup calls its title (`h2.entry-title`) needs no agreement
        return named_inside[0]
    h1s = [e for e, el in enumerate(elements) if el.tag == "h1" and fits(e)]
    inside = [e for e in h1s if in_content[e]]
    if not stated.strip():
        order = list(dict.fromkeys((*inside, *named, *h1s)))
        return order[0] if order else -1
    # The content's own headings first (its h1s, then an h2/h3 that agrees), then the
    # rest of the page's (a sidebar's `h2.post-title` cards come after the post's h2).
    sub = [e for e, el in enumerate(elements) if el.tag in ("h2", "h3") and fits(e)]
    order = list(dict.fromkeys((*inside, *[e for e in sub if in_content[e]], *named, *h1s,
                                *[e for e in sub if not in_content[e]])))
    # Of the headings that agree, the one closest to the stated title (a sidebar card that
    # shares a few words loses to the post's own heading), the first on a tie.
    best, best_overlap = -1, 0.0
    stated_words = _title_words(stated)
    for e in order:
        words = _title_words(heading_text.get(e, ""))
        if _words_agree(words, stated_words):
            overlap = len(words & stated_words) / len(words | stated_words)
            if overlap > best_overlap:
                best, best_overlap = e, overlap
    return best


# --------------------------------------------------------------------------- pass 3: blocks


@dataclass(slots=True)
class _Run:
    """Text being collected for one owner element, each character with its source span."""

    owner: int
    chrome: str | None
    chars: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    #: open <a> elements -> (text position where the link starts, href, is a rel=tag link)
    link_starts: dict[int, tuple[int, str, bool]] = field(default_factory=dict)

    def add(self, text: str, start: int, end: int, *, pre: bool, one_span: bool = False) -> None:
        """Append source text; outside <pre> whitespace runs collapse to one space.

        Each character maps to its own source character, or all of them to [start, end)
        with `one_span` (a character reference). Stretches without whitespace are added
        at once (a page's text is millions of characters)."""
        chars, starts, ends = self.chars, self.starts, self.ends

        def bulk(i: int, piece: str) -> None:
            n = len(piece)
            chars.extend(piece)
            if one_span:
                starts.extend([start] * n)
                ends.extend([end] * n)
            else:
                starts.extend(range(start + i, start + i + n))
                ends.extend(range(start + i + 1, start + i + n + 1))

        if pre:
            bulk(0, text)
            return
        # Only whitespace that does not stay as it is needs a look: a run, a tab or line
        # break, a space at the start; a single space after a letter is kept in bulk.
        pos = 0
        for m in _ODD_SPACE_RE.finditer(text):
            a, b = m.span()
            if a > pos:
                bulk(pos, text[pos:a])
            if chars and chars[-1] not in " \n":
                chars.append(" ")
                starts.append(start if one_span else start + a)
                ends.append(end if one_span else start + a + 1)
            pos = b
        if pos < len(text):
            bulk(pos, text[pos:])

    def separate(self, at: int) -> None:
        """A line break between inner blocks of an atomic owner (a <p> inside an <li>)."""
        while self.chars and self.chars[-1] == " ":
            self.chars.pop()
            self.starts.pop()
            self.ends.pop()
        if self.chars and self.chars[-1] != "\n":
            self.chars.append("\n")
            self.starts.append(at)
            self.ends.append(at)

    def insert(self, pos: int, text: str, at: int) -> None:
        self.chars[pos:pos] = list(text)
        self.starts[pos:pos] = [at] * len(text)
        self.ends[pos:pos] = [at] * len(text)

    def mapped(self) -> Mapped:
        return Mapped("".join(self.chars), tuple(self.starts), tuple(self.ends))

    def has_text(self) -> bool:
        return any(not c.isspace() for c in self.chars)


class _BlockBuilder:
    def __init__(self, source: str, elements: list[_Element], roles: _Roles) -> None:
        self.source = source
        self.elements = elements
        self.roles = roles
        self.line_starts = line_starts(source) or [0]
        self.blocks: list[RawBlock] = []
        self.chrome: list[ChromeLine] = []
        self.markup: list[tuple[int, int]] = []
        self.tags: list[str] = []
        self.title: RawBlock | None = None
        self.page_title: Mapped | None = None
        self.og_title: Mapped | None = None
        self.run: _Run | None = None
        self.row: list[Mapped] = []
        self.row_header: list[bool] = []
        self.groups: dict[int, int] = {}
        self.pre_lang: dict[int, str] = {}
        self.open_links: dict[int, tuple[str, bool]] = {}
        self.tag_text: dict[int, list[str]] = {}  # text of the open rel=tag / tag-page links
        self.candidates: list[Candidate] = []  # metadata, from every carrier (`metadata.py`)
        self.carriers: list[tuple[int, _Run]] = []  # the open elements that may state metadata, with their text

    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)

    def group(self, element: int) -> int:
        return self.groups.setdefault(element, len(self.groups) + 1)

    # -- driver -------------------------------------------------------------------
    def build(self, events: list[_Event]) -> None:
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

    def _text(self, e: int, ev: _Event) -> None:
        for _, text_run in self.carriers:
            text_run.add(ev.text, ev.start, ev.end, pre=False, one_span=ev.kind == "entity")
        owner = self.roles.owner[e] if e >= 0 else -1
        kind = self._chrome_kind(e)
        run = self.run
        if run is None or run.owner != owner or run.chrome != kind:
            if ev.kind == "data" and ev.text.isspace():
                return  # whitespace between blocks
            self._flush()
            run = self.run = _Run(owner, kind)
        for a, (href, is_tag) in self.open_links.items():
            if a not in run.link_starts:
                run.link_starts[a] = (len(run.chars), href, is_tag)
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

    def _open(self, e: int, ev: _Event) -> None:
        el = self.elements[e]
        tag = el.tag
        if tag == "meta":
            if _is_og_title(el):
                self.og_title = self._attr_mapped(ev, "content")
            self._meta(e, ev)
        elif tag == "link" and "canonical" in el.attrs.get("rel", "").lower().split() and el.attrs.get("href"):
            canonical = self._attr_mapped(ev, "href")
            if canonical is not None and canonical.text:
                found = canonical_candidate(canonical.text, (canonical.starts[0], canonical.ends[-1]))
                if found is not None:
                    self.candidates.append(found)
        elif is_page_carrier(tag, el.attrs, el.names) and self.roles.chrome[e] not in NOT_THE_POSTS:
            self.carriers.append((e, _Run(-1, None)))
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

    def _close(self, e: int, ev: _Event) -> None:
        tag = self.elements[e].tag
        if self.carriers and self.carriers[-1][0] == e:
            self._carrier_closed(e, ev, self.carriers.pop()[1])
        elif tag == "script" and "ld+json" in self.elements[e].attrs.get("type", "").lower():
            start = self.elements[e].open_end
            self.candidates.extend(read_json_ld(self.source[start : ev.start], start))
        if tag == "a":
            self._close_link(e, ev.start)
        elif tag == "tr":
            self._flush()
            self._emit_row(e)
        elif tag in BLOCK_TAGS:
            self._boundary(e, ev.start, closing=True)

    # -- metadata -----------------------------------------------------------------
    def _meta(self, e: int, ev: _Event) -> None:
        """A `<meta>` that states a field (outside chrome that is not the post's)."""
        attrs = self.elements[e].attrs
        key = meta_key(attrs)
        if key is None or not attrs.get("content", "").strip() or self.roles.chrome[e] in NOT_THE_POSTS:
            return
        content = self._attr_mapped(ev, "content")
        if content is not None and content.text:
            found = meta_candidate(*key, content.text, (content.starts[0], content.ends[-1]))
            if found is not None:
                self.candidates.append(found)

    def _carrier_closed(self, e: int, ev: _Event, text_run: _Run) -> None:
        """An element that may state a field (a `<time>`, an author link...) has closed: read it."""
        el = self.elements[e]
        mapped = clean_mapped(text_run.mapped(), entities=False) if text_run.chars else None
        text = mapped.text if mapped else ""
        span = (mapped.starts[0], mapped.ends[-1]) if mapped and mapped.text else None

        def attr_span(name: str) -> tuple[str, tuple[int, int]]:
            opened = _Event("start", el.start, el.open_end)
            m = self._attr_mapped(opened, name)
            if m is None or not m.text:
                return "", (el.start, el.start)
            return m.text, (m.starts[0], m.ends[-1])

        self.candidates.extend(page_element_candidates(el.tag, el.attrs, el.names, text, span, attr_span))

    def _bylines(self, piece: Mapped, *, lenient: bool, bare_dates: bool, rank: tuple[int, ...]) -> str | None:
        """If a line is a byline or dateline: its metadata is taken and its kind returned."""
        found = read_byline(piece.text, lenient=lenient, bare_dates=bare_dates)
        if found is None:
            return None
        for part in found.parts:
            span = (piece.starts[part.start], piece.ends[part.end - 1])
            c = make_candidate(part.field, part.value, found.kind, [span], TEXT, rank)
            if c is not None:
                self.candidates.append(c)
        return found.kind

    def _attr_mapped(self, ev: _Event, name: str) -> Mapped | None:
        raw = self.source[ev.start : ev.end]
        # The attribute itself, not one whose name ends in it (`data-content=` before `content=`).
        m = regex.search(rf"""(?<![\w:-]){name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", raw, regex.IGNORECASE)
        if m is None:
            return None
        g = next(i for i in (1, 2, 3) if m.group(i) is not None)
        start = ev.start + m.start(g)
        run = _Run(-1, None)
        pos = start
        for piece in _ATTR_PIECE_RE.finditer(m.group(g)):
            text = piece.group()
            decoded = html_lib.unescape(text) if text.startswith("&") else text
            run.add(decoded, pos, pos + len(text), pre=False, one_span=decoded != text)
            pos += len(text)
        return clean_mapped(run.mapped(), entities=False)

    def _line_break(self, at: int) -> None:
        run = self.run
        if run is None:
            return
        if self._in_pre(run.owner):
            run.chars.append("\n")
            run.starts.append(at)
            run.ends.append(at)
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
        text = "".join(run.chars[pos:]).strip()
        if not text or not href or self._link_kind_blocked(run):
            return
        url = href if href.lower().startswith("http") else "https:" + href
        if text.rstrip("/") in (url.rstrip("/"), href.rstrip("/")):
            return  # the link shows its own address
        run.insert(pos, "[", run.starts[pos] if pos < len(run.starts) else at)
        run.insert(len(run.chars), f"]({url})", at)

    def _link_kind_blocked(self, run: _Run) -> bool:
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
        mapped = clean_mapped(run.mapped(), code=pre, entities=False)
        if pre:
            mapped = _trim_code(mapped)
        if not mapped.text:
            return
        if run.chrome:
            byline_rank = BYLINE_CHROME.get(run.chrome)
            for piece in _lines(mapped):
                kind = run.chrome
                if byline_rank is not None:
                    meta_box = kind == "meta"
                    kind = self._bylines(piece, lenient=meta_box, bare_dates=meta_box, rank=byline_rank) or kind
                elif kind == "links":  # a box of links: a line the chrome table knows keeps its own kind
                    kind = match_chrome(piece.text, in_tail=True) or kind
                self.chrome.append(ChromeLine(piece.text, kind, piece.starts[0], piece.ends[-1],
                                              self.line_of(piece.starts[0])))
            return
        if owner >= 0 and owner == self.roles.page_title:  # -1 is "no <title>", not loose text
            self.page_title = mapped
            return
        if owner >= 0 and owner == self.roles.title and self.title is None:
            self.title = self._block(Kind.HEADING, _one_line(mapped), level=HEADINGS.get(tag, 1))
            return
        if tag in HEADINGS or tag in ("td", "th"):
            mapped = _one_line(mapped)
        if tag in ("td", "th") and self.roles.atomic[owner]:
            self.row.append(mapped)
            self.row_header.append(tag == "th" or self._in_thead(owner))
            return
        if tag in HEADINGS:
            self.blocks.append(self._block(Kind.HEADING, mapped, level=HEADINGS[tag]))
        elif pre:
            lang = self.pre_lang.get(owner)
            self.blocks.append(self._block(Kind.CODE, mapped, group=self.group(owner), cells=(lang,) if lang else ()))
        elif tag in ("li", "dt", "dd"):
            lst = self.roles.list_of[owner]
            ordered = lst >= 0 and self.elements[lst].tag == "ol"
            self.blocks.append(self._block(Kind.LIST_ITEM, mapped, group=self.group(lst if lst >= 0 else owner),
                                           ordered=ordered, level=self.roles.list_depth[owner]))
        elif owner >= 0 and self.roles.caption[owner]:
            for piece in _lines(mapped):
                self.blocks.append(self._block(Kind.CAPTION, piece))
        elif owner >= 0 and self.roles.quote_of[owner] >= 0:
            group = self.group(self.roles.quote_of[owner])
            for piece in _lines(mapped):
                self.blocks.append(self._block(Kind.QUOTE, piece, group=group))
        else:
            for piece in _lines(mapped):
                self.blocks.append(self._block(Kind.PARAGRAPH, piece))

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
        first = next(c for c in cells if c.text)
        last = next(c for c in reversed(cells) if c.text)
        mapped = join_cells(cells)
        block = RawBlock(Kind.TABLE_ROW, mapped.text, first.starts[0], last.ends[-1], self.line_of(first.starts[0]),
                         group=self.group(table if table >= 0 else tr), cells=tuple(c.text for c in cells),
                         header=all(header), anchors=anchors_of(mapped))
        self.blocks.append(block)

    def _block(self, kind: Kind, m: Mapped, **fields: Any) -> RawBlock:
        start = m.starts[0]
        return RawBlock(kind, m.text, start, m.ends[-1], self.line_of(start), anchors=anchors_of(m), **fields)


def _lines(m: Mapped) -> list[Mapped]:
    """The non-empty lines of mapped prose (a <br> or inner block inside one owner)."""
    out: list[Mapped] = []
    pos = 0
    text = m.text
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        a, b = pos, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append(Mapped(text[a:b], m.starts[a:b], m.ends[a:b]))
        if nl < 0:
            break
        pos = nl + 1
    return out


def _one_line(m: Mapped) -> Mapped:
    """Line breaks inside a heading or a table cell are spaces."""
    return m if "\n" not in m.text else Mapped(m.text.replace("\n", " "), m.starts, m.ends)


def _trim_code(m: Mapped) -> Mapped:
    """Code without the blank lines around it (indentation inside stays)."""
    text = m.text
    a, b = 0, len(text)
    while a < b and text[a] == "\n":
        a += 1
    while b > a and text[b - 1] in " \t\n":
        b -= 1
    return Mapped(text[a:b], m.starts[a:b], m.ends[a:b])


# --------------------------------------------------------------------------- the ingester


def ingest_html(source: str, config: Config | None = None) -> Ingested:
    """Split a decoded HTML page into blocks, chrome lines, title, tags and markup spans."""
    config = config or Config()
    events = tokenize(source)
    elements = build_elements(events)
    roles = assign_roles(elements, text_stats(elements, events))
    builder = _BlockBuilder(source, elements, roles)
    builder.build(events)
    line_of = builder.line_of

    blocks, chrome, byline_metadata = set_aside_lines(builder.blocks)
    markup = builder.markup
    blocks = split_glued_items(blocks, line_of, markup)
    if not roles.has_headings:
        blocks = mark_bare_headings(blocks, config)
    blocks, tags, tag_spans = take_tag_lines(blocks)
    markup.extend(tag_spans)

    title = builder.title
    if title is None:
        fallback = builder.og_title or (_without_site_name(builder.page_title) if builder.page_title else None)
        if fallback is not None and fallback.text:
            title = RawBlock(Kind.HEADING, fallback.text, fallback.starts[0], fallback.ends[-1],
                             line_of(fallback.starts[0]), level=1, anchors=anchors_of(fallback))
    if title is not None:
        title, title_tags, tags_span = strip_title_tags(title)
        tags = title_tags + tags
        if tags_span:
            markup.append(tags_span)
    page_title = builder.page_title
    extra_chrome: list[ChromeLine] = []
    if page_title is not None and page_title.text and (title is None or title.start != page_title.starts[0]):
        extra_chrome.append(ChromeLine(page_title.text, "page-title", page_title.starts[0], page_title.ends[-1],
                                       line_of(page_title.starts[0])))
    elif page_title is not None and title is not None and title.end < page_title.ends[-1]:
        # The title is the <title> without the site's name: the name is the page's chrome.
        at = next((i for i, (c, a) in enumerate(zip(page_title.text, page_title.starts))
                   if a >= title.end and not c.isspace()), None)
        if at is not None:
            extra_chrome.append(ChromeLine(page_title.text[at:], "page-title", page_title.starts[at],
                                           page_title.ends[-1], line_of(page_title.starts[at])))
    all_chrome = sorted(builder.chrome + chrome + extra_chrome, key=lambda c: (c.start, c.end))
    return Ingested(
        blocks=tuple(blocks),
        title=title,
        tags=tuple(dict.fromkeys(clean_text(t) for t in tags + builder.tags if clean_text(t))),
        chrome=tuple(all_chrome),
        format="html",
        line_starts=tuple(builder.line_starts),
        markup=tuple(merge_spans(markup)),
        metadata=choose_metadata(builder.candidates + byline_metadata),
    )


_TITLE_SEPARATOR_RE = regex.compile(r"\s+(?:[|\-–—·»:]{1,2})\s+|\s*[|｜]\s*|_")


def _without_site_name(title: Mapped) -> Mapped:
    """A `<title>` without the site's name after its last separator (`Post | Site`,
    `Post - Section - Site`), when what is left still reads as a title (two words or four
    CJK letters); else as it is."""
    cuts = list(_TITLE_SEPARATOR_RE.finditer(title.text))
    if not cuts:
        return title
    head = title.text[: cuts[-1].start()]
    if len(head.split()) < 2 and len(_CJK_CHAR_RE.findall(head)) < 4:
        return title
    end = cuts[-1].start()
    return Mapped(head, title.starts[:end], title.ends[:end])


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, merged, non-empty spans.

    >>> merge_spans([(5, 8), (0, 2), (1, 3), (3, 3)])
    [(0, 3), (5, 8)]
    """
    out: list[tuple[int, int]] = []
    for a, b in sorted(s for s in spans if s[1] > s[0]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
