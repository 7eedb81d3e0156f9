"""Is a heading a reference-list heading, is a line a reference entry: what ingestion asks.

This module imports only `patterns` and `keys`, never a later stage of the package
(parsing, splitting, merging, resolution), so `dedupe.ingest.references` can use it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from dedupe.config import References
from dedupe.ingest.phrases import COMPANY_SUFFIXES, GBT_DOCUMENT_TYPES, NAME_CONNECTORS

from .keys import (
    CACHE_SIZE,
    REFERENCES,
    cjk_count,
    collapse_space,
    has_url,
    is_cjk_text,
    may_hold_url,
    strip_wrapping,
    word_count,
)
from .patterns import (
    AUTHOR_YEAR_RE,
    BOOK_TITLE_RE,
    BRACKET_MARKER_RE,
    BULLET_RE,
    BULLETS,
    CJK_ENTRY_END_RE,
    CJK_RE,
    CJK_SENTENCE_END_RE,
    CJK_SENTENCE_MARK_RE,
    CLAUSE_COMMA_RE,
    CLAUSE_MARK_RE,
    DIGIT_RE,
    GBT_RE,
    KANA_OR_SENTENCE_MARK_RE,
    KANA_RUN_RE,
    LATIN_RE,
    LATIN_SENTENCE_BREAK_RE,
    LETTER_RE,
    MD_LINK_RE,
    NON_REFERENCE_LABEL_RE,
    NUMBER_MARKER_RE,
    PREFIX_SEP_RE,
    QUOTED_RE,
    REFERENCE_HEADING_RE,
    SECTION_NUMBER_RE,
    SENTENCE_END_RE,
    SPACE_RE,
    SUFFIX_SEP_RE,
    TRAILING_PAREN_RE,
    URL_RE,
    X_POST_RE,
    YEAR_RE,
)


@lru_cache(maxsize=CACHE_SIZE)
def is_name_like(text: str, refs: References = REFERENCES, *, max_words: int | None = None) -> bool:
    """A short proper name: ``Financial Times``, ``WIRED``, ``Bureau of Industry and Security``, ``新华社``.

    >>> is_name_like("Bureau of Industry and Security")
    True
    >>> is_name_like("Interview with DeepSeek Founder")
    False
    >>> is_name_like("1億ドル"), is_name_like("2024")
    (False, False)

    ``max_words`` (default ``refs.name_max_words``) depends on where the name stands.
    """
    text = strip_wrapping(text)
    if not text or len(text) > refs.name_max_chars or "\n" in text or has_url(text):
        return False
    if CJK_RE.search(text):
        # Short CJK names only, without kana particles (は, の, など …) or sentence marks.
        return (
            len(text) <= refs.cjk_name_max_chars
            and not KANA_OR_SENTENCE_MARK_RE.search(text)
            and not DIGIT_RE.search(text)
        )
    words = text.split()
    if not words or len(words) > (refs.name_max_words if max_words is None else max_words):
        return False
    if not LETTER_RE.search(text) or (SENTENCE_END_RE.search(text) and not text.endswith(".")):
        return False
    if NON_REFERENCE_LABEL_RE.match(text):
        return False
    first = words[0]
    if not (first[0].isupper() or first[0].isdigit() or first[0] == "@"):
        return False
    for word in words:
        core = word.strip("().,'’\"")
        if not core:
            continue
        if core.casefold() in NAME_CONNECTORS:
            continue
        if not (core[0].isupper() or core[0].isdigit() or core[0] in "@&" or any(c.isupper() for c in core)):
            return False
    return True


# --------------------------------------------------------------------------- headings and entries


@lru_cache(maxsize=CACHE_SIZE)
def is_reference_heading(text: str) -> bool:
    """Heading text that introduces a reference list.

    >>> is_reference_heading("## **Key Citations:**"), is_reference_heading("主要引用")
    (True, True)
    >>> is_reference_heading("中国のオープンソース戦略")
    False
    """
    text = unicodedata.normalize("NFKC", text).strip()
    text = text.strip("#*_=>:：. \t")
    text = SECTION_NUMBER_RE.sub("", text)  # "7. References"
    text = SPACE_RE.sub(" ", text).strip("*_ :：")
    return bool(text) and REFERENCE_HEADING_RE.match(text) is not None


@lru_cache(maxsize=CACHE_SIZE)
def looks_like_author_year(text: str, refs: References) -> bool:
    """``Authors (2024). Title ...``: short authors, then a year in brackets, then more."""
    if "(" not in text and "（" not in text:
        return False  # the year is always in brackets
    m = AUTHOR_YEAR_RE.match(text)
    if m is None or not m["rest"].strip():
        return False
    authors = m["authors"].strip()
    if is_cjk_text(authors, refs):
        return len(authors) <= refs.author_cjk_max_chars and "。" not in authors
    words = authors.split()
    return (
        1 <= len(words) <= refs.author_max_words and authors[:1].isupper()
        and not SENTENCE_END_RE.search(authors.rstrip("."))
    )


@lru_cache(maxsize=CACHE_SIZE)
def split_prefix(text: str, refs: References) -> tuple[str, str] | None:
    """``(prefix, rest)`` at the first colon when the prefix is short enough to be a name."""
    if ":" not in text and "：" not in text:
        return None
    m = PREFIX_SEP_RE.search(text)
    if m is None:
        return None
    prefix, rest = strip_wrapping(text[: m.start()]), strip_wrapping(text[m.end() :])
    if not prefix or not rest or has_url(prefix):
        return None
    if CJK_RE.search(prefix):
        if len(prefix) > refs.prefix_cjk_max_chars or CJK_SENTENCE_MARK_RE.search(prefix):
            return None
    elif (
        word_count(prefix) > refs.prefix_max_words or len(prefix) > refs.prefix_max_chars
        or LATIN_SENTENCE_BREAK_RE.search(prefix.rstrip("."))
    ):
        return None
    return prefix, rest


@lru_cache(maxsize=CACHE_SIZE)
def split_dash_prefix(text: str, refs: References) -> tuple[str, str] | None:
    """``(name, rest)`` at the first spaced dash or bar when a short name leads: ``Reuters - China's AI push``."""
    m = SUFFIX_SEP_RE.search(text)
    if m is None:
        return None
    name, rest = strip_wrapping(text[: m.start()]), strip_wrapping(text[m.end() :])
    if not rest or not is_name_like(name, refs, max_words=refs.leading_name_max_words):
        return None
    return name, rest


