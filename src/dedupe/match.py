"""Find repeated text: sentence units, candidate pairs, runs of matches, copies, alignment.

The only module that imports rapidfuzz. Blocks are split into sentence units because the
repeats of a scraped post do not respect line boundaries; units are compared on their
comparison key with an edit-distance ratio (never token or partial scorers, which are
wrong for unspaced Japanese and Chinese and merge a heading with its own extension).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz, process

from .config import Config
from .ingest.blocks import Kind, RawBlock
from .text import comparison_key, fact_signature, split_sentences

Q = 3  # q-gram length of the candidate index
_SIGNATURE_FRACTION = 0.2  # share of a key's q-grams, rarest first, that the index keys it by
_SIGNATURE_MIN = 3
_COMMON_GRAM = 64  # a q-gram in more keys than this is too common to index a key by
_EXACT_GROUP_LIMIT = 16  # beyond this many equal keys, link only neighbours


class Unit(NamedTuple):
    """A sentence (or heading, or table row) with its key and absolute span.

    Units, matches and groups are named tuples: as immutable as a frozen dataclass, and
    several times cheaper to make, which counts at tens of thousands per post.
    """

    pos: int  # position in the document's unit list
    block: int
    kind: str  # match class: units only ever match units of the same class
    key: str
    start: int  # absolute span in the source
    end: int
    sentence: str  # the text the key was made from (its fact signature is taken when a fuzzy match needs it)
    text_start: int = 0  # the unit's slice of its block's text (which need not be a slice of the source)
    text_end: int = 0

    def text(self, blocks: Sequence[RawBlock]) -> str:
        """The unit's text as the block holds it (entities decoded, hygiene applied)."""
        return blocks[self.block].text[self.text_start : self.text_end]


class Match(NamedTuple):
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
    Kind.CAPTION: "caption",  # a figure's caption pairs with its copy's caption, not with body text
}
_SPLIT_KINDS = {Kind.PARAGRAPH, Kind.LIST_ITEM, Kind.QUOTE, Kind.CAPTION}

# `Unit(...)` and `Match(...)` go through the named tuple's __new__, a Python function;
# tuple.__new__ makes the same named tuple in C, which counts at tens of thousands a post.
_new_tuple = tuple.__new__


def make_units(blocks: Sequence[RawBlock]) -> list[Unit]:
    """Sentence units of every matchable block, in document order (reference lists apart)."""
    units: list[Unit] = []
    # A repeated post repeats its blocks, or at least its sentences: split each distinct
    # block once, and key each distinct sentence once.
    seen: dict[tuple[Kind, str, tuple[str, ...]], list[tuple[int, int, str, str]]] = {}
    keyed: dict[str, str] = {}
    for bi, block in enumerate(blocks):
        kind = block.kind
        cls = _CLASS.get(kind)
        if cls is None or block.reference_list >= 0:
            continue
        same = (kind, block.text, block.cells)
        pieces = seen.get(same)
        if pieces is None:
            pieces = seen[same] = _pieces(block, keyed)
        if block.anchors:
            for s, e, key, sentence in pieces:
                units.append(Unit(len(units), bi, cls, key, block.source_offset(s), block.source_offset(e),
                                  sentence, s, e))
        else:  # text[i] is at start + i: `source_offset` inlined, the usual case
            n, start, end = len(block.text), block.start, block.end
            for s, e, key, sentence in pieces:
                units.append(_new_tuple(Unit, (len(units), bi, cls, key, end if s >= n else start + s,
                                               end if e >= n else start + e, sentence, s, e)))
    return units


def _pieces(block: RawBlock, keyed: dict[str, str]) -> list[tuple[int, int, str, str]]:
    """The sentence slices of a block's text with their keys and texts (empty keys left
    out); `keyed` remembers the keys of the texts seen before."""
    text = block.text
    if block.kind in _SPLIT_KINDS:
        spans: Sequence[tuple[int, int]] = split_sentences(text)
    else:
        spans = [(0, len(text))]
    out = []
    for s, e in spans:
        sentence = "|".join(block.cells) if block.cells and block.kind is Kind.TABLE_ROW else text[s:e]
        key = keyed.get(sentence)
        if key is None:
            key = keyed[sentence] = comparison_key(sentence)
        if key:
            out.append((s, e, key, sentence))
    return out


