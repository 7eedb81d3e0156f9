"""Heading decisions of the text and Markdown ingesters: which bare lines are headings."""

from __future__ import annotations

from dataclasses import dataclass

from .knobs import check


@dataclass(frozen=True, slots=True)
class Headings:
    """Heading decisions of the text and Markdown ingesters: which bare lines are headings.

    Fields are made with `knob(default, low, high)` and a `#:` comment saying what each does.
    """

    def __post_init__(self) -> None:
        check(self)
