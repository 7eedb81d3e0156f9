"""What each element of the page is for: skipped, chrome (and which), the post's content, a caption, the title.

`assign_roles` reads each element's own attributes and its ancestors' over the element
table (`html_tree`): the container content choice picks (`content.choose_content`) and
what protects it, chrome boxes by tag, role or class word (`chrome.match_chrome_box`),
link boxes and teaser-card boxes inside the content, figures and captions, tables of data
against tables of layout, and the owner element whose block each text run belongs to.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from ..citations.detect import is_reference_heading
from ..config import Config, Content
from .chrome import match_chrome_box
from .content import ChosenContent, choose_content
from .html_titles import TITLE_TOKEN_RE, choose_title, stated_title
from .html_tree import BLOCK_TAGS, HEADINGS, INLINE_TAGS, LIST_TAGS, SKIP_TAGS, TagElement, TextStats, ancestors
from .phrases import CAPTION_ANYWHERE, CAPTION_IN_FIGURE, CONTENT_TOKENS, FIGURE_TOKENS

SIDE_TAGS = frozenset({"nav", "aside", "footer", "form"})
SIDE_ROLES = frozenset({"navigation", "complementary", "contentinfo", "search"})
LAYOUT_SIGNS = frozenset({"table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "form",
                          "article", "section", "nav", "aside", "header", "footer", "main"})

# The post's own content, by class or id token (whole, any case); an element holding it is never chrome.
CONTENT_TOKEN_RE = regex.compile("|".join(CONTENT_TOKENS), regex.IGNORECASE)
HIDDEN_STYLE_RE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)


@dataclass(slots=True)
class ElementRoles:
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


def assign_roles(elements: list[TagElement], stats: TextStats, config: Config) -> ElementRoles:
    """Every element's role, with the thresholds of `config.content`."""
    knobs = config.content
    majority = knobs.majority_share
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
            (el.tag in SIDE_TAGS or el.attrs.get("role", "") in SIDE_ROLES) and size[e] < majority * page_size)
        if in_side[e]:
            continue
        if el.tag in ("article", "main") or el.attrs.get("role") in ("main", "article") or _names_the_post(
            el.names) or "articlebody" in el.attrs.get("itemprop", "").lower():
            content_hint[e] = True
        if el.tag in HEADINGS and (any(TITLE_TOKEN_RE.search(t) for t in el.names)
                                   or el.attrs.get("itemprop", "") in ("headline", "name")):
            title_candidates.append(e)
    # Hidden, unless it holds most of the page's text (a page that a script reveals).
    hidden_of = [_is_hidden(el) and size[e] < majority * page_size for e, el in enumerate(elements)]
    hidden = hidden_of.__getitem__

    pre_skip = [False] * n
    for e, el in enumerate(elements):
        pre_skip[e] = el.tag in SKIP_TAGS or (el.parent >= 0 and pre_skip[el.parent]) or hidden(e)
    chosen = choose_content([el.tag for el in elements], [el.parent for el in elements],
                            [el.names for el in elements], content_hint, size, stats.link, stats.own,
                            stats.own_link, stats.own_commas, pre_skip, config)
    if chosen is not None:
        major = [chosen.root]
    else:
        # Only the post's own content protects its ancestors from being chrome: a content hint
        # with at least half the text of the largest one (not a teaser card in "related posts").
        largest = max((size[i] for i in range(n) if content_hint[i]), default=0)
        major = [i for i in range(n) if content_hint[i] and size[i] >= knobs.content_hint_share * largest]
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
    post_size = stats.size[chosen.best] if chosen else page_size  # the best container's text, or the page's
    teaser_boxes = _teaser_boxes(elements, stats, protected, post_size, knobs)
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
        elif tag == "noscript" and stats.size[e] < majority * post_size:
            own = "noscript"  # what a page shows only without scripts, whatever it holds (not the post itself)
        elif not protected[e] and not content_hint[e] and not caption[e] and not (
                in_content[e] and stats.own[e] >= knobs.prose_chars
                and stats.own_link[e] < knobs.prose_link_share * stats.own[e]):
            # (a paragraph of prose in the post is no chrome by its class name)
            own = match_chrome_box(tag, el.attrs.get("role", ""), el.names, in_content=in_content[e],
                                   inline=tag in INLINE_TAGS, slug_parts=knobs.slug_parts)
            if (own is None and (in_content[e] or chosen is None)
                    and not (p >= 0 and chrome[p])
                    and _is_link_box(e, el, stats, post_size, first_child, prev_sibling, elements, knobs)):
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
                       and not any(elements[a].tag in ("svg", "math") for a in ancestors(elements, e))), -1)
    title = choose_title(elements, title_candidates, chrome, skip, in_content, stats.heading_text,
                         stated_title(elements, stats.heading_text, page_title), config)
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
    return ElementRoles(skip, chrome, in_content, owner, atomic, list_of, list_depth, quote_of, caption, data_table,
                        title, page_title, has_content, has_headings)


