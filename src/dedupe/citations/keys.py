"""Comparison keys and small text helpers of entries: title and name keys, URLs, words, scripts."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

from rapidfuzz import fuzz, process

from dedupe.config import Config, References

from .patterns import (
    DIGITS_RE,
    KEY_DROP_RE,
    LEADING_THE_RE,
    NON_CJK_RE,
    NON_LETTER_RE,
    SPACE_RE,
    URL_RE,
    WORD_RE,
    X_STATUS_URL_RE,
)

#: The thresholds of this package when the caller gives none (`Config().references`).
REFERENCES = References()


# --------------------------------------------------------------------------- keys

#: Entries of the per-string caches below. Entries, their parts and keys recur within a
#: document (every copy of a post repeats its reference lists, and every pass over the
#: entries asks again); the helpers are pure functions of the string (and of the frozen
#: `References` they are given), so a cache is exact. Not a knob: `lru_cache` takes its size
#: when the module is imported, before any `Config` exists.
CACHE_SIZE = 8192

#: The ASCII characters `KEY_DROP_RE` removes, read off the pattern itself.
_ASCII_KEY_DROP: dict[int, None] = {c: None for c in range(128) if KEY_DROP_RE.fullmatch(chr(c))}


@lru_cache(maxsize=CACHE_SIZE)
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
    return str(KEY_DROP_RE.sub("", unicodedata.normalize("NFKC", text).casefold()))


@lru_cache(maxsize=CACHE_SIZE)
def name_key(text: str) -> str:
    """Comparison key of a publisher or label: like :func:`title_key`, ``&`` read as ``and``, leading ``The`` dropped.

    >>> name_key("The  China Academy") == name_key("China Academy")
    True
    >>> name_key("WIRED") == name_key("Wired")
    True
    """
    text = unicodedata.normalize("NFKC", text).strip().replace("&", " and ")
    return title_key(LEADING_THE_RE.sub("", text))


@lru_cache(maxsize=CACHE_SIZE)
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


def clean_url(url: str) -> str:
    """Strip punctuation that a sentence glued to the end of a URL."""
    url = url.rstrip(".,;:!?。、，；：")
    # A closing bracket belongs to the URL only if the URL opened one.
    while url and url[-1] in ")]" and url.count(url[-1]) > url.count("(" if url[-1] == ")" else "["):
        url = url[:-1]
    return url


def x_status(url: str) -> tuple[str, str] | None:
    """``(handle, canonical status URL)`` of an X/Twitter status URL, else ``None``."""
    m = X_STATUS_URL_RE.match(url)
    if m is None:
        return None
    return m["handle"], f"https://x.com/{m['handle']}/status/{m['id']}"


def may_hold_url(text: str) -> bool:
    """False when ``URL_RE`` cannot match: it needs ``://`` or ``www.`` (in any case, and only
    ``W`` folds to ``w``). Much cheaper than the search it saves on text without links. A
    test for one character is cheaper still (no copy of the needle into a wide text's
    width), so the longer ones wait for the character they need."""
    return (":" in text and "://" in text) or ("." in text and ("w." in text or "W." in text))


def has_url(text: str) -> bool:
    """``URL_RE`` finds a URL in ``text``."""
    return may_hold_url(text) and URL_RE.search(text) is not None


def word_list(text: str) -> list[str]:
    return [str(w) for w in WORD_RE.findall(text)]


@lru_cache(maxsize=CACHE_SIZE)
def word_count(text: str) -> int:
    """``len(word_list(text))``, for the many callers that only compare the count."""
    return len(WORD_RE.findall(text))


_WRAPPING_QUOTES = frozenset(('""', "“”", "''", "‘’", "«»", "「」", "『』", "《》"))


@lru_cache(maxsize=CACHE_SIZE)
def collapse_space(text: str) -> str:
    """Runs of whitespace as one space, trimmed; the first step of every entry check."""
    if "  " not in text and text.isprintable():
        # Every character `\s` matches except the ASCII space is unprintable for Python
        # (checked over all of Unicode), so there is nothing to collapse.
        return text.strip()
    return SPACE_RE.sub(" ", text).strip()


@lru_cache(maxsize=CACHE_SIZE)
def strip_wrapping(text: str) -> str:
    """Trim spaces, Markdown emphasis, enclosing quotes and dangling separators."""
    text = collapse_space(text)
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


@lru_cache(maxsize=CACHE_SIZE)
def cjk_count(text: str) -> int:
    return len(NON_CJK_RE.sub("", text))


@lru_cache(maxsize=CACHE_SIZE)
def is_cjk_text(text: str, refs: References = REFERENCES) -> bool:
    """Mostly CJK: enough CJK characters, and a large enough share of the letters."""
    cjk = cjk_count(text)
    if cjk < refs.cjk_text_min_chars:
        return False  # decided without counting the letters
    return cjk >= refs.cjk_text_share * max(len(NON_LETTER_RE.sub("", text)), 1)


def close_keys(key: str, keys: Sequence[str], config: Config) -> list[int]:
    """Indices of the `keys` that `keys_match` puts at or above ``config.match_threshold``."""
    hits = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=config.match_threshold, limit=None)
    return [j for _, _, j in hits if keys_match(key, keys[j], config) >= config.match_threshold]


def keys_match(a: str, b: str, config: Config) -> float:
    """Similarity of two title keys (0–100) under the length guard; short keys must be equal.

    Numbers must agree: ``2024年…`` and ``2023年…`` are two reports, however close.
    """
    if not a or not b:
        return 0.0
    if a == b:
        return 100.0
    if DIGITS_RE.findall(a) != DIGITS_RE.findall(b):
        return 0.0
    if min(len(a), len(b)) < config.references.short_key_chars:
        return 0.0
    if min(len(a), len(b)) / max(len(a), len(b)) < config.length_ratio:
        return 0.0
    return float(fuzz.ratio(a, b))
