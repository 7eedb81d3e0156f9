"""Find repeated text: sentence units, candidate pairs, runs of matches, copies, alignment.

The only module that imports rapidfuzz. Blocks are split into sentence units because the
repeats of a scraped post do not respect line boundaries; units are compared on their
comparison key with an edit-distance ratio (never token or partial scorers, which are
wrong for unspaced Japanese and Chinese and merge a heading with its own extension).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from .config import Config
from .ingest.blocks import Kind, RawBlock
from .text import comparison_key, fact_signature, split_sentences

Q = 3  # q-gram length of the candidate index
_EXACT_GROUP_LIMIT = 16  # beyond this many equal keys, link only neighbours


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence (or heading, or table row) with its key and absolute span."""

    index: int
    block: int
    kind: str  # match class: units only ever match units of the same class
    key: str
    start: int  # absolute span in the source
    end: int
    facts: tuple[tuple[str, ...], int]  # numbers and negations: a fuzzy match must agree on them
    text_start: int = 0  # the unit's slice of its block's text (which need not be a slice of the source)
    text_end: int = 0

    def text(self, blocks: Sequence[RawBlock]) -> str:
        """The unit's text as the block holds it (entities decoded, hygiene applied)."""
        return blocks[self.block].text[self.text_start : self.text_end]


@dataclass(frozen=True, slots=True)
class Match:
    """Two units (a < b) that are the same text, with their similarity 0-100."""

    a: int
    b: int
    score: float


@dataclass(frozen=True, slots=True)
class Run:
    """A diagonal run of matches: units a_first..a_last repeat as b_first..b_last."""

    matches: tuple[Match, ...]

    @property
    def a_range(self) -> tuple[int, int]:
        return self.matches[0].a, self.matches[-1].a

    @property
    def b_range(self) -> tuple[int, int]:
        return self.matches[0].b, self.matches[-1].b


_CLASS = {
    Kind.HEADING: "heading",
    Kind.PARAGRAPH: "text",
    Kind.LIST_ITEM: "text",
    Kind.QUOTE: "text",
    Kind.TABLE_ROW: "row",
    Kind.CODE: "code",
}
_SPLIT_KINDS = {Kind.PARAGRAPH, Kind.LIST_ITEM, Kind.QUOTE}


def make_units(blocks: Sequence[RawBlock]) -> list[Unit]:
    """Sentence units of every matchable block, in document order (reference lists apart)."""
    units: list[Unit] = []
    for bi, block in enumerate(blocks):
        cls = _CLASS.get(block.kind)
        if cls is None or block.reference_list >= 0:
            continue
        if block.kind in _SPLIT_KINDS:
            pieces = [(p.start, p.end) for p in split_sentences(block.text)]
        else:
            pieces = [(0, len(block.text))]
        for s, e in pieces:
            text = "|".join(block.cells) if block.cells and block.kind is Kind.TABLE_ROW else block.text[s:e]
            key = comparison_key(text)
            if key:
                units.append(Unit(len(units), bi, cls, key, block.source_offset(s), block.source_offset(e),
                                  fact_signature(text), s, e))
    return units


def find_matches(units: Sequence[Unit], config: Config) -> list[Match]:
    """Every pair of units that are the same text: equal keys, or a ratio above the threshold.

    Equal keys are grouped with a dict. Fuzzy candidates come from a q-gram index and are
    kept only when they share enough q-grams to possibly reach the threshold (the q-gram
    lemma: an insertion or deletion destroys at most Q q-grams), so no pair above the
    threshold is missed; each candidate is verified with `fuzz.ratio` and `score_cutoff`.
    """
    matches: dict[tuple[int, int], float] = {}
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for u in units:
        by_key[(u.kind, u.key)].append(u.index)
    for idx in by_key.values():
        if len(idx) > _EXACT_GROUP_LIMIT:
            pairs = list(zip(idx, idx[1:]))
        else:
            pairs = [(x, y) for n, x in enumerate(idx) for y in idx[n + 1 :]]
        for x, y in pairs:
            matches[(x, y)] = 100.0

    reps: dict[tuple[str, str], Unit] = {}
    for u in units:
        if config.min_unit_chars <= len(u.key) <= config.max_fuzzy_chars:
            reps.setdefault((u.kind, u.key), u)
    for x, y in _fuzzy_candidates(list(reps.values()), config):
        a, b = units[x], units[y]
        score = fuzz.ratio(a.key, b.key, score_cutoff=config.match_threshold)
        if score and _may_be_same(a, b, config):
            matches.setdefault((x, y), round(score, 2))
    _spread_fuzzy_over_exact(matches, units, by_key)
    return [Match(a, b, s) for (a, b), s in sorted(matches.items())]