#: Containers inside the content that are set aside when they are mostly links (readability's
#: "clean conditionally"): a "more from", "read next" or related-stories box, a tag list.
LINK_BOX_TAGS = frozenset({"ul", "ol", "dl", "div", "section", "table", "form", "aside", "nav", "footer", "header"})


def _is_link_box(e: int, el: TagElement, stats: TextStats, post_size: int, first_child: list[int],
                 prev_sibling: list[int], elements: list[TagElement], knobs: Content) -> bool:
    """A container inside the content that is mostly link text, little prose, and a small part
    of the post (`post_size`: the best container's text, or the page's when nothing was
    chosen): not under a references heading (a list of sources is the post's)."""
    size = stats.size[e]
    if (el.tag not in LINK_BOX_TAGS or not size or stats.link[e] <= knobs.link_box_density * size
            or stats.commas[e] >= knobs.link_box_max_commas or size > knobs.link_box_post_share * post_size):
        return False
    for h in (prev_sibling[e], first_child[e]):
        if h >= 0 and elements[h].tag in HEADINGS and is_reference_heading(
                " ".join(stats.heading_text.get(h, "").split())):
            return False
    return True


def _teaser_boxes(elements: list[TagElement], stats: TextStats, protected: list[bool], post_size: int,
                  knobs: Content) -> set[int]:
    """Containers of teaser cards ("more stories": a linked headline and a line of teaser
    each, so not mostly links): at least `teaser_cards` children of one tag and class list,
    each short and a quarter or more link text, together most of the container's text; the
    container under half the post and not holding it (measured: cards one per `li`,
    grouped at the list, cost more than they gain)."""
    groups: dict[tuple[int, str, tuple[str, ...]], list[int]] = {}
    size, link = stats.size, stats.link
    for c, el in enumerate(elements):
        if (el.parent >= 0 and el.names and 0 < size[c] <= knobs.teaser_max_chars
                and link[c] >= knobs.teaser_link_share * size[c]):
            groups.setdefault((el.parent, el.tag, el.names), []).append(c)
    out: set[int] = set()
    for (parent, _, _), cards in groups.items():
        if (len(cards) >= knobs.teaser_cards and not protected[parent]
                and size[parent] <= knobs.teaser_box_post_share * post_size
                and sum(size[c] for c in cards) >= knobs.teaser_cards_share * size[parent]):
            out.add(parent)
    return out


def _references_after(chosen: ChosenContent, elements: list[TagElement], stats: TextStats,
                      prev_sibling: list[int]) -> set[int]:
    """A references heading right after the chosen content, beside it or beside one of its
    ancestors (an `<h2>References</h2><ul>` after the post's `div`), and the list under it:
    the post's sources belong to the post."""
    around = {chosen.root, *ancestors(elements, chosen.root)}
    out: set[int] = set()
    for h, text in stats.heading_text.items():
        if chosen.inside[h] or elements[h].start < elements[chosen.root].start or elements[h].parent not in around:
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


def _is_hidden(el: TagElement) -> bool:
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