@lru_cache(maxsize=CACHE_SIZE)
def split_suffix(text: str, refs: References) -> tuple[str, str] | None:
    """``(rest, suffix)`` at the last spaced dash or bar, or a trailing ``(Name)``, when the suffix is a name."""
    # The pattern ends with a closing bracket at `$` (end of text, or before a final newline).
    paren = TRAILING_PAREN_RE.search(text) if text.rstrip("\n")[-1:] in (")", "）") else None
    if paren is not None:
        rest, name = strip_wrapping(text[: paren.start()]), strip_wrapping(paren["name"])
        if rest and is_name_like(name, refs, max_words=refs.publisher_max_words):
            return rest, name
    matches = list(SUFFIX_SEP_RE.finditer(text))
    if not matches:
        return None
    m = matches[-1]
    rest, suffix = strip_wrapping(text[: m.start()]), strip_wrapping(text[m.end() :])
    if not rest or not suffix or ":" in suffix or has_url(suffix):
        return None
    if not is_name_like(suffix, refs, max_words=refs.publisher_max_words):
        return None
    return rest, suffix


@lru_cache(maxsize=CACHE_SIZE)
def _is_prose(text: str, refs: References = REFERENCES) -> bool:
    """Running text, whatever it links to: a long CJK sentence, or a long Latin one.

    >>> _is_prose("研究は、中国のAI企業がオープンソース化している可能性が高いことを示しています。")
    True
    """
    text = text.strip()
    if is_cjk_text(text, refs):
        if CJK_SENTENCE_END_RE.search(text) and len(text) >= refs.prose_cjk_sentence_min_chars:
            return True
        clause_marks = len(CLAUSE_MARK_RE.findall(text))
        has_kana_clause = KANA_RUN_RE.search(text) is not None
        n = len(text)
        long_enough = (has_kana_clause and n > refs.prose_cjk_kana_max_chars) or n > refs.prose_cjk_max_chars
        return clause_marks >= refs.prose_cjk_min_clause_marks and long_enough and "《" not in text
    return word_count(text) > refs.prose_max_words