def find_matches(units: Sequence[Unit], config: Config) -> list[Match]:
    """Pairs of units that are the same text: equal keys, or a ratio above the threshold.

    Equal keys are grouped with a dict (linear). Only the keys left alone by that -- the
    ones that occur once -- go on to fuzzy matching: a key with an exact twin is already
    tied to the other copy, and most of a repeated post is exact twins, so the fuzzy work
    grows with the number of edited units, not with the size of the post. Their candidates
    come from an index of each key's rarest q-grams (see `_fuzzy_candidates`) and are
    verified with `fuzz.ratio` and `score_cutoff` in one batch per unit.

    Two things are left to later stages on purpose, and tests check that the merges equal
    those of all-pairs comparison: a fuzzy pair of which one side has an exact twin (a
    third copy with an edit) is found where it matters -- at the ends of a run by
    `find_runs`, between two anchors by `align_copies`, which compares the units there
    exhaustively -- and so is a pair the index, a filter, did not propose.
    """
    found: list[Match] = []
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for u in units:
        by_key[(u.kind, u.key)].append(u.pos)
    lonely: list[Unit] = []
    for (_, key), idx in by_key.items():
        if len(idx) == 1:
            if config.min_unit_chars <= len(key) <= config.max_fuzzy_chars:
                lonely.append(units[idx[0]])
            continue
        if len(idx) == 2:  # the usual twin
            found.append(_new_tuple(Match, (idx[0], idx[1], 100.0)))
        elif len(idx) > _EXACT_GROUP_LIMIT:
            found.extend(Match(x, y, 100.0) for x, y in zip(idx, idx[1:]))
        else:
            found.extend(Match(x, y, 100.0) for n, x in enumerate(idx) for y in idx[n + 1 :])

    found.extend(_whole_matches(units, config))
    # Fuzzy pairs join only keys without a twin, so they never repeat an exact pair.
    for later, earlier in _fuzzy_candidates(lonely, config):
        u = units[later]
        keys = [units[o].key for o in earlier]
        for _, score, k in process.extract(u.key, keys, scorer=fuzz.ratio, score_cutoff=config.match_threshold,
                                           limit=None):
            other = units[earlier[k]]
            if _may_be_same(other, u, config):
                found.append(Match(other.pos, u.pos, round(score, 2)))
    found.sort()  # by (a, b): each pair occurs once
    return found


def _whole_matches(units: Sequence[Unit], config: Config) -> list[Match]:
    """Units that are exactly two consecutive units of another block: the same two
    sentences, which an edit (`. The` typed `. the`) kept one copy from splitting. Each
    matches the first of the two (score 100: its key is theirs put together), so runs and
    copy starts see the repeat; the alignment takes the second along (`align_copies`)."""
    wanted = {(u.kind, u.key) for u in units if 2 * config.min_unit_chars <= len(u.key) <= config.max_fuzzy_chars}
    first_of: dict[tuple[str, str], int] = {}
    for a, b in itertools.pairwise(units):
        if a.block == b.block and a.kind == b.kind:
            key = (a.kind, a.key + b.key)
            if key in wanted:
                first_of.setdefault(key, a.pos)
    if not first_of:
        return []
    out = []
    for u in units:
        v = first_of.get((u.kind, u.key))
        if v is not None and units[v].block != u.block:
            out.append(Match(min(u.pos, v), max(u.pos, v), 100.0))
    return out


def exhaustive_matches(units: Sequence[Unit], config: Config) -> list[Match]:
    """All-pairs comparison with the same rules as `find_matches` (`_score` on every pair,
    and `_whole_matches`): the reference it is tested against."""
    found = [Match(a.pos, b.pos, score) for i, a in enumerate(units) for b in units[i + 1 :]
             if (score := _score(a, b, config))]
    return sorted({*found, *_whole_matches(units, config)})


def _comparable(la: int, lb: int, config: Config) -> bool:
    """The length guard: both keys long enough, not too long, and of similar length."""
    short, long_ = min(la, lb), max(la, lb)
    return config.min_unit_chars <= short and long_ <= config.max_fuzzy_chars and short >= config.length_ratio * long_


