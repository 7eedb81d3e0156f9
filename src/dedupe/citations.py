"""Reference lists and inline references.

A scraped report often carries the same sources twice, written two ways
(``Financial Times: Why China is …`` in one list, ``Why China is …`` in the other),
and cites them in the body as ``(Financial Times)``, ``[1]`` or an X status URL.
This module turns the raw entries of every reference list into one list of
:class:`~dedupe.models.Citation` (one per work) and resolves inline references to
citation ids.

The hard decision is whether ``A: B`` (or ``B - A``) names a publisher ``A`` or is a
title that happens to contain a colon or dash.  It is taken from evidence in the
document, strongest first:

1. ``A`` is used as an inline reference label in the body, e.g. ``(A)``;
2. another entry is the same work written as ``B`` alone (split), or another entry is
   ``P: A: B`` (so ``A: B`` is the title: no split);
3. the style of the entry's own list: most of its entries were split (or most are
   bare titles) on the strength of 1–2;
4. general cues: ``A`` looks like a short proper name, ``B`` is a longer title, and
   ``A`` is not a subject word of the other entries' titles.

No publisher names are built in.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from operator import itemgetter
from urllib.parse import parse_qsl, urlencode, urlsplit

import regex
from rapidfuzz import fuzz, process

from dedupe.models import Citation, Span
from dedupe.text import SUPERSCRIPT_REF_RE

__all__ = [
    "CitationResult",
    "EntryKind",
    "InlineResolver",
    "ParsedEntry",
    "RawEntry",
    "build_citations",
    "collect_inline_labels",
    "decide_splits",
    "is_name_like",
    "is_reference_heading",
    "looks_like_reference",
    "name_key",
    "normalize_url",
    "parse_entry",
    "title_key",
]

# --------------------------------------------------------------------------- thresholds

#: Minimum ``fuzz.ratio`` between two title keys for the same work.
TITLE_MATCH_SCORE = 90.0
#: Shorter key / longer key: below this two titles are never the same work.
TITLE_LENGTH_GUARD = 0.8
#: Keys shorter than this must be equal to match (a ratio on a few characters is noise).
SHORT_KEY_LEN = 10
#: A publisher label this long may match a publisher key with a small typo.
FUZZY_LABEL_MIN_LEN = 12
FUZZY_LABEL_SCORE = 94.0

# --------------------------------------------------------------------------- patterns

URL_RE = regex.compile(r"(?:https?://|www\.)[^\s<>()\[\]{}\"'（）「」『』【】《》、。，；！？]+", regex.IGNORECASE)
MD_LINK_RE = regex.compile(r"\[(?P<text>[^\[\]]*)\]\((?P<url>[^()\s]+(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\)")
X_STATUS_URL_RE = regex.compile(
    r"https?://(?:www\.|mobile\.)?(?:x|twitter)\.com/(?P<handle>\w{1,30})/status(?:es)?/(?P<id>\d+)",
    regex.IGNORECASE,
)
_X_WORDS = r"(?:X|Twitter|X\s*\(formerly\s+Twitter\))"
X_POST_RE = regex.compile(
    rf"""^(?:
        (?:(?:an?\s+)?{_X_WORDS}\s+)?(?:post|tweet|thread|status)s?\s+(?:by|from)\s+@(?P<h1>\w{{1,30}})(?:\s+on\s+{_X_WORDS})?
      | @(?P<h2>\w{{1,30}})\s+(?:on|via)\s+{_X_WORDS}
      | @(?P<h3>\w{{1,30}})(?:'s|’s)?\s+(?:{_X_WORDS}\s+)?(?:post|tweet|thread)
      | @(?P<h4>\w{{1,30}})\s*[(（]\s*{_X_WORDS}(?:\s+(?:post|tweet))?\s*[)）]
    )(?P<tail>\W.*)?$""",
    regex.IGNORECASE | regex.VERBOSE | regex.DOTALL,
)
# `[1]`, `[^1]:`, `1.`, `1)`, `(1)`, `¹` at the start of an entry.
NUMBER_MARKER_RE = regex.compile(
    r"^\s*(?:\[\^?(?P<a>\d{1,3})\]:?|(?P<b>\d{1,3})[.)](?!\d)|[(（](?P<c>\d{1,3})[)）]|(?P<d>[¹²³⁴-⁹⁰]+))\s*"
)
BRACKET_MARKER_RE = regex.compile(r"^\s*\[\^?\d{1,3}\]:?\s*\S")
AUTHOR_YEAR_RE = regex.compile(
    r"^(?P<authors>[^()\[\]:：]{2,160}?)[\s.,]*[(（](?P<year>(?:1[5-9]|20)\d{2}[a-z]?|n\.\s?d\.)(?:[,，][^()（）]{0,40})?[)）][.,:，。]?\s*(?P<rest>.*)$",
    regex.DOTALL,
)
# GB/T 7714: `作者. 标题[J]. 期刊, 2024, 12(3): 1-10.`
GBT_RE = regex.compile(
    r"^(?:(?P<authors>[^.。\[\]]{1,80})[.。]\s*)?(?P<title>[^\[\]]{2,}?)\s*\[(?P<kind>[A-Z]{1,2}(?:/OL)?)\][.。]?\s*(?P<rest>.*)$"
)
#: GB/T 7714 document-type codes: journal, monograph, newspaper, online resource, …
_GBT_KINDS = frozenset("J M N C D R S P G Z EB EB/OL J/OL M/OL N/OL DB/OL".split())
_OPENING_QUOTES = "“\"«「『"  # what `QUOTED_RE` opens with
QUOTED_RE = regex.compile(r"[“\"«「『](?P<q>[^“”\"«»「」『』]{3,})[”\"»」』]")
BOOK_TITLE_RE = regex.compile(r"《(?P<q>[^《》]{1,200})》")
YEAR_RE = regex.compile(r"\b(?:1[5-9]|20)\d{2}\b")
# A spaced dash or bar before a trailing publisher: `Title - Publisher`, `Title | Publisher`.
SUFFIX_SEP_RE = regex.compile(r"\s+[-–—|·•]\s+")
TRAILING_PAREN_RE = regex.compile(r"\s*[(（](?P<name>[^()（）]{1,60})[)）]$")
PREFIX_SEP_RE = regex.compile(r":\s+|：\s*")
CJK_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
LATIN_RE = regex.compile(r"\p{Latin}")
LETTER_RE = regex.compile(r"\p{L}")
# The complements of `CJK_RE` and `LETTER_RE`: deleting them leaves exactly the characters
# those match, which counts them without a list of one-character matches.
_NON_CJK_RE = regex.compile(r"[^\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]+")
_NON_LETTER_RE = regex.compile(r"\P{L}+")
WORD_RE = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.&+-]*")
PAREN_RE = regex.compile(r"[(（](?P<body>[^()（）]{1,400})[)）]")
NUMERIC_REF_RE = regex.compile(r"\[\^?(?P<nums>\d{1,3}(?:\s*[,，–-]\s*\d{1,3})*)\](?!:)")
INLINE_AUTHOR_YEAR_RE = regex.compile(
    r"^(?P<names>[\p{L}'’.&\- ]+?(?:\s+et\s+al\.?)?)(?:,|，)?\s+(?P<year>(?:1[5-9]|20)\d{2}[a-z]?)$"
)
# The standard `re`: for this one-class search it costs half what `regex` does per call, and
# `_may_cite` runs it on every non-ASCII text of the body.
_SUPERSCRIPT_DIGIT_RE = re.compile(r"[¹²³⁴-⁹⁰]")
NON_REFERENCE_LABEL_RE = regex.compile(
    r"^(?:fig(?:ure)?s?|tables?|eqs?|equations?|sections?|chapters?|appendix|pages?|pp?|see|cf|e\.g|i\.e|ibid|note)\b\.?",
    regex.IGNORECASE,
)
_DIGITS_RE = regex.compile(r"\d+")
_BULLET_RE = regex.compile(r"^[-*+•・]\s+")
_BULLETS = frozenset("-*+•・")
_SENTENCE_END_RE = regex.compile(r"[.。．!?！？;；]$")
_SPACE_RE = regex.compile(r"\s+")
_KEY_DROP_RE = regex.compile(r"[\p{P}\p{S}\s\p{Cf}]+")
_LEADING_THE_RE = regex.compile(r"^the\s+", regex.IGNORECASE)
_RETRIEVED_RE = regex.compile(
    r"\b(?:retrieved|accessed|available)(?:\s+(?:from|at|on))?\b[^.]*$|\b(?:URL|link|online)\s*[:：]\s*$",
    regex.IGNORECASE,
)

# Patterns of the helpers below, compiled once (a call-site compile pays a cache lookup per call).
_KANA_OR_SENTENCE_MARK_RE = regex.compile(r"[\p{Hiragana}。、，！？!?]")
_DIGIT_RE = regex.compile(r"\d")
_SECTION_NUMBER_RE = regex.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+")
_CJK_SENTENCE_MARK_RE = regex.compile(r"[。！？]")
_LATIN_SENTENCE_BREAK_RE = regex.compile(r"[.!?](?:\s|$)")
_CJK_SENTENCE_END_RE = regex.compile(r"[。！？]\s*$")
_CLAUSE_MARK_RE = regex.compile(r"[、，。]")
_KANA_RUN_RE = regex.compile(r"\p{Hiragana}{2,}")
_CJK_ENTRY_END_RE = regex.compile(r"[。！？:：]$")
_CLAUSE_COMMA_RE = regex.compile(r"[、，,]")
_ET_AL_RE = regex.compile(r"\bet\s+al\.?")
_CJK_AUTHOR_SEP_RE = regex.compile(r"[,，、;；]|\band\b|&")
_AUTHOR_SEP_RE = regex.compile(r";|&|\band\b|,(?=\s*\p{Lu}\p{Ll})")
_SEGMENT_BREAK_RE = regex.compile(r"(?<=[.?!。])\s+(?=[\p{Lu}\p{N}\"“《])")
_VOLUME_TAIL_RE = regex.compile(r"[,，]\s*(?:vol\.?\s*)?\d.*$", regex.IGNORECASE)
_JOURNAL_END_RE = regex.compile(r"[,，:：]")
_NUMBER_TAIL_RE = regex.compile(r"[,，]\s*\d.*$")
_PAREN_PART_SEP_RE = regex.compile(r"[,，、;；]")
_STRIPPED_MARKER_RE = regex.compile(r"\s*(?:\[\^?(\d{1,3})\]:?|(\d{1,3})[.)]|[(（](\d{1,3})[)）])\s*")
_PAREN_GROUP_SEP_RE = regex.compile(r"[;；]")
_INLINE_AUTHOR_SEP_RE = regex.compile(r"\s*(?:&|\band\b|,)\s*")
_NUMBER_LIST_SEP_RE = regex.compile(r"\s*[,，]\s*")
_NUMBER_RANGE_SEP_RE = regex.compile(r"\s*[–-]\s*")

#: Lower-case words allowed inside a proper name (``Bureau of Industry and Security``).
NAME_CONNECTORS = frozenset(
    "of the and for on in at & de la le du des der die und van von y e da di to".split()
)

SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

_HEADING_WORDS = (
    "主要引用|主な引用|引用|引用文献|引用元|参考|参考文献|参考資料|参考资料|參考資料|參考文獻|出典|出处|出處|"
    "资料来源|資料來源|来源|來源|参考链接|参考リンク|关键引用|關鍵引用|주요 인용|참고 문헌|참고문헌|참고 자료|참고자료|"
    "참고 링크|출처"
)
_HEADING_LATIN = (
    r"(?:key|main|primary|selected|further|additional|cited)?\s*"
    r"(?:citations?|references?|sources?|bibliography|works\s+cited|further\s+reading|footnotes|"
    r"sources\s+(?:and|&)\s+references|references\s+(?:and|&)\s+(?:notes|sources|further\s+reading)|"
    r"quellen|literatur|références|referencias|fuentes|bibliografía|bibliographie)"
)
REFERENCE_HEADING_RE = regex.compile(rf"^(?:{_HEADING_WORDS}|{_HEADING_LATIN})$", regex.IGNORECASE)


# --------------------------------------------------------------------------- keys

#: Entries of the per-string caches below. Entries, their parts and keys recur within a
#: document (every copy of a post repeats its reference lists, and every pass over the
#: entries asks again); the helpers are pure functions of the string, so a cache is exact.
_CACHE_SIZE = 8192

#: The ASCII characters `_KEY_DROP_RE` removes, read off the pattern itself.
_ASCII_KEY_DROP: dict[int, None] = {c: None for c in range(128) if _KEY_DROP_RE.fullmatch(chr(c))}


@lru_cache(maxsize=_CACHE_SIZE)
def title_key(text: str) -> str:
    """Comparison key of a title: NFKC, casefolded, punctuation, symbols and spacing removed.

    >>> title_key("Interview with Deepseek Founder: We’re Done")
    'interviewwithdeepseekfounderweredone'
    >>> title_key("China wants to dominate in AI — and") == title_key("China wants to dominate in AI - and")
    True
    """
    if text.isascii():
        # NFKC leaves ASCII as it is: one table lookup per character instead of the pattern.
        return text.casefold().translate(_ASCII_KEY_DROP)
    return str(_KEY_DROP_RE.sub("", unicodedata.normalize("NFKC", text).casefold()))


@lru_cache(maxsize=_CACHE_SIZE)
def name_key(text: str) -> str:
    """Comparison key of a publisher or label: like :func:`title_key`, ``&`` read as ``and``, leading ``The`` dropped.

    >>> name_key("The  China Academy") == name_key("China Academy")
    True
    >>> name_key("WIRED") == name_key("Wired")
    True
    """
    text = unicodedata.normalize("NFKC", text).strip().replace("&", " and ")
    return title_key(_LEADING_THE_RE.sub("", text))


@lru_cache(maxsize=_CACHE_SIZE)
def url_host(url: str) -> str:
    """The lower-cased host of `url` (scheme optional); one urllib refuses is read by hand.

    >>> url_host("https://www.Example.org/a"), url_host("example.org/x")
    ('www.example.org', 'example.org')
    >>> url_host("greenwaygazettｅ．ｅｘａｍｐｌｅ．ｏｒｇ／２０24")  # urlsplit raises ValueError on it
    'greenwaygazettｅ．ｅｘａｍｐｌｅ．ｏｒｇ／２０24'
    """
    full = url if "://" in url else "http://" + url
    try:
        return urlsplit(full).netloc.lower()
    except ValueError:
        return full.split("://", 1)[1].split("/", 1)[0].lower()


def normalize_url(url: str) -> str:
    """Canonical form of a URL for comparison (scheme, ``www.``, tracking parameters and trailing ``/`` dropped).

    >>> normalize_url("https://www.Twitter.com/Foo/status/12?utm_source=x#top")
    'x.com/foo/status/12'
    >>> normalize_url("http://ex.ｏｒｇ／a")  # a host urllib refuses: compared as written
    'ex.org/a'
    """
    raw = unicodedata.normalize("NFKC", url.strip())
    if raw.lower().startswith("www."):
        raw = "http://" + raw
    try:
        parts = urlsplit(raw)
    except ValueError:
        return raw.casefold().split("://", 1)[-1].removeprefix("www.").rstrip("/")
    host = parts.netloc.lower().removeprefix("www.").removeprefix("mobile.")
    if host == "twitter.com":
        host = "x.com"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not k.lower().startswith("utm_")])
    path = parts.path.rstrip("/")
    if host == "x.com":
        path = path.lower()
    return host + path + (f"?{query}" if query else "")


def _clean_url(url: str) -> str:
    """Strip punctuation that a sentence glued to the end of a URL."""
    url = url.rstrip(".,;:!?。、，；：")
    # A closing bracket belongs to the URL only if the URL opened one.
    while url and url[-1] in ")]" and url.count(url[-1]) > url.count("(" if url[-1] == ")" else "["):
        url = url[:-1]
    return url


def _x_status(url: str) -> tuple[str, str] | None:
    """``(handle, canonical status URL)`` of an X/Twitter status URL, else ``None``."""
    m = X_STATUS_URL_RE.match(url)
    if m is None:
        return None
    return m["handle"], f"https://x.com/{m['handle']}/status/{m['id']}"


def _may_hold_url(text: str) -> bool:
    """False when ``URL_RE`` cannot match: it needs ``://`` or ``www.`` (in any case, and only
    ``W`` folds to ``w``). Much cheaper than the search it saves on text without links. A
    test for one character is cheaper still (no copy of the needle into a wide text's
    width), so the longer ones wait for the character they need."""
    return (":" in text and "://" in text) or ("." in text and ("w." in text or "W." in text))


def _has_url(text: str) -> bool:
    """``URL_RE`` finds a URL in ``text``."""
    return _may_hold_url(text) and URL_RE.search(text) is not None


def _words(text: str) -> list[str]:
    return [str(w) for w in WORD_RE.findall(text)]


@lru_cache(maxsize=_CACHE_SIZE)
def _word_count(text: str) -> int:
    """``len(_words(text))``, for the many callers that only compare the count."""
    return len(WORD_RE.findall(text))


_WRAPPING_QUOTES = frozenset(('""', "“”", "''", "‘’", "«»", "「」", "『』", "《》"))


@lru_cache(maxsize=_CACHE_SIZE)
def _collapse_space(text: str) -> str:
    """Runs of whitespace as one space, trimmed; the first step of every entry check."""
    if "  " not in text and text.isprintable():
        # Every character `\s` matches except the ASCII space is unprintable for Python
        # (checked over all of Unicode), so there is nothing to collapse.
        return text.strip()
    return _SPACE_RE.sub(" ", text).strip()


@lru_cache(maxsize=_CACHE_SIZE)
def _strip_wrapping(text: str) -> str:
    """Trim spaces, Markdown emphasis, enclosing quotes and dangling separators."""
    text = _collapse_space(text)
    prev = None
    while prev != text:
        prev = text
        # Emphasis runs at either end (`^[*_]+|[*_]+$`): the spacing pass above left no
        # newline for `$` to stop before, so two plain strips remove exactly the same.
        text = text.lstrip("*_").rstrip("*_").strip()
        text = text.strip(" ,;:：，；-–—|·•").strip()
        if len(text) >= 2 and text[0] + text[-1] in _WRAPPING_QUOTES:
            text = text[1:-1].strip()
    return text


@lru_cache(maxsize=_CACHE_SIZE)
def _cjk_count(text: str) -> int:
    return len(_NON_CJK_RE.sub("", text))


@lru_cache(maxsize=_CACHE_SIZE)
def _is_cjk_text(text: str) -> bool:
    cjk = _cjk_count(text)
    if cjk < 2:
        return False  # decided without counting the letters
    return cjk >= 0.2 * max(len(_NON_LETTER_RE.sub("", text)), 1)


@lru_cache(maxsize=_CACHE_SIZE)
def is_name_like(text: str, *, max_words: int = 5) -> bool:
    """A short proper name: ``Financial Times``, ``WIRED``, ``Bureau of Industry and Security``, ``新华社``.

    >>> is_name_like("Bureau of Industry and Security")
    True
    >>> is_name_like("Interview with DeepSeek Founder")
    False
    >>> is_name_like("1億ドル"), is_name_like("2024")
    (False, False)
    """
    text = _strip_wrapping(text)
    if not text or len(text) > 60 or "\n" in text or _has_url(text):
        return False
    if CJK_RE.search(text):
        # Short CJK names only, without kana particles (は, の, など …) or sentence marks.
        return (
            len(text) <= 12
            and not _KANA_OR_SENTENCE_MARK_RE.search(text)
            and not _DIGIT_RE.search(text)
        )
    words = text.split()
    if not words or len(words) > max_words:
        return False
    if not LETTER_RE.search(text) or (_SENTENCE_END_RE.search(text) and not text.endswith(".")):
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


@lru_cache(maxsize=_CACHE_SIZE)
def is_reference_heading(text: str) -> bool:
    """Heading text that introduces a reference list.

    >>> is_reference_heading("## **Key Citations:**"), is_reference_heading("主要引用")
    (True, True)
    >>> is_reference_heading("中国のオープンソース戦略")
    False
    """
    text = unicodedata.normalize("NFKC", text).strip()
    text = text.strip("#*_=>:：. \t")
    text = _SECTION_NUMBER_RE.sub("", text)  # "7. References"
    text = _SPACE_RE.sub(" ", text).strip("*_ :：")
    return bool(text) and REFERENCE_HEADING_RE.match(text) is not None


@lru_cache(maxsize=_CACHE_SIZE)
def _looks_like_author_year(text: str) -> bool:
    if "(" not in text and "（" not in text:
        return False  # the year is always in brackets
    m = AUTHOR_YEAR_RE.match(text)
    if m is None or not m["rest"].strip():
        return False
    authors = m["authors"].strip()
    if _is_cjk_text(authors):
        return len(authors) <= 40 and "。" not in authors
    words = authors.split()
    return 1 <= len(words) <= 20 and authors[:1].isupper() and not _SENTENCE_END_RE.search(authors.rstrip("."))


@lru_cache(maxsize=_CACHE_SIZE)
def _split_prefix(text: str) -> tuple[str, str] | None:
    """``(prefix, rest)`` at the first colon when the prefix is short enough to be a name."""
    if ":" not in text and "：" not in text:
        return None
    m = PREFIX_SEP_RE.search(text)
    if m is None:
        return None
    prefix, rest = _strip_wrapping(text[: m.start()]), _strip_wrapping(text[m.end() :])
    if not prefix or not rest or _has_url(prefix):
        return None
    if CJK_RE.search(prefix):
        if len(prefix) > 16 or _CJK_SENTENCE_MARK_RE.search(prefix):
            return None
    elif _word_count(prefix) > 8 or len(prefix) > 70 or _LATIN_SENTENCE_BREAK_RE.search(prefix.rstrip(".")):
        return None
    return prefix, rest


@lru_cache(maxsize=_CACHE_SIZE)
def _split_dash_prefix(text: str) -> tuple[str, str] | None:
    """``(name, rest)`` at the first spaced dash or bar when a short name leads: ``Reuters - China's AI push``."""
    m = SUFFIX_SEP_RE.search(text)
    if m is None:
        return None
    name, rest = _strip_wrapping(text[: m.start()]), _strip_wrapping(text[m.end() :])
    if not rest or not is_name_like(name, max_words=4):
        return None
    return name, rest


