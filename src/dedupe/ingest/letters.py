"""Letter statistics of languages: how well a decoded text reads as real text in some language.

A legacy single-byte encoding decodes any bytes, so a guess needs evidence: cp1252 and
cp1250 read `Cr\\xe8me` as `Crème` and `Crčme`, and only the language can tell which is
meant. Each language has a table of its letters and letter pairs (lower-cased, every run of
spaces, ASCII punctuation and digits one boundary `_`), counted on real translated text
(`tools/letter_stats.py` builds `letter_stats.json`); Japanese, Chinese and Korean, whose
characters are too many for pairs, have a table of single characters. A reading of the
bytes scores the log-likelihood of its text under the language that explains it best; two
things real text almost never does cost extra: letters of two scripts touching (`ïÐ`
inside a Latin word, a Cyrillic letter glued to a Latin one) and a symbol inside a word
(`w±tpić`, what ISO-8859-2's `ą` becomes in cp1250).

`read_as` scores one decoded text; `decode.py` compares the readings of every candidate
encoding and keeps the best only when it wins clearly.
"""

from __future__ import annotations

import functools
import json
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass
from importlib import resources

import regex

#: The boundary token: a run of whitespace, ASCII punctuation and ASCII digits.
BOUNDARY = "_"
#: Of a pair of letters, how much more of it the model keeps than the single letter's share.
PAIR_WEIGHT = 0.8
#: The probability of a character a language's table never saw, and no language of its script.
UNSEEN = 1e-7
#: A letter a language's table never saw but others of its script have (`ö` in Dutch, a
#: name or a loanword) keeps this share of its frequency in all of them together.
BORROWED = 0.01
#: The cost of two letters of different scripts side by side, or a symbol inside a word.
MIXED = math.log(0.01)
#: Only this many characters of a long text are scored: evidence enough, and bounded work.
SAMPLE_CHARS = 20_000
#: Of the languages of a script, this many (best by single letters) are scored by pairs.
SHORTLIST = 4

_FOLD = str.maketrans(
    {c: BOUNDARY for c in map(chr, range(128)) if not c.isalpha()}
    | {c: BOUNDARY for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
       "\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"}
)
_RUNS_RE = regex.compile(BOUNDARY + "{2,}")
# A symbol or a digit of another script between two letters (`w±tpić`, `z๖ver`).
_SYMBOL_IN_WORD_RE = regex.compile(r"(?<=\p{L})[^\p{L}\p{P}\p{Zs}\x00-\x7f](?=\p{L})")
# A no-break space inside a word (`tolik\xa0ni`): what KOI8-R makes of cp1250's `š`. Real
# text puts one between words, where every candidate that has it reads it alike.
_NBSP_IN_WORD_RE = regex.compile(r"(?<=\p{L})\u00a0(?=\p{L}{2})")
# Scripts written together with Latin letters in real text: no cost between them.
_MIXES_WITH_LATIN = frozenset({"CJK"})
_SCRIPT_ALIASES = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "CJK": "CJK", "HANGUL": "CJK", "HALFWIDTH": "CJK",
                   "FULLWIDTH": "CJK", "IDEOGRAPHIC": "CJK"}

