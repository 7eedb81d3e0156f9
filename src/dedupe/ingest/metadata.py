"""A post's metadata -- published, modified, author, site_name, canonical_url, description -- read
from where a page or a front matter states it, each value with where it came from.

Every carrier gives `Candidate`s (a field, its value, the carrier's name and the source span
of the value); `choose_metadata` keeps one per field, from the most trusted carrier:

1. JSON-LD (`<script type="application/ld+json">`): the first `Article`/`NewsArticle`/
   `BlogPosting`-like node, then `WebPage` nodes, `@graph` arrays and `@id` references
   followed (a Yoast author is a reference to a `Person` elsewhere in the graph);
2. `<meta name|property|itemprop>` and `<link rel=canonical>`: OpenGraph, `article:*`, Dublin
   Core, Parse.ly, Sailthru and the plain names, in the order of `META_KEYS`;
3. elements in the page: `<time datetime>`, `itemprop=datePublished|dateModified|author`,
   `rel=author`, author class tokens (`.author`, `.byline__name`...);
4. text: a byline (`By NAME`) or a dateline (`Posted: DATE`) that the HTML ingester set
   aside as boilerplate (`read_byline`).

Markdown front matter is its own carrier (`read_front_matter`). Dates become ISO 8601 when
they parse unambiguously (`normalize_date`); otherwise the value is the text as written
(`3 hours ago`), never a guess. The functions here are pure: the ingesters walk their input
once and hand each carrier's text and offsets to them.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from json import decoder as _json_decoder
from typing import Any, NamedTuple

import regex

FIELDS = ("published", "modified", "author", "site_name", "canonical_url", "description")
DATE_FIELDS = frozenset({"published", "modified"})

# Carriers in the order they are trusted; a field takes the best carrier that has it.
JSON_LD, META, PAGE, TEXT = 0, 1, 2, 3
FRONT_MATTER = 0


@dataclass(frozen=True, slots=True)
class Candidate:
    """One value for one field, as one carrier states it.

    `spans` are [start, end) source offsets of the value's characters (an attribute value, a
    JSON string, an element's text); `raw` is the text as written when `value` normalizes it
    (a date made ISO 8601). `tier` and `rank` order the candidates of a field: lower wins,
    then the one that comes first in the source.
    """

    field: str
    value: str
    source: str
    spans: tuple[tuple[int, int], ...]
    tier: int
    rank: tuple[int, ...] = ()
    raw: str | None = None


def make_candidate(field: str, text: str, source: str, spans: Sequence[tuple[int, int]], tier: int,
                   rank: tuple[int, ...] = ()) -> Candidate | None:
    """A candidate with its value cleaned for its field, or None when the text is no such value.

    >>> make_candidate("published", " 2019-10-14T16:08:00Z ", "x", [(0, 22)], META).value
    '2019-10-14T16:08:00+00:00'
    >>> make_candidate("canonical_url", "/news/x", "x", [], META) is None
    True
    >>> make_candidate("author", "By Jane Doe", "x", [], META).value
    'Jane Doe'
    """
    value = clean_value(text)
    if not value:
        return None
    raw: str | None = None
    if field in DATE_FIELDS:
        if not any(ch.isdigit() for ch in value) and RELATIVE_DATE_RE.match(value) is None:
            return None  # `published: true` (a draft flag), not a date
        iso = normalize_date(value)
        if iso is not None and (iso < "1000" or iso.startswith("1970-01-01")):
            return None  # a placeholder (`0001-01-01T00:00:00Z`, the Unix epoch), not a date
        if iso is not None and iso != value:
            value, raw = iso, value
    elif field == "canonical_url":
        if not ABSOLUTE_URL_RE.match(value) or " " in value:
            return None
    elif field == "author":
        value = clean_author(value)
        if not value:
            return None
    return Candidate(field, value, source, tuple(spans), tier, rank, raw)


def clean_value(text: str) -> str:
    """Entities decoded, whitespace collapsed, ends trimmed.

    >>> clean_value("  Caf&eacute;\\n  &amp; bar ")
    'Café & bar'
    """
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


ABSOLUTE_URL_RE = regex.compile(r"(?i)(?:https?:)?//[^/\s]+")
_URLISH_RE = regex.compile(r"(?i)^(?:https?:|//|www\.)|://")
_BY_PREFIX_RE = regex.compile(r"(?i)^(?:(?:analysis|opinion|review|interview|commentary|written|posted|story)\s+)?"
                              r"(?:by|author:|von|par|por)\s+")


def clean_author(name: str) -> str:
    """An author's name without a `By ` prefix and edge punctuation; '' for what is no name
    (an address, a profile URL, a long text).

    >>> clean_author("By Jane Doe |"), clean_author("https://www.facebook.com/jdoe"), clean_author("@jdoe")
    ('Jane Doe', '', '@jdoe')
    >>> clean_author("Bradley M. Kuhn."), clean_author("Sam Porter Jr.")
    ('Bradley M. Kuhn', 'Sam Porter Jr.')
    """
    name = _BY_PREFIX_RE.sub("", name.strip()).strip(" ,;:|·•-–—")
    if name.endswith(".") and len(name.rsplit(None, 1)[-1]) > 4:
        name = name[:-1]  # a sentence's full stop (`By Alon Zakai.`), not an initial or `Jr.`
    if not name or len(name) > 100 or _URLISH_RE.search(name):
        return ""
    return name


#: Two fields trust their carriers in another order than the tiers say, as measured on 181
#: real news pages: a page's `<link rel=canonical>` is its canonical URL (JSON-LD's `url` or
#: `mainEntityOfPage` was an `@id` ending in `#webpage`, `http:` for `https:`, or the section's
#: page on 17 of the 108 pages that have both), and JSON-LD's `publisher` is the organisation,
#: not the site (`Associated Press` on a Connecticut Post page, `Blogger` on a Blogger site:
#: it differed from `og:site_name` on 44 of 97 pages), so it comes after every other carrier.
TRUSTED_FIRST = {"canonical_url": frozenset({"link[rel=canonical]"})}
TRUSTED_LAST = {"site_name": frozenset({"json-ld:publisher.name"})}


def _trust(c: Candidate) -> tuple[int, int, tuple[int, ...]]:
    first = c.source in TRUSTED_FIRST.get(c.field, ())
    last = c.source in TRUSTED_LAST.get(c.field, ())
    return (0 if first else 2 if last else 1), c.tier, c.rank


def choose_metadata(candidates: Iterable[Candidate]) -> tuple[Candidate, ...]:
    """The best candidate of each field (in `FIELDS` order): the most trusted carrier, then
    the one that comes first in the source.

    Several `<meta>` of one name stating authors (two `<meta name=author>`) are one value,
    joined with ", " (JSON-LD joins its author lists itself); elsewhere the first one counts.
    """
    ordered = list(candidates)
    by_field: dict[str, list[tuple[int, Candidate]]] = {}
    for n, c in enumerate(ordered):
        by_field.setdefault(c.field, []).append((n, c))
    out: list[Candidate] = []
    for name in FIELDS:
        found = by_field.get(name)
        if not found:
            continue
        _, best = min(found, key=lambda nc: (_trust(nc[1]), nc[0]))
        if name == "author" and best.tier == META:
            same = [c for _, c in found if (c.tier, c.rank, c.source) == (best.tier, best.rank, best.source)]
            if len(same) > 1:
                names = list(dict.fromkeys(n for c in same for n in c.value.split(", ")))
                best = replace(best, value=", ".join(names), spans=tuple(s for c in same for s in c.spans))
        out.append(best)
    return tuple(out)


# --------------------------------------------------------------------------- dates

_MONTHS = {m: n for n, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december")), start=1) for m in names}
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\.?"
_TIME = r"(?P<H>\d{1,2})(?:[:.](?P<M>\d{2}))(?::(?P<S>\d{2})(?:[.,]\d+)?)?\s*(?P<ampm>[ap]\.?\s?m\.?)?" \
        r"|(?P<H2>\d{1,2})\s*(?P<ampm2>[ap]\.?\s?m\.?)"
_TZ = r"(?P<tz>z|utc|gmt|[+-]\d{2}(?::?\d{2})?|(?:utc|gmt)\s*[+-]\d{1,2}(?::?\d{2})?|[a-z]{2,5})"
_YMD = r"(?P<y>\d{4})\s*(?:[-/.]\s*|年)(?P<m>\d{1,2})\s*(?:[-/.]\s*|月)(?P<d>\d{1,2})\s*(?:日|\.)?"
_MDY = rf"{_MONTH}\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
_DMY = r"(?P<d3>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon3>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|" \
       r"may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s+(?P<y3>\d{4})"
_CJK_WEEKDAY = (r"\s*[(（]\s*(?:[日月火水木金土]|[일월화수목금토])(?:曜日?|요일)?\s*[)）]"
                r"|\s*(?:[日月火水木金土]曜日|[일월화수목금토]요일)")
_DATE_RE = regex.compile(
    rf"(?i)^\s*(?:{_WEEKDAY},?\s+)?(?:{_YMD}|{_MDY}|{_DMY})(?:{_CJK_WEEKDAY})?"
    rf"(?:(?:\s*,|\s+at|\s*[-|·@]|\s*T)?\s*(?:{_TIME})(?:\s*{_TZ})?)?\s*$")
_TIME_FIRST_RE = regex.compile(
    rf"(?i)^\s*(?:{_WEEKDAY},?\s+)?(?:{_TIME})(?:\s*{_TZ})?\s*(?:,|\s+on|\s*[-|·])?\s*(?:{_WEEKDAY},?\s+)?"
    rf"(?:{_YMD}|{_MDY}|{_DMY})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
                     r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*$", re.IGNORECASE)
_COMPACT_RE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?)?(Z)?\s*$")
RELATIVE_DATE_RE = regex.compile(
    r"(?i)^\s*(?:(?:\d+|an?|one)\s+(?:sec(?:ond)?|min(?:ute)?|hr|hour|day|week|month|year)s?\s+ago|just now|"
    r"yesterday|today|\d+\s*(?:秒|分|時間|日|週間|か月|ヶ月|年|小时|小時|天|周|个月|個月|분|시간|일|주|개월|년)\s*(?:前|전)|"
    r"昨日|今日|昨天|今天|어제|오늘)\s*$")


def normalize_date(text: str) -> str | None:
    """`text` as an ISO 8601 date or date-time, or None when it does not parse unambiguously.

    A time keeps its UTC offset when the text states one (`Z`, `GMT`, `+09:00`); a zone
    written as letters (`ET`, `PST`) gives no offset rather than a guessed one. Numeric
    day-month orders that could be read two ways (`03/04/2019`) do not parse.

    >>> normalize_date("2019-10-14T16:08:00.000Z"), normalize_date("20191014")
    ('2019-10-14T16:08:00+00:00', '2019-10-14')
    >>> normalize_date("Oct. 14, 2019 4:08 PM ET"), normalize_date("Sunday, July 14, 2024")
    ('2019-10-14T16:08:00', '2024-07-14')
    >>> normalize_date("5:06 PM ET, Mon October 14, 2019"), normalize_date("2024年1月5日 10:00")
    ('2019-10-14T17:06:00', '2024-01-05T10:00:00')
    >>> normalize_date("Mon, 14 Oct 2019 16:08:00 +0200"), normalize_date("2025. 2. 14. 21:30")
    ('2019-10-14T16:08:00+02:00', '2025-02-14T21:30:00')
    >>> normalize_date("03/04/2019") is None, normalize_date("3 hours ago") is None
    (True, True)
    """
    if len(text) > 80:
        return None
    iso = _ISO_RE.match(text) or _COMPACT_RE.match(text)
    if iso:
        ys, ms, ds, hh, mi, ss, tz = iso.groups()
        return _iso(int(ys), int(ms), int(ds), hh, mi, ss, None, tz)
    m = _DATE_RE.match(text) or _TIME_FIRST_RE.match(text)
    if m is None:
        return _rfc2822(text)
    g = m.groupdict()
    if g["y"]:
        y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
    elif g["y2"]:
        y, mo, d = int(g["y2"]), _MONTHS[g["mon"].lower().rstrip(".")], int(g["d2"])
    else:
        y, mo, d = int(g["y3"]), _MONTHS[g["mon3"].lower().rstrip(".")], int(g["d3"])
    hour, ampm = g["H"] or g["H2"], g["ampm"] or g["ampm2"]
    return _iso(y, mo, d, hour, g["M"] or ("00" if hour else None), g["S"], ampm, g["tz"])


_RFC2822_RE = regex.compile(rf"(?i)^\s*(?:{_WEEKDAY},?\s+)?(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})\s+(\d{{2}}):(\d{{2}})"
                            rf"(?::(\d{{2}}))?\s*{_TZ}?\s*$")


def _rfc2822(text: str) -> str | None:
    """`Mon, 14 Oct 2019 16:08:00 GMT`, as feeds and HTTP headers write dates."""
    m = _RFC2822_RE.match(text)
    if m is None:
        return None
    return _iso(int(m.group(3)), _MONTHS[m.group("mon").lower().rstrip(".")], int(m.group(1)), m.group(4),
                m.group(5), m.group(6), None, m.group("tz"))


def _iso(y: int, mo: int, d: int, hh: str | None, mi: str | None, ss: str | None, ampm: str | None,
         tz: str | None) -> str | None:
    try:
        day = date(y, mo, d)
        if hh is None:
            return day.isoformat()
        hour = int(hh)
        if ampm:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
        when = datetime(y, mo, d, hour, int(mi or 0), int(ss or 0), tzinfo=_offset(tz))
    except ValueError:
        return None
    return when.isoformat()


def _offset(tz: str | None) -> timezone | None:
    """The UTC offset a zone states (`Z`, `GMT`, `+0900`, `UTC+9`), or None for none or letters."""
    if not tz:
        return None
    t = tz.upper().replace(" ", "")
    if t in ("Z", "UTC", "GMT"):
        return UTC
    m = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?", t)
    if m is None:
        return None
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    if minutes > 14 * 60:
        raise ValueError(tz)
    return timezone(timedelta(minutes=-minutes if m.group(1) == "-" else minutes))


def is_date_text(text: str) -> bool:
    """Whether a text is only a date: one `normalize_date` reads, or a relative one.

    >>> is_date_text("Published"), is_date_text("2 hours ago"), is_date_text("July 14, 2024")
    (False, True, True)
    """
    return normalize_date(text) is not None or RELATIVE_DATE_RE.match(text) is not None


# --------------------------------------------------------------------------- JSON-LD


class JsonStr(NamedTuple):
    """A JSON string with the source span of its characters (inside the quotes)."""

    text: str
    start: int
    end: int


_JSON_SPACE_RE = re.compile(r"(?:\s+|//[^\n]*|/\*.*?(?:\*/|\Z)|<!--|-->|<!\[CDATA\[|\]\]>)*", re.DOTALL)
_JSON_WORD_RE = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[A-Za-z_$][\w$]*")
_JSON_WORDS: dict[str, Any] = {"true": True, "false": False, "null": None}
MAX_JSON_DEPTH = 64
#: The standard library's JSON string scanner (in C): a string's text and where it ends.
scanstring: Callable[[str, int, bool], tuple[str, int]] = _json_decoder.scanstring  # type: ignore[attr-defined]


def read_json(text: str, offset: int = 0) -> list[Any]:
    """The JSON values in `text`, read leniently: strings as `JsonStr` with offsets (plus
    `offset`), comments, HTML comment marks and trailing commas skipped, control characters
    in strings allowed, several values one after another read in turn. Broken JSON gives
    what was read before the break.

    >>> read_json('{"a": "x", "b": [1, "y",],} // done')
    [{'a': JsonStr(text='x', start=7, end=8), 'b': ['1', JsonStr(text='y', start=21, end=22)]}]
    >>> read_json('{"a": "ok", "b": {"c": "cut')
    [{'a': JsonStr(text='ok', start=7, end=9), 'b': {}}]
    """
    reader = _JsonReader(text, offset)
    values: list[Any] = []
    pos, n = 0, len(text)
    while True:
        pos = _JSON_SPACE_RE.match(text, pos).end()  # type: ignore[union-attr]  # matches empty
        while pos < n and text[pos] in ",;":
            pos = _JSON_SPACE_RE.match(text, pos + 1).end()  # type: ignore[union-attr]
        if pos >= n:
            return values
        value, pos, ok = reader.value(pos, 0)
        if value is not None:
            values.append(value)
        if not ok:
            return values


class _JsonReader:
    def __init__(self, text: str, offset: int) -> None:
        self.text = text
        self.offset = offset

    def _skip(self, pos: int) -> int:
        return _JSON_SPACE_RE.match(self.text, pos).end()  # type: ignore[union-attr]

    def value(self, pos: int, depth: int) -> tuple[Any, int, bool]:
        """The value at `pos`, where reading stopped, and whether it was read to its end."""
        text = self.text
        c = text[pos]
        if c == "{" or c == "[":
            if depth >= MAX_JSON_DEPTH:
                return None, pos, False
            return self._object(pos, depth) if c == "{" else self._array(pos, depth)
        if c == '"':
            try:
                s, end = scanstring(text, pos + 1, False)
            except ValueError:
                return None, len(text), False
            return JsonStr(s, self.offset + pos + 1, self.offset + end - 1), end, True
        m = _JSON_WORD_RE.match(text, pos)
        if m is None:
            return None, pos, False
        word = m.group()
        return _JSON_WORDS.get(word, word), m.end(), True

    def _object(self, pos: int, depth: int) -> tuple[dict[str, Any], int, bool]:
        text, n = self.text, len(self.text)
        out: dict[str, Any] = {}
        pos += 1
        while True:
            pos = self._skip(pos)
            if pos >= n:
                return out, pos, False
            c = text[pos]
            if c == "}":
                return out, pos + 1, True
            if c == ",":
                pos += 1
                continue
            if c == '"':
                try:
                    key, pos = scanstring(text, pos + 1, False)
                except ValueError:
                    return out, n, False
            else:
                m = _JSON_WORD_RE.match(text, pos)
                if m is None:
                    return out, pos, False
                key, pos = m.group(), m.end()
            pos = self._skip(pos)
            if pos >= n or text[pos] != ":":
                return out, pos, False
            pos = self._skip(pos + 1)
            if pos >= n:
                return out, pos, False
            value, pos, ok = self.value(pos, depth + 1)
            if ok or value is not None:
                out[key] = value
            if not ok:
                return out, pos, False

    def _array(self, pos: int, depth: int) -> tuple[list[Any], int, bool]:
        text, n = self.text, len(self.text)
        out: list[Any] = []
        pos += 1
        while True:
            pos = self._skip(pos)
            if pos >= n:
                return out, pos, False
            c = text[pos]
            if c == "]":
                return out, pos + 1, True
            if c == ",":
                pos += 1
                continue
            value, pos, ok = self.value(pos, depth + 1)
            if ok or value is not None:
                out.append(value)
            if not ok:
                return out, pos, False


def _types(node: dict[str, Any]) -> set[str]:
    """The local names of a node's `@type` (`http://schema.org/NewsArticle` -> `NewsArticle`)."""
    t = node.get("@type")
    items = t if isinstance(t, list) else [t]
    return {x.text.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for x in items if isinstance(x, JsonStr)}