@lru_cache(maxsize=_CACHE_SIZE)
def _split_suffix(text: str) -> tuple[str, str] | None:
    """``(rest, suffix)`` at the last spaced dash or bar, or a trailing ``(Name)``, when the suffix is a name."""
    # The pattern ends with a closing bracket at `$` (end of text, or before a final newline).
    paren = TRAILING_PAREN_RE.search(text) if text.rstrip("\n")[-1:] in (")", "）") else None
    if paren is not None:
        rest, name = _strip_wrapping(text[: paren.start()]), _strip_wrapping(paren["name"])
        if rest and is_name_like(name, max_words=6):
            return rest, name
    matches = list(SUFFIX_SEP_RE.finditer(text))
    if not matches:
        return None
    m = matches[-1]
    rest, suffix = _strip_wrapping(text[: m.start()]), _strip_wrapping(text[m.end() :])
    if not rest or not suffix or ":" in suffix or _has_url(suffix):
        return None
    if not is_name_like(suffix, max_words=6):
        return None
    return rest, suffix


@lru_cache(maxsize=_CACHE_SIZE)
def _is_prose(text: str) -> bool:
    """Running text, whatever it links to: a long CJK sentence, or a long Latin one.

    >>> _is_prose("研究は、中国のAI企業がオープンソース化している可能性が高いことを示しています。")
    True
    """
    text = text.strip()
    if _is_cjk_text(text):
        if _CJK_SENTENCE_END_RE.search(text) and len(text) >= 15:
            return True
        clause_marks = len(_CLAUSE_MARK_RE.findall(text))
        has_kana_clause = _KANA_RUN_RE.search(text) is not None
        return clause_marks >= 2 and ((has_kana_clause and len(text) > 40) or len(text) > 60) and "《" not in text
    return _word_count(text) > 40