#: A text in a language is written in one of its own encodings far more often than in one
#: made for other languages (a Dutch writer's `carrière` is cp1252, not the `carričre` of
#: cp1250): a reading in another encoding costs this much.
FOREIGN_ENCODING = math.log(0.001)
_WESTERN = ("cp1252", "iso8859_15")
_CENTRAL = ("cp1250", "iso8859_2")
_BALTIC = ("cp1257", "iso8859_13", "iso8859_4")
#: Each language's own encodings (Python codec names), for `FOREIGN_ENCODING`.
NATIVE_ENCODINGS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "is", "ca", "gl", "eu", "ga",
                     "cy", "af"), _WESTERN),
    "et": (*_BALTIC, *_WESTERN), "lt": _BALTIC, "lv": _BALTIC,
    **dict.fromkeys(("cs", "sk", "pl", "hu", "sl", "hr", "bs", "sr-latn", "ro"), _CENTRAL),
    "sq": (*_CENTRAL, *_WESTERN), "tr": ("cp1254",),
    "ru": ("cp1251", "koi8_r", "iso8859_5", "cp866"), "uk": ("cp1251", "koi8_u", "iso8859_5", "cp866"),
    "be": ("cp1251", "koi8_u", "iso8859_5", "cp866"), "bg": ("cp1251", "koi8_r", "iso8859_5", "cp866"),
    "sr": ("cp1251", "iso8859_5"), "mk": ("cp1251", "iso8859_5"),
    "el": ("cp1253", "iso8859_7"), "he": ("cp1255",), "ar": ("cp1256",), "fa": ("cp1256",), "th": ("cp874",),
    "ja": ("cp932", "shift_jis", "euc_jp"), "zh-hans": ("gb18030",), "zh-hant": ("big5", "cp950", "big5hkscs"),
    "ko": ("euc_kr", "cp949"),
}

LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "sv": "Swedish", "da": "Danish", "nb": "Norwegian", "fi": "Finnish", "is": "Icelandic",
    "ca": "Catalan", "gl": "Galician", "eu": "Basque", "ga": "Irish", "cy": "Welsh", "af": "Afrikaans",
    "et": "Estonian", "lt": "Lithuanian", "lv": "Latvian", "cs": "Czech", "sk": "Slovak", "pl": "Polish",
    "hu": "Hungarian", "sl": "Slovenian", "hr": "Croatian", "bs": "Bosnian", "sr-latn": "Serbian (Latin)",
    "ro": "Romanian", "sq": "Albanian", "tr": "Turkish", "ru": "Russian", "uk": "Ukrainian", "bg": "Bulgarian",
    "be": "Belarusian", "sr": "Serbian", "mk": "Macedonian", "el": "Greek", "he": "Hebrew", "ar": "Arabic",
    "fa": "Persian", "th": "Thai", "ja": "Japanese", "zh-hans": "Chinese (simplified)",
    "zh-hant": "Chinese (traditional)", "ko": "Korean",
}


def letter_tokens(text: str) -> str:
    """The text as the tables count it: lower case, each run of non-letters one `_`.

    >>> letter_tokens("Crème brûlée, 2 × 3!")
    '_crème_brûlée_×_'
    """
    folded = _RUNS_RE.sub(BOUNDARY, text.lower().translate(_FOLD))
    return (folded if folded.startswith(BOUNDARY) else BOUNDARY + folded) + (
        "" if folded.endswith(BOUNDARY) else BOUNDARY)


@functools.lru_cache(maxsize=4096)
def script_of(c: str) -> str | None:
    """The script of a letter (`LATIN`, `CYRILLIC`, `CJK` for Han, kana and Hangul ...), or None.

    >>> script_of("a"), script_of("ж"), script_of("の"), script_of("_")
    ('LATIN', 'CYRILLIC', 'CJK', None)
    """
    if not c.isalpha():
        return None
    if c.isascii():
        return "LATIN"
    first = unicodedata.name(c, "UNKNOWN").split()[0]
    return _SCRIPT_ALIASES.get(first, first)


def _mixed(a: str, b: str) -> bool:
    """Whether two adjacent characters are letters of scripts that real text does not glue together."""
    sa, sb = script_of(a), script_of(b)
    if sa is None or sb is None or sa == sb:
        return False
    return not ({sa, sb} - {"LATIN"}) <= _MIXES_WITH_LATIN


@dataclass(frozen=True, slots=True)
class LanguageModel:
    """One language's counts: tokens, single characters and (alphabetic scripts) pairs."""

    code: str
    script: str
    total: int
    singles: dict[str, int]
    pairs: dict[str, int]
    borrowed: dict[str, float]  # the frequency of each character in all languages of the script

    @property
    def by_pairs(self) -> bool:
        return bool(self.pairs)

    def single_p(self, c: str) -> float:
        n = self.singles.get(c, 0)
        if n:
            return n / self.total
        return BORROWED * self.borrowed[c] if c in self.borrowed else UNSEEN

    def single_logp(self, c: str) -> float:
        return math.log(self.single_p(c))

    def pair_logp(self, a: str, b: str) -> float:
        single = self.single_p(b)
        context = self.singles.get(a, 0)
        pair = self.pairs.get(a + b, 0) / context if context else 0.0
        return math.log(PAIR_WEIGHT * pair + (1 - PAIR_WEIGHT) * single)


