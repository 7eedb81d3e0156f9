"""The stages chained: bytes -> text -> blocks -> units -> copies -> aligned groups -> Document."""

from __future__ import annotations

import bisect
import functools
import gc
import hashlib
import itertools
import os
import re
import stat
from collections.abc import Callable, Container, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import TypeAdapter

from .accounting import account
from .citations import CitationResult, RawEntry, build_citations
from .config import Config
from .errors import InputError
from .ingest import ingest
from .ingest.blocks import ChromeLine, Ingested, Kind, RawBlock
from .ingest.decode import Decoded, decode_source, replace_surrogates
from .ingest.detect import check_format, detect_format, format_from_path, sniff_format
from .ingest.references import mark_reference_lists
from .match import (
    Group,
    Match,
    OverBudget,
    Unit,
    align_copies,
    copy_breaks,
    exact_matches,
    find_copies,
    find_matches,
    find_runs,
    make_units,
    similarity,
)
from .merge import Element, Repeat, merge_copies
from .models import (
    Block,
    Boilerplate,
    Caption,
    CopyInfo,
    Document,
    Fallback,
    ListBlock,
    ListItem,
    Merge,
    Metadata,
    MetadataProvenance,
    MetadataValue,
    Paragraph,
    Quote,
    ReferenceList,
    Report,
    Section,
    Source,
    Span,
    Table,
    UnresolvedCitation,
    Variant,
)
from .models import Code as CodeBlock
from .paths import shown
from .repeats import merge_repeats
from .text import comparison_key, guess_language, normalize_whitespace


def normalize_text(text: str, *, source: str | None = None, config: Config | None = None,
                   fmt: str | None = None, site_chrome: Container[str] | None = None) -> Document:
    """Normalize one decoded post into a Document. `source` is the path recorded in the output.

    `fmt` is ``text``, ``markdown`` or ``html``; by default the extension of `source` decides,
    and without one the content is sniffed (plain text unless it is clearly HTML or Markdown).
    A leading BOM is not part of the text: offsets count from the character after it. Lone
    surrogates (no text holds them) become U+FFFD, counted in `source.replaced`.
    `site_chrome` holds comparison keys of lines a corpus learned as its site's chrome
    (`dedupe.corpus`): blocks with those keys go to `boilerplate` with kind ``site``.
    """
    data = text.encode("utf-8", errors="surrogatepass")
    text, replaced = replace_surrogates(text.removeprefix("\ufeff"))
    notes = (f"{replaced} lone surrogate{'s' if replaced != 1 else ''} replaced with U+FFFD",) if replaced else ()
    fmt = check_format(detect_format(source, text, fmt))
    decoded = Decoded(text, "utf-8", notes, replaced)
    return _normalize(decoded, data, path=source, config=config or Config(), fmt=fmt, site_chrome=site_chrome)


def normalize_file(path: str | Path, *, config: Config | None = None, encoding: str | None = None,
                   fmt: str | None = None) -> Document:
    """Read, decode and normalize one file. Raises `InputError` / `DecodeError` on bad input.

    The extension decides the format (`.txt`, `.md`, `.html`) unless `fmt` is given.
    """
    config = config or Config()
    data = read_source(path, config.max_input_bytes)
    return normalize_bytes(data, path=str(path), config=config, encoding=encoding, fmt=fmt)


#: An input that names a web address: dedupe reads files, and says how to fetch one.
URL_RE = re.compile(r"(?i)(https?|ftp)://")


