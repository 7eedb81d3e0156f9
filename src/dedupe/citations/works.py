"""Merging works: the entries of every list that name the same work become one citation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from dedupe.config import Config
from dedupe.models import Citation, Span

from .keys import clean_url, keys_match, name_key, normalize_url, title_key, x_status
from .parse import EntryKind, ParsedEntry
from .patterns import MD_LINK_RE, STATUS_WORD_RE, URL_RE, X_STATUS_URL_RE


def x_status_urls(source: str, texts: Iterable[str]) -> dict[str, list[str]]:
    """Status URLs per casefolded handle, in order of first appearance (source first)."""
    found: dict[str, list[str]] = {}
    for text in (source, *texts):
        if "://" not in text or STATUS_WORD_RE.search(text) is None:
            continue  # no status URL at all: most of the body
        for m in X_STATUS_URL_RE.finditer(text):
            status = x_status(m.group(0))
            assert status is not None
            urls = found.setdefault(status[0].casefold(), [])
            if status[1] not in urls:
                urls.append(status[1])
    return found


def assign_x_urls(entries: list[ParsedEntry], status_urls: dict[str, list[str]]) -> list[ParsedEntry]:
    """Give each X-post entry without a URL the status URL the body cites for its handle.

    The k-th entry for a handle within one list gets the k-th status URL of that handle.
    """
    seen: dict[tuple[int, str], int] = {}
    out: list[ParsedEntry] = []
    for entry in entries:
        if entry.kind is EntryKind.X_POST and entry.handle and entry.url is None:
            handle = entry.handle.casefold()
            k = seen.get((entry.raw.list_index, handle), 0)
            seen[(entry.raw.list_index, handle)] = k + 1
            urls = status_urls.get(handle, [])
            if k < len(urls):
                entry = ParsedEntry(
                    raw=entry.raw, kind=entry.kind, core=entry.core, title=entry.title, publisher=entry.publisher,
                    url=urls[k], number=entry.number, handle=entry.handle,
                )
        out.append(entry)
    return out


def source_link_urls(source: str) -> list[tuple[str, str]]:
    """``(title key, url)`` of every Markdown link in the source."""
    return [
        (title_key(m["text"]), clean_url(m["url"]))
        for m in MD_LINK_RE.finditer(source)
        if m["text"].strip() and not URL_RE.fullmatch(m["text"].strip())
    ]


# --------------------------------------------------------------------------- merging


@dataclass(frozen=True, slots=True)
class _EntryKeys:
    """An entry's comparison keys, computed once."""

    title: str
    publisher: str | None
    url: str | None

    @classmethod
    def of(cls, e: ParsedEntry) -> _EntryKeys:
        return cls(title_key(e.title), name_key(e.publisher) if e.publisher else None,
                   normalize_url(e.url) if e.url else None)


def _pair_score(a: ParsedEntry, b: ParsedEntry, ka: _EntryKeys, kb: _EntryKeys, config: Config) -> float:
    """How sure we are that two entries name the same work (0–100)."""
    if ka.url and kb.url:
        if ka.url == kb.url:
            return 100.0
        return 0.0  # two different addresses are two works, whatever the titles say
    if a.kind is EntryKind.X_POST or b.kind is EntryKind.X_POST:
        same_handle = (
            a.kind is b.kind and a.handle is not None and b.handle is not None
            and a.handle.casefold() == b.handle.casefold()
        )
        return 100.0 if same_handle else 0.0
    if ka.publisher and kb.publisher and ka.publisher != kb.publisher:
        return 0.0
    if a.year and b.year and a.year[:4] != b.year[:4]:
        return 0.0
    return keys_match(ka.title, kb.title, config)


def merge_groups(entries: Sequence[ParsedEntry], config: Config) -> list[list[int]]:
    """Groups of entry indices naming the same work; entries taken in document order.

    An entry joins the best-scoring group it matches; a group takes at most one entry
    per list unless the two are identical, so one loose title never chains works together.
    Only groups holding a possible match are scored: an earlier entry with the same URL or
    X handle, or a title key rapidfuzz puts above the threshold.
    """
    keys = [_EntryKeys.of(e) for e in entries]
    group_of: list[int] = []
    groups: list[list[int]] = []
    by_url: dict[str, list[int]] = defaultdict(list)
    by_handle: dict[str, list[int]] = defaultdict(list)
    titles: list[str] = []
    for i, entry in enumerate(entries):
        candidates: set[int] = set()
        url = keys[i].url
        if url:
            candidates.update(by_url[url])
        if entry.handle:
            candidates.update(by_handle[entry.handle.casefold()])
        if keys[i].title and titles:
            hits = process.extract(keys[i].title, titles, scorer=fuzz.ratio,
                                   score_cutoff=config.match_threshold, limit=None)
            candidates.update(j for _, _, j in hits)
        best: tuple[float, int] | None = None
        for g in sorted({group_of[j] for j in candidates}):
            members = groups[g]
            scores = [_pair_score(entry, entries[j], keys[i], keys[j], config) for j in members]
            same_list = [sc for j, sc in zip(members, scores) if entries[j].raw.list_index == entry.raw.list_index]
            if any(sc < 100.0 for sc in same_list):
                continue
            if min(scores) == 0.0 and max(scores) < 100.0:
                continue  # conflicts with a member (another URL, publisher or year)
            score = max(scores)
            if score >= config.match_threshold and (best is None or score > best[0]):
                best = (score, g)
        if best is None:
            groups.append([i])
            group_of.append(len(groups) - 1)
        else:
            groups[best[1]].append(i)
            group_of.append(best[1])
        if url:
            by_url[url].append(i)
        if entry.handle:
            by_handle[entry.handle.casefold()].append(i)
        titles.append(keys[i].title)
    return groups


def canonical_citation(
    members: Sequence[ParsedEntry], cid: str, link_urls: Sequence[tuple[str, str]], config: Config,
) -> Citation:
    """One citation from the entries of a group (first-seen title; publisher and URL from whichever has them)."""
    titled = [e for e in members if e.kind is not EntryKind.URL] or list(members)
    title = titled[0].title
    publisher = next((e.publisher for e in members if e.publisher), None)
    url = next((e.url for e in members if e.url), None)
    if url is None:
        key = title_key(title)
        url = next((u for k, u in link_urls if keys_match(k, key, config) >= config.match_threshold), None)
    spans = sorted({(e.raw.start, e.raw.end, e.raw.line) for e in members})
    return Citation(
        id=cid, title=title, publisher=publisher, url=url,
        provenance=[Span(start=s, end=e, line=ln) for s, e, ln in spans],
    )