def _fuzzy_candidates(reps: Sequence[Unit], config: Config) -> Iterator[tuple[int, list[int]]]:
    """For each unit, the earlier units (distinct keys, compatible lengths) worth scoring.

    Every key is reduced to its rarest q-grams (as many as a fifth of its q-grams, at
    least three), rarity counted over the keys indexed; two units are candidates when
    these signatures share a q-gram. Near-identical keys share almost all their q-grams, and the rarest of
    them rank first in both, so their signatures meet; common q-grams ("the", "しています")
    are never looked up, which keeps the work near-linear in the number of units.
    """
    grams = [_gram_set(u.key) for u in reps]
    freq = Counter(itertools.chain.from_iterable(grams))
    # Only q-grams in more than one key can bring two keys together, and q-grams shared by
    # many keys say little and cost much: only those in between go into a signature, which
    # bounds the work per key. A key made only of common q-grams (a post written with a tiny
    # vocabulary) gets no fuzzy candidates here; the alignment's gap pass still compares it
    # with its counterpart in the other copy.
    useful = sorted(g for g, n in freq.items() if 1 < n <= _COMMON_GRAM)
    # Rarest first, ties by the q-gram itself (a stable sort of the sorted q-grams), so the
    # order never depends on hashing.
    useful.sort(key=freq.__getitem__)
    # Each useful q-gram's place in that order, and one place after them all for every other
    # q-gram: a key's ranks, sorted as plain ints, start with its useful q-grams, rarest first.
    n_useful = len(useful)
    rank = dict.fromkeys(freq, n_useful)
    rank.update(zip(useful, range(n_useful)))
    postings: dict[str, dict[int, list[int]]] = defaultdict(dict)  # kind -> q-gram rank -> units
    length_of = {u.pos: len(u.key) for u in reps}
    for u, mine in zip(reps, grams):
        ranks = sorted(map(rank.__getitem__, mine))
        size = max(_SIGNATURE_MIN, math.ceil(len(mine) * _SIGNATURE_FRACTION))
        signature = ranks[: min(size, bisect.bisect_left(ranks, n_useful))]
        found: set[int] = set()
        of_kind = postings[u.kind]
        for g in signature:
            posting = of_kind.get(g)
            if posting is None:
                of_kind[g] = [u.pos]
            else:
                found.update(posting)
                posting.append(u.pos)
        if found:
            lo, hi = _length_window(len(u.key), config)
            comparable = sorted([o for o in found if lo <= length_of[o] <= hi])
            if comparable:
                yield u.pos, comparable


def _length_window(la: int, config: Config) -> tuple[int, int]:
    """The key lengths that `_comparable` accepts next to a key of length `la`."""
    lo = max(config.min_unit_chars, math.ceil(config.length_ratio * la - 1e-9))
    hi = min(config.max_fuzzy_chars, math.floor(la / config.length_ratio + 1e-9))
    return lo, hi


@functools.lru_cache(maxsize=8192)
def _facts(sentence: str) -> tuple[tuple[str, ...], int]:
    """`fact_signature`, taken only for the units a fuzzy match involves (few), once each."""
    return fact_signature(sentence)


def _may_be_same(a: Unit, b: Unit, config: Config) -> bool:
    """Guards on a fuzzy match: different facts, or a short text and its extension, are different."""
    if _facts(a.sentence) != _facts(b.sentence):
        return False
    short, long_ = sorted((a.key, b.key), key=len)
    if len(short) < config.extension_guard_chars and (long_.startswith(short) or long_.endswith(short)):
        return False  # "屋顶光伏的收益测算" and "屋顶光伏的收益测算方法" head different sections
    return True


def _gram_set(key: str) -> set[str]:
    """The distinct q-grams of `key` (the key itself when shorter than Q)."""
    if len(key) < Q:
        return {key}
    return set(map("".join, zip(*(key[i:] for i in range(Q)))))


def _chain_runs(units: Sequence[Unit], matches: Sequence[Match], config: Config) -> list[list[Match]]:
    """The runs long enough to be copies, before `_extend` grows them over short matches.

    `matches` come in (a, b) order, so a run whose last match is more than `max_run_gap`
    units behind is done for good. A run's two sides may overlap: copies pasted verbatim
    back to back make one diagonal at their period that goes on from copy 1 against copy 2
    into copy 2 against copy 3 (a tandem repeat); `find_copies` splits it. Matches closer
    than `_MIN_PERIOD` units apart (a line printed twice in a row) are left to the repeat
    pass: a copy has at least that many units.
    """
    gap, min_chars = config.max_run_gap, config.min_unit_chars
    runs: list[list[Match]] = []
    active: list[list[Match]] = []  # runs that a later match may still extend (and a few done ones)
    prune_at = -1
    for m in matches:
        a, b, _ = m
        if b - a < _MIN_PERIOD or len(units[a].key) < min_chars:
            continue
        if a > prune_at:  # drop the done runs every `gap` units, not at every match: the
            active = [r for r in active if r[-1].a + gap >= a]  # reach test below skips them anyway
            prune_at = a + gap
        best: list[Match] | None = None
        best_drift = 0
        for run in active:
            last_a, last_b, _ = run[-1]
            if not (last_a < a <= last_a + gap and last_b < b <= last_b + gap):
                continue
            drift = abs((b - a) - (last_b - last_a))
            if best is None or drift < best_drift:
                best, best_drift = run, drift
        if best is None:
            runs.append([m])
            active.append(runs[-1])
        else:
            best.append(m)
    return [run for run in runs if len(run) >= config.min_run_units
            or sum(len(units[m.a].key) for m in run) >= config.min_run_chars]


_MIN_PERIOD = 2  # the fewest units between a unit and its repeat in another copy


