"""Runs: diagonals of matches long enough to be repeated copies, and the pairs probed at their ends."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from ..config import Config
from .budget import Budget, OverBudget
from .score import score_pair
from .units import Match, Run, Unit


def _chain_runs(units: Sequence[Unit], matches: Sequence[Match], config: Config,
                max_runs: int | None = None) -> list[list[Match]]:
    """The runs long enough to be copies, before `_extend` grows them over short matches.

    Each match extends the run whose last match is at most `max_run_gap` units behind it on
    both sides and whose diagonal (b - a) drifts least from the match's (the earliest run
    made, of those that drift as little), or starts a run. A run's two sides may overlap:
    copies pasted verbatim back to back make one diagonal at their period that goes on from
    copy 1 against copy 2 into copy 2 against copy 3 (a tandem repeat); `find_copies`
    splits it. Matches closer than `Config.matching.min_copy_distance` units apart (a line printed twice in a
    row) are left to the repeat pass: a copy has at least that many units.

    The runs a match may extend are found through an index, not by a scan of every run: a
    run within reach ends less than `max_run_gap` units behind on a diagonal less than
    `max_run_gap` from the match's, and `ends` holds, per diagonal, the units where runs
    end now and are still within reach (a run's end moves as it grows; `matches` come in
    (a, b) order, so an end `max_run_gap` behind is out of reach for good and `recent`
    drops it). A match looks at the diagonals near its own that hold such ends -- a few on
    an ordinary post -- and at most 2 * gap - 1 diagonals of at most gap ends each however
    many runs there are (a post whose every line is close to every other makes runs on
    thousands of diagonals at once). More than `max_runs` runs long enough raise
    `OverBudget` as soon as there are (a run only grows, so the count is the final one so
    far).
    """
    gap, min_chars = config.max_run_gap, config.min_unit_chars
    min_units, min_run_chars = config.min_run_units, config.min_run_chars
    min_distance = config.matching.min_copy_distance
    runs: list[list[Match]] = []
    chars: list[int] = []  # each run's key characters
    long_enough: list[bool] = []
    n_long = 0
    ends: dict[int, dict[int, int]] = {}  # diagonal -> {unit a of a run's last match: the run's number}
    recent: deque[tuple[int, int]] = deque()  # (a, diagonal) of the ends made, in order of a
    offsets = sorted(range(1 - gap, gap), key=abs)  # e - d for every diagonal e within reach, least drift first
    for m in matches:
        a, b, _ = m
        d = b - a
        if d < min_distance or len(units[a].key) < min_chars:
            continue
        while recent and recent[0][0] < a - gap:
            x, e = recent.popleft()
            on = ends.get(e)
            if on is not None and on.pop(x, None) is not None and not on:
                del ends[e]
        # A run ending on diagonal e at unit x reaches the match when x < a <= x + gap and
        # x + e < b <= x + e + gap. The least drift |e - d| wins, then the earliest run.
        ordered = len(ends) >= len(offsets)
        best, best_drift = -1, gap
        for e in [d + k for k in offsets] if ordered else ends:
            drift = e - d if e >= d else d - e
            if drift >= best_drift and (drift > best_drift or drift == gap):
                if ordered:
                    break
                continue
            on = ends.get(e)
            if not on:
                continue
            lo, hi = b - e - gap, b - e - 1  # the run's last b must be behind b, within gap
            if lo < a - gap:
                lo = a - gap
            if hi > a - 1:
                hi = a - 1
            for x, r in on.items():
                if lo <= x <= hi and (best < 0 or drift < best_drift or r < best):
                    best, best_drift = r, drift
        if best < 0:
            best = len(runs)
            runs.append([m])
            chars.append(0)
            long_enough.append(False)
        else:
            last = runs[best][-1]
            on = ends[last.b - last.a]
            del on[last.a]
            if not on:
                del ends[last.b - last.a]
            runs[best].append(m)
        on = ends.get(d)
        if on is None:
            ends[d] = {a: best}
        else:
            on[a] = best
        recent.append((a, d))
        chars[best] += len(units[a].key)
        if not long_enough[best] and (len(runs[best]) >= min_units or chars[best] >= min_run_chars):
            long_enough[best] = True
            n_long += 1
            if max_runs is not None and n_long > max_runs:
                raise OverBudget("runs", "runs", max_runs)
    return [run for run, ok in zip(runs, long_enough) if ok]


def _extend(run: list[Match], pairs: dict[tuple[int, int], Match], min_distance: int) -> list[Match]:
    """Grow a run over the matches right before and after it on its diagonal, short ones
    included: a copy's opening "Summary" heading is too short to start a run, but it sits
    exactly where the run says the copy begins."""
    head, tail = run[0], run[-1]
    before = []
    a, b = head.a - 1, head.b - 1
    while (a, b) in pairs and b - a >= min_distance:
        before.append(pairs[(a, b)])
        a, b = a - 1, b - 1
    after = []
    a, b = tail.a + 1, tail.b + 1
    while (a, b) in pairs:
        after.append(pairs[(a, b)])
        a, b = a + 1, b + 1
    return [*reversed(before), *run, *after]


def probe_run_ends(units: Sequence[Unit], pairs: dict[tuple[int, int], Match], runs: Sequence[Sequence[Match]],
                   config: Config, budget: Budget | None = None) -> list[Match]:
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

    Where the search goes from a pair depends on that pair alone, so a search that reaches
    a pair an earlier one went on from stops there (the rest is known), and a pair is
    scored once however many searches look at it. More pairs looked at (scored, or known
    from before) than the `budget` allows raise `OverBudget`: on a post whose every unit
    matches every other, each run's search would go on to the end of the post.
    """
    gap, n = config.max_run_gap, len(units)
    limit = (budget or Budget.for_units(n, config)).pairs
    min_distance = config.matching.min_copy_distance
    found: dict[tuple[int, int], Match] = {}
    missed: set[tuple[int, int]] = set()
    looked = 0

    def probe(a_range: range, b_range: range) -> tuple[int, int] | None:
        nonlocal looked
        looked += len(a_range) * len(b_range)
        if looked > limit:
            raise OverBudget("candidate pairs", "run ends", limit)
        nearest = None
        for a in a_range:
            unit = units[a]
            for b in b_range:
                pair = (a, b)
                if b - a < min_distance or pair in pairs or pair in missed:
                    continue
                if pair not in found:
                    score = score_pair(unit, units[b], config)
                    if not score:
                        missed.add(pair)
                        continue
                    found[pair] = Match(a, b, score)
                if nearest is None:
                    nearest = pair
        return nearest

    went_on: tuple[set[tuple[int, int]], set[tuple[int, int]]] = (set(), set())  # forward, backward
    for run in runs:
        head, tail = run[0], run[-1]
        point: tuple[int, int] | None = (tail.a, tail.b)
        forward = went_on[0]
        while point is not None and point not in forward:
            forward.add(point)
            a, b = point
            point = probe(range(a + 1, min(a + gap + 1, n)), range(b + 1, min(b + gap + 1, n)))
        point = (head.a, head.b)
        backward = went_on[1]
        while point is not None and point not in backward:
            backward.add(point)
            a, b = point
            point = probe(range(a - 1, max(a - gap - 1, -1), -1), range(b - 1, max(b - gap - 1, -1), -1))
    return [found[k] for k in sorted(found)]