def _fuzzy_candidates(reps: Sequence[Unit], config: Config) -> Iterator[tuple[int, int]]:
    """Pairs (earlier, later) of units with distinct keys that may reach the threshold.

    Prefix filtering over q-grams: two keys whose ratio reaches the threshold share at least
    `tau` q-grams (the q-gram lemma: each insertion or deletion destroys at most Q of them),
    so when every key's q-grams are sorted rarest first, their first `len - tau + 1` q-grams
    overlap. Only those prefixes are indexed, and they are made of rare q-grams, so the
    work grows with the number of near-pairs, not with the square of the unit count.
    Keys too short for the lemma to promise an overlap are compared with every key of a
    compatible length instead. No pair above the threshold is missed.
    """
    tokens = {u.index: _qgram_tokens(u.kind, u.key) for u in reps}
    freq = Counter(t for toks in tokens.values() for t in toks)
    postings: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    unfiltered: dict[tuple[str, int], list[int]] = defaultdict(list)  # (kind, length) -> units without a prefix
    everyone: dict[tuple[str, int], list[int]] = defaultdict(list)  # (kind, length) -> all earlier units
    length_of = {u.index: len(u.key) for u in reps}
    for u in reps:
        la = len(u.key)
        lo, hi = _length_window(la, config)
        tau = _min_overlap(la, config)
        found: set[int] = set()
        # Earlier keys too short to promise an overlap, and (if this one is) every earlier key.
        for lb in range(lo, hi + 1):
            found.update((everyone if tau <= 0 else unfiltered).get((u.kind, lb), ()))
        if tau <= 0:
            unfiltered[(u.kind, la)].append(u.index)
        else:
            toks = sorted(tokens[u.index], key=lambda t: (freq[t], t))
            prefix = toks[: len(toks) - tau + 1]
            for t in prefix:
                for other in postings.get(t, ()):
                    if lo <= length_of[other] <= hi:
                        found.add(other)
            for t in prefix:
                postings[t].append(u.index)
        everyone[(u.kind, la)].append(u.index)
        for other in sorted(found):
            yield other, u.index


def _qgram_tokens(kind: str, key: str) -> list[tuple[str, str, int]]:
    """The key's q-grams as a multiset: repeated q-grams are numbered."""
    seen: Counter[str] = Counter()
    out = []
    for g in _qgrams(key):
        out.append((kind, g, seen[g]))
        seen[g] += 1
    return out


def _length_window(la: int, config: Config) -> tuple[int, int]:
    """Lengths a key of length `la` may be compared with (the length guard)."""
    lo = max(config.min_unit_chars, math.ceil(config.length_ratio * la))
    hi = min(config.max_fuzzy_chars, math.floor(la / config.length_ratio))
    return lo, hi


@lru_cache(maxsize=4096)
def _min_overlap_cached(la: int, threshold: float, length_ratio: float, min_chars: int, max_chars: int) -> int:
    slack = 1.0 - threshold / 100.0
    lo = max(min_chars, math.ceil(length_ratio * la))
    hi = min(max_chars, math.floor(la / length_ratio))
    best = None
    for lb in range(lo, hi + 1):
        edits = math.floor(slack * (la + lb) + 1e-9)
        tau = max(la, lb) - Q + 1 - Q * edits
        best = tau if best is None else min(best, tau)
    return best if best is not None else 0


def _min_overlap(la: int, config: Config) -> int:
    """Fewest q-grams a key of length `la` shares with any key it could match."""
    return _min_overlap_cached(la, config.match_threshold, config.length_ratio, config.min_unit_chars,
                               config.max_fuzzy_chars)


def _may_be_same(a: Unit, b: Unit, config: Config) -> bool:
    """Guards on a fuzzy match: different facts, or a short text and its extension, are different."""
    if a.facts != b.facts:
        return False
    short, long_ = sorted((a.key, b.key), key=len)
    if len(short) < config.extension_guard_chars and (long_.startswith(short) or long_.endswith(short)):
        return False  # "屋顶光伏的收益测算" and "屋顶光伏的收益测算方法" head different sections
    return True