@lru_cache(maxsize=CACHE_SIZE)
def looks_like_reference(text: str, refs: References = REFERENCES) -> bool:
    """A list-item text that looks like a reference entry, not ordinary prose.

    >>> looks_like_reference("Financial Times: Why China is suddenly flooding the market with powerful AI models")
    True
    >>> looks_like_reference("X post by @x_delcourt"), looks_like_reference("[3] https://example.com/a")
    (True, True)
    >>> looks_like_reference("研究は、中国のAI企業が規制を回避するためにモデルを公開していることを示しています。")
    False
    """
    text = collapse_space(text)
    if text[:1] in BULLETS:
        text = BULLET_RE.sub("", text)
    if not text:
        return False
    if BRACKET_MARKER_RE.match(text):
        return True
    if text.startswith("|") or text.endswith("|"):
        return False  # a table row
    body = NUMBER_MARKER_RE.sub("", text, count=1).strip() or text
    # The plain `in` tests skip patterns that cannot match: every X-post form names an
    # @handle, GB/T and Markdown links need their brackets.
    if ("@" in body and X_POST_RE.match(body)) or looks_like_author_year(body, refs):
        return True
    gbt = GBT_RE.match(body) if "[" in body else None
    if gbt is not None and gbt["kind"] in GBT_DOCUMENT_TYPES:
        return True
    has_link = "](" in body
    unlinked = URL_RE.sub(" ", body) if may_hold_url(body) else body
    if has_link:
        unlinked = MD_LINK_RE.sub(r"\g<text>", unlinked)
    if _is_prose(unlinked, refs):
        return False
    if has_url(body) or (has_link and MD_LINK_RE.search(body)):
        return True
    if is_cjk_text(body, refs):
        if "《" in body and BOOK_TITLE_RE.search(body):
            return True
        if CJK_ENTRY_END_RE.search(body):
            return False
        split = split_prefix(body, refs)
        if split is not None:
            return len(body) <= refs.cjk_prefixed_entry_max_chars and is_name_like(split[0], refs)
        # A bare CJK title: short, with few clause breaks.
        return (
            refs.cjk_title_min_chars <= len(body) <= refs.cjk_title_max_chars
            and len(CLAUSE_COMMA_RE.findall(body)) <= refs.cjk_title_max_clauses
        )
    if not LATIN_RE.search(body) or cjk_count(body) > 0:
        return False
    n_words = word_count(body)
    if not n_words or n_words > refs.entry_max_words:
        return False
    if QUOTED_RE.search(body) and YEAR_RE.search(body):
        return True  # MLA-like `Author. "Title." Publisher, 2024.`
    if body.endswith((".", ";", ",", ":")) and not body.endswith(COMPANY_SUFFIXES):
        return False
    first = body.lstrip("\"'“‘*_«")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    prefix = split_prefix(body, refs)
    unnamed = prefix is not None and not is_name_like(prefix[0], refs, max_words=refs.publisher_max_words)
    if unnamed and n_words > refs.entry_unnamed_prefix_max_words:
        return False
    return True