def _is_article(types: set[str]) -> bool:
    return any(t.endswith(("Article", "BlogPosting", "Posting")) or t == "Report" for t in types)


def _is_page(types: set[str]) -> bool:
    return any(t == "WebPage" or t.endswith("Page") for t in types)


def _nodes(roots: list[Any]) -> list[dict[str, Any]]:
    """Top-level objects, members of `@graph` arrays and list roots, and the `mainEntity`
    objects of those: the nodes a page describes itself with."""
    out: list[dict[str, Any]] = []
    pending = list(roots)
    while pending:
        item = pending.pop(0)
        if isinstance(item, list):
            pending[:0] = item
        elif isinstance(item, dict):
            graph = item.get("@graph")
            if "@type" in item or not isinstance(graph, list):
                out.append(item)
            if isinstance(graph, list):
                pending[:0] = graph
            entity = item.get("mainEntity")
            if isinstance(entity, dict) and "@type" in entity:
                out.append(entity)
    return out


def read_json_ld(text: str, offset: int) -> list[Candidate]:
    """The candidates a JSON-LD script states; `offset` is where `text` starts in the source.

    >>> doc = '{"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "2024-05-01",'
    >>> doc += ' "author": [{"@type": "Person", "name": "Ann Lee"}, {"name": "Bo Kim"}]}'
    >>> [(c.field, c.value, c.source) for c in read_json_ld(doc, 0)]
    [('published', '2024-05-01', 'json-ld:datePublished'), ('author', 'Ann Lee, Bo Kim', 'json-ld:author')]
    """
    nodes = _nodes(read_json(text, offset))
    if not nodes:
        return []
    by_id = {n["@id"].text: n for n in nodes if isinstance(n.get("@id"), JsonStr)}
    typed = [(n, _types(n)) for n in nodes]
    main = [n for n, t in typed if _is_article(t)] + [n for n, t in typed if _is_page(t) and not _is_article(t)]
    out: list[Candidate] = []

    def add(field: str, value: JsonStr | list[JsonStr] | None, source: str, rank: tuple[int, ...]) -> None:
        items = value if isinstance(value, list) else [value] if value is not None else []
        items = [i for i in items if i.text.strip()]
        if not items:
            return
        joined = ", ".join(dict.fromkeys(clean_value(i.text) for i in items))
        c = make_candidate(field, joined, source, [(i.start, i.end) for i in items], JSON_LD, rank)
        if c is not None:
            out.append(c)

    for k, node in enumerate(main):
        kind = 0 if _is_article(_types(node)) else 1
        for key, field, key_rank in _JSON_LD_KEYS:
            v = node.get(key)
            if v is None:
                continue
            if field == "author":
                add(field, _names(v, by_id), f"json-ld:{key}", (kind, k, key_rank))
            elif field == "site_name":
                add(field, _first(_names(v, by_id)), f"json-ld:{key}.name", (1, kind, k))
            elif field == "canonical_url":
                add(field, _url(v), f"json-ld:{key}", (kind, k, key_rank))
            elif isinstance(v, JsonStr):
                add(field, v, f"json-ld:{key}", (kind, k, key_rank))
    for n, t in typed:
        if "WebSite" in t and isinstance(n.get("name"), JsonStr):
            add("site_name", n["name"], "json-ld:WebSite.name", (0,))
    return out


