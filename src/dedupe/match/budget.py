"""The work budget of one post: how many fuzzy comparisons and runs matching may take."""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Config


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
    Both grow with the post's units (`Config.matching`'s ``budget_*`` fields).
    """

    pairs: int
    runs: int

    @classmethod
    def for_units(cls, n_units: int, config: Config) -> Budget:
        """The budget of a post of `n_units` sentence units.

        >>> Budget.for_units(1000, Config())
        Budget(pairs=52000, runs=381)
        """
        m = config.matching
        return cls(pairs=m.budget_pairs + m.budget_pairs_per_unit * n_units,
                   runs=m.budget_runs + n_units // m.budget_units_per_run)

    def check_pairs(self, used: int, stage: str) -> None:
        if used > self.pairs:
            raise OverBudget("candidate pairs", stage, self.pairs)

