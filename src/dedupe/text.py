"""Pure text helpers: comparison keys, whitespace normalization, sentence units.

The output keeps the author's characters; only the comparison key is normalized.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING, NamedTuple

import regex

if TYPE_CHECKING:
    from .config import Config

# Characters of scripts written without spaces between words (Han, kana, the prolonged
# sound mark and the Katakana block's other punctuation) and the wide punctuation and forms
# used with them. A space between two of these is layout, not content; everywhere else
# (Hangul, Thai, Latin, a CJK character next to an ASCII one) a space is the author's.
_UNSPACED = r"\p{Han}\p{Hiragana}\p{Katakana}\u30a0\u30fb\u30fc\u3000-\u303f\uff00-\uffef"
# The scripts `is_wide` counts: the unspaced ones and Hangul (a script test, not a spacing rule).
_CJK = rf"{_UNSPACED}\p{{Hangul}}"
WIDE_CHAR_RE = regex.compile(f"[{_CJK}]")
# Whitespace as the key drops it: every Unicode space and line break, and the zero-width
# space, word joiner and BOM.
WS_RE = regex.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
# Layout whitespace, which `normalize_whitespace` collapses: `WS_RE` without ZWNJ and ZWJ
# (U+200C/D), which hold Persian and Indic words and emoji sequences together.
LAYOUT_WS_RE = regex.compile(r"[\s\u200b\u2060\ufeff]+")
# A single space (what `normalize_whitespace` leaves of any whitespace run) between two
# characters of unspaced scripts. The space comes first so that the engine looks for it.
SPACE_BETWEEN_UNSPACED_RE = regex.compile(f" (?:(?<=[{_UNSPACED}] )(?=[{_UNSPACED}]))")
DASHES_RE = regex.compile(r"[\u2010-\u2015\u2212\u30fc\uff0d]")
QUOTES_RE = regex.compile(r"[\u2018\u2019\u201a\u201b\u2032`´]")
DQUOTES_RE = regex.compile(r"[\u201c\u201d\u201e\u201f\u2033]")

_CLOSERS = "\"'”’)）」』】〉》\\]"
# A sentence ends after 。！？ (with any closing brackets), or after .?! when the next
# visible character starts a new sentence (a capital, a CJK or Hangul character or an
# opening quote) -- with or without a space, so that "integrity.This paper" splits, and
# so does Korean, which ends its sentences with ". ".
SENTENCE_END_RE = regex.compile(
    rf"(?:[。！？]+|(?<!\.)[.?!]+(?=[{_CLOSERS}]*\s*[\p{{Lu}}\p{{Han}}\p{{Hiragana}}\p{{Katakana}}\p{{Hangul}}“「\"(（]))"
    rf"[{_CLOSERS}]*"
)


def _key_table() -> dict[int, str | None]:
    """One translation table for the key: whitespace and zero-width characters deleted,
    dash and quote variants folded. The code points are listed by hand; `WS_RE` decides which
    whitespace goes, and a test checks the table against `WS_RE`, `DASHES_RE`, `QUOTES_RE` and
    `DQUOTES_RE` (kept as the definition) on every BMP character.

    >>> "日 本\u3000語\u200b—".translate(_key_table())
    '日本語-'
    """
    table: dict[int, str | None] = {}
    spaces = [*range(0x09, 0x0E), *range(0x1C, 0x21), 0x85, 0xA0, 0x1680, *range(0x2000, 0x200E), 0x2028,
              0x2029, 0x202F, 0x205F, 0x2060, 0x3000, 0xFEFF]
    for cp in spaces:
        if WS_RE.fullmatch(chr(cp)):
            table[cp] = None
    for cp in (*range(0x2010, 0x2016), 0x2212, 0x30FC, 0xFF0D):
        table[cp] = "-"
    for cp in (0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x60, 0xB4):
        table[cp] = "'"
    for cp in (0x201C, 0x201D, 0x201E, 0x201F, 0x2033):
        table[cp] = '"'
    return table


_KEY_TABLE = _key_table()


def _key_special_re() -> re.Pattern[str]:
    """The characters on which `"".join(s.split())` and the key table disagree: those the
    table folds, and the whitespace one of the two deletes and the other keeps. A key with
    none of them is built by the C-speed split and join; `str.translate` with a dict table
    looks up every character."""
    odd = {cp for cp, to in _KEY_TABLE.items() if to is not None}
    odd |= {cp for cp in range(0x3001) if chr(cp).isspace() != (cp in _KEY_TABLE and _KEY_TABLE[cp] is None)}
    odd |= {cp for cp, to in _KEY_TABLE.items() if to is None and not chr(cp).isspace()}
    return re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(odd)) + "]")


_KEY_SPECIAL_RE = _key_special_re()


def comparison_key(text: str) -> str:
    """The key two spellings are compared on: NFKC, case-folded, no whitespace, dashes and quotes folded.

    >>> comparison_key("知的財産保護: 競争 (WIRED)")
    '知的財産保護:競争(wired)'
    >>> comparison_key("Deepseek’s") == comparison_key("DeepSeek's")
    True
    """
    return _key(unicodedata.normalize("NFKC", text).casefold())


def _key(folded: str) -> str:
    """`folded.translate(_KEY_TABLE)`, mostly by C-speed string methods.

    Kept as a measured trick: against plain ``folded.translate(_KEY_TABLE)`` it saves
    0.38-0.44 ms of the seed post's 7-8 ms (4.6% and 6.2% in two runs; 1.0-2.0% of the
    corpus and long-post rows). `tests/test_text.py` checks it against the table.
    """
    if _KEY_SPECIAL_RE.search(folded) is None:  # the usual case
        return "".join(folded.split())
    for ch in set(_KEY_SPECIAL_RE.findall(folded)):  # usually only "ー"
        if ord(ch) not in _KEY_TABLE:  # a separator str.split() would split on and the table keeps
            return folded.translate(_KEY_TABLE)
        folded = folded.replace(ch, _KEY_TABLE[ord(ch)] or "")
    return "".join(folded.split())


def normalize_whitespace(text: str) -> str:
    """The author's spacing without the layout: whitespace runs collapse to one space, the
    ends are trimmed, and a space between two characters of unspaced scripts (Han, kana,
    full-width punctuation) goes. Every other space stays.

    A line break inside a Japanese paragraph is layout; a space in Korean, or between a
    CJK character and a Latin word or ASCII punctuation, is what the author wrote.

    >>> normalize_whitespace("示しました (Financial  Times)。")
    '示しました (Financial Times)。'
    >>> normalize_whitespace("規制回避: オープンソース化"), normalize_whitespace("日本の\\n企業 と 中国")
    ('規制回避: オープンソース化', '日本の企業と中国')
    >>> normalize_whitespace("엘제이-류화영  진흙탕\\n싸움"), normalize_whitespace("  Liang Wenfengは ")
    ('엘제이-류화영 진흙탕 싸움', 'Liang Wenfengは')
    >>> normalize_whitespace("「引用」 と 『書名』、 そして"), normalize_whitespace("👩\\u200d💻 ok")
    ('「引用」と『書名』、そして', '👩\\u200d💻 ok')
    """
    # A printable text holds no whitespace but the space (and no zero-width character):
    # with no double, leading or trailing space it has no run to collapse (the usual case).
    if not (text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "):
        text = LAYOUT_WS_RE.sub(" ", text).strip()
    if text.isascii() or " " not in text:
        return text
    return SPACE_BETWEEN_UNSPACED_RE.sub("", text)


def is_wide(text: str) -> bool:
    """True when most letters of `text` belong to CJK scripts (Hangul included): a test of
    the script, not of its spacing.

    >>> is_wide("中国のAI企業"), is_wide("한국 AI 기업"), is_wide("The AI race")
    (True, True, False)
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    wide = sum(1 for c in letters if WIDE_CHAR_RE.match(c))
    return wide * 2 >= len(letters)