# (key, field, rank among the keys of its field)
_JSON_LD_KEYS = (
    ("datePublished", "published", 0), ("dateCreated", "published", 1), ("dateModified", "modified", 0),
    ("author", "author", 0), ("creator", "author", 1), ("publisher", "site_name", 0),
    ("url", "canonical_url", 0), ("mainEntityOfPage", "canonical_url", 1), ("description", "description", 0),
)


def _first(items: list[JsonStr]) -> JsonStr | None:
    return items[0] if items else None


def _names(value: Any, by_id: dict[str, dict[str, Any]], depth: int = 0) -> list[JsonStr]:
    """The names in an `author` or `publisher` value: a string, a `Person`/`Organization`
    (its `name`, or `givenName familyName`), an `@id` reference, or a list of those."""
    if depth > 4:
        return []
    if isinstance(value, JsonStr):
        return [value]
    if isinstance(value, list):
        return [name for v in value for name in _names(v, by_id, depth + 1)]
    if not isinstance(value, dict):
        return []
    name = value.get("name")
    if isinstance(name, (JsonStr, list)):
        return [n for n in (name if isinstance(name, list) else [name]) if isinstance(n, JsonStr)][:1]
    given, family = value.get("givenName"), value.get("familyName")
    if isinstance(given, JsonStr) and isinstance(family, JsonStr):
        return [JsonStr(f"{given.text} {family.text}", min(given.start, family.start), max(given.end, family.end))]
    ref = value.get("@id")
    if isinstance(ref, JsonStr) and ref.text in by_id and by_id[ref.text] is not value:
        return _names(by_id[ref.text], by_id, depth + 1)
    return []