def _spread_fuzzy_over_exact(
    matches: dict[tuple[int, int], float], units: Sequence[Unit], by_key: dict[tuple[str, str], list[int]]
) -> None:
    """A fuzzy partner of one unit is a partner of every unit with the same key."""
    fuzzy = [(a, b, s) for (a, b), s in matches.items() if s < 100.0]
    for a, b, s in fuzzy:
        for x in by_key[(units[a].kind, units[a].key)]:
            for y in by_key[(units[b].kind, units[b].key)]:
                pair = (min(x, y), max(x, y))
                if x != y and pair not in matches:
                    matches[pair] = s


def _qgrams(key: str) -> list[str]:
    if len(key) < Q:
        return [key]
    return [key[i : i + Q] for i in range(len(key) - Q + 1)]


def find_runs(units: Sequence[Unit], matches: Sequence[Match], config: Config) -> list[Run]:
    """Chain significant matches into diagonal runs; keep the runs long enough to be copies."""
    runs: list[list[Match]] = []
    for m in matches:
        if len(units[m.a].key) < config.min_unit_chars:
            continue
        best: list[Match] | None = None
        best_drift = 0
        for run in runs:
            last = run[-1]
            if not (last.a < m.a <= last.a + config.max_run_gap and last.b < m.b <= last.b + config.max_run_gap):
                continue
            if m.a >= run[0].b:  # a copy cannot overlap the copy it repeats
                continue
            drift = abs((m.b - m.a) - (last.b - last.a))
            if best is None or drift < best_drift:
                best, best_drift = run, drift
        if best is None:
            runs.append([m])
        else:
            best.append(m)
    kept = []
    pairs = {(m.a, m.b): m for m in matches}
    for run in runs:
        chars = sum(len(units[m.a].key) for m in run)
        if len(run) >= config.min_run_units or chars >= config.min_run_chars:
            kept.append(Run(tuple(_extend(run, pairs))))
    return kept


def _extend(run: list[Match], pairs: dict[tuple[int, int], Match]) -> list[Match]:
    """Grow a run over the matches right before and after it on its diagonal, short ones
    included: a copy's opening "Summary" heading is too short to start a run, but it sits
    exactly where the run says the copy begins."""
    head, tail = run[0], run[-1]
    before = []
    a, b = head.a - 1, head.b - 1
    while (a, b) in pairs and b > tail.a:
        before.append(pairs[(a, b)])
        a, b = a - 1, b - 1
    after = []
    a, b = tail.a + 1, tail.b + 1
    while (a, b) in pairs and a < head.b:
        after.append(pairs[(a, b)])
        a, b = a + 1, b + 1
    return [*reversed(before), *run, *after]


