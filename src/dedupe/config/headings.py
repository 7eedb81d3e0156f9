"""Heading decisions of the text and Markdown ingesters: which bare lines are headings."""

from __future__ import annotations

from dataclasses import dataclass

from .knobs import check, knob


@dataclass(frozen=True, slots=True)
class Headings:
    """Heading decisions of the text and Markdown ingesters: which bare lines are headings.

    Fields are made with `knob(default, low, high)` and a `#:` comment saying what each does.
    (`Config.heading_max_chars` bounds every bare heading and title line.)
    """

    #: A line is read as Latin script when more than this share of its characters are ASCII letters.
    latin_share: float = knob(0.5, 0, 1)
    #: A bare Latin line is a heading only up to this many words ...
    latin_max_words: int = knob(12, 1)
    #: ... and with at most this many ", " in it (more is a list of things, a sentence).
    latin_max_commas: int = knob(1, 0)
    #: A bare line in another script (CJK, Hangul ...) is a heading only up to this many characters.
    other_max_chars: int = knob(40, 1)
    #: A short line ending in `?` or `!` is a headline (a heading) only when the post holds it
    #: at least this many times as a line of its own (the same place in each pasted copy).
    headline_min_repeats: int = knob(2, 1)
    #: A line that ends in an ellipsis is a teaser of the next paragraph from this many key
    #: characters up (without one, from `Config.teaser_min_chars`).
    teaser_ellipsis_min_chars: int = knob(8, 1)
    #: A line of hashtags (`#AI #China`) holds at least this many tags ...
    tag_line_min_tags: int = knob(2, 1)
    #: ... each of at most this many characters (a longer `#...` is text, not a tag).
    tag_max_chars: int = knob(20, 1)

    def __post_init__(self) -> None:
        check(self)