def _url(value: Any) -> JsonStr | None:
    """A URL value: a string, or an object's `@id` or `url`."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@id") if isinstance(value.get("@id"), JsonStr) else value.get("url")
    return value if isinstance(value, JsonStr) else None


# --------------------------------------------------------------------------- <meta>

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


# --------------------------------------------------------------------------- bylines and datelines

_NAME_WORD_RE = regex.compile(
    r"(?:\p{Lu}[\p{L}\p{M}'’.-]*|\p{Lu}\.|and|&|de|del|della|van|von|der|den|da|di|du|la|le|bin|binti|al|el|y|e|"
    r"ibn|ten|ter|st\.?|jr\.?|sr\.?|[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}ー・]+),?")
_CJK_NAME_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}ー・ 　]{1,16}")


def is_name(text: str, *, lenient: bool) -> bool:
    """Whether a short text reads as a person's (or an agency's) name, or names: capitalised
    words and particles (`Ann de la Cruz`, `A. Lee and B. Kim`), or a CJK name. Lenient (a
    text the page marks as its author): any short text of at most six words without
    sentence punctuation (`jlee`).

    >>> is_name("Ann de la Cruz", lenient=False), is_name("the numbers", lenient=False)
    (True, False)
    >>> is_name("jlee", lenient=True), is_name("Read more about this.", lenient=True)
    (True, False)
    """
    text = text.strip()
    if not text or len(text) > 80 or _URLISH_RE.search(text):
        return False
    if _CJK_NAME_RE.fullmatch(text):
        return True
    words = text.split()
    if lenient:
        return len(words) <= 6 and not regex.search(r"[.!?。！？]\s|[.!?。！？]$", text) or \
            all(_NAME_WORD_RE.fullmatch(w) for w in words)
    return len(words) <= 12 and all(_NAME_WORD_RE.fullmatch(w) for w in words) and \
        any(w[0].isupper() or not w[0].isascii() for w in words)


_BYLINE_LABEL = (r"(?:by|written\s+by|words\s+by|story\s+by|text\s+by|reporting\s+by|report\s+by|posted\s+by|"
                 r"published\s+by|von|par|por|door|publicado\s+por|escrito\s+por|publié\s+par|écrit\s+par|"
                 r"pubblicato\s+da|scritto\s+da|geschrieben\s+von)\s*[:：]?\s|(?:authors?|autor|autora|auteur|autore)"
                 r"\s*[:：]")
_CJK_BYLINE_LABEL = r"文|筆者|著者|執筆|執筆者|投稿者|作者|记者|記者|撰文|编辑|編集|글|작성자|필자"
_UPDATED = (r"updated|last\s+updated|last\s+modified|modified|actualizado|atualizado|mis\s+à\s+jour|aggiornato|"
            r"aktualisiert|更新日?|最終更新日?|更新时间|更新時間|更新於|更新于|"
            r"수정|업데이트|최종\s*수정일?")
_PUBLISHED = (r"posted|published|first\s+published|originally\s+published|created|date|publicado|publicada|"
              r"publié|publiée|pubblicato|veröffentlicht|gepubliceerd|data|fecha|公開日?|投稿日?|公開日時|"
              r"发布时间|發佈時間|發布時間|发布于|發佈於|发表时间|發表時間|日期|입력|등록일?|작성일|발행일|게시일")
_LABELED_DATE_RE = regex.compile(
    rf"(?i)^(?:(?P<upd>{_UPDATED})|(?P<pub>{_PUBLISHED}))(?:\s+(?:on|at))?\s*[:：]?\s*(?P<rest>\S.*)$")
_BYLINE_RE = regex.compile(rf"(?i)^(?:{_BYLINE_LABEL})\s*(?P<rest>\S.*)$|^(?:{_CJK_BYLINE_LABEL})\s*[:：／/|｜]\s*"
                           r"(?P<cjk>\S.*)$")
_KOREAN_REPORTER_RE = regex.compile(r"^(?P<name>\p{Hangul}{2,4})\s*기자(?:\s+\S+@\S+)?$")
# A byline's name, then when: `Jane Doe on March 3, 2024`, `Maya Ortiz at 9:30 AM`.
_NAME_THEN_DATE_RE = regex.compile(r"(?i)^(?P<name>.+?)\s+(?:on|at|[-–—])\s+(?P<date>\S.*)$")
# A date, then who: `March 3, 2024 by Dana`.
_DATE_THEN_NAME_RE = regex.compile(r"^(?P<date>.+?)\s*\b(?:by|By|BY)\s+(?P<name>\S.*)$")
_TIME_ONLY_RE = regex.compile(rf"(?i)^\s*(?:{_TIME})(?:\s*{_TZ})?\s*$")
# Where a byline splits into parts: `|`, `·`, `•`, dashes between spaces, `;`, a line break,
# and a `By` glued onto the text before it (`May 12, 2024By jlee`).
_PART_SPLIT_RE = regex.compile(r"\s*(?:[|｜·•;]|\s[-–—]\s|\n)\s*|(?<=[\p{Ll}\d.,])(?=By\s)"
                               r"|(?<=\S)\s+(?=(?:Updated|UPDATED|Published|PUBLISHED|Last [Uu]pdated)\b)")
_FIRST_RE = regex.compile(
    rf"(?i)^(?:{_BYLINE_LABEL}|{_CJK_BYLINE_LABEL}|{_UPDATED}|{_PUBLISHED}|\p{{Hangul}}{{2,4}}\s*기자|"
    rf"{_WEEKDAY}|{_MONTH}|\d)")


class BylinePart(NamedTuple):
    """What a byline states: a field, its value, and its [start, end) within the byline's text."""

    field: str
    value: str
    start: int
    end: int


