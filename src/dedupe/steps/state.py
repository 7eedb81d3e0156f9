"""The record that flows through the steps: one frozen `State` per source.

Each step reads the fields the steps before it filled and returns a new `State` with its
own fields filled (`dataclasses.replace`); nothing is changed in place.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from ..citations import CitationResult
from ..config import Config
from ..ingest.blocks import Ingested, RawBlock
from ..ingest.decode import Decoded
from ..ingest.metadata import Candidate
from ..match import Group, Match, OverBudget, Run, Unit
from ..merge import MergedElement, Repeat
from ..models import Document

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class State:
    """Everything known about one source, from its bytes to its `Document`.

    The first group of fields is the input (what `normalize_text`, `normalize_bytes` and
    `normalize_file` are given); each later field is filled by the step named beside it.
    """

    # -- the input
    data: bytes = b""  # the bytes as read (`decode` sets them for a text handed in as a str)
    given_text: str | None = None  # a text already decoded (`normalize_text`); None: decode `data`
    path: str | None = None  # the path recorded in the output
    config: Config = field(default_factory=Config)
    encoding: str | None = None  # the encoding asked for (None: detect it)
    fmt: str | None = None  # the format asked for; after `decode`, the format the source is read as
    site_chrome: Container[str] | None = None  # comparison keys of a site's chrome lines (`dedupe.corpus`)

    # -- filled by the steps
    decoded: Decoded | None = None  # decode: the text, its encoding and notes
    ingested: Ingested | None = None  # ingest (and content): blocks, chrome, title, tags, markup
    metadata: tuple[Candidate, ...] = ()  # metadata: at most one value per field
    blocks: tuple[RawBlock, ...] = ()  # ingest, content, references; copies splits a block where a copy starts
    units: tuple[Unit, ...] = ()  # units: sentence units of the blocks (copies renumbers them with the blocks)
    matches: tuple[Match, ...] = ()  # match: pairs of units that are the same text
    runs: tuple[Run, ...] = ()  # match: the matches chained into diagonal runs
    copies: tuple[tuple[int, int], ...] = ()  # copies: [first unit, end) of each pasted copy
    groups: tuple[Group, ...] = ()  # align: units that are the same text in different copies
    elements: tuple[MergedElement, ...] = ()  # merge (and repeats): the output elements in merged order
    teasers: Mapping[int, int] = field(default_factory=dict)  # merge: teaser block -> element it repeats
    title_repeats: tuple[Repeat, ...] = ()  # repeats: elements merged into the title
    #: The matching budget the post went over (`match.OverBudget`): from `match` on it was
    #: matched on exact keys only. None: matched as usual.
    fallback: OverBudget | None = None
    citations: CitationResult | None = None  # citations: the citations and the inline resolver
    document: Document | None = None  # assemble: the output

    @property
    def text(self) -> str:
        """The decoded text every offset counts in (after `decode`)."""
        return need(self.decoded, "decode").text

    @property
    def exact(self) -> bool:
        """Whether matching is on exact keys only (the fuzzy budget ran out)."""
        return self.fallback is not None


def need(value: T | None, step: str) -> T:
    """`value`, which the step `step` fills; a clear error when that step did not run."""
    if value is None:
        raise ValueError(f"the {step!r} step must run before this one (is it missing from the step list?)")
    return value


__all__ = ["State", "need"]
