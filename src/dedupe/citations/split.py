"""Split decisions: is the ``A`` of ``A: B`` (or ``B - A``) a publisher, from the evidence in the document."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import regex

from dedupe.config import Config, References

from .detect import is_name_like
from .keys import CACHE_SIZE, close_keys, has_url, name_key, strip_wrapping, title_key, word_list
from .parse import EntryKind, ParsedEntry
from .patterns import CJK_RE, PAREN_PART_SEP_RE, PAREN_RE


@lru_cache(maxsize=CACHE_SIZE)
def paren_candidates(content: str) -> tuple[str, ...]:
    """Names a parenthetical may cite: the whole, its comma-separated parts."""
    content = content.strip()
    parts = [p.strip() for p in PAREN_PART_SEP_RE.split(content) if p.strip()]
    return (content, *parts) if len(parts) > 1 else (content,)


@lru_cache(maxsize=CACHE_SIZE)
def _label_keys(body: str) -> tuple[str, ...]:
    """The non-empty name keys a parenthetical ``(body)`` offers as labels (none if it holds a URL).

    Every copy of a post repeats its parentheticals; each distinct one is worked out once.
    """
    if has_url(body):
        return ()
    return tuple(key for key in map(name_key, paren_candidates(body)) if key)


def collect_inline_labels(texts: Iterable[str]) -> set[str]:
    """Name keys of every parenthetical in ``texts`` that could be a reference label.

    >>> sorted(collect_inline_labels(["a (WIRED). b (1億ドル、Financial Times)"]))
    ['1億ドル', '1億ドルfinancialtimes', 'financialtimes', 'wired']
    """
    labels: set[str] = set()
    for text in texts:
        if "(" not in text and "（" not in text:
            continue  # no parenthetical: most of the body
        for m in PAREN_RE.finditer(text):
            labels.update(_label_keys(m["body"]))
    return labels


@dataclass(frozen=True, slots=True)
class _Variants:
    """Title keys of an entry with and without its candidate prefix/suffix."""

    full: str
    no_prefix: str | None
    no_suffix: str | None


def _variants(entry: ParsedEntry) -> _Variants:
    if entry.kind not in (EntryKind.TEXT, EntryKind.LINK):
        return _Variants(title_key(entry.title), None, None)
    # The prefix candidate was cut from the text without its suffix, so ``no_prefix`` lacks both.
    return _Variants(
        title_key(entry.core),
        title_key(entry.prefix[1]) if entry.prefix else None,
        title_key(entry.suffix[0]) if entry.suffix else None,
    )


class _Split(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class _KeyColumns:
    """Every entry's :class:`_Variants` as three key lists (``""`` where a variant is missing).

    Built once per document: each decision runs rapidfuzz over whole columns.
    """

    full: list[str]
    no_prefix: list[str]
    no_suffix: list[str]

    @classmethod
    def of(cls, variants: Sequence[_Variants]) -> _KeyColumns:
        return cls(
            [v.full for v in variants], [v.no_prefix or "" for v in variants], [v.no_suffix or "" for v in variants]
        )


def _decide_by_evidence(
    index: int, side: str, entries: Sequence[ParsedEntry], variants: Sequence[_Variants], columns: _KeyColumns,
    labels: set[str], config: Config,
) -> _Split:
    """Publisher split of one side (``"prefix"`` or ``"suffix"``) of one entry from document evidence."""
    entry = entries[index]
    candidate = entry.prefix if side == "prefix" else entry.suffix
    assert candidate is not None
    name = candidate[0] if side == "prefix" else candidate[1]
    if name_key(name) in labels:
        return _Split.YES
    mine = variants[index]
    stripped = mine.no_prefix if side == "prefix" else mine.no_suffix
    # Which other entries are the same work without this name (the name was a publisher),
    # and which are `P: <this whole entry>` (the whole entry is a title)? The first such
    # entry in list order decides. Candidates come from one rapidfuzz batch per key list.
    same_without: set[int] = set()
    if stripped:
        for keys in (columns.full, columns.no_suffix if side == "prefix" else columns.no_prefix):
            same_without.update(j for j in close_keys(stripped, keys, config) if j != index)
    wrapped_keys = columns.no_prefix if side == "prefix" else columns.no_suffix
    wraps_me = {j for j in close_keys(mine.full, wrapped_keys, config) if j != index}
    first = min(same_without | wraps_me, default=None)
    if first is not None:
        return _Split.YES if first in same_without else _Split.NO
    return _Split.UNKNOWN


def _title_part(entry: ParsedEntry) -> str:
    """The entry's text without its candidate prefix and suffix names."""
    text = entry.suffix[0] if entry.suffix else entry.core
    return entry.prefix[1] if entry.prefix else text


