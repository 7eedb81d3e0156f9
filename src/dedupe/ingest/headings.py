"""Which bare lines are headings, headlines and titles, and which are hashtags: the decisions
the text ingester makes line by line and the Markdown and HTML ingesters make on blocks."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from ..config import Config
from ..text import comparison_key
from .chrome import match_chrome
from .phrases import SECTION_NAMES, TITLE_ABBREVIATIONS

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
_INNER_STOP_RE = regex.compile(rf"[。．]|(?<!\b(?:\p{{Lu}}|{'|'.join(TITLE_ABBREVIATIONS)}))\.[ \t\u3000]+\S")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# A line that is only a date (Blogger's date header, a dateline): never a title.
_DATE_LINE_RE = regex.compile(
    r"(?i)(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:\d{{4}}\s*[年/.-]\s*\d{{1,2}}\s*[月/.-]\s*\d{{1,2}}\s*日?|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}})"
    r"(?:\s*[(（]?(?:[日月火水木金土]曜?日?|星期[一二三四五六日天]|周[一二三四五六日])[)）]?)?"
    r"(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?)?")
# The section names of `phrases.SECTION_NAMES` (a first line that is one is a heading of the
# body, not the title), compared on the comparison key.
SECTION_KEYS = frozenset(map(comparison_key, SECTION_NAMES))
# What ends a headline: a question or an exclamation.
HEADLINE_FINAL = "?!？！"


def is_bare_heading(text: str, config: Config | None = None) -> bool:
    """Whether a line standing alone reads as a heading: short, no sentence punctuation (the
    rule the text ingester applies line by line and the HTML and Markdown ingesters on blocks).

    >>> is_bare_heading("比較と影響"), is_bare_heading("以下に、理由をまとめます:")
    (True, False)
    """
    config = config or _DEFAULT_CONFIG
    headings = config.headings
    if len(text) > config.heading_max_chars:
        return False
    if ends_like_sentence(text):
        return False
    if "。" in text or ("://" in text and URL_RE.search(text)) or text.startswith(("(", "（", "[", "「")):
        return False
    if is_latin(text, config):
        if len(text.split()) > headings.latin_max_words or not (text[0].isupper() or text[0].isdigit()):
            return False
        if text.count(". ") or text.count(", ") > headings.latin_max_commas:
            return False
    elif len(text) > headings.other_max_chars:
        return False
    return True


def is_latin(text: str, config: Config) -> bool:
    """Whether more than `Headings.latin_share` of `text`'s characters are ASCII letters.

    >>> is_latin("Key points", Config()), is_latin("要点 AI", Config())
    (True, False)
    """
    # The ASCII letters, counted in C: the ASCII characters' bytes, less those not letters.
    latin = len(text.encode("ascii", "ignore").translate(None, _NOT_LETTERS))
    return latin > config.headings.latin_share * len(text)


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


def is_title_line(text: str, config: Config | None = None) -> bool:
    """Whether a bare first line reads as the post's title (the text and Markdown ingesters' rule):
    short (`Config.heading_max_chars`, in characters, for every script), one sentence at most
    and not ended as one -- `?` and `!` may end it, `.`, `。`, `:`, `、`, `,`, `…` not -- no
    URL, not a date alone, not a parenthesis, a Latin title's first word capitalised (or a
    number), at most `Titles.max_commas` commas; not a section name (`要点`: a heading of the
    body) nor a chrome word (`Home`, `コメント`: the site's).

    >>> is_title_line("Why China Open-Sources AI?"), is_title_line("中国のAI戦略")
    (True, True)
    >>> is_title_line("This post looks at night trains."), is_title_line("2024年3月24日日曜日")
    (False, False)
    """
    config = config or _DEFAULT_CONFIG
    text = text.strip()
    if not text or len(text) > config.heading_max_chars or text[-1] in _TITLE_FINAL or text.endswith("..."):
        return False
    if not any(map(str.isalpha, text)) or _INNER_STOP_RE.search(text):
        return False
    if "://" in text or text.startswith(("www.", "(", "（")) or _DATE_LINE_RE.fullmatch(text):
        return False
    if text.count(", ") + text.count("、") + text.count("，") > config.titles.max_commas:
        return False
    if is_latin(text, config):
        head = text.split()[0]
        if not any(c.isupper() or c.isdigit() for c in head):
            return False
    return comparison_key(text) not in SECTION_KEYS and not match_chrome(text, in_tail=True)


def title_marked_elsewhere(lines: Iterable[str], key: str, config: Config | None = None) -> bool:
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
        if s[:1] != "#" or is_tag_line(s, config):
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
    and what comes before the mark passes `is_bare_heading`."""
    config = config or _DEFAULT_CONFIG
    body = text.rstrip(HEADLINE_FINAL).rstrip()
    if not body or len(text) > config.heading_max_chars or any(c in body for c in HEADLINE_FINAL):
        return False
    return is_bare_heading(body, config)


def is_tag_line(text: str, config: Config | None = None) -> bool:
    """Two or more (`Headings.tag_line_min_tags`) short hashtags and nothing else.

    >>> is_tag_line("#AI #China"), is_tag_line("#中国のAI企業がAIモデルをオープンソース化している理由 #三24")
    (True, False)
    """
    text = text.strip()
    tags = TAG_RE.findall(text)
    headings = (config or _DEFAULT_CONFIG).headings
    return (bool(TAGS_ONLY_RE.fullmatch(text)) and len(tags) >= headings.tag_line_min_tags
            and all(len(t) <= headings.tag_max_chars for t in tags))


def ends_like_sentence(text: str) -> bool:
    """`SENTENCE_FINAL_RE.search(text)`, by string methods: its `$` is the end, or before a final LF."""
    last = text[-2:-1] if text.endswith("\n") else text[-1:]
    return bool(last) and last in _SENTENCE_FINAL
