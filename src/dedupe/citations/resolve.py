"""Inline resolution: ``(Publisher)``, ``[1]``, ``¹``, ``(Smith, 2024)`` and URLs in the body to citation ids."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TypeVar

import regex
from rapidfuzz import fuzz, process

from dedupe.config import Config, References
from dedupe.ingest.phrases import NAME_CONNECTORS, X_HOST_NAMES
from dedupe.models import Citation
from dedupe.text import SUPERSCRIPT_REF_RE

from .detect import is_name_like
from .keys import (
    clean_url,
    has_url,
    may_hold_url,
    name_key,
    normalize_url,
    strip_wrapping,
    title_key,
    url_host,
    word_count,
    word_list,
    x_status,
)
from .parse import ParsedEntry, RawEntry
from .patterns import (
    CJK_RE,
    DIGIT_RE,
    ET_AL_RE,
    INLINE_AUTHOR_SEP_RE,
    INLINE_AUTHOR_YEAR_RE,
    MD_LINK_RE,
    NUMBER_LIST_SEP_RE,
    NUMBER_RANGE_SEP_RE,
    NUMERIC_REF_RE,
    PAREN_GROUP_SEP_RE,
    PAREN_RE,
    STRIPPED_MARKER_RE,
    SUPERSCRIPT_DIGIT_RE,
    SUPERSCRIPT_DIGITS,
    URL_RE,
)
from .split import paren_candidates

_K = TypeVar("_K")


def _marker_number_from_source(entry: RawEntry, source: str) -> int | None:
    """The number of an ordered-list marker the caller stripped (``1.`` before the entry)."""
    line_start = source.rfind("\n", 0, entry.start) + 1
    before = source[line_start : entry.start]
    m = STRIPPED_MARKER_RE.fullmatch(before)
    if m is None:
        return None
    return int(next(g for g in m.groups() if g))


@dataclass(frozen=True, slots=True)
class NumberedList:
    list_index: int
    start: int
    numbers: dict[int, str]


def _add_id(index: dict[_K, list[str]], key: _K, cid: str) -> None:
    """Append ``cid`` to the ids under ``key`` unless it is there already."""
    ids = index.setdefault(key, [])
    if cid not in ids:
        ids.append(cid)


def _numbered_lists(entries: Sequence[ParsedEntry], entry_ids: Sequence[str], source: str) -> list[NumberedList]:
    """Each reference list's numbering: written numbers (or stripped markers), else positions."""
    by_list: dict[int, list[int]] = {}
    for i, entry in enumerate(entries):
        by_list.setdefault(entry.raw.list_index, []).append(i)
    lists: list[NumberedList] = []
    for list_index, members in sorted(by_list.items()):
        numbers: dict[int, str] = {}
        explicit = [entries[i].number or _marker_number_from_source(entries[i].raw, source) for i in members]
        use_position = all(x is None for x in explicit)
        for position, (i, written) in enumerate(zip(members, explicit, strict=True), start=1):
            number = position if use_position else written
            if number is not None:
                numbers.setdefault(number, entry_ids[i])
        start = min(entries[i].raw.start for i in members)
        lists.append(NumberedList(list_index=list_index, start=start, numbers=numbers))
    lists.sort(key=lambda nl: nl.start)
    return lists


def _reportable(label: str, refs: References) -> bool:
    """A label worth reporting as an unresolved reference: a Latin proper name without digits.

    Digits mark model and product names (``GPT-4o``, ``Llama 3``) far more often than publishers.
    """
    return is_name_like(label, refs) and not CJK_RE.search(label) and not DIGIT_RE.search(label)


def _may_cite(text: str) -> bool:
    """Whether ``text`` holds what every inline reference needs (most body text does not).

    A parenthetical needs ``(``; a URL what `may_hold_url` looks for; a numeric reference
    ``[``; a superscript a non-ASCII digit. Plain substring tests: much cheaper than the
    patterns they stand in front of.
    """
    return (
        "(" in text or "（" in text or "[" in text or may_hold_url(text)
        or (not text.isascii() and SUPERSCRIPT_DIGIT_RE.search(text) is not None)
    )


def _reference_position(text: str, end: int) -> bool:
    """A parenthetical ending at ``end`` stands where a citation does: end of clause or text."""
    rest = text[end:].lstrip(" \t")
    return not rest or rest[0] in "。．.,，、;；:：!?！？)）]」』*_|\n"


def _is_abbreviation(label: str, text: str, start: int, refs: References) -> bool:
    """``Bureau of Industry and Security (BIS)``: an acronym defined right before it."""
    letters = label.strip()
    if not (refs.acronym_min_letters <= len(letters) <= refs.acronym_max_letters
            and letters.isupper() and letters.isalpha()):
        return False
    before = text[max(0, start - refs.acronym_lookbehind_chars) : start]
    words = [w for w in word_list(before) if w.casefold() not in NAME_CONNECTORS]
    initials = "".join(w[0] for w in words[-len(letters) :]).upper()
    return initials == letters