def find_runs(units: Sequence[Unit], matches: Sequence[Match], config: Config, budget: Budget | None = None, *,
              exact: bool = False) -> tuple[list[Match], list[Run]]:
    """Chain significant matches into diagonal runs long enough to be copies, grown over
    the matches right beyond their ends (see `_extend`).

    First the matches `probe_run_ends` finds just beyond the runs' ends are added, and the
    runs made again with them; the matches, with those added, are returned too. More runs
    than the `budget` allows (by default `Budget.for_units`) raise `OverBudget`. `exact`
    (a post over its budget, matched again) probes nothing and has no budget: without
    fuzzy comparisons every step is linear in the matches.
    """
    budget = budget or Budget.for_units(len(units), config)
    max_runs = None if exact else budget.runs
    runs = _chain_runs(units, matches, config, max_runs)
    if not runs:
        return list(matches), []
    pairs = {(m.a, m.b): m for m in matches}
    if not exact:
        extra = probe_run_ends(units, pairs, runs, config, budget)
        if extra:
            matches = sorted([*matches, *extra], key=lambda m: (m.a, m.b))
            pairs.update(((m.a, m.b), m) for m in extra)
            runs = _chain_runs(units, matches, config, max_runs)
    return list(matches), [Run(tuple(_extend(run, pairs, config.matching.min_copy_distance))) for run in runs]


