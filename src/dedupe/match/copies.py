"""Copies: the partition of the units into repeated pastes, from the runs."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence

from ..ingest.blocks import Kind, RawBlock
from .units import Match, Run, Unit


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
    reach, cuts_after = _greedy_cuts(intervals, n_units)
    earlier: dict[int, list[int]] = defaultdict(list)  # unit -> the earlier units it repeats
    for b, a in sorted({*intervals, *((m.b, m.a) for m in matches)}):
        earlier[b].append(a)  # short units too (a copy's opening heading), though no run holds them
    sorted_breaks = sorted(breaks)
    starts = [0]
    for left in range(cuts_after[0], 0, -1):  # cuts still to place, this one included
        prev = starts[-1]
        # The latest this cut can go: the first end of a pair not yet separated.
        latest = reach[prev]
        if latest >= n_units:
            break
        candidates = []
        walked = _walk_back(latest, prev, earlier, starts, max_drift)
        if walked < latest:
            candidates.append(walked)
        k = bisect.bisect_right(sorted_breaks, latest) - 1
        if k >= 0 and sorted_breaks[k] > prev:
            candidates.append(sorted_breaks[k])
        cut = latest
        for c in sorted(set(candidates)):
            if cuts_after[c] <= left - 1:
                cut = c
                break
        while cut - 1 > prev and cut - 1 in heads and not earlier.get(cut - 1) and cuts_after[cut - 1] <= left - 1:
            cut -= 1
        starts.append(cut)
    return list(zip(starts, starts[1:] + [n_units]))


def _greedy_cuts(intervals: Sequence[tuple[int, int]], n_units: int) -> tuple[list[int], list[int]]:
    """For every unit t: the first end of an interval (a, b] with a >= t (`n_units` when
    there is none), and how many cuts the greedy needs for the intervals that lie beyond
    a cut at t (those with a >= t).

    The greedy stabs, in order of b, every interval that starts at or after its last cut,
    so from a cut at t it cuts next at the first of those ends and goes on from there: both
    tables fill from the right in O(n + m), and a copy's cut asks them instead of running
    the greedy again over the intervals left (which made thousands of copies quadratic).
    """
    reach = [n_units] * (n_units + 1)
    for b, a in intervals:
        if b < reach[a]:
            reach[a] = b
    cuts_after = [0] * (n_units + 1)
    for t in range(n_units - 1, -1, -1):
        if reach[t + 1] < reach[t]:
            reach[t] = reach[t + 1]
        nxt = reach[t]
        cuts_after[t] = 1 + cuts_after[nxt] if nxt < n_units else 0
    return reach, cuts_after


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
