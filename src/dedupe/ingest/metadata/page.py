"""`<meta>`, `<link rel=canonical>` and the page's own elements (`<time>`, `itemprop`, `rel=author`, author classes)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from .bylines import is_name
from .candidates import DATE_FIELDS, META, PAGE, Candidate, make_candidate
from .dates import is_date_text

#: `<meta>` keys (the lower-cased `property`, `name` or `itemprop`) -> (field, rank): the
#: rank orders the keys of one field.
META_KEYS: dict[str, tuple[str, int]] = {
    **{k: ("published", r) for r, k in enumerate((
        "article:published_time", "og:article:published_time", "article:published", "datepublished",
        "parsely-pub-date",
        "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created",
        "dc.date.created", "citation_publication_date", "citation_date", "pubdate", "publishdate",
        "publish-date", "publish_date", "publication_date", "article.published", "pdate", "date", "datecreated"))},
    **{k: ("modified", r) for r, k in enumerate((
        "article:modified_time", "og:updated_time", "og:article:modified_time", "article:modified", "datemodified",
        "dc.date.modified", "dcterms.modified", "article.updated", "lastmod", "last-modified"))},
    **{k: ("author", r) for r, k in enumerate((
        "author", "article:author", "og:article:author", "parsely-author", "sailthru.author", "dc.creator",
        "dcterms.creator", "byl", "citation_author"))},
    **{k: ("site_name", r) for r, k in enumerate((
        "og:site_name", "dc.publisher", "dcterms.publisher", "application-name", "apple-mobile-web-app-title"))},
    **{k: ("canonical_url", r) for r, k in enumerate(("og:url", "twitter:url", "parsely-link"), start=1)},
    **{k: ("description", r) for r, k in enumerate((
        "description", "og:description", "twitter:description", "dc.description", "dcterms.description",
        "sailthru.description"))},
}


def meta_key(attrs: dict[str, str]) -> tuple[str, str] | None:
    """The attribute and the key of a `<meta>` that states a field, or None.

    >>> meta_key({"property": "og:site_name", "content": "x"}), meta_key({"name": "viewport"})
    (('property', 'og:site_name'), None)
    """
    for attr in ("property", "name", "itemprop"):
        value = attrs.get(attr)
        if value:
            # `itemprop` holds a list of names (`itemprop="datePublished dateCreated"`).
            for key in value.lower().split() if attr == "itemprop" else [value.strip().lower()]:
                if key in META_KEYS:
                    return attr, key
    return None


def meta_candidate(attr: str, key: str, value: str, span: tuple[int, int]) -> Candidate | None:
    """The candidate of `<meta {attr}={key} content=value>`; `og:*` is named by its key alone."""
    field, rank = META_KEYS[key]
    source = key if key.startswith("og:") else f"meta[{attr}={key}]"
    return make_candidate(field, value, source, [span], META, (rank,))


def canonical_candidate(href: str, span: tuple[int, int]) -> Candidate | None:
    """`<link rel=canonical href=...>`: the page's own statement of its canonical URL, first
    among the `<meta>` carriers."""
    return make_candidate("canonical_url", href, "link[rel=canonical]", [span], META, (0,))


# --------------------------------------------------------------------------- the page's own elements

#: Class tokens of an element that holds the author's name (whole tokens, lower-cased).
AUTHOR_TOKENS = frozenset({
    "author", "author-name", "authorname", "author_name", "author__name", "byline-name", "byline__name",
    "byline-author", "byline__author", "article-author", "post-author", "entry-author", "author-link",
    "c-byline__author-name", "article__author", "story-author", "contributor-name",
})
_PUBLISHED_TOKENS = frozenset({"published", "pubdate", "entry-date", "post-date", "publish-date", "date-published"})
_MODIFIED_TOKENS = frozenset({"updated", "modified", "date-modified", "date-updated"})
ITEMPROP_FIELDS = {"datepublished": "published", "datecreated": "published", "datemodified": "modified",
                   "author": "author"}


AttrSpan = Callable[[str], tuple[str, tuple[int, int]]]


def is_page_carrier(tag: str, attrs: dict[str, str], names: Sequence[str]) -> bool:
    """Whether an element of the page may state a field (`page_element_candidates`): cheap,
    as the HTML ingester asks it of every element."""
    return (tag == "time" or (tag == "a" and "rel" in attrs)
            or ("itemprop" in attrs and any(p in ITEMPROP_FIELDS for p in attrs["itemprop"].lower().split()))
            or (bool(names) and _names_an_author(tuple(names)))
            or (tag == "abbr" and "title" in attrs))


@functools.lru_cache(maxsize=8192)
def _names_an_author(names: tuple[str, ...]) -> bool:
    # Pages repeat a few class lists on thousands of elements: decided once per list.
    return not AUTHOR_TOKENS.isdisjoint(n.lower() for n in names)


def page_element_candidates(tag: str, attrs: dict[str, str], names: Sequence[str], text: str,
                            text_span: tuple[int, int] | None, attr_span: AttrSpan) -> list[Candidate]:
    """The candidates an element in the page states: a `<time>` (or a microformat
    `<abbr class=published title=...>`), an `itemprop` date or author, a `rel=author` link,
    an author class token. `text` is the element's visible text (with its span);
    `attr_span(name)` gives the value and span of one of its attributes."""
    out: list[Candidate] = []
    lowered = {n.lower() for n in names}
    itemprop = next((p for p in attrs.get("itemprop", "").lower().split() if p in ITEMPROP_FIELDS), "")
    field = ITEMPROP_FIELDS.get(itemprop)
    text_spans = [text_span] if text_span else []
    dated = lowered & (_PUBLISHED_TOKENS | _MODIFIED_TOKENS)
    if field in DATE_FIELDS or tag == "time" or (tag == "abbr" and dated):
        if field is None:
            field = "modified" if lowered & _MODIFIED_TOKENS and not lowered & _PUBLISHED_TOKENS else "published"
        rank = (0,) if itemprop else (1,) if dated or "pubdate" in attrs else (2,)
        label = f"[itemprop={_itemprop_as_written(attrs, itemprop)}]" if itemprop else tag
        for name in ("datetime", "content", "title") if tag == "abbr" else ("datetime", "content"):
            if attrs.get(name, "").strip():
                value, span = attr_span(name)
                c = make_candidate(field, value, f"{tag}[{name}]" if not itemprop else label, [span], PAGE, rank)
                if c is not None:
                    out.append(c)
                    return out
        if text and is_date_text(text):
            c = make_candidate(field, text, label, text_spans, PAGE, rank)
            if c is not None:
                out.append(c)
        return out
    author_rank: tuple[int, ...] | None = None
    label = ""
    if field == "author":
        author_rank, label = (0,), f"[itemprop={_itemprop_as_written(attrs, itemprop)}]"
    elif tag == "a" and "author" in attrs.get("rel", "").lower().split():
        author_rank, label = (1,), "a[rel=author]"
    else:
        token = next((n for n in names if n.lower() in AUTHOR_TOKENS), None)
        if token is not None:
            author_rank, label = (2,), f".{token}"
    if author_rank is not None:
        if attrs.get("content", "").strip():
            value, span = attr_span("content")
            c = make_candidate("author", value, label, [span], PAGE, author_rank)
        else:
            c = make_candidate("author", text, label, text_spans, PAGE, author_rank) if is_name(text, lenient=True) \
                else None
        if c is not None:
            out.append(c)
    return out


def _itemprop_as_written(attrs: dict[str, str], lowered: str) -> str:
    return next(p for p in attrs["itemprop"].split() if p.lower() == lowered)
