"""The steps from the input to the blocks: decode, ingest, content, metadata, references, units."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import replace

from ..errors import InputError
from ..ingest import ingest
from ..ingest.blocks import ChromeLine, Ingested, Kind, RawBlock
from ..ingest.decode import Decoded, decode_source, replace_surrogates
from ..ingest.detect import check_format, detect_format, format_from_path, sniff_format
from ..ingest.formats import honours_meta_charset
from ..ingest.references import mark_reference_lists
from ..match import make_units
from ..paths import shown
from ..text import comparison_key, normalize_whitespace
from .base import Step
from .state import State, need


class Decode(Step):
    name = "decode"
    description = "bytes to text (encoding detected or as asked; BOM dropped, lone surrogates replaced) and the format"

    def run(self, state: State) -> State:
        if state.given_text is not None:
            return _decode_text(state, state.given_text)
        return _decode_bytes(state)

    def count_in(self, state: State) -> int:
        return len(state.data) if state.given_text is None else len(state.given_text)

    def count_out(self, state: State) -> int:
        return len(state.text)


def _decode_text(state: State, given: str) -> State:
    """A text handed in decoded: its UTF-8 bytes (for the checksum), the text less a leading BOM."""
    data = given.encode("utf-8", errors="surrogatepass")
    text, replaced = replace_surrogates(given.removeprefix("\ufeff"))
    notes = (f"{replaced} lone surrogate{'s' if replaced != 1 else ''} replaced with U+FFFD",) if replaced else ()
    fmt = check_format(detect_format(state.path, text, state.fmt))
    return replace(state, data=data, fmt=fmt, decoded=Decoded(text, "utf-8", notes, replaced))


def _decode_bytes(state: State) -> State:
    """Raw bytes: refused over the size limit, decoded (an HTML page's `<meta charset>` honoured)."""
    data, path, limit = state.data, state.path, state.config.max_input_bytes
    if len(data) > limit:
        where = f"{shown(path)}: " if path else ""
        raise InputError(f"{where}{len(data)} bytes is over the {limit}-byte limit (raise it with --max-bytes)")
    known = check_format(state.fmt) if state.fmt else format_from_path(path)
    try:
        decoded = decode_source(data, encoding=state.encoding, html=honours_meta_charset(known))
    except InputError as exc:
        raise type(exc)(f"{shown(path)}: {exc}" if path else str(exc)) from None
    return replace(state, fmt=known or sniff_format(decoded.text), decoded=decoded)


class Ingest(Step):
    name = "ingest"
    description = "text to typed blocks by the format's ingester (text, Markdown, HTML), with chrome, title and tags"

    def run(self, state: State) -> State:
        ingested = ingest(state.text, need(state.fmt, "decode"), state.config)
        return replace(state, ingested=ingested, blocks=ingested.blocks)

    def count_out(self, state: State) -> int:
        return len(state.blocks)


class Content(Step):
    """HTML's content choice (which container is the post, what is chrome inside it) is made
    inside the HTML ingester, so this step sets aside what a corpus learned is its site's
    chrome and counts what is left."""

    name = "content"
    description = ("the post apart from its chrome: HTML's content choice (made by its ingester) and a corpus's "
                   "site chrome set aside")
    skippable = True

    def run(self, state: State) -> State:
        if state.site_chrome is None:
            return state
        ingested = set_aside_site_chrome(need(state.ingested, "ingest"), state.site_chrome)
        return replace(state, ingested=ingested, blocks=ingested.blocks)

    def count_in(self, state: State) -> int:
        return len(state.blocks)

    def count_out(self, state: State) -> int:
        return len(state.blocks)


class Metadata(Step):
    """The ingesters gather the candidates (HTML's meta tags, JSON-LD, bylines; a Markdown
    front matter) and choose one per field as they read; this step takes what they chose
    into the record the document is made from."""

    name = "metadata"
    description = "the post's metadata (author, dates, ...: HTML's meta tags, JSON-LD, bylines), one value per field"
    skippable = True

    def run(self, state: State) -> State:
        return replace(state, metadata=need(state.ingested, "ingest").metadata)

    def count_out(self, state: State) -> int:
        return len(state.metadata)


class References(Step):
    name = "references"
    description = "reference-list entries under a references heading marked as references, not body text"
    skippable = True

    def run(self, state: State) -> State:
        return replace(state, blocks=tuple(mark_reference_lists(state.blocks, state.config)))

    def count_in(self, state: State) -> int:
        return len(state.blocks)

    def count_out(self, state: State) -> int:
        return sum(1 for b in state.blocks if b.kind is Kind.REFERENCE)


class Units(Step):
    name = "units"
    description = "the blocks split into sentence units with comparison keys (what matching compares)"

    def run(self, state: State) -> State:
        return replace(state, units=tuple(make_units(state.blocks)))

    def count_in(self, state: State) -> int:
        return len(state.blocks)

    def count_out(self, state: State) -> int:
        return len(state.units)


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


__all__ = ["SITE_CHROME_KINDS", "Content", "Decode", "Ingest", "Metadata", "References", "Units",
           "set_aside_site_chrome"]