@lru_cache(maxsize=_CACHE_SIZE)
def looks_like_reference(text: str) -> bool:
    """A list-item text that looks like a reference entry, not ordinary prose.

    >>> looks_like_reference("Financial Times: Why China is suddenly flooding the market with powerful AI models")
    True
    >>> looks_like_reference("X post by @x_delcourt"), looks_like_reference("[3] https://example.com/a")
    (True, True)
    >>> looks_like_reference("研究は、中国のAI企業が規制を回避するためにモデルを公開していることを示しています。")
    False
    """
    text = _collapse_space(text)
    if text[:1] in _BULLETS:
        text = _BULLET_RE.sub("", text)
    if not text:
        return False
    if BRACKET_MARKER_RE.match(text):
        return True
    if text.startswith("|") or text.endswith("|"):
        return False  # a table row
    body = NUMBER_MARKER_RE.sub("", text, count=1).strip() or text
    # The plain `in` tests skip patterns that cannot match: every X-post form names an
    # @handle, GB/T and Markdown links need their brackets.
    if ("@" in body and X_POST_RE.match(body)) or _looks_like_author_year(body):
        return True
    gbt = GBT_RE.match(body) if "[" in body else None
    if gbt is not None and gbt["kind"] in _GBT_KINDS:
        return True
    has_link = "](" in body
    unlinked = URL_RE.sub(" ", body) if _may_hold_url(body) else body
    if has_link:
        unlinked = MD_LINK_RE.sub(r"\g<text>", unlinked)
    if _is_prose(unlinked):
        return False
    if _has_url(body) or (has_link and MD_LINK_RE.search(body)):
        return True
    if _is_cjk_text(body):
        if "《" in body and BOOK_TITLE_RE.search(body):
            return True
        if _CJK_ENTRY_END_RE.search(body):
            return False
        split = _split_prefix(body)
        if split is not None:
            return len(body) <= 80 and is_name_like(split[0])
        # A bare CJK title: short, at most one clause break.
        return 8 <= len(body) <= 50 and len(_CLAUSE_COMMA_RE.findall(body)) <= 1
    if not LATIN_RE.search(body) or _cjk_count(body) > 0:
        return False
    n_words = _word_count(body)
    if not n_words or n_words > 30:
        return False
    if QUOTED_RE.search(body) and YEAR_RE.search(body):
        return True  # MLA-like `Author. "Title." Publisher, 2024.`
    if body.endswith((".", ";", ",", ":")) and not body.endswith(("Inc.", "Ltd.", "Co.", "Corp.")):
        return False
    first = body.lstrip("\"'“‘*_«")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    prefix = _split_prefix(body)
    if prefix is not None and not is_name_like(prefix[0], max_words=6) and n_words > 20:
        return False
    return True


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
    authors = _ET_AL_RE.sub("", authors)
    if CJK_RE.search(authors):
        names = [n.strip() for n in _CJK_AUTHOR_SEP_RE.split(authors) if n.strip()]
        return tuple(names)
    found: list[str] = []
    for chunk in _AUTHOR_SEP_RE.split(authors):
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
    return [s.strip() for s in _SEGMENT_BREAK_RE.split(text) if s.strip()]


