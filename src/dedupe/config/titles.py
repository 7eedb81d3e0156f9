"""The document title: which line or heading is the post's title."""

from __future__ import annotations

from dataclasses import dataclass

from .knobs import check, knob


@dataclass(frozen=True, slots=True)
class Titles:
    """The document title: which line or heading is the post's title.

    Fields are made with `knob(default, low, high)` and a `#:` comment saying what each does.
    """

    #: A first line with more commas than this (", ", "、", "，" counted together) is a
    #: sentence, not a title.
    max_commas: int = knob(2, 0)
    #: A paragraph is read as a byline or dateline under the title (`By NAME`, `Posted: DATE`)
    #: only up to this many characters.
    byline_max_chars: int = knob(160, 1)
    #: YAML front matter (the title and tags of a Markdown post) must close within this many lines.
    front_matter_max_lines: int = knob(200, 2)

    def __post_init__(self) -> None:
        check(self)
