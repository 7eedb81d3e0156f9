"""Entry parsers: one reference entry (number, link, URL, X post, author-year, GB/T, quoted, text) into its parts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

import regex

from dedupe.config import References
from dedupe.ingest.phrases import GBT_DOCUMENT_TYPES

from .detect import is_name_like, looks_like_author_year, split_dash_prefix, split_prefix, split_suffix
from .keys import CACHE_SIZE, REFERENCES, clean_url, collapse_space, may_hold_url, strip_wrapping, x_status
from .patterns import (
    AUTHOR_SEP_RE,
    AUTHOR_YEAR_RE,
    BOOK_TITLE_RE,
    CJK_AUTHOR_SEP_RE,
    CJK_RE,
    ET_AL_RE,
    GBT_RE,
    JOURNAL_END_RE,
    MD_LINK_RE,
    NUMBER_MARKER_RE,
    NUMBER_TAIL_RE,
    OPENING_QUOTES,
    QUOTED_RE,
    RETRIEVED_RE,
    SEGMENT_BREAK_RE,
    SUPERSCRIPT_DIGITS,
    URL_RE,
    VOLUME_TAIL_RE,
    X_POST_RE,
    YEAR_RE,
)

# --------------------------------------------------------------------------- parsing


class EntryKind(StrEnum):
    """How an entry was written."""

    TEXT = "text"  # Publisher: Title, Title - Publisher, bare title
    LINK = "link"  # Markdown [Title](url)
    URL = "url"  # bare URL
    X_POST = "x_post"
    AUTHOR_YEAR = "author_year"
    QUOTED = "quoted"  # `Author. "Title." Publisher` / `出版社《标题》`


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One item of a reference list, as written (list marker stripped)."""

    text: str
    start: int
    end: int
    line: int
    list_index: int


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """What an entry says, before the publisher/title split is decided.

    ``core`` is the entry text without number, URL and link syntax. ``prefix`` and
    ``suffix`` are *candidate* publishers (``prefix: rest`` / ``rest - suffix``);
    ``publisher`` is set only when the form itself says so (link text plus a name,
    author–year, X post).
    """

    raw: RawEntry
    kind: EntryKind
    core: str
    title: str
    publisher: str | None = None
    url: str | None = None
    number: int | None = None
    handle: str | None = None
    authors: tuple[str, ...] = ()
    year: str | None = None
    prefix: tuple[str, str] | None = None
    suffix: tuple[str, str] | None = None


def _marker_number(match: regex.Match[str]) -> int | None:
    for group in ("a", "b", "c"):
        if match[group]:
            return int(match[group])
    if match["d"]:
        return int(match["d"].translate(SUPERSCRIPT_DIGITS))
    return None


def _surnames(authors: str) -> tuple[str, ...]:
    """Family names of an author string (``Smith, J., & Lee, K.`` → ``Smith``, ``Lee``)."""
    authors = ET_AL_RE.sub("", authors)
    if CJK_RE.search(authors):
        names = [n.strip() for n in CJK_AUTHOR_SEP_RE.split(authors) if n.strip()]
        return tuple(names)
    found: list[str] = []
    for chunk in AUTHOR_SEP_RE.split(authors):
        chunk = chunk.strip(" ,.")
        if not chunk:
            continue
        # "Smith, J." / "Smith J" → Smith ; "John Smith" → Smith
        if "," in chunk:
            name = chunk.split(",")[0].strip()
        else:
            parts = [p for p in chunk.split() if len(p.strip(".")) > 1]
            name = parts[-1] if parts else chunk
            if len(parts) >= 2 and all(len(p.strip(".")) <= 2 for p in chunk.split()[1:]):
                name = chunk.split()[0]
        if name and name[0].isupper():
            found.append(name.strip("."))
    return tuple(found)


def _split_segments(text: str) -> list[str]:
    """Sentence-like segments of an author–year remainder (``Title. Publisher.``)."""
    return [s.strip() for s in SEGMENT_BREAK_RE.split(text) if s.strip()]