class Byline(NamedTuple):
    """A line that is a byline (`kind` 'byline': it names the author) or a dateline ('dateline')."""

    kind: str
    parts: tuple[BylinePart, ...]


def read_byline(text: str, *, lenient: bool, bare_dates: bool = False) -> Byline | None:
    """The byline or dateline a whole line is, or None when it is anything else.

    Every part of the line (split at `|`, `·`, ` - `...) must be a `By NAME`, a labelled date
    (`Posted: DATE`, `Updated 5:06 PM ET, Mon October 14, 2019`, `Published 3 hours ago`), a
    date after such a part, or a short affiliation after the name. `lenient` (a line the
    page set aside as a date or byline box) also takes names that are not capitalised and
    unrecognised short parts; `bare_dates` takes a line that is only a date.

    >>> read_byline("By Jane Doe | Oct 3, 2019", lenient=False)
    Byline(kind='byline', parts=(BylinePart(field='author', value='Jane Doe', start=3, end=11), \
BylinePart(field='published', value='Oct 3, 2019', start=14, end=25)))
    >>> read_byline("UPDATED: 3 hours ago", lenient=False).parts[0][:2]
    ('modified', '3 hours ago')
    >>> read_byline("By the way, this works.", lenient=False) is None
    True
    """
    if not text or len(text) > 160 or _FIRST_RE.match(text) is None:
        return None
    parts: list[BylinePart] = []
    named = dated = False
    pos = 0
    pieces: list[tuple[int, int]] = []
    for m in _PART_SPLIT_RE.finditer(text):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(text)))
    for k, (a, b) in enumerate(pieces):
        piece = text[a:b]
        if not piece.strip():
            continue
        found = _read_part(piece, a, lenient=lenient, bare_dates=bare_dates or named or dated)
        if found is None:
            if (named or dated) and k and len(piece) <= 40 and (lenient or is_name(piece, lenient=False)):
                continue  # an affiliation or a desk after the name (`Jane Doe | Reuters`)
            return None
        parts.extend(found)
        named = named or any(p.field == "author" for p in found)
        dated = dated or any(p.field in DATE_FIELDS for p in found) or not found
    if not parts:
        return None
    return Byline("byline" if named else "dateline", tuple(parts))