def _publisher_from_segment(segment: str) -> str | None:
    """A journal or publisher name from ``Journal Name, 12(3), 45–67.``."""
    segment = _VOLUME_TAIL_RE.sub("", segment.strip())
    segment = _strip_wrapping(segment.rstrip("."))
    segment = YEAR_RE.sub("", segment).strip(" ,.")
    return segment if segment and is_name_like(segment, max_words=8) else None


def _standalone_quote(text: str) -> regex.Match[str] | None:
    """A quoted title standing as its own segment (``Smith. "Title." Wired, 2024``), not a quoted word."""
    if not any(q in text for q in _OPENING_QUOTES):
        return None
    for m in QUOTED_RE.finditer(text):
        before = text[: m.start()].rstrip()
        after = text[m.end() :].lstrip()
        closed = m["q"].rstrip()[-1:] in ".,"  # MLA keeps the period inside: `"Title." Publisher`
        if (not before or before[-1] in ".,:;：，") and (closed or not after or after[0] in ".,;:，。-–—|(（"):
            if before or after:
                return m
    return None


def parse_entry(raw: RawEntry) -> ParsedEntry:
    """Parse one reference entry into its parts; the publisher/title split stays a candidate.

    >>> e = parse_entry(RawEntry("[2] Smith, J. (2024). Open Models. AI Press. https://ex.org/a", 0, 60, 1, 0))
    >>> e.number, e.title, e.publisher, e.url, e.authors, e.year
    (2, 'Open Models', 'AI Press', 'https://ex.org/a', ('Smith',), '2024')
    """
    return replace(_parse_text(raw.text), raw=raw)


#: Stands for the entry in a parse cached by text; :func:`parse_entry` puts the real one in.
_UNPLACED = RawEntry("", 0, 0, 0, 0)


@lru_cache(maxsize=_CACHE_SIZE)
def _parse_text(raw_text: str) -> ParsedEntry:
    """:func:`parse_entry` of an entry text (``raw`` left as :data:`_UNPLACED`).

    The parse depends on the text alone, and a post repeats its reference lists in every
    copy, so the same text is parsed once.
    """
    raw = _UNPLACED
    text = _collapse_space(raw_text)
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
        url = _clean_url(link["url"])
        link_title = _strip_wrapping(link["text"])
        outside = text[: link.start()] + " " + text[link.end() :]
        if URL_RE.fullmatch(link_title or ""):
            link_title = None
    else:
        urls = [_clean_url(u) for u in URL_RE.findall(text)] if _may_hold_url(text) else []
        if urls:
            url = urls[0]
            outside = URL_RE.sub(" ", text)
    bare = outside.strip()
    whole_quoted = len(bare) > 2 and bare[0] + bare[-1] in ('""', "“”", "「」", "『』", "《》")
    outside = _RETRIEVED_RE.sub("", _strip_wrapping(outside))
    outside = _strip_wrapping(outside)

    x_status = _x_status(url) if url else None

    core = link_title if link_title is not None else outside
    x = X_POST_RE.match(core) if "@" in core else None  # every X-post form names an @handle
    if x is not None or (x_status is not None and not core):
        handle = next((x[g] for g in ("h1", "h2", "h3", "h4") if x[g]), None) if x is not None else None
        if handle is None and x_status is not None:
            handle = x_status[0]
        assert handle is not None
        if x_status is not None and x_status[0].casefold() != handle.casefold():
            x_status = None
        title = _strip_wrapping(core) if x is not None else f"X post by @{handle}"
        return ParsedEntry(
            raw=raw, kind=EntryKind.X_POST, core=title, title=title, publisher="X",
            url=x_status[1] if x_status else url, number=number, handle=handle,
        )

    if link_title is not None:
        publisher = None
        extra = _strip_wrapping(YEAR_RE.sub("", outside))
        if extra and is_name_like(extra, max_words=6):
            publisher = extra
        return ParsedEntry(
            raw=raw, kind=EntryKind.LINK, core=link_title, title=link_title, publisher=publisher, url=url,
            number=number, prefix=None if publisher else _split_prefix(link_title),
            suffix=None if publisher else _split_suffix(link_title),
        )

    if not core:
        return ParsedEntry(raw=raw, kind=EntryKind.URL, core="", title=url or raw_text.strip(), url=url, number=number)

    ay = AUTHOR_YEAR_RE.match(core) if _looks_like_author_year(core) else None
    if ay is not None:
        rest = ay["rest"].strip()
        quoted = QUOTED_RE.search(rest)
        publisher = None
        if quoted is not None:
            title = quoted["q"].strip().rstrip(".,")
            publisher = _publisher_from_segment(rest[quoted.end() :])
        else:
            segments = _split_segments(rest)
            if len(segments) >= 2:
                publisher = _publisher_from_segment(segments[-1])
                title_segments = segments[:-1] if publisher else segments[:1]
            else:
                title_segments = segments
            title = _strip_wrapping(" ".join(title_segments).rstrip("."))
        return ParsedEntry(
            raw=raw, kind=EntryKind.AUTHOR_YEAR, core=title, title=title or core, publisher=publisher, url=url,
            number=number, authors=_surnames(ay["authors"]), year=ay["year"],
        )

    gbt = GBT_RE.match(core) if "[" in core else None
    if gbt is not None and gbt["kind"] in _GBT_KINDS:
        rest = gbt["rest"]
        journal = _JOURNAL_END_RE.split(rest, maxsplit=1)[0].strip(" .。") if rest else ""
        year = YEAR_RE.search(rest)
        return ParsedEntry(
            raw=raw, kind=EntryKind.AUTHOR_YEAR, core=gbt["title"], title=_strip_wrapping(gbt["title"]),
            publisher=journal if journal and not journal.isdigit() else None, url=url, number=number,
            authors=_surnames(gbt["authors"] or ""), year=year.group(0) if year else None,
        )

    book = BOOK_TITLE_RE.search(core) if "《" in core else None
    quoted = book or _standalone_quote(core)
    if quoted is not None and _strip_wrapping(core) != _strip_wrapping(quoted["q"]):
        title = _strip_wrapping(quoted["q"]).rstrip(".,")
        before = _strip_wrapping(core[: quoted.start()])
        after = _strip_wrapping(YEAR_RE.sub("", core[quoted.end() :]))
        publisher = None
        for candidate in (after, before) if book is None else (before, after):
            candidate = _strip_wrapping(_NUMBER_TAIL_RE.sub("", candidate))
            if candidate and is_name_like(candidate, max_words=6):
                publisher = candidate
                break
        return ParsedEntry(
            raw=raw, kind=EntryKind.QUOTED, core=title, title=title, publisher=publisher, url=url, number=number,
        )

    if whole_quoted:
        # A whole entry in quotes is one title: "Deepseek: The Quiet Giant…" is not split.
        title = _strip_wrapping(core)
        return ParsedEntry(raw=raw, kind=EntryKind.QUOTED, core=title, title=title, url=url, number=number)

    core = _strip_wrapping(core)
    suffix = _split_suffix(core)
    prefix = _split_prefix(suffix[0] if suffix else core)
    if prefix is None and suffix is None:
        prefix = _split_dash_prefix(core)
    return ParsedEntry(
        raw=raw, kind=EntryKind.TEXT, core=core, title=core, url=url, number=number, prefix=prefix, suffix=suffix,
    )


