"""Markdown front matter (`---` YAML-like lines) read into metadata candidates."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from .candidates import FRONT_MATTER, Candidate, make_candidate

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