def _read_part(piece: str, at: int, *, lenient: bool, bare_dates: bool) -> list[BylinePart] | None:
    """The fields one part of a byline states ([] for a time alone), or None for no such part."""
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    at += lead
    m = _LABELED_DATE_RE.match(piece)
    if m is not None:
        field = "modified" if m.group("upd") else "published"
        rest, rest_at = m.group("rest"), at + m.start("rest")
        if is_date_text(rest):
            return [_part(field, rest, rest_at)]
        both = _DATE_THEN_NAME_RE.match(rest)
        if both and is_date_text(both.group("date")) and is_name(both.group("name"), lenient=True):
            return [_part(field, both.group("date"), rest_at + both.start("date")),
                    _part("author", both.group("name"), rest_at + both.start("name"))]
        if not m.group("pub") or not m.group("pub").lower().startswith(("posted", "published", "publicad",
                                                                          "publié", "pubblicato")):
            return None
    m = _BYLINE_RE.match(piece)
    if m is not None:
        g = "rest" if m.group("rest") is not None else "cjk"
        rest, rest_at = m.group(g), at + m.start(g)
        both = _NAME_THEN_DATE_RE.match(rest)
        if both and is_name(both.group("name"), lenient=lenient):
            when = both.group("date")
            found = [_part("author", both.group("name"), rest_at + both.start("name"))]
            if is_date_text(when):
                return found + [_part("published", when, rest_at + both.start("date"))]
            if _TIME_ONLY_RE.match(when):
                return found
        if is_name(rest, lenient=lenient):
            return [_part("author", rest, rest_at)]
        return None
    m = _KOREAN_REPORTER_RE.match(piece)
    if m is not None:
        return [_part("author", m.group("name"), at + m.start("name"))]
    if bare_dates and is_date_text(piece):
        return [_part("published", piece, at)]
    if bare_dates and _TIME_ONLY_RE.match(piece):
        return []
    return None