def _publisher_from_segment(segment: str, refs: References) -> str | None:
    """A journal or publisher name from ``Journal Name, 12(3), 45–67.``."""
    segment = VOLUME_TAIL_RE.sub("", segment.strip())
    segment = strip_wrapping(segment.rstrip("."))
    segment = YEAR_RE.sub("", segment).strip(" ,.")
    return segment if segment and is_name_like(segment, refs, max_words=refs.journal_max_words) else None


def _standalone_quote(text: str) -> regex.Match[str] | None:
    """A quoted title standing as its own segment (``Smith. "Title." Wired, 2024``), not a quoted word."""
    if not any(q in text for q in OPENING_QUOTES):
        return None
    for m in QUOTED_RE.finditer(text):
        before = text[: m.start()].rstrip()
        after = text[m.end() :].lstrip()
        closed = m["q"].rstrip()[-1:] in ".,"  # MLA keeps the period inside: `"Title." Publisher`
        if (not before or before[-1] in ".,:;：，") and (closed or not after or after[0] in ".,;:，。-–—|(（"):
            if before or after:
                return m
    return None


def parse_entry(raw: RawEntry, refs: References = REFERENCES) -> ParsedEntry:
    """Parse one reference entry into its parts; the publisher/title split stays a candidate.

    >>> e = parse_entry(RawEntry("[2] Smith, J. (2024). Open Models. AI Press. https://ex.org/a", 0, 60, 1, 0))
    >>> e.number, e.title, e.publisher, e.url, e.authors, e.year
    (2, 'Open Models', 'AI Press', 'https://ex.org/a', ('Smith',), '2024')
    """
    return replace(_parse_text(raw.text, refs), raw=raw)


#: Stands for the entry in a parse cached by text; :func:`parse_entry` puts the real one in.
_UNPLACED = RawEntry("", 0, 0, 0, 0)