class Piece(NamedTuple):
    """A slice of a string: [start, end) offsets relative to the string it came from."""

    start: int
    end: int


def split_sentences(text: str) -> list[Piece]:
    """Sentence pieces of `text`, leading and trailing whitespace excluded.

    >>> t = "First one. Second one.Third (x)。次の文です。"
    >>> [t[p.start:p.end] for p in split_sentences(t)]
    ['First one.', 'Second one.', 'Third (x)。', '次の文です。']
    >>> t = "첫 문장입니다. 둘째 문장은 3.5배 길다!"
    >>> [t[p.start:p.end] for p in split_sentences(t)]
    ['첫 문장입니다.', '둘째 문장은 3.5배 길다!']
    >>> t = "U.S. rivals grew. vs. others"
    >>> [t[p.start:p.end] for p in split_sentences(t)]
    ['U.', 'S. rivals grew. vs. others']
    """
    pieces: list[Piece] = []
    pos = 0
    for end in [*(m.end() for m in SENTENCE_END_RE.finditer(text)), len(text)]:
        piece = text[pos:end]
        kept = piece.strip()  # leading and trailing whitespace is not part of the sentence
        if kept:
            start = pos + len(piece) - len(piece.lstrip())
            pieces.append(Piece(start, start + len(kept)))
        pos = end
    return pieces


NUMERAL_RE = regex.compile(r"\d+(?:[.,]\d+)*|[〇一二三四五六七八九十百千万億兆亿两兩]+")


