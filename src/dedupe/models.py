"""Pydantic models of the output document: the JSON contract.

Field names here are an interface other tools rely on: add fields freely, rename none.

Glossary, in pipeline order (one name per concept):

- post: one input file; source: its decoded text, which every `Span` points into.
- block (`ingest.blocks.RawBlock`): one source element; kind: its `Kind` member (the JSON's
  `type` is the output form: 'list', 'table', ...).
- chrome: the site's lines (menus, footers), set aside as `Boilerplate`.
- unit (`match.Unit`): a sentence, heading or table row with its key (`text.comparison_key`)
  and match class (heading, text, row, code, caption: units match only their own class).
- match (`match.Match`): two units that are the same text, with a score (similarity 0-100).
- run (`match.Run`): matches along one diagonal; copy: one pasted repetition of the post.
- group (`match.Group`): the units of the copies aligned as one text, in merged order.
- merged element (`merge.MergedElement`): the blocks sharing a group, with its canonical text;
  spelling (`merge.Spelling`): another copy's text of it, a variant (`Variant`) in the output.
- repeat (`merge.Repeat`): what the repeat pass merged; merge (`Merge`): one decision reported.
- section (`Section`) and block (`Block`): the output tree; element (`Element`): one flat row of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


def _nothing(value: object) -> bool:
    return not value


def _open_to_additions(schema: dict[str, Any]) -> None:
    """The contract says fields may be added, none renamed: the schema lets a document carry
    properties it does not name, while the models themselves still refuse a misspelt field."""
    schema.pop("additionalProperties", None)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_open_to_additions)


class Span(_Model):
    """Where a piece of output came from in the decoded source."""

    start: int = Field(description="Character offset (Python string index) into the decoded source.")
    end: int = Field(description="End offset, exclusive.")
    line: int = Field(description="1-based line number of `start`.")
    doc: str | None = Field(default=None, exclude_if=_nothing, description="In a merged corpus cluster only: the "
                            "member document the offsets point into (its canonical Markdown); absent otherwise.")


class Variant(_Model):
    """Another spelling of a merged element, as seen in one of the copies."""

    text: str = Field(description="The text as this copy spells it.")
    score: float = Field(description="Similarity (0-100) of this spelling's key to the canonical key.")
    provenance: list[Span] = Field(description="Where this spelling is in the source.")


# Every block's JSON opens with its `type` and its content (`text`, `items`, `header` and
# `rows`), then the id and the bulky arrays: a reader of the file sees what a block says first.

_ID = "Id of the block, numbered in document order ('b1', 'b2', ...)."
_CITATIONS = "Ids of the citations (top-level `citations`) this block refers to."
_PROVENANCE = "Where the canonical text came from (first span), then the copies merged into it."
_VARIANTS = "Other spellings of this block in the copies merged into it."


class Paragraph(_Model):
    type: Literal["paragraph"] = Field(default="paragraph", description="The block kind: 'paragraph'.")
    text: str = Field(description="The canonical text of the paragraph.")
    id: str = Field(description=_ID)
    citations: list[str] = Field(default_factory=list, description=_CITATIONS)
    provenance: list[Span] = Field(description=_PROVENANCE)
    variants: list[Variant] = Field(default_factory=list, description=_VARIANTS)


class Quote(_Model):
    type: Literal["quote"] = Field(default="quote", description="The block kind: 'quote' (a block quotation).")
    text: str = Field(description="The canonical text of the quotation, its lines joined with '\\n'.")
    id: str = Field(description=_ID)
    citations: list[str] = Field(default_factory=list, description=_CITATIONS)
    provenance: list[Span] = Field(description=_PROVENANCE)
    variants: list[Variant] = Field(default_factory=list, description=_VARIANTS)


class Caption(_Model):
    """The caption or credit of a figure: text about an image, not body text."""

    type: Literal["caption"] = Field(default="caption", description="The block kind: 'caption' (a figure's "
                                     "caption or credit).")
    text: str = Field(description="The canonical text of the caption.")
    id: str = Field(description=_ID)
    citations: list[str] = Field(default_factory=list, description=_CITATIONS)
    provenance: list[Span] = Field(description=_PROVENANCE)
    variants: list[Variant] = Field(default_factory=list, description=_VARIANTS)


class Code(_Model):
    type: Literal["code"] = Field(default="code", description="The block kind: 'code' (preformatted text).")
    text: str = Field(description="The code as written, line breaks kept.")
    lang: str | None = Field(default=None, description="The language the source names ('python' from a "
                             "fence or a `language-python` class), or null.")
    id: str = Field(description=_ID)
    citations: list[str] = Field(default_factory=list, description=_CITATIONS)
    provenance: list[Span] = Field(description=_PROVENANCE)
    variants: list[Variant] = Field(default_factory=list, description=_VARIANTS)


class ListItem(_Model):
    text: str = Field(description="The canonical text of the item.")
    id: str = Field(description="Id of the item: its list's id, a dot and its 1-based position ('b3.2').")
    level: int = Field(default=1, description="Nesting depth: 1 for a top-level item, 2 inside it, ...")
    citations: list[str] = Field(default_factory=list, description="Ids of the citations this item refers to.")
    provenance: list[Span] = Field(description=_PROVENANCE)
    variants: list[Variant] = Field(default_factory=list, description="Other spellings of this item in the "
                                    "copies merged into it.")


class ListBlock(_Model):
    type: Literal["list"] = Field(default="list", description="The block kind: 'list'.")
    ordered: bool = Field(description="A numbered list (true) or a bulleted one (false).")
    items: list[ListItem] = Field(description="The items in order; nested items carry their `level`.")
    id: str = Field(description=_ID)
    citations: list[str] = Field(default_factory=list, description="Ids of the citations any item refers to, "
                                 "in order of first mention.")
    provenance: list[Span] = Field(description="One span per source list it was made of, first to last item.")
    variants: list[Variant] = Field(default_factory=list, description="Unused for lists (each item has its own).")


class Table(_Model):
    type: Literal["table"] = Field(default="table", description="The block kind: 'table'.")
    header: list[str] = Field(description="The header row's cells; empty when the table has none.")
    rows: list[list[str]] = Field(description="The body rows, each a list of cell texts.")
    id: str = Field(description=_ID)
    citations: list[str] = Field(default_factory=list, description=_CITATIONS)
    provenance: list[Span] = Field(description="One span per source table it was made of.")
    variants: list[Variant] = Field(default_factory=list, description="Other spellings of the rows in the "
                                    "copies merged into it.")


Block = Annotated[Paragraph | ListBlock | Table | Quote | Code | Caption, Field(discriminator="type")]


class Section(_Model):
    id: str = Field(description="Id of the section, numbered in document order ('s1', 's2', ...).")
    heading: str | None = Field(description="Heading text; null for untitled lead text.")
    level: int = Field(description="Heading level, 1-6 (`#` = 1); lead text before any heading is level 1.")
    blocks: list[Block] = Field(default_factory=list, description="The section's blocks in reading order, "
                                "before its subsections.")
    sections: list[Section] = Field(default_factory=list, description="Subsections (headings of a deeper level).")
    provenance: list[Span] = Field(default_factory=list, description="Where the heading was seen.")
    variants: list[Variant] = Field(default_factory=list, description="Other spellings of the heading in the "
                                    "copies merged into it.")


class Citation(_Model):
    id: str = Field(description="Id of the citation ('c1', 'c2', ...), as blocks' `citations` name it.")
    title: str = Field(description="The title of the cited work.")
    publisher: str | None = Field(default=None, description="Who published it ('WIRED', 'Reuters'), or null.")
    url: str | None = Field(default=None, description="Its address, or null when the entry gave none.")
    provenance: list[Span] = Field(description="Where the entry is in the source, one span per reference list "
                                   "that listed it.")


class Boilerplate(_Model):
    """Site chrome set aside: navigation, footers, share bars, comment forms, bylines."""

    text: str = Field(description="The text set aside, as it reads.")
    kind: str = Field(description="Which chrome pattern set it aside, e.g. 'footer'; 'site' for a line a corpus "
                      "learned from its site's other documents.")
    provenance: list[Span] = Field(description="Where it is in the source.")
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
    provenance: MetadataProvenance = Field(description="Which carrier stated it, and where.")


class Metadata(_Model):
    """What the page or the front matter states about the post; null where it states nothing.

    From JSON-LD first, then `<meta>`/`<link rel=canonical>`, then elements of the page
    (`<time>`, `itemprop`, `rel=author`), then a byline or dateline in the text. Plain text
    has none.
    """

    published: MetadataValue | None = Field(default=None, description="When the post was first published.")
    modified: MetadataValue | None = Field(default=None, description="When the post was last updated.")
    author: MetadataValue | None = Field(default=None, description="Several authors joined with ', '.")
    site_name: MetadataValue | None = Field(default=None, description="The name of the site or blog.")
    canonical_url: MetadataValue | None = Field(default=None, description="Absolute URLs only.")
    description: MetadataValue | None = Field(default=None, description="The summary the page gives of itself.")


class Source(_Model):
    """The input the document was made from."""

    path: str | None = Field(description="The path as given (undecodable bytes as \\xNN); null for stdin.")
    sha256: str = Field(description="SHA-256 of the input's bytes, in hex.")
    format: str = Field(description="How it was read: 'text', 'markdown' or 'html'.")
    encoding: str = Field(description="The encoding it was decoded with ('utf-8', 'shift_jis', ...).")
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
    score: float = Field(description="The lowest similarity (0-100) among the merged elements.")
    provenance: list[Span] = Field(description="The spans of the elements merged away.")


class CopyInfo(_Model):
    """One copy of the report in a post that holds it several times."""

    index: int = Field(description="1-based number of the copy, in source order.")
    start: int = Field(description="Character offset where the copy starts.")
    end: int = Field(description="Character offset where it ends, exclusive.")
    line_start: int = Field(description="1-based line the copy starts on.")
    line_end: int = Field(description="1-based line it ends on.")


class UnresolvedCitation(_Model):
    """An inline reference that names no entry of any reference list (no citation is invented for it)."""

    text: str = Field(description="The reference as written ('[7]', '(Smith 2020)').")
    provenance: list[Span] = Field(description="Where it occurs.")


class ReferenceList(_Model):
    """A reference list found in the source; its entries became `citations`."""

    index: int = Field(description="1-based number of the list, in source order.")
    heading: str | None = Field(description="The list's heading ('References', '参考文献'), or null.")
    entries: int = Field(description="How many entries it has.")
    provenance: list[Span] = Field(description="Where the list's heading was (empty when it had none).")


class Fallback(_Model):
    """The post needed more matching work than its budget allows: it was matched on exact keys only."""

    matching: Literal["exact"] = Field(default="exact", description="How the post was matched instead: 'exact' "
                                       "(equal comparison keys only).")
    budget: str = Field(description="The budget that ran out: 'candidate pairs' (fuzzy comparisons) or 'runs'.")
    stage: str = Field(description="Where it ran out: 'index', 'run ends', 'runs' or 'alignment'.")
    limit: int = Field(description="That budget for this post (it grows with the post's sentence units).")


class CorpusMember(_Model):
    """One member of a merged corpus cluster, and how much of it the merged document holds."""

    id: str = Field(description="The member's id in the corpus (as spans' `doc` name it).")
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
    """What was done to the source: copies, merges, citations, and the accounting of every character."""

    copies_detected: int = Field(description="How many copies of the report the post holds (1: no repeat).")
    copies: list[CopyInfo] = Field(default_factory=list, description="Where each copy is.")
    blocks_in: int = Field(description="Content elements read from the source (headings, paragraphs, items, rows).")
    blocks_out: int = Field(description="Content elements in the output.")
    merges: list[Merge] = Field(default_factory=list, description="Every merge decision, in output order.")
    unresolved_citations: list[UnresolvedCitation] = Field(default_factory=list, description="Inline "
                                                           "references that match no reference-list entry.")
    reference_lists: list[ReferenceList] = Field(default_factory=list, description="The reference lists found "
                                                 "(their entries became `citations`).")
    coverage: float = Field(
        default=1.0,
        description="Fraction of the source's non-whitespace characters accounted for (content, "
        "duplicates, citations, title, boilerplate, markup). 1.0 means nothing was lost.",
    )
    accounting: dict[str, int] = Field(
        default_factory=dict, description="Non-whitespace characters per category, 'unaccounted' included."
    )
    config: dict[str, float | int | str | bool] = Field(default_factory=dict, description="The configuration "
                                                        "used (`dedupe.Config`'s fields).")
    empty: bool = Field(default=False, exclude_if=_nothing, description="The source holds no text at all (no "
                        "bytes, or only whitespace); absent when it does.")
    fallback: Fallback | None = Field(
        default=None, exclude_if=_nothing, description="Present only when the post went over its matching budget "
        "(see the README, 'Bounded work'): fuzzy matching was off, exact repeats still merged.")
    corpus: CorpusInfo | None = Field(default=None, exclude_if=_nothing, description="Written by `dedupe corpus` "
                                      "only: the document's cluster, canonical member and similarity.")


ElementType = Literal["heading", "paragraph", "list_item", "list", "table", "quote", "code", "caption"]


class Element(_Model):
    """One flat record of a document's content: a heading, a block or a list item.

    `Document.elements()` gives them in reading order, for the tools that want rows (data
    frames, datasets, vector stores): each carries where it sits (its section's path and
    headings) and where it came from, and the document it belongs to.
    """

    type: ElementType = Field(
        description="'heading' (a section's heading), 'list_item' (one item of a list), or the block's type; "
        "'list' only for a list without items.")
    text: str = Field(description="The canonical text: the heading, the block's or the item's text; a table's "
                      "rows one per line, cells joined with ' | ', the header first.")
    id: str = Field(description="Id of the section (a heading), the block or the item in the document's JSON.")
    block_id: str | None = Field(description="The block it belongs to: its list's id for a list item, its own "
                                 "id for a block, null for a heading.")
    doc_id: str = Field(description="The document it comes from (`Document.doc_id`: the source path, or "
                        "'sha256:' and the hash for stdin).")
    source: str | None = Field(description="The document's `source.path` (null for stdin).")
    index: int = Field(description="0-based position in the document's reading order.")
    section_id: str = Field(description="Id of the innermost section it is in (a heading: the section it heads).")
    section_path: list[str] = Field(description="Ids of the sections it is in, outermost first.")
    heading_path: list[str] = Field(description="Headings of those sections, outermost first (untitled lead "
                                    "text has none).")
    depth: int = Field(description="How deep its section is nested: 1 for a top-level section.")
    level: int | None = Field(description="A heading's level (1-6), a list item's nesting level (1 at the top); "
                              "null for other blocks.")
    citations: list[str] = Field(description="Ids of the citations it refers to.")
    provenance: list[Span] = Field(description="Where it came from in the source; the first span is the "
                                   "canonical text's.")


class Document(_Model):
    """One normalized post: the canonical structure, what was set aside, and how it was made."""

    schema_version: str = Field(default=SCHEMA_VERSION, description="Version of this contract ('1.0'); fields "
                                "may be added within a version, none renamed.")
    source: Source = Field(description="The input: its path, hash, format, encoding and size.")
    title: str | None = Field(description="The post's title, or null when none was found.")
    title_provenance: list[Span] = Field(default_factory=list, description="Where the title was seen.")
    tags: list[str] = Field(default_factory=list, description="Tags the post gives itself (hashtags on the "
                            "title line, front matter, tag links), without '#'.")
    language: str | None = Field(description="A coarse tag from the script mix of the title and content: 'ja', "
                                 "'zh', 'ko', 'en', or null (a text over 64,000 characters is judged by eight "
                                 "evenly spread slices).")
    metadata: Metadata = Field(default_factory=Metadata, description="What the page states about the post "
                               "(dates, author, site, canonical URL, description), each with its carrier.")
    sections: list[Section] = Field(description="The content: a tree of sections in reading order.")
    citations: list[Citation] = Field(default_factory=list, description="One list of the works cited, the "
                                      "copies' reference lists merged.")
    boilerplate: list[Boilerplate] = Field(default_factory=list, description="Site chrome set aside, in source "
                                           "order: never silently dropped.")
    report: Report = Field(description="How the document was made: copies, merges, accounting, configuration.")

    def to_json(self, *, indent: int | None = 2) -> str:
        """Serialize deterministically: fields in model order, non-ASCII kept readable, one final newline."""
        return self.to_json_bytes(indent=indent).decode("utf-8")

    def to_json_bytes(self, *, indent: int | None = 2) -> bytes:
        """`to_json` as UTF-8 bytes, straight from the serializer (what a file gets)."""
        return self.__pydantic_serializer__.to_json(self, indent=indent) + b"\n"

    @property
    def doc_id(self) -> str:
        """The document's id in a corpus: its source path, or ``sha256:<hash>`` when it has none (stdin)."""
        return self.source.path if self.source.path is not None else f"sha256:{self.source.sha256}"

    def elements(self) -> Iterator[Element]:
        """One flat `Element` per heading, block and list item, in reading order (a list is its items)."""
        return _elements(self)

    def text(self) -> str:
        """The content as plain text: every element's text, in reading order, separated by a blank line."""
        return "\n\n".join(e.text for e in self.elements())

    def to_record(self) -> dict[str, str | int | float | bool | list[str] | None]:
        """One flat row for the whole document: its text and scalar metadata.

        Every value is a string, a number, a bool, null or a list of strings, so that rows of
        many documents fit one Arrow (or SQL, or data frame) schema: the keys are always the
        same, in the same order.
        """
        meta = self.metadata
        report = self.report
        blocks = [b for s in _walk_sections(self.sections) for b in s.blocks]
        return {
            "id": self.doc_id,
            "source": self.source.path,
            "sha256": self.source.sha256,
            "format": self.source.format,
            "encoding": self.source.encoding,
            "size": self.source.size,
            "title": self.title,
            "language": self.language,
            "tags": list(self.tags),
            "published": meta.published.value if meta.published else None,
            "modified": meta.modified.value if meta.modified else None,
            "author": meta.author.value if meta.author else None,
            "site_name": meta.site_name.value if meta.site_name else None,
            "canonical_url": meta.canonical_url.value if meta.canonical_url else None,
            "description": meta.description.value if meta.description else None,
            "text": self.text(),
            "headings": [s.heading for s in _walk_sections(self.sections) if s.heading is not None],
            "sections": sum(1 for _ in _walk_sections(self.sections)),
            "blocks": len(blocks),
            "citations": len(self.citations),
            "citation_urls": [c.url for c in self.citations if c.url],
            "boilerplate": len(self.boilerplate),
            "copies_detected": report.copies_detected,
            "blocks_in": report.blocks_in,
            "blocks_out": report.blocks_out,
            "merges": len(report.merges),
            "coverage": report.coverage,
            "empty": report.empty,
            "schema_version": self.schema_version,
        }


