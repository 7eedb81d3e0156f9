"""Site chrome learned from a corpus: lines that recur across one site's documents.

The first pass reads each document's blocks (as `ingest` splits them, before any
matching) and hands back the 64-bit hashes of their comparison keys; `ChromeLearner`
counts, per site, in how many documents each line occurs (a document counts once per
line, and documents with the same lines count once: a post scraped twice does not make
its own lines chrome). A line is its site's chrome when it occurs in at least
`chrome_min_docs` of the site's documents and in `chrome_min_share` of them, and in no
document of another site (text shared across sites is content, such as a reposted report,
not one site's sidebar).

Memory: one dictionary entry per distinct line of the corpus (about 100 bytes), the lines
themselves not kept; time: one hash per block.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .config import CorpusConfig

_SHARED = -1


def line_hash(key: str) -> int:
    """A 64-bit hash of a comparison key, the same in every process.

    >>> line_hash("abc") == line_hash("abc") != line_hash("abd")
    True
    """
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


@dataclass(frozen=True, slots=True)
class SiteChrome:
    """The chrome lines learned for one site: line hash -> in how many documents it recurs."""

    site: str
    documents: int  # the site's documents, those with the same lines counted once
    counts: dict[int, int]

    def __contains__(self, key: object) -> bool:
        """Whether a comparison key is one of the lines (what `normalize_*(site_chrome=)` asks)."""
        return isinstance(key, str) and line_hash(key) in self.counts

    def __len__(self) -> int:
        return len(self.counts)

    def __iter__(self) -> Iterator[int]:
        return iter(sorted(self.counts))

    def reason(self, count: int, config: CorpusConfig) -> str:
        return (f"recurs in {count} of the {self.documents} documents of site {self.site} "
                f"(at least {config.chrome_min_docs} and {config.chrome_min_share:.0%}) and on no other site")


class ChromeLearner:
    """Counts lines per site as documents come (`add`), then says which are chrome (`learned`)."""

    def __init__(self) -> None:
        self._sites: dict[str | None, int] = {}
        self._names: list[str | None] = []
        self._documents: list[int] = []  # per site: documents counted
        self._seen: list[set[int]] = []  # per site: hashes of the documents' line sets
        self._lines: dict[int, int] = {}  # line hash -> site index * 2**32 + count, or _SHARED

    def add(self, site: str | None, lines: Iterable[int]) -> None:
        """Count one document's lines (hashes of comparison keys) for `site`."""
        distinct = sorted(set(lines))
        s = self._sites.get(site)
        if s is None:
            s = self._sites[site] = len(self._names)
            self._names.append(site)
            self._documents.append(0)
            self._seen.append(set())
        fingerprint = hash(tuple(distinct))
        if fingerprint in self._seen[s]:
            return
        self._seen[s].add(fingerprint)
        self._documents[s] += 1
        table = self._lines
        base = s << 32
        for h in distinct:
            v = table.get(h)
            if v is None:
                table[h] = base + 1
            elif v != _SHARED:
                table[h] = v + 1 if v >> 32 == s else _SHARED

    def learned(self, config: CorpusConfig) -> dict[str, SiteChrome]:
        """The chrome of every site that has some, by site name (documents without a site learn none)."""
        found: dict[int, dict[int, int]] = {}
        for h, v in self._lines.items():
            if v == _SHARED:
                continue
            s, count = v >> 32, v & 0xFFFFFFFF
            name = self._names[s]
            if name is None or count < config.chrome_min_docs or count < config.chrome_min_share * self._documents[s]:
                continue
            found.setdefault(s, {})[h] = count
        return {self._names[s] or "": SiteChrome(self._names[s] or "", self._documents[s], dict(sorted(c.items())))
                for s, c in sorted(found.items(), key=lambda item: self._names[item[0]] or "")}


__all__ = ["ChromeLearner", "SiteChrome", "line_hash"]