def _extend(run: list[Match], pairs: dict[tuple[int, int], Match]) -> list[Match]:
    """Grow a run over the matches right before and after it on its diagonal, short ones
    included: a copy's opening "Summary" heading is too short to start a run, but it sits
    exactly where the run says the copy begins."""
    head, tail = run[0], run[-1]
    before = []
    a, b = head.a - 1, head.b - 1
    while (a, b) in pairs and b - a >= _MIN_PERIOD:
        before.append(pairs[(a, b)])
        a, b = a - 1, b - 1
    after = []
    a, b = tail.a + 1, tail.b + 1
    while (a, b) in pairs:
        after.append(pairs[(a, b)])
        a, b = a + 1, b + 1
    return [*reversed(before), *run, *after]


def probe_run_ends(units: Sequence[Unit], pairs: dict[tuple[int, int], Match], runs: Sequence[Sequence[Match]],
                   config: Config) -> list[Match]:
    """The matches `find_matches` left out that `find_runs` could chain onto the ends of
    `runs` (as `_chain_runs` makes them, before they are extended); `pairs` are the
    matches by their two units.

    `find_matches` scores only keys without an exact twin, so an edited unit opening or
    closing a third copy, whose counterpart has a twin in the first two, is not linked;
    yet where that copy starts and ends depends on it. So every unit pair within
    `max_run_gap` beyond either end of a run -- the pairs `find_runs` may chain on -- not
    matched yet is scored here under the matcher's own rule, and the search goes on from
    each pair that matches. Both sides may have exact twins: an edited paste pasted again
    verbatim (`A B B`) pairs its edited unit with its twin, not with the original. Every
    pair returned is one all-pairs comparison finds; `find_runs` then chains the runs
    again with them.
    """
    gap, n = config.max_run_gap, len(units)
    found: dict[tuple[int, int], Match] = {}

    def probe(a_range: range, b_range: range) -> tuple[int, int] | None:
        nearest = None
        for a in a_range:
            for b in b_range:
                if b - a < _MIN_PERIOD or (a, b) in pairs:
                    continue
                if (a, b) not in found:
                    score = _score(units[a], units[b], config)
                    if not score:
                        continue
                    found[(a, b)] = Match(a, b, score)
                if nearest is None:
                    nearest = (a, b)
        return nearest

    for run in runs:
        head, tail = run[0], run[-1]
        a, b = tail.a, tail.b
        while (hit := probe(range(a + 1, min(a + gap + 1, n)), range(b + 1, min(b + gap + 1, n)))) is not None:
            a, b = hit
        a, b = head.a, head.b
        while (hit := probe(range(a - 1, max(a - gap - 1, -1), -1),
                            range(b - 1, max(b - gap - 1, -1), -1))) is not None:
            a, b = hit
    return [found[k] for k in sorted(found)]


def find_runs(units: Sequence[Unit], matches: Sequence[Match], config: Config) -> tuple[list[Match], list[Run]]:
    """Chain significant matches into diagonal runs long enough to be copies, grown over
    the matches right beyond their ends (see `_extend`).

    First the matches `probe_run_ends` finds just beyond the runs' ends are added, and the
    runs made again with them; the matches, with those added, are returned too.
    """
    runs = _chain_runs(units, matches, config)
    if not runs:
        return list(matches), []
    pairs = {(m.a, m.b): m for m in matches}
    extra = probe_run_ends(units, pairs, runs, config)
    if extra:
        matches = sorted([*matches, *extra], key=lambda m: (m.a, m.b))
        pairs.update(((m.a, m.b), m) for m in extra)
        runs = _chain_runs(units, matches, config)
    return list(matches), [Run(tuple(_extend(run, pairs))) for run in runs]