_FIRST, _SECOND = itemgetter(0), itemgetter(1)  # of the (position, id or label) pairs `resolve` collects


@dataclass(frozen=True)
class InlineResolver:
    """Resolve inline references in a text to citation ids (built by :meth:`from_citations`)."""

    citations: Sequence[Citation]
    #: Name key of a publisher, a host's name or a whole title -> ids of the citations it names.
    by_name: dict[str, list[str]]
    #: Normalized URL -> the id of the first citation with it.
    by_url: dict[str, str]
    #: Casefolded X handle -> ids of the citations of its posts.
    by_handle: dict[str, list[str]]
    #: (name key of the first author, year) -> ids.
    by_author_year: dict[tuple[str, str], list[str]]
    #: Every reference list's numbering, in order of position in the source.
    numbered_lists: list[NumberedList]
    source: str
    refs: References

    @classmethod
    def from_citations(
        cls, citations: Sequence[Citation], entries: Sequence[ParsedEntry], entry_ids: Sequence[str], source: str,
        config: Config | None = None,
    ) -> InlineResolver:
        """The resolver of a document's citations, built complete (it is never changed after).

        ``entries`` are the parsed entries the citations were merged from, ``entry_ids`` the
        citation id of each, ``source`` the document text (the lists' markers are read from it).
        """
        refs = (config or Config()).references
        by_name: dict[str, list[str]] = {}
        by_url: dict[str, str] = {}
        for cit in citations:
            if cit.publisher:
                by_name.setdefault(name_key(cit.publisher), []).append(cit.id)
            if cit.url:
                by_url.setdefault(normalize_url(cit.url), cit.id)
                host = url_host(cit.url)
                labels_of_host = [p for p in host.removeprefix("www.").split(".")[:-1] if p not in X_HOST_NAMES]
                if labels_of_host:
                    _add_id(by_name, title_key(labels_of_host[-1]), cit.id)
        # A whole title of a few words or more may stand as its own inline label.
        for cit in citations:
            if word_count(cit.title) >= refs.title_label_min_words and not cit.title.startswith("X post"):
                _add_id(by_name, name_key(cit.title), cit.id)
        by_handle: dict[str, list[str]] = {}
        by_author_year: dict[tuple[str, str], list[str]] = {}
        for entry, cid in zip(entries, entry_ids, strict=True):
            if entry.handle:
                _add_id(by_handle, entry.handle.casefold(), cid)
            if entry.authors and entry.year:
                _add_id(by_author_year, (name_key(entry.authors[0]), entry.year[:4]), cid)
        return cls(
            citations=citations, by_name=by_name, by_url=by_url, by_handle=by_handle, by_author_year=by_author_year,
            numbered_lists=_numbered_lists(entries, entry_ids, source), source=source, refs=refs,
        )

    def resolve(self, text: str, *, offset: int | None = None) -> tuple[list[str], list[str]]:
        """Citation ids referenced inline in ``text`` (first occurrence order, no repeats) and unresolved labels.

        ``offset`` (where ``text`` starts in the source, optional) picks the reference
        list whose numbering ``[n]`` markers follow; without it the text is looked up in
        the source.
        """
        if not _may_cite(text):
            return [], []
        hits: list[tuple[int, str]] = []
        misses: list[tuple[int, str]] = []
        paren_starts: list[int] = []  # parentheticals, in order and apart: bisect finds the one around a URL
        paren_ends: list[int] = []

        for m in PAREN_RE.finditer(text):
            paren_starts.append(m.start())
            paren_ends.append(m.end())
            body = m["body"]
            if has_url(body):
                for u in URL_RE.finditer(body):
                    url = clean_url(u.group(0))
                    ids = self._match_url(url)
                    if ids:
                        hits.extend((m.start() + u.start(), cid) for cid in ids)
                    elif not MD_LINK_RE.search(text[max(0, m.start() - self.refs.link_lookbehind_chars) : m.end()]):
                        misses.append((m.start(), url))
                continue
            self._resolve_paren(text, m, hits, misses)

        for u in URL_RE.finditer(text):
            k = bisect_right(paren_starts, u.start()) - 1
            if k >= 0 and u.start() < paren_ends[k]:
                continue
            hits.extend((u.start(), cid) for cid in self._match_url(clean_url(u.group(0))))

        if NUMERIC_REF_RE.search(text) or SUPERSCRIPT_REF_RE.search(text):
            numbering = self._numbering_for(text, offset)
            for m in NUMERIC_REF_RE.finditer(text):
                for n in self._expand_numbers(m["nums"]):
                    self._resolve_number(n, f"[{n}]", m.start(), numbering, hits, misses)
            if numbering:
                for m in SUPERSCRIPT_REF_RE.finditer(text):
                    n = int(m["sup"].translate(SUPERSCRIPT_DIGITS))
                    self._resolve_number(n, m["sup"], m.start(), numbering, hits, misses)

        # In order of position (ties keep their order), without repeats. `itemgetter` keeps the
        # loop in C: a name cited by dozens of entries gives a text dozens of hits.
        ids = list(dict.fromkeys(map(_SECOND, sorted(hits, key=_FIRST))))
        unresolved = list(dict.fromkeys(map(_SECOND, sorted(misses, key=_FIRST))))
        return ids, unresolved

    # -- helpers

    def _resolve_paren(
        self, text: str, m: regex.Match[str], hits: list[tuple[int, str]], misses: list[tuple[int, str]]
    ) -> None:
        body = m["body"].strip()
        pos = m.start()
        ids = self._match_name(body)
        if ids:
            hits.extend((pos, cid) for cid in ids)
            return
        groups = [g.strip() for g in PAREN_GROUP_SEP_RE.split(body) if g.strip()]
        author_year = [self._match_author_year(g) for g in groups]
        if any(ay is not None for ay in author_year):
            for g, ay in zip(groups, author_year, strict=True):
                if ay:
                    hits.extend((pos, cid) for cid in ay)
                elif INLINE_AUTHOR_YEAR_RE.match(g):
                    misses.append((pos, g))
            return
        parts = paren_candidates(body)[1:]
        if parts:
            matched = [self._match_name(p) for p in parts]
            if any(matched):
                for p, found in zip(parts, matched, strict=True):
                    if found:
                        hits.extend((pos, cid) for cid in found)
                    elif _reportable(p, self.refs):
                        misses.append((pos, strip_wrapping(p)))
                return
            last, earlier = parts[-1], parts[:-1]
            # `(…sentence…、Wired)`: a name after a clause is a source; `(A, B, C)` is an enumeration.
            if (
                _reportable(last, self.refs)
                and not all(is_name_like(p, self.refs) for p in earlier)
                and _reference_position(text, m.end())
            ):
                misses.append((pos, strip_wrapping(last)))
            return
        if (
            _reportable(body, self.refs)
            and _reference_position(text, m.end())
            and not _is_abbreviation(body, text, m.start(), self.refs)
        ):
            misses.append((pos, strip_wrapping(body)))

    def _match_name(self, label: str) -> list[str]:
        label = strip_wrapping(label)
        if label.startswith("@"):
            return list(self.by_handle.get(label[1:].casefold(), []))
        key = name_key(label)
        if not key:
            return []
        if key in self.by_name:
            return list(self.by_name[key])
        fuzzy_min = self.refs.label_fuzzy_min_chars
        if len(key) >= fuzzy_min:
            # The best-scoring long name at or above the threshold (ties: the greatest key);
            # rapidfuzz scores all names in one call and drops those below the threshold.
            close = process.extract(key, list(self.by_name), scorer=fuzz.ratio,
                                    score_cutoff=self.refs.label_fuzzy_score, limit=None)
            best = max(((score, k) for k, score, _ in close if len(k) >= fuzzy_min), default=None)
            if best is not None:
                return list(self.by_name[best[1]])
        return []

    def _match_url(self, url: str) -> list[str]:
        norm = normalize_url(url)
        if norm in self.by_url:
            return [self.by_url[norm]]
        status = x_status(url)
        if status is not None:
            return list(self.by_handle.get(status[0].casefold(), []))
        return []

    def _match_author_year(self, group: str) -> list[str] | None:
        m = INLINE_AUTHOR_YEAR_RE.match(group.strip())
        if m is None:
            return None
        names = ET_AL_RE.sub("", m["names"])
        first = INLINE_AUTHOR_SEP_RE.split(names.strip())[0].strip()
        return self.by_author_year.get((name_key(first), m["year"][:4])) or None

    def _numbering_for(self, text: str, offset: int | None) -> dict[int, str]:
        """The numbering of the reference list that follows the text (or the first list)."""
        if not self.numbered_lists:
            return {}
        pos = offset
        if pos is None and text:
            found = self.source.find(text)
            pos = found if found >= 0 else None
        if pos is not None:
            after = [nl for nl in self.numbered_lists if nl.start >= pos]
            chosen = after[0] if after else self.numbered_lists[-1]
            return chosen.numbers
        merged: dict[int, str] = {}
        for nl in self.numbered_lists:
            for n, cid in nl.numbers.items():
                merged.setdefault(n, cid)
        return merged

    def _expand_numbers(self, spec: str) -> list[int]:
        """``1, 3-5`` -> 1, 3, 4, 5; a range wider than ``number_range_max`` is its two ends."""
        numbers: list[int] = []
        for part in NUMBER_LIST_SEP_RE.split(spec):
            bounds = NUMBER_RANGE_SEP_RE.split(part)
            if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
                lo, hi = int(bounds[0]), int(bounds[1])
                numbers.extend(range(lo, hi + 1) if 0 < hi - lo <= self.refs.number_range_max else (lo, hi))
            elif part.isdigit():
                numbers.append(int(part))
        return numbers

    @staticmethod
    def _resolve_number(
        n: int, label: str, pos: int, numbering: dict[int, str],
        hits: list[tuple[int, str]], misses: list[tuple[int, str]],
    ) -> None:
        if n in numbering:
            hits.append((pos, numbering[n]))
        elif numbering:
            misses.append((pos, label))
