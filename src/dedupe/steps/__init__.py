"""The pipeline as an ordered list of named steps over one frozen record (`State`).

    >>> print(default_steps().describe().splitlines()[0])
    decode      bytes to text (encoding detected or as asked; BOM dropped, lone surrogates replaced) and the format

Each step is a small object with a `name`, a one-line `description`, `run(state) -> state`
and its own `counters` (calls, seconds, items in and out), kept by `Steps.run`. A caller
lists the steps (`names`, `describe`, ``dedupe steps``), leaves one out (`without`: only
the `skippable` ones -- content, metadata, references, repeats, citations), adds one
(`inserted(step, before=... or after=...)`) or swaps one (`replaced`), and hands the list
to `normalize_text` / `normalize_bytes` / `normalize_file` as ``steps=``. A list is built
fresh by `default_steps()`, so its counters count only what it ran.
"""

from __future__ import annotations

from .base import Counters, Step, Steps
from .matching import Align, Copies, Matcher, MatchUnits
from .merging import Assemble, Citations, Merge, Repeats
from .reading import SITE_CHROME_KINDS, Content, Decode, Ingest, Metadata, References, Units, set_aside_site_chrome
from .state import State, need


def default_steps(matcher: Matcher | None = None) -> Steps:
    """The steps `normalize_*` run, in order, each with fresh counters.

    `matcher` replaces `match.find_matches` in the ``match`` step (tests compare it with
    `match.exhaustive_matches`).
    """
    return Steps((
        Decode(), Ingest(), Content(), Metadata(), References(), Units(),
        MatchUnits() if matcher is None else MatchUnits(matcher),
        Copies(), Align(), Merge(), Repeats(), Citations(), Assemble(),
    ))


__all__ = ["SITE_CHROME_KINDS", "Align", "Assemble", "Citations", "Content", "Copies", "Counters", "Decode",
           "Ingest", "MatchUnits", "Matcher", "Merge", "Metadata", "References", "Repeats", "State", "Step",
           "Steps", "Units", "default_steps", "need", "set_aside_site_chrome"]
