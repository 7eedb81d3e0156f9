"""The post's title on an HTML page: the heading the markup or the page's head says is the title.

`choose_title` picks among the headings (a title class, the content's h1, an agreeing h2/h3)
the one that agrees with what the head states (`og:title`, `<title>`: `titles_agree`);
`without_site_name` takes the site's name off a `<title>` used as the title.
"""

from __future__ import annotations

import regex

from ..config import Config, Content
from .html_tree import CJK_CHAR_RE, TagElement
from .hygiene import Mapped
from .phrases import TITLE_TOKEN_PREFIXES

# The post's title, by class or id token on a heading (searched, any case).
TITLE_TOKEN_RE = regex.compile(rf"(?:{'|'.join(TITLE_TOKEN_PREFIXES)})[-_]?title|headline", regex.IGNORECASE)


def is_og_title(el: TagElement) -> bool:
    return el.tag == "meta" and el.attrs.get("property", el.attrs.get("name", "")).lower() == "og:title"


def stated_title(elements: list[TagElement], heading_text: dict[int, str], page_title: int) -> str:
    """What the page's head says its title is: `og:title`, else the document's `<title>`
    (`page_title`, -1 for none); '' if neither."""
    for el in elements:
        if is_og_title(el):
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


def titles_agree(heading: str, stated: str, config: Config) -> bool:
    """Whether a heading and the title the page's head states are one title: at least half the
    words of the shorter and a third of the longer are shared (a site name added, a word
    changed; `title_shorter_part`, `title_longer_part`). Chinese and Japanese are compared on
    letter pairs.

    >>> titles_agree("How to Build a Terrarium", "How to Build a Terrarium | eHow", Config())
    True
    >>> titles_agree("Other People Are Reading", "How to Throw a Graduation Party on a Budget | eHow", Config())
    False
    """
    return _words_agree(_title_words(heading), _title_words(stated), config.content)


def _words_agree(a: set[str], b: set[str], knobs: Content) -> bool:
    if not a or not b:
        return False
    shared = len(a & b)
    return (knobs.title_shorter_part * shared >= min(len(a), len(b))
            and knobs.title_longer_part * shared >= max(len(a), len(b)))


def choose_title(elements: list[TagElement], candidates: list[int], chrome: list[str | None],
                 skip: list[bool], in_content: list[bool], heading_text: dict[int, str], stated: str,
                 config: Config) -> int:
    """The post title: a heading with a title class in the content, else the first h1 of the
    content, else a heading with a title class anywhere, else the first h1 that is not
    chrome. Never a heading of more than `title_max_chars` (a slideshow's caption in an `h1`).

    A heading with a title class in the content is the title. Any other heading, when the head
    states a title (`og:title`, `<title>`; old sites put the site's name there), must agree with it
    (`titles_agree`): in the order the content's h1s, its h2/h3s, title-class headings
    elsewhere, other h1s, other h2/h3s, the one that shares the most words with the stated
    title (the first on a tie), else none (-1: the ingester then takes the stated title itself). A box heading
    in an `h1` ("Other People Are Reading") is never the title of a page that says otherwise."""
    knobs = config.content

    def fits(e: int) -> bool:
        return not chrome[e] and not skip[e] and len("".join(heading_text.get(e, "").split())) <= knobs.title_max_chars

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
        if _words_agree(words, stated_words, knobs):
            overlap = len(words & stated_words) / len(words | stated_words)
            if overlap > best_overlap:
                best, best_overlap = e, overlap
    return best


_TITLE_SEPARATOR_RE = regex.compile(r"\s+(?:[|\-–—·»:]{1,2})\s+|\s*[|｜]\s*|_")


def without_site_name(title: Mapped, config: Config) -> Mapped:
    """A `<title>` without the site's name after its last separator (`Post | Site`,
    `Post - Section - Site`), when what is left still reads as a title (two words or four
    CJK letters: `site_name_min_words`, `site_name_min_cjk_chars`); else as it is."""
    knobs = config.content
    cuts = list(_TITLE_SEPARATOR_RE.finditer(title.text))
    if not cuts:
        return title
    head = title.text[: cuts[-1].start()]
    if len(head.split()) < knobs.site_name_min_words and len(CJK_CHAR_RE.findall(head)) < knobs.site_name_min_cjk_chars:
        return title
    end = cuts[-1].start()
    return Mapped(head, title.starts[:end], title.ends[:end])