# --------------------------------------------------------------------------- evidence


def _close_keys(key: str, keys: Sequence[str]) -> list[int]:
    """Indices of the `keys` that `_keys_match` puts at or above the title threshold."""
    hits = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=TITLE_MATCH_SCORE, limit=None)
    return [j for _, _, j in hits if _keys_match(key, keys[j]) >= TITLE_MATCH_SCORE]


def _keys_match(a: str, b: str) -> float:
    """Similarity of two title keys (0–100) under the length guard; short keys must be equal.

    Numbers must agree: ``2024年…`` and ``2023年…`` are two reports, however close.
    """
    if not a or not b:
        return 0.0
    if a == b:
        return 100.0
    if _DIGITS_RE.findall(a) != _DIGITS_RE.findall(b):
        return 0.0
    if min(len(a), len(b)) < SHORT_KEY_LEN:
        return 0.0
    if min(len(a), len(b)) / max(len(a), len(b)) < TITLE_LENGTH_GUARD:
        return 0.0
    return float(fuzz.ratio(a, b))


@lru_cache(maxsize=_CACHE_SIZE)
def _paren_candidates(content: str) -> tuple[str, ...]:
    """Names a parenthetical may cite: the whole, its comma-separated parts."""
    content = content.strip()
    parts = [p.strip() for p in _PAREN_PART_SEP_RE.split(content) if p.strip()]
    return (content, *parts) if len(parts) > 1 else (content,)


@lru_cache(maxsize=_CACHE_SIZE)
def _label_keys(body: str) -> tuple[str, ...]:
    """The non-empty name keys a parenthetical ``(body)`` offers as labels (none if it holds a URL).

    Every copy of a post repeats its parentheticals; each distinct one is worked out once.
    """
    if _has_url(body):
        return ()
    return tuple(key for key in map(name_key, _paren_candidates(body)) if key)


def collect_inline_labels(texts: Iterable[str]) -> set[str]:
    """Name keys of every parenthetical in ``texts`` that could be a reference label.

    >>> sorted(collect_inline_labels(["a (WIRED). b (1億ドル、Financial Times)"]))
    ['1億ドル', '1億ドルfinancialtimes', 'financialtimes', 'wired']
    """
    labels: set[str] = set()
    for text in texts:
        if "(" not in text and "（" not in text:
            continue  # no parenthetical: most of the body
        for m in PAREN_RE.finditer(text):
            labels.update(_label_keys(m["body"]))
    return labels


@dataclass(frozen=True, slots=True)
class _Variants:
    """Title keys of an entry with and without its candidate prefix/suffix."""

    full: str
    no_prefix: str | None
    no_suffix: str | None


def _variants(entry: ParsedEntry) -> _Variants:
    if entry.kind not in (EntryKind.TEXT, EntryKind.LINK):
        return _Variants(title_key(entry.title), None, None)
    # The prefix candidate was cut from the text without its suffix, so ``no_prefix`` lacks both.
    return _Variants(
        title_key(entry.core),
        title_key(entry.prefix[1]) if entry.prefix else None,
        title_key(entry.suffix[0]) if entry.suffix else None,
    )


