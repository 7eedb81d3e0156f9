"""The document title: which line or heading is the post's title."""

from __future__ import annotations

from dataclasses import dataclass

from .knobs import check


@dataclass(frozen=True, slots=True)
class Titles:
    """The document title: which line or heading is the post's title.

    Fields are made with `knob(default, low, high)` and a `#:` comment saying what each does.
    """

    def __post_init__(self) -> None:
        check(self)