class _Titles:
    """Every entry's title part joined into one string, to search for a name once per name."""

    def __init__(self, entries: Sequence[ParsedEntry]) -> None:
        parts = [_title_part(e) if e.kind is not EntryKind.X_POST else "" for e in entries]
        self.text = "\n".join(parts)
        self.starts: list[int] = []
        pos = 0
        for part in parts:
            self.starts.append(pos)
            pos += len(part) + 1

    def entry_at(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1


def _is_subject_elsewhere(name: str, index: int, titles: _Titles, refs: References) -> bool:
    """The name occurs as a word inside another entry's title: a subject, not a publisher."""
    if len(name_key(name)) < refs.subject_min_chars:
        return False
    pattern = regex.compile(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(name.strip())}(?![\p{{L}}\p{{N}}])", regex.IGNORECASE)
    return any(titles.entry_at(m.start()) != index for m in pattern.finditer(titles.text))


def _decide_by_cues(
    index: int, side: str, entries: Sequence[ParsedEntry], titles: _Titles, refs: References,
) -> bool:
    """General cues when the document gives no evidence: short proper name + longer title."""
    entry = entries[index]
    candidate = entry.prefix if side == "prefix" else entry.suffix
    assert candidate is not None
    name, rest = (candidate[0], candidate[1]) if side == "prefix" else (candidate[1], candidate[0])
    if not is_name_like(name, refs, max_words=refs.leading_name_max_words):
        return False
    if CJK_RE.search(name) or CJK_RE.search(rest):
        long_enough = len(title_key(rest)) >= max(
            refs.cue_cjk_title_min_chars, refs.cue_cjk_title_name_ratio * len(title_key(name))
        )
    else:
        long_enough = len(word_list(rest)) >= max(refs.cue_title_min_words, len(word_list(name)) + 1)
    return long_enough and not _is_subject_elsewhere(name, index, titles, refs)


def decide_splits(
    entries: Sequence[ParsedEntry], labels: set[str], config: Config | None = None,
) -> list[tuple[bool, bool]]:
    """For every entry, whether its candidate prefix / suffix is a publisher (see the package docstring)."""
    config = config or Config()
    refs = config.references
    variants = [_variants(e) for e in entries]
    columns = _KeyColumns.of(variants)
    titles: _Titles | None = None  # only the general cues need it, and most entries never get there
    decided: dict[tuple[int, str], _Split] = {}
    for i, entry in enumerate(entries):
        for side in ("prefix", "suffix"):
            if getattr(entry, side) is not None:
                decided[(i, side)] = _decide_by_evidence(i, side, entries, variants, columns, labels, config)

    # List style: what the evidence says about the other entries of the same list.
    votes: dict[tuple[int, str], list[int]] = {}
    for i, entry in enumerate(entries):
        if entry.kind not in (EntryKind.TEXT, EntryKind.LINK) or entry.publisher:
            continue
        for side in ("prefix", "suffix"):
            tally = votes.setdefault((entry.raw.list_index, side), [0, 0])
            verdict = decided.get((i, side))
            if verdict is _Split.YES:
                tally[0] += 1
            elif verdict is _Split.NO or (verdict is None and entry.prefix is None and entry.suffix is None):
                tally[1] += 1

    result: list[tuple[bool, bool]] = []
    for i, entry in enumerate(entries):
        flags: list[bool] = []
        for side in ("prefix", "suffix"):
            verdict = decided.get((i, side))
            if verdict is None:
                flags.append(False)
            elif verdict is not _Split.UNKNOWN:
                flags.append(verdict is _Split.YES)
            else:
                split_votes, bare_votes = votes.get((entry.raw.list_index, side), [0, 0])
                candidate = getattr(entry, side)
                name = candidate[0] if side == "prefix" else candidate[1]
                if split_votes > bare_votes:
                    flags.append(is_name_like(name, refs, max_words=refs.publisher_max_words))
                elif bare_votes > split_votes:
                    flags.append(False)
                else:
                    if titles is None:
                        titles = _Titles(entries)
                    flags.append(_decide_by_cues(i, side, entries, titles, refs))
        result.append((flags[0], flags[1]))
    return result


def apply_split(entry: ParsedEntry, split_prefix: bool, split_suffix: bool) -> ParsedEntry:
    """The entry with its decided publisher moved out of the title."""
    if entry.kind not in (EntryKind.TEXT, EntryKind.LINK) or entry.publisher:
        return entry
    title, publisher = entry.core, None
    if split_suffix and entry.suffix:
        title, publisher = entry.suffix
    if split_prefix and entry.prefix:
        prefix_name, rest = entry.prefix
        title = rest if not (split_suffix and entry.suffix) else strip_wrapping(title[len(prefix_name) :])
        publisher = prefix_name
    return ParsedEntry(
        raw=entry.raw, kind=entry.kind, core=entry.core, title=title, publisher=publisher, url=entry.url,
        number=entry.number, handle=entry.handle, authors=entry.authors, year=entry.year,
        prefix=entry.prefix, suffix=entry.suffix,
    )