class _Split(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class _KeyColumns:
    """Every entry's :class:`_Variants` as three key lists (``""`` where a variant is missing).

    Built once per document: each decision runs rapidfuzz over whole columns.
    """

    full: list[str]
    no_prefix: list[str]
    no_suffix: list[str]

    @classmethod
    def of(cls, variants: Sequence[_Variants]) -> _KeyColumns:
        return cls(
            [v.full for v in variants], [v.no_prefix or "" for v in variants], [v.no_suffix or "" for v in variants]
        )


def _decide_by_evidence(
    index: int, side: str, entries: Sequence[ParsedEntry], variants: Sequence[_Variants], columns: _KeyColumns,
    labels: set[str],
) -> _Split:
    """Publisher split of one side (``"prefix"`` or ``"suffix"``) of one entry from document evidence."""
    entry = entries[index]
    candidate = entry.prefix if side == "prefix" else entry.suffix
    assert candidate is not None
    name = candidate[0] if side == "prefix" else candidate[1]
    if name_key(name) in labels:
        return _Split.YES
    mine = variants[index]
    stripped = mine.no_prefix if side == "prefix" else mine.no_suffix
    # Which other entries are the same work without this name (the name was a publisher),
    # and which are `P: <this whole entry>` (the whole entry is a title)? The first such
    # entry in list order decides. Candidates come from one rapidfuzz batch per key list.
    same_without: set[int] = set()
    if stripped:
        for keys in (columns.full, columns.no_suffix if side == "prefix" else columns.no_prefix):
            same_without.update(j for j in _close_keys(stripped, keys) if j != index)
    wrapped_keys = columns.no_prefix if side == "prefix" else columns.no_suffix
    wraps_me = {j for j in _close_keys(mine.full, wrapped_keys) if j != index}
    first = min(same_without | wraps_me, default=None)
    if first is not None:
        return _Split.YES if first in same_without else _Split.NO
    return _Split.UNKNOWN


def _title_part(entry: ParsedEntry) -> str:
    """The entry's text without its candidate prefix and suffix names."""
    text = entry.suffix[0] if entry.suffix else entry.core
    return entry.prefix[1] if entry.prefix else text


class _Titles:
    """Every entry's title part joined into one string, to search for a name once per name."""

    def __init__(self, entries: Sequence[ParsedEntry]) -> None:
        parts = [_title_part(e) if e.kind is not EntryKind.X_POST else "" for e in entries]
        self.text = "\n".join(parts)
        self.starts: list[int] = []
        pos = 0
        for part in parts:
            self.starts.append(pos)
            pos += len(part) + 1

    def entry_at(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1


def _is_subject_elsewhere(name: str, index: int, titles: _Titles) -> bool:
    """The name occurs as a word inside another entry's title: a subject, not a publisher."""
    if len(name_key(name)) < 3:
        return False
    pattern = regex.compile(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(name.strip())}(?![\p{{L}}\p{{N}}])", regex.IGNORECASE)
    return any(titles.entry_at(m.start()) != index for m in pattern.finditer(titles.text))


def _decide_by_cues(index: int, side: str, entries: Sequence[ParsedEntry], titles: _Titles) -> bool:
    """General cues when the document gives no evidence: short proper name + longer title."""
    entry = entries[index]
    candidate = entry.prefix if side == "prefix" else entry.suffix
    assert candidate is not None
    name, rest = (candidate[0], candidate[1]) if side == "prefix" else (candidate[1], candidate[0])
    if not is_name_like(name, max_words=4):
        return False
    if CJK_RE.search(name) or CJK_RE.search(rest):
        long_enough = len(title_key(rest)) >= max(6, 2 * len(title_key(name)))
    else:
        long_enough = len(_words(rest)) >= max(3, len(_words(name)) + 1)
    return long_enough and not _is_subject_elsewhere(name, index, titles)


def decide_splits(entries: Sequence[ParsedEntry], labels: set[str]) -> list[tuple[bool, bool]]:
    """For every entry, whether its candidate prefix / suffix is a publisher (see module docstring)."""
    variants = [_variants(e) for e in entries]
    columns = _KeyColumns.of(variants)
    titles: _Titles | None = None  # only the general cues need it, and most entries never get there
    decided: dict[tuple[int, str], _Split] = {}
    for i, entry in enumerate(entries):
        for side in ("prefix", "suffix"):
            if getattr(entry, side) is not None:
                decided[(i, side)] = _decide_by_evidence(i, side, entries, variants, columns, labels)

    # List style: what the evidence says about the other entries of the same list.
    votes: dict[tuple[int, str], list[int]] = {}
    for i, entry in enumerate(entries):
        if entry.kind not in (EntryKind.TEXT, EntryKind.LINK) or entry.publisher:
            continue
        for side in ("prefix", "suffix"):
            tally = votes.setdefault((entry.raw.list_index, side), [0, 0])
            verdict = decided.get((i, side))
            if verdict is _Split.YES:
                tally[0] += 1
            elif verdict is _Split.NO or (verdict is None and entry.prefix is None and entry.suffix is None):
                tally[1] += 1

    result: list[tuple[bool, bool]] = []
    for i, entry in enumerate(entries):
        flags: list[bool] = []
        for side in ("prefix", "suffix"):
            verdict = decided.get((i, side))
            if verdict is None:
                flags.append(False)
            elif verdict is not _Split.UNKNOWN:
                flags.append(verdict is _Split.YES)
            else:
                split_votes, bare_votes = votes.get((entry.raw.list_index, side), [0, 0])
                candidate = getattr(entry, side)
                name = candidate[0] if side == "prefix" else candidate[1]
                if split_votes > bare_votes:
                    flags.append(is_name_like(name, max_words=6))
                elif bare_votes > split_votes:
                    flags.append(False)
                else:
                    if titles is None:
                        titles = _Titles(entries)
                    flags.append(_decide_by_cues(i, side, entries, titles))
        result.append((flags[0], flags[1]))
    return result


def _apply_split(entry: ParsedEntry, split_prefix: bool, split_suffix: bool) -> ParsedEntry:
    """The entry with its decided publisher moved out of the title."""
    if entry.kind not in (EntryKind.TEXT, EntryKind.LINK) or entry.publisher:
        return entry
    title, publisher = entry.core, None
    if split_suffix and entry.suffix:
        title, publisher = entry.suffix
    if split_prefix and entry.prefix:
        prefix_name, rest = entry.prefix
        title = rest if not (split_suffix and entry.suffix) else _strip_wrapping(title[len(prefix_name) :])
        publisher = prefix_name
    return ParsedEntry(
        raw=entry.raw, kind=entry.kind, core=entry.core, title=title, publisher=publisher, url=entry.url,
        number=entry.number, handle=entry.handle, authors=entry.authors, year=entry.year,
        prefix=entry.prefix, suffix=entry.suffix,
    )


# --------------------------------------------------------------------------- X posts and URLs


# Every X status URL holds `/status`: a literal search (in C, any case) skips the texts
# without one before the full pattern runs.
_STATUS_WORD_RE = re.compile("/status", re.IGNORECASE)


def _x_status_urls(source: str, texts: Iterable[str]) -> dict[str, list[str]]:
    """Status URLs per casefolded handle, in order of first appearance (source first)."""
    found: dict[str, list[str]] = {}
    for text in (source, *texts):
        if "://" not in text or _STATUS_WORD_RE.search(text) is None:
            continue  # no status URL at all: most of the body
        for m in X_STATUS_URL_RE.finditer(text):
            status = _x_status(m.group(0))
            assert status is not None
            urls = found.setdefault(status[0].casefold(), [])
            if status[1] not in urls:
                urls.append(status[1])
    return found


def _assign_x_urls(entries: list[ParsedEntry], status_urls: dict[str, list[str]]) -> list[ParsedEntry]:
    """Give each X-post entry without a URL the status URL the body cites for its handle.

    The k-th entry for a handle within one list gets the k-th status URL of that handle.
    """
    seen: dict[tuple[int, str], int] = {}
    out: list[ParsedEntry] = []
    for entry in entries:
        if entry.kind is EntryKind.X_POST and entry.handle and entry.url is None:
            handle = entry.handle.casefold()
            k = seen.get((entry.raw.list_index, handle), 0)
            seen[(entry.raw.list_index, handle)] = k + 1
            urls = status_urls.get(handle, [])
            if k < len(urls):
                entry = ParsedEntry(
                    raw=entry.raw, kind=entry.kind, core=entry.core, title=entry.title, publisher=entry.publisher,
                    url=urls[k], number=entry.number, handle=entry.handle,
                )
        out.append(entry)
    return out


def _source_link_urls(source: str) -> list[tuple[str, str]]:
    """``(title key, url)`` of every Markdown link in the source."""
    return [
        (title_key(m["text"]), _clean_url(m["url"]))
        for m in MD_LINK_RE.finditer(source)
        if m["text"].strip() and not URL_RE.fullmatch(m["text"].strip())
    ]


# --------------------------------------------------------------------------- merging


@dataclass(frozen=True, slots=True)
class _EntryKeys:
    """An entry's comparison keys, computed once."""

    title: str
    publisher: str | None
    url: str | None

    @classmethod
    def of(cls, e: ParsedEntry) -> _EntryKeys:
        return cls(title_key(e.title), name_key(e.publisher) if e.publisher else None,
                   normalize_url(e.url) if e.url else None)


def _pair_score(a: ParsedEntry, b: ParsedEntry, ka: _EntryKeys | None = None, kb: _EntryKeys | None = None) -> float:
    """How sure we are that two entries name the same work (0–100)."""
    ka = ka or _EntryKeys.of(a)
    kb = kb or _EntryKeys.of(b)
    if ka.url and kb.url:
        if ka.url == kb.url:
            return 100.0
        return 0.0  # two different addresses are two works, whatever the titles say
    if a.kind is EntryKind.X_POST or b.kind is EntryKind.X_POST:
        same_handle = (
            a.kind is b.kind and a.handle is not None and b.handle is not None
            and a.handle.casefold() == b.handle.casefold()
        )
        return 100.0 if same_handle else 0.0
    if ka.publisher and kb.publisher and ka.publisher != kb.publisher:
        return 0.0
    if a.year and b.year and a.year[:4] != b.year[:4]:
        return 0.0
    return _keys_match(ka.title, kb.title)


def _merge_groups(entries: Sequence[ParsedEntry]) -> list[list[int]]:
    """Groups of entry indices naming the same work; entries taken in document order.

    An entry joins the best-scoring group it matches; a group takes at most one entry
    per list unless the two are identical, so one loose title never chains works together.
    Only groups holding a possible match are scored: an earlier entry with the same URL or
    X handle, or a title key rapidfuzz puts above the threshold.
    """
    keys = [_EntryKeys.of(e) for e in entries]
    group_of: list[int] = []
    groups: list[list[int]] = []
    by_url: dict[str, list[int]] = defaultdict(list)
    by_handle: dict[str, list[int]] = defaultdict(list)
    titles: list[str] = []
    for i, entry in enumerate(entries):
        candidates: set[int] = set()
        url = keys[i].url
        if url:
            candidates.update(by_url[url])
        if entry.handle:
            candidates.update(by_handle[entry.handle.casefold()])
        if keys[i].title and titles:
            hits = process.extract(keys[i].title, titles, scorer=fuzz.ratio,
                                   score_cutoff=TITLE_MATCH_SCORE, limit=None)
            candidates.update(j for _, _, j in hits)
        best: tuple[float, int] | None = None
        for g in sorted({group_of[j] for j in candidates}):
            members = groups[g]
            scores = [_pair_score(entry, entries[j], keys[i], keys[j]) for j in members]
            same_list = [sc for j, sc in zip(members, scores) if entries[j].raw.list_index == entry.raw.list_index]
            if any(sc < 100.0 for sc in same_list):
                continue
            if min(scores) == 0.0 and max(scores) < 100.0:
                continue  # conflicts with a member (another URL, publisher or year)
            score = max(scores)
            if score >= TITLE_MATCH_SCORE and (best is None or score > best[0]):
                best = (score, g)
        if best is None:
            groups.append([i])
            group_of.append(len(groups) - 1)
        else:
            groups[best[1]].append(i)
            group_of.append(best[1])
        if url:
            by_url[url].append(i)
        if entry.handle:
            by_handle[entry.handle.casefold()].append(i)
        titles.append(keys[i].title)
    return groups


def _canonical(members: Sequence[ParsedEntry], cid: str, link_urls: Sequence[tuple[str, str]]) -> Citation:
    """One citation from the entries of a group (first-seen title; publisher and URL from whichever has them)."""
    titled = [e for e in members if e.kind is not EntryKind.URL] or list(members)
    title = titled[0].title
    publisher = next((e.publisher for e in members if e.publisher), None)
    url = next((e.url for e in members if e.url), None)
    if url is None:
        key = title_key(title)
        url = next((u for k, u in link_urls if _keys_match(k, key) >= TITLE_MATCH_SCORE), None)
    spans = sorted({(e.raw.start, e.raw.end, e.raw.line) for e in members})
    return Citation(
        id=cid, title=title, publisher=publisher, url=url,
        provenance=[Span(start=s, end=e, line=ln) for s, e, ln in spans],
    )


# --------------------------------------------------------------------------- inline resolution


def _marker_number_from_source(entry: RawEntry, source: str) -> int | None:
    """The number of an ordered-list marker the caller stripped (``1.`` before the entry)."""
    line_start = source.rfind("\n", 0, entry.start) + 1
    before = source[line_start : entry.start]
    m = _STRIPPED_MARKER_RE.fullmatch(before)
    if m is None:
        return None
    return int(next(g for g in m.groups() if g))


@dataclass(frozen=True, slots=True)
class _NumberedList:
    list_index: int
    start: int
    numbers: dict[int, str]


def _reportable(label: str) -> bool:
    """A label worth reporting as an unresolved reference: a Latin proper name without digits.

    Digits mark model and product names (``GPT-4o``, ``Llama 3``) far more often than publishers.
    """
    return is_name_like(label) and not CJK_RE.search(label) and not _DIGIT_RE.search(label)


def _may_cite(text: str) -> bool:
    """Whether ``text`` holds what every inline reference needs (most body text does not).

    A parenthetical needs ``(``; a URL what `_may_hold_url` looks for; a numeric reference
    ``[``; a superscript a non-ASCII digit. Plain substring tests: much cheaper than the
    patterns they stand in front of.
    """
    return (
        "(" in text or "（" in text or "[" in text or _may_hold_url(text)
        or (not text.isascii() and _SUPERSCRIPT_DIGIT_RE.search(text) is not None)
    )


def _reference_position(text: str, end: int) -> bool:
    """A parenthetical ending at ``end`` stands where a citation does: end of clause or text."""
    rest = text[end:].lstrip(" \t")
    return not rest or rest[0] in "。．.,，、;；:：!?！？)）]」』*_|\n"


def _is_abbreviation(label: str, text: str, start: int) -> bool:
    """``Bureau of Industry and Security (BIS)``: an acronym defined right before it."""
    letters = label.strip()
    if not (2 <= len(letters) <= 8 and letters.isupper() and letters.isalpha()):
        return False
    words = [w for w in _words(text[max(0, start - 200) : start]) if w.casefold() not in NAME_CONNECTORS]
    initials = "".join(w[0] for w in words[-len(letters) :]).upper()
    return initials == letters


_FIRST, _SECOND = itemgetter(0), itemgetter(1)  # of the (position, id or label) pairs `resolve` collects


@dataclass(frozen=True)
class InlineResolver:
    """Resolve inline references in a text to citation ids (built by :func:`build_citations`)."""

    citations: Sequence[Citation]
    by_name: dict[str, list[str]] = field(default_factory=dict)
    by_url: dict[str, str] = field(default_factory=dict)
    by_handle: dict[str, list[str]] = field(default_factory=dict)
    by_author_year: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    numbered_lists: list[_NumberedList] = field(default_factory=list)
    source: str = ""

    def resolve(self, text: str, *, offset: int | None = None) -> tuple[list[str], list[str]]:
        """Citation ids referenced inline in ``text`` (first occurrence order, no repeats) and unresolved labels.

        ``offset`` (where ``text`` starts in the source, optional) picks the reference
        list whose numbering ``[n]`` markers follow; without it the text is looked up in
        the source.
        """
        if not _may_cite(text):
            return [], []
        hits: list[tuple[int, str]] = []
        misses: list[tuple[int, str]] = []
        paren_starts: list[int] = []  # parentheticals, in order and apart: bisect finds the one around a URL
        paren_ends: list[int] = []

        for m in PAREN_RE.finditer(text):
            paren_starts.append(m.start())
            paren_ends.append(m.end())
            body = m["body"]
            if _has_url(body):
                for u in URL_RE.finditer(body):
                    url = _clean_url(u.group(0))
                    ids = self._match_url(url)
                    if ids:
                        hits.extend((m.start() + u.start(), cid) for cid in ids)
                    elif not MD_LINK_RE.search(text[max(0, m.start() - 300) : m.end()]):
                        misses.append((m.start(), url))
                continue
            self._resolve_paren(text, m, hits, misses)

        for u in URL_RE.finditer(text):
            k = bisect_right(paren_starts, u.start()) - 1
            if k >= 0 and u.start() < paren_ends[k]:
                continue
            hits.extend((u.start(), cid) for cid in self._match_url(_clean_url(u.group(0))))

        if NUMERIC_REF_RE.search(text) or SUPERSCRIPT_REF_RE.search(text):
            numbering = self._numbering_for(text, offset)
            for m in NUMERIC_REF_RE.finditer(text):
                for n in self._expand_numbers(m["nums"]):
                    self._resolve_number(n, f"[{n}]", m.start(), numbering, hits, misses)
            if numbering:
                for m in SUPERSCRIPT_REF_RE.finditer(text):
                    n = int(m["sup"].translate(SUPERSCRIPT_DIGITS))
                    self._resolve_number(n, m["sup"], m.start(), numbering, hits, misses)

        # In order of position (ties keep their order), without repeats. `itemgetter` keeps the
        # loop in C: a name cited by dozens of entries gives a text dozens of hits.
        ids = list(dict.fromkeys(map(_SECOND, sorted(hits, key=_FIRST))))
        unresolved = list(dict.fromkeys(map(_SECOND, sorted(misses, key=_FIRST))))
        return ids, unresolved

    # -- helpers

    def _resolve_paren(
        self, text: str, m: regex.Match[str], hits: list[tuple[int, str]], misses: list[tuple[int, str]]
    ) -> None:
        body = m["body"].strip()
        pos = m.start()
        ids = self._match_name(body)
        if ids:
            hits.extend((pos, cid) for cid in ids)
            return
        groups = [g.strip() for g in _PAREN_GROUP_SEP_RE.split(body) if g.strip()]
        author_year = [self._match_author_year(g) for g in groups]
        if any(ay is not None for ay in author_year):
            for g, ay in zip(groups, author_year, strict=True):
                if ay:
                    hits.extend((pos, cid) for cid in ay)
                elif INLINE_AUTHOR_YEAR_RE.match(g):
                    misses.append((pos, g))
            return
        parts = _paren_candidates(body)[1:]
        if parts:
            matched = [self._match_name(p) for p in parts]
            if any(matched):
                for p, found in zip(parts, matched, strict=True):
                    if found:
                        hits.extend((pos, cid) for cid in found)
                    elif _reportable(p):
                        misses.append((pos, _strip_wrapping(p)))
                return
            last, earlier = parts[-1], parts[:-1]
            # `(…sentence…、Wired)`: a name after a clause is a source; `(A, B, C)` is an enumeration.
            if (
                _reportable(last)
                and not all(is_name_like(p) for p in earlier)
                and _reference_position(text, m.end())
            ):
                misses.append((pos, _strip_wrapping(last)))
            return
        if (
            _reportable(body)
            and _reference_position(text, m.end())
            and not _is_abbreviation(body, text, m.start())
        ):
            misses.append((pos, _strip_wrapping(body)))

    def _match_name(self, label: str) -> list[str]:
        label = _strip_wrapping(label)
        if label.startswith("@"):
            return list(self.by_handle.get(label[1:].casefold(), []))
        key = name_key(label)
        if not key:
            return []
        if key in self.by_name:
            return list(self.by_name[key])
        if len(key) >= FUZZY_LABEL_MIN_LEN:
            # The best-scoring long name at or above the threshold (ties: the greatest key);
            # rapidfuzz scores all names in one call and drops those below the threshold.
            close = process.extract(key, list(self.by_name), scorer=fuzz.ratio,
                                    score_cutoff=FUZZY_LABEL_SCORE, limit=None)
            best = max(((score, k) for k, score, _ in close if len(k) >= FUZZY_LABEL_MIN_LEN), default=None)
            if best is not None:
                return list(self.by_name[best[1]])
        return []

    def _match_url(self, url: str) -> list[str]:
        norm = normalize_url(url)
        if norm in self.by_url:
            return [self.by_url[norm]]
        status = _x_status(url)
        if status is not None:
            return list(self.by_handle.get(status[0].casefold(), []))
        return []

    def _match_author_year(self, group: str) -> list[str] | None:
        m = INLINE_AUTHOR_YEAR_RE.match(group.strip())
        if m is None:
            return None
        names = _ET_AL_RE.sub("", m["names"])
        first = _INLINE_AUTHOR_SEP_RE.split(names.strip())[0].strip()
        return self.by_author_year.get((name_key(first), m["year"][:4])) or None

    def _numbering_for(self, text: str, offset: int | None) -> dict[int, str]:
        """The numbering of the reference list that follows the text (or the first list)."""
        if not self.numbered_lists:
            return {}
        pos = offset
        if pos is None and text:
            found = self.source.find(text)
            pos = found if found >= 0 else None
        if pos is not None:
            after = [nl for nl in self.numbered_lists if nl.start >= pos]
            chosen = after[0] if after else self.numbered_lists[-1]
            return chosen.numbers
        merged: dict[int, str] = {}
        for nl in self.numbered_lists:
            for n, cid in nl.numbers.items():
                merged.setdefault(n, cid)
        return merged

    @staticmethod
    def _expand_numbers(spec: str) -> list[int]:
        numbers: list[int] = []
        for part in _NUMBER_LIST_SEP_RE.split(spec):
            bounds = _NUMBER_RANGE_SEP_RE.split(part)
            if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
                lo, hi = int(bounds[0]), int(bounds[1])
                numbers.extend(range(lo, hi + 1) if 0 < hi - lo <= 50 else (lo, hi))
            elif part.isdigit():
                numbers.append(int(part))
        return numbers

    @staticmethod
    def _resolve_number(
        n: int, label: str, pos: int, numbering: dict[int, str],
        hits: list[tuple[int, str]], misses: list[tuple[int, str]],
    ) -> None:
        if n in numbering:
            hits.append((pos, numbering[n]))
        elif numbering:
            misses.append((pos, label))


# --------------------------------------------------------------------------- entry point


@dataclass(frozen=True)
class CitationResult:
    """The document's citations and a resolver for its inline references."""

    citations: list[Citation]
    resolver: InlineResolver


def build_citations(entries: list[RawEntry], body_texts: list[str], source: str) -> CitationResult:
    """Parse every entry, decide publisher/title splits from the document, merge the same work across lists.

    Citation ids are ``c1``, ``c2``, … in order of first appearance in the source.
    """
    ordered = sorted(entries, key=lambda e: (e.start, e.end, e.list_index))
    parsed = [parse_entry(e) for e in ordered]
    labels = collect_inline_labels(body_texts)
    splits = decide_splits(parsed, labels)
    parsed = [_apply_split(e, p, s) for e, (p, s) in zip(parsed, splits, strict=True)]
    parsed = _assign_x_urls(parsed, _x_status_urls(source, body_texts))

    groups = _merge_groups(parsed)
    groups.sort(key=lambda g: min(parsed[i].raw.start for i in g))
    link_urls = _source_link_urls(source)
    citations: list[Citation] = []
    entry_to_id: dict[int, str] = {}
    for n, group in enumerate(groups, start=1):
        cid = f"c{n}"
        citations.append(_canonical([parsed[i] for i in sorted(group)], cid, link_urls))
        entry_to_id.update((i, cid) for i in group)

    resolver = InlineResolver(citations=citations, source=source)
    for cit in citations:
        if cit.publisher:
            resolver.by_name.setdefault(name_key(cit.publisher), []).append(cit.id)
        if cit.url:
            resolver.by_url.setdefault(normalize_url(cit.url), cit.id)
            host = url_host(cit.url)
            labels_of_host = [p for p in host.removeprefix("www.").split(".")[:-1] if p not in ("x", "twitter")]
            if labels_of_host:
                ids = resolver.by_name.setdefault(title_key(labels_of_host[-1]), [])
                if cit.id not in ids:
                    ids.append(cit.id)
    # A whole title of three words or more may stand as its own inline label.
    for cit in citations:
        if _word_count(cit.title) >= 3 and not cit.title.startswith("X post"):
            ids = resolver.by_name.setdefault(name_key(cit.title), [])
            if cit.id not in ids:
                ids.append(cit.id)
    for i, entry in enumerate(parsed):
        cid = entry_to_id[i]
        if entry.handle:
            ids = resolver.by_handle.setdefault(entry.handle.casefold(), [])
            if cid not in ids:
                ids.append(cid)
        if entry.authors and entry.year:
            ids = resolver.by_author_year.setdefault((name_key(entry.authors[0]), entry.year[:4]), [])
            if cid not in ids:
                ids.append(cid)

    by_list: dict[int, list[int]] = {}
    for i, entry in enumerate(parsed):
        by_list.setdefault(entry.raw.list_index, []).append(i)
    for list_index, members in sorted(by_list.items()):
        numbers: dict[int, str] = {}
        explicit = [parsed[i].number or _marker_number_from_source(parsed[i].raw, source) for i in members]
        use_position = all(x is None for x in explicit)
        for position, (i, written) in enumerate(zip(members, explicit, strict=True), start=1):
            number = position if use_position else written
            if number is not None:
                numbers.setdefault(number, entry_to_id[i])
        start = min(parsed[i].raw.start for i in members)
        resolver.numbered_lists.append(_NumberedList(list_index=list_index, start=start, numbers=numbers))
    resolver.numbered_lists.sort(key=lambda nl: nl.start)
    return CitationResult(citations=citations, resolver=resolver)