def read_source(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or an `InputError` that says why not.

    Never blocks on a FIFO and never follows a broken symlink into a traceback.
    """
    p = Path(path)
    name = shown(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        if URL_RE.match(os.fspath(path)):
            raise InputError(f"{name}: a URL, not a file; dedupe reads saved pages: fetch it and pipe it in "
                             f"(curl -s URL | dedupe normalize - --format html)") from None
        why = "broken symbolic link" if p.is_symlink() else "no such file"
        raise InputError(f"{name}: {why}") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{name}: is a directory, expected a file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{name}: not a regular file (a FIFO, socket or device); save it to a file first")
    if st.st_size > limit:
        raise InputError(f"{name}: {st.st_size} bytes is over the {limit}-byte limit (raise it with --max-bytes)")
    try:
        with p.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise InputError(f"{name}: over the {limit}-byte limit (raise it with --max-bytes)")
    return data


def normalize_bytes(
    data: bytes, *, path: str | None = None, config: Config | None = None, encoding: str | None = None,
    fmt: str | None = None, site_chrome: Container[str] | None = None,
) -> Document:
    """Decode and normalize raw bytes (what a crawler saved).

    The encoding is detected unless `encoding` is given (an HTML page's `<meta charset>` is
    honoured); the format comes from `fmt`, the extension of `path`, or the content.
    """
    config = config or Config()
    if len(data) > config.max_input_bytes:
        where = f"{shown(path)}: " if path else ""
        raise InputError(f"{where}{len(data)} bytes is over the {config.max_input_bytes}-byte limit "
                         "(raise it with --max-bytes)")
    known = check_format(fmt) if fmt else format_from_path(path)
    try:
        decoded = decode_source(data, encoding=encoding, html=known in (None, "html"))
    except InputError as exc:
        raise type(exc)(f"{shown(path)}: {exc}" if path else str(exc)) from None
    fmt = known or sniff_format(decoded.text)
    return _normalize(decoded, data, path=path, config=config, fmt=fmt, site_chrome=site_chrome)


@dataclass(frozen=True, slots=True)
class _Analysis:
    """Everything found in one source before it is written out as a Document."""

    ingested: Ingested
    blocks: tuple[RawBlock, ...]
    units: tuple[Unit, ...]
    copies: tuple[tuple[int, int], ...]
    elements: tuple[Element, ...]
    teasers: dict[int, int]  # teaser block index -> index of the element it repeats
    title_repeats: tuple[Repeat, ...] = ()  # elements the repeat pass merged into the title
    fallback: OverBudget | None = None  # the budget the post went over: matched on exact keys only


def analyze(text: str, config: Config, fmt: str = "text", *,
            matcher: Callable[[Sequence[Unit], Config], list[Match]] = find_matches,
            site_chrome: Container[str] | None = None) -> _Analysis:
    """Run the stages up to the merged elements (no output models yet).

    `matcher` finds the matching unit pairs; tests swap in `exhaustive_matches`. A post
    that needs more matching work than its budget (`match.Budget`) is matched again on
    exact keys only, and `fallback` says which budget ran out. Blocks whose comparison key
    is in `site_chrome` are set aside as chrome of kind ``site`` before anything is matched.
    """
    ingested = ingest(text, fmt, config)
    if site_chrome is not None:
        ingested = set_aside_site_chrome(ingested, site_chrome)
    blocks = mark_reference_lists(ingested.blocks)
    units = make_units(blocks)
    fallback = None
    try:
        blocks, units, copies, groups = _find_copies(blocks, units, text, config, matcher)
    except OverBudget as over:
        fallback = over
        blocks, units, copies, groups = _find_copies(blocks, units, text, config, exact_matches, exact=True)
    elements = merge_copies(blocks, units, groups, config)
    teasers = _attach_teasers(blocks, elements)
    title_repeats: tuple[Repeat, ...] = ()
    if config.merge_repeats:
        kept, teasers, title_repeats = merge_repeats(elements, blocks, units, ingested.title, teasers, config)
        elements = list(kept)
    return _Analysis(ingested, tuple(blocks), tuple(units), tuple(copies), tuple(elements), teasers, title_repeats,
                     fallback)


#: The kinds of block a corpus can learn as site chrome: lines of text, not table rows,
#: code or reference entries.
SITE_CHROME_KINDS = frozenset((Kind.HEADING, Kind.PARAGRAPH, Kind.LIST_ITEM, Kind.QUOTE, Kind.CAPTION, Kind.TEASER))


def set_aside_site_chrome(ingested: Ingested, site_chrome: Container[str]) -> Ingested:
    """`ingested` with the blocks whose comparison key is in `site_chrome` moved to its chrome
    (kind ``site``), the chrome kept in source order."""
    keep: list[RawBlock] = []
    chrome = list(ingested.chrome)
    for b in ingested.blocks:
        if b.kind in SITE_CHROME_KINDS and comparison_key(b.text) in site_chrome:
            chrome.append(ChromeLine(normalize_whitespace(b.text), "site", b.start, b.end, b.line))
        else:
            keep.append(b)
    if len(keep) == len(ingested.blocks):
        return ingested
    chrome.sort(key=lambda c: (c.start, c.end))
    return replace(ingested, blocks=tuple(keep), chrome=tuple(chrome))


def _find_copies(
    blocks: Sequence[RawBlock], units: Sequence[Unit], text: str, config: Config,
    matcher: Callable[[Sequence[Unit], Config], list[Match]], *, exact: bool = False,
) -> tuple[list[RawBlock], list[Unit], list[tuple[int, int]], list[Group]]:
    """Match the units, chain the runs, find the copies and align them: the blocks and units
    (split where a copy starts inside a block), the copies and the aligned groups.

    Raises `OverBudget` unless `exact` (no fuzzy comparison anywhere, no budget).
    """
    matches = matcher(units, config)
    matches, runs = find_runs(units, matches, config, exact=exact)
    heads = frozenset(u.pos for u in units if blocks[u.block].kind is Kind.HEADING)
    copies = find_copies(runs, len(units), copy_breaks(blocks, units), config.max_run_gap, matches, heads)
    split_blocks, split_units = _split_at_copy_starts(blocks, units, copies, text)
    groups = align_copies(copies, split_units, matches, config, exact=exact)
    return split_blocks, split_units, copies, groups


def _split_at_copy_starts(
    blocks: Sequence[RawBlock], units: Sequence[Unit], copies: Sequence[tuple[int, int]], text: str
) -> tuple[list[RawBlock], list[Unit]]:
    """Split a block where a copy starts inside it (`...integrity.This paper examines...`)."""
    cuts: dict[int, list[int]] = {}
    for start, _ in copies[1:]:
        if 0 < start < len(units) and units[start - 1].block == units[start].block:
            cuts.setdefault(units[start].block, []).append(units[start].text_start)
    if not cuts:
        return list(blocks), list(units)
    new_blocks: list[RawBlock] = []
    pieces_of: dict[int, list[tuple[int, int, int]]] = {}  # old block -> (text from, text to, new index)
    for bi, block in enumerate(blocks):
        if bi not in cuts:
            pieces_of[bi] = [(0, len(block.text), len(new_blocks))]
            new_blocks.append(block)
            continue
        edges = [0, *sorted(cuts[bi]), len(block.text)]
        pieces_of[bi] = []
        for n, (a, b) in enumerate(zip(edges, edges[1:])):
            raw = block.text[a:b]
            a += len(raw) - len(raw.lstrip())
            b = a + len(raw.strip())
            if b <= a:
                continue
            start, end = block.source_offset(a), block.source_offset(b)
            anchors = tuple((ti - a, so) for ti, so in block.anchors if a < ti < b)
            if block.anchors:
                anchors = ((0, start), *anchors)
            kind = block.kind if n == 0 else (Kind.PARAGRAPH if block.kind is Kind.LIST_ITEM else block.kind)
            line = block.line + text.count("\n", block.start, start)
            pieces_of[bi].append((a, b, len(new_blocks)))
            new_blocks.append(block._replace(kind=kind, text=block.text[a:b], start=start, end=end, line=line,
                                      anchors=anchors))
    new_units = []
    for u in units:
        a, _, new = next(p for p in reversed(pieces_of[u.block]) if p[0] <= u.text_start)
        new_units.append(u._replace(block=new, text_start=u.text_start - a, text_end=u.text_end - a))
    return new_blocks, new_units


def _attach_teasers(blocks: Sequence[RawBlock], elements: Sequence[Element]) -> dict[int, int]:
    if not any(block.kind is Kind.TEASER for block in blocks):
        return {}
    element_of = {m: n for n, el in enumerate(elements) for m in el.members}
    out = {}
    for bi, block in enumerate(blocks):
        if block.kind is Kind.TEASER:
            nxt = bi + 1
            while nxt < len(blocks) and nxt not in element_of:
                nxt += 1
            if nxt < len(blocks):
                out[bi] = element_of[nxt]
    return out


def _normalize(decoded: Decoded, data: bytes, *, path: str | None, config: Config, fmt: str = "text",
               site_chrome: Container[str] | None = None) -> Document:
    text = decoded.text
    with _collector_paused():
        analysis = analyze(text, config, fmt, site_chrome=site_chrome)
        doc = _Assembler(text, analysis, config).document(
            Source(path=None if path is None else shown(path), sha256=hashlib.sha256(data).hexdigest(),
                   format=analysis.ingested.format, encoding=decoded.encoding, size=len(data),
                   notes=list(decoded.notes), replaced=decoded.replaced)
        )
        coverage, counts = account(text, doc, analysis.ingested.markup)
        empty = not any(counts.values())
        report = doc.report.model_copy(update={"coverage": coverage, "accounting": counts, "empty": empty})
        return doc.model_copy(update={"report": report})


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while one post is normalized.

    The stages allocate hundreds of thousands of small tuples, lists and models that all
    stay alive until the document is built, and each allocation burst makes the collector
    scan them again: a quarter of the time on a post of 16,000 blocks. Nothing here forms
    reference cycles, so reference counting frees everything; the collector is switched
    back on afterwards (if it was on), also on an error.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            # Hand what this post allocated straight to the oldest generation: otherwise
            # the first young collection after `enable` scans all of it at once (a tenth
            # of the time on a long post). Only when nobody else has frozen objects, as
            # `unfreeze` would release theirs too.
            gc.freeze()
            gc.unfreeze()
        gc.enable()


_SPANS = TypeAdapter(list[Span])
_MERGES = TypeAdapter(list[Merge])
#: The kinds whose consecutive elements can make one output block (a list, a table, a quote).
_RUN_KINDS = frozenset((Kind.LIST_ITEM, Kind.TABLE_ROW, Kind.QUOTE))


class _Assembler:
    """Builds the output models from an analysis, numbering ids in document order."""

    def __init__(self, text: str, analysis: _Analysis, config: Config) -> None:
        self.text = text
        self.a = analysis
        self.config = config
        self.blocks = analysis.blocks
        # The source block of each element's canonical text (`Element.block`), looked up once:
        # every step of the assembly asks for it.
        self.heads = [el.block(analysis.blocks) for el in analysis.elements]
        # The merges as rows of `Merge` fields: `document` makes the models in one call, like
        # `spans` below (a long post records thousands of merges).
        self.merges: list[dict[str, object]] = []
        self.unresolved: dict[str, list[Span]] = {}
        self.n_blocks = 0
        self.n_sections = 0
        self.blocks_out = 0
        self.teasers_of: dict[int, list[int]] = {}
        # Every block's span, made in one call: pydantic reads each block's `start`, `end` and
        # `line` and builds the list of models in Rust, faster than one constructor call per
        # block from Python (and than handing it a dict per block). A block's span appears in
        # several places; the models are frozen, so they share it.
        self.spans: list[Span] = _SPANS.validate_python(analysis.blocks, from_attributes=True)
        for t, el in analysis.teasers.items():
            self.teasers_of.setdefault(el, []).append(t)

    def _fallback(self) -> Fallback | None:
        over = self.a.fallback
        return None if over is None else Fallback(budget=over.budget, stage=over.stage, limit=over.limit)

    def _span_at(self, start: int, end: int) -> Span:
        return Span(start=start, end=end, line=self.a.ingested.line_of(start))

    def document(self, source: Source) -> Document:
        citations = self._citations()
        sections = self._sections(citations)
        ing = self.a.ingested
        title = normalize_whitespace(ing.title.text) if ing.title else None
        title_provenance = [self._span_at(ing.title.start, ing.title.end)] if ing.title else []
        for rep in self.a.title_repeats:
            spans = [self.spans[m] for m in rep.members]
            self.merges.append({"into": "title", "kind": rep.kind.value, "reason": rep.reason,
                                "score": similarity(rep.text, title or ""), "provenance": spans})
            title_provenance += spans
        content = " ".join(el.text for el in self.a.elements)
        report = Report(
            copies_detected=len(self.a.copies) or 1,
            copies=[self._copy_info(n, c) for n, c in enumerate(self.a.copies)],
            blocks_in=sum(1 for b in self.blocks if b.reference_list < 0 and b.kind is not Kind.REFERENCE),
            blocks_out=self.blocks_out,
            merges=_MERGES.validate_python(self.merges),
            unresolved_citations=[UnresolvedCitation(text=k, provenance=v) for k, v in self.unresolved.items()],
            reference_lists=self._reference_lists(),
            config=self.config.as_dict(),
            fallback=self._fallback(),
        )
        return Document(
            source=source,
            title=title,
            title_provenance=title_provenance,
            tags=list(dict.fromkeys(ing.tags)),
            language=guess_language((title or "") + content, self.config),
            metadata=self._metadata(),
            sections=sections,
            citations=citations.citations,
            boilerplate=[
                Boilerplate(text=c.text, kind=c.kind, provenance=[Span(start=c.start, end=c.end, line=c.line)])
                for c in ing.chrome
            ],
            report=report,
        )

    def _metadata(self) -> Metadata:
        fields = {
            c.field: MetadataValue(value=c.value, raw=c.raw, provenance=MetadataProvenance(
                source=c.source, spans=[self._span_at(a, b) for a, b in c.spans]))
            for c in self.a.ingested.metadata
        }
        return Metadata.model_validate(fields)

    def _reference_lists(self) -> list[ReferenceList]:
        lists: dict[int, ReferenceList] = {}
        for bi, b in enumerate(self.blocks):
            if b.reference_list < 0:
                continue
            known = lists.get(b.reference_list)
            if b.kind is Kind.HEADING:
                lists[b.reference_list] = ReferenceList(index=b.reference_list, heading=b.text,
                                                        entries=known.entries if known else 0,
                                                        provenance=[self.spans[bi]])
            elif known is None:
                lists[b.reference_list] = ReferenceList(index=b.reference_list, heading=None, entries=1, provenance=[])
            else:
                lists[b.reference_list] = known.model_copy(update={"entries": known.entries + 1})
        return [lists[k] for k in sorted(lists)]

    def _copy_info(self, n: int, copy: tuple[int, int]) -> CopyInfo:
        """Where copy n lies: from its first unit to just before the next copy (its reference list included)."""
        units = self.a.units
        first = self.blocks[units[copy[0]].block]
        starts, ends = self._reach
        if copy[1] < len(units):
            nxt = units[copy[1]].start
            end = min(ends[bisect.bisect_left(starts, nxt) - 1], nxt)
        else:
            end = ends[-1]
        start = max(first.start, units[copy[0]].start)
        return CopyInfo(index=n + 1, start=start, end=end, line_start=self.a.ingested.line_of(start),
                        line_end=self.a.ingested.line_of(max(end - 1, start)))

    @functools.cached_property
    def _reach(self) -> tuple[list[int], list[int]]:
        """The blocks' starts, sorted, and the furthest end of the blocks up to each: where
        the text before an offset reaches, by bisection (a post pasted thousands of times
        has thousands of copies to place)."""
        order = sorted(self.blocks, key=lambda b: b.start)
        return [b.start for b in order], list(itertools.accumulate((b.end for b in order), max))

    def _citations(self) -> CitationResult:
        entries = [
            RawEntry(b.text, b.start, b.end, b.line, b.reference_list) for b in self.blocks if b.kind is Kind.REFERENCE
        ]
        body = [c for el in self.a.elements for c in (el.cells or (el.text,))]
        return build_citations(entries, body, self.text)

    def _cite(self, texts: Sequence[str], where: list[Span], citations: CitationResult) -> list[str]:
        resolve = citations.resolver.resolve
        offset = where[0].start if where else None
        ids: dict[str, None] = {}  # an ordered set
        for t in texts:
            found, unresolved = resolve(t, offset=offset)
            if not found and not unresolved:
                continue
            ids.update(dict.fromkeys(found))
            for label in unresolved:
                spans = self.unresolved.setdefault(label, [])
                for span in where:
                    at = self.text.find(label, span.start, span.end)
                    hit = self._span_at(at, at + len(label)) if at >= 0 else span
                    if hit not in spans:
                        spans.append(hit)
        return list(ids)

    # -- sections -----------------------------------------------------------------
    def _sections(self, citations: CitationResult) -> list[Section]:
        root: list[_SectionNode] = []
        stack: list[_SectionNode] = []
        elements = self.a.elements
        heads = self.heads
        i = 0
        while i < len(elements):
            el = elements[i]
            head = heads[i]
            if head.kind is Kind.HEADING:
                i += 1
                if head.reference_list >= 0:
                    continue  # the heading of a reference list: its entries are the citations
                self.n_sections += 1
                self.blocks_out += 1
                sid = f"s{self.n_sections}"
                provenance, variants = self._element(i - 1, sid, teaser_variants=False)
                node = _SectionNode(sid, el.text, head.level or 2, provenance, variants)
                while stack and (stack[-1].level >= node.level or stack[-1].heading is None):
                    stack.pop()
                (stack[-1].sections if stack else root).append(node)
                stack.append(node)
                continue
            if not stack:
                self.n_sections += 1
                lead = _SectionNode(f"s{self.n_sections}", None, 1, [], [])
                root.append(lead)
                stack.append(lead)
            j = self._run_end(i)
            stack[-1].blocks.append(self._block(i, j, citations))
            i = j
        return [node.build() for node in root]

    def _run_end(self, i: int) -> int:
        """End of the run of elements starting at i that form one output block."""
        heads = self.heads
        head = heads[i]
        if head.kind not in _RUN_KINDS:
            return i + 1
        elements = self.a.elements
        groups = self._groups(elements[i])
        j = i + 1
        while j < len(elements):
            nxt = heads[j]
            if nxt.kind is not head.kind or (nxt.kind is Kind.LIST_ITEM and nxt.ordered != head.ordered):
                break
            if nxt.kind is Kind.TABLE_ROW and nxt.header:
                break
            g = self._groups(elements[j])
            nested = nxt.kind is Kind.LIST_ITEM and nxt.level > 1  # a sub-list stays inside its list
            if not g & groups and not nested:
                break
            groups |= g
            j += 1
        return j

    def _groups(self, el: Element) -> set[int]:
        blocks = self.blocks
        return {blocks[m].group for m in el.members}

    def _element(self, k: int, into: str, *, teaser_variants: bool = True) -> tuple[list[Span], list[Variant]]:
        """Element k's provenance and variants, its teasers' included, after recording its merges into `into`.

        A heading lists no teaser among its variants (`teaser_variants=False`).
        """
        el = self.a.elements[k]
        spans = self.spans
        members = [spans[m] for m in el.members]
        if len(members) > 1:
            self.merges.append({"into": into, "kind": el.kind.value, "reason": "copy", "score": el.score,
                                "provenance": members})
        variants = [Variant(text=v.text, score=v.score, provenance=[spans[v.block]]) for v in el.variants]
        for rep in el.repeats:
            where = [spans[m] for m in rep.members]
            score = similarity(rep.text, el.text)
            self.merges.append({"into": into, "kind": rep.kind.value, "reason": rep.reason, "score": score,
                                "provenance": where})
            members = members + where
            # `rep.text` is an element's canonical text: already normalized.
            if rep.reason != "pullquote" and rep.text != el.text and all(v.text != rep.text for v in variants):
                variants.append(Variant(text=rep.text, score=score, provenance=where))
        teasers = self.teasers_of.get(k)
        if not teasers:
            return members, variants
        for t in teasers:
            teaser = self.blocks[t]
            score = similarity(teaser.text, el.text)
            self.merges.append({"into": into, "kind": Kind.TEASER.value, "reason": "teaser", "score": score,
                                "provenance": [spans[t]]})
            if teaser_variants:
                variants.append(Variant(text=normalize_whitespace(teaser.text), score=score, provenance=[spans[t]]))
        return members + [spans[t] for t in teasers], variants

    def _block(self, i: int, j: int, citations: CitationResult) -> Block:
        """The output block of elements i to j (`_run_end`): its numbering, merges and citations."""
        elements = self.a.elements
        el = elements[i]
        head = self.heads[i]
        self.n_blocks += 1
        bid = f"b{self.n_blocks}"
        self.blocks_out += j - i
        if head.kind is Kind.PARAGRAPH:
            prov, variants = self._element(i, bid)
            return Paragraph(id=bid, text=el.text, citations=self._cite((el.text,), prov, citations),
                             provenance=prov, variants=variants)
        if head.kind is Kind.CAPTION:
            prov, variants = self._element(i, bid)
            return Caption(id=bid, text=el.text, citations=self._cite((el.text,), prov, citations),
                           provenance=prov, variants=variants)
        if head.kind is Kind.CODE:
            prov, variants = self._element(i, bid)
            return CodeBlock(id=bid, text=el.text, lang=head.cells[0] if head.cells else None,
                             provenance=prov, variants=variants)
        if head.kind is Kind.QUOTE or head.kind is Kind.TABLE_ROW:
            run = elements[i:j]
            parts = [self._element(k, bid) for k in range(i, j)]
            variants = [v for _, vs in parts for v in vs]
            if head.kind is Kind.QUOTE:
                prov = [s for ps, _ in parts for s in ps]
                text = "\n".join(e.text for e in run)
                return Quote(id=bid, text=text, citations=self._cite((text,), prov, citations), provenance=prov,
                             variants=variants)
            header = list(el.cells) if head.header else []
            rows = [list(e.cells) for e in (run[1:] if header else run)]
            prov = self._group_spans(range(i, j))
            cells = [c for e in run for c in e.cells]
            return Table(id=bid, header=header, rows=rows, citations=self._cite(cells, prov, citations),
                         provenance=prov, variants=variants)
        items = []
        cited: dict[str, None] = {}  # the items' citations, an ordered set
        for n, k in enumerate(range(i, j), start=1):
            e = elements[k]
            iid = f"{bid}.{n}"
            prov, variants = self._element(k, iid)
            ids = self._cite((e.text,), prov, citations)
            if ids:
                cited.update(dict.fromkeys(ids))
            items.append(ListItem(id=iid, text=e.text, level=max(1, self.heads[k].level), citations=ids,
                                  provenance=prov, variants=variants))
        return ListBlock(id=bid, ordered=head.ordered, items=items, citations=list(cited),
                         provenance=self._group_spans(range(i, j)))

    def _group_spans(self, ks: range) -> list[Span]:
        """One span per source list or table: from its first to its last member element."""
        blocks, elements = self.blocks, self.a.elements
        # group -> its span's fields, widened member by member: the start (and line) of the member
        # that starts first, the end of the one that ends last. One call makes the models.
        by_group: dict[int, dict[str, int]] = {}
        for k in ks:
            for m in elements[k].members:
                b = blocks[m]
                span = by_group.get(b.group)
                if span is None:
                    by_group[b.group] = {"start": b.start, "end": b.end, "line": b.line}
                    continue
                if b.start < span["start"]:
                    span["start"], span["line"] = b.start, b.line
                if b.end > span["end"]:
                    span["end"] = b.end
        return _SPANS.validate_python(list(by_group.values()))


@dataclass
class _SectionNode:
    """A section while it is being filled; `build` freezes it into the model."""

    id: str
    heading: str | None
    level: int
    provenance: list[Span]
    variants: list[Variant]
    blocks: list[Block] = field(default_factory=list)
    sections: list[_SectionNode] = field(default_factory=list)

    def build(self) -> Section:
        return Section(id=self.id, heading=self.heading, level=self.level, blocks=self.blocks,
                       sections=[s.build() for s in self.sections], provenance=self.provenance,
                       variants=self.variants)


__all__ = ["SITE_CHROME_KINDS", "analyze", "normalize_bytes", "normalize_file", "normalize_text",
           "set_aside_site_chrome"]
