"""Index tuning: sizes that trade memory for speed in candidate search; they never change the output."""

from __future__ import annotations

from dataclasses import dataclass

from .knobs import check, knob


@dataclass(frozen=True, slots=True)
class Index:
    """Index tuning: sizes that trade memory for speed in candidate search; they never change the output.

    Fields are made with `knob(default, low, high)` and a `#:` comment saying what each does.
    """

    #: Groups per chunk of the alignment's merged order (`dedupe.match.order.Order`); a
    #: chunk is split beyond twice as many.
    order_chunk: int = knob(128, 1)

    def __post_init__(self) -> None:
        check(self)
