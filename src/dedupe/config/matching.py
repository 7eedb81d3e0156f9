"""Matching internals beyond Config's own fields: fuzzy scores and windows, runs and copies."""

from __future__ import annotations

from dataclasses import dataclass

from .knobs import check


@dataclass(frozen=True, slots=True)
class Matching:
    """Matching internals beyond Config's own fields: fuzzy scores and windows, runs and copies.

    Fields are made with `knob(default, low, high)` and a `#:` comment saying what each does.
    """

    def __post_init__(self) -> None:
        check(self)
