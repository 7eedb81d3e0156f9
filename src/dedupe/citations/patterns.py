"""The compiled patterns of reference entries and inline references (one place to read them all)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import regex

from dedupe.ingest.phrases import (
    ACCESS_PREPOSITIONS,
    ACCESS_WORDS,
    LINK_LABELS,
    NON_REFERENCE_LABELS,
    REFERENCE_HEADING_QUALIFIERS,
    REFERENCE_HEADINGS_CJK,
    REFERENCE_HEADINGS_LATIN,
)


def _alternatives(phrases: Iterable[str]) -> str:
    r"""A regex alternation of literal phrases, a space in a phrase matching any spacing.

    >>> _alternatives(["works cited", "e.g"])
    'works\\s+cited|e\\.g'
    """
    return "|".join(r"\s+".join(regex.escape(word) for word in phrase.split()) for phrase in phrases)


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
OPENING_QUOTES = "“\"«「『"  # what `QUOTED_RE` opens with
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
NON_CJK_RE = regex.compile(r"[^\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]+")
NON_LETTER_RE = regex.compile(r"\P{L}+")
WORD_RE = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.&+-]*")
PAREN_RE = regex.compile(r"[(（](?P<body>[^()（）]{1,400})[)）]")
NUMERIC_REF_RE = regex.compile(r"\[\^?(?P<nums>\d{1,3}(?:\s*[,，–-]\s*\d{1,3})*)\](?!:)")
INLINE_AUTHOR_YEAR_RE = regex.compile(
    r"^(?P<names>[\p{L}'’.&\- ]+?(?:\s+et\s+al\.?)?)(?:,|，)?\s+(?P<year>(?:1[5-9]|20)\d{2}[a-z]?)$"
)
# The standard `re`: for this one-class search it costs half what `regex` does per call, and
# `_may_cite` runs it on every non-ASCII text of the body.
SUPERSCRIPT_DIGIT_RE = re.compile(r"[¹²³⁴-⁹⁰]")
NON_REFERENCE_LABEL_RE = regex.compile(
    rf"^(?:{_alternatives(NON_REFERENCE_LABELS)})\b\.?",
    regex.IGNORECASE,
)
DIGITS_RE = regex.compile(r"\d+")
BULLET_RE = regex.compile(r"^[-*+•・]\s+")
BULLETS = frozenset("-*+•・")
SENTENCE_END_RE = regex.compile(r"[.。．!?！？;；]$")
SPACE_RE = regex.compile(r"\s+")
KEY_DROP_RE = regex.compile(r"[\p{P}\p{S}\s\p{Cf}]+")
LEADING_THE_RE = regex.compile(r"^the\s+", regex.IGNORECASE)
RETRIEVED_RE = regex.compile(
    rf"\b(?:{_alternatives(ACCESS_WORDS)})(?:\s+(?:{_alternatives(ACCESS_PREPOSITIONS)}))?\b[^.]*$"
    rf"|\b(?:{_alternatives(LINK_LABELS)})\s*[:：]\s*$",
    regex.IGNORECASE,
)

# Patterns of the helpers below, compiled once (a call-site compile pays a cache lookup per call).
KANA_OR_SENTENCE_MARK_RE = regex.compile(r"[\p{Hiragana}。、，！？!?]")
DIGIT_RE = regex.compile(r"\d")
SECTION_NUMBER_RE = regex.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+")
CJK_SENTENCE_MARK_RE = regex.compile(r"[。！？]")
LATIN_SENTENCE_BREAK_RE = regex.compile(r"[.!?](?:\s|$)")
CJK_SENTENCE_END_RE = regex.compile(r"[。！？]\s*$")
CLAUSE_MARK_RE = regex.compile(r"[、，。]")
KANA_RUN_RE = regex.compile(r"\p{Hiragana}{2,}")
CJK_ENTRY_END_RE = regex.compile(r"[。！？:：]$")
CLAUSE_COMMA_RE = regex.compile(r"[、，,]")
ET_AL_RE = regex.compile(r"\bet\s+al\.?")
CJK_AUTHOR_SEP_RE = regex.compile(r"[,，、;；]|\band\b|&")
AUTHOR_SEP_RE = regex.compile(r";|&|\band\b|,(?=\s*\p{Lu}\p{Ll})")
# Between sentence-like segments of an author-year remainder: the next one opens with a capital,
# a digit, a quote, or a lower-case name with a capital inside (`arXiv`, `bioRxiv`).
SEGMENT_BREAK_RE = regex.compile(r"(?<=[.?!。])\s+(?=[\p{Lu}\p{N}\"“《]|\p{Ll}+\p{Lu})")
VOLUME_TAIL_RE = regex.compile(r"[,，]\s*(?:vol\.?\s*)?\d.*$", regex.IGNORECASE)
JOURNAL_END_RE = regex.compile(r"[,，:：]")
NUMBER_TAIL_RE = regex.compile(r"[,，]\s*\d.*$")
PAREN_PART_SEP_RE = regex.compile(r"[,，、;；]")
STRIPPED_MARKER_RE = regex.compile(r"\s*(?:\[\^?(\d{1,3})\]:?|(\d{1,3})[.)]|[(（](\d{1,3})[)）])\s*")
PAREN_GROUP_SEP_RE = regex.compile(r"[;；]")
INLINE_AUTHOR_SEP_RE = regex.compile(r"\s*(?:&|\band\b|,)\s*")
NUMBER_LIST_SEP_RE = regex.compile(r"\s*[,，]\s*")
NUMBER_RANGE_SEP_RE = regex.compile(r"\s*[–-]\s*")

SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

REFERENCE_HEADING_RE = regex.compile(
    rf"^(?:{_alternatives(REFERENCE_HEADINGS_CJK)}"
    rf"|(?:{_alternatives(REFERENCE_HEADING_QUALIFIERS)})?\s*(?:{_alternatives(REFERENCE_HEADINGS_LATIN)}))$",
    regex.IGNORECASE,
)


# Every X status URL holds `/status`: a literal search (in C, any case) skips the texts
# without one before the full pattern runs.
STATUS_WORD_RE = re.compile("/status", re.IGNORECASE)
