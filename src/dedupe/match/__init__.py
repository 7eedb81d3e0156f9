"""Find repeated text: sentence units, candidate pairs, runs of matches, copies, alignment.

Blocks are split into sentence units because the repeats of a scraped post do not respect
line boundaries; units are compared on their comparison key with an edit-distance ratio
(never token or partial scorers, which are wrong for unspaced Japanese and Chinese and
merge a heading with its own extension). One module per job, in the order they run:

- `units`: blocks to sentence units (`make_units`), and the records that flow between
  the steps: `Unit`, `Match`, `Run`, `Group`;
- `search`: the pairs of units that are the same text (`find_matches`, `exact_matches`,
  and the all-pairs reference `exhaustive_matches`);
- `score`: the similarity of two units and the guards on a fuzzy match (the only module
  that imports rapidfuzz);
- `runs`: diagonal runs of matches long enough to be copies (`find_runs`);
- `copies`: the partition of the units into copies (`find_copies`, `copy_breaks`);
- `align`: the copies aligned into groups (`align_copies`, over the heaviest `chain`), in an `order`;
- `budget`: the most matching work one post may take (`Budget`, `OverBudget`).
"""

from __future__ import annotations

from .align import align_copies, chain
from .budget import Budget, OverBudget
from .copies import copy_breaks, find_copies
from .runs import find_runs, probe_run_ends
from .score import similarity
from .search import exact_matches, exhaustive_matches, find_matches
from .units import Group, Match, Run, Unit, make_units

__all__ = [
    "Budget",
    "Group",
    "Match",
    "OverBudget",
    "Run",
    "Unit",
    "align_copies",
    "chain",
    "copy_breaks",
    "exact_matches",
    "exhaustive_matches",
    "find_copies",
    "find_matches",
    "find_runs",
    "make_units",
    "probe_run_ends",
    "similarity",
]
