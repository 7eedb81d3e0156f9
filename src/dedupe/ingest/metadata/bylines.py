"""Bylines and datelines: `By NAME`, `Posted: DATE`, `NAME - DATE` lines read into fields."""

from __future__ import annotations

from typing import NamedTuple

import regex

from .candidates import DATE_FIELDS, URLISH_RE
from .dates import MONTH, TIME, TZ, WEEKDAY, is_date_text

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
    if not text or len(text) > 80 or URLISH_RE.search(text):
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
_TIME_ONLY_RE = regex.compile(rf"(?i)^\s*(?:{TIME})(?:\s*{TZ})?\s*$")
# Where a byline splits into parts: `|`, `·`, `•`, dashes between spaces, `;`, a line break,
# and a `By` glued onto the text before it (`May 12, 2024By jlee`).
_PART_SPLIT_RE = regex.compile(r"\s*(?:[|｜·•;]|\s[-–—]\s|\n)\s*|(?<=[\p{Ll}\d.,])(?=By\s)"
                               r"|(?<=\S)\s+(?=(?:Updated|UPDATED|Published|PUBLISHED|Last [Uu]pdated)\b)")
_FIRST_RE = regex.compile(
    rf"(?i)^(?:{_BYLINE_LABEL}|{_CJK_BYLINE_LABEL}|{_UPDATED}|{_PUBLISHED}|\p{{Hangul}}{{2,4}}\s*기자|"
    rf"{WEEKDAY}|{MONTH}|\d)")


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
