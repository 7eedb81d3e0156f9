"""Which bare lines are headings, headlines and titles, and which are hashtags: the decisions
the text ingester makes line by line and the Markdown and HTML ingesters make on blocks."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from ..config import Config
from ..text import comparison_key
from .chrome import match_chrome

HASH_HEADING_RE = regex.compile(r"(#{1,6})[ \t]*(?=\S)")
TRAILING_TAGS_RE = regex.compile(r"(?:[ \t\u3000]+#[^\s#]+)+[ \t]*$")
TAG_RE = regex.compile(r"#([^\s#]+)")
TAGS_ONLY_RE = regex.compile(r"#[^\s#]+(?:[ \t\u3000]+#[^\s#]+)*")
SENTENCE_FINAL_RE = regex.compile(r"[。．.!！?？:：;；、,，…]$")
_SENTENCE_FINAL = "。．.!！?？:：;；、,，…"  # the class of `SENTENCE_FINAL_RE`
_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
ELLIPSIS_RE = regex.compile(r"(?:…+|\.{3,})$")
URL_RE = regex.compile(r"https?://")
_DEFAULT_CONFIG = Config()
# A title may end in a question or an exclamation mark (`Why China Open-Sources AI?`); it
# may not end in the rest of `_SENTENCE_FINAL`.
_TITLE_FINAL = "".join(c for c in _SENTENCE_FINAL if c not in "!！?？")
# A sentence end inside a line: `。`/`．`, or a full stop before a space and more text -- not
# one after an initial or a common abbreviation (`U.S. Policy`, `Dr. Who`).
_INNER_STOP_RE = regex.compile(r"[。．]|(?<!\b(?:\p{Lu}|Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|No|Vol|etc))\.[ \t\u3000]+\S")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# A line that is only a date (Blogger's date header, a dateline): never a title.
_DATE_LINE_RE = regex.compile(
    r"(?i)(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:\d{{4}}\s*[年/.-]\s*\d{{1,2}}\s*[月/.-]\s*\d{{1,2}}\s*日?|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}})"
    r"(?:\s*[(（]?(?:[日月火水木金土]曜?日?|星期[一二三四五六日天]|周[一二三四五六日])[)）]?)?"
    r"(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?)?")
# Names of a report's sections, never of a post (en, ja, zh, ko; compared on the comparison
# key): a first line that is one of them is a heading of the body -- the post's title was
# not scraped -- and stays a heading.
SECTION_NAMES = frozenset(comparison_key(n) for n in (
    "Overview", "Summary", "Introduction", "Intro", "Conclusion", "Conclusions", "Key Points", "Key Takeaways",
    "Highlights", "Background", "Contents", "Table of Contents", "TL;DR", "Abstract", "Executive Summary",
    "Details", "Discussion", "References", "Sources", "Notes", "Preface",
    "概要", "要点", "要約", "まとめ", "結論", "はじめに", "背景", "目次", "序論", "詳細", "参考文献", "出典", "考察",
    "总结", "概述", "摘要", "核心要点", "结论", "引言", "目录", "参考资料", "详细分析", "前言",
    "總結", "目錄", "參考資料",
    "요약", "개요", "결론", "서론", "목차", "배경", "참고 문헌", "핵심 요점",
))
# What ends a headline: a question or an exclamation.
HEADLINE_FINAL = "?!？！"


def _is_bare_heading(text: str, max_chars: int) -> bool:
    """A short line with no sentence punctuation that stands alone: a heading."""
    if len(text) > max_chars:
        return False
    if ends_like_sentence(text):
        return False
    if "。" in text or ("://" in text and URL_RE.search(text)) or text.startswith(("(", "（", "[", "「")):
        return False
    # The ASCII letters, counted in C: the ASCII characters' bytes, less those not letters.
    latin = len(text.encode("ascii", "ignore").translate(None, _NOT_LETTERS))
    if latin * 2 > len(text):
        if len(text.split()) > 12 or not (text[0].isupper() or text[0].isdigit()):
            return False
        if text.count(". ") or text.count(", ") > 1:
            return False
    elif len(text) > 40:
        return False
    return True


def split_trailing_tags(text: str) -> tuple[str, str]:
    """`text` without the hashtags that end it (after a space), and those hashtags ("" when
    there are none).

    >>> split_trailing_tags("中国のAI戦略 #三24 #AI"), split_trailing_tags("No tags #here1x")
    (('中国のAI戦略', ' #三24 #AI'), ('No tags', ' #here1x'))
    >>> split_trailing_tags("Plain title")
    ('Plain title', '')
    """
    m = TRAILING_TAGS_RE.search(text)
    if m is None or m.start() == 0:
        return text, ""
    return text[: m.start()].rstrip(), m.group()


def _is_title_line(text: str, max_chars: int) -> bool:
    """A first line that reads as a post's title: short (`max_chars`, in characters, for every
    script), one sentence at most and not ended as one -- `?` and `!` may end it, `.`, `。`,
    `:`, `、`, `,`, `…` not -- no URL, not a date alone, not a parenthesis, a Latin title's
    first word capitalised (or a number), at most two commas; not a section name (`要点`:
    a heading of the body) nor a chrome word (`Home`, `コメント`: the site's)."""
    if not text or len(text) > max_chars or text[-1] in _TITLE_FINAL or text.endswith("..."):
        return False
    if not any(map(str.isalpha, text)) or _INNER_STOP_RE.search(text):
        return False
    if "://" in text or text.startswith(("www.", "(", "（")) or _DATE_LINE_RE.fullmatch(text):
        return False
    if text.count(", ") + text.count("、") + text.count("，") > 2:
        return False
    latin = len(text.encode("ascii", "ignore").translate(None, _NOT_LETTERS))
    if latin * 2 > len(text):
        head = text.split()[0]
        if not any(c.isupper() or c.isdigit() for c in head):
            return False
    return comparison_key(text) not in SECTION_NAMES and not match_chrome(text, in_tail=True)


def is_title_line(text: str, config: Config | None = None) -> bool:
    """Whether a bare first line reads as the post's title (the rule the Markdown ingester shares).

    >>> is_title_line("Why China Open-Sources AI?"), is_title_line("中国のAI戦略")
    (True, True)
    >>> is_title_line("This post looks at night trains."), is_title_line("2024年3月24日日曜日")
    (False, False)
    """
    return _is_title_line(text.strip(), (config or _DEFAULT_CONFIG).heading_max_chars)


def title_marked_elsewhere(lines: Iterable[str], key: str) -> bool:
    """Whether one of `lines` (trimmed) is a `#Title #tag` line -- a `#` heading ending in
    hashtags, the scraper's title line -- with a title other than `key` (a comparison key).

    Such a post marks its title that way, so a bare first line is not its title; the same
    title printed again is no other title.

    >>> title_marked_elsewhere(["Body text.", "# 中国のAI戦略 #三24"], "要点")
    True
    >>> title_marked_elsewhere(["# Key points", "#AI #China"], "要点")
    False
    """
    for s in lines:
        if s[:1] != "#" or is_tag_line(s):
            continue
        m = HASH_HEADING_RE.match(s)
        if m is None:
            continue
        title, tags = split_trailing_tags(s[m.end():])
        if tags and comparison_key(title) != key:
            return True
    return False


def is_headline(text: str, config: Config | None = None) -> bool:
    """A short line ending in `?`/`!` that reads as a heading but for that mark: one sentence,
    and what comes before the mark passes `_is_bare_heading`."""
    body = text.rstrip(HEADLINE_FINAL).rstrip()
    max_chars = (config or _DEFAULT_CONFIG).heading_max_chars
    if not body or len(text) > max_chars or any(c in body for c in HEADLINE_FINAL):
        return False
    return _is_bare_heading(body, max_chars)


def is_bare_heading(text: str, config: Config | None = None) -> bool:
    """Whether a line standing alone reads as a heading (the rule the HTML and Markdown ingesters share).

    >>> is_bare_heading("比較と影響"), is_bare_heading("以下に、理由をまとめます:")
    (True, False)
    """
    return _is_bare_heading(text, (config or _DEFAULT_CONFIG).heading_max_chars)


def is_tag_line(text: str) -> bool:
    """Two or more short hashtags and nothing else.

    >>> is_tag_line("#AI #China"), is_tag_line("#中国のAI企業がAIモデルをオープンソース化している理由 #三24")
    (True, False)
    """
    text = text.strip()
    tags = TAG_RE.findall(text)
    return bool(TAGS_ONLY_RE.fullmatch(text)) and len(tags) > 1 and all(len(t) <= 20 for t in tags)


def ends_like_sentence(text: str) -> bool:
    """`SENTENCE_FINAL_RE.search(text)`, by string methods: its `$` is the end, or before a final LF."""
    last = text[-2:-1] if text.endswith("\n") else text[-1:]
    return bool(last) and last in _SENTENCE_FINAL
