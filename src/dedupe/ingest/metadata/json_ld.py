"""JSON-LD: a lenient JSON reader that keeps each string's source span, and the fields an article node states."""

from __future__ import annotations

import re
from collections.abc import Callable
from json import decoder as _json_decoder
from typing import Any, NamedTuple

from .candidates import JSON_LD, Candidate, clean_value, make_candidate


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