def _walk_sections(sections: list[Section]) -> Iterator[Section]:
    """Every section, nested ones too, in reading order (a section before its subsections)."""
    for section in sections:
        yield section
        yield from _walk_sections(section.sections)


def _table_text(table: Table) -> str:
    rows = [table.header, *table.rows] if table.header else table.rows
    return "\n".join(" | ".join(cells) for cells in rows)


def _elements(doc: Document) -> Iterator[Element]:
    doc_id, source = doc.doc_id, doc.source.path
    index = 0
    # An explicit stack instead of recursion: sections nest as deep as the headings do, and
    # the walk must not depend on the recursion limit.
    stack: list[tuple[Section, tuple[Section, ...]]] = [(s, ()) for s in reversed(doc.sections)]
    while stack:
        section, parents = stack.pop()
        path = (*parents, section)
        section_path = [s.id for s in path]
        heading_path = [s.heading for s in path if s.heading is not None]
        # (type, text, id, block_id, level, citations, provenance) of each element of the section
        rows: list[tuple[ElementType, str, str, str | None, int | None, list[str], list[Span]]] = []
        if section.heading is not None:
            rows.append(("heading", section.heading, section.id, None, section.level, [], section.provenance))
        for block in section.blocks:
            if block.type == "list" and block.items:
                rows.extend(("list_item", item.text, item.id, block.id, item.level, item.citations, item.provenance)
                            for item in block.items)
                continue
            text = _table_text(block) if block.type == "table" else "" if block.type == "list" else block.text
            rows.append((block.type, text, block.id, block.id, None, block.citations, block.provenance))
        for kind, text, eid, block_id, level, citations, provenance in rows:
            yield Element(type=kind, text=text, id=eid, block_id=block_id, doc_id=doc_id, source=source,
                          index=index, section_id=section.id, section_path=section_path,
                          heading_path=heading_path, depth=len(path), level=level, citations=citations,
                          provenance=provenance)
            index += 1
        stack.extend((sub, path) for sub in reversed(section.sections))