@dataclass(frozen=True, slots=True)
class Reading:
    """How a decoded text reads: the language that explains it best and the log-likelihood."""

    language: str
    score: float
    tokens: int

    @property
    def per_token(self) -> float:
        return self.score / max(self.tokens, 1)

    @property
    def language_name(self) -> str:
        return LANGUAGE_NAMES.get(self.language, self.language)


@functools.cache
def models() -> dict[str, LanguageModel]:
    """The language tables shipped with the package (loaded once, on first use)."""
    raw = json.loads(resources.files(__package__).joinpath("letter_stats.json").read_text(encoding="utf-8"))
    pooled: dict[str, Counter[str]] = {}
    totals: Counter[str] = Counter()
    for m in raw["languages"].values():
        pooled.setdefault(m["script"], Counter()).update(m["singles"])
        totals[m["script"]] += m["total"]
    shares = {script: {c: n / totals[script] for c, n in counts.items() if c.isalpha()}
              for script, counts in pooled.items()}
    return {code: LanguageModel(code, m["script"], m["total"], m["singles"], m.get("pairs", {}), shares[m["script"]])
            for code, m in raw["languages"].items()}


@functools.cache
def _by_script() -> dict[str, tuple[LanguageModel, ...]]:
    out: dict[str, list[LanguageModel]] = {}
    for m in models().values():
        out.setdefault(m.script, []).append(m)
    return {k: tuple(v) for k, v in out.items()}


def dominant_script(text: str) -> str:
    """The script most of the text's non-ASCII letters are in (`LATIN` when it has none)."""
    counts: dict[str, int] = {}
    for c in set(text):
        if not c.isascii():
            s = script_of(c)
            if s is not None:
                counts[s] = counts.get(s, 0) + text.count(c)
    return max(sorted(counts), key=counts.__getitem__) if counts else "LATIN"


def read_as(text: str, encoding: str | None = None) -> Reading:
    """The best reading of `text` among the languages of its dominant script; with the
    `encoding` it was decoded with, languages that encoding is not made for cost
    `FOREIGN_ENCODING`.

    >>> read_as("Ein schöner Tag in München, sagte er.").language
    'de'
    >>> read_as("Příliš žluťoučký kůň úpěl ďábelské ódy.", "cp1250").language
    'cs'
    """
    sample = letter_tokens(text[:SAMPLE_CHARS])
    script = dominant_script(sample)
    candidates = _by_script().get(script) or _by_script()["LATIN"]
    singles = Counter(sample)
    pairs = Counter(map(str.__add__, sample, sample[1:]))
    penalty = MIXED * (sum(n for p, n in pairs.items() if _mixed(p[0], p[1]))
                       + len(_SYMBOL_IN_WORD_RE.findall(sample))
                       + len(_NBSP_IN_WORD_RE.findall(text[:SAMPLE_CHARS])))
    by_single = sorted(candidates, key=lambda m: -sum(n * m.single_logp(c) for c, n in singles.items()))
    best: Reading | None = None
    for m in by_single[:SHORTLIST]:
        if m.by_pairs:
            score = sum(n * m.pair_logp(p[0], p[1]) for p, n in pairs.items())
        else:
            score = sum(n * m.single_logp(c) for c, n in singles.items())
        if encoding is not None and encoding not in NATIVE_ENCODINGS.get(m.code, (encoding,)):
            score += FOREIGN_ENCODING
        reading = Reading(m.code, score + penalty, len(sample))
        if best is None or reading.score > best.score:
            best = reading
    assert best is not None
    return best


__all__ = ["LANGUAGE_NAMES", "LanguageModel", "Reading", "letter_tokens", "models", "read_as", "script_of"]
