"""Reference lists and inline references.

A scraped report often carries the same sources twice, written two ways
(``Financial Times: Why China is …`` in one list, ``Why China is …`` in the other),
and cites them in the body as ``(Financial Times)``, ``[1]`` or an X status URL.
This package turns the raw entries of every reference list into one list of
:class:`~dedupe.models.Citation` (one per work) and resolves inline references to
citation ids.

The hard decision is whether ``A: B`` (or ``B - A``) names a publisher ``A`` or is a
title that happens to contain a colon or dash.  It is taken from evidence in the
document, strongest first:

1. ``A`` is used as an inline reference label in the body, e.g. ``(A)``;
2. another entry is the same work written as ``B`` alone (split), or another entry is
   ``P: A: B`` (so ``A: B`` is the title: no split);
3. the style of the entry's own list: most of its entries were split (or most are
   bare titles) on the strength of 1–2;
4. general cues: ``A`` looks like a short proper name, ``B`` is a longer title, and
   ``A`` is not a subject word of the other entries' titles.

No publisher names are built in.
"""

from __future__ import annotations

from dataclasses import dataclass

# The ingesters use `detect`, and `detect` reads its phrase tables from `dedupe.ingest.phrases`,
# which loads the ingest package first: so the ingest package is loaded before this one's
# modules, and either package can be imported first.
import dedupe.ingest  # noqa: F401
from dedupe.config import Config
from dedupe.models import Citation

from .detect import is_name_like, is_reference_heading, looks_like_reference
from .keys import name_key, normalize_url, title_key
from .parse import EntryKind, ParsedEntry, RawEntry, parse_entry
from .resolve import InlineResolver
from .split import apply_split, collect_inline_labels, decide_splits
from .works import assign_x_urls, canonical_citation, merge_groups, source_link_urls, x_status_urls

__all__ = [
    "CitationResult",
    "EntryKind",
    "InlineResolver",
    "ParsedEntry",
    "RawEntry",
    "build_citations",
    "collect_inline_labels",
    "decide_splits",
    "is_name_like",
    "is_reference_heading",
    "looks_like_reference",
    "name_key",
    "normalize_url",
    "parse_entry",
    "title_key",
]


# --------------------------------------------------------------------------- entry point


@dataclass(frozen=True)
class CitationResult:
    """The document's citations and a resolver for its inline references."""

    citations: list[Citation]
    resolver: InlineResolver


def build_citations(
    entries: list[RawEntry], body_texts: list[str], source: str, config: Config | None = None,
) -> CitationResult:
    """Parse every entry, decide publisher/title splits from the document, merge the same work across lists.

    Citation ids are ``c1``, ``c2``, … in order of first appearance in the source. The
    thresholds are ``config``'s (`Config.references`, and the title match of `Config`).
    """
    config = config or Config()
    ordered = sorted(entries, key=lambda e: (e.start, e.end, e.list_index))
    parsed = [parse_entry(e, config.references) for e in ordered]
    labels = collect_inline_labels(body_texts)
    splits = decide_splits(parsed, labels, config)
    parsed = [apply_split(e, p, s) for e, (p, s) in zip(parsed, splits, strict=True)]
    parsed = assign_x_urls(parsed, x_status_urls(source, body_texts))

    groups = merge_groups(parsed, config)
    groups.sort(key=lambda g: min(parsed[i].raw.start for i in g))
    link_urls = source_link_urls(source)
    citations: list[Citation] = []
    entry_to_id: dict[int, str] = {}
    for n, group in enumerate(groups, start=1):
        cid = f"c{n}"
        citations.append(canonical_citation([parsed[i] for i in sorted(group)], cid, link_urls, config))
        entry_to_id.update((i, cid) for i in group)

    entry_ids = [entry_to_id[i] for i in range(len(parsed))]
    resolver = InlineResolver.from_citations(citations, parsed, entry_ids, source, config)
    return CitationResult(citations=citations, resolver=resolver)