def find_copies(runs: Sequence[Run], n_units: int, breaks: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Partition units 0..n_units into copies [start, end) from the runs.

    Each run says two stretches of units are copies of each other; overlapping stretches
    are one copy. Units before the first copy belong to it and units after the last copy
    close it. Units between two copies (in neither run) are the earlier copy's tail,
    unless a break point lies among them -- the first unit after a reference list, which
    ends a report -- in which case the later copy starts there.
    """
    if not runs or n_units == 0:
        return [(0, n_units)] if n_units else []
    intervals = sorted([r.a_range for r in runs] + [r.b_range for r in runs])
    regions: list[list[int]] = []
    for lo, hi in intervals:
        if regions and lo <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], hi)
        else:
            regions.append([lo, hi])
    if len(regions) < 2:
        return [(0, n_units)]
    starts = [0]
    for (_, prev_hi), (lo, _) in zip(regions, regions[1:]):
        gap_breaks = [b for b in breaks if prev_hi < b <= lo]
        starts.append(min(gap_breaks) if gap_breaks else lo)
    return list(zip(starts, starts[1:] + [n_units]))


def chain(pairs: Sequence[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The heaviest chain of pairs strictly increasing in both coordinates.

    `pairs` are (i, j, weight). A Fenwick tree over j keeps the best chain ending below
    each j, so this runs in O(p log p) for p pairs instead of a full alignment matrix.
    """
    if not pairs:
        return []
    js = sorted({j for _, j, _ in pairs})
    rank = {j: n + 1 for n, j in enumerate(js)}
    size = len(js)
    tree_val = [0.0] * (size + 1)
    tree_arg = [-1] * (size + 1)
    ordered = sorted(range(len(pairs)), key=lambda p: (pairs[p][0], pairs[p][1]))
    best = [0.0] * len(pairs)
    prev = [-1] * len(pairs)

    def query(pos: int) -> tuple[float, int]:
        val, arg = 0.0, -1
        while pos > 0:
            if tree_val[pos] > val:
                val, arg = tree_val[pos], tree_arg[pos]
            pos -= pos & -pos
        return val, arg

    def update(pos: int, val: float, arg: int) -> None:
        while pos <= size:
            if val > tree_val[pos]:
                tree_val[pos], tree_arg[pos] = val, arg
            pos += pos & -pos

    n = 0
    while n < len(ordered):
        same_i = [ordered[n]]
        while n + len(same_i) < len(ordered) and pairs[ordered[n + len(same_i)]][0] == pairs[ordered[n]][0]:
            same_i.append(ordered[n + len(same_i)])
        for p in same_i:
            val, arg = query(rank[pairs[p][1]] - 1)
            best[p], prev[p] = val + pairs[p][2], arg
        for p in same_i:
            update(rank[pairs[p][1]], best[p], p)
        n += len(same_i)
    end = max(range(len(pairs)), key=lambda p: (best[p], -p))
    out = []
    while end != -1:
        out.append(pairs[end])
        end = prev[end]
    return out[::-1]


@dataclass(frozen=True, slots=True)
class Group:
    """Units that are the same text in different copies, in merged order."""

    units: tuple[int, ...]
    scores: tuple[float, ...]  # each unit's similarity to the first


def align_copies(
    copies: Sequence[tuple[int, int]], units: Sequence[Unit], matches: Sequence[Match]
) -> list[Group]:
    """Align the copies progressively; unaligned units keep their place between neighbours."""
    if not copies:
        return []
    score_of: dict[tuple[int, int], float] = {(m.a, m.b): m.score for m in matches}
    partners: dict[int, list[int]] = defaultdict(list)
    for m in matches:
        partners[m.a].append(m.b)
        partners[m.b].append(m.a)
    first_lo, first_hi = copies[0]
    groups: list[list[int]] = [[u] for u in range(first_lo, first_hi)]
    scores: list[list[float]] = [[100.0] for _ in groups]
    for lo, hi in copies[1:]:
        group_of: dict[int, int] = {}
        for n, members in enumerate(groups):
            for u in members:
                group_of[u] = n
        pairs: dict[tuple[int, int], float] = {}
        for u in range(lo, hi):
            for v in partners.get(u, ()):
                at = group_of.get(v)
                if at is None:
                    continue
                score = score_of.get((min(u, v), max(u, v)), 0.0)
                weight = score / 100.0 * min(len(units[u].key), 40) + (1.0 if score == 100.0 else 0.0)
                if weight > pairs.get((at, u), -1.0):
                    pairs[(at, u)] = weight
        anchors = chain([(gi, u, w) for (gi, u), w in sorted(pairs.items())])
        merged: list[list[int]] = []
        merged_scores: list[list[float]] = []
        gi_next, u_next = 0, lo
        for gi, u, _ in [*anchors, (len(groups), hi, 0.0)]:
            for k in range(gi_next, gi):
                merged.append(groups[k])
                merged_scores.append(scores[k])
            for v in range(u_next, u):
                merged.append([v])
                merged_scores.append([100.0])
            if gi < len(groups):
                head = groups[gi][0]
                score = score_of.get((min(head, u), max(head, u))) or _best(score_of, groups[gi], u)
                merged.append([*groups[gi], u])
                merged_scores.append([*scores[gi], score])
            gi_next, u_next = gi + 1, u + 1
        groups, scores = merged, merged_scores
    return [Group(tuple(g), tuple(s)) for g, s in zip(groups, scores)]


def _best(score_of: dict[tuple[int, int], float], group: Sequence[int], u: int) -> float:
    return max((score_of.get((min(v, u), max(v, u)), 0.0) for v in group), default=0.0)


def similarity(a: str, b: str) -> float:
    """Similarity 0-100 of two texts' comparison keys."""
    return round(fuzz.ratio(comparison_key(a), comparison_key(b)), 2)


def copy_breaks(blocks: Sequence[RawBlock], units: Sequence[Unit]) -> frozenset[int]:
    """Units where a new copy may start although no run says so: right after a reference list."""
    out = set()
    for u in units:
        first_of_block = u.index == 0 or units[u.index - 1].block != u.block
        if first_of_block and u.block > 0 and blocks[u.block - 1].kind is Kind.REFERENCE:
            out.add(u.index)
    return frozenset(out)
