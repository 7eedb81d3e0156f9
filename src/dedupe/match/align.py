"""Alignment: the copies merged progressively into groups of units that are the same text."""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..config import Config
from .budget import Budget, OverBudget
from .order import Order
from .score import length_window, score_pair
from .units import Group, Match, Unit

_LATER = operator.itemgetter(1)  # a match's later unit


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


class _Places(Protocol):
    """The members of the group at each place of the merged order (what the gap passes read)."""

    def __getitem__(self, place: int) -> Sequence[int]: ...

    def __len__(self) -> int: ...


@dataclass(frozen=True, slots=True)
class _MembersInOrder:
    """`_Places` over an `Order`: a group's members, or for a group holding the halves of a
    sentence, its other members."""

    order: Order
    members: list[list[int]]
    whole: dict[int, list[int]]

    def __getitem__(self, place: int) -> Sequence[int]:
        g = self.order[place]
        return self.whole.get(g) or self.members[g]

    def __len__(self) -> int:
        return len(self.order)


def align_copies(
    copies: Sequence[tuple[int, int]], units: Sequence[Unit], matches: Sequence[Match], config: Config,
    budget: Budget | None = None, *, exact: bool = False,
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

    More pairs compared in the gaps than the `budget` allows (by default
    `Budget.for_units`) raise `OverBudget`; `exact` (a post over its budget, matched again)
    compares nothing in the gaps and aligns on the matches alone.
    """
    if not copies:
        return []
    limit = (budget or Budget.for_units(len(units), config)).pairs
    compared = [0]  # pairs the gap passes have scored, against the budget
    score_of: dict[tuple[int, int], float] = {(a, b): score for a, b, score in matches}
    by_later = sorted(matches, key=_LATER)
    first_lo, first_hi = copies[0]
    members: list[list[int]] = [[u] for u in range(first_lo, first_hi)]  # by group id
    scores: list[list[float]] = [[100.0] for _ in members]  # each member's similarity to the first
    order = Order(range(len(members)), config.index.order_chunk)  # group ids in merged order
    group_of: dict[int, int] = {u: g for g, (u,) in enumerate(members)}
    # A sentence a copy holds as two units joins its group with both, but neither half is
    # the group's text: the halves link no later unit (a later copy split the same way
    # pairs both halves with the group again, instead of one half alone).
    whole: dict[int, list[int]] = {}  # by group id, for groups holding halves: the other members
    in_order = _MembersInOrder(order, members, whole)
    for lo, hi in copies[1:]:
        place: dict[int, int] = {}  # the places of the groups this copy links to
        pairs: dict[tuple[int, int], float] = {}  # (place, unit) -> weight
        best_score: dict[tuple[int, int], float] = {}
        for v, u, score in by_later[bisect.bisect_left(by_later, lo, key=_LATER):
                                    bisect.bisect_left(by_later, hi, key=_LATER)]:
            g = group_of.get(v)  # None when v is in this copy too
            if g is None:
                continue
            at = place.get(g)
            if at is None:
                at = place[g] = order.place(g)
            key = (at, u)
            weight = _weight(score, units[u], config)
            if weight > pairs.get(key, -1.0):
                pairs[key] = weight
                best_score[key] = score
        anchors = chain([(gi, u, w) for (gi, u), w in pairs.items()])
        found = {} if exact else _gap_pairs(anchors, in_order, lo, hi, units, score_of, config, compared)
        if found:  # one heaviest chain over every pair known now
            for key, (w, score) in found.items():
                if w > pairs.get(key, -1.0):
                    pairs[key] = w
                    best_score[key] = score
            anchors = chain([(gi, u, w) for (gi, u), w in pairs.items()])
        beads = [] if exact else _split_pairs(anchors, in_order, lo, hi, units, config, compared)
        if compared[0] > limit:
            raise OverBudget("candidate pairs", "alignment", limit)
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
        insertions: list[tuple[int, list[int]]] = []  # (place in the order as it is, new groups)
        gi_next, u_next = 0, lo
        for gi, u, _ in [*anchors, (len(order), hi, 0.0)]:
            # Groups no unit of this copy joins keep their place, and so do units of this copy
            # that join no group: after those groups, or before them when they open with a
            # heading (a heading opens what follows it: a paste's title heading goes before
            # the paragraph that the copies before it open with and this one lacks).
            fresh = range(u_next, u)
            if fresh:
                new = list(range(len(members), len(members) + len(fresh)))
                insertions.append((gi_next if units[u_next].match_class == "heading" else gi, new))
                for v, g in zip(fresh, new):
                    group_of[v] = g
                    members.append([v])
                    scores.append([100.0])
            if gi < len(order):
                g = order[gi]
                group = members[g]
                scores[g].append(score_of.get((group[0], u)) or best_score[(gi, u)])
                group.append(u)
                group_of[u] = g
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
        if insertions:
            order.insert(insertions)
    return [Group(tuple(members[g]), tuple(scores[g])) for g in order]


def _gap_pairs(
    anchors: list[tuple[int, int, float]], groups: _Places, lo: int, hi: int,
    units: Sequence[Unit], score_of: dict[tuple[int, int], float], config: Config, compared: list[int],
) -> dict[tuple[int, int], tuple[float, float]]:
    """The (group, unit) pairs that match inside each gap between two anchors, by
    exhaustive comparison, with their alignment weights and scores; `score_of` learns the
    scores. A group of many copies is compared through its first and latest members.
    `compared[0]` counts the pairs scored."""
    found: dict[tuple[int, int], tuple[float, float]] = {}
    n_members = config.matching.gap_members
    for g0, u0, g1, u1 in _gaps(anchors, len(groups), lo, hi, config):
        for g in range(g0 + 1, g1):
            group = groups[g]
            if len(group) > n_members:
                group = [group[0], *group[1 - n_members:]]
            for u in range(u0 + 1, u1):
                best = 0.0
                for v in group:
                    pair = (min(u, v), max(u, v))
                    if pair in score_of:
                        score = score_of[pair]
                    else:
                        compared[0] += 1
                        score = score_pair(units[v], units[u], config)
                        if score:
                            score_of[pair] = score
                    best = max(best, score)
                if best:
                    found[(g, u)] = (_weight(best, units[u], config), best)
    return found


def _gaps(anchors: list[tuple[int, int, float]], n_places: int, lo: int, hi: int,
          config: Config) -> Iterator[tuple[int, int, int, int]]:
    """The gaps between consecutive anchors (and the copy's ends) with units left on both
    sides, small enough to compare exhaustively: `(place, unit)` of the anchors around each,
    `Config.matching.gap_pairs_limit` pairs at most."""
    bounds = [(-1, lo - 1, 0.0), *anchors, (n_places, hi, 0.0)]
    for (g0, u0, _), (g1, u1, _) in itertools.pairwise(bounds):
        if 0 < g1 - g0 - 1 and 0 < u1 - u0 - 1 and (g1 - g0 - 1) * (u1 - u0 - 1) <= config.matching.gap_pairs_limit:
            yield g0, u0, g1, u1


def _split_pairs(
    anchors: list[tuple[int, int, float]], groups: _Places, lo: int, hi: int,
    units: Sequence[Unit], config: Config, compared: list[int],
) -> list[tuple[int, int, float, int | None]]:
    """Sentences two copies split differently, in the gaps the alignment leaves.

    An edit can change where a sentence ends (`. The` made `. the` is no sentence end): one
    copy then holds as one unit what the others hold as two, and neither side matches the
    other one to one. Inside each gap between two anchors, a unit left over is compared
    with two groups put together (the second up to `Config.matching.split_reach` groups later, past a
    variant only another copy has), and two consecutive units of one block with one group.
    Returns `(group place, unit, score, second unit or None)`: the unit joins the first
    group (the second stays without this copy) or both units join the group. The pairs
    found are in order and cross neither each other nor the anchors. `compared[0]` counts
    the (unit, group) pairs looked at.
    """
    out: list[tuple[int, int, float, int | None]] = []
    for g0, u0, g1, u1 in _gaps(anchors, len(groups), lo, hi, config):
        g_min, u = g0 + 1, u0 + 1
        while u < u1 and g_min < g1:
            a = units[u]
            compared[0] += g1 - g_min
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
                    score = score_pair(two, other, config) if _ends_agree(two.key, other.key, config) else 0.0
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
    a: Unit, places: range, groups: _Places, units: Sequence[Unit], config: Config
) -> tuple[int, int, float] | None:
    """The first two groups among `places` (`Config.matching.split_reach` apart at most)
    that, put together, match `a`."""
    lo_len, hi_len = length_window(len(a.key), config)
    reach, end = config.matching.split_reach, config.matching.end_chars
    for g in places:
        first = units[groups[g][0]]
        if first.match_class != a.match_class or len(first.key) >= len(a.key):
            continue
        for h in range(g + 1, min(g + 1 + reach, places.stop)):
            second = units[groups[h][0]]
            if lo_len <= len(first.key) + len(second.key) <= hi_len and (
                    a.key.startswith(first.key[:end]) or a.key.endswith(second.key[-end:])):
                score = score_pair(a, _joined(first, second), config)
                if score:
                    return g, h, score
    return None


def _ends_agree(a: str, b: str, config: Config) -> bool:
    """Whether two keys open or close alike (on `Config.matching.end_chars` characters): a
    cheap filter before a fuzzy score, which one edit (a typo, a changed case) cannot fool."""
    end = config.matching.end_chars
    return a[:end] == b[:end] or a[-end:] == b[-end:]


def _joined(a: Unit, b: Unit) -> Unit:
    """Two units as one: what a copy that does not split them between holds."""
    return a._replace(key=a.key + b.key, sentence=f"{a.sentence} {b.sentence}", end=b.end)


def _weight(score: float, u: Unit, config: Config) -> float:
    """A pair's weight in the alignment: its similarity times its length (up to
    `weight_max_chars`, so that long sentences do not outweigh many short ones), plus
    `exact_weight_bonus` when exact (`Config.matching`)."""
    m = config.matching
    return score / 100.0 * min(len(u.key), m.weight_max_chars) + (m.exact_weight_bonus if score == 100.0 else 0.0)