def _part(field: str, value: str, at: int) -> BylinePart:
    value = value.rstrip(" ,;:")
    return BylinePart(field, value, at, at + len(value))


# --------------------------------------------------------------------------- front matter

#: Front-matter keys (lower-cased, `_` and `-` dropped) -> (field, rank).
FRONT_MATTER_KEYS: dict[str, tuple[str, int]] = {
    **{k: ("published", r) for r, k in enumerate(("date", "published", "publishdate", "pubdate", "datepublished",
                                                   "publishedat", "created", "createdat"))},
    **{k: ("modified", r) for r, k in enumerate(("lastmod", "updated", "modified", "lastmodified", "datemodified",
                                                  "updatedat", "lastupdated"))},
    **{k: ("author", r) for r, k in enumerate(("author", "authors", "creator"))},
    **{k: ("description", r) for r, k in enumerate(("description", "summary", "excerpt", "abstract"))},
    **{k: ("canonical_url", r) for r, k in enumerate(("canonicalurl", "canonical", "url"))},
    **{k: ("site_name", r) for r, k in enumerate(("site", "sitename", "blog", "publisher"))},
}
_FM_KEY_RE = regex.compile(r"^(?P<key>[A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*$")
_FM_ITEM_RE = regex.compile(r"^[ \t]+-[ \t]+(?P<value>.*?)[ \t]*$")
_FM_NESTED_NAME_RE = regex.compile(r"^[ \t]+(?:-[ \t]+)?name[ \t]*:[ \t]+(?P<value>.*?)[ \t]*$")