def find_copies(runs: Sequence[Run], n_units: int, breaks: frozenset[int] = frozenset(),
                max_drift: int = 12, matches: Sequence[Match] = (),
                heads: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Partition units 0..n_units into copies [start, end) from the runs.

    Every match of a run says that its two units lie in different copies: unit b repeats
    unit a, so a copy starts somewhere in (a, b]. The number of copies is one more than
    the fewest cuts that separate every such pair -- stabbing the intervals (a, b],
    greedily by their ends, which is optimal and O(m log m) for m matches. This one rule
    covers every pattern of pastes: two copies give one diagonal and one cut; k copies
    back to back give diagonals at every multiple of the period or, pasted verbatim, one
    diagonal whose two sides overlap (a tandem repeat), and either way k - 1 cuts, one per
    period; a copy's own edits, dropped and added lines only move matches along their
    diagonals. (Merging the runs' two stretches into regions, the design this replaced,
    collapses the overlapping stretches of verbatim pastes into one region.)

    The greedy puts each cut at the latest unit it can: the first unit of the new copy
    that repeats an earlier one. The cut moves earlier, while every pair stays separated
    by the same number of cuts, over the units just before it that repeat, on the same
    diagonal, text of the same earlier copy that comes before what the new copy's first
    repeated unit repeats (a paste that opens with a passage the copy before it lacks,
    or with a short heading that a dropped line kept off the run's diagonal; `matches`
    are all the matches, runs or not), or else to a break point -- the first unit after a
    reference list, which ends a report. Headings (`heads`) that repeat nothing just before
    the cut open the new copy (a paste that starts with a title the copy before it printed
    as the post's title, not as a unit). Other units between two copies are the earlier
    copy's tail.

    >>> r = lambda *pairs: Run(tuple(Match(a, b, 100.0) for a, b in pairs))
    >>> find_copies([r((0, 4), (1, 5), (2, 6), (3, 7), (4, 8), (5, 9))], 10)  # a tandem repeat of period 4
    [(0, 4), (4, 8), (8, 10)]
    >>> find_copies([r((3, 9), (4, 10), (5, 11))], 12, frozenset({7}))  # the copy starts after a reference list
    [(0, 7), (7, 12)]
    """
    if not runs or n_units == 0:
        return [(0, n_units)] if n_units else []
    intervals = sorted({(m.b, m.a) for run in runs for m in run.matches})
    ends = [b for b, _ in intervals]
    n_cuts = _cuts_needed(intervals, 0, -1)
    earlier: dict[int, list[int]] = defaultdict(list)  # unit -> the earlier units it repeats
    for b, a in sorted({*intervals, *((m.b, m.a) for m in matches)}):
        earlier[b].append(a)  # short units too (a copy's opening heading), though no run holds them
    starts = [0]
    for left in range(n_cuts, 0, -1):  # cuts still to place, this one included
        prev = starts[-1]
        # The latest this cut can go: the first end of a pair not yet separated.
        k = bisect.bisect_left(ends, prev + 1)
        latest = next((b for b, a in itertools.islice(intervals, k, None) if a >= prev), n_units)
        if latest >= n_units:
            break
        candidates = []
        walked = _walk_back(latest, prev, earlier, starts, max_drift)
        if walked < latest:
            candidates.append(walked)
        in_range = [b for b in breaks if prev < b <= latest]
        if in_range:
            candidates.append(max(in_range))
        cut = latest
        for c in sorted(set(candidates)):
            if _cuts_needed(intervals, bisect.bisect_left(ends, c + 1), c) <= left - 1:
                cut = c
                break
        while cut - 1 > prev and cut - 1 in heads and not earlier.get(cut - 1) and (
                _cuts_needed(intervals, bisect.bisect_left(ends, cut), cut - 1) <= left - 1):
            cut -= 1
        starts.append(cut)
    return list(zip(starts, starts[1:] + [n_units]))


def _cuts_needed(intervals: Sequence[tuple[int, int]], k: int, cut: int) -> int:
    """How many cuts the intervals (a, b] from index k on (sorted by b) need beyond `cut`."""
    n = 0
    last = cut
    for b, a in itertools.islice(intervals, k, None):
        if a >= last:
            n += 1
            last = b
    return n


def _walk_back(y: int, prev: int, earlier: dict[int, list[int]], starts: Sequence[int], max_drift: int) -> int:
    """The earliest unit before `y` (and after `prev`) where the copy that `y` opens may start:
    each step back takes a unit that repeats, on nearly the diagonal of the unit after it,
    an earlier unit of the same earlier copy; units that repeat nothing are passed over."""
    def copy_of(unit: int) -> int:  # the start of the placed copy that holds `unit`
        return starts[bisect.bisect_right(starts, unit) - 1]

    start = y
    for u in range(y - 1, prev, -1):
        mine = earlier.get(u)
        if not mine:
            continue
        if not any(v < w and copy_of(v) == copy_of(w) and abs((start - u) - (w - v)) <= max_drift
                   for v in mine for w in earlier[start]):
            break
        start = u
    return start


def chain(pairs: Sequence[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The heaviest chain of pairs strictly increasing in both coordinates (weights > 0).

    `pairs` are (i, j, weight). Taken in (i, j) order, each pair extends the heaviest
    chain ending at a smaller j among the pairs of smaller i; among chains of equal weight
    the one ending at the pair that sorts first wins. The best chain ending below each j
    is kept as a staircase: the j values where it improves, in a sorted list, so a lookup
    is a bisection and most of the work is done by list operations in C. O(p log p) for
    p pairs, instead of a full alignment matrix.
    """
    ordered = sorted(pairs, key=_I_J)
    if not ordered:
        return []
    stair_j: list[int] = []  # increasing j ...
    stair_val: list[float] = []  # ... and increasing (best weight, earlier pair)
    stair_arg: list[int] = []
    best = [0.0] * len(ordered)
    prev = [-1] * len(ordered)
    waiting, waiting_i = 0, ordered[0][0]  # the pairs of the current i, not yet on the staircase
    for p, (i, j, w) in enumerate(ordered):
        if i != waiting_i:  # all lookups of one i before its updates: i must increase too
            for q in range(waiting, p):
                _stair_insert(stair_j, stair_val, stair_arg, ordered[q][1], best[q], q)
            waiting, waiting_i = p, i
        at = bisect.bisect_left(stair_j, j) - 1
        if at >= 0:
            best[p] = stair_val[at] + w
            prev[p] = stair_arg[at]
        else:
            best[p] = w
    end = best.index(max(best))  # the heaviest, and of those the first
    out = []
    while end != -1:
        out.append(ordered[end])
        end = prev[end]
    return out[::-1]


_I_J = operator.itemgetter(0, 1)


def _stair_insert(js: list[int], vals: list[float], args: list[int], j: int, val: float, arg: int) -> None:
    """Add a chain of weight `val` ending at pair `arg` with coordinate `j` to the staircase."""
    at = bisect.bisect_right(js, j)  # entries before `at` have j' <= j
    if at and (vals[at - 1] > val or (vals[at - 1] == val and args[at - 1] < arg)):
        return  # a chain ending no higher is at least as good: this one never wins a lookup
    if at and js[at - 1] == j:
        at -= 1  # an entry at the same j is no better: replaced below
    end = at
    while end < len(js) and (vals[end] < val or (vals[end] == val and args[end] > arg)):
        end += 1  # entries above j that are no better are now dominated
    if end == at:  # the usual case, along a diagonal: nothing to replace
        js.insert(at, j)
        vals.insert(at, val)
        args.insert(at, arg)
    else:
        js[at:end], vals[at:end], args[at:end] = [j], [val], [arg]


class Group(NamedTuple):
    """Units that are the same text in different copies, in merged order."""

    units: tuple[int, ...]
    scores: tuple[float, ...]  # each unit's similarity to the first


_LATER = operator.itemgetter(1)  # a match's later unit


def align_copies(
    copies: Sequence[tuple[int, int]], units: Sequence[Unit], matches: Sequence[Match], config: Config
) -> list[Group]:
    """Align the copies progressively; unaligned units keep their place between neighbours.

    Between two anchors of an alignment, the units left on both sides are compared
    exhaustively (a band around the copies' diagonal), and the alignment is the heaviest
    chain over the matches and the pairs found there, so a fuzzy pair the candidate index
    did not propose is still aligned.

    `copies` are in document order, so a copy's links to the groups of the copies before
    it are the matches whose later unit is in it: with the matches sorted by that unit,
    one slice. Groups keep a fixed id and grow in place, and each unit knows its group, so
    aligning one more copy costs the size of the merged order, not that of every member
    so far: a post pasted k times aligns in O(k) copy-sized steps, not O(k^2).
    """
    if not copies:
        return []
    score_of: dict[tuple[int, int], float] = {(a, b): score for a, b, score in matches}
    by_later = sorted(matches, key=_LATER)
    first_lo, first_hi = copies[0]
    members: list[list[int]] = [[u] for u in range(first_lo, first_hi)]  # by group id
    scores: list[list[float]] = [[100.0] for _ in members]  # each member's similarity to the first
    order: list[int] = list(range(len(members)))  # group ids in merged order
    group_of: dict[int, int] = {u: g for g, (u,) in enumerate(members)}
    # A sentence a copy holds as two units joins its group with both, but neither half is
    # the group's text: the halves link no later unit (a later copy split the same way
    # pairs both halves with the group again, instead of one half alone).
    whole: dict[int, list[int]] = {}  # by group id, for groups holding halves: the other members
    for lo, hi in copies[1:]:
        place = {g: n for n, g in enumerate(order)}
        pairs: dict[tuple[int, int], float] = {}  # (place, unit) -> weight
        best_score: dict[tuple[int, int], float] = {}
        for v, u, score in by_later[bisect.bisect_left(by_later, lo, key=_LATER):
                                    bisect.bisect_left(by_later, hi, key=_LATER)]:
            g = group_of.get(v)  # None when v is in this copy too
            if g is None:
                continue
            key = (place[g], u)
            weight = _weight(score, units[u])
            if weight > pairs.get(key, -1.0):
                pairs[key] = weight
                best_score[key] = score
        anchors = chain([(gi, u, w) for (gi, u), w in pairs.items()])
        in_order = [whole.get(g) or members[g] for g in order]
        found = _gap_pairs(anchors, in_order, lo, hi, units, score_of, config)
        if found:  # one heaviest chain over every pair known now
            for key, (w, score) in found.items():
                if w > pairs.get(key, -1.0):
                    pairs[key] = w
                    best_score[key] = score
            anchors = chain([(gi, u, w) for (gi, u), w in pairs.items()])
        beads = _split_pairs(anchors, in_order, lo, hi, units, config)
        if beads:
            for gi, u, score, _ in beads:
                best_score[(gi, u)] = score
            anchors = sorted([*anchors, *((gi, u, 0.0) for gi, u, _, _ in beads)])
        also = {(gi, u): v for gi, u, _, v in beads if v is not None}  # the second unit of a split sentence
        anchored = {u for _, u, _ in anchors}
        for gi, u, _ in anchors:  # a unit matched as the first half of its group's text (`_whole_matches`)
            v = u + 1
            if v < hi and v not in anchored and (gi, u) not in also and units[v].block == units[u].block:
                whole_key, half_key = units[in_order[gi][0]].key, units[u].key
                if len(whole_key) > len(half_key) and whole_key == half_key + units[v].key:
                    also[(gi, u)] = v
        merged: list[int] = []
        gi_next, u_next = 0, lo
        for gi, u, _ in [*anchors, (len(order), hi, 0.0)]:
            # Groups no unit of this copy joins keep their place, and so do units of this copy
            # that join no group: after those groups, or before them when they open with a
            # heading (a heading opens what follows it: a paste's title heading goes before
            # the paragraph that the copies before it open with and this one lacks).
            fresh = range(u_next, u)
            heading_first = bool(fresh) and units[u_next].kind == "heading"
            if gi_next < gi and not heading_first:
                merged += order[gi_next:gi]
            for v in fresh:
                group_of[v] = len(members)
                merged.append(len(members))
                members.append([v])
                scores.append([100.0])
            if gi_next < gi and heading_first:
                merged += order[gi_next:gi]
            if gi < len(order):
                g = order[gi]
                group = members[g]
                scores[g].append(score_of.get((group[0], u)) or best_score[(gi, u)])
                group.append(u)
                group_of[u] = g
                merged.append(g)
                half = also.get((gi, u))
                if half is not None:
                    if g not in whole:
                        whole[g] = group[:-1]
                    del group_of[u]
                    scores[g].append(best_score[(gi, u)])
                    group.append(half)
                    u = half
                elif g in whole:
                    whole[g].append(u)
            gi_next, u_next = gi + 1, u + 1
        order = merged
    return [Group(tuple(members[g]), tuple(scores[g])) for g in order]


_GAP_LIMIT = 4096  # most pairs compared exhaustively in one gap between two anchors
_GAP_MEMBERS = 8  # members of a group a gap unit is compared with: the first and the latest


def _gap_pairs(
    anchors: list[tuple[int, int, float]], groups: Sequence[Sequence[int]], lo: int, hi: int,
    units: Sequence[Unit], score_of: dict[tuple[int, int], float], config: Config,
) -> dict[tuple[int, int], tuple[float, float]]:
    """The (group, unit) pairs that match inside each gap between two anchors, by
    exhaustive comparison, with their alignment weights and scores; `score_of` learns the
    scores. A group of many copies is compared through its first and latest members."""
    found: dict[tuple[int, int], tuple[float, float]] = {}
    bounds = [(-1, lo - 1, 0.0), *anchors, (len(groups), hi, 0.0)]
    for (g0, u0, _), (g1, u1, _) in itertools.pairwise(bounds):
        if 0 < g1 - g0 - 1 and 0 < u1 - u0 - 1 and (g1 - g0 - 1) * (u1 - u0 - 1) <= _GAP_LIMIT:
            for g in range(g0 + 1, g1):
                group = groups[g]
                if len(group) > _GAP_MEMBERS:
                    group = [group[0], *group[1 - _GAP_MEMBERS:]]
                for u in range(u0 + 1, u1):
                    best = 0.0
                    for v in group:
                        pair = (min(u, v), max(u, v))
                        score = score_of[pair] if pair in score_of else _score(units[v], units[u], config)
                        if score:
                            score_of[pair] = score
                        best = max(best, score)
                    if best:
                        found[(g, u)] = (_weight(best, units[u]), best)
    return found


_SPLIT_REACH = 3  # a sentence one copy splits in two may have this many groups between its halves


def _split_pairs(
    anchors: list[tuple[int, int, float]], groups: Sequence[Sequence[int]], lo: int, hi: int,
    units: Sequence[Unit], config: Config,
) -> list[tuple[int, int, float, int | None]]:
    """Sentences two copies split differently, in the gaps the alignment leaves.

    An edit can change where a sentence ends (`. The` made `. the` is no sentence end): one
    copy then holds as one unit what the others hold as two, and neither side matches the
    other one to one. Inside each gap between two anchors, a unit left over is compared
    with two groups put together (the second up to `_SPLIT_REACH` groups later, past a
    variant only another copy has), and two consecutive units of one block with one group.
    Returns `(group place, unit, score, second unit or None)`: the unit joins the first
    group (the second stays without this copy) or both units join the group. The pairs
    found are in order and cross neither each other nor the anchors.
    """
    out: list[tuple[int, int, float, int | None]] = []
    bounds = [(-1, lo - 1, 0.0), *anchors, (len(groups), hi, 0.0)]
    for (g0, u0, _), (g1, u1, _) in itertools.pairwise(bounds):
        if not (0 < g1 - g0 - 1 and 0 < u1 - u0 - 1 and (g1 - g0 - 1) * (u1 - u0 - 1) <= _GAP_LIMIT):
            continue
        g_min, u = g0 + 1, u0 + 1
        while u < u1 and g_min < g1:
            a = units[u]
            pair = _split_pair(a, range(g_min, g1), groups, units, config)
            if pair is not None:
                g, h, score = pair
                out.append((g, u, score, None))
                g_min, u = h + 1, u + 1
                continue
            if u + 1 < u1 and units[u + 1].block == a.block:
                two = _joined(a, units[u + 1])
                for g in range(g_min, g1):
                    other = units[groups[g][0]]
                    score = _score(two, other, config) if _ends_agree(two.key, other.key) else 0.0
                    if score:
                        out.append((g, u, score, u + 1))
                        g_min, u = g + 1, u + 2
                        break
                else:
                    u += 1
                continue
            u += 1
    return out


def _split_pair(
    a: Unit, places: range, groups: Sequence[Sequence[int]], units: Sequence[Unit], config: Config
) -> tuple[int, int, float] | None:
    """The first two groups among `places` (`_SPLIT_REACH` apart at most) that, put together, match `a`."""
    lo_len, hi_len = _length_window(len(a.key), config)
    for g in places:
        first = units[groups[g][0]]
        if first.kind != a.kind or len(first.key) >= len(a.key):
            continue
        for h in range(g + 1, min(g + 1 + _SPLIT_REACH, places.stop)):
            second = units[groups[h][0]]
            if lo_len <= len(first.key) + len(second.key) <= hi_len and (
                    a.key.startswith(first.key[:_END]) or a.key.endswith(second.key[-_END:])):
                score = _score(a, _joined(first, second), config)
                if score:
                    return g, h, score
    return None


_END = 8  # key characters at each end: one edit leaves at least one end of a sentence as it was


def _ends_agree(a: str, b: str) -> bool:
    """Whether two keys open or close alike: a cheap filter before a fuzzy score, which one
    edit (a typo, a changed case) cannot fool."""
    return a[:_END] == b[:_END] or a[-_END:] == b[-_END:]


def _joined(a: Unit, b: Unit) -> Unit:
    """Two units as one: what a copy that does not split them between holds."""
    return a._replace(key=a.key + b.key, sentence=f"{a.sentence} {b.sentence}", end=b.end)


def _weight(score: float, u: Unit) -> float:
    """A pair's weight in the alignment: its similarity times its length (up to 40
    characters, so that long sentences do not outweigh many short ones), plus one when exact."""
    return score / 100.0 * min(len(u.key), 40) + (1.0 if score == 100.0 else 0.0)


def _score(a: Unit, b: Unit, config: Config) -> float:
    """The similarity `find_matches` would give two units, or 0 when they do not match."""
    if a.kind != b.kind:
        return 0.0
    if a.key == b.key:
        return 100.0
    if not _comparable(len(a.key), len(b.key), config):
        return 0.0
    score = fuzz.ratio(a.key, b.key, score_cutoff=config.match_threshold)
    return round(score, 2) if score and _may_be_same(a, b, config) else 0.0


def similarity(a: str, b: str) -> float:
    """Similarity 0-100 of two texts' comparison keys."""
    return round(fuzz.ratio(comparison_key(a), comparison_key(b)), 2)


def copy_breaks(blocks: Sequence[RawBlock], units: Sequence[Unit]) -> frozenset[int]:
    """Units where a new copy may start although no run says so: right after a reference list."""
    after = [b + 1 for b in range(len(blocks) - 1) if blocks[b].kind is Kind.REFERENCE]
    if not after:
        return frozenset()
    unit_blocks = [u.block for u in units]  # units are in block order
    out = set()
    for b in after:
        k = bisect.bisect_left(unit_blocks, b)
        if k < len(units) and unit_blocks[k] == b:  # the first unit of the block after the list
            out.add(k)
    return frozenset(out)