@lru_cache(maxsize=CACHE_SIZE)
def _parse_text(raw_text: str, refs: References) -> ParsedEntry:
    """:func:`parse_entry` of an entry text (``raw`` left as :data:`_UNPLACED`).

    The parse depends on the text alone, and a post repeats its reference lists in every
    copy, so the same text is parsed once.
    """
    raw = _UNPLACED
    text = collapse_space(raw_text)
    number = None
    m = NUMBER_MARKER_RE.match(text)
    if m is not None and text[m.end() :].strip():
        number = _marker_number(m)
        text = text[m.end() :]

    url: str | None = None
    outside = text
    link_title: str | None = None
    link = MD_LINK_RE.search(text) if "](" in text else None
    if link is not None:
        url = clean_url(link["url"])
        link_title = strip_wrapping(link["text"])
        outside = text[: link.start()] + " " + text[link.end() :]
        if URL_RE.fullmatch(link_title or ""):
            link_title = None
    else:
        urls = [clean_url(u) for u in URL_RE.findall(text)] if may_hold_url(text) else []
        if urls:
            url = urls[0]
            outside = URL_RE.sub(" ", text)
    bare = outside.strip()
    whole_quoted = len(bare) > 2 and bare[0] + bare[-1] in ('""', "“”", "「」", "『』", "《》")
    outside = RETRIEVED_RE.sub("", strip_wrapping(outside))
    outside = strip_wrapping(outside)

    status = x_status(url) if url else None

    core = link_title if link_title is not None else outside
    x = X_POST_RE.match(core) if "@" in core else None  # every X-post form names an @handle
    if x is not None or (status is not None and not core):
        handle = next((x[g] for g in ("h1", "h2", "h3", "h4") if x[g]), None) if x is not None else None
        if handle is None and status is not None:
            handle = status[0]
        assert handle is not None
        if status is not None and status[0].casefold() != handle.casefold():
            status = None
        title = strip_wrapping(core) if x is not None else f"X post by @{handle}"
        return ParsedEntry(
            raw=raw, kind=EntryKind.X_POST, core=title, title=title, publisher="X",
            url=status[1] if status else url, number=number, handle=handle,
        )

    if link_title is not None:
        publisher = None
        extra = strip_wrapping(YEAR_RE.sub("", outside))
        if extra and is_name_like(extra, refs, max_words=refs.publisher_max_words):
            publisher = extra
        return ParsedEntry(
            raw=raw, kind=EntryKind.LINK, core=link_title, title=link_title, publisher=publisher, url=url,
            number=number, prefix=None if publisher else split_prefix(link_title, refs),
            suffix=None if publisher else split_suffix(link_title, refs),
        )

    if not core:
        return ParsedEntry(raw=raw, kind=EntryKind.URL, core="", title=url or raw_text.strip(), url=url, number=number)

    ay = AUTHOR_YEAR_RE.match(core) if looks_like_author_year(core, refs) else None
    if ay is not None:
        rest = ay["rest"].strip()
        quoted = QUOTED_RE.search(rest)
        publisher = None
        if quoted is not None:
            title = quoted["q"].strip().rstrip(".,")
            publisher = _publisher_from_segment(rest[quoted.end() :], refs)
        else:
            segments = _split_segments(rest)
            if len(segments) >= 2:
                publisher = _publisher_from_segment(segments[-1], refs)
                title_segments = segments[:-1] if publisher else segments[:1]
            else:
                title_segments = segments
            title = strip_wrapping(" ".join(title_segments).rstrip("."))
        return ParsedEntry(
            raw=raw, kind=EntryKind.AUTHOR_YEAR, core=title, title=title or core, publisher=publisher, url=url,
            number=number, authors=_surnames(ay["authors"]), year=ay["year"],
        )

    gbt = GBT_RE.match(core) if "[" in core else None
    if gbt is not None and gbt["kind"] in GBT_DOCUMENT_TYPES:
        rest = gbt["rest"]
        journal = JOURNAL_END_RE.split(rest, maxsplit=1)[0].strip(" .。") if rest else ""
        year = YEAR_RE.search(rest)
        return ParsedEntry(
            raw=raw, kind=EntryKind.AUTHOR_YEAR, core=gbt["title"], title=strip_wrapping(gbt["title"]),
            publisher=journal if journal and not journal.isdigit() else None, url=url, number=number,
            authors=_surnames(gbt["authors"] or ""), year=year.group(0) if year else None,
        )

    book = BOOK_TITLE_RE.search(core) if "《" in core else None
    quoted = book or _standalone_quote(core)
    if quoted is not None and strip_wrapping(core) != strip_wrapping(quoted["q"]):
        title = strip_wrapping(quoted["q"]).rstrip(".,")
        before = strip_wrapping(core[: quoted.start()])
        after = strip_wrapping(YEAR_RE.sub("", core[quoted.end() :]))
        publisher = None
        for candidate in (after, before) if book is None else (before, after):
            candidate = strip_wrapping(NUMBER_TAIL_RE.sub("", candidate))
            if candidate and is_name_like(candidate, refs, max_words=refs.publisher_max_words):
                publisher = candidate
                break
        return ParsedEntry(
            raw=raw, kind=EntryKind.QUOTED, core=title, title=title, publisher=publisher, url=url, number=number,
        )

    if whole_quoted:
        # A whole entry in quotes is one title: "Deepseek: The Quiet Giant…" is not split.
        title = strip_wrapping(core)
        return ParsedEntry(raw=raw, kind=EntryKind.QUOTED, core=title, title=title, url=url, number=number)

    core = strip_wrapping(core)
    suffix = split_suffix(core, refs)
    prefix = split_prefix(suffix[0] if suffix else core, refs)
    if prefix is None and suffix is None:
        prefix = split_dash_prefix(core, refs)
    return ParsedEntry(
        raw=raw, kind=EntryKind.TEXT, core=core, title=core, url=url, number=number, prefix=prefix, suffix=suffix,
    )