def read_front_matter(lines: Sequence[tuple[str, int]]) -> list[Candidate]:
    """The candidates of a front matter's lines (each with its source offset), fences excluded.

    A hand parser for the YAML that posts use: `key: value` (quoted or not, a ` #` comment
    after an unquoted value dropped), `key: [a, b]`, and a `key:` followed by `- item` lines
    or an indented `name:`.

    >>> fm = ['title: "Hi"', "date: 2024-03-03 10:00:00 +0900", "authors:", "  - Ann Lee", "  - 'Bo Kim'"]
    >>> [(c.field, c.value, c.source) for c in read_front_matter([(line, 0) for line in fm])]
    [('published', '2024-03-03T10:00:00+09:00', 'front-matter:date'), \
('author', 'Ann Lee, Bo Kim', 'front-matter:authors')]
    """
    out: list[Candidate] = []
    i = 0
    while i < len(lines):
        line, at = lines[i]
        i += 1
        m = _FM_KEY_RE.match(line)
        if m is None:
            continue
        key = m.group("key")
        known = FRONT_MATTER_KEYS.get(key.lower().replace("_", "").replace("-", ""))
        if known is None:
            continue
        field, rank = known
        values: list[tuple[str, int]] = []
        if m.group("value"):
            values = _fm_values(m.group("value"), at + m.start("value"))
        else:
            while i < len(lines):
                item = _FM_ITEM_RE.match(lines[i][0]) or _FM_NESTED_NAME_RE.match(lines[i][0])
                if item is None:
                    if lines[i][0].startswith((" ", "\t")):
                        i += 1
                        continue
                    break
                values += _fm_values(item.group("value"), lines[i][1] + item.start("value"))
                i += 1
        values = [(v, s) for v, s in values if v.strip()]
        if not values:
            continue
        if field != "author":
            values = values[:1]
        text = ", ".join(dict.fromkeys(v for v, _ in values))
        c = make_candidate(field, text, f"front-matter:{key}", [(s, s + len(v)) for v, s in values],
                           FRONT_MATTER, (rank,))
        if c is not None:
            out.append(c)
    return out


def _fm_values(value: str, at: int) -> list[tuple[str, int]]:
    """The value(s) of one front-matter value, unquoted, each with its source offset."""
    if value.startswith("[") and value.endswith("]"):
        out = []
        pos = 1
        for piece in value[1:-1].split(","):
            lead = len(piece) - len(piece.lstrip())
            out += _fm_values(piece.strip(), at + pos + lead) if piece.strip() else []
            pos += len(piece) + 1
        return out
    if len(value) >= 2 and value[0] in "\"'" and value[-1] == value[0]:
        inner = value[1:-1]
        if value[0] == '"':
            inner = inner.replace('\\"', '"')
        return [(inner, at + 1)]
    if " #" in value:
        value = value.split(" #", 1)[0].rstrip()
    return [(value, at)]
