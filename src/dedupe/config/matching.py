"""Matching internals beyond Config's own fields: fuzzy scores and windows, runs and copies."""

from __future__ import annotations

from dataclasses import dataclass

from .knobs import check, knob


@dataclass(frozen=True, slots=True)
class Matching:
    """Matching internals beyond Config's own fields: fuzzy scores and windows, runs and copies.

    Fields are made with `knob(default, low, high)` and a `#:` comment saying what each does.
    """

    # -- the budget of one post (`dedupe.match.budget.Budget`): over it, a post is matched
    # again on exact keys only. The fidelity harness, the fixtures and the benchmark inputs
    # stay far below (at most 5.6 pairs a unit, 1,199 in all, and 7 runs, in any stage).
    #: Fuzzy comparisons each comparing stage may make in any post ...
    budget_pairs: int = knob(20_000, 0)
    #: ... and this many more per sentence unit of the post.
    budget_pairs_per_unit: int = knob(32, 0)
    #: Runs of matches the run stage may chain in any post ...
    budget_runs: int = knob(256, 0)
    #: ... and one more per this many sentence units.
    budget_units_per_run: int = knob(8, 1)

    # -- candidate search (`dedupe.match.search`): a filter before the fuzzy score; what it
    # misses, the run-end probe and the alignment's gap pass still compare.
    #: Length of the q-grams the candidate index is built from.
    qgram_chars: int = knob(3, 1)
    #: Share of a key's q-grams, rarest first, that the index keys it by ...
    signature_share: float = knob(0.2, 0, 1)
    #: ... and at least this many.
    signature_min_grams: int = knob(3, 1)
    #: A q-gram in more keys than this is too common to index a key by.
    common_gram_keys: int = knob(64, 1)
    #: Most earlier units the index proposes for one unit (those sharing most of its signature).
    candidate_limit: int = knob(256, 1)
    #: Beyond this many units with one key, only neighbours are linked (not every pair).
    exact_pairs_limit: int = knob(16, 2)

    # -- runs and copies (`dedupe.match.runs`)
    #: The fewest units between a unit and its repeat in another copy: closer repeats (a
    #: line printed twice in a row) are left to the repeat pass.
    min_copy_distance: int = knob(2, 1)

    # -- alignment (`dedupe.match.align`)
    #: Most (group, unit) pairs compared exhaustively in one gap between two anchors.
    gap_pairs_limit: int = knob(4096, 0)
    #: Members of a group a gap unit is compared with: the first and the latest.
    gap_members: int = knob(8, 2)
    #: A sentence one copy splits in two may have this many groups between its halves.
    split_reach: int = knob(3, 1)
    #: Key characters at each end that a split sentence's halves are checked on: one edit
    #: leaves at least one end of a sentence as it was.
    end_chars: int = knob(8, 1)
    #: A pair's alignment weight is its similarity times its key length up to this many
    #: characters (long sentences do not outweigh many short ones) ...
    weight_max_chars: int = knob(40, 1)
    #: ... plus this much when the pair is exact.
    exact_weight_bonus: float = knob(1.0, 0)

    # -- the language tag (`dedupe.text.guess_language`)
    #: A longer text is judged by this many of its characters ...
    language_sample_chars: int = knob(64_000, 1)
    #: ... taken in this many evenly spread slices.
    language_sample_slices: int = knob(8, 1)
    #: A text is Japanese when it has kana and at most this many Han characters per kana ...
    ja_han_per_kana: float = knob(20, 0)
    #: ... else Chinese when it has at least this many Han characters per Latin letter
    #: (and Hangul does not outnumber both).
    zh_han_per_latin: float = knob(0.25, 0)

    # -- merging (`dedupe.merge`)
    #: A shorter unit is never taken for a piece of another copy's sentence.
    min_piece_chars: int = knob(8, 1)

    def __post_init__(self) -> None:
        check(self)
