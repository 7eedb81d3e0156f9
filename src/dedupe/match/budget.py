"""The work budget of one post: how many fuzzy comparisons and runs matching may take."""

from __future__ import annotations

from dataclasses import dataclass

_PAIRS_BASE = 20_000
_PAIRS_PER_UNIT = 32
_RUNS_BASE = 256
_UNITS_PER_RUN = 8


class OverBudget(Exception):
    """A post needs more matching work than its `Budget`: the pipeline matches it again on
    exact keys only (`exact_matches`, and no fuzzy comparison in any stage)."""

    def __init__(self, budget: str, stage: str, limit: int) -> None:
        super().__init__(f"over the budget of {limit:,} {budget} ({stage})")
        self.budget, self.stage, self.limit = budget, stage, limit


@dataclass(frozen=True, slots=True)
class Budget:
    """The most matching work one post may take, so that no input -- a post whose every line
    is one letter from every other, thousands of edited pastes -- takes more than linear time.

    `pairs` bounds the fuzzy comparisons in each stage that makes them: the index's
    candidates (`find_matches`), the pairs scored beyond the runs' ends (`probe_run_ends`),
    the pairs compared in the alignment's gaps (`align_copies`). `runs` bounds the runs
    chained (each run's ends are probed). A stage that would go over raises `OverBudget`.
    """

    pairs: int
    runs: int

    @classmethod
    def for_units(cls, n_units: int) -> Budget:
        """The budget of a post of `n_units` sentence units.

        >>> Budget.for_units(1000)
        Budget(pairs=52000, runs=381)
        """
        return cls(_PAIRS_BASE + _PAIRS_PER_UNIT * n_units, _RUNS_BASE + n_units // _UNITS_PER_RUN)

    def check_pairs(self, used: int, stage: str) -> None:
        if used > self.pairs:
            raise OverBudget("candidate pairs", stage, self.pairs)

