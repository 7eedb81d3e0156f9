"""One frozen configuration object: every threshold the pipeline uses lives here.

`Config`'s own fields are the thresholds a user tunes (most have a command-line option);
the groups beside it (`Matching`, `Index`, `Headings`, `References`, `Titles`, `Content`,
one module each in this package) hold the rest, by area. All are validated when built
(`dedupe.config.knobs`) and all are echoed in every document's ``report.config``, a
group's fields as ``group.field``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .content import Content
from .headings import Headings
from .index import Index
from .knobs import check, flat, group, knob
from .matching import Matching
from .references import References
from .titles import Titles

__all__ = ["Config", "Content", "Headings", "Index", "Matching", "References", "Titles", "knob"]


@dataclass(frozen=True, slots=True)
class Config:
    """Thresholds for matching and merging. Build with keywords; unknown names are an error.

    >>> Config().match_threshold
    90.0
    >>> Config(match_threshold=95).match_threshold
    95
    >>> Config(match_threshold=200)
    Traceback (most recent call last):
    ...
    ValueError: Config.match_threshold = 200 is outside [0, 100]
    """

    #: Minimum similarity (rapidfuzz ``fuzz.ratio`` on comparison keys, 0-100) for two
    #: sentence units to be the same text.
    match_threshold: float = knob(90.0, 0, 100)
    #: Two keys are only compared when the shorter is at least this fraction of the longer.
    length_ratio: float = knob(0.8, 0, 1)
    #: A key shorter than this never fuzzy-matches a key that extends it (a heading and the
    #: same heading with a suffix are different headings).
    extension_guard_chars: int = knob(20, 0)
    #: Longer sentence units (pathological lines with no sentence ends) only match exactly.
    max_fuzzy_chars: int = knob(4000, 1)
    #: Units with shorter keys never decide anything on their own: they match only exactly,
    #: and only inside an alignment that longer units have already anchored.
    min_unit_chars: int = knob(8, 1)
    #: A run of matching units counts as a repeated copy when it has at least this many
    #: significant units ...
    min_run_units: int = knob(3, 1)
    #: ... or at least this many key characters in total.
    min_run_chars: int = knob(200, 1)
    #: How many units a run may skip (an extra bullet or paragraph in one copy) and go on.
    max_run_gap: int = knob(12, 0)
    #: A bare line is a heading candidate only up to this many characters.
    heading_max_chars: int = knob(60, 1)
    #: A line that is a prefix of the next paragraph is a teaser when its key has at
    #: least this many characters (fewer if it ends with an ellipsis).
    teaser_min_chars: int = knob(20, 1)

    #: Merge the exact repeats that copy alignment leaves (a title printed twice, a pull
    #: quote, a caption equal to its heading): see `dedupe.repeats`.
    merge_repeats: bool = knob(True)
    #: The repeat pass merges two equal blocks that are not next to each other only from
    #: this many key characters up.
    repeat_min_chars: int = knob(20, 1)

    #: Inputs larger than this are refused with a clear error rather than processed for
    #: minutes (16 MiB: far above any blog post, below what fits in memory many times over).
    max_input_bytes: int = knob(16 * 1024 * 1024, 1)

    #: The groups of thresholds by area (see each class).
    matching: Matching = group(Matching)
    index: Index = group(Index)
    headings: Headings = group(Headings)
    references: References = group(References)
    titles: Titles = group(Titles)
    content: Content = group(Content)

    def __post_init__(self) -> None:
        check(self)

    def with_overrides(self, **overrides: Any) -> Config:
        """A copy with some fields replaced; ``None`` values are ignored."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def as_dict(self) -> dict[str, Any]:
        """Every threshold as one flat dict (a group's as ``group.field``), as in ``report.config``."""
        return flat(self)
