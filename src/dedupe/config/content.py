"""HTML content choice: scoring containers, chrome inside the content, captions and metadata."""

from __future__ import annotations

from dataclasses import dataclass

from .knobs import check


@dataclass(frozen=True, slots=True)
class Content:
    """HTML content choice: scoring containers, chrome inside the content, captions and metadata.

    Fields are made with `knob(default, low, high)` and a `#:` comment saying what each does.
    """

    def __post_init__(self) -> None:
        check(self)