@functools.cache
def negation_re() -> regex.Pattern[str]:
    """The negations `fact_signature` counts, as one pattern made from the negation tables of
    `dedupe.ingest.phrases` (its "Sentences and matching" section): whole words, marks
    anywhere, marks before given texts, and words that start a word before given texts (a
    space there: any whitespace). Made on first use: `dedupe.ingest` imports this module.

    >>> [m.group() for m in negation_re().finditer("it isn't safe, not at all; 안 된다")]
    ["n't", 'not', '안']
    """
    from .ingest import phrases

    def followers(texts: tuple[str, ...]) -> str:
        return "|".join(r"\s" if t == " " else regex.escape(t) for t in texts)

    words = "|".join(map(regex.escape, phrases.NEGATION_WORDS))
    parts = [rf"\b(?:{words})\b", *map(regex.escape, phrases.NEGATION_MARKS)]
    parts += [f"{regex.escape(mark)}(?={followers(after)})" for mark, after in phrases.NEGATION_MARKS_BEFORE.items()]
    parts += [rf"\b{regex.escape(word)}(?={followers(after)})"
              for word, after in phrases.NEGATION_WORD_STARTS_BEFORE.items()]
    return regex.compile("|".join(parts))


# Reference markers: two copies may number the same sources differently.
CITATION_MARKER_RE = regex.compile(r"\[\^?\d{1,3}(?:[,，、\-–]\s*\d{1,3})*\]")
# A superscript number is a reference marker unless it follows a digit, a space or a unit
# (`10³`, `km²` are exponents). `citations` resolves these markers by the same rule.
SUPERSCRIPT_REF_RE = regex.compile(r"(?<![\d\s]|\b(?:k?m|cm|mm|ft|in))(?P<sup>[¹²³⁴-⁹⁰]+)")


def fact_signature(text: str) -> tuple[tuple[str, ...], int]:
    """The numbers and the count of negations in `text`.

    Two near-identical sentences that differ here state different facts ("rose 5%" and
    "rose 15%", "is safe" and "is not safe") and must not merge.

    >>> fact_signature("Prices rose 15% in 2024, not 5%.")
    (('15', '2024', '5'), 1)
    >>> fact_signature("価格は２０２３年に四成下がった") == fact_signature("価格は2023年に四成下がった")
    True
    >>> fact_signature("缺口在三成以上[2]。") == fact_signature("缺口在三成以上 [4]。")
    True
    >>> fact_signature("Output rose 5%.¹") == fact_signature("Output rose 5%.²")
    True
    >>> fact_signature("a gain of 10³ units") == fact_signature("a gain of 10² units")
    False
    >>> [fact_signature(s)[1] for s in ("수 있다", "수 없다", "안 된다", "안전하지 않다", "잘못 알려졌다")]
    [0, 1, 1, 1, 0]
    """
    text = SUPERSCRIPT_REF_RE.sub("", text)  # before NFKC, which would make them digits
    folded = unicodedata.normalize("NFKC", text).casefold()
    if "[" in folded:
        folded = CITATION_MARKER_RE.sub("", folded)
    return tuple(NUMERAL_RE.findall(folded)), len(negation_re().findall(folded))


def guess_language(text: str, config: Config) -> str | None:
    """A coarse language tag from the script mix: 'ja', 'zh', 'ko', 'en' or None.

    A text over `Config.matching.language_sample_chars` characters is judged by as many
    characters in all, in `language_sample_slices` evenly spread slices.

    >>> from dedupe.config import Config
    >>> [guess_language(t, Config()) for t in ("中国のAI企業", "中国的人工智能", "The report")]
    ['ja', 'zh', 'en']
    """
    m = config.matching
    if len(text) > m.language_sample_chars:  # a coarse tag: evenly spread slices of a very long text say enough
        n = m.language_sample_slices
        step, size = len(text) // n, m.language_sample_chars // n
        text = "".join(text[k * step : k * step + size] for k in range(n))
    ascii_part = text.encode("ascii", "ignore")
    latin = len(ascii_part) - len(ascii_part.translate(None, _LATIN_LETTERS))
    wide = _ASCII_RUNS_RE.sub("", text) if len(ascii_part) else text  # the scripts below are all outside ASCII
    kana = _count(_KANA_RUNS_RE, wide)
    han = _count(_HAN_RUNS_RE, wide)
    hangul = _count(_HANGUL_RUNS_RE, wide)
    if kana and kana * m.ja_han_per_kana >= han:
        return "ja"
    if hangul > max(han, latin):
        return "ko"
    if han and han >= m.zh_han_per_latin * latin:
        return "zh"
    if latin:
        return "en"
    return None


_LATIN_LETTERS = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
_ASCII_RUNS_RE = re.compile(r"[\x00-\x7f]+")
_KANA_RUNS_RE = regex.compile(r"[\p{Hiragana}\p{Katakana}]+")
_HAN_RUNS_RE = regex.compile(r"\p{Han}+")
_HANGUL_RUNS_RE = regex.compile(r"\p{Hangul}+")


def _count(runs: regex.Pattern[str], text: str) -> int:
    """Characters of `text` inside matches of `runs` (a pattern of character runs)."""
    return sum(map(len, runs.findall(text)))
