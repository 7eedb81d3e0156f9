"""Reference lists and citation entries: detection, parsing, splitting and merging of works."""

from __future__ import annotations

from dataclasses import dataclass

from .knobs import check


@dataclass(frozen=True, slots=True)
class References:
    """Reference lists and citation entries: detection, parsing, splitting and merging of works.

    Fields are made with `knob(default, low, high)` and a `#:` comment saying what each does.
    """

    def __post_init__(self) -> None:
        check(self)
