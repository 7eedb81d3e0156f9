"""Pydantic models of the output document: the JSON contract.

Field names here are an interface other tools rely on: add fields freely, rename none.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


def _nothing(value: object) -> bool:
    return not value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Span(_Model):
    """Where a piece of output came from in the decoded source."""

    start: int = Field(description="Character offset (Python string index) into the decoded source.")
    end: int = Field(description="End offset, exclusive.")
    line: int = Field(description="1-based line number of `start`.")
    doc: str | None = Field(default=None, exclude_if=_nothing, description="In a merged corpus cluster only: the "
                            "member document the offsets point into (its canonical Markdown); absent otherwise.")


class Variant(_Model):
    """Another spelling of a merged element, as seen in one of the copies."""

    text: str
    score: float = Field(description="Similarity (0-100) of this spelling's key to the canonical key.")
    provenance: list[Span]


class _BlockBase(_Model):
    id: str
    citations: list[str] = Field(default_factory=list, description="Ids of citations this block refers to.")
    provenance: list[Span]
    variants: list[Variant] = Field(default_factory=list)


class Paragraph(_BlockBase):
    type: Literal["paragraph"] = "paragraph"
    text: str


class Quote(_BlockBase):
    type: Literal["quote"] = "quote"
    text: str


class Caption(_BlockBase):
    """The caption or credit of a figure: text about an image, not body text."""

    type: Literal["caption"] = "caption"
    text: str


class Code(_BlockBase):
    type: Literal["code"] = "code"
    text: str
    lang: str | None = None


class ListItem(_Model):
    id: str
    text: str
    level: int = Field(default=1, description="Nesting depth: 1 for a top-level item, 2 inside it, ...")
    citations: list[str] = Field(default_factory=list)
    provenance: list[Span]
    variants: list[Variant] = Field(default_factory=list)


class ListBlock(_BlockBase):
    type: Literal["list"] = "list"
    ordered: bool
    items: list[ListItem]


class Table(_BlockBase):
    type: Literal["table"] = "table"
    header: list[str]
    rows: list[list[str]]


Block = Annotated[Paragraph | ListBlock | Table | Quote | Code | Caption, Field(discriminator="type")]


class Section(_Model):
    id: str
    heading: str | None = Field(description="Heading text; null for untitled lead text.")
    level: int
    blocks: list[Block] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    provenance: list[Span] = Field(default_factory=list, description="Where the heading was seen.")
    variants: list[Variant] = Field(default_factory=list)


class Citation(_Model):
    id: str
    title: str
    publisher: str | None = None
    url: str | None = None
    provenance: list[Span]


class Boilerplate(_Model):
    text: str
    kind: str = Field(description="Which chrome pattern set it aside, e.g. 'footer'; 'site' for a line a corpus "
                      "learned from its site's other documents.")
    provenance: list[Span]
    reason: str | None = Field(default=None, exclude_if=_nothing, description="Why a learned line is chrome "
                               "(kind 'site' only).")
    count: int | None = Field(default=None, exclude_if=_nothing, description="In how many of the site's documents "
                              "the learned line recurs (kind 'site' only).")


class MetadataProvenance(_Model):
    """Where a metadata value was read."""

    source: str = Field(description="The carrier: 'json-ld:datePublished', 'meta[property=article:published_time]', "
                        "'meta[name=author]', 'og:site_name', 'link[rel=canonical]', 'time[datetime]', "
                        "'[itemprop=author]', 'a[rel=author]', '.author', 'byline', 'dateline', "
                        "'front-matter:date', ...")
    spans: list[Span] = Field(default_factory=list, description="The source characters the value was read from "
                              "(an attribute value, a JSON string, an element's text, a front-matter value); "
                              "one per name when several authors are joined.")


class MetadataValue(_Model):
    value: str = Field(description="Dates as ISO 8601 when they parse unambiguously, else as written.")
    raw: str | None = Field(default=None, description="The value as the source wrote it, when `value` normalizes "
                            "it (a date made ISO 8601); null otherwise.")
    provenance: MetadataProvenance


class Metadata(_Model):
    """What the page or the front matter states about the post; null where it states nothing.

    From JSON-LD first, then `<meta>`/`<link rel=canonical>`, then elements of the page
    (`<time>`, `itemprop`, `rel=author`), then a byline or dateline in the text. Plain text
    has none.
    """

    published: MetadataValue | None = None
    modified: MetadataValue | None = None
    author: MetadataValue | None = Field(default=None, description="Several authors joined with ', '.")
    site_name: MetadataValue | None = None
    canonical_url: MetadataValue | None = Field(default=None, description="Absolute URLs only.")
    description: MetadataValue | None = None


class Source(_Model):
    path: str | None
    sha256: str
    format: str
    encoding: str
    size: int = Field(description="Size of the input in bytes.")
    # These three are written only when they say something, so an ordinary input's JSON
    # is what it was before they existed.
    notes: list[str] = Field(default_factory=list, exclude_if=_nothing,
                             description="What reading the input noticed: an encoding or declared charset that "
                             "could not be honoured, characters replaced (absent when nothing was).")
    replaced: int = Field(default=0, exclude_if=_nothing, description="Lone surrogates in the text replaced with "
                          "U+FFFD, one character for one, so offsets are unchanged (absent when 0).")


class Merge(_Model):
    """One merge decision: several source elements became one output element."""

    into: str = Field(description="Id of the output element, or 'title'.")
    kind: str = Field(description="The type of the merged source element: heading, paragraph, list_item, "
                      "table_row, quote, code, caption or teaser.")
    reason: str = Field(default="copy", description="Why it merged: 'copy' (the same element in another copy of "
                        "the report), 'repeat' (an exact repeat elsewhere in the post), 'teaser' (a truncated "
                        "line the next paragraph repeats), 'pullquote' (one sentence of a paragraph printed "
                        "again), 'title' (the title printed again).")
    score: float
    provenance: list[Span]


class CopyInfo(_Model):
    index: int
    start: int
    end: int
    line_start: int
    line_end: int


class UnresolvedCitation(_Model):
    text: str
    provenance: list[Span]


class ReferenceList(_Model):
    """A reference list found in the source; its entries became `citations`."""

    index: int
    heading: str | None
    entries: int
    provenance: list[Span] = Field(description="Where the list's heading was (empty when it had none).")


class Fallback(_Model):
    """The post needed more matching work than its budget allows: it was matched on exact keys only."""

    matching: Literal["exact"] = "exact"
    budget: str = Field(description="The budget that ran out: 'candidate pairs' (fuzzy comparisons) or 'runs'.")
    stage: str = Field(description="Where it ran out: 'index', 'run ends', 'runs' or 'alignment'.")
    limit: int = Field(description="That budget for this post (it grows with the post's sentence units).")


class CorpusMember(_Model):
    """One member of a merged corpus cluster, and how much of it the merged document holds."""

    id: str
    sentences: int = Field(description="The member's distinct sentence units.")
    coverage: float = Field(description="Fraction of them found in the merged document (1.0: nothing lost).")


class CorpusInfo(_Model):
    """Where a document stands in its corpus (`dedupe corpus`)."""

    id: str = Field(description="The document's id in the corpus: its path under the input, or the JSONL id.")
    site: str | None = Field(description="Its site: the input's subfolder or the URL's host (null: none).")
    cluster: str | None = Field(description="Its near-duplicate cluster (see corpus.json); null when alone.")
    duplicate_of: str | None = Field(description="The cluster's canonical member, when this is another member.")
    similarity: float | None = Field(description="Similarity (0-1) to the canonical member; 1.0 for the canonical "
                                     "member itself, null when alone.")
    members: list[CorpusMember] = Field(default_factory=list, exclude_if=_nothing,
                                        description="A merged cluster's members and their coverage.")


class Report(_Model):
    copies_detected: int
    copies: list[CopyInfo] = Field(default_factory=list)
    blocks_in: int = Field(description="Content elements read from the source (headings, paragraphs, items, rows).")
    blocks_out: int = Field(description="Content elements in the output.")
    merges: list[Merge] = Field(default_factory=list)
    unresolved_citations: list[UnresolvedCitation] = Field(default_factory=list)
    reference_lists: list[ReferenceList] = Field(default_factory=list)
    coverage: float = Field(
        default=1.0,
        description="Fraction of the source's non-whitespace characters accounted for (content, "
        "duplicates, citations, title, boilerplate, markup). 1.0 means nothing was lost.",
    )
    accounting: dict[str, int] = Field(
        default_factory=dict, description="Non-whitespace characters per category, 'unaccounted' included."
    )
    config: dict[str, float | int | str | bool] = Field(default_factory=dict)
    empty: bool = Field(default=False, exclude_if=_nothing, description="The source holds no text at all (no "
                        "bytes, or only whitespace); absent when it does.")
    fallback: Fallback | None = Field(
        default=None, exclude_if=_nothing, description="Present only when the post went over its matching budget "
        "(see the README, 'Bounded work'): fuzzy matching was off, exact repeats still merged.")
    corpus: CorpusInfo | None = Field(default=None, exclude_if=_nothing, description="Written by `dedupe corpus` "
                                      "only: the document's cluster, canonical member and similarity.")


class Document(_Model):
    schema_version: str = SCHEMA_VERSION
    source: Source
    title: str | None
    title_provenance: list[Span] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    language: str | None = Field(description="A coarse tag from the script mix of the title and content: 'ja', "
                                 "'zh', 'ko', 'en', or null (a text over 64,000 characters is judged by eight "
                                 "evenly spread slices).")
    metadata: Metadata = Field(default_factory=Metadata)
    sections: list[Section]
    citations: list[Citation] = Field(default_factory=list)
    boilerplate: list[Boilerplate] = Field(default_factory=list)
    report: Report

    def to_json(self, *, indent: int | None = 2) -> str:
        """Serialize deterministically: fields in model order, non-ASCII kept readable, one final newline."""
        return self.to_json_bytes(indent=indent).decode("utf-8")

    def to_json_bytes(self, *, indent: int | None = 2) -> bytes:
        """`to_json` as UTF-8 bytes, straight from the serializer (what a file gets)."""
        return self.__pydantic_serializer__.to_json(self, indent=indent) + b"\n"
