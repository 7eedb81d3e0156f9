"""One frozen configuration object: every threshold the pipeline uses lives here."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Config:
    """Thresholds for matching and merging. Build with keywords; unknown names are an error.

    >>> Config().match_threshold
    90.0
    >>> Config(match_threshold=95).match_threshold
    95
    """

    #: Minimum similarity (rapidfuzz ``fuzz.ratio`` on comparison keys, 0-100) for two
    #: sentence units to be the same text.
    match_threshold: float = 90.0
    #: Two keys are only compared when the shorter is at least this fraction of the longer.
    length_ratio: float = 0.8
    #: A key shorter than this never fuzzy-matches a key that extends it (a heading and the
    #: same heading with a suffix are different headings).
    extension_guard_chars: int = 20
    #: Longer sentence units (pathological lines with no sentence ends) only match exactly.
    max_fuzzy_chars: int = 4000
    #: Units with shorter keys never decide anything on their own: they match only exactly,
    #: and only inside an alignment that longer units have already anchored.
    min_unit_chars: int = 8
    #: A run of matching units counts as a repeated copy when it has at least this many
    #: significant units ...
    min_run_units: int = 3
    #: ... or at least this many key characters in total.
    min_run_chars: int = 200
    #: How many units a run may skip (an extra bullet or paragraph in one copy) and go on.
    max_run_gap: int = 12
    #: A bare line is a heading candidate only up to this many characters.
    heading_max_chars: int = 60
    #: A line that is a prefix of the next paragraph is a teaser when its key has at
    #: least this many characters (fewer if it ends with an ellipsis).
    teaser_min_chars: int = 20

    #: Merge the exact repeats that copy alignment leaves (a title printed twice, a pull
    #: quote, a caption equal to its heading): see `dedupe.repeats`.
    merge_repeats: bool = True
    #: The repeat pass merges two equal blocks that are not next to each other only from
    #: this many key characters up.
    repeat_min_chars: int = 20

    #: Inputs larger than this are refused with a clear error rather than processed for
    #: minutes (16 MiB: far above any blog post, below what fits in memory many times over).
    max_input_bytes: int = 16 * 1024 * 1024

    def with_overrides(self, **overrides: Any) -> Config:
        """A copy with some fields replaced; ``None`` values are ignored."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
